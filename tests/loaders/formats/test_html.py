"""Saved web pages: the document alone, its tables as tables, its lines where the file has them."""
from pathlib import Path

import pytest

from policykg.loaders import load_path

ROOT = Path(__file__).resolve().parents[3]
SEEDS = sorted((ROOT / "examples" / "documents").glob("*.txt"))

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>某县政府网站首页</title>
<script>var x = "<p>1.脚本里的文字（牵头单位：县财政局）</p>";</script>
<style>.t { color: red }</style></head>
<body>
<div class="top-nav"><a href="/">首页</a> <a href="/zw">政务公开</a></div>
<div class="position">当前位置：首页 &gt; 政府文件</div>
<div class="wrap"><div class="article">
<table class="xxgk">
<tr><td>索引号：</td><td>000000000/2024-00001</td><td>发文机关：</td><td>东平县人民政府办公室</td></tr>
<tr><td>发文字号：</td><td>东政办发〔2024〕3号</td><td>成文日期：</td><td>2024-03-01</td></tr>
<tr><td>标题：</td><td colspan="3">东平县人民政府办公室关于印发东平县养老服务提升行动任务分工的通知</td></tr>
</table>
<h1 class="title">东平县人民政府办公室关于印发东平县养老服务提升行动任务分工的通知</h1>
<div class="share">分享到：微信 微博</div>
<div class="TRS_Editor">
<p>各乡镇人民政府、街道办事处，县政府各部门：</p>
<p>现将任务分工印发给你们，请认真贯彻落实。</p>
<p>东平县人民政府办公室</p>
<p>2024年3月1日</p>
<table border="1">
<tr><td>序&nbsp;&nbsp;号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>
<tr><td>1</td><td><p>建设县级养老服务指导中心，</p><p>统筹全县养老服务资源。</p></td>
<td rowspan="2">县民政局</td><td>县财政局</td><td rowspan="2">2024年12月底前</td></tr>
<tr><td>2</td><td>推进特困供养机构改造提升。</td><td>县住建局</td></tr>
<tr><td>3</td><td>开展养老护理员培训。</td><td>县人社局</td><td><p>县民政局</p><p>县卫生健康局</p></td><td>每年6月底前</td></tr>
</table>
</div></div></div>
<div class="footer"><p>主办单位：东平县人民政府办公室 承办单位：东平县大数据中心</p>
<p>网站标识码：3709230001 备案号：鲁ICP备00000000号</p><p>联系我们 | 版权所有 © 东平县人民政府</p></div>
</body></html>
"""


def owners(task):
    return [(a.raw, a.role) for a in task.agencies]


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "notice.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_saved_page_is_the_document_alone(page):
    doc = load_path(page)
    p = doc.policy
    assert (p.number, p.issued, p.jurisdiction) == ("东政办发〔2024〕3号", "2024-03-01", "东平县")
    assert p.title == "东平县人民政府办公室关于印发东平县养老服务提升行动任务分工的通知"  # not <title>
    assert [t.number for t in doc.tasks] == ["1", "2", "3"]  # nothing from the script
    tasks = {t.number: t for t in doc.tasks}
    assert tasks["1"].text == "建设县级养老服务指导中心，统筹全县养老服务资源。"  # two paragraphs, one cell
    assert owners(tasks["1"]) == [("县民政局", "lead"), ("县财政局", "assist")]
    # rowspan: the lead and the deadline cover row 2 as well
    assert owners(tasks["2"]) == [("县民政局", "lead"), ("县住建局", "assist")]
    assert tasks["2"].deadline.end == "2024-12-31"
    assert owners(tasks["3"]) == [("县人社局", "lead"), ("县民政局", "assist"), ("县卫生健康局", "assist")]
    names = {a.name for t in doc.tasks for a in t.agencies}
    assert not any("大数据中心" in n or "ICP" in n for n in names)
    assert not doc.citations  # the page does not cite itself


def test_provenance_points_at_the_saved_file(page):
    lines = page.read_text(encoding="utf-8").splitlines()
    for task in load_path(page).tasks:
        assert task.location == f"line {task.line}"
        assert task.text[:6] in lines[task.line - 1], (task.number, lines[task.line - 1])


def test_a_minified_page_keeps_the_file_line_in_location(tmp_path):
    path = tmp_path / "min.htm"
    path.write_text(PAGE.replace("\n", ""), encoding="utf-8")
    doc = load_path(path)
    assert [t.number for t in doc.tasks] == ["1", "2", "3"]
    assert {t.location for t in doc.tasks} == {"line 1"}


def test_a_page_laid_out_by_a_table_is_read_as_blocks(tmp_path):
    """Older sites put a menu and the article side by side in the cells of one table."""
    article = "东政办发〔2024〕3号<br>" + "".join(
        f"<p>{n}.推进第{n}项养老服务重点工作，完善相关制度，加强督促检查。（牵头单位：县民政局）</p>"
        for n in (1, 2, 3))
    menu = "".join(f"<p><a href='/{n}'>栏目{n}</a></p>" for n in range(12))
    path = tmp_path / "old.html"
    path.write_text(f"<html><body><table><tr><td class='left'>{menu}</td>\n<td>{article}</td></tr></table>"
                    "</body></html>", encoding="utf-8")
    doc = load_path(path)
    assert [t.number for t in doc.tasks] == ["1", "2", "3"] and doc.policy.number == "东政办发〔2024〕3号"


def test_page_in_gbk_named_by_meta_charset(tmp_path):
    path = tmp_path / "gbk.html"
    path.write_bytes(PAGE.replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030"))
    assert [t.number for t in load_path(path).tasks] == ["1", "2", "3"]


FURNITURE_TOP = ["首页 | 政务公开 | 政务服务 | 互动交流", "请输入关键字 搜索", "当前位置：首页 > 政府文件"]
FURNITURE_BOTTOM = ["【打印本页】【关闭窗口】", "主办单位：某市人民政府办公室 备案号：X ICP备00000000号",
                    "主办单位：某市人民政府办公室", "承办单位：某市大数据中心", "网站标识码：1234000001",
                    "公网安备 00000000000000号", "联系我们 | 网站地图", "版权所有 © 某市人民政府",
                    "技术支持：某信息技术有限公司"]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_furniture_around_a_flattened_seed_is_no_task_agency_or_metadata(seed, tmp_path):
    """Issue 12 part 6: a seed saved as text with its page's shell gives the seed's answers."""
    wrapped = tmp_path / seed.name
    text = seed.read_text(encoding="utf-8")
    wrapped.write_text("\n".join(FURNITURE_TOP) + "\n" + text.rstrip("\n") + "\n" + "\n".join(FURNITURE_BOTTOM) + "\n",
                       encoding="utf-8")
    plain, shelled = load_path(seed), load_path(wrapped)

    def facts(doc):
        return ([(t.path, t.number, t.text, [(a.name, a.role) for a in t.agencies]) for t in doc.tasks],
                {k: v for k, v in doc.policy.to_json().items() if k not in ("id", "source")},
                [(c.number, c.title) for c in doc.citations])

    assert facts(shelled) == facts(plain)


def test_a_site_label_on_its_own_still_names_an_owner(tmp_path):
    path = tmp_path / "label.txt"
    path.write_text("东平县养老服务活动方案\n一、重点任务\n1.举办全县敬老月主题活动。\n主办单位：县民政局\n"
                    "完成时限：2024年10月底前\n", encoding="utf-8")
    assert [a.raw for a in load_path(path).tasks[0].agencies] == ["县民政局"]
