"""What a report shows, read from the stored graph: one policy's metadata, lineage, tasks and owners.

Every value travels as a query parameter; the statements below run on FalkorDB and Neo4j alike.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from .. import queries
from ..store import Store

LEVELS = ("central", "province", "city", "county", "other")
LEVEL_NAMES = {"central": "中央", "province": "省级", "city": "市级", "county": "县级", "other": "标准及其他"}
ROLE_NAMES = {"lead": "牵头", "assist": "配合", "responsible": "责任"}
ROLE_ORDER = tuple(ROLE_NAMES)

POLICY = "MATCH (p:Policy {id: $id}) RETURN properties(p) AS props"
TASKS = """MATCH (:Policy {id: $id})-[:HAS_TASK]->(t:Task)
RETURN t.id AS id, t.number AS number, t.path AS path, t.title AS title, t.text AS text,
       t.line AS line, t.file AS file, t.has_lead AS has_lead
ORDER BY t.line"""
DEADLINES = """MATCH (:Policy {id: $id})-[:HAS_TASK]->(t:Task)-[r:DEADLINE]->(d:Deadline)
RETURN t.id AS task, r.raw AS raw, d.end AS due
ORDER BY task, due, raw"""
OWNERS = """MATCH (:Policy {id: $id})-[:HAS_TASK]->(t:Task)<-[r:LEADS|ASSISTS]-(a:Agency)
RETURN t.id AS task, a.name AS agency, r.role AS role, r.line AS line
ORDER BY line, agency"""
TARGETS = """MATCH (g:Target {policy_id: $id})<-[:SETS]-(o)
RETURN o.id AS owner, g.raw AS raw, g.line AS line
ORDER BY line, raw"""
LINEAGE = """MATCH (:Policy {id: $id})-[:CITES*1..6]->(s)
RETURN DISTINCT s.id AS id, labels(s)[0] AS label, s.number AS number, s.title AS title,
       s.level AS level, s.issuer AS issuer"""
CITATIONS = """MATCH (a)-[:CITES]->(b)
WHERE a.id IN $ids AND b.id IN $ids
RETURN DISTINCT a.id AS source, b.id AS target"""
POLICY_LEVELS = "MATCH (p:Policy) RETURN p.id AS id, p.level AS level, p.province AS province"
AGENCY_POLICIES = """MATCH (a:Agency)-[:LEADS|ASSISTS]->(t:Task)<-[:HAS_TASK]-(p:Policy)
RETURN a.name AS agency, p.id AS policy, count(DISTINCT t) AS tasks"""


class ReportError(LookupError):
    """The policy asked for is not in the store, or the words match several."""


def _rows(store: Store, query: str, params: dict | None = None) -> list[dict]:
    header, rows = store.run(query, params or {})
    return [dict(zip(header, row, strict=True)) for row in rows]


def _canned(store: Store, name: str, **given: str) -> list[dict]:
    query = queries.get(name)
    return _rows(store, query.text, query.bind(given))


def short_title(title: str | None, limit: int = 24) -> str:
    """A title as a picture label: the name inside 《》 if any, without 关于印发 … 的通知, at most ``limit``.

    >>> short_title("郯城县人民政府办公室关于印发《深化养老服务改革的实施方案》的通知")
    '深化养老服务改革的实施方案'
    >>> short_title("国务院办公厅关于发展银发经济增进老年人福祉的意见")
    '国务院办公厅关于发展银发经济增进老年人福祉的意见'
    >>> short_title("一二三四五六七八九十", limit=6)
    '一二三四五…'
    """
    text = (title or "").strip()
    quoted = re.search(r"[《<〈]([^》>〉]+)[》>〉]", text)
    if quoted and len(quoted.group(1)) >= 4:
        text = quoted.group(1)
    else:
        text = re.sub(r"^.*?关于印发(.+?)的通知$", r"\1", text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass
class Owner:
    agency: str
    role: str  # lead | assist | responsible
    line: int | None = None


@dataclass
class Task:
    id: str
    number: str
    path: str
    title: str
    text: str
    file: str
    line: int
    has_lead: bool
    deadline: str | None = None
    due: str | None = None
    owners: list[Owner] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    overdue: bool = False

    def role_of(self, agency: str) -> str | None:
        return next((o.role for o in self.owners if o.agency == agency), None)


@dataclass
class LineageNode:
    id: str
    number: str | None
    title: str | None
    level: str  # one of LEVELS
    loaded: bool
    issuer: str | None = None

    @property
    def label(self) -> str:
        return self.number or short_title(self.title)


@dataclass
class PolicyReport:
    policy: dict
    tasks: list[Task]
    agencies: list[str]  # by number of tasks carried, most first
    lineage: list[LineageNode]  # the policy first
    citations: list[tuple[str, str]]  # (citing id, cited id) among lineage nodes
    as_of: str

    @property
    def id(self) -> str:
        return self.policy["id"]

    @property
    def without_lead(self) -> list[Task]:
        return [t for t in self.tasks if not t.has_lead]

    @property
    def overdue(self) -> list[Task]:
        return [t for t in self.tasks if t.overdue]


def resolve_policy(store: Store, text: str) -> str:
    """The id of the one policy whose id or 文号 is ``text``, or whose title contains it."""
    rows = _canned(store, "policy-summary", policy=text)
    exact = [r for r in rows if text in (r["id"], r["number"])]
    if len(exact) == 1 or len(rows) == 1:
        return (exact or rows)[0]["id"]
    if not rows:
        raise ReportError(f"no policy has the id, 文号 or title part {text!r}")
    names = "; ".join(f"{r['number'] or r['id']} {r['title']}" for r in rows)
    raise ReportError(f"{text!r} matches {len(rows)} policies, name one by id or 文号: {names}")


def _level(value: str | None) -> str:
    return value if value in LEVELS else "other"


def policy_report(store: Store, policy_id: str, as_of: date | None = None) -> PolicyReport:
    """Everything one report page shows about the policy with id ``policy_id``."""
    as_of_text = (as_of or date.today()).isoformat()
    found = _rows(store, POLICY, {"id": policy_id})
    if not found:
        raise ReportError(f"no policy with id {policy_id}")
    policy = dict(found[0]["props"])
    params = {"id": policy_id}
    tasks = [Task(r["id"], r["number"] or "", r["path"] or "", r["title"] or short_title(r["text"], 20),
                  r["text"] or "", r["file"] or policy.get("file", ""), r["line"], bool(r["has_lead"]))
             for r in _rows(store, TASKS, params)]
    by_id = {t.id: t for t in tasks}
    for row in _rows(store, DEADLINES, params):  # a task with several deadlines is due at the first
        task = by_id[row["task"]]
        task.deadline = "；".join(filter(None, [task.deadline, row["raw"]]))
        if row["due"] and (not task.due or row["due"] < task.due):
            task.due = row["due"]
        due = task.due or ""
        task.overdue = bool(due) and due < as_of_text
    for row in _rows(store, OWNERS, params):
        by_id[row["task"]].owners.append(Owner(row["agency"], row["role"], row["line"]))
    for row in _rows(store, TARGETS, params):
        if row["owner"] in by_id:
            by_id[row["owner"]].targets.append(row["raw"])
    for task in tasks:
        task.owners.sort(key=lambda o: ROLE_ORDER.index(o.role) if o.role in ROLE_ORDER else len(ROLE_ORDER))
    carried = Counter(o.agency for t in tasks for o in t.owners)
    agencies = sorted(carried, key=lambda name: (-carried[name], name))
    root = LineageNode(policy_id, policy.get("number"), policy.get("title"), _level(policy.get("level")), True,
                       policy.get("issuer"))
    lineage = [root] + sorted(
        (LineageNode(r["id"], r["number"], r["title"], _level(r["level"]), r["label"] == "Policy", r["issuer"])
         for r in _rows(store, LINEAGE, params) if r["id"] != policy_id),
        key=lambda n: (LEVELS.index(n.level), n.number or "", n.title or ""))
    ids = [n.id for n in lineage]
    citations = sorted((r["source"], r["target"]) for r in _rows(store, CITATIONS, {"ids": ids}))
    return PolicyReport(policy, tasks, agencies, lineage, citations, as_of_text)


@dataclass
class Index:
    policies: list[dict]  # policy-summary rows with level and province, by level then jurisdiction
    agencies: list[dict]  # agency-workload rows, each with "policies": [(policy id, tasks)]


def index(store: Store) -> Index:
    """The index page: every loaded policy by level and jurisdiction, every agency by workload."""
    levels = {r["id"]: r for r in _rows(store, POLICY_LEVELS)}
    policies = _canned(store, "policy-summary")
    for row in policies:
        row["level"] = _level(levels[row["id"]]["level"])
        row["province"] = levels[row["id"]]["province"]
    policies.sort(key=lambda r: (LEVELS.index(r["level"]), r["province"] or "", r["jurisdiction"] or "",
                                 r["number"] or ""))
    per_agency: dict[str, list[tuple[str, int]]] = {}
    for row in _rows(store, AGENCY_POLICIES):
        per_agency.setdefault(row["agency"], []).append((row["policy"], row["tasks"]))
    agencies = _canned(store, "agency-workload", limit="100000")
    for row in agencies:
        row["policies"] = sorted(per_agency.get(row["agency"], []), key=lambda pair: (-pair[1], pair[0]))
    return Index(policies, agencies)
