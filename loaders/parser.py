"""One document's text → :class:`~policykg.model.Document`, in named steps.

    clean     strip HTML and page debris, keep line numbers            (text.clean_lines)
    segment   page furniture, hard wraps and glued paragraphs undone   (segment.segment)
    metadata  文号, title, issuer, dates, place                        (metadata.read_metadata)
    walk      headings, items with their continuation paragraphs, tables, rosters, attachments;
              each owner clause read by one grammar (owners.find_clauses) and each agency,
              deadline and target resolved against the document's place and date
    check     paragraphs that look like they name owners but gave no task become findings
"""
from __future__ import annotations

import hashlib
import re
from datetime import date

from collections import Counter

from ..model import AgencyMention, Document, Finding, Membership, Policy, Source, Task, policy_id, stable_id
from . import roster
from .agencies import AgencyResolver, split_units
from .lexicon import lexicon
from .owners import Clause, DocumentRules, Owner, brackets, find_clauses, read_clause, sentence_phrase, union
from .segment import segment
from .citations import find_citations
from .deadlines import find_in_text, normalise
from .metadata import read_metadata
from .structure import RANK, heading, split_title
from .tables import header_at, parse_row_table, parse_table, row_header
from .targets import find_targets
from .text import Line, LoadError, clean_lines, strip_html

_ATTACHMENT = re.compile(r"^附件\s*(\d+(?:-\d+)?)?\s*$")
_GOAL_SECTION = re.compile(r"目标")
# words that make a paragraph look as if it names owners (for findings, never for facts)
_OWNER_WORDS = re.compile(r"牵头|负责|责任单位|责任部门|配合|参与|协办|指导")
_GOAL_LINE = re.compile(r"^(主要目标|总体目标|发展目标|工作目标)[:：]")


def parse_text(text: str, name: str, sha256: str | None = None, locations: list[str] | None = None) -> Document:
    """Parse a decoded document. Raises :class:`LoadError` when it holds no task.

    ``locations``, from readers of paged or structured files (PDF, Word), names where line
    ``n`` of ``text`` stands in the original (``locations[n - 1]``, e.g. "page 3, line 12").
    """
    sha256 = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = segment(clean_lines(strip_html(text)))
    meta = read_metadata(lines)
    issued = date.fromisoformat(meta.issued) if meta.issued else None
    place = meta.place
    policy = Policy(
        id=policy_id(meta.number, sha256, meta.issuer, place.name if place else None, meta.title, meta.issued),
        number=meta.number, title=meta.title, issuer=meta.issuer,
        jurisdiction=place.name if place else None, level=place.level if place else None,
        issued=meta.issued, source=Source(file=name, sha256=sha256), published=meta.published,
        validity=meta.validity, province=place.province if place else None)
    doc = Document(policy=policy)
    resolver = AgencyResolver(place, meta.parent)
    _Walker(doc, lines, resolver, meta, issued).walk()
    if not doc.tasks:
        unread = [f for f in doc.findings if f.kind in ("unread-paragraph", "unread-clause")]
        if unread:
            raise LoadError(f"{name}: no tasks found; {len(unread)} paragraph(s) look like they name owners but "
                            f"could not be read, first at line {unread[0].line} (run policykg check)")
        raise LoadError(f"{name}: no tasks found (no numbered item names an owning agency)")
    if locations:
        for task in doc.all_tasks():
            if 0 < task.line <= len(locations):
                task.location = locations[task.line - 1]
    return doc


