"""The values passed between the loader's steps: segments, task drafts and the reading that holds them.

``segment.classify`` turns lines into :class:`Segment` objects, each line's kind decided once. Each
recognizer in ``loaders/layouts/`` claims the segments it reads (``Segment.claimed``) and adds
:class:`Draft` tasks to the :class:`Reading`; ``assemble`` turns drafts into the document's tasks, and
``check`` reports the segments with owner words that nobody claimed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ..model import Finding
from .owners import DocumentRules, Owner
from .structure import Heading, split_title
from .tables import Row
from .text import Line

SegmentKind = Literal["heading", "paragraph", "label", "attachment", "table", "signature"]


@dataclass
class Segment:
    """One paragraph of the document (or one whole table), with what it is and where it sits.

    ``path`` holds the labels of the headings above it (an attachment first); a heading's own label is
    not part of its path. ``titles`` holds those headings' texts, for recognizers that read a section's
    purpose (职责分工, 目标 …).
    """

    index: int
    line: Line
    kind: SegmentKind
    path: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    head: Heading | None = None
    rows: list[Row] = field(default_factory=list)  # a table's rows
    roles: list[str] = field(default_factory=list)  # a table's column roles
    end_line: int = 0
    claimed: str | None = None  # the recognizer that read it

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def body(self) -> str:
        """The text after the number of a heading, else the whole text."""
        return self.head.rest if self.head else self.line.text


@dataclass
class Draft:
    """A task as a recognizer read it, before agencies, deadlines and targets are resolved."""

    number: str
    path: list[str]
    text: str
    line: int
    end_line: int
    owners: list[Owner]
    owner_line: int
    deadline: Line | None = None  # a phrase from a clause, a labelled line or a cell
    scope: str | None = None
    title: str | None = None
    text_lines: list[Line] = field(default_factory=list)  # where targets are read, when not ``text``
    raw_text: str = ""  # the text as written, clauses included: where a deadline is looked for last
    subtasks: list["Draft"] = field(default_factory=list)
    table: bool = False  # a table row: the finest statement of its work
    divisions: list[str] = field(default_factory=list)  # divisions inside one bureau a table names (处室)

    @classmethod
    def owned_by_text(cls, number: str, first: Segment, last: Segment, text: str, owners: list[Owner],
                      text_lines: list[Line]) -> Draft:
        """A numbered item whose own text names its owners (a heading that is a unit, a role sentence, sentence
        subjects): nothing is cut from the text, so it is also the raw text; the item and its owners stand on
        the line of its ``first`` segment, under that segment's path, and it runs to the end of ``last``."""
        return cls(number=number, path=list(first.path), text=text, line=first.line.no, end_line=last.end_line,
                   owners=owners, owner_line=first.line.no, title=split_title(text)[0], text_lines=text_lines,
                   raw_text=text)


@dataclass
class Reading:
    """One document while it is read: the segments, the rules it states, and what recognizers found."""

    segments: list[Segment]
    issued: date | None
    rule_from: int | None = None  # index of the segment that states the first-listed rule
    drafts: list[Draft] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    standing: list[tuple[Owner, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def rules_at(self, index: int) -> DocumentRules:
        """The document-wide rules in force at a segment: the first-listed rule holds from where it is stated."""
        return DocumentRules(first_listed=self.rule_from is not None and index >= self.rule_from)

    def block(self, start: int) -> list[Segment]:
        """The segment at ``start`` and the paragraphs and label lines after it, up to the next heading,
        table, attachment or claimed segment: one numbered item with its continuation."""
        end = start + 1
        while end < len(self.segments) and self.segments[end].kind in ("paragraph", "label") \
                and self.segments[end].claimed is None:
            end += 1
        return self.segments[start:end]

    def unclaimed(self, kinds: tuple[str, ...] = ("heading", "paragraph", "label")) -> list[Segment]:
        return [s for s in self.segments if s.claimed is None and s.kind in kinds]
