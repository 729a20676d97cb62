"""A web page as a browser saves it → the document's own lines, each at its line of the file.

The page is parsed with lxml. Scripts, styles, form controls, navigation, menus, share
buttons, breadcrumbs, footers and other site furniture are dropped; the document body is the
smallest element that holds nearly all the remaining prose. A metadata table above the body
(索引号 / 发文机关 / 发文字号 / 成文日期 / 标题 …) becomes ``字段：值`` lines, and the
document's title is its own heading, never the page's ``<title>``. A data ``<table>`` becomes
one line per row (cells joined by `` | ``, rowspan/colspan copied to every cell they cover);
a layout table (one column, or tables inside it) is read as ordinary blocks.

Line numbers: output line *n* is line *n* of the saved file whenever the page puts each block
on a line of its own, so ``Task.line`` is the file's line; when several blocks share one file
line (a minified page), later blocks move down to the next free line and ``locations`` still
names the file line each came from.
"""
from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from ..text import LoadError, is_furniture, unify_characters
from . import Extracted, join_cell, squeeze, table_lines

_DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "select",
         "option", "button", "input", "textarea", "map", "audio", "video", "head"}
_SITE_PARTS = {"nav", "footer", "aside"}
# class / id words of site furniture (substrings of one class or id token)
_FURNITURE_CLASS = re.compile(
    r"nav|menu|footer|foot|breadcrumb|crumb|share|search|login|copyright|sidebar|toolbar|friendlink|qrcode|"
    r"ewm|fenxiang|gotop|backtop|dqwz|weizhi|^position$|^location$|^bottom$|^btm$|^links?$|^related|^xgwz|"
    r"^xglj|^print|^close", re.I)
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
           "pre", "section", "article", "main", "center", "address", "figure", "figcaption", "hr", "tr", "td",
           "th", "table", "tbody", "thead", "tfoot", "caption", "form", "fieldset", "header", "body"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TITLE_CLASS = re.compile(r"title|biaoti|^bt$|^tit|headline", re.I)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CJK_CLASS = "[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_CJK_BREAK = re.compile(f"(?<={_CJK_CLASS})\\s*\\n\\s*(?={_CJK_CLASS})")
_META_LABELS = ("索引号", "发文机关", "发布机构", "发文字号", "文号", "成文日期", "发文日期", "发布日期", "标题",
                "名称", "主题分类", "组配分类", "主题词", "有效性", "效力状态", "公开方式", "信息来源", "关键词",
                "生效日期")
_META_LABEL = re.compile(r"^(" + "|".join(sorted(_META_LABELS, key=len, reverse=True)) + r")\s*[:：]?$")


def read_html(data: bytes, name: str) -> Extracted:
    """The document in a saved page, one line per block or table row.

    >>> page = ("<html><head><title>站点首页</title></head><body><div class='nav'>首页 政务公开</div>\\n"
    ...         "<div class='article'><h1>关于做好养老服务工作的通知</h1>\\n<p>各县区人民政府：</p>\\n"
    ...         "<p>现将有关事项通知如下，请认真贯彻落实，确保各项工作落到实处。</p></div>\\n"
    ...         "<div class='footer'>主办单位：某市人民政府办公室 备案号：X ICP备00000000号</div></body></html>")
    >>> page = read_html(page.encode(), "x.html")
    >>> [(place, text) for place, text in zip(page.locations, page.lines) if text]  # doctest: +NORMALIZE_WHITESPACE
    [('line 2', '关于做好养老服务工作的通知'), ('line 3', '各县区人民政府：'),
     ('line 4', '现将有关事项通知如下，请认真贯彻落实，确保各项工作落到实处。')]
    """
    text = decode_page(data, name)
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise LoadError(f"{name}: cannot parse as an HTML page ({error})") from error
    page_title = squeeze(root.findtext(".//title") or "")
    _drop_furniture(root)
    body = root.find("body") if root.find("body") is not None else root
    order = {el: n for n, el in enumerate(body.iter())}
    content = _content(body)
    regions = [el for el in _metadata_blocks(body) if not _inside(el, content)]
    title = _title(body, content, page_title, order)
    if title is not None and not any(_inside(title, r) for r in regions):
        regions.append(title)
    regions.append(content)
    regions.sort(key=lambda el: order.get(el, 0))
    blocks: list[tuple[int, str]] = []
    for region in regions:
        if region.tag == "table" and region is not content and _is_metadata(region):
            blocks += _metadata_pairs(region)
        else:
            walker = _Walker()
            walker.walk(region)
            blocks += walker.blocks
    return _place(blocks)