class _Walker:
    """Walks the segmented lines once, in order, and assembles the document's facts."""

    def __init__(self, doc: Document, lines: list[Line], resolver: AgencyResolver, meta, issued: date | None):
        self.doc, self.lines, self.resolver, self.meta, self.issued = doc, lines, resolver, meta, issued
        self.rules = DocumentRules()
        self.stack: list[tuple[str, str, str]] = []  # (kind, label, title)
        self.attachment: str | None = None
        self.group: str | None = None
        self.seen_citations: set[tuple] = set()
        self.numbers: Counter = Counter()  # (path, number) → how often seen
        self.used: set[int] = set()  # indexes of lines that gave facts

    def path(self) -> list[str]:
        return ([self.attachment] if self.attachment else []) + [label for _, label, _ in self.stack]

    def walk(self) -> None:
        lines, i = self.lines, 0
        for line in lines:
            self._citations(line)
        while i < len(lines):
            line = lines[i]
            if lexicon().first_listed.search(line.text):
                self.rules.first_listed = True
            attach = _ATTACHMENT.match(line.text.replace(" ", ""))
            if attach:
                self.attachment, self.stack = "附件" + (attach.group(1) or ""), []
                i += 1
                continue
            name = roster.group_name(line.text) if len(line.text) <= 40 and not heading(line.text) else None
            if name:
                self.group = re.sub(r"(制度|成员单位职责分工|成员名单|工作职责)$", "", name)
            roles = header_at(lines, i)
            if roles:
                i = self._table(i, roles, parse_table)
                continue
            roles = row_header(line)
            if roles:
                i = self._table(i, roles, parse_row_table)
                continue
            if self.group and re.match(r"^[\u4e00-\u9fa5 ]{1,12}[:：]", line.text) and re.sub(
                    r"\s", "", line.text).startswith(("组长", "常务副组长", "副组长", "总召集人", "召集人", "成员")):
                seats, j = roster.read_roster(lines, i, self.group)
                self._seats(seats, range(i, j))
                i = j
                continue
            members = roster.member_sentence(line.text) if self.group else None
            if members:
                self._seats([roster.Seat(self.group, u, "成员单位", None, None, None, line.no) for u in members],
                            [i])
            head = heading(line.text)
            if head and self.group and re.search(r"(职责|职能|分工)", " ".join(t for *_, t in self.stack)
                                                   + " " + self._previous_text(i)) and head.kind in ("section", "sub"):
                seats, j = roster.read_duties(lines, i, self.group)
                if seats:
                    self._seats(seats, range(i, j))
                    i = j
                    continue
            if head:
                self._enter(head)
                i = self._item(i, head)
                continue
            self._policy_targets(line)
            i += 1
        self._unread()

    def _previous_text(self, i: int) -> str:
        return " ".join(ln.text for ln in self.lines[max(0, i - 3):i])

    def _enter(self, head) -> None:
        rank = RANK[head.kind]
        self.stack = [s for s in self.stack if RANK[s[0]] < rank]
        self.stack.append((head.kind, head.label, head.rest))

    # -- items -------------------------------------------------------------------------------

    def _ends_item(self, j: int) -> bool:
        text = self.lines[j].text
        return bool(heading(text) or _ATTACHMENT.match(text.replace(" ", "")) or header_at(self.lines, j)
                    or row_header(self.lines[j]))

    @staticmethod
    def _labels(text: str) -> set[str]:
        """What the labels of a line name: lead, assist, responsible, deadline, scope."""
        lex = lexicon()
        return {lex.label_role[m.group(1)] for m in lex.label.finditer(text)}

    def _label_clause(self, j: int) -> bool:
        """Whether a line is a labelled field of its own (牵头单位：… / 完成时限：…)."""
        return bool(lexicon().label.match(self.lines[j].text))

    def _item(self, i: int, head) -> int:
        """A numbered item with owners becomes a task; the unnumbered paragraphs after it that name
        owners of their own become its subtasks.

        The item's text may run over following lines until its owners appear (at most eight);
        owners and deadline may also stand on labelled lines after it (牵头单位：… / 完成时限：…).
        """
        lines = self.lines
        text, j = head.rest, i + 1
        clauses = self._clauses(text, lines[i].no)
        labelled: list[Line] = []
        while j < len(lines) and not clauses and not self._ends_item(j) and j - i <= 8:
            if self._label_clause(j):
                labelled.append(lines[j])
            elif labelled:
                break
            else:
                text += lines[j].text
                clauses = self._clauses(text, lines[i].no)
            j += 1
        while labelled == [] and j < len(lines) and clauses and self._label_clause(j) \
                and not self._ends_item(j):  # 完成时限：… after a task whose owners were in its text
            labelled.append(lines[j])
            j += 1
        deadline = None
        if labelled:
            clause = read_clause("；".join(ln.text for ln in labelled), self.rules)
            if clause:
                self._accept(clause, labelled[0].no)
                if clause.owners:
                    clauses.append(clause)
                if clause.deadline:
                    deadline = Line(next((ln.no for ln in labelled if self._labels(ln.text) == {"deadline"}),
                                         labelled[0].no), clause.deadline)
        if not clauses:
            if _GOAL_SECTION.search(" ".join(t for *_, t in self.stack)):
                self._policy_targets(Line(lines[i].no, head.rest))
            return i + 1
        path = self.path()[:-1]
        owner_line = labelled[0].no if labelled and not any(c.start or c.end for c in clauses) else lines[i].no
        task = self._task(head.label, path, text, clauses, lines[i].no, lines[j - 1].no, owner_line, deadline)
        self.used.update(range(i, j))
        while j < len(lines) and not self._ends_item(j):
            sub = self._clauses(lines[j].text, lines[j].no)
            if sub:
                number = f"{head.label}.{len(task.subtasks) + 1}"
                subtask = self._task(number, path + [head.label], lines[j].text, sub, lines[j].no, lines[j].no,
                                     lines[j].no, None, parent=task)
                task.subtasks.append(subtask)
                self.used.add(j)
            else:
                self._policy_targets(lines[j])
            j += 1
        return j

    def _clauses(self, text: str, line: int) -> list[Clause]:
        """The owner clauses of one paragraph (rules they state recorded), or a 会同 phrase."""
        clauses = find_clauses(text, self.rules)
        if not clauses and (phrase := sentence_phrase(text, self.rules)):
            clauses = [phrase]
        for clause in clauses:
            self._accept(clause, line)
            for unit in clause.rejected:
                self.doc.findings.append(Finding(line, "not-a-unit", unit,
                                                 f"'{unit}' is named as an owner but is no unit: not stored"))
            for piece in clause.unread:
                self.doc.findings.append(Finding(line, "unread-clause", piece,
                                                 f"'{piece}' stands in an owner clause but names no owner: not read"))
        return [c for c in clauses if c.owners]

    def _accept(self, clause: Clause, line: int) -> None:
        """Record what a clause states for the rest of the document."""
        if clause.states_rule:
            self.rules.first_listed = True
        for owner in clause.standing:
            if owner.raw not in {a.raw for a in self.doc.standing}:
                self.doc.standing += self._mentions([owner], line)

    def _task(self, number: str, path: list[str], text: str, clauses: list[Clause], line: int, end_line: int,
              owner_line: int, deadline: Line | None, parent: Task | None = None) -> Task:
        body = _without(text, clauses)
        title, _ = split_title(body)
        task = Task(id=self._task_id(path, number, line), number=number, path=path, text=body, title=title,
                    line=line, end_line=end_line, parent=parent.id if parent else None)
        deadline = deadline or next((Line(owner_line, c.deadline) for c in clauses if c.deadline), None)
        task.deadline = (deadline and (normalise(deadline.text, self.issued, deadline.no)
                                       or find_in_text(deadline.text, self.issued, deadline.no))) \
            or find_in_text(text, self.issued, line)
        task.scope = next((c.scope for c in clauses if c.scope), None)
        task.targets = find_targets(body, self.issued, line)
        task.agencies = self._mentions(union(clauses), owner_line)
        if parent is None:
            self.doc.tasks.append(task)
        return task

    def _task_id(self, path: list[str], number: str, line: int) -> str:
        """A task's id: its document, path and number, and which occurrence of that number it is
        (real plans restart numbering, so a number may repeat under one heading)."""
        key = (tuple(path), number)
        seen = self.numbers[key]
        self.numbers[key] += 1
        if seen:
            self.doc.findings.append(Finding(line, "repeated-number", number, (
                f"number {number} appears again under {' › '.join(path) or 'the top level'}: kept as a separate task")))
            return stable_id("task", self.doc.policy.id, *path, number, f"#{seen + 1}")
        return stable_id("task", self.doc.policy.id, *path, number)

    def _mentions(self, owners: list[Owner], line: int | None) -> list[AgencyMention]:
        canonicals = self.resolver.resolve_list([o.raw for o in owners])
        return [AgencyMention(raw=o.raw, name=c.name, kind=c.kind, role=o.role, inferred=False, basis=o.basis,
                              line=line, jurisdiction=c.jurisdiction, category=c.category)
                for o, c in zip(owners, canonicals)]

    # -- tables ------------------------------------------------------------------------------

    def _table(self, i: int, roles: list[str], parse) -> int:
        rows, end = parse(self.lines, i, roles, [self.attachment] if self.attachment else [])
        self.used.update(range(i, end))
        for row in rows:
            text = "".join(ln.text for ln in row.text)
            owners = self._table_owners(row.owners, roles)
            cell = "".join(ln.text for ln in row.deadline_cell)
            deadline = normalise(cell, self.issued, row.deadline_cell[0].no) if cell else \
                find_in_text(text, self.issued, row.line)
            task = Task(id=self._task_id(row.path, row.number, row.line), number=row.number,
                        path=row.path, text=text, title="".join(row.name) or split_title(text)[0],
                        line=row.line, end_line=row.end_line, deadline=deadline)
            task.targets = [t for ln in row.text for t in find_targets(ln.text, self.issued, ln.no)]
            task.agencies = self._mentions(owners, row.owners[0].no if row.owners else row.line)
            if not task.agencies:
                self.doc.warnings.append(f"line {row.line}: table row {row.number} names no 责任单位")
            self.doc.tasks.append(task)
        return end

    def _table_owners(self, cells: list[Line], roles: list[str]) -> list[Owner]:
        """Owners from a row's owner cells (one line each).

        A cell that names roles itself (牵头：X；配合：Y / X牵头，Y配合) says who leads. Otherwise,
        with a 牵头单位 column the first cell leads and, when a 配合单位 column follows, the other
        cells assist; else every unit is responsible, or the document's first-listed rule applies.
        """
        clauses = [c for ln in cells if (c := read_clause(ln.text, DocumentRules())) and c.form != "list"]
        if clauses:
            return union(clauses)
        if "lead" in roles and cells:
            lead_cells, assist_cells = (cells[:1], cells[1:]) if "assist" in roles else (cells, [])
            return [Owner(u, "lead", "table") for ln in lead_cells for u in split_units(ln.text)] + [
                Owner(u, "assist", "table") for ln in assist_cells for u in split_units(ln.text)]
        units = [u for ln in cells for u in split_units(ln.text)]
        if self.rules.first_listed and units:
            return [Owner(units[0], "lead", "document-rule")] + [Owner(u, "assist", "document-rule")
                                                                   for u in units[1:]]
        return [Owner(u, "responsible", "table") for u in units]

    # -- rosters, citations, policy targets, findings ----------------------------------------

    def _seats(self, seats: list[roster.Seat], used) -> None:
        self.used.update(used)
        for seat in seats:
            canonical = self.resolver.resolve(seat.unit)
            self.doc.memberships.append(Membership(
                group=seat.group, raw=seat.unit, name=canonical.name, role=seat.role, person=seat.person,
                post=seat.post, duty=seat.duty, line=seat.line, jurisdiction=canonical.jurisdiction,
                kind=canonical.kind, category=canonical.category))

    def _citations(self, line: Line) -> None:
        for citation in find_citations(line.text, line.no, self.doc.policy.number, self.meta.number_code,
                                       self.meta.place, self.doc.policy.title):
            key = (citation.number, citation.title, citation.line)
            if key not in self.seen_citations:
                self.seen_citations.add(key)
                self.doc.citations.append(citation)

    def _policy_targets(self, line: Line) -> None:
        in_goals = _GOAL_SECTION.search(" ".join(t for *_, t in self.stack)) or _GOAL_LINE.match(line.text)
        if in_goals:
            self.doc.targets += find_targets(line.text, self.issued, line.no)

    def _unread(self) -> None:
        """Paragraphs that gave no fact but look like they name owners: a bracket with 牵头/负责/
        配合 … in it, or a label such as 责任单位：. Reported, never guessed at."""
        lex = lexicon()
        for index, line in enumerate(self.lines):
            if index in self.used:
                continue
            hinted = [inner for _, _, inner in brackets(line.text) if _OWNER_WORDS.search(inner)]
            labels = [m for m in lex.label.finditer(line.text)
                      if lex.label_role[m.group(1)] in ("lead", "assist", "responsible")]
            if hinted or labels:
                self.doc.findings.append(Finding(line.no, "unread-paragraph", line.text[:80], (
                    "looks like it names owners but gave no task (no numbered item above it, or a clause "
                    "policykg cannot read)")))


def _without(text: str, clauses: list[Clause]) -> str:
    """A task's text without its owner clauses."""
    for clause in sorted((c for c in clauses if c.end), key=lambda c: c.start, reverse=True):
        if text[clause.start:clause.end] and clause.end <= len(text):
            text = text[:clause.start] + text[clause.end:]
    return re.sub(r"([。；;，,])[。；;，,]+", r"\1", text).strip().rstrip("，,；;").strip()
