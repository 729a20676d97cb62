"""A PDF with a text layer → its paragraphs and table rows, read with pdfplumber.

Text is re-flowed: a line that runs to the right edge of the text block and is followed by a
line that is not indented continues the same paragraph (also across a page break). Page
numbers (``— 3 —``, ``- 3 -``, ``第3页``, ``3/10``) and running headers and footers (the same
text at the top or bottom of most pages) are removed. Ruled tables are read as tables: one line
per row, cells joined by `` | ``, a merged cell copied to every row and column it covers.
Places: ``page P, line L`` (L counts the page's text lines from the top), ``page P, table T, row R``.
A page whose text is a picture (a scan, glyphs drawn as outlines) is read by OCR where tesseract
is installed (:mod:`.ocr`): its places say so, ``page P, line L (OCR, confidence 0.87)``, and a
warning gives the pages and the mean confidence. Without tesseract, a PDF with no text at all
raises LoadError ("scanned image, no text: install tesseract …") and picture pages among text
pages are named in a warning. A PDF that needs a password, or a damaged one, raises LoadError.
"""
from __future__ import annotations

import logging
import re
import statistics
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO

from ..agencies import is_unit
from ..text import LoadError
from . import _LETTER_SPACED, Extracted, join_cell, ocr, squeeze, table_lines

_PAGE_NUMBER = re.compile(r"^([-—–－−_~～一\s]*\d{1,4}[-—–－−_~～一\s]*|"
                          r"第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|"
                          r"\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(\s*of\s*\d{1,4})?)$", re.I)
# a page number that cannot be text wherever it stands
_PAGE_MARK = re.compile(r"^([-—–－−一]\s*\d{1,4}\s*[-—–－−一][-_.]?|"
                        r"第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)$")
_MARGIN = 0.1  # top and bottom tenths of a page, where running headers and footers stand


_CJK = "\u3001-\u303f\u4e00-\u9fff\uff00-\uffef"
# one space that the PDF's text layer puts after a number or Latin word before Chinese (1 号), and
# before it where it also has one after it (购买 2 台); a space before a number that runs on into
# Chinese (某办公室 2022年3月9日印发) and a wider gap stay
_SPACE_BY_ASCII = re.compile(f"(?<=[{_CJK}]) (?=[0-9A-Za-z.%\\-—–]+ [{_CJK}])|(?<=[0-9A-Za-z%]) (?=[{_CJK}])")
# spaces inside Chinese punctuation (品目 ，优先 / （ 一 ）)
_SPACE_BY_PUNCTUATION = re.compile(r"\s+(?=[，。、；：？！）》」』”’〕】])|(?<=[（《「『“‘〔【])\s+")


def _line_text(text: str) -> str:
    """A text line as written: no single space between Chinese and digits, a letter-spaced line
    (济 南 市 商 务 局) as its word.

    >>> _line_text("济 南 市 商 务 局"), _line_text("鲁商字〔2025〕1 号 购买 2 台 WiFi 设备")
    ('济南市商务局', '鲁商字〔2025〕1号 购买2台WiFi设备')
    >>> _line_text("某县民政局办公室 2025年1月20日印发")
    '某县民政局办公室 2025年1月20日印发'

    >>> _line_text("某县民政局办公室      2025 年 1 月 20 日印发"), _line_text("确定品目 ，优先（ 一 ）")
    ('某县民政局办公室 2025年1月20日印发', '确定品目，优先（一）')
    """
    text = squeeze(_SPACE_BY_PUNCTUATION.sub("", _SPACE_BY_ASCII.sub("", text)))
    return text.replace(" ", "") if _LETTER_SPACED.fullmatch(text) else text


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    place: str
    page: int
    in_margin: bool = False
    first_word: float = 0.0  # width of the text up to the first place the line could break
    columns: list[tuple[float, float, str]] = field(default_factory=list)  # pieces apart by wide gaps


