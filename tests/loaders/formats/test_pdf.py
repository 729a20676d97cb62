"""PDF: re-flowed text without page numbers or running heads, ruled tables, clear errors."""
import pytest

from policykg.loaders import LoadError, load_path
from policykg.loaders.formats.pdf import read_pdf

LONG = ("1.建设县级养老服务指导中心，统筹全县养老服务资源，推动居家社区机构养老服务融合发展，"
        "每个乡镇建成1处区域养老服务中心，到2025年覆盖率达到100%。（牵头单位：县民政局；配合单位：县财政局）")


@pytest.fixture
def pdf_pages(writers, tmp_path):
    """A plan of several pages: a long item whose text runs over lines, and filler items."""
    items = ["东平县养老服务提升行动方案", "一、重点任务", LONG]
    items += [f"{n}.推进第{n}项养老服务重点工作，完善相关制度，加强督促检查，确保各项措施落地见效。"
              "（牵头单位：县民政局）"
              for n in range(2, 60)]
    return writers.pdf(items, tmp_path / "plan.pdf")


def test_text_reflowed_and_page_furniture_removed(pdf_pages):
    lines = [ln for ln in read_pdf(pdf_pages.read_bytes(), "plan.pdf").lines]
    assert LONG in lines  # one paragraph again, not three lines
    assert not any(ln.startswith("—") or ln == "某市人民政府办公室" for ln in lines)  # page numbers, running head
    doc = load_path(pdf_pages)
    assert len(doc.tasks) == 59 and doc.tasks[0].deadline.end == "2025-12-31"
    assert doc.tasks[0].location == "page 1, line 4"  # lines counted from the top: the running head is line 1
    assert doc.tasks[-1].location.startswith("page ") and not doc.tasks[-1].location.startswith("page 1,")


def test_ruled_table_with_merged_cells(writers, tmp_path):
    up = writers.UP
    grid = writers.Table(["序号", "重点任务", "牵头单位", "完成时限"], [
        [["1"], ["建设县级养老服务指导中心，统筹全县养老服务资源。"], ["县民政局"], ["2024年12月底前"]],
        [["2"], ["推进特困供养机构改造提升。"], up, up],
        [["3"], ["开展养老护理员培训。"], ["县人社局"], ["每年6月底前"]]])
    path = writers.pdf(["东平县养老服务任务分工表", grid], tmp_path / "table.pdf")
    doc = load_path(path)
    assert [(t.number, [a.raw for a in t.agencies], t.deadline.raw) for t in doc.tasks] == [
        ("1", ["县民政局"], "2024年12月底前"), ("2", ["县民政局"], "2024年12月底前"),
        ("3", ["县人社局"], "每年6月底前")]
    assert doc.tasks[1].location == "page 1, table 1, row 3"


def scanned(path):
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.rect(50, 50, 400, 600, fill=1)  # a picture of a page, no text
    page.save()
    return path


