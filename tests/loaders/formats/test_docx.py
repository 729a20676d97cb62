"""Word files: paragraphs in order, Word's own numbering, merged cells, headers and footers left out."""
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from policykg.loaders import LoadError, load_path

# one list: level 0 "一、", level 1 "（一）", level 2 "1."
NUMBERING = f"""<w:numbering {nsdecls('w')}>
<w:abstractNum w:abstractNumId="7">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:num w:numId="9"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"""


def numbered(document, text, level):
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="9"/></w:numPr>'))
    return paragraph


@pytest.fixture
def word_file(tmp_path):
    document = docx.Document()
    numbering = document.part.numbering_part
    numbering._element = parse_xml(NUMBERING)
    document.sections[0].header.paragraphs[0].text = "1.页眉里的文字（牵头单位：县财政局）"
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    document.add_paragraph("东平县养老服务提升行动方案")
    numbered(document, "重点任务", 0)
    numbered(document, "提升服务能力", 1)
    numbered(document, "建设县级养老服务指导中心。（牵头单位：县民政局；配合单位：县财政局）", 2)
    numbered(document, "推进特困供养机构改造提升。（牵头单位：县住建局）", 2)
    numbered(document, "强化要素保障", 1)
    numbered(document, "落实养老服务设施用地。（牵头单位：县自然资源局）", 2)
    document.add_paragraph("附件")
    document.add_paragraph("任务分工表")
    table = document.add_table(rows=4, cols=4)
    for c, text in enumerate(["序号", "重点任务", "牵头单位", "完成时限"]):
        table.cell(0, c).text = text
    for r, (task, lead) in enumerate([("开展养老护理员培训。", "县人社局"), ("建设智慧养老平台。", None),
                                      ("推广长者食堂。", "县民政局")], start=1):
        table.cell(r, 0).text = str(r)
        table.cell(r, 1).text = task
        table.cell(r, 3).text = "2024年底前"
        if lead:
            table.cell(r, 2).text = lead
    table.cell(1, 2).merge(table.cell(2, 2))  # a vertical merge: 县人社局 leads rows 1 and 2
    table.cell(3, 1).add_paragraph("每年新增10个。")  # two paragraphs in one cell
    path = tmp_path / "plan.docx"
    document.save(path)
    return path


def test_word_numbering_paragraphs_and_merged_cells(word_file):
    doc = load_path(word_file)
    tasks = [(t.path, t.number, [(a.raw, a.role) for a in t.agencies]) for t in doc.tasks]
    assert tasks == [
        (["一", "一"], "1", [("县民政局", "lead"), ("县财政局", "assist")]),
        (["一", "一"], "2", [("县住建局", "lead")]),
        (["一", "二"], "1", [("县自然资源局", "lead")]),  # 1. restarts under （二）
        (["附件"], "1", [("县人社局", "lead")]),
        (["附件"], "2", [("县人社局", "lead")]),  # the merged cell covers row 2
        (["附件"], "3", [("县民政局", "lead")]),
    ]
    assert doc.tasks[-1].text == "推广长者食堂。每年新增10个。"
    assert "县财政局" not in {a.raw for t in doc.tasks[1:] for a in t.agencies}  # not from the header


def test_word_places(word_file):
    places = [t.location for t in load_path(word_file).tasks]
    assert places == ["paragraph 4", "paragraph 5", "paragraph 7", "table 1, row 2", "table 1, row 3", "table 1, row 4"]


def test_damaged_word_files_get_one_line(tmp_path, word_file):
    truncated = tmp_path / "cut.docx"
    truncated.write_bytes(word_file.read_bytes()[:2000])
    html = tmp_path / "page.docx"
    html.write_text("<!DOCTYPE html><html><body><p>文件不存在</p></body></html>", encoding="utf-8")
    other = tmp_path / "other.docx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "hello")
    messages = {}
    for path in (truncated, html, other):
        with pytest.raises(LoadError) as error:
            load_path(path)
        messages[path.name] = str(error.value)
    assert all(m.startswith(str(tmp_path)) and "\n" not in m for m in messages.values())
    assert "damaged Word file" in messages["cut.docx"]
    assert "is an HTML page, not a Word file" in messages["page.docx"]
    assert "not a Word document" in messages["other.docx"]


def test_numbering_from_a_list_style(tmp_path):
    """Word's List Number style numbers its paragraphs (1. 2.) though the text holds no number."""
    document = docx.Document()
    document.add_paragraph("东平县养老服务方案")
    document.add_paragraph("一、重点任务")
    document.add_paragraph("建设县级养老服务指导中心。（牵头单位：县民政局）", style="List Number")
    document.add_paragraph("开展养老护理员培训。（牵头单位：县人社局）", style="List Number")
    document.save(tmp_path / "styled.docx")
    assert [(t.number, t.location) for t in load_path(tmp_path / "styled.docx").tasks] == [
        ("1", "paragraph 3"), ("2", "paragraph 4")]
