"""One document's lines → :class:`~policykg.model.Document`."""
from __future__ import annotations

import hashlib
import re
from datetime import date

from ..model import AgencyMention, Document, Membership, Policy, Source, Task, policy_id, stable_id
from . import roster
from .agencies import AgencyResolver, split_units
from .assignments import FIRST_LISTED_RULE, Owner, brackets, parse_bracket, sentence_phrase
from .citations import find_citations
from .deadlines import find_in_text, normalise
from .metadata import read_metadata
from .structure import RANK, heading, split_title
from .tables import header_at, parse_row_table, parse_table, row_header
from .targets import find_targets
from .text import Line, LoadError, clean_lines, strip_html

_ATTACHMENT = re.compile(r"^附件\s*(\d+(?:-\d+)?)?\s*$")
_GOAL_SECTION = re.compile(r"目标")
# text that may name owners: a bracket, or a 会同…负责 phrase
_OWNER_HINT = re.compile(r"[（(]|会同")
# an item's owners or deadline on lines of their own after its text
_DEADLINE_LABELS = "完成时限|完成时间|时间节点|时限要求|时间要求"
_LABEL_LINE = re.compile(r"^(牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|协办单位|参与单位|主办单位|"
                         rf"{_DEADLINE_LABELS})\s*[:：]\s*(\S.*)$")
_DEADLINE_LABEL = re.compile(_DEADLINE_LABELS)
_GOAL_LINE = re.compile(r"^(主要目标|总体目标|发展目标|工作目标)[:：]")


def parse_text(text: str, name: str, sha256: str | None = None, locations: list[str] | None = None) -> Document:
    """Parse a decoded document. Raises :class:`LoadError` when it holds no task.

    ``locations``, from readers of paged or structured files (PDF, Word), names where line
    ``n`` of ``text`` stands in the original (``locations[n - 1]``, e.g. "page 3, line 12").
    """
    sha256 = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = clean_lines(strip_html(text))
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
        raise LoadError(f"{name}: no tasks found (no numbered item names an owning agency)")
    if locations:
        for task in doc.tasks:
            if 0 < task.line <= len(locations):
                task.location = locations[task.line - 1]
    return doc


