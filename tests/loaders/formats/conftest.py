"""Writers that turn a text document into the files analysts get: a saved web page, a .docx
(tables as real Word tables, merged cells merged) and a PDF (reportlab, font STSong-Light).

A table in the text (a header run of column names, one cell per line, or one row per line)
is cut into its cells where the text reader cuts it, and written as a table; group headings
inside it become full-width rows (the innermost one a merged first cell when the table has a
group column); an owner cell the text writes once for several rows becomes a merged cell.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from policykg.loaders.tables import COLUMNS, _cells, header_at, parse_row_table, parse_table, row_header
from policykg.loaders.text import clean_lines, decode, strip_html

UP = "↑"  # a cell merged with the one above it


@dataclass
class Table:
    header: list[str]
    rows: list[list[list[str] | str]] = field(default_factory=list)  # cells: paragraphs, UP, or a str (full row)


def blocks(text: str) -> list[str | Table]:
    """The document as paragraphs (str) and tables."""
    lines = clean_lines(strip_html(text))
    original = {ln.no: ln.text for ln in lines}
    out: list[str | Table] = []
    i = 0
    while i < len(lines):
        roles = header_at(lines, i)
        if roles:
            table, i = _cell_table(lines, i, roles, original)
            out.append(table)
            continue
        roles = row_header(lines[i])
        if roles:
            table, i = _row_table(lines, i, roles)
            out.append(table)
            continue
        out.append(lines[i].text)
        i += 1
    return out


def _cell_table(lines, i, roles, original) -> tuple[Table, int]:
    header = [lines[i + k].text for k in range(len(roles))]
    rows, end = parse_table(lines, i, roles, [])
    table = Table(header)
    by_start = {row.line: row for row in rows}
    covered = {ln.no for row in rows for part in (row.text, row.deadline_cell, row.plan, row.owners) for ln in part}
    group: str | None = None
    k = i + len(roles)
    while k < end:
        line = lines[k]
        row = by_start.get(line.no)
        if row is not None:
            table.rows.append(_cells_of(row, roles, original, group))
            group = UP if group else None
            k = next((n for n in range(k + 1, end) if lines[n].no > row.end_line), end)
            continue
        if line.no not in covered:
            if "group" in roles and re.match(r"^[（(]", line.text):
                group = line.text
            else:
                table.rows.append(line.text)
                group = None
        k += 1
    return table, end


def _cells_of(row, roles, original, group) -> list:
    owners = [ln.text for ln in row.owners]
    cells = []
    for role in roles:
        if role == "serial":
            cells.append([row.number])
        elif role == "group":
            cells.append([group] if group and group != UP else (UP if group == UP else []))
        elif role == "name":
            cells.append(list(row.name))
        elif role == "text":
            texts = [original[ln.no] for ln in row.text]
            cells.append(texts)
        elif role == "deadline":
            cells.append([ln.text for ln in row.deadline_cell])
        elif role == "plan":
            cells.append([ln.text for ln in row.plan])
        elif role in ("owners", "lead", "assist"):
            if row.owners_merged:
                cells.append(UP)
            elif role == "lead" and "assist" in roles:
                cells.append(owners[:1])
            elif role == "assist" and "lead" in roles:
                cells.append(owners[1:])
            else:
                cells.append(owners)
        else:
            cells.append([])
    return cells


def _row_table(lines, i, roles) -> tuple[Table, int]:
    table = Table(_cells(lines[i].text))
    rows, end = parse_row_table(lines, i, roles, [])
    for line in lines[i + 1:end]:
        cells = _cells(line.text)
        table.rows.append([[c] if c else [] for c in cells] if len(cells) == len(roles) else line.text)
    return table, end


# --- a saved web page -------------------------------------------------------------------

SHELL_TOP = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}_政府信息公开_某市人民政府</title>
<meta name="keywords" content="养老">
<link rel="stylesheet" href="style.css">
<style>
body {{ font-size: 14px; }} .nav li {{ float: left; }}
</style>
<script>
var _hmt = _hmt || []; document.write("<div>统计</div>");
</script>
</head>
<body>
<div class="header"><div class="logo"><img src="logo.png" alt="某市人民政府"></div>
<div class="search"><form action="/search"><input name="q" value="请输入关键字"><button>搜索</button></form></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li><li><a href="/bs">政务服务</a></li>
<li><a href="/hd">互动交流</a></li></ul></div>
<div class="main">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政府文件</a></div>
<div class="article">
<div class="content" id="zoom">
"""
SHELL_BOTTOM = """</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> 【打印本页】【关闭窗口】</div>
</div>
<div class="related"><h3>相关文件</h3><ul><li><a href="/a">关于做好冬季养老机构安全工作的通知</a></li></ul></div>
</div>
<div class="footer">
<p>主办单位：某市人民政府办公室 承办单位：某市大数据中心</p>
<p>网站标识码：1234000001 备案号：X ICP备00000000号 公网安备 00000000000000号</p>
<p><a href="/lx">联系我们</a> | <a href="/map">网站地图</a> | 版权所有 © 某市人民政府 技术支持：某信息技术有限公司</p>
</div>
<script src="stat.js"></script>
</body>
</html>
"""