def decode_page(data: bytes, name: str) -> str:
    """A page's text: in the encoding its BOM or ``<meta charset>`` names, else UTF-8, else GB18030;
    compatibility forms as the characters they stand for."""
    if not data.strip():
        raise LoadError(f"{name}: empty file")
    declared = re.search(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w-]+)""", data[:4096], re.I)
    encodings = ["utf-8-sig", "gb18030"]
    if declared and not data.startswith(b"\xef\xbb\xbf"):
        charset = declared.group(1).decode("ascii").lower()
        encodings.insert(0, "gb18030" if charset in ("gb2312", "gbk", "gb18030", "x-gbk") else charset)
    for encoding in encodings:
        try:
            return unify_characters(data.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    raise LoadError(f"{name}: cannot decode the page as UTF-8 or GB18030")


def _place(blocks: list[tuple[int, str]]) -> Extracted:
    """Put each block on its own file line (the next free one when its line is taken)."""
    out = Extracted()
    for line, text in blocks:
        if is_furniture(text):
            continue
        while len(out.lines) < line - 1:
            out.add("", f"line {len(out.lines) + 1}")
        out.add(text, f"line {line}")
    return out


def _cjk(text: str | None) -> int:
    return len(_HAN.findall(text)) if text else 0


def _prose(el) -> int:
    """Han characters outside links, in ``el`` and below."""
    total = 0 if el.tag == "a" else _cjk(el.text)
    for child in el:
        if isinstance(child.tag, str):
            total += _prose(child)
        total += _cjk(child.tail)
    return total


def _is_site_part(el) -> bool:
    if el.tag in _SITE_PARTS:
        return True
    words = re.split(r"[\s_\-]+", f"{el.get('class', '')} {el.get('id', '')}".strip())
    return any(w and _FURNITURE_CLASS.search(w) for w in words)


def _drop_furniture(root) -> None:
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for el in list(root.iter(*_DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    body = root.find("body")
    total = _prose(body if body is not None else root) or 1
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or el.tag in ("html", "body"):
            continue
        # a wrapper that happens to carry such a name but holds the page's text stays
        if _is_site_part(el) and _prose(el) < total / 2:
            el.drop_tree()
        elif el.tag in ("p", "div", "li", "span", "td", "a") and not any(
                c.tag in _BLOCKS for c in el.iterdescendants() if isinstance(c.tag, str)) and is_furniture(
                squeeze(el.text_content())):
            el.drop_tree()


def _content(body):
    """The smallest element holding nearly all of the page's prose, with none beside it."""
    node = body
    while True:
        children = [c for c in node if isinstance(c.tag, str)]
        if not children:
            return node
        scores = {c: _prose(c) for c in children}
        best = max(children, key=scores.get)
        total = _prose(node)
        others = [c for c in children if c is not best]
        if (total == 0 or scores[best] < 0.85 * total or best.tag in ("p", "table", "tr") and not _layout(best)
                or best.tag in _HEADINGS or any(_has_paragraph(c) for c in others)):
            return node
        node = best


def _has_paragraph(el) -> bool:
    """Holds a block of at least 30 Han characters (prose, not a menu or a label)."""
    for block in el.iter("p", "div", "td", "li", "h1", "h2", "h3", "span", "font"):
        if _cjk(block.text_content()) >= 30 and not is_furniture(squeeze(block.text_content())):
            return True
    return _cjk(el.text) >= 30


def _inside(el, region) -> bool:
    while el is not None:
        if el is region:
            return True
        el = el.getparent()
    return False


def _title(body, content, page_title: str, order) -> object | None:
    """The document's own title before the body: a heading (best one the page title names)."""
    start = order.get(content, 0)
    key = re.sub(r"\s", "", page_title)
    candidates = []
    for el in body.iter():
        if not isinstance(el.tag, str) or order.get(el, 0) >= start or _inside(content, el):
            continue
        text = re.sub(r"\s", "", el.text_content())
        if not 4 <= len(text) <= 200 or is_furniture(text) or _cjk(text) < 4:
            continue
        words = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag in _HEADINGS or _TITLE_CLASS.search(words):
            candidates.append((text in key, order[el], el))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], c[1]))[2]


def _metadata_blocks(body) -> list:
    """Smallest elements that hold three or more metadata labels (索引号, 发文字号 …)."""
    found = []
    for el in body.iter("table", "ul", "dl", "div"):
        if _is_metadata(el) and not any(_is_metadata(c) for c in el.iter("table", "ul", "dl", "div") if c is not el):
            found.append(el)
    return found


