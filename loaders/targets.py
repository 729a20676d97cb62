"""Measurable targets: metric, comparator, value, unit, due date.

>>> t = find_targets("2023年底前,全市养老机构护理型床位比例不低于52%。")[0]
>>> t.metric, t.op, t.value, t.unit, t.by
('全市养老机构护理型床位比例', '>=', 52.0, '%', '2023-12-31')
"""
from __future__ import annotations

import re
from datetime import date

import cn2an

from ..model import Target
from .deadlines import find_in_text

_UNITS = r"万元|亿元|元|平方米|万人|人次|张|户|家|个|所|处|人|名|天|次|项|座|支|条|间|%|％"
_CN_NUM = r"[零一二两三四五六七八九十百千万]+"
_NUMBER = rf"(\d+(?:\.\d+)?|{_CN_NUM})"
_LOWER = r"不低于|不少于|至少|最少|不小于"
_UPPER = r"不超过|不高于|最高不超过|最高|不多于|以内|控制在"
_REACH = r"达到|达|超过|超|提高到|提升到|保持在|稳定在|稳定保持在|实现|为|建成|建有|配有|新建|改造|发展|培育|打造|完成|创建|开设|配置"
_TARGET = re.compile(
    rf"(?P<pre>{_LOWER}|{_UPPER}|{_REACH}|低于|高于)?\s*"
    rf"(?P<num>{_NUMBER})\s*(?:[—\-~～]\s*(?P<num2>{_NUMBER})\s*)?(?P<unit>{_UNITS})(?P<post>以上|以下|及以上|左右)?"
)
_CLAUSE = re.compile(r"[，,。；;：:、！!？?（）()“”\s]")
_LEAD_FILLER = re.compile(
    r"^(?:(?:到|至|在|于)?\d{4}年(?:底|末)?(?:前)?|力争|确保|推动|推进|实现|使|让|其中|同时|并|要|每年|全年)+")


def _number(text: str) -> float:
    return float(text) if re.match(r"\d", text) else float(cn2an.cn2an(text, "smart"))


def _op(pre: str | None, post: str | None) -> str | None:
    pre = pre or ""
    if re.fullmatch(_LOWER, pre) or post in ("以上", "及以上"):
        return ">="
    if re.fullmatch(_UPPER, pre) or post == "以下":
        return "<="
    if pre == "低于":
        return "<"
    if pre in ("超过", "超", "高于"):
        return ">"
    if pre:
        return "="
    return None


def find_targets(text: str, issued: date | None = None, line: int | None = None) -> list[Target]:
    """Targets stated in ``text``: a quantity bound by a comparator or a goal verb."""
    targets = []
    for match in _TARGET.finditer(text):
        op = _op(match["pre"], match["post"])
        if op is None:
            continue
        before = text[: match.start()]
        # an age is a qualifier of who is served, not a goal
        if re.search(r"(周岁|岁)", text[match.end(): match.end() + 2]):
            continue
        clause_start = max((m.end() for m in _CLAUSE.finditer(before)), default=0)
        metric = _LEAD_FILLER.sub("", before[clause_start:]).strip()
        if not metric or len(metric) < 2:
            continue
        raw_start = clause_start + (len(before[clause_start:]) - len(before[clause_start:].lstrip()))
        value = _number(match["num2"] or match["num"]) if op == "<=" else _number(match["num"])
        sentence_start = max(text.rfind(p, 0, match.start()) for p in "。；;") + 1
        # the sentence's own deadline, else the one that opens the paragraph (2024年底,…。…)
        deadline = find_in_text(text[sentence_start: match.end()], issued) or find_in_text(
            text[: match.start()], issued)
        unit = "%" if match["unit"] == "％" else match["unit"]
        targets.append(Target(raw=text[raw_start: match.end()], metric=metric, op=op, value=value,
                              unit=unit, by=deadline.end if deadline and deadline.kind == "date" else None,
                              line=line))
    return targets