def write_html(items: list[str | Table], path: Path, title: str = "政策文件") -> Path:
    out = [SHELL_TOP.format(title=html.escape(title))]
    for item in items:
        if isinstance(item, str):
            out.append(f"<p style=\"text-indent:2em\">{html.escape(item)}</p>\n")
        else:
            out.append(_html_table(item))
    out.append(SHELL_BOTTOM)
    path.write_text("".join(out), encoding="utf-8")
    return path


def _html_table(table: Table) -> str:
    width = len(table.header)
    spans = _row_spans(table)
    out = ["<table border=\"1\" cellspacing=\"0\">\n<tbody>\n<tr>"]
    out += [f"<td><p><strong>{html.escape(h)}</strong></p></td>" for h in table.header]
    out.append("</tr>\n")
    for r, row in enumerate(table.rows):
        if isinstance(row, str):
            out.append(f"<tr><td colspan=\"{width}\"><p>{html.escape(row)}</p></td></tr>\n")
            continue
        out.append("<tr>")
        for c, cell in enumerate(row):
            if cell == UP:
                continue
            span = spans.get((r, c), 1)
            attribute = f" rowspan=\"{span}\"" if span > 1 else ""
            paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in cell) or "&nbsp;"
            out.append(f"\n<td{attribute}>{paragraphs}</td>")
        out.append("\n</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def _row_spans(table: Table) -> dict[tuple[int, int], int]:
    """(row, column) of a cell → how many rows it covers (itself and the UP cells below it)."""
    spans: dict[tuple[int, int], int] = {}
    for r, row in enumerate(table.rows):
        if isinstance(row, str):
            continue
        for c, cell in enumerate(row):
            if cell != UP:
                continue
            top = r - 1
            while top >= 0 and not isinstance(table.rows[top], str) and table.rows[top][c] == UP:
                top -= 1
            if top >= 0 and not isinstance(table.rows[top], str):
                spans[(top, c)] = spans.get((top, c), 1) + 1
    return spans


# --- Word -------------------------------------------------------------------------------

def write_docx(items: list[str | Table], path: Path) -> Path:
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "某市人民政府办公室"  # a running header: not the document
    section.footer.paragraphs[0].text = "第 1 页"
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
        else:
            _docx_table(document, item)
    document.save(path)
    return path


def _docx_table(document, table: Table) -> None:
    width = len(table.header)
    grid = document.add_table(rows=1 + len(table.rows), cols=width)
    grid.style = "Table Grid"
    for c, text in enumerate(table.header):
        grid.cell(0, c).text = text
    for r, row in enumerate(table.rows, start=1):
        if isinstance(row, str):
            merged = grid.cell(r, 0).merge(grid.cell(r, width - 1))
            merged.text = row
            continue
        for c, cell in enumerate(row):
            if cell == UP:
                top = grid.cell(r - 1, c)
                top.merge(grid.cell(r, c))
                continue
            target = grid.cell(r, c)
            if cell:
                target.text = cell[0]
                for paragraph in cell[1:]:
                    target.add_paragraph(paragraph)


# --- PDF --------------------------------------------------------------------------------

def write_pdf(items: list[str | Table], path: Path, header: str = "某市人民政府办公室", indent: bool = True,
              backgrounds: bool = False) -> Path:
    """``indent=False``: paragraphs without first-line indents (nor space between them);
    ``backgrounds``: a white box drawn behind every paragraph (as LibreOffice exports them)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table as PdfTable, TableStyle

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    class Boxed(Paragraph):
        """A paragraph drawn over a white, unstroked box of its own size, and one box behind each
        run of its first line (LibreOffice's character backgrounds; runs split where they may)."""

        def draw(self):
            self.canv.saveState()
            self.canv.setFillColorRGB(1, 1, 1)
            self.canv.rect(0, 0, self.width, self.height, fill=1, stroke=0)
            cuts = [0, self.width * (1 + int(self.height) % 3) / 7, self.width * (4 + int(self.height) % 2) / 7,
                    self.width]
            for x0, x1 in zip(cuts, cuts[1:], strict=False):
                self.canv.rect(x0, self.height - body.leading, x1 - x0, body.leading, fill=1, stroke=0)
            self.canv.restoreState()
            super().draw()

    paragraph = Boxed if backgrounds else Paragraph
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, firstLineIndent=24 if indent else 0,
                          wordWrap="CJK")
    cell_style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")

    def page(canvas, doc):
        canvas.saveState()
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 15 * mm, header)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {doc.page} —")
        canvas.restoreState()

    flow = []
    items = [_pdf_safe(item) for item in items]
    frame_width = A4[0] - 50 * mm
    for item in items:
        if isinstance(item, str):
            flow.append(paragraph(html.escape(item), body))
            continue
        width = len(item.header)
        data = [[Paragraph(html.escape(h), cell_style) for h in item.header]]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                 ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for (r, c), span in _row_spans(item).items():
            style.append(("SPAN", (c, r + 1), (c, r + span)))
        for r, row in enumerate(item.rows, start=1):
            if isinstance(row, str):
                data.append([Paragraph(html.escape(row), cell_style)] + [""] * (width - 1))
                style.append(("SPAN", (0, r), (width - 1, r)))
                continue
            data.append(["" if cell == UP else [Paragraph(html.escape(p), cell_style) for p in cell] for cell in row])
        widths = _widths(item, frame_width)
        flow.append(PdfTable(data, colWidths=widths, style=TableStyle(style), repeatRows=1))
    document = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                                 topMargin=25 * mm, bottomMargin=25 * mm)
    document.build(flow, onFirstPage=page, onLaterPages=page)
    return path


