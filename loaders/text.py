"""Bytes to clean lines: encoding detection, HTML stripping, page debris.

Line numbers are kept 1-based against the file as stored, so every fact can be checked
against the page: cleaning changes what a line holds, never how lines are numbered.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser


class LoadError(ValueError):
    """A file that cannot be read as a policy document; the message names the file."""


_ENCODINGS = ("utf-8-sig", "gb18030")
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SPACES = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")
_HTML_HINT = re.compile(r"<\s*(html|body|div|p|br|span|table|td|tr|meta|script)\b", re.I)
# Web-page furniture that is never part of the document.
_DEBRIS = re.compile(
    r"^(打印|字号[:：]?.*|【?\s*(关闭窗口|打印本页|关闭)\s*】?.*|扫一扫.*|相关解读|文字解读|图片解读|视频解读|"
    r"访谈解读|媒体报道|文件下载|附件下载|政策咨询|浏览次数.*|分享到.*|[大中小]|\|)$"
)


@dataclass(frozen=True)
class Line:
    """One non-empty line: its 1-based number in the file and its text, spaces squeezed."""

    no: int
    text: str


def decode(data: bytes, name: str) -> str:
    """Decode ``data`` as UTF-8 (with or without BOM) or GB18030/GBK, whichever is valid.

    >>> decode("关于推进养老服务高质量发展的通知".encode("gbk"), "x.txt")
    '关于推进养老服务高质量发展的通知'
    """
    if not data.strip():
        raise LoadError(f"{name}: empty file")
    sample = data[:4096]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if b"\x00" in sample or controls > len(sample) // 50:
        raise LoadError(f"{name}: binary file, not text")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text):
            return text
    raise LoadError(f"{name}: cannot decode as UTF-8 or GB18030 Chinese text")


def _looks_chinese(text: str) -> bool:
    head = text[:4000]
    han = len(_HAN.findall(head))
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
    """Non-empty, debris-free lines with their original numbers."""
    lines = []
    for no, raw in enumerate(text.splitlines(), start=1):
        squeezed = _SPACES.sub(" ", raw).strip()
        if not squeezed or _DEBRIS.match(squeezed):
            continue
        lines.append(Line(no, squeezed))
    return lines
