"""Task tables: each row a task, its owners from the owner columns (``segment.classify`` found the rows).

A cell that names roles itself (``牵头：X；配合：Y`` / ``X牵头，Y配合``) says who leads. Otherwise a 牵头单位
column leads and the cells of a 配合单位 or 责任单位 column beside it assist; without a lead column every
unit is responsible, or the document's first-listed rule applies. An empty 牵头单位 cell gives no lead.
"""
from __future__ import annotations

import re

from ..owners import DocumentRules, Owner, read_clause, union, units_of
from ..structure import split_title
from ..tables import Row
from ..text import Line
from ..types import Draft, Reading

NAME = "tables"
CLAIMS = "table segments: one task per row"


def recognize(reading: Reading) -> None:
    for seg in reading.segments:
        if seg.kind != "table" or seg.claimed:
            continue
        seg.claimed = NAME
        for row in seg.rows:
            text = "".join(ln.text for ln in row.text)
            cell = "".join(ln.text for ln in row.deadline_cell)
            owner_line = row.owners[0].no if row.owners else row.line
            owners = row_owners(row, reading.rules_at(seg.index).first_listed)
            if not owners:
                reading.warnings.append(f"line {row.line}: table row {row.number} names no 责任单位")
            reading.drafts.append(Draft(
                number=row.number, path=row.path, text=text, line=row.line, end_line=row.end_line, owners=owners,
                owner_line=owner_line, deadline=Line(row.deadline_cell[0].no, cell) if cell else None,
                title="".join(row.name) or split_title(text)[0], text_lines=list(row.text), raw_text=text,
                table=True, divisions=row.divisions))


def row_owners(row: Row, first_listed: bool) -> list[Owner]:
    """Owners from a row's owner cells.

    >>> row = Row("1", [], 1, owners=[Line(1, "市民政局")], owner_roles=["lead"])
    >>> [(o.raw, o.role) for o in row_owners(row, False)]
    [('市民政局', 'lead')]
    """
    cells = list(zip(row.owners, row.owner_roles or ["owners"] * len(row.owners), strict=False))
    clauses = [c for ln, _ in cells if (c := read_clause(ln.text, DocumentRules())) and c.form != "list"]
    if clauses:
        return union(clauses)
    named = [(units_of(ln.text), role) for ln, role in cells]
    if any(role == "lead" and units for units, role in named):
        return [Owner(u, "lead" if role == "lead" else "assist", "table") for units, role in named for u in units]
    units = [u for cell_units, _ in named for u in cell_units]
    if first_listed and units:
        return [Owner(units[0], "lead", "document-rule")] + [Owner(u, "assist", "document-rule") for u in units[1:]]
    return [Owner(u, "responsible", "table") for u in units]


def drop_restated(reading: Reading) -> None:
    """The same work stated twice, in the body and again as a table row, counts once, at the table's
    finer level: a task read elsewhere whose text opens like a table row's is dropped, and when most of the
    body's tasks are restated so, the body's other tasks are its section-level restatements too (their
    segments stay claimed: they were read)."""
    openings = {_opening(d.text) for d in reading.drafts if d.owners and d.text and d.table}
    if not openings:  # no table row: nothing is restated
        return
    body = [d for d in reading.drafts if not d.table]
    restated = [d for d in body if _opening(d.text) in openings]
    if restated and len(restated) * 2 >= len(body):  # the body restates the table: the table alone counts
        reading.drafts = [d for d in reading.drafts if d.table]
    elif restated:
        reading.drafts = [d for d in reading.drafts if d.table or _opening(d.text) not in openings]


def _opening(text: str) -> str:
    """The first eight Chinese characters of a text."""
    opening = ""
    for run in _CHINESE.finditer(text):
        opening += run.group(0)
        if len(opening) >= 8:
            break
    return opening[:8]


_CHINESE = re.compile(r"[\u4e00-\u9fa5]+")
