"""A Word (.docx) file → its paragraphs and table rows in order, read with python-docx.

Headers, footers, footnotes and text boxes are not the document and are skipped. Numbering
that Word generates (a paragraph in a numbered list shows ``1.`` or ``（一）`` that is not in
its text) is rebuilt from the file's numbering definitions. A table becomes one line per row,
cells joined by `` | ``, a horizontally or vertically merged cell copied to every cell it
covers; a one-column table is layout, and its paragraphs are read as paragraphs.
Places: ``paragraph N`` (N counts the body's paragraphs, empty ones too) and ``table T, row R``.
"""
from __future__ import annotations

from io import BytesIO

from ..text import LoadError
from . import Extracted, join_cell, squeeze, table_lines
from .numbers import format_number

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, name: str) -> Extracted:
    """Paragraphs and table rows of a .docx, with their places."""
    import docx

    try:
        document = docx.Document(BytesIO(data))
        reader = _Reader(document)
        reader.block(document.element.body)
    except LoadError:
        raise
    except Exception as error:  # a damaged package fails in zipfile, lxml or python-docx, in many ways
        raise LoadError(f"{name}: damaged Word file ({type(error).__name__}: {error})") from error
    return reader.out


class _Reader:
    def __init__(self, document) -> None:
        self.out = Extracted()
        self.paragraphs = 0
        self.tables = 0
        self.numbering = _Numbering(document)

    def block(self, parent) -> None:
        for child in parent.iterchildren():
            if child.tag == W + "p":
                self.paragraphs += 1
                for text in self.paragraph_lines(child):
                    self.out.add(text, f"paragraph {self.paragraphs}")
            elif child.tag == W + "tbl":
                self.tables += 1
                self.table(child, self.tables)
            elif child.tag in (W + "sdt", W + "customXml"):
                content = child.find(W + "sdtContent")
                self.block(content if content is not None else child)

    def paragraph_lines(self, p) -> list[str]:
        """The paragraph's text (with its generated number), split at manual line breaks."""
        lines, current = [], []
        for node in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
            if _in_text_box(node, p):
                continue
            if node.tag == W + "t":
                current.append(node.text or "")
            elif node.tag == W + "tab":
                current.append("\t")
            else:
                lines.append("".join(current))
                current = []
        lines.append("".join(current))
        lines = [squeeze(t) for t in lines]
        number = self.numbering.label(p)
        if number and lines and lines[0]:
            lines[0] = number + lines[0]
        return [t for t in lines if t]

    def table(self, tbl, index: int) -> None:
        grid = _grid(tbl, self)
        if max((len(set(map(id, row))) for row in grid), default=0) <= 1 or tbl.find(f".//{W}tbl") is not None:
            for r, row in enumerate(grid, start=1):
                for c, cell in enumerate(_unique(row), start=1):
                    for paragraph in cell.paragraphs:
                        self.out.add(paragraph, f"table {index}, row {r}, cell {c}")
            return
        for r, text in enumerate(table_lines([[cell.text for cell in row] for row in grid]), start=1):
            if text:
                self.out.add(text, f"table {index}, row {r}")


class _Cell:
    def __init__(self, paragraphs: list[str]) -> None:
        self.paragraphs = paragraphs
        self.text = join_cell(paragraphs)


def _unique(row: list[_Cell]) -> list[_Cell]:
    seen, cells = set(), []
    for cell in row:
        if id(cell) not in seen:
            seen.add(id(cell))
            cells.append(cell)
    return cells