def read_pdf(data: bytes, name: str) -> Extracted:
    """Paragraphs and table rows of a PDF, with their places."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about damaged objects are not ours
    if not data.rstrip()[-1024:].count(b"%%EOF"):
        raise LoadError(f"{name}: damaged PDF (truncated: no end-of-file marker)")
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            pictures = [n for n, page in enumerate(pdf.pages, start=1) if _is_picture(page)]
            # what a picture page's text layer holds is a scanner's watermark (扫描全能王 创建)
            marks = {n: "".join(c["text"] for c in pdf.pages[n - 1].chars).replace(" ", "") for n in pictures}
            pages = [[] if n in pictures else _page_items(page, n) for n, page in enumerate(pdf.pages, start=1)]
            heights = [page.height for page in pdf.pages]
    except Exception as error:  # pdfminer fails on damaged files in many ways, some wrapped by pdfplumber
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise LoadError(f"{name}: encrypted PDF that needs a password; save an unprotected copy") from error
        raise LoadError(f"{name}: damaged PDF ({type(cause).__name__}: {str(cause)[:200]})") from error
    if not any(pages):  # no text anywhere: every page is a picture of text, or blank
        pictures = list(range(1, len(pages) + 1))
    warnings: list[str] = []
    if pictures and ocr.available():
        warnings.append(_read_pictures(data, name, pages, pictures, heights, marks))
    elif pictures and any(pages):
        warnings.append(f"{name}: {_pages(pictures)} without a text layer (a scan or a picture of text) not read; "
                        f"{ocr.INSTALL_HINT}")
    if not any(pages):
        reason = "OCR read no line it was sure of" if pictures and ocr.available() else ocr.INSTALL_HINT
        raise LoadError(f"{name}: scanned image, no text: {reason}")
    if pictures and any(pages[n - 1] for n in pictures):
        _align(pages, pictures)
    _drop_running(pages)
    extracted = _flow(pages)
    extracted.warnings += warnings
    return extracted


_TEXT_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")
_MIN_TEXT = 20  # characters: fewer on a page with a picture are a scanner's watermark, not a text layer


def _is_picture(page) -> bool:
    """A page whose text is a picture: (almost) no characters, and an image over a quarter of the
    page or hundreds of drawn shapes (glyphs printed as outlines)."""
    if sum(1 for c in page.chars if _TEXT_CHAR.match(c["text"])) >= _MIN_TEXT:
        return False
    area = sum((i["x1"] - i["x0"]) * (i["bottom"] - i["top"]) for i in page.images)
    return area > 0.25 * page.width * page.height or len(page.curves) + len(page.rects) > 200


def _frame(lines: list[_Line], share: float = 0.0) -> tuple[float, float] | None:
    """Left and right edge of the text block: where the long lines start and end, leaving out the
    ``share`` of them that stand furthest out (OCR positions of a skewed scan)."""
    starts = sorted(line.x0 for line in lines if len(line.text) >= 4)
    ends = sorted(line.x1 - (line.size if _PUNCTUATION.search(line.text) else 0)
                  for line in lines if len(line.text) >= 8)
    if not starts or not ends:
        return None
    return starts[int(share * (len(starts) - 1))], ends[round((1 - share) * (len(ends) - 1))]


def _align(pages: list[list], pictures: list[int]) -> None:
    """Move and scale each OCR page's lines so that its text block matches the document's (the
    text pages', else the OCR pages' median), and keep them inside it: each photo or scan sits
    differently on its page, and the re-flow reads paragraph ends against the block's edges."""
    text_lines = [item for n, page in enumerate(pages, start=1) if n not in pictures
                  for item in page if isinstance(item, _Line)]
    found = {n: _frame([item for item in pages[n - 1] if isinstance(item, _Line)], 0.2) for n in pictures}
    frames = {n: frame for n, frame in found.items() if frame and frame[1] > frame[0]}
    if not frames:
        return
    reference = _frame(text_lines) or (statistics.median(f[0] for f in frames.values()),
                                       statistics.median(f[1] for f in frames.values()))
    # OCR gives a line's height, not its font size: take the text pages' body size, so that a
    # paragraph goes on from a text page to a picture page
    body = Counter(round(line.size) for line in text_lines).most_common(1)[0][0] if text_lines else None
    for n, (left, right) in frames.items():
        scale = (reference[1] - reference[0]) / (right - left)
        for line in pages[n - 1]:
            line.x0 = max(reference[0], reference[0] + (line.x0 - left) * scale)
            line.x1 = min(reference[1], reference[0] + (line.x1 - left) * scale)
            line.size = body or line.size * scale
            line.first_word *= scale


