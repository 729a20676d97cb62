"""Owners written as sentence subjects: ``区医保局要…``, ``市民政部门负责…``, ``省财政厅会同省农业农村厅…``.

A numbered item (an article, a （一） or a 1.) whose sentences open with government units is a task of
those units, all ``responsible`` in order (会同 and 联合 are no 牵头; ``X牵头`` leads). A subject that is
no government body (各地, 企业, 消费者) makes no task. Where a document assigns its tasks by clauses, only
sections that divide work (职责分工, 部门职责 …) and articles are read this way; sections that assign
nothing (指导思想, 基本原则) never are.

>>> from policykg.loaders import load_text
>>> text = "关于印发某方案的通知\\n一、资金使用\\n（一）资金分配。省财政厅会同省农业农村厅下达资金。各地要及时拨付。"
>>> doc = load_text(text, "x.txt")
>>> [(a.raw, a.role) for a in doc.tasks[0].agencies]
[('省财政厅', 'responsible'), ('省农业农村厅', 'responsible')]
"""
from __future__ import annotations

import re

from ..lexicon import lexicon
from ..owners import Owner, leading_units
from ..places import leading_place
from ..types import Draft, Reading

NAME = "subject-owners"
CLAIMS = "a numbered item whose sentences open with the government units that act"
_OPENING = re.compile(r"^(同时|此外|另外|其中|对此|为此|由|请|鼓励|支持|并)[，,]?")
_LEAD = re.compile(r"^(?:牵头)")
# words that open a clause rather than a name (采取政府…, 移交区…, 经民政部门…)
_VERB_START = re.compile(r"^(采取|移交|经|承租|协调|政策|鼓励|按照|会同|通过|依照|根据|对|在|向|由|以|将|把|为|与|和)")
_CLAUSE_DOCUMENT = 3  # tasks read by earlier layouts that make a document one that assigns work by clauses


def recognize(reading: Reading) -> None:
    lex = lexicon()
    only_work_sections = len(reading.drafts) >= _CLAUSE_DOCUMENT
    for seg in reading.unclaimed(("heading",)):
        head = seg.head
        if head is None or seg.claimed or lex.no_task_section.search(" ".join(seg.titles + (seg.body[:12],))):
            continue
        if only_work_sections and not (head.kind == "article" or lex.work_section.search(" ".join(seg.titles))):
            continue
        block = reading.block(seg.index)
        text = seg.body + "".join(s.text for s in block[1:])
        owners = subjects(text)
        if not owners:
            continue
        reading.drafts.append(Draft.owned_by_text(head.label, seg, block[-1], text, owners, [s.line for s in block]))
        for piece in block:
            piece.claimed = NAME


def subjects(text: str) -> list[Owner]:
    """The government units that open the sentences of ``text`` (and of its 负责 pieces), in order.

    >>> [o.raw for o in subjects("加强领导。省商务厅负责统筹，省财政厅负责资金。企业要诚信经营。")]
    ['省商务厅', '省财政厅']
    """
    owners: dict[str, Owner] = {}
    for sentence in re.split(r"[。；;！？!?]", text):
        pieces = [p.strip() for p in re.split(r"[，,]", sentence)]
        for n, piece in enumerate(pieces):
            opened_by = _OPENING.match(piece)
            piece = piece[opened_by.end():] if opened_by else piece
            units, end = leading_units(piece)
            if not all(_plausible(u) for u in units):
                continue
            if units and opened_by and opened_by.group(1) == "由" and re.match(r"[^，,。]{0,10}的", piece[end:]):
                continue  # 由X确认的产品: a relative clause, no assignment
            if not units or end >= len(piece):
                continue
            acts = lexicon().subject_verb.match(piece[end:]) or piece[end:].startswith(("要", "应", "将", "按", "可"))
            if n and not acts and not all(lexicon().sentence_subject_opening.match(u) for u in units):
                continue  # inside a sentence, a unit opens a clause only with a verb or a place of its own
            role = "lead" if _LEAD.match(piece[end:]) else "responsible"
            for unit in units:
                if unit not in owners or role == "lead":
                    owners[unit] = Owner(unit, role, "sentence")
    return list(owners.values())


def _plausible(unit: str) -> bool:
    """A sentence's subject names its place or level (广州市…, 省…, 区…, 各…, 国家…: data/clauses.json
    sentence_subject_openings), or is a national body named without one (财政部, 审计署: data/clauses.json
    national_bodies); anything else is a clause cut at a unit-like ending (迅速执行国家粮食应急工作指挥部, 关停全部)
    or a generic word (用人单位, 城镇)."""
    if lexicon().sentence_subject_opening.match(unit) and not _VERB_START.match(unit) or leading_place(unit):
        return True
    return unit in lexicon().national_bodies

