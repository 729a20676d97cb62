"""`policykg load DIR` on a folder as a crawl leaves it: pages, Word and PDF files, attachments, other files."""
import json
import shutil
from pathlib import Path

import docx
from click.testing import CliRunner

from policykg.cli import main
from policykg.loaders import load_path

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "examples" / "documents").glob("001_*.txt"))

NOTICE = """<html><head><meta charset="utf-8"><title>通知_东平县人民政府</title></head><body>
<div class="nav">首页 政务公开</div>
<div class="content">
<p>东平县人民政府办公室关于印发东平县养老服务提升行动任务分工表的通知</p>
<p>东政办发〔2024〕3号</p>
<p>各乡镇人民政府，县政府各部门：</p>
<p>现将《东平县养老服务提升行动任务分工表》印发给你们，请认真贯彻落实。</p>
<p>一、加强组织领导。各乡镇要建立工作机制。（牵头单位：县民政局）</p>
<p>附件：<a href="fengong.docx">东平县养老服务提升行动任务分工表</a></p>
<p>东平县人民政府办公室</p><p>2024年3月1日</p>
</div><div class="footer">主办单位：东平县人民政府办公室 备案号：鲁ICP备00000000号</div></body></html>
"""


def attachment(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("东平县养老服务提升行动任务分工表")
    table = document.add_table(rows=3, cols=4)
    for r, row in enumerate([["序号", "重点任务", "牵头单位", "完成时限"],
                             ["1", "建设县级养老服务指导中心。", "县民政局", "2024年底前"],
                             ["2", "开展养老护理员培训。", "县人社局", "每年6月底前"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(path)
    return path


def test_load_a_crawled_folder(tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "notice.html").write_text(NOTICE, encoding="utf-8")
    attachment(folder / "fengong.docx")
    shutil.copy(SEED, folder / "baotou.txt")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "style.css").write_text("body { color: red }", encoding="utf-8")
    (folder / "failed.docx").write_text("<!DOCTYPE html><html><body>文件不存在</body></html>", encoding="utf-8")
    (folder / "empty.pdf").write_bytes(b"")
    runner = CliRunner()
    home = ["--data-dir", str(tmp_path / "home")]
    result = runner.invoke(main, home + ["load", str(folder)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith(("error:", "skipped:"))]
    assert sorted(errors) == sorted([
        f"error: {folder / 'empty.pdf'}: empty file",
        f"error: {folder / 'failed.docx'}: is an HTML page, not a Word file (a failed download?); "
        "rename it to .html to load it as a page",
        f"skipped: {folder / 'logo.png'}: not a document format policykg reads (.png)",
        f"skipped: {folder / 'style.css'}: not a document format policykg reads (.css)"])
    assert "loaded 3 document(s)" in result.stderr
    stats = json.loads(runner.invoke(main, home + ["stats", "--format", "json"]).stdout)
    assert stats["nodes"]["Policy"] == 3


def test_an_attachment_saved_next_to_its_notice_is_its_own_document(tmp_path):
    """The attachment loads as a policy of its own, titled as the notice's 附件 line names it (the
    key a link to the notice needs; the notice does not count 印发《X》 as a citation)."""
    (tmp_path / "notice.html").write_text(NOTICE, encoding="utf-8")
    notice, table = load_path(tmp_path / "notice.html"), load_path(attachment(tmp_path / "fengong.docx"))
    assert table.policy.title == "东平县养老服务提升行动任务分工表"
    assert [(t.number, [a.raw for a in t.agencies]) for t in table.tasks] == [("1", ["县民政局"]), ("2", ["县人社局"])]
    assert f"附件：{table.policy.title}" in (tmp_path / "notice.html").read_text(encoding="utf-8").replace(
        '<a href="fengong.docx">', "").replace("</a>", "")
    assert notice.policy.number == "东政办发〔2024〕3号" and len(notice.tasks) == 1
    assert notice.policy.id != table.policy.id