def _pages(numbers: list[int]) -> str:
    """``page 2`` or ``pages 1, 2, 3``."""
    return f"page {numbers[0]}" if len(numbers) == 1 else "pages " + ", ".join(map(str, numbers))


def _read_pictures(data: bytes, name: str, pages: list[list], pictures: list[int], heights: list[float],
                   marks: dict[int, str]) -> str:
    """Fill the picture pages with their OCR lines (but the lines that show the watermark its text
    layer holds); the warning line that says so, with the confidence."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    confidences: list[float] = []
    dropped = 0
    try:
        for number in pictures:
            try:
                lines, uncertain = ocr.read_page(document, number - 1)
            except (OSError, subprocess.TimeoutExpired) as error:
                raise LoadError(f"{name}: OCR failed on page {number} ({error})") from error
            mark = marks.get(number, "")
            lines = [line for line in lines if len(mark) < 4 or mark not in line.text.replace(" ", "")]
            dropped += uncertain
            height = statistics.median([line.bottom - line.top for line in lines] or [10])
            page_height = heights[number - 1]
            for k, line in enumerate(lines, start=1):
                margin = line.bottom < page_height * _MARGIN or line.top > page_height * (1 - _MARGIN)
                pages[number - 1].append(_Line(
                    _line_text(line.text), line.x0, line.x1, line.top, line.bottom, height,
                    f"page {number}, line {k} (OCR, confidence {line.confidence:.2f})", number, margin,
                    line.first_word))
                confidences.append(line.confidence)
    finally:
        document.close()
    mean = f"mean confidence {statistics.mean(confidences):.2f}" if confidences else "no line read"
    return (f"{name}: {_pages(pictures)} read by OCR (tesseract {ocr.LANGUAGE}, {ocr.DPI} dpi): {mean}; "
            f"{dropped} line(s) below {ocr.MIN_CONFIDENCE} dropped")


def _white(color) -> bool:
    """A colour that does not show on paper: white (grey, RGB or CMYK) or none at all."""
    if color is None or isinstance(color, str):
        return color is None
    values = list(color) if isinstance(color, (list, tuple)) else [color]
    if not values or not all(isinstance(v, (int, float)) for v in values):
        return False
    return all(v == 0 for v in values) if len(values) == 4 else all(v >= 0.95 for v in values)


def _visible(obj) -> bool:
    """Not a graphic that draws nothing on paper: a white-filled, unstroked box (LibreOffice puts one
    behind every paragraph) is no ruling of a table."""
    if obj.get("object_type") not in ("rect", "curve", "line"):
        return True
    stroked = obj.get("stroke", obj.get("object_type") == "line") and not _white(obj.get("stroking_color"))
    filled = obj.get("fill") and not _white(obj.get("non_stroking_color"))
    return bool(stroked or filled)


def _page_items(page, number: int) -> list:
    """The page's text lines and tables, top to bottom."""
    ruled = page.filter(_visible) if any(not _visible(o) for o in page.rects) else page
    tables = [t for t in ruled.find_tables() if len(t.rows) >= 2 and len(t.rows[0].cells) >= 2]
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or outside(obj)) if boxes else page
    items: list = []
    for n, line in enumerate(text_page.extract_text_lines(x_tolerance=1.5, keep_blank_chars=True), start=1):
        text = _line_text(line["text"])
        if not text:
            continue
        size = max((c.get("size", 10) for c in line["chars"]), default=10)
        margin = line["bottom"] < page.height * _MARGIN or line["top"] > page.height * (1 - _MARGIN)
        items.append(_Line(text, line["x0"], line["x1"], line["top"], line["bottom"], size,
                           f"page {number}, line {n}", number, margin, _first_word(line["chars"]),
                           _columns(line["chars"], size)))
    for t, table in enumerate(tables, start=1):
        chars = [c for c in page.chars if not outside(c) and c["text"].strip()] if boxes else []
        extent = (min((c["x0"] for c in chars), default=table.bbox[0]), 0,
                  max((c["x1"] for c in chars), default=table.bbox[2]), 0)
        items.append((table.bbox[1], _table_rows(page, table, number, t), extent))
    items.sort(key=lambda item: item.top if isinstance(item, _Line) else item[0])
    return _join_columns(items)


