"""Numbered items whose own paragraph carries an owner clause: the commonest layout.

``1.建设平台。（牵头单位：市民政局；责任单位：市财政局）``, ``（三）…（A、B负责）``, an unbracketed
``…。责任单位：区国资局``, or labelled lines after the item (``牵头单位：…`` / ``完成时限：…``). The item's
text may run over the paragraphs after it until its owners appear (at most eight); the unnumbered
paragraphs after a task that name owners of their own become its subtasks (``一.1``, ``一.2`` …), and so do
numbered sub-items with clauses of their own (``（1）…（责任单位：…）``, ``①…``), each keeping its owners.

>>> from policykg.loaders import load_text
>>> doc = load_text("一、任务\\n1.建设平台。\\n完成时限：2024年底\\n牵头单位：市民政局", "x.txt")
>>> [(t.number, [a.raw for a in t.agencies], t.deadline.raw) for t in doc.tasks]
[('1', ['市民政局'], '2024年底')]
"""
from __future__ import annotations

import re

from ...model import Finding
from ..lexicon import lexicon
from ..owners import Clause, find_clauses, read_clause, sentence_phrase, union
from ..structure import RANK, Heading, split_title
from ..text import Line
from ..types import Draft, Reading, Segment

NAME = "clause-items"
CLAIMS = "numbered items with an owner clause, their continuation and label lines, and sub-paragraphs with clauses"
_CONTINUATION = 8  # most paragraphs an item's text runs over before its owners appear


def recognize(reading: Reading) -> None:
    segments = reading.segments
    i = 0
    while i < len(segments):
        seg = segments[i]
        if seg.kind == "heading" and seg.claimed is None:
            i, task = _item(reading, i)
            if task:
                reading.drafts.append(task)
        else:
            i += 1


def clauses_of(reading: Reading, text: str, index: int, line: int) -> list[Clause]:
    """The owner clauses of one paragraph (or a 会同 / X为牵头单位 phrase), with what they state for the
    document recorded: a standing assignment, and findings for names that are no unit or pieces not read."""
    rules = reading.rules_at(index)
    clauses = find_clauses(text, rules)
    if not clauses and (phrase := sentence_phrase(text, rules)):
        clauses = [phrase]
    for clause in clauses:
        accept(reading, clause, line)
        for unit in clause.rejected:
            reading.findings.append(Finding(line, "not-a-unit", unit,
                                            f"'{unit}' is named as an owner but is no unit: not stored"))
        for piece in clause.unread:
            reading.findings.append(Finding(line, "unread-clause", piece,
                                            f"'{piece}' stands in an owner clause but names no owner: not read"))
    return [c for c in clauses if c.owners]


def accept(reading: Reading, clause: Clause, line: int) -> None:
    """Record a standing assignment a clause states (以下均需X配合落实，不再列出) once."""
    for owner in clause.standing:
        if owner.raw not in {o.raw for o, _ in reading.standing}:
            reading.standing.append((owner, line))


def _ends_item(seg: Segment) -> bool:
    return seg.kind in ("heading", "attachment", "table") or seg.claimed is not None


def _labels(text: str) -> set[str]:
    """What the labels of a line name: lead, assist, responsible, deadline, scope."""
    lex = lexicon()
    return {lex.label_role[m.group(1)] for m in lex.label.finditer(text)}


def _item(reading: Reading, i: int) -> tuple[int, Draft | None]:
    """The task an item at ``i`` makes (None without owners) and the index after what it read."""
    segments = reading.segments
    seg = segments[i]
    head = seg.head
    assert head is not None
    text, j = head.rest, i + 1
    clauses = clauses_of(reading, text, i, seg.line.no)
    labelled: list[Line] = []
    while j < len(segments) and not clauses and not _ends_item(segments[j]) and j - i <= _CONTINUATION:
        if segments[j].kind == "label":
            labelled.append(segments[j].line)
        elif labelled:
            break
        else:
            text += segments[j].text
            clauses = clauses_of(reading, text, i, seg.line.no)
        j += 1
    while not labelled and j < len(segments) and clauses and segments[j].kind == "label" \
            and not _ends_item(segments[j]):  # 完成时限：… after a task whose owners were in its text
        labelled.append(segments[j].line)
        j += 1
    deadline = None
    if labelled:
        clause = read_clause("；".join(ln.text for ln in labelled), reading.rules_at(i))
        if clause:
            accept(reading, clause, labelled[0].no)
            if clause.owners:
                clauses.append(clause)
            if clause.deadline:
                deadline = Line(next((ln.no for ln in labelled if _labels(ln.text) == {"deadline"}),
                                     labelled[0].no), clause.deadline)
    if not clauses:
        return i + 1, None
    owner_line = labelled[0].no if labelled and not any(c.start or c.end for c in clauses) else seg.line.no
    task = draft(head.label, list(seg.path), text, clauses, seg.line.no, segments[j - 1].end_line, owner_line,
                 deadline)
    for k in range(i, j):
        segments[k].claimed = NAME
    while j < len(segments) and (not _ends_item(segments[j]) or _sub_item(segments[j], head)):
        sub_seg = segments[j]
        if sub_seg.head is not None:  # （1）…（责任单位：…） under the item: a subtask with its own owners
            k, subtask = _item(reading, j)
            if subtask is None:
                break
            task.subtasks.append(subtask)
            j = k
            continue
        sub = clauses_of(reading, sub_seg.text, j, sub_seg.line.no)
        if sub:
            number = f"{head.label}.{len(task.subtasks) + 1}"
            task.subtasks.append(draft(number, list(seg.path) + [head.label], sub_seg.text, sub, sub_seg.line.no,
                                       sub_seg.line.no, sub_seg.line.no, None))
            sub_seg.claimed = NAME
        j += 1
    return j, task


def _sub_item(seg: Segment, parent: Heading) -> bool:
    """A numbered sub-item (（1）, ①) under an item of a higher rank."""
    return seg.claimed is None and seg.head is not None and seg.head.kind in ("subitem", "point") \
        and RANK[seg.head.kind] > RANK[parent.kind]


def draft(number: str, path: list[str], text: str, clauses: list[Clause], line: int, end_line: int,
          owner_line: int, deadline: Line | None) -> Draft:
    """A task draft from an item's text and its clauses: the text without the clauses, the owners united."""
    body = without(text, clauses)
    deadline = deadline or next((Line(owner_line, c.deadline) for c in clauses if c.deadline), None)
    return Draft(number=number, path=path, text=body, line=line, end_line=end_line, owners=union(clauses),
                 owner_line=owner_line, deadline=deadline,
                 scope=next((c.scope for c in clauses if c.scope), None), title=split_title(body)[0],
                 text_lines=[Line(line, body)], raw_text=text)


def without(text: str, clauses: list[Clause]) -> str:
    """A task's text without its owner clauses."""
    for clause in sorted((c for c in clauses if c.end), key=lambda c: c.start, reverse=True):
        if text[clause.start:clause.end] and clause.end <= len(text):
            text = text[:clause.start] + text[clause.end:]
    if _REPEATED_MARKS.search(text):  # rare: spare the substitution, which reads its template at every call
        text = _REPEATED_MARKS.sub(r"\1", text)
    return text.strip().rstrip("，,；;").strip()


_REPEATED_MARKS = re.compile(r"([。；;，,])[。；;，,]+")
