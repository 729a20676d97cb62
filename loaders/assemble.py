"""Task drafts → the document's tasks: ids, deadlines, targets and agencies resolved. The only step that
writes tasks into the :class:`~policykg.model.Document`.
"""
from __future__ import annotations

from collections import Counter

from ..model import AgencyMention, Document, Finding, Task, stable_id
from .agencies import AgencyResolver
from .deadlines import find_in_text, normalise
from .owners import NON_GOVERNMENT, Owner
from .targets import find_targets
from .types import Draft, Reading


def assemble(doc: Document, reading: Reading, resolver: AgencyResolver) -> None:
    """Write the reading's drafts (in document order), standing assignments and findings into ``doc``."""
    numbers: Counter = Counter()
    for draft in sorted(reading.drafts, key=lambda d: d.line):
        doc.tasks.append(_task(doc, draft, reading, resolver, numbers, None))
    doc.standing += mentions(resolver, [owner for owner, _ in reading.standing],
                             reading.standing[0][1] if reading.standing else None)
    doc.findings += reading.findings
    doc.warnings += reading.warnings


def _task(doc: Document, draft: Draft, reading: Reading, resolver: AgencyResolver, numbers: Counter,
          parent: Task | None) -> Task:
    task = Task(id=_task_id(doc, numbers, draft.path, draft.number, draft.line), number=draft.number,
                path=draft.path, text=draft.text, title=draft.title, line=draft.line, end_line=draft.end_line,
                parent=parent.id if parent else None, scope=draft.scope, divisions=draft.divisions)
    phrase = draft.deadline
    task.deadline = (phrase and (normalise(phrase.text, reading.issued, phrase.no)
                                 or find_in_text(phrase.text, reading.issued, phrase.no))) \
        or find_in_text(draft.raw_text or draft.text, reading.issued, draft.line)
    task.targets = [t for ln in draft.text_lines for t in find_targets(ln.text, reading.issued, ln.no)]
    task.agencies = mentions(resolver, draft.owners, draft.owner_line)
    task.subtasks = [_task(doc, sub, reading, resolver, numbers, task) for sub in draft.subtasks]
    return task


def _task_id(doc: Document, numbers: Counter, path: list[str], number: str, line: int) -> str:
    """A task's id: its document, path and number, and which occurrence of that number it is
    (real plans restart numbering, so a number may repeat under one heading)."""
    key = (tuple(path), number)
    seen = numbers[key]
    numbers[key] += 1
    if seen:
        doc.findings.append(Finding(line, "repeated-number", number, (
            f"number {number} appears again under {' › '.join(path) or 'the top level'}: kept as a separate task")))
        return stable_id("task", doc.policy.id, *path, number, f"#{seen + 1}")
    return stable_id("task", doc.policy.id, *path, number)


def mentions(resolver: AgencyResolver, owners: list[Owner], line: int | None) -> list[AgencyMention]:
    """Owners as agency mentions: government units resolved against the document's place; an owner that is
    no government body (学校, a company) kept as written, with kind ``non-government``."""
    canonicals = iter(resolver.resolve_list([o.raw for o in owners if o.kind != NON_GOVERNMENT]))
    place = resolver.place.name if resolver.place else None
    found = []
    for owner in owners:
        if owner.kind == NON_GOVERNMENT:
            found.append(AgencyMention(raw=owner.raw, name=owner.raw, kind=NON_GOVERNMENT, role=owner.role,
                                       basis=owner.basis, line=line, jurisdiction=place))
            continue
        c = next(canonicals)
        # raw, name, kind, role, inferred, basis, line, jurisdiction, category: positional, the commonest case
        # (keywords cost twice as much in a loop over every owner of every task)
        found.append(AgencyMention(owner.raw, c.name, c.kind, owner.role, False, owner.basis, line, c.jurisdiction,
                                   c.category))
    return found