def _columns(chars: list[dict], size: float) -> list[tuple[float, float, str]]:
    """The pieces of a line that stand apart by gaps wider than two characters (a signature block
    of several names side by side)."""
    pieces: list[list[dict]] = []
    for char in (c for c in chars if c["text"].strip()):
        if pieces and char["x0"] - pieces[-1][-1]["x1"] <= 2 * size:
            pieces[-1].append(char)
        else:
            pieces.append([char])
    return [(p[0]["x0"], p[-1]["x1"], _line_text("".join(c["text"] for c in p))) for p in pieces]


def _join_columns(items: list) -> list:
    """Names wrapped inside their column (``济南市发展和改革`` over ``委员会``, side by side with
    other names; ``包头市各旗`` over ``县区政府``) as whole names: a line right below another whose
    pieces each complete the piece above them into a unit, where a piece above is no unit alone."""
    out: list = []
    for item in items:
        above = out[-1] if out and isinstance(out[-1], _Line) else None
        if isinstance(item, _Line) and above is not None and _completes(above, item):
            texts = {k: text for k, (_, _, text) in enumerate(above.columns)}
            for x0, _, text in item.columns:
                k = next(k for k, (a0, a1, _) in enumerate(above.columns) if a0 - item.size <= x0 <= a1)
                texts[k] += text
            above.columns = [(a0, max(a1, item.x1), texts[k]) for k, (a0, a1, _) in enumerate(above.columns)]
            above.text = " ".join(texts[k] for k in sorted(texts))
            above.x1, above.bottom = max(above.x1, item.x1), item.bottom
            continue
        out.append(item)
    return out


_NOT_IN_NAME = re.compile(r"[，。、；：！？,;:!?]")


def _completes(above: _Line, below: _Line) -> bool:
    if not (above.columns and below.columns and len(below.columns) <= len(above.columns) <= 4
            and abs(above.size - below.size) < 0.5 and 0 <= below.top - above.bottom < above.size
            and not any(_NOT_IN_NAME.search(text) for _, _, text in above.columns + below.columns)
            and not _OPENS_ITEM.match(below.text)):
        return False
    pairs = []
    for x0, _, text in below.columns:
        over = [a for a in above.columns if a[0] - below.size <= x0 <= a[1]]
        if len(over) != 1:
            return False
        pairs.append((over[0][2], text))
    # a name wraps at the end of its longer first line
    return (all(2 <= len(b) <= len(a) and len(a + b) <= 24 and is_unit(a + b) for a, b in pairs)
            and any(not is_unit(a) for a, _ in pairs))


_WORD_CHAR = re.compile(r"[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]|[—–]")
_NO_LINE_END = re.compile(r"[（《「『“‘〔【(\[]")
_NO_LINE_START = re.compile(r"[，。、；：？！）》」』”’〕】,.;:?!)\]]")


def _first_word(chars: list[dict]) -> float:
    """Width of a line's first unbreakable piece: opening brackets, then a run of Latin letters,
    digits and signs or one Han character, then the punctuation that may not start a line."""
    chars = [c for c in chars if c["text"].strip()]
    if not chars:
        return 0.0
    start = 0
    while start < len(chars) - 1 and _NO_LINE_END.match(chars[start]["text"]):
        start += 1
    end = start + 1
    if _WORD_CHAR.match(chars[start]["text"]):
        while end < len(chars) and _WORD_CHAR.match(chars[end]["text"]):
            end += 1
    while end < len(chars) and _NO_LINE_START.match(chars[end]["text"]):
        end += 1
    return chars[end - 1]["x1"] - chars[0]["x0"]


