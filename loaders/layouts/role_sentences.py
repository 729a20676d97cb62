"""Role sentences: a labelled sentence that names every owner of an item by its verb.

``责任分工：区规划局负责开展规划编制工作，澳前片区开发管理局组织实施，区直有关责任部门配合，区交通与建设局业务
检查指导。`` Every body named is an owner, ``responsible``, in the order written: a verb (负责, 配合, 指导)
is no 牵头. The task is the numbered item the sentence closes; its text is what comes before the label.

>>> from policykg.loaders import load_text
>>> doc = load_text("三、内容\\n（一）建设社区。责任分工：区规划局负责规划，金井、澳前片区管理局组织实施。", "x.txt")
>>> [(a.raw, a.role) for a in doc.tasks[0].agencies]
[('区规划局', 'responsible'), ('金井片区管理局', 'responsible'), ('澳前片区管理局', 'responsible')]
"""
from __future__ import annotations

import re

from ..lexicon import lexicon
from ..owners import NON_GOVERNMENT, Owner, is_non_government, leading_units
from ..types import Draft, Reading

NAME = "role-sentences"
CLAIMS = "a numbered item closed by a 责任分工：sentence naming its owners by verb"
_SHARED_HEAD = re.compile(r"^([\u4e00-\u9fa5]{2,4})、(?=[\u4e00-\u9fa5])")


def recognize(reading: Reading) -> None:
    label = lexicon().role_sentence
    for seg in reading.unclaimed(("heading",)):
        head = seg.head
        if seg.claimed or head is None:
            continue
        block = reading.block(seg.index)
        text = seg.body + "".join(s.text for s in block[1:])
        marks = list(label.finditer(text))
        if not marks:
            continue
        owners: dict[str, Owner] = {}
        for mark in marks:
            sentence = re.split(r"[。]", text[mark.end():], maxsplit=1)[0]
            for unit in sentence_owners(sentence):
                owners.setdefault(unit, Owner(unit, "responsible", "sentence",
                                              NON_GOVERNMENT if is_non_government(unit) else None))
        if not owners:
            continue
        body = text[:marks[0].start()].rstrip("，,；; ")
        reading.drafts.append(Draft.owned_by_text(head.label, seg, block[-1], body, list(owners.values()), [seg.line]))
        for piece in block:
            piece.claimed = NAME


def sentence_owners(sentence: str) -> list[str]:
    """Every body a role sentence names, in order: the subject of each comma-separated piece (after 由).

    >>> sentence_owners("由各片区开发管理局负责，区交通投资集团有限公司组织实施，区交通与建设局等区直部门配合")
    ['各片区开发管理局', '区交通投资集团有限公司', '区交通与建设局']
    """
    found: list[str] = []
    for piece in re.split(r"[，,；;]", sentence):
        piece = piece.strip()
        by = piece.find("由")
        if 0 <= by <= 12:
            piece = piece[by + 1:]
        piece = re.sub(r"^(并|同时|其他项目)", "", piece)
        shared = _SHARED_HEAD.match(piece)
        units, _ = leading_units(piece[shared.end():] if shared else piece, non_government=True)
        if shared and units:
            tail = next((units[0][k:] for k in range(2, len(units[0]) - 1)
                         if leading_units(units[0][k:], non_government=True)[1] == len(units[0]) - k), None)
            if tail:
                units = [shared.group(1) + tail] + units
        found += [u for u in units if u not in found]
    return found
