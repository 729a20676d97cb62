"""What a document's reading left out, said to the user: ``policykg check`` and the load summary.

A finding (``model.Finding``) is a paragraph that looks like it names owners but gave no task, a
clause that could not be read, a name given as an owner that is no unit, or a number that repeats
under one heading. ``load`` prints one line per file that has any; ``check`` lists each.

>>> from policykg.loaders import load_text
>>> doc = load_text("请各单位落实。（市财政局负责）\\n一、任务\\n1.建设平台。（市民政局牵头）", "x.txt")
>>> summary(doc)
'1 task(s); 1 paragraph(s) that look like they name owners gave no task: line 1 — run policykg check'
"""
from __future__ import annotations

from ..model import Document

def summary(doc: Document) -> str | None:
    """One line for the load output when anything was left out, else None."""
    unread = [f.line for f in doc.findings if f.kind == "unread-paragraph"]
    pieces = [f for f in doc.findings if f.kind == "unread-clause"]
    rejected = [f for f in doc.findings if f.kind == "not-a-unit"]
    repeated = [f for f in doc.findings if f.kind == "repeated-number"]
    if not (unread or pieces or rejected or repeated):
        return None
    parts = [f"{len(doc.all_tasks())} task(s)"]
    if unread:
        lines = ", ".join(str(n) for n in unread[:5]) + (" …" if len(unread) > 5 else "")
        parts.append(f"{len(unread)} paragraph(s) that look like they name owners gave no task: line {lines}")
    if pieces:
        parts.append(f"{len(pieces)} piece(s) of owner clauses name no owner and were not read")
    if rejected:
        parts.append(f"{len(rejected)} name(s) given as owners are no unit and were not stored")
    if repeated:
        parts.append(f"{len(repeated)} number(s) repeat under one heading (kept as separate tasks)")
    return "; ".join(parts) + " — run policykg check"


def rows(doc: Document) -> list[list]:
    """One row per finding: line, kind, the text concerned, what it means."""
    return [[f.line, f.kind, f.text, f.message] for f in sorted(doc.findings, key=lambda f: f.line)]
