"""One recognizer per layout family: how a document says who owns a task.

Each module has a ``NAME``, says what it ``CLAIMS`` and exposes ``recognize``; it reads the segments no
earlier recognizer claimed, claims the ones it reads and adds task drafts to the reading. Order matters
only where two families could read the same segment: tables and rosters first, then clauses written
beside the task, then owners written as headings, role sentences and sentence subjects.
A new layout is a new module here and one line in ``RECOGNIZERS``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...model import Document
from ..agencies import AgencyResolver
from ..types import Reading
from . import clause_items, owner_headings, policy_targets, role_sentences, rosters, subject_owners, tables


@dataclass(frozen=True)
class Recognizer:
    name: str
    claims: str
    run: Callable[[Reading, AgencyResolver, Document], None]


RECOGNIZERS: tuple[Recognizer, ...] = (
    Recognizer(tables.NAME, tables.CLAIMS, lambda r, _, __: tables.recognize(r)),
    Recognizer(rosters.NAME, rosters.CLAIMS, lambda r, res, doc: rosters.recognize(r, res, doc.memberships)),
    Recognizer(clause_items.NAME, clause_items.CLAIMS, lambda r, _, __: clause_items.recognize(r)),
    Recognizer(owner_headings.NAME, owner_headings.CLAIMS, lambda r, _, __: owner_headings.recognize(r)),
    Recognizer(role_sentences.NAME, role_sentences.CLAIMS, lambda r, _, __: role_sentences.recognize(r)),
    Recognizer(subject_owners.NAME, subject_owners.CLAIMS, lambda r, _, __: subject_owners.recognize(r)),
    Recognizer("restated", "nothing: drops a task the body states again as a table row",
               lambda r, _, __: tables.drop_restated(r)),
    Recognizer(policy_targets.NAME, policy_targets.CLAIMS,
               lambda r, _, doc: policy_targets.recognize(r, doc.targets)),
)