def _grid(tbl, reader: _Reader) -> list[list[_Cell]]:
    """The table as a grid of cells: gridSpan repeats a cell across, vMerge carries it down."""
    grid: list[list[_Cell]] = []
    above: dict[int, _Cell] = {}
    empty = _Cell([])
    for tr in tbl.iterchildren(W + "tr"):
        row: list[_Cell] = []
        before = tr.find(f"{W}trPr/{W}gridBefore")
        row += [empty] * _value(before, 0)
        for tc in tr.iterchildren(W + "tc"):
            props = tc.find(W + "tcPr")
            span = _value(props.find(W + "gridSpan"), 1) if props is not None else 1
            merge = props.find(W + "vMerge") if props is not None else None
            column = len(row)
            if merge is not None and merge.get(W + "val", "continue") == "continue" and column in above:
                cell = above[column]
            else:
                paragraphs = [t for p in tc.iterchildren(W + "p") for t in reader.paragraph_lines(p)]
                for nested in tc.iterchildren(W + "tbl"):
                    paragraphs += [t for tr2 in nested.iter(W + "p") for t in reader.paragraph_lines(tr2)]
                cell = _Cell(paragraphs)
            for k in range(max(span, 1)):
                above[column + k] = cell
                row.append(cell)
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    grid = [row + [empty] * (width - len(row)) for row in grid]
    return grid


def _value(element, default: int) -> int:
    """An integer ``w:val`` (gridSpan, gridBefore), ``default`` when absent or not a number."""
    if element is None:
        return default
    try:
        return min(max(int(element.get(W + "val", default)), 0), 500)
    except ValueError:
        return default


def _in_text_box(node, paragraph) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in (W + "txbxContent", W + "del", W + "moveFrom"):
            return True
        parent = parent.getparent()
    return False


class _Numbering:
    """Numbers Word shows before list paragraphs, counted as Word counts them."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, dict]] = {}  # numId → ilvl → {fmt, text, start}
        self.counters: dict[str | None, dict[int, int]] = {}  # numId (None if none is named) → ilvl → count
        self.styles: dict[str, tuple[str, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            abstract = {a.get(W + "abstractNumId"): a for a in numbering.iterchildren(W + "abstractNum")}
            for num in numbering.iterchildren(W + "num"):
                ref = num.find(W + "abstractNumId")
                definition = abstract.get(ref.get(W + "val")) if ref is not None else None
                if definition is None:
                    continue
                levels = {}
                for lvl in definition.iterchildren(W + "lvl"):
                    levels[int(lvl.get(W + "ilvl", "0"))] = _level(lvl)
                for override in num.iterchildren(W + "lvlOverride"):
                    level = int(override.get(W + "ilvl", "0"))
                    start = override.find(W + "startOverride")
                    lvl = override.find(W + "lvl")
                    if lvl is not None:
                        levels[level] = _level(lvl)
                    if start is not None and level in levels:
                        levels[level] = {**levels[level], "start": int(start.get(W + "val", "1"))}
                self.levels[num.get(W + "numId")] = levels
        for style in document.styles.element.iterchildren(W + "style"):
            num = style.find(f"{W}pPr/{W}numPr")
            if num is not None:
                num_id, ilvl = num.find(W + "numId"), num.find(W + "ilvl")
                if num_id is not None:
                    self.styles[style.get(W + "styleId")] = (num_id.get(W + "val"),
                                                             int(ilvl.get(W + "val")) if ilvl is not None else 0)

    def label(self, p) -> str:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        num_id, level = None, 0
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") in self.styles:
            num_id, level = self.styles[style.get(W + "val")]
        if num_pr is not None:
            found, ilvl = num_pr.find(W + "numId"), num_pr.find(W + "ilvl")
            num_id = found.get(W + "val") if found is not None else num_id
            level = int(ilvl.get(W + "val")) if ilvl is not None else level
        levels = self.levels.get(num_id or "0")
        if not levels or level not in levels or not "".join(t.text or "" for t in p.iter(W + "t")).strip():
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level]["start"] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        if levels[level]["fmt"] in ("bullet", "none"):
            return ""
        text = levels[level]["text"]
        for k in range(level + 1):
            if k in levels:
                value = counters.get(k, levels[k]["start"])
                text = text.replace(f"%{k + 1}", format_number(value, levels[k]["fmt"]))
        return text


def _level(lvl) -> dict:
    fmt, text, start = lvl.find(W + "numFmt"), lvl.find(W + "lvlText"), lvl.find(W + "start")
    return {"fmt": fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
            "text": text.get(W + "val", "") if text is not None else "",
            "start": int(start.get(W + "val", "1")) if start is not None else 1}
