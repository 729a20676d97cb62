"""Owners written as headings: a heading that is itself a unit, its duties below it.

``（五）区社会事业局`` followed by ``1.认真贯彻…`` ``2.…``, or ``第十一条 市商务局`` followed by its duties:
every duty is a task of that unit (``responsible``; ``lead`` only where the duty says 牵头). A heading with
no numbered duties is one task. In a section that divides work (职责分工) or in an article, a heading may
open with its owner and go on with the duty (``（二）区宣传与影视发展部充分发挥…``). An owner that is no
government body (学校, 家庭, 服务平台) is kept as written, with kind ``non-government``.

>>> from policykg.loaders import load_text
>>> text = "五、职责分工\\n（一）区民政局\\n1.牵头负责养老服务。\\n2.做好救助。\\n（二）学校\\n1.加强管理。"
>>> doc = load_text(text, "x.txt")
>>> [(t.path, t.number, [(a.raw, a.role, a.kind) for a in t.agencies]) for t in doc.tasks]
... # doctest: +NORMALIZE_WHITESPACE
[(['五', '一'], '1', [('区民政局', 'lead', 'agency')]), (['五', '一'], '2', [('区民政局', 'responsible', 'agency')]),
 (['五', '二'], '1', [('学校', 'responsible', 'non-government')])]
"""
from __future__ import annotations

import re

from ..lexicon import lexicon
from ..owners import NON_GOVERNMENT, Owner, is_non_government, leading_units
from ..structure import RANK, Heading
from ..types import Draft, Reading, Segment

NAME = "owner-headings"
CLAIMS = "a heading that names its owner, with the duties below it"
_HEADING_KINDS = ("article", "section", "sub")
_DEFINITION = re.compile(r"^[^，,。；;]{0,40}(?:是|为)[^，,。；;]{0,30}的[^，,。；;]{0,12}[。；;]?$")
_LEAD = re.compile(r"牵头(?!单位|部门)")


def recognize(reading: Reading) -> None:
    segments = reading.segments
    for i, seg in enumerate(segments):
        head = seg.head
        if head is None or seg.claimed or head.kind not in _HEADING_KINDS:
            continue
        found = _owners(reading, i)
        if found is None:
            continue
        units, rest, first = found
        duties = _duties(reading, first, RANK[head.kind])
        for piece in segments[i:first]:
            piece.claimed = NAME
        if not duties:
            block = reading.block(first) if first < len(segments) and segments[first].kind != "heading" else []
            text = rest + "".join(s.text for s in block)
            if _DEFINITION.match(text):  # 第三条 平台机构 / X是本次活动的平台机构: says who, assigns nothing
                continue
            _add(reading, head.label, text, seg, block[-1] if block else seg, units)
            for piece in block:
                piece.claimed = NAME
            continue
        for duty, number in duties:
            block = reading.block(duty.index)
            _add(reading, number.label, duty.body + "".join(s.text for s in block[1:]), duty, block[-1], units)
            for piece in block:
                piece.claimed = NAME


def _owners(reading: Reading, i: int) -> tuple[list[str], str, int] | None:
    """The owners a heading names, the duty text after them, and the index after the heading."""
    seg = reading.segments[i]
    body = seg.body.strip(" ：:")
    article = seg.head is not None and seg.head.kind == "article"
    if not body and article and i + 1 < len(reading.segments):  # 第九条 / 市商务局 on lines of their own
        following = reading.segments[i + 1]
        units, end = leading_units(following.text.strip(" ：:"), non_government=True)
        if following.kind == "paragraph" and units and end == len(following.text.strip(" ：:")):
            return units, "", i + 2
        return None
    units, end = leading_units(body, non_government=True)
    if not units:
        return None
    if end == len(body):
        return units, "", i + 1
    in_work_section = lexicon().work_section.search(" ".join(seg.titles))
    duty = body[end:]
    if len(duty) < 10 and not re.search(r"[，,。；;]", duty):  # 销售企业参与流程: a topic, not an owner and its duty
        return None
    # a unit that opens a longer heading names its place or level first (区宣传部…, 各市…), unlike a topic
    # (整治提升城镇…): data/clauses.json owner_heading_openings
    if (article or in_work_section) and not re.match(r"[，,。；;、]", duty) \
            and all(lexicon().owner_heading_opening.match(u) or is_non_government(u) for u in units):
        return units, body, i + 1  # the text as written: the owner opens the duty
    return None


def _duties(reading: Reading, start: int, rank: int) -> list[tuple[Segment, Heading]]:
    """The numbered duties under an owner heading: the first level of headings below it."""
    duties: list[tuple[Segment, Heading]] = []
    level = None
    for seg in reading.segments[start:]:
        if seg.kind in ("table", "attachment") or seg.claimed:
            break
        if seg.head is None:
            continue
        if RANK[seg.head.kind] <= rank:
            break
        level = level or seg.head.kind
        if seg.head.kind == level:
            duties.append((seg, seg.head))
    return duties


def _add(reading: Reading, number: str, text: str, first: Segment, last: Segment, units: list[str]) -> None:
    role = "lead" if _LEAD.search(text) else "responsible"
    owners = [Owner(u, role, "heading", NON_GOVERNMENT if is_non_government(u) else None) for u in units]
    reading.drafts.append(Draft.owned_by_text(number, first, last, text, owners, [first.line]))