# STSong-Light has no · or •; its ・ reads back as ·
PDF_SAFE = str.maketrans({"·": "・", "•": "・"})


def _pdf_safe(item: str | Table) -> str | Table:
    if isinstance(item, str):
        return item.translate(PDF_SAFE)
    rows = [row.translate(PDF_SAFE) if isinstance(row, str) else
            [cell if cell == UP else [p.translate(PDF_SAFE) for p in cell] for cell in row] for row in item.rows]
    return Table([h.translate(PDF_SAFE) for h in item.header], rows)


def _widths(table: Table, total: float) -> list[float]:
    weight = {"serial": 1, "group": 2.5, "name": 2.5, "text": 6, "deadline": 2, "plan": 3, "owners": 3.5,
              "lead": 2.5, "assist": 3}
    weights = [weight.get(COLUMNS.get(h.replace(" ", ""), ""), 2) for h in table.header]
    return [total * w / sum(weights) for w in weights]


class Writers:
    Table = Table
    UP = UP
    blocks = staticmethod(blocks)
    html = staticmethod(write_html)
    docx = staticmethod(write_docx)
    pdf = staticmethod(write_pdf)

    @staticmethod
    def read(path: Path) -> list[str | Table]:
        return blocks(decode(path.read_bytes(), str(path)))


@pytest.fixture(scope="session")
def writers() -> Writers:
    return Writers()
