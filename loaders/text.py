"""Bytes to clean lines: encoding detection, HTML stripping, page debris.

Line numbers are kept 1-based against the file as stored, so every fact can be checked
against the page: cleaning changes what a line holds, never how lines are numbered.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser


class LoadError(ValueError):
    """A file that cannot be read as a policy document; the message names the file."""


_ENCODINGS = ("utf-8-sig", "gb18030")
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])
# the high bytes of the UTF-16 code units of Han characters (U+4E00–U+9FFF)
_HAN_HIGH_BYTES = bytes(range(0x4E, 0xA0))
_SPACES = re.compile(r"[^\S\t]+|[\u3000\xa0\u200b\ufeff]+")  # runs of spaces; a TAB (a table's cell edge) stays
_TAB = re.compile(r" *\t *")
_HTML_HINT = re.compile(r"<\s*(html|body|div|p|br|span|table|td|tr|meta|script)\b", re.I)
# Web-page furniture that is never part of the document.
_DEBRIS = re.compile(
    r"^(打印|字号[:：]?.*|【?\s*(关闭窗口|打印本页|关闭)\s*】?.*|扫一扫.*|相关解读|文字解读|图片解读|视频解读|"
    r"访谈解读|媒体报道|文件下载|附件下载|政策咨询|浏览次数.*|分享到.*|[大中小]|\|)$"
)
_DEBRIS_LINE = re.compile(_DEBRIS.pattern, re.M)  # a line of debris among lines joined by line breaks

# Site furniture: a line that holds one of these is the site's, never the document's. Every word opens with a
# plain character, so the regex engine skips to their openings by its fast scan for a set of characters (half
# the instructions of a lookahead tried at every position); the Latin words, matched in any case, stand apart,
# tried only on a line with a P, which each of them holds.
FURNITURE_WORDS = (
    r"(备案号|备案序号|公网安备|网站标识码|网站识别码|版权所有|©|技术支持[:：]|网站地图|"
    r"联系我们|关于我们|政府网站找错|适老化无障碍|无障碍浏览|建议使用.{0,20}浏览器|分辨率|当前位置[:：]|"
    r"您的位置[:：]|扫一扫在手机|用手机扫描二维码|上一篇[:：]|下一篇[:：]|【\s*打印|【\s*关闭|"
    r"字体[:：]\s*【?\s*大|\[\s*打印\s*\])")
_FURNITURE = re.compile(FURNITURE_WORDS)
_FURNITURE_LATIN = re.compile(r"ICP\s*备|ICP证|Copyright", re.I)
# labels a footer gives the site's owners; read as furniture only next to furniture
_SITE_LABEL = re.compile(r"^(主办单位|承办单位|协办单位|主办|承办|运维单位|维护单位|联系电话|联系方式|地址|邮编|"
                         r"邮政编码|电子邮箱|传真)\s*[:：]")


def is_furniture(text: str) -> bool:
    """A line of site furniture (footer, breadcrumb, share and print buttons), not of the document.

    >>> is_furniture("主办单位：某市人民政府办公室 备案号：X ICP备00000000号")
    True
    >>> is_furniture("主办单位：市民政局")
    False
    """
    return len(text) <= 300 and bool(_FURNITURE.search(text)
                                     or ("p" in text or "P" in text) and _FURNITURE_LATIN.search(text))


# Radical forms with no NFKC mapping that PDF fonts print for whole characters (⻔ for 门).
_RADICAL_FORMS = dict(zip("⺠⻄⻅⻆⻉⻋⻓⻔⻘⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻬⻮⻰⻁",
                          "民西见角贝车长门青页风飞食马骨鬼鱼鸟卤麦黄齐齿龙虎", strict=True))
# Blocks of compatibility forms that stand for ordinary characters: CJK radicals, Kangxi radicals,
# compatibility ideographs, Latin ligatures. Only these are NFKC-normalised: NFKC would also turn the
# full-width （）：；，and the circled ①② the parser reads into ASCII.
_COMPATIBILITY = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0xFB00, 0xFB06), (0x2F800, 0x2FA1F))
_CHARACTERS = {cp: _RADICAL_FORMS.get(chr(cp), unicodedata.normalize("NFKC", chr(cp)))
               for low, high in _COMPATIBILITY for cp in range(low, high + 1)}
_CHARACTERS = {cp: text for cp, text in _CHARACTERS.items() if text != chr(cp)}
_HAS_COMPATIBILITY = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _COMPATIBILITY) + "]")


def unify_characters(text: str) -> str:
    """Compatibility forms (a browser-printed PDF's Kangxi radicals ⼈⼯⼒, ⻔, 﨑) as the ordinary
    characters they stand for; everything else, full-width punctuation included, as it is.

    >>> unify_characters("⼈⼒资源社会保障部⻔（牵头单位：市⺠政局）①")
    '人力资源社会保障部门（牵头单位：市民政局）①'
    """
    return text.translate(_CHARACTERS) if _HAS_COMPATIBILITY.search(text) else text


@dataclass(frozen=True)
class Line:
    """One non-empty line: its 1-based number in the file and its text, spaces squeezed (a TAB kept: it
    separates the cells of a table saved one row per line)."""

    no: int
    text: str


class Decoded(str):
    """Decoded text, with ``warnings`` about bytes that could not be decoded."""

    warnings: list[str]

    def __new__(cls, text: str, warnings: list[str] | None = None) -> Decoded:
        decoded = super().__new__(cls, text)
        decoded.warnings = warnings or []
        return decoded


def decode(data: bytes, name: str) -> Decoded:
    """Decode ``data`` as UTF-8 (with or without BOM) or GB18030/GBK, whichever is valid.

    A UTF-8 file whose last character is cut short keeps the rest, with a warning. Compatibility
    forms become the characters they stand for (:func:`unify_characters`).

    >>> decode("关于推进养老服务高质量发展的通知".encode("gbk"), "x.txt")
    '关于推进养老服务高质量发展的通知'
    >>> decode("关于推进养老服务高质量发展的通知".encode()[:-1], "x.txt").warnings
    ['damaged UTF-8 at byte 45 of 47: the last 2 byte(s) were dropped']
    """
    if not data.strip():
        raise LoadError(f"{name}: empty file")
    sample = data[:4096]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if b"\x00" in sample or controls > len(sample) // 50:
        raise LoadError(f"{name}: binary file, not text")
    for encoding in _ENCODINGS:
        warnings = []
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            if encoding != "utf-8-sig" or error.reason != "unexpected end of data":
                continue
            text = data[:error.start].decode(encoding)  # a character cut short at the very end
            warnings = [f"damaged UTF-8 at byte {error.start} of {len(data)}: "
                        f"the last {len(data) - error.start} byte(s) were dropped"]
        text = unify_characters(text)
        if _looks_chinese(text):
            return Decoded(text, warnings)
    raise LoadError(f"{name}: cannot decode as UTF-8 or GB18030 Chinese text")


def _looks_chinese(text: str) -> bool:
    head = text[:4000]
    # Han characters counted by the high byte of each UTF-16 code unit: a character outside the BMP is two
    # surrogates (high bytes D8–DF), never counted; 8× fewer instructions than collecting the runs by a regex
    high = head.encode("utf-16-le")[1::2]
    han = len(high) - len(high.translate(None, _HAN_HIGH_BYTES))
    return han >= 10 and han >= len(head.strip()) // 20


class _TextExtractor(HTMLParser):
    _BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table", "td", "th", "section"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def strip_html(text: str) -> str:
    """Text of an HTML page (or of a text file with HTML debris), one block per line."""
    if not _HTML_HINT.search(text):
        return html.unescape(text) if "&nbsp;" in text or "&lt;" in text else text
    parser = _TextExtractor()
    parser.feed(text)
    return "".join(parser.parts)


def clean_lines(text: str) -> list[Line]:
    """Non-empty lines with their original numbers, without page debris and site furniture.

    A site label (主办单位：…, 联系电话：…) goes with the furniture it stands next to; on its
    own it is the document's (主办单位：市民政局 names an owner).
    """
    lines = []
    for no, raw in enumerate(text.splitlines(), start=1):
        squeezed = raw
        # most lines of Chinese text have no space: spare the slower substitutions (every other character
        # _SPACES or _TAB change is unprintable, and isprintable is a faster test than a regex scan)
        if " " in raw or not raw.isprintable():
            squeezed = _TAB.sub("\t", _SPACES.sub(" ", raw))
        squeezed = squeezed.strip()
        if squeezed:
            lines.append(Line(no, squeezed))
    # Most documents hold neither debris nor furniture: one scan over all the lines joined tells, where a search
    # of each line costs several times as much. The scan finds whatever a line holds (and perhaps a match across
    # a line break, which the lines then tried one by one do not confirm).
    if _DEBRIS_LINE.search(joined := "\n".join(line.text for line in lines)):
        lines = [line for line in lines if not _DEBRIS.match(line.text)]
        joined = "\n".join(line.text for line in lines)
    if not (_FURNITURE.search(joined) or ("p" in joined or "P" in joined) and _FURNITURE_LATIN.search(joined)):
        return lines
    furniture = {n for n, line in enumerate(lines) if is_furniture(line.text)}
    grown = True
    while grown:
        near = {n for n, line in enumerate(lines) if n not in furniture and _SITE_LABEL.match(line.text)
                and any(m in furniture for m in (n - 2, n - 1, n + 1, n + 2))}
        grown = bool(near)
        furniture |= near
    return [line for n, line in enumerate(lines) if n not in furniture]
