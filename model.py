"""The typed document model: the one contract between loaders and graph.

A loader turns one file into a :class:`Document`; the graph builder reads nothing else.
Every fact read from text keeps its provenance: the 1-based ``line`` it was read from and
the exact ``span`` of text. ``Document.to_json()`` is the ``policykg extract`` output
described in ``docs/EXTRACT_JSON.md``: field names there are a stable contract.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any


def stable_id(*parts: str) -> str:
    """A short content hash: the same parts always give the same id."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def source_key(number: str | None, title: str | None) -> str:
    """A document's identity when cited: its 文号, else its title without spaces and brackets."""
    return number or title_key(title) or ""


def title_key(title: str | None) -> str | None:
    """A title compared across documents: no spaces, brackets or quotes, one kind of dash."""
    if not title:
        return None
    return re.sub(r"[\s《》〈〉<>“”\"'（）()]", "", title).replace("—", "-").replace("–", "-")


_PLAN_IN_NOTICE = re.compile(r"印发(.+)的通知$")
_PLACE_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|省|市|县|区|旗|盟)$")


def citable_title_keys(title: str | None, issuer: str | None, jurisdiction: str | None) -> list[str]:
    """The title keys by which a citation of a loaded document's title alone reaches it.

    Its title, and for a 关于印发《X》的通知 notice the plan X it issues, each only when it
    names the document's issuer or place: a bare 关于推进养老服务发展的实施意见 could be any
    city's. Keys match exactly: titles that differ by a year or by 实施方案/行动方案 stay apart.

    >>> citable_title_keys("六安市人民政府办公室关于印发《六安市养老服务行动计划(2021-2023年)》的通知",
    ...                    "六安市人民政府办公室", "六安市")
    ['六安市人民政府办公室关于印发六安市养老服务行动计划2021-2023年的通知', '六安市养老服务行动计划2021-2023年']
    >>> citable_title_keys("关于印发《深化养老服务改革的实施方案》的通知", "郯城县人民政府办公室", "郯城县")
    []
    """
    key = title_key(title)
    if not key:
        return []
    names = [n for n in (issuer, jurisdiction) if n]
    if jurisdiction and len(stem := _PLACE_SUFFIX.sub("", jurisdiction)) >= 2:
        names.append(stem)
    plan = _PLAN_IN_NOTICE.search(key)
    candidates = [key] + ([title_key(plan.group(1))] if plan else [])
    return [k for k in candidates if k and any(name in k for name in names)]


def policy_id(number: str | None, sha256: str, issuer: str | None = None, jurisdiction: str | None = None,
              title: str | None = None, issued: str | None = None) -> str:
    """A loaded document's id: what the document is, so an edited copy or the same text in
    another encoding or as a web page replaces it rather than adding a second policy.

    Its 文号 when it has one (the id of that number as a cited source, so citations of it
    reach it); else its issuer (or jurisdiction), normalised title and date; only a document
    with no title is known by the hash of its content. The hash is the version
    (``Source.sha256``), not the identity.

    >>> edited = policy_id(None, "aa", "包头市人民政府", "包头市", "养老服务行动方案", "2024-05-08")
    >>> edited == policy_id(None, "bb", "包头市人民政府", "包头市", "养老服务 行动方案", "2024-05-08")
    True
    >>> policy_id(None, "aa", "某市人民政府", None, "2024年行动方案", None) == policy_id(
    ...     None, "aa", "某市人民政府", None, "2025年行动方案", None)
    False
    """
    if number:
        return stable_id("source", number)
    key = title_key(title)
    if key:
        return stable_id("policy", issuer or jurisdiction or "", key, issued or "")
    return stable_id("policy", sha256)


@dataclass
class Source:
    """Where a document was read from: ``file`` is the resolved path (stored on every fact),
    ``name`` the path as it was given (shown in messages)."""

    file: str
    sha256: str
    name: str | None = None

    def __post_init__(self) -> None:
        if self.name is None:
            self.name = self.file


@dataclass
class Deadline:
    """A due date as written (``raw``) and in normal form.

    kind is ``date`` (``end`` set), ``interval`` (``start`` and ``end``), ``recurring``
    (``rule`` such as ``FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=31``, ``end`` the first due date
    when the year is known) or ``ongoing``; ``unresolved`` when the phrase is a deadline but
    its date cannot be computed.
    """

    raw: str
    kind: str
    start: str | None = None
    end: str | None = None
    rule: str | None = None
    line: int | None = None


