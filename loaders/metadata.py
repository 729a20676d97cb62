"""Policy metadata: 文号, title, issuer, dates, validity, and the place that issued it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .citations import NUMBER, canonical_number, issuer_of
from .places import Place, country, find_places, is_central_issuer, lookup
from .text import Line

_FIELD = re.compile(r"^[•·\s]*(索引号|索 引 号|发布机构|组配分类|主题分类|成文日期|发文日期|发布日期|公文生成日期|"
                    r"发文字号|文号|备注/文号|标题|文 号|关键词|名称|名 称|有效性|效力状态|时间|政策咨询机关|"
                    r"政策咨询电话|信息来源|发文机关|主题词)\s*[:：|]\s*(.*)$")
_DATE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?")
_ORG_LINE = re.compile(r"^[\u4e00-\u9fa5]{2,30}"
                       r"(人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|局|厅)$")
_ISSUERS_COUNTED = re.compile(r"^[\u4e00-\u9fa5]{2,30}等\s*\d+\s*(?:个)?部门$")  # 山东省商务厅等4部门
_SIGNATURE = re.compile(r"^([\u4e00-\u9fa5]{2,30}"
                        r"(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|局|厅))?\s*"
                        r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:印发)?$")
# a signature inside a glued header line: …现予以印发。 平潭综合实验区管委会办公室 2021年3月29日平潭…
_GLUED_SIGNATURE = re.compile(r"[。\s》）)]([\u4e00-\u9fa5]{2,30}"
                              r"(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|管委会))"
                              r"\s*(\d{4})年(\d{1,2})月(\d{1,2})日")
_PLAN_TITLE = re.compile(r"^[\u4e00-\u9fa5（）()\d\-—、“”]{6,60}"
                         r"(清单|方案|计划|规划|意见|办法|细则|分解表|分工表|任务表|一览表|台账)$")
# a crawler's body line: the 文号 glued to the title it opens (岚综管办〔2015〕70号平潭…关于印发…的通知区直各单位…)
_GLUED_NUMBER_TITLE = re.compile(rf"^\s*(?P<number>{NUMBER.pattern})\s*"
                                 r"(?P<title>[^，,。：:；;\s]{4,120}?关于[^，,。：:；;\s]{2,100}?的通知)")
_UNIT_END = "局委厅办部院心所站组处馆社"  # a place right after these characters is part of a sentence
_TITLE_END = re.compile(r"(通知|意见|方案|计划|规划|办法|决定|清单|细则|规定|函)$")


@dataclass
class Metadata:
    number: str | None = None
    title: str | None = None
    issuer: str | None = None
    issued: str | None = None
    published: str | None = None
    validity: str | None = None
    place: Place | None = None
    parent: Place | None = None
    number_code: str | None = None


def _iso(text: str) -> str | None:
    match = _DATE.search(text)
    return _valid(match[1], match[2], match[3]) if match else None


def _valid(year: str, month: str, day: str) -> str | None:
    """An ISO date, or None for one that does not exist (2021年2月29日 in a damaged text).

    >>> _valid("2021", "2", "29") is None, _valid("2024", "2", "29")
    (True, '2024-02-29')
    """
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _fields(lines: list[Line]) -> dict[str, str]:
    """Header fields ``名称: value`` (value on the same line, or on the next)."""
    fields: dict[str, str] = {}
    for i, line in enumerate(lines[:80]):
        text = line.text
        # table-like header: 文号: | X | 成文日期: | Y |
        if "|" in text:
            cells = [c.strip() for c in text.strip("|").split("|")]
            for key, value in zip(cells[::2], cells[1::2], strict=False):
                fields.setdefault(re.sub(r"[\s:：]", "", key), value)
            continue
        match = _FIELD.match(text)
        if match:
            key = re.sub(r"\s|备注/", "", match.group(1))
            value = match.group(2).strip()
            if not value and i + 1 < len(lines) and not _FIELD.match(lines[i + 1].text):
                value = lines[i + 1].text
            fields.setdefault(key, value)
    return fields


def read_metadata(lines: list[Line]) -> Metadata:
    meta = Metadata()
    fields = _fields(lines)
    head = lines[:60]
    glued = next((m for ln in head[:5] if (m := _GLUED_NUMBER_TITLE.match(ln.text))), None)
    if glued and not (fields.get("名称") or fields.get("标题")):
        fields["标题"] = glued["title"]
    number_text = fields.get("文号") or fields.get("发文字号") or (glued and glued["number"]) or next(
        (ln.text for ln in head if NUMBER.fullmatch(ln.text.strip())), None) or next(
        (ln.text.split(" ")[0] for ln in head[:5] if NUMBER.fullmatch(ln.text.split(" ")[0])), None)
    if number_text and (match := NUMBER.search(number_text)):
        meta.number = canonical_number(*match.groups())
        meta.number_code = match.group(1)
    meta.title = _title(fields, head)
    meta.validity = fields.get("有效性") or fields.get("效力状态")
    # a signature ends in a date: a line without 日 is none (a substring test spares the regex on most lines)
    signature = next((m for ln in lines if "日" in ln.text and (m := _SIGNATURE.match(ln.text.replace(" ", "")))),
                     None) or next(
        (m for ln in lines[:5] for m in _GLUED_SIGNATURE.finditer(ln.text)), None)
    meta.issued = _iso(fields.get("成文日期") or fields.get("公文生成日期") or "") or (
        _valid(signature[2], signature[3], signature[4]) if signature else None)
    meta.published = _iso(fields.get("发布日期") or fields.get("发文日期") or fields.get("时间") or "")
    meta.issuer = _issuer(fields, meta.title, lines)
    meta.place, meta.parent = _place(meta, lines)
    if meta.issuer and meta.place and not find_places(meta.issuer) and meta.issuer.startswith(("市", "县", "区")):
        meta.issuer = meta.place.name + meta.issuer[1:]
    if not meta.issuer and meta.place:
        meta.issuer = meta.place.name + "人民政府"
    return meta


def _title(fields: dict[str, str], head: list[Line]) -> str | None:
    if fields.get("名称") or fields.get("标题"):
        return (fields.get("名称") or fields["标题"]).replace(" ", "")
    # a 关于…的通知 heading, possibly broken over lines, possibly after its issuer's line
    for i, line in enumerate(head):
        if "关于" not in line.text or len(line.text) > 120 or _FIELD.match(line.text):
            continue
        if re.search(r"[，,。：:]", line.text) or line.text.startswith(("为", "经", "根据")):
            continue
        parts = [line.text]
        j = i
        while not _TITLE_END.search(parts[-1]) and j + 1 < len(head) and len(parts) < 4:
            j += 1
            if re.search(r"[，,。：:]", head[j].text):
                break
            parts.append(head[j].text)
        if not _TITLE_END.search(parts[-1]):
            continue
        if i > 0 and (_ORG_LINE.match(head[i - 1].text) or _ISSUERS_COUNTED.match(head[i - 1].text)) \
                and line.text.startswith("关于"):
            parts.insert(0, head[i - 1].text)
        return "".join(parts).replace(" ", "")
    # a plan or list that opens with its own name (历下区适老化改造工作任务清单)
    return next((ln.text.replace(" ", "") for ln in head[:5] if _PLAN_TITLE.match(ln.text.replace(" ", ""))), None)


def _issuer(fields: dict[str, str], title: str | None, lines: list[Line]) -> str | None:
    """The issuing body: from the title, the signature, or the 发布机构 field, one naming a place first."""
    candidates: list[str] = []
    header = _header_issuers(lines)
    if header:
        candidates.append(header)
    if title and "关于" in title and not title.startswith("关于"):
        candidates.append(title.split("关于")[0])
    signatures = [_SIGNATURE.match(line.text.replace(" ", "")) if "日" in line.text else None for line in lines]
    for line, match in zip(lines, signatures, strict=True):
        if match and match.group(1) and not line.text.endswith("印发"):  # 印发: the office that printed it
            candidates.append(match.group(1))
    for i, line in enumerate(lines[:-1]):
        if signatures[i + 1] and _ORG_LINE.match(line.text.replace(" ", "")):
            candidates.append(line.text.replace(" ", ""))
    if fields.get("发布机构") or fields.get("发文机关"):
        candidates.append(fields.get("发布机构") or fields["发文机关"])
    with_place = [c for c in candidates if find_places(c) or lookup(c[:2])]
    return (with_place or candidates)[0] if candidates else None


def _header_issuers(lines: list[Line]) -> str | None:
    """The issuers a document's head names, one a line (a red-header 文件) or several on one line, before its
    文号 or title: 山东省商务厅 / 山东省财政厅 → 山东省商务厅、山东省财政厅. One issuer alone is left to the
    other sources (the title, the signature), which say the same or more."""
    names: list[str] = []
    for line in lines[:10]:
        parts = [p for p in line.text.split(" ") if p]
        if parts == ["文件"] or line.text.replace(" ", "") == "文件":
            continue
        if parts and all(_ORG_LINE.match(p) for p in parts):
            names += parts
        elif names:
            break
    return "、".join(names) if len(names) >= 2 else None


def _place(meta: Metadata, lines: list[Line]) -> tuple[Place | None, Place | None]:
    """The issuing place: the country for a central issuer; else from the issuer, the title or the
    文号's issuer code, else the place the text names most — never a place name glued after a unit's
    name (县人社局会同县卫健局 names no 会同县)."""
    if is_central_issuer(meta.issuer):
        return country(), None
    code_issuer = issuer_of(meta.number_code)[0] if meta.number_code else None
    for text in (meta.issuer, meta.title, code_issuer):
        if text:
            places = find_places(text)
            if places:
                return places[0], _parent(places[0])
    counts: dict[Place, int] = {}
    for line in lines:
        for place in find_places(line.text):
            at = line.text.find(place.name)
            if at > 0 and line.text[at - 1] in _UNIT_END:  # 县人社局会同县卫健局: 会同县 is no place here
                continue
            counts[place] = counts.get(place, 0) + 1
    if counts:
        best = max(counts, key=lambda p: (counts[p], p.level != "province"))
        return best, _parent(best)
    return None, None


def _parent(place: Place) -> Place | None:
    if place.level == "county" and place.city:
        return next((p for p in lookup(place.city) if p.level == "city"), None)
    return None
