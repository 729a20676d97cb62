"""Who owns a task: agency brackets and phrases → (unit as written, role, basis).

Read forms: labelled brackets ``（牵头单位：X；责任单位：Y、Z）``, ``(责任单位:X、Y)``,
``（牵头单位：X，配合单位：Y）``; unlabelled ``(X、Y)``; phrases ``（X牵头，Y参与）``,
``（X、Y牵头负责）``, ``（X负责）``, ``X会同Y负责``, ``…按职责分工负责``. A lead exists only where
the text marks one, or where the document states a first-listed rule (列第一位者为牵头单位).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .agencies import is_unit, split_units

_LEAD_LABEL = r"牵头(?:单位|部门|领导)?|主办(?:单位)?|主责(?:单位|部门)"
_ASSIST_LABEL = r"配合(?:单位|部门)|协办(?:单位)?|参与(?:单位|部门)|协助(?:单位|部门)|责任(?:单位|部门)|实施(?:单位|主体)"
_TIME_LABEL = r"完成时限|完成时间|时间节点|时限要求|时间要求|时限"
_LABEL = re.compile(rf"({_LEAD_LABEL}|{_ASSIST_LABEL}|{_TIME_LABEL})\s*[:：]")
FIRST_LISTED_RULE = re.compile(
    r"(?:列|排|排列|排名)(?:在)?(?:第一位|首位|第一|最前)(?:的)?(?:者|单位|部门)?\s*(?:为|是)\s*牵头(?:单位|部门)")
_PHRASE = re.compile(r"^(.+?)(牵头负责|牵头|负责|参与|配合|协助|协同)$")
_HUITONG = re.compile(r"([^，,。；;（(]+?)会同([^，,。；;（(]+?)(?:共同)?负责")


@dataclass
class Owner:
    raw: str
    role: str  # lead | assist | responsible
    basis: str  # label | phrase | document-rule | list


def brackets(text: str) -> list[tuple[int, int, str]]:
    """Top-level bracketed spans of ``text``: (start, end, inner text), nesting respected."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（(":
            if depth == 0:
                start = i
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1, text[start + 1:i]))
    return spans


def parse_bracket(inner: str, first_is_lead: bool) -> list[Owner] | None:
    """Owners named by one bracket, or None when it is not an ownership bracket."""
    inner = inner.strip()
    if _LABEL.search(inner) and not re.fullmatch(rf"\s*({_TIME_LABEL})\s*[:：].*", inner):
        return _labelled(inner, first_is_lead)
    owners = _phrases(inner)
    if owners is not None:
        return owners
    units = split_units(inner)
    if units and all(is_unit(u) for u in units):
        return _lead_marked(units) or _listed(units, first_is_lead, "list")
    return None


_LEAD_MARK = re.compile(r"[（(]牵头(?:单位|部门)?[)）]$")


def _lead_marked(units: list[str]) -> list[Owner] | None:
    """市民政局（牵头）、市财政局: the marked unit leads and the others assist."""
    if not any(_LEAD_MARK.search(u) for u in units):
        return None
    return [Owner(_LEAD_MARK.sub("", u), "lead", "label") if _LEAD_MARK.search(u) else Owner(u, "assist", "label")
            for u in units]


def _labelled(inner: str, first_is_lead: bool) -> list[Owner]:
    marks = list(_LABEL.finditer(inner))
    units_by_mark = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(inner)
        units_by_mark.append([u for u in split_units(inner[mark.end():end]) if u])
    if not any(re.fullmatch(_LEAD_LABEL, m.group(1)) for m in marks):
        marked = _lead_marked([u for m, units in zip(marks, units_by_mark)
                               if not re.fullmatch(_TIME_LABEL, m.group(1)) for u in units])
        if marked:
            return marked
    has_lead = any(re.fullmatch(_LEAD_LABEL, m.group(1)) for m in marks)
    owners: list[Owner] = []
    for mark, units in zip(marks, units_by_mark):
        if re.fullmatch(_TIME_LABEL, mark.group(1)):
            continue  # （责任单位：X，完成时限：2023年底）: the deadline is read from the task text
        if re.fullmatch(_LEAD_LABEL, mark.group(1)):
            owners += [Owner(u, "lead", "label") for u in units]
        elif has_lead:
            owners += [Owner(u, "assist", "label") for u in units]
        else:
            owners += _listed(units, first_is_lead, "label")
    return owners


def _listed(units: list[str], first_is_lead: bool, basis: str) -> list[Owner]:
    if first_is_lead and units:
        return [Owner(units[0], "lead", "document-rule")] + [
            Owner(u, "assist", "document-rule") for u in units[1:]]
    return [Owner(u, "responsible", basis) for u in units]


def _phrases(inner: str) -> list[Owner] | None:
    """（X牵头，Y参与） / （X、Y牵头负责） / （X负责） / （各有关部门按职责分工负责）."""
    match = _HUITONG.fullmatch(inner.strip("。"))
    if match:
        lead, assist = split_units(match.group(1)), split_units(match.group(2))
        if all(is_unit(u) for u in lead + assist):
            return [Owner(u, "lead", "phrase") for u in lead] + [Owner(u, "assist", "phrase") for u in assist]
    segments = [s.strip() for s in re.split(r"[，,；;]", inner) if s.strip()]
    owners: list[Owner] = []
    for segment in segments:
        segment = re.sub(r"(按照?职责分工|按职责|分别|共同)", "", segment)
        match = _PHRASE.match(segment)
        if not match:
            return None
        units = split_units(match.group(1))
        if not units or not all(is_unit(u) for u in units):
            return None
        verb = match.group(2)
        role = "lead" if verb.startswith("牵头") else "assist" if verb in ("参与", "配合", "协助", "协同") else "responsible"
        owners += [Owner(u, role, "phrase") for u in units]
    if not owners:
        return None
    if any(o.role == "lead" for o in owners):
        owners = [o if o.role == "lead" else Owner(o.raw, "assist", o.basis) for o in owners]
    else:
        owners = [Owner(o.raw, "responsible", o.basis) for o in owners]
    return owners


def sentence_phrase(text: str) -> list[Owner]:
    """``X会同Y负责…`` written in the running text rather than in a bracket."""
    match = _HUITONG.search(text)
    if not match:
        return []
    lead, assist = split_units(match.group(1)), split_units(match.group(2))
    if lead and all(is_unit(u) for u in lead + assist):
        return [Owner(u, "lead", "phrase") for u in lead] + [Owner(u, "assist", "phrase") for u in assist]
    return []