def encrypted(path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    page.setFont("STSong-Light", 12)
    page.drawString(72, 720, "1.建设养老服务平台。（牵头单位：县民政局）")
    page.save()
    return path


def test_bad_pdfs_get_one_line_each(tmp_path, pdf_pages):
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(pdf_pages.read_bytes()[:5000])
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    cases = {scanned(tmp_path / "scan.pdf"): "scanned image, no text",
             encrypted(tmp_path / "locked.pdf"): "needs a password", truncated: "damaged PDF", empty: "empty file"}
    for path, words in cases.items():
        with pytest.raises(LoadError) as error:
            load_path(path)
        message = str(error.value)
        assert message.startswith(str(path)) and words in message and "\n" not in message


def test_unindented_item_after_a_nearly_full_line_stays_an_item(tmp_path):
    """Without first-line indents, an item whose last line ends near the right edge is not run
    into the next item."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("flat", fontName="STSong-Light", fontSize=12, leading=18, wordWrap="CJK")
    document = SimpleDocTemplate(str(tmp_path / "flat.pdf"), pagesize=A4)
    width = document.width - 12  # the frame's padding
    first = "1.建设县级养老服务指导中心（牵头单位：县民政局）"
    while pdfmetrics.stringWidth(first + "建。", "STSong-Light", 12) < width - 2:
        first = first.replace("中心", "中心建", 1)
    first = first.replace("）", "）。")  # ends about one character short of the edge
    second = "2.开展养老护理员培训。（牵头单位：县人社局）"
    document.build([Paragraph("东平县养老服务方案", style), Paragraph("一、重点任务", style),
                    Paragraph(first, style), Paragraph(second, style)])
    assert pdfmetrics.stringWidth(first, "STSong-Light", 12) > width - 14
    doc = load_path(tmp_path / "flat.pdf")
    assert [(t.number, [a.raw for a in t.agencies]) for t in doc.tasks] == [("1", ["县民政局"]), ("2", ["县人社局"])]


def drawn(path, pages):
    """A PDF of text drawn where a real file has it: each page a list of (x, y from the top, text,
    size[, character spacing]); STSong-Light. A string drawn with spaces keeps them as characters."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    sheet = canvas.Canvas(str(path), pagesize=A4)
    for page in pages:
        for x, y, text, size, *spacing in page:
            sheet.setFont("STSong-Light", size)
            sheet.drawString(x, A4[1] - y, text, charSpace=spacing[0] if spacing else 0)
        sheet.showPage()
    sheet.save()
    return path


def wrapped(text, x=72, y=0, indent=True, width=432, size=12):
    """``text`` set as a paragraph from ``y`` down: lines up to ``width`` wide, the first indented
    two characters; returns the lines as ``drawn`` takes them and the y below the paragraph."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line, left = [], "", x + 2 * size if indent else x
    for ch in text:
        if line and stringWidth(line + ch, "STSong-Light", size) > width - (left - x):
            lines.append((left, y, line, size))
            line, left, y = "", x, y + 1.6 * size
        line += ch
    lines.append((left, y, line, size))
    return lines, y + 1.6 * size


def test_real_pdf_text_reads_as_written(tmp_path):
    """Issue 19 item 6, on a hand-drawn red-header notice of the shape real files have: letter-spaced
    issuers, one set one character per line, a title over two centred lines, spaces around digits,
    a page footer inside a sentence, a label wrapped after its bracket, article headings, names
    side by side in a signature block, one wrapped in its column."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    notice = "为推进养老服务体系建设，按照省委、省政府工作部署，结合我县实际，现将有关事项通知如下，请遵照执行。" * 2
    label = "1.建设县级养老服务指导中心，统筹资源（牵头单位：县民政局；责任单位：县财政局）"
    for _ in range(30):  # the label wraps before its colon
        if wrapped(label)[0][0][2].endswith("（牵头单位"):
            break
        label = label.replace("统筹", "统筹全", 1)
    assert wrapped(label)[0][0][2].endswith("（牵头单位")
    second = "2.开展养老护理员培训，每年培训不少于 100 人次，提升养老护理员职业技能和服务水平。落实养老护理员补贴政策" \
             "，购买 2 台以上设备。（责任单位：县人社局）"
    page1 = ([(90, 60, "某县民政局", 30, 12), (90, 100, "某县财政局", 30, 12)]
             + [(280, 140 + 32 * k, ch, 28) for k, ch in enumerate("某县卫生健康局")]
             + [(200, 380, "某民字〔2025〕1 号", 16), (138, 430, "关于印发《某县养老服务体系建设", 20),
                (208, 460, "实施方案》的通知", 20), (72, 510, "各乡镇人民政府，县直有关部门：", 12)])
    lines, y = wrapped(notice, y=530)
    page1 += lines
    lines, y = wrapped(label, y=y)
    page1 += lines
    lines, _ = wrapped(second, y=max(y, 770))
    page1 += [ln for ln in lines if ln[1] < 800] + [(280, 810, "— 1 —", 12)]
    page2 = [(x, y - 760, text, size) for x, y, text, size in lines if y >= 800]
    page2 += [(72, 120, "第十一条 县民政局", 12), (96, 140, "负责组织实施本方案。", 12), (280, 810, "— 2 —", 12),
              (100, 200, "某县民政局", 12), (300, 200, "某县发展和改革", 12), (300, 217, "委员会", 12)]  # signatures
    assert page2[0][2] != "第十一条 县民政局", "the second item must run over the page break"
    lines = read_pdf(drawn(tmp_path / "notice.pdf", [page1, page2]).read_bytes(), "notice.pdf").lines
    assert lines[:4] == ["某县民政局", "某县财政局", "某县卫生健康局", "某民字〔2025〕1号"]
    assert lines[4:7] == ["关于印发《某县养老服务体系建设实施方案》的通知", "各乡镇人民政府，县直有关部门：", notice]
    assert lines[7:9] == [label, second.replace(" 100 ", "100").replace(" 2 ", "2")]
    assert lines[9:] == ["第十一条 县民政局", "负责组织实施本方案。", "某县民政局 某县发展和改革委员会"]