def _is_metadata(el) -> bool:
    text = el.text_content()
    return len(text) < 2000 and sum(1 for label in _META_LABELS if label in text) >= 3 and bool(
        re.search("(索引号|发文字号|文号|成文日期|发文机关|发布机构)", text))


def _metadata_pairs(table) -> list[tuple[int, str]]:
    """``字段：值`` lines from a table of label cells each followed by its value cell."""
    pairs = []
    for row in _rows(table):
        cells = [(_cell_line(td), squeeze(td.text_content())) for td in row]
        k = 0
        while k < len(cells):
            line, text = cells[k]
            label = _META_LABEL.match(text.replace(" ", ""))
            if label and k + 1 < len(cells) and not _META_LABEL.match(cells[k + 1][1].replace(" ", "")):
                pairs.append((line, f"{label.group(1)}：{cells[k + 1][1]}"))
                k += 2
                continue
            if text:
                pairs.append((line, text))
            k += 1
    return pairs


def _rows(table) -> list[list]:
    return [tr.xpath("./td|./th") for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")]


def _layout(table) -> bool:
    """A table used to lay out the page: one column, tables inside it, or a cell that holds
    a page of text (a menu beside the article)."""
    if table.tag != "table":
        return False
    if any(t is not table for t in table.iter("table")):
        return True
    rows = _rows(table)
    if max((sum(_span(td, "colspan") for td in row) for row in rows), default=0) <= 1:
        return True
    return any(_cjk(td.text_content()) > 1000 or sum(1 for _ in td.iter("p", "div", "br", "h1", "h2", "h3")) >= 12
               for row in rows for td in row)


def _span(td, attribute: str) -> int:
    match = re.match(r"\s*(\d+)", td.get(attribute, "1"))
    return min(max(int(match.group(1)), 1), 500) if match else 1


def _cell_line(el) -> int:
    blocks = _Walker.of(el)
    return blocks[0][0] if blocks else el.sourceline or 1


class _Walker:
    """Blocks of text in document order, each with the file line where its text starts."""

    def __init__(self) -> None:
        self.blocks: list[tuple[int, str]] = []
        self.parts: list[str] = []
        self.start: int | None = None
        self.line = 1

    def walk(self, el) -> None:
        self.line = max(self.line, el.sourceline or 1)
        self._element(el)
        self.flush()

    def flush(self) -> None:
        text = squeeze("".join(self.parts))
        if text:
            self.blocks.append((self.start or self.line, text))
        self.parts, self.start = [], None

    def _text(self, text: str | None) -> None:
        if not text:
            return
        stripped = text.lstrip()
        if stripped and self.start is None:
            self.start = self.line + text[:len(text) - len(stripped)].count("\n")
        self.parts.append(_CJK_BREAK.sub("", text))
        self.line += text.count("\n")

    def _element(self, el) -> None:
        if not isinstance(el.tag, str):
            return
        self.line = max(self.line, el.sourceline or self.line)
        if el.tag == "table" and not _layout(el):
            self.flush()
            self._table(el)
            return
        block = el.tag in _BLOCKS
        if block or el.tag == "br":
            self.flush()
        self._text(el.text)
        for child in el:
            self._element(child)
            self._text(child.tail)
        if block:
            self.flush()

    def _table(self, table) -> None:
        grid: list[list[str]] = []
        lines: list[int] = []
        carried: dict[tuple[int, int], str] = {}
        for r, row in enumerate(_rows(table)):
            cells: list[str] = []
            first: int | None = None
            c = 0
            for td in row:
                while (r, c) in carried:
                    cells.append(carried.pop((r, c)))
                    c += 1
                blocks = _Walker.of(td)
                first = first or (blocks[0][0] if blocks else None)
                text = join_cell([t for _, t in blocks])
                rowspan, colspan = _span(td, "rowspan"), _span(td, "colspan")
                for dc in range(colspan):
                    cells.append(text)
                    for dr in range(1, rowspan):
                        carried[(r + dr, c + dc)] = text
                c += colspan
            while (r, c) in carried:
                cells.append(carried.pop((r, c)))
                c += 1
            grid.append(cells)
            lines.append(first or (row[0].sourceline if row else None) or table.sourceline or self.line)
        width = max((len(r) for r in grid), default=0)
        grid = [r + [""] * (width - len(r)) for r in grid]
        for line, row_text in zip(lines, table_lines(grid), strict=True):
            if row_text:
                self.blocks.append((line, row_text))
        self.line = max([self.line, *lines])

    @staticmethod
    def of(el) -> list[tuple[int, str]]:
        walker = _Walker()
        walker.walk(el)
        return walker.blocks