class _Walker:
    def __init__(self, doc: Document, lines: list[Line], resolver: AgencyResolver, meta, issued):
        self.doc, self.lines, self.resolver, self.meta, self.issued = doc, lines, resolver, meta, issued
        self.first_is_lead = False
        self.stack: list[tuple[str, str, str]] = []  # (kind, label, title)
        self.attachment: str | None = None
        self.group: str | None = None
        self.seen_citations: set[tuple] = set()

    def path(self) -> list[str]:
        return ([self.attachment] if self.attachment else []) + [label for _, label, _ in self.stack]

    def walk(self) -> None:
        lines, i = self.lines, 0
        for line in lines:
            self._citations(line)
        while i < len(lines):
            line = lines[i]
            if FIRST_LISTED_RULE.search(line.text):
                self.first_is_lead = True
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
                seats, i = roster.read_roster(lines, i, self.group)
                self._seats(seats)
                continue
            members = roster.member_sentence(line.text) if self.group else None
            if members:
                self._seats([roster.Seat(self.group, u, "成员单位", None, None, None, line.no) for u in members])
            head = heading(line.text)
            if head and self.group and re.search(r"(职责|职能|分工)", " ".join(t for *_, t in self.stack)
                                                   + " " + self._previous_text(i)) and head.kind in ("section", "sub"):
                seats, j = roster.read_duties(lines, i, self.group)
                if seats:
                    self._seats(seats)
                    i = j
                    continue
            if head:
                self._enter(head)
                i = self._item(i, head)
                continue
            self._policy_targets(line)
            i += 1

    def _previous_text(self, i: int) -> str:
        return " ".join(ln.text for ln in self.lines[max(0, i - 3):i])

    def _enter(self, head) -> None:
        rank = RANK[head.kind]
        self.stack = [s for s in self.stack if RANK[s[0]] < rank]
        self.stack.append((head.kind, head.label, head.rest))

    def _item(self, i: int, head) -> int:
        """A numbered item with owners becomes a task.

        Its text may run over following lines; its owners and deadline may stand in a bracket
        in the text or on labelled lines after it (牵头单位：… / 责任单位：… / 完成时限：…).
        """
        lines = self.lines
        text, j = head.rest, i + 1
        owners, body = self._owners(text)
        labels: dict[str, list[Line]] = {}
        while j < len(lines) and not owners:
            following = lines[j].text
            if heading(following) or _ATTACHMENT.match(following) or header_at(lines, j):
                break
            label = _LABEL_LINE.match(following)
            if label:
                labels.setdefault(label.group(1), []).append(Line(lines[j].no, label.group(2)))
            elif labels or j - i > 8:
                break
            else:
                text = text + following
                if _OWNER_HINT.search(following):  # only a new bracket can name owners
                    owners, body = self._owners(text)
            j += 1
        deadline_lines = [ln for key, found in labels.items() if _DEADLINE_LABEL.fullmatch(key) for ln in found]
        if not owners and labels:
            owners = self._label_owners(labels)
        if not owners:
            if _GOAL_SECTION.search(" ".join(t for *_, t in self.stack)):
                self._policy_targets(Line(lines[i].no, head.rest))
            return i + 1
        path = self.path()[:-1]
        title, _ = split_title(body)
        task = Task(id=stable_id("task", self.doc.policy.id, *path, head.label), number=head.label, path=path,
                    text=body, title=title, line=lines[i].no, end_line=lines[j - 1].no)
        task.deadline = next((d for ln in deadline_lines
                              if (d := normalise(ln.text, self.issued, ln.no) or find_in_text(ln.text, self.issued, ln.no))),
                             None) or find_in_text(text, self.issued, lines[i].no)
        task.targets = find_targets(body, self.issued, lines[i].no)
        owner_line = next((ln.no for key, found in labels.items() if not _DEADLINE_LABEL.fullmatch(key)
                           for ln in found), lines[i].no)
        task.agencies = self._mentions(owners, owner_line)
        self.doc.tasks.append(task)
        return j

    def _label_owners(self, labels: dict[str, list[Line]]) -> list[Owner]:
        """Owners named on labelled lines, read as one labelled bracket would be."""
        spec = "；".join(f"{key}：{'、'.join(ln.text for ln in found)}" for key, found in labels.items()
                        if not _DEADLINE_LABEL.fullmatch(key))
        return (parse_bracket(spec, self.first_is_lead) or []) if spec else []

    def _owners(self, text: str) -> tuple[list[Owner], str]:
        if not _OWNER_HINT.search(text):
            return [], text
        owners: list[Owner] = []
        body = text
        stripped = text.rstrip("。.；; ")
        for start, end, inner in reversed(brackets(text)):
            at_end = end >= len(stripped) or text[end:end + 1] in "。；;"
            found = parse_bracket(inner, self.first_is_lead)
            if found is None or found and found[0].basis == "list" and not at_end:
                continue
            if found and found[0].basis == "document-rule" and not at_end and not re.search("[:：]", inner):
                continue
            owners = found + owners
            body = body[:start] + body[end:]
        if not owners:
            owners = sentence_phrase(text)
        return owners, body.strip()

    def _mentions(self, owners: list[Owner], line: int) -> list[AgencyMention]:
        canonicals = self.resolver.resolve_list([o.raw for o in owners])
        return [AgencyMention(raw=o.raw, name=c.name, kind=c.kind, role=o.role, inferred=False, basis=o.basis,
                              line=line, jurisdiction=c.jurisdiction, category=c.category)
                for o, c in zip(owners, canonicals)]

    def _table(self, i: int, roles: list[str], parse) -> int:
        rows, end = parse(self.lines, i, roles, [self.attachment] if self.attachment else [])
        for row in rows:
            text = "".join(ln.text for ln in row.text)
            owners = self._table_owners(row.owners, roles)
            cell = "".join(ln.text for ln in row.deadline_cell)
            deadline = normalise(cell, self.issued, row.deadline_cell[0].no) if cell else \
                find_in_text(text, self.issued, row.line)
            task = Task(id=stable_id("task", self.doc.policy.id, *row.path, row.number), number=row.number,
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
        labelled = [o for ln in cells for o in (parse_bracket(ln.text, False) or [])
                    if o.basis in ("label", "phrase")]
        if labelled:
            return labelled
        if "lead" in roles and cells:
            lead_cells, assist_cells = (cells[:1], cells[1:]) if "assist" in roles else (cells, [])
            return [Owner(u, "lead", "table") for ln in lead_cells for u in split_units(ln.text)] + [
                Owner(u, "assist", "table") for ln in assist_cells for u in split_units(ln.text)]
        units = [u for ln in cells for u in split_units(ln.text)]
        if self.first_is_lead and units:
            return [Owner(units[0], "lead", "document-rule")] + [Owner(u, "assist", "document-rule")
                                                                   for u in units[1:]]
        return [Owner(u, "responsible", "table") for u in units]

    def _seats(self, seats: list[roster.Seat]) -> None:
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
