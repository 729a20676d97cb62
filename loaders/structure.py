"""Section and item numbering: 一、 / （一） / 1. / （1） / ① in full- and half-width forms."""
from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "一二三四五六七八九十百零〇"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# (kind, pattern); kind orders nesting: chapter > article > section > sub > item > subitem > point
_PATTERNS = [
    ("chapter", re.compile(rf"^第([{_CN}]+)[章部分]\s*")),
    ("article", re.compile(rf"^第([{_CN}]+)条\s*")),
    ("section", re.compile(rf"^([{_CN}]+)\s*[、，,．.]\s*")),
    ("sub", re.compile(rf"^[（(]\s*([{_CN}]+)\s*[)）]\s*[、.．]?\s*")),
    ("item", re.compile(r"^(\d{1,3})\s*(?:[.．、]|\s(?=\D))\s*(?!(?!\d{4}年)\d)")),
    ("subitem", re.compile(r"^[（(]\s*(\d{1,3})\s*[)）]\s*[、.．]?\s*")),
    ("point", re.compile(rf"^([{_CIRCLED}])\s*")),
]
RANK = {kind: rank for rank, (kind, _) in enumerate(_PATTERNS)}
# the patterns a first character may open, in order (a digit, \d, opens an item): most lines need none tried
_OPENERS = {"chapter": "第", "article": "第", "section": _CN, "sub": "（(", "subitem": "（(", "point": _CIRCLED}
_BY_OPENING: dict[str, list[tuple[str, re.Pattern]]] = {}
for _kind, _pattern in _PATTERNS:
    for _character in _OPENERS.get(_kind, ""):
        _BY_OPENING.setdefault(_character, []).append((_kind, _pattern))
_ITEM = [(kind, pattern) for kind, pattern in _PATTERNS if kind == "item"]


@dataclass(frozen=True)
class Heading:
    kind: str
    label: str  # the number without punctuation: "3", "六", "二十六", "①"
    rest: str  # the text after the number


def heading(text: str) -> Heading | None:
    """The numbering that opens ``text``, if any.

    >>> heading("（三）优化机构养老服务供给")
    Heading(kind='sub', label='三', rest='优化机构养老服务供给')
    >>> heading("2023年底前完成") is None
    True
    >>> heading("１２．推进医养结合").label
    '12'
    """
    opening = text[:1]
    for kind, pattern in _BY_OPENING.get(opening) or (_ITEM if opening.isdecimal() else ()):
        match = pattern.match(text)
        if match and match.end() < len(text) or match and kind in ("sub", "subitem", "article"):
            if kind == "item" and re.match(r"^\d{4}", text):
                return None
            label = match.group(1)
            if kind in ("item", "subitem"):
                label = str(int(label))  # full-width １２ → 12
            return Heading(kind, label, text[match.end():].strip())
    return None


_TITLE = re.compile(r"^([^。；;，,：:]{2,40}?)[。：:]\s*(?=\S)")


def split_title(rest: str) -> tuple[str | None, str]:
    """Split "动态调整清单。依据…" into its short title and the full text.

    A numbered item often opens with a one-clause title ending in 。 before its body.
    """
    match = _TITLE.match(rest)
    if match:
        return match.group(1), rest
    return None, rest
