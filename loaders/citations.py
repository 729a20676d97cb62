"""Citations of higher-level documents: 文号 (issuer code + year + serial) and 《titles》.

>>> parse_number("国办发〔2024〕1号")
('国办发', '2024', '1')
>>> parse_number("皖政办[2021]16号")
('皖政办', '2021', '16')
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Citation
from .agencies import load_data
from .places import Place, find_places, prefectures_in

NUMBER = re.compile(r"([\u4e00-\u9fa5]{1,8}?)\s*[〔［\[（(【]\s*(\d{4})\s*[〕］\]）)】]\s*(\d{1,4})\s*号")
STANDARD = re.compile(r"\b(GB/T|GB|DB\s?\d{2,4}/T|DB\s?\d{2,4}|MZ/T|WS/T|JGJ|HJ)\s?(\d+(?:\.\d+)?)\s?[—–\-]\s?(\d{4})")
_TITLE = re.compile(r"《([^《》]{2,120}?(?:《[^《》]*》[^《》]*?)?)》")
_CLOSING = re.compile(r"[〕］\]）)】]")
# what may sit between a title and the number it carries
_TITLE_NUMBER_GAP = re.compile(r"^\s*[（(]?\s*$")


def _may_cite(text: str) -> bool:
    """Whether a line may cite anything at all: a title, a 文号 bracket (a year before a closing bracket), a
    standard. Substring tests first: a regex scan of every line costs ten times as much."""
    return ("《" in text or "GB" in text or "DB" in text
            or ("）" in text or ")" in text or "〕" in text or "］" in text or "]" in text or "】" in text)
            and _year_closed(text))


def _year_closed(text: str) -> bool:
    """A 文号 bracket: four digits, perhaps spaces, then a closing bracket (``\\d{4}\\s*[〕）…]``), told from the
    brackets back (they are rarer than digits, at each of which the pattern would be tried)."""
    for bracket in _CLOSING.finditer(text):
        before = text[:bracket.start()].rstrip()  # str.rstrip and \s strip the same characters
        if len(before) >= 4 and before[-4:].isdecimal():  # isdecimal is what \d matches
            return True
    return False


def parse_number(text: str) -> tuple[str, str, str] | None:
    match = NUMBER.search(text)
    return (match.group(1), match.group(2), match.group(3)) if match else None


def canonical_number(code: str, year: str, serial: str) -> str:
    return f"{code}〔{year}〕{int(serial)}号"


@lru_cache(maxsize=1)
def _issuers() -> dict:
    """data/issuers.json, extended by the files ``POLICYKG_ISSUERS`` lists."""
    return load_data("issuers.json", "POLICYKG_ISSUERS")


def issuer_of(code: str, own_code: str | None = None, own_place: Place | None = None) -> tuple[str | None, str | None]:
    """(issuing body, level) of an issuer code, from data/issuers.json and the citing place."""
    table = _issuers()
    if code in table["codes"]:
        entry = table["codes"][code]
        if not entry.get("province") or own_place is None or own_place.province == entry["province"]:
            return entry["issuer"], entry["level"]
    if own_code and own_place and own_place.level != "province" and code[0] == own_code[0]:
        return own_place.name, own_place.level  # shares the citing document's own numbering initial
    province = table["provinces"].get(code[0])
    if province:
        body = next((b for s, b in sorted(table["suffixes"].items(), key=lambda kv: -len(kv[0]))
                     if code[1:] == s), None)
        short = province.removesuffix("省").removesuffix("市")
        if body:
            return (f"中共{short}省{body}" if body.startswith("委") else province + body), "province"
        return province, "province"
    if own_place:  # 临政办字 in a Shandong document: the prefecture of Shandong named 临…
        cities = prefectures_in(own_place.province, code[0])
        if len(cities) == 1:
            return cities[0].name, "city"
    return None, None


def find_citations(text: str, line: int, own_number: str | None, own_code: str | None,
                   own_place: Place | None, own_title: str | None = None) -> list[Citation]:
    """Citations on one line: numbers (with the title just before them) and lone titles.

    A 《title》 that is the document's own (它印发的方案) is no citation.
    """
    if not _may_cite(text):
        return []
    found: list[Citation] = []
    used_titles: set[int] = set()
    titles = list(_TITLE.finditer(text))
    for match in NUMBER.finditer(text) if "号" in text else ():  # every 文号 ends in 号
        number = canonical_number(*match.groups())
        if own_number and number == own_number:
            continue
        title = None
        for t in titles:
            if t.end() <= match.start() and _TITLE_NUMBER_GAP.match(text[t.end(): match.start()]):
                title = t.group(1)
                used_titles.add(t.start())
        issuer, level = issuer_of(match.group(1), own_code, own_place)
        named = title_issuer(title, level, issuer)
        found.append(Citation(number=number, title=_clean_title(title), issuer=named or issuer, level=level,
                              line=line))
    for match in STANDARD.finditer(text):
        code = re.sub(r"\s", " ", match.group(1))
        title = None
        for t in titles:  # 《养老机构服务安全基本规范》(GB 38600-2019)
            if t.end() <= match.start() and _TITLE_NUMBER_GAP.match(text[t.end(): match.start()]):
                title = t.group(1)
                used_titles.add(t.start())
        found.append(Citation(number=f"{code} {match.group(2)}-{match.group(3)}", title=_clean_title(title),
                              issuer=None, level="standard", line=line, kind="standard"))
    for t in titles:
        own = own_title and _squeeze(t.group(1)) in own_title.replace(" ", "")
        if t.start() in used_titles or own or not _is_document_title(t.group(1)):
            continue
        title = _squeeze(t.group(1))
        issuer, level = title_level(title, own_place)
        found.append(Citation(number=None, title=title, issuer=issuer, level=level, line=line))
    return sorted(found, key=lambda c: text.find(c.title or c.number or ""))


def _clean_title(title: str | None) -> str | None:
    return _squeeze(title) if title else None


def _squeeze(title: str) -> str:
    """A title without its white space (a 《》's text is never empty, so it needs no None)."""
    return re.sub(r"\s+", "", title)


def _is_document_title(title: str) -> bool:
    """A 《》 that names a document (a plan, rule, standard …), not a slogan or a product."""
    return bool(re.search(r"(通知|意见|方案|规划|办法|规定|条例|规范|标准|指南|细则|计划|决定|纲要|法|目录|名录|"
                          r"清单|制度|评定|要求|安排|协议|协定|公约)"
                          r"([(（](试行|暂行|修订|\d{4}\s*[-—－~]\s*\d{4}年?|\d{4}年)[)）])?$", title))


_CENTRAL_TITLE = re.compile(r"^(中共中央|国务院|中国共产党|中华人民共和国|全国人民代表大会|国家|教育部|财政部|"
                            r"民政部|商务部|农业农村部|人力资源社会保障部|人力资源和社会保障部|国家卫生健康委|"
                            r"工业和信息化部)")


def title_issuer(title: str | None, level: str | None, code_issuer: str | None) -> str | None:
    """The issuers a cited title names before 关于, each with its place written out (中共福建省委、省政府 →
    中共福建省委、福建省人民政府), when they are several bodies: the 文号 names only the first.

    >>> title_issuer("中共福建省委、省政府关于印发<方案>的通知", "province", "中共福建省委")
    '中共福建省委、福建省人民政府'
    """
    if not title or "关于" not in title or not code_issuer:
        return None
    from .agencies import split_units

    head = title.split("关于", 1)[0]
    units = split_units(head)
    if len(units) < 2:
        return None
    place = next((p for u in units for p in find_places(u)), None)
    if place is None:
        return None
    named = []
    for unit in units:
        if unit.startswith(("省", "市", "县")) and not find_places(unit):
            unit = place.name + unit[1:]
        elif not find_places(unit) and not unit.startswith(("中共", "共青团")):
            unit = place.name + unit
        named.append(re.sub(r"(?<=[省市县])政府$", "人民政府", unit))
    return "、".join(named)


def title_level(title: str | None, own_place: Place | None) -> tuple[str | None, str | None]:
    """(issuer, level) of a document cited by its title alone: the bodies before 关于, and the level of the
    place the title names first (福建省… → province) or of a national title (中国共产党…, 国务院…).

    >>> title_level("中国共产党支部工作条例（试行）", None)
    (None, 'central')
    >>> title_level("福建省国企改革发展三年行动实施方案", None)
    (None, 'province')
    """
    if not title:
        return None, None
    from .agencies import _has_suffix

    issuer = title.split("关于", 1)[0] if "关于" in title[2:] else None
    if issuer:
        issuer = re.sub(r"^中共中央(?=国务院)", "中共中央、", issuer)
        if not _has_suffix(issuer.split("、")[-1]):  # 内地与香港关于…的安排: no body
            issuer = None
    if _CENTRAL_TITLE.match(title):
        return issuer, "central"
    places = find_places(issuer) if issuer else find_places(title[:12])
    if places and (issuer or title.startswith(places[0].name[:2])):
        return issuer, places[0].level
    return issuer, None