@dataclass
class Target:
    """A measurable goal: ``metric op value unit``, due ``by`` a date when stated."""

    raw: str
    metric: str
    op: str
    value: float
    unit: str | None
    by: str | None = None
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if float(self.value).is_integer():
            data["value"] = int(self.value)
        return data


@dataclass
class AgencyMention:
    """One agency named in one task, with the role the text gives it.

    ``basis`` says where the role comes from: ``label`` (牵头单位:), ``phrase`` (X牵头),
    ``document-rule`` (列第一位者为牵头单位), ``table`` (a 责任单位 column) or ``list``
    (an unlabelled bracket). ``inferred`` is true only for a role that comes from a
    convention of ours rather than from the text; policykg never infers a lead.
    """

    raw: str
    name: str
    kind: str
    role: str
    inferred: bool = False
    basis: str = "label"
    line: int | None = None
    jurisdiction: str | None = None
    category: str | None = None


@dataclass
class Citation:
    number: str | None
    title: str | None
    issuer: str | None
    level: str | None
    line: int
    kind: str = "document"  # document | standard


@dataclass
class Task:
    id: str
    number: str
    path: list[str]
    text: str
    line: int
    title: str | None = None
    deadline: Deadline | None = None
    agencies: list[AgencyMention] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    end_line: int | None = None
    location: str | None = None  # where a reader that is not line-based found it: "page 3, line 12"
    ocr: bool = False  # read by OCR from a page image: its location gives the page and the OCR confidence
    divisions: list[str] = field(default_factory=list)  # divisions inside one bureau (市卫健委内牵头处室), no agencies
    scope: str | None = None  # where the task applies, when its clause says (适用范围：…)
    parent: str | None = None  # the id of the numbered task an unnumbered sub-paragraph belongs to
    subtasks: list["Task"] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "path": self.path,
            "title": self.title,
            "text": self.text,
            "line": self.line,
            "end_line": self.end_line,
            "location": self.location,
            "ocr": self.ocr,
            "divisions": self.divisions,
            "deadline": asdict(self.deadline) if self.deadline else None,
            "agencies": [asdict(a) for a in self.agencies],
            "targets": [t.to_json() for t in self.targets],
            "scope": self.scope,
            "parent": self.parent,
            "subtasks": [t.to_json() for t in self.subtasks],
        }


@dataclass
class Finding:
    """Something the loader saw but turned into no fact, so that nothing is lost silently
    (``policykg check``). ``kind``: ``unread-paragraph`` (it looks like it names owners but gave no
    task), ``unread-clause`` (a bracket that looks like an owner clause but could not be read),
    ``not-a-unit`` (named as an owner, but no unit), ``repeated-number`` (a number repeats under one
    heading: kept as separate tasks)."""

    line: int
    kind: str
    text: str
    message: str


@dataclass
class Membership:
    """An agency's seat in a leading group or joint meeting listed by the document."""

    group: str
    raw: str
    name: str
    role: str | None = None  # 组长 / 副组长 / 成员 / 召集人 … as written
    person: str | None = None
    post: str | None = None
    duty: str | None = None
    line: int | None = None
    jurisdiction: str | None = None
    kind: str = "agency"
    category: str | None = None


@dataclass
class Policy:
    id: str
    number: str | None
    title: str | None
    issuer: str | None
    jurisdiction: str | None
    level: str | None
    issued: str | None
    source: Source
    published: str | None = None
    validity: str | None = None
    province: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    policy: Policy
    citations: list[Citation] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # agencies the document assigns once to every later task (以下均需各片区配合落实，不再列出)
    standing: list[AgencyMention] = field(default_factory=list)

    def all_tasks(self) -> list[Task]:
        """Every task, each numbered one followed by its subtasks."""
        return [each for task in self.tasks for each in (task, *task.subtasks)]

    def to_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy.to_json(),
            "citations": [asdict(c) for c in self.citations],
            "tasks": [t.to_json() for t in self.tasks],
            "targets": [t.to_json() for t in self.targets],
            "memberships": [asdict(m) for m in self.memberships],
            "standing": [asdict(a) for a in self.standing],
            "warnings": self.warnings,
            "findings": [asdict(f) for f in self.findings],
        }
