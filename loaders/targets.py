"""Measurable targets: metric, comparator, value, unit, due date.

A target is a quantity bound by a comparator (不低于, 不少于, 至少, 以上, 不超过, 最高, 超过, 小于 …)
or by a verb of attainment (达到, 实现, 保持在, 建成, 新建, 改造, 完成 …). Ages (65周岁以上),
ranges (1-2个) and attributive qualifiers (建筑面积1000平方米以下的建筑) are not targets.

>>> t = find_targets("2023年底前,全市养老机构护理型床位比例不低于52%。")[0]
>>> t.metric, t.op, t.value, t.unit, t.by
('全市养老机构护理型床位比例', '>=', 52.0, '%', '2023-12-31')
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import cn2an

from ..model import Target
from .deadlines import find_in_text, normalise

_UNITS = r"万元|亿元|元|平方米|万人|人次|张|户|家|个|所|处|人|名|天|次|项|座|支|条|间|部|米|%|％"
_CN_NUM = r"[零一二两三四五六七八九十百千万]+"
_NUMBER = rf"(\d+(?:\.\d+)?|{_CN_NUM})"
_LOWER = r"不低于|不少于|不得少于|不得低于|至少|最少|不小于"
_UPPER = r"不超过|不高于|不得超过|最高不超过|最高|不多于|以内|控制在"
_REACH = (r"达到|达|超过|超|提高到|提升到|保持在|稳定在|稳定保持在|实现|建成|建有|配有|新建|改造|发展|培育|打造|"
          r"完成|创建|新增|增加到|力争")
_COMPARATORS = rf"{_LOWER}|{_UPPER}|{_REACH}|低于|高于|小于|大于"
# where a target may open (a comparator, a space, 各 or its number): tested before the alternatives are tried
_OPENING = "[" + "".join(sorted({w[0] for w in _COMPARATORS.split("|")} | set("各零一二两三四五六七八九十百千万"))) \
    + r"\s\d]"
_TARGET = re.compile(
    rf"(?={_OPENING})(?P<pre>{_COMPARATORS})?\s*各?\s*"
    rf"(?P<num>{_NUMBER})\s*(?P<range>[—\-~～]\s*{_NUMBER}\s*)?(?P<unit>{_UNITS})(?P<post>以上|以下|及以上|左右)?"
)
# a number right before a unit, which every target holds: a text without one has no target
_NUMBER_UNIT = re.compile(rf"[\d零一二两三四五六七八九十百千万]\s*(?:{_UNITS})")
_CLAUSE = re.compile(r"[，,。；;：:、！!？?（）()“”\s]")
_SENTENCE_END = "。；;"
_LEAD_FILLER = re.compile(
    r"^(?:(?:到|至|在|于)?\d{4}年(?:底|末)?(?:前)?|力争|确保|推动|推进|实现|使|让|其中|同时|并|要|每年|全年)+")
_TRAILING_MODAL = re.compile(r"(要|应|应当|须|必须|将|均|一般|可)+$")
_YEAR_OPENING = re.compile(r"^(?:到|至|在|于)?(\d{4})年(?!起|以来|开始|以前)")


@lru_cache(maxsize=4096)
def _number(text: str) -> float:
    """The value of a number as written (cached: cn2an reads 两千 slowly, and quantities repeat)."""
    return float(text) if re.match(r"\d", text) else float(cn2an.cn2an(text, "smart"))


_LOWER_WORDS, _UPPER_WORDS = frozenset(_LOWER.split("|")), frozenset(_UPPER.split("|"))
_LOWER_AT_END, _UPPER_AT_END = re.compile(rf"(?:{_LOWER})$"), re.compile(rf"(?:{_UPPER})$")
_LONGEST = max(map(len, _LOWER_WORDS | _UPPER_WORDS))


def _op(pre: str | None, post: str | None, before: str) -> str | None:
    pre = pre or ""
    tail = max(0, len(before) - _LONGEST - 1)  # a comparator ending the text starts here at the earliest
    # 至少建有1所 / 每千名老年人至少配有1名: a comparator ahead of the verb binds the quantity
    if _LOWER_AT_END.search(before, tail) or pre in _LOWER_WORDS or post in ("以上", "及以上"):
        return ">="
    if _UPPER_AT_END.search(before, tail) or pre in _UPPER_WORDS or post == "以下":
        return "<="
    if pre in ("低于", "小于"):
        return "<"
    if pre in ("超过", "超", "高于", "大于"):
        return ">"
    return "=" if pre else None


def _due(text: str, start: int, end: int, issued: date | None) -> str | None:
    """The target's date: a deadline in its sentence, else a year that opens the sentence or text."""
    sentence_start = max(text.rfind(p, 0, start) for p in _SENTENCE_END) + 1
    sentence = text[sentence_start:end]
    deadline = find_in_text(sentence, issued)
    if deadline is None:  # a year opening the target's clause or sentence: "2025年改造不少于425户"
        clause = text[max(text.rfind(p, 0, start) for p in "，,；;。") + 1:start]
        opening = _YEAR_OPENING.match(clause) or _YEAR_OPENING.match(sentence.lstrip("，, "))
        deadline = normalise(opening.group(0), issued) if opening else None
    if deadline is None:  # "2024年底,…。护理型床位达到60%以上": the date opening the paragraph
        leading = find_in_text(text[:12], issued)
        deadline = leading if leading and text.startswith(leading.raw[:4]) else None
    if deadline and deadline.kind in ("date", "interval"):
        return deadline.end
    return None


def find_targets(text: str, issued: date | None = None, line: int | None = None) -> list[Target]:
    """Targets stated in ``text``."""
    targets: list[Target] = []
    if not _NUMBER_UNIT.search(text):
        return targets
    previous_end, previous_op, previous_metric = -1, None, ""  # previous_metric is read only after a target
    backwards = text[::-1]  # where the clause before a match starts: the first clause mark backwards from it
    for match in _TARGET.finditer(text):
        before = text[: match.start()]
        op = _op(match["pre"], match["post"], before)
        listed = op is None and previous_op and text[previous_end: match.start()] == "、"
        if listed:  # 每百户不低于30平方米、20平方米: the list shares its comparator
            op = previous_op
        if op is None or match["range"] or text.startswith(("周岁", "岁"), match.end()):
            continue
        mark = _CLAUSE.search(backwards, len(text) - match.start())
        clause_start = len(text) - mark.start() if mark else 0
        metric = _TRAILING_MODAL.sub("", _LEAD_FILLER.sub("", before[clause_start:])).strip()
        if match["post"] and text[match.end(): match.end() + 1] == "的" and metric:
            continue  # 利用建筑面积1000平方米以下的建筑: a qualifier, not a goal
        if listed and not metric:
            metric = previous_metric
        if not metric:  # 60%以上的养老机构开展… / 完成200户特殊困难老年人家庭适老化改造
            metric = re.split(r"[，,。；;]", text[match.end():], maxsplit=1)[0].lstrip("的").strip()
        if not metric:  # 推进老旧小区加装电梯,全年不少于30部: the clause before names it
            clauses = [c for c in re.split(r"[，,；;]", before) if c.strip()]
            metric = clauses[-2].strip() if len(clauses) >= 2 else ""
        if not metric or len(metric) < 2:
            continue
        unit = "%" if match["unit"] == "％" else match["unit"]
        targets.append(Target(raw=text[clause_start: match.end()].strip(), metric=metric, op=op,
                              value=_number(match["num"]), unit=unit,
                              by=_due(text, match.start(), match.end(), issued), line=line))
        previous_end, previous_op, previous_metric = match.end(), op, metric
    return targets