def _table_rows(page, table, number: int, index: int) -> list[tuple[str, str]]:
    """Rows of a ruled table; a merged cell's text is copied to every grid cell it covers."""
    xs = sorted({round(v, 1) for cell in table.cells for v in (cell[0], cell[2])})
    ys = sorted({round(v, 1) for cell in table.cells for v in (cell[1], cell[3])})
    grid = [["" for _ in xs[:-1]] for _ in ys[:-1]]
    for cell in table.cells:
        text = _cell_text(page, cell)
        cols = [k for k in range(len(xs) - 1)
                if xs[k] >= round(cell[0], 1) - 0.5 and xs[k + 1] <= round(cell[2], 1) + 0.5]
        rows = [k for k in range(len(ys) - 1)
                if ys[k] >= round(cell[1], 1) - 0.5 and ys[k + 1] <= round(cell[3], 1) + 0.5]
        for r in rows:
            for c in cols:
                grid[r][c] = text
    grid = _collapse(grid)
    return [(text, f"page {number}, table {index}, row {r}")
            for r, text in enumerate(table_lines(grid), start=1) if text]


def _collapse(grid: list[list[str]]) -> list[list[str]]:
    """Drop grid columns and rows that only repeat their neighbour (edges of merged cells that
    split the grid finer than the table's own columns)."""
    keep_cols = [c for c in range(len(grid[0]) if grid else 0)
                 if c == 0 or any(row[c] != row[c - 1] for row in grid)]
    grid = [[row[c] for c in keep_cols] for row in grid]
    return grid


def _cell_text(page, bbox) -> str:
    """A cell's text (the characters whose centre is inside it): visual lines that end short of
    the cell's right edge end a paragraph."""
    x0, top, x1, bottom = bbox

    def centred(obj) -> bool:  # punctuation may hang past the cell's edge: its centre is inside
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return obj.get("object_type") != "char" or x0 <= x <= x1 and top <= y <= bottom

    cropped = page.filter(centred)
    lines = cropped.extract_text_lines(x_tolerance=1.5, keep_blank_chars=True)
    paragraphs: list[str] = []
    full = False
    for line in lines:
        text = _line_text(line["text"])
        if not text:
            continue
        size = max((c.get("size", 10) for c in line["chars"]), default=10)
        if full and paragraphs:
            paragraphs[-1] += text
        else:
            paragraphs.append(text)
        full = x1 - line["x1"] < 2.2 * size
    return join_cell(paragraphs)


def _normalised(text: str) -> str:
    return re.sub(r"\d+", "#", text.replace(" ", ""))


def _drop_running(pages: list[list]) -> None:
    """Remove page numbers, and text in the top or bottom margin that repeats on most pages or
    is set smaller than the body text (running heads and feet)."""
    counts = Counter(_normalised(item.text) for page in pages for item in page
                     if isinstance(item, _Line) and item.in_margin)
    repeated = {text for text, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    sizes = Counter(round(item.size) for page in pages for item in page if isinstance(item, _Line))
    body = sizes.most_common(1)[0][0] if sizes else 0
    for page in pages:
        page[:] = [item for item in page if not isinstance(item, _Line) or not (
            item.in_margin and (_PAGE_NUMBER.match(item.text) or _normalised(item.text) in repeated
                                or item.size < 0.85 * body)) and not _PAGE_MARK.match(item.text)]


# a line that opens a numbered item or heading (一、 （二） 3. 第四章) or is a date, after a finished sentence
_SENTENCE_END = re.compile(r"[。！？；;!?）)]$")
_OPENS_ITEM = re.compile(r"^([（(]?[一二三四五六七八九十百\d]{1,3}[)）、.．](?!\d)|"
                         r"第[一二三四五六七八九十百\d]{1,3}[章节条部分]|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$)")
# a paragraph that ends in a colon before any full stop: the addressees of a notice, a label
_ADDRESSEES = re.compile(r"^[^。！？]+[:：]$")
# a chapter or article heading: always a line of its own
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,4}[章节条](\s|$)")
_HAN_CHAR = re.compile(r"^[\u4e00-\u9fff]$")
_PAIRS = ("《》", "（）", "()", "〔〕", "“”")


def _open_bracket(text: str) -> bool:
    """The text leaves a bracket open (a title or label that goes on in the next line)."""
    return any(text.count(pair[0]) > text.count(pair[1]) for pair in _PAIRS)


def _continues(previous: _Line, item: _Line, paragraph: str, left: float, right: float, flat: bool) -> bool:
    """Whether ``item`` goes on with the paragraph whose last line is ``previous``.

    A chapter or article heading starts a line. A line may not start with a closing bracket or
    punctuation (Chinese line breaking): such a line goes on. A centred or left-aligned line right
    below a line that leaves a bracket open goes on (a title over two lines, ``（牵头单位`` /
    ``：市民政局``); so does a character printed below a single character (a name set vertically).
    Where paragraphs are not indented (``flat``), a numbered item, heading or date after a finished
    sentence, and the line after a notice's addressees, start a paragraph. Otherwise the line
    before must end where this line's first word would not have fitted, and this one start at
    the left edge.
    """
    if abs(item.size - previous.size) >= 0.5 or _ARTICLE.match(item.text):
        return False
    near = item.page == previous.page and item.top - previous.bottom < 1.5 * item.size
    if _NO_LINE_START.match(item.text) and (near or item.page != previous.page):
        return True
    if (near and _HAN_CHAR.match(item.text) and _HAN_CHAR.match(previous.text)
            and abs(item.x0 - previous.x0) < item.size):
        return True
    indent, short = item.x0 - left, right - item.x1
    centred = indent > 0.5 * item.size and short > 0.5 * item.size and abs(indent - short) < 1.5 * item.size
    at_left = abs(item.x0 - left) < 0.5 * item.size
    if near and _open_bracket(paragraph) and (centred or at_left) and not _OPENS_ITEM.match(item.text):
        return True
    if flat and (_SENTENCE_END.search(previous.text) and _OPENS_ITEM.match(item.text) or _ADDRESSEES.match(paragraph)):
        return False
    # the line before ends where this line's first word would not have fitted
    return right - previous.x1 < item.first_word + previous.size and at_left


_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uff0f\uff1a-\uff20,.;:!?)\]”’]$")


def _flow(pages: list[list]) -> Extracted:
    """Join the lines of one paragraph (see :func:`_continues`); a table row is a line of its own.

    Whether paragraphs open with a first-line indent is read from the lines after a line that
    ends short; where they do not ("flat"), a line that opens a numbered item or heading, or is a
    date, after a finished sentence starts a paragraph, and so does the line after a notice's
    addressees.
    """
    lines = [item for page in pages for item in page if isinstance(item, _Line)]
    tables = [item[2] for page in pages for item in page if not isinstance(item, _Line)]
    # the text block: lines that end in punctuation may hang past its right edge
    left = min([line.x0 for line in lines if len(line.text) >= 4] + [box[0] for box in tables], default=0)
    right = max([line.x1 - (line.size if _PUNCTUATION.search(line.text) else 0) for line in lines
                 if len(line.text) >= 8] + [box[2] for box in tables], default=0)
    # do paragraphs open with a first-line indent? look at the lines after a line that ends short
    starts = [line for before, line in zip(lines, lines[1:], strict=False) if right - before.x1 > 3 * before.size]
    flat = bool(starts) and sum(1 for line in starts if line.x0 - left >= 1.5 * line.size) < len(starts) / 2
    out = Extracted()
    previous: _Line | None = None
    header: str | None = None
    for page in pages:
        for item in page:
            if not isinstance(item, _Line):
                rows = item[1]
                if rows and rows[0][0] == header:
                    rows = rows[1:]  # a table continued on a new page repeats its header
                elif rows:
                    header = rows[0][0]
                for text, place in rows:
                    out.add(text, place)
                previous = None
                continue
            continues = previous is not None and _continues(previous, item, out.lines[-1], left, right, flat)
            if continues:
                ascii_join = re.search(r"[0-9A-Za-z,.;:]$", out.lines[-1]) and re.match(r"[0-9A-Za-z]", item.text)
                gap = " " if ascii_join else ""
                out.lines[-1] += gap + item.text
                if "(OCR" in item.place and "(OCR" not in out.locations[-1]:  # a text paragraph going on in a scan
                    out.locations[-1] += f", continued on {item.place}"
            else:
                out.add(item.text, item.place)
            previous = item
    return out
