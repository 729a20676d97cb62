"""Document models → networkx MultiDiGraph with stable ids and provenance on every fact.

A document whose 文号 another document cites is one node: the ``Policy`` when it is loaded,
a ``SourceDocument`` until then; so is a document cited by its title alone, when the loaded
policy's title (or the plan its notice issues) names its issuer or place.

Node attributes: ``label`` (see :mod:`policykg.graph.schema`) plus properties; edge keys are
edge types. Ids are content hashes, so the same document loaded twice (or from a renamed
file) yields the same ids; agencies are keyed by canonical name (jurisdiction included) and
source documents by 文号 (else normalised title) and deadlines by their normal form, so
documents share them.

>>> from policykg.loaders import load_text
>>> g = build_graph([load_text("一、任务\\n1.建设平台。(牵头单位:市民政局)", "x.txt")])
>>> sorted({d["label"] for _, d in g.nodes(data=True)})
['Agency', 'Policy', 'Section', 'Task']
>>> g = build_graph([load_text("一、任务\\n1.建设平台，2023年底前完成。(牵头单位:市民政局)\\n"
...                            "2.开展培训，2023年底前完成。(牵头单位:市财政局)", "x.txt")])
>>> [(d["kind"], d["end"], g.in_degree(n)) for n, d in g.nodes(data=True) if d["label"] == "Deadline"]
[('date', '2023-12-31', 2)]
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import networkx as nx

from ..model import Deadline, Document, citable_title_keys, source_key, title_key
from ..model import stable_id as node_id
from . import schema as s


def agency_id(name: str) -> str:
    return node_id("agency", name)


def _clean(props: dict) -> dict:
    return {k: v for k, v in props.items() if v is not None and v != []}


def document_graph(doc: Document) -> nx.MultiDiGraph:
    """The subgraph one document contributes."""
    g = nx.MultiDiGraph()
    p = doc.policy
    file = p.source.file
    own_titles = citable_title_keys(p.title, p.issuer, p.jurisdiction)
    full_title = title_key(p.title)
    g.add_node(p.id, label=s.POLICY, **_clean({
        "id": p.id, "number": p.number, "title": p.title, "issuer": p.issuer, "jurisdiction": p.jurisdiction,
        "level": p.level, "issued": p.issued, "published": p.published, "validity": p.validity,
        "province": p.province, "file": file, "sha256": p.source.sha256,
        "title_key": full_title if full_title in own_titles else None,
        "plan_title_key": next((k for k in own_titles if k != full_title), None)}))

    def agency(name: str, kind: str, jurisdiction: str | None, category: str | None, raw: str) -> str:
        aid = agency_id(name)
        if aid in g:
            aliases = g.nodes[aid]["aliases"]
            if raw not in aliases:
                aliases.append(raw)
        else:
            g.add_node(aid, label=s.AGENCY, **_clean({"id": aid, "name": name, "kind": kind,
                                                      "jurisdiction": jurisdiction, "category": category}),
                       aliases=[raw])
        return aid

    if p.issuer:
        issuer = agency(p.issuer, "agency", p.jurisdiction, "政府", p.issuer)
        g.add_edge(p.id, issuer, key=s.ISSUED_BY, policy_id=p.id, file=file)

    # a title cited alone is the document this policy cites elsewhere with number and title
    numbered = {title_key(c.title): node_id("source", c.number) for c in doc.citations if c.number and c.title}
    for c in doc.citations:
        key = source_key(c.number, c.title)
        sid = node_id("source", key) if c.number else numbered.get(key, node_id("source", key))
        if sid == p.id or (not c.number and key in own_titles):
            continue  # a document that names its own number or title is not citing itself
        if sid not in g:
            g.add_node(sid, label=s.SOURCE, **_clean({
                "id": sid, "key": key, "number": c.number, "title": c.title, "title_key": title_key(c.title),
                "issuer": c.issuer, "level": c.level, "kind": c.kind}))
        elif c.title and "title" not in g.nodes[sid]:
            g.nodes[sid]["title"] = c.title
        if not g.has_edge(p.id, sid, key=s.CITES):
            g.add_edge(p.id, sid, key=s.CITES, **_clean({"policy_id": p.id, "file": file, "line": c.line,
                                                         "span": c.number or c.title,
                                                         "title_key": None if c.number else key}))

    def section(path: list[str]) -> str | None:
        parent = None
        for depth in range(1, len(path) + 1):
            sid = node_id("section", p.id, *path[:depth])
            if sid not in g:
                g.add_node(sid, label=s.SECTION, id=sid, policy_id=p.id, label_text=path[depth - 1],
                           path=" › ".join(path[:depth]))
                g.add_edge(sid, parent or p.id, key=s.PART_OF, policy_id=p.id)
            parent = sid
        return parent

    def targets(owner: str, items) -> None:
        for t in items:
            tid = node_id("target", owner, t.raw, str(t.line))
            g.add_node(tid, label=s.TARGET, **_clean({
                "id": tid, "policy_id": p.id, "metric": t.metric, "op": t.op, "value": float(t.value),
                "unit": t.unit, "by": t.by, "raw": t.raw, "line": t.line, "file": file}))
            g.add_edge(owner, tid, key=s.SETS, policy_id=p.id, file=file, line=t.line, span=t.raw)

    for t in doc.all_tasks():
        g.add_node(t.id, label=s.TASK, **_clean({
            "id": t.id, "policy_id": p.id, "number": t.number, "path": " › ".join(t.path), "title": t.title,
            "text": t.text, "line": t.line, "end_line": t.end_line, "file": file, "location": t.location,
            "ocr": t.ocr or None, "divisions": t.divisions or None, "scope": t.scope, "jurisdiction": p.jurisdiction,
            "has_lead": any(a.role == "lead" for a in t.agencies)}))
        g.add_edge(p.id, t.id, key=s.HAS_TASK, policy_id=p.id)
        if t.deadline:
            _deadline(g, t, p.id, file)
        parent = t.parent or section(t.path)  # a subtask is part of its numbered task
        if parent:
            g.add_edge(t.id, parent, key=s.PART_OF, policy_id=p.id)
        for a in t.agencies:
            aid = agency(a.name, a.kind, a.jurisdiction, a.category, a.raw)
            edge = s.LEADS if a.role == "lead" else s.ASSISTS
            g.add_edge(aid, t.id, key=edge, role=a.role, inferred=a.inferred, basis=a.basis, raw=a.raw,
                       policy_id=p.id, file=file, line=a.line, span=a.raw)
        targets(t.id, t.targets)
    targets(p.id, doc.targets)
    for a in doc.standing:  # 以下均需各片区配合落实，不再列出: one fact on the policy, not an edge per task
        aid = agency(a.name, a.kind, a.jurisdiction, a.category, a.raw)
        g.add_edge(aid, p.id, key=s.STANDING, role=a.role, basis=a.basis, raw=a.raw, policy_id=p.id, file=file,
                   line=a.line, span=a.raw)

    for m in doc.memberships:
        gid = node_id("group", p.id, m.group)
        if gid not in g:
            g.add_node(gid, label=s.GROUP, id=gid, policy_id=p.id, name=m.group, jurisdiction=p.jurisdiction)
        aid = agency(m.name, m.kind, m.jurisdiction, m.category, m.raw)
        _seat(g, aid, gid, m, p.id, file)
    return g


def deadline_id(deadline: Deadline) -> str:
    """One id per normal form: tasks due on the same date (or ongoing, or by one rule) share it.

    >>> from policykg.model import Deadline
    >>> deadline_id(Deadline("2023年底前", "date", end="2023-12-31")) == deadline_id(
    ...     Deadline("到2023年底", "date", end="2023-12-31"))
    True
    """
    return node_id("deadline", deadline.kind, deadline.start or "", deadline.end or "", deadline.rule or "")


def _deadline(g: nx.MultiDiGraph, task, policy_id: str, file: str) -> None:
    """The task's DEADLINE edge to the shared node of its normal form; the phrase stays on the edge."""
    d = task.deadline
    did = deadline_id(d)
    if did not in g:
        g.add_node(did, label=s.DEADLINE_NODE, **_clean({"id": did, "kind": d.kind, "start": d.start, "end": d.end,
                                                        "rule": d.rule}))
    basis = "text" if re.sub(r"\s+", "", d.raw) in re.sub(r"\s+", "", task.text) else "label"
    g.add_edge(task.id, did, key=s.DEADLINE, raw=d.raw, span=d.raw, basis=basis, line=d.line or task.line,
               policy_id=policy_id, file=file)


def _seat(g: nx.MultiDiGraph, agency: str, group: str, m, policy_id: str, file: str) -> None:
    """An agency has one membership per group; its seats (role, person, post) are lists on it.

    A unit listed with its duties and again in the roster (or with two people) is one member.
    """
    if not g.has_edge(agency, group, key=s.MEMBER_OF):
        g.add_edge(agency, group, key=s.MEMBER_OF, roles=[], persons=[], posts=[], policy_id=policy_id,
                   file=file, line=m.line, span=m.raw)
    edge = g.edges[agency, group, s.MEMBER_OF]
    for key, value in (("roles", m.role), ("persons", m.person), ("posts", m.post)):
        if value and value not in edge[key]:
            edge[key].append(value)
    if m.duty and not edge.get("duty"):
        edge["duty"] = m.duty


def counts(g: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Nodes by label and edges by type, in the shape a store's ``counts()`` gives."""
    nodes: dict[str, int] = {}
    edges: dict[str, int] = {}
    for _, data in g.nodes(data=True):
        nodes[data["label"]] = nodes.get(data["label"], 0) + 1
    for _, _, key in g.edges(keys=True):
        edges[key] = edges.get(key, 0) + 1
    return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}


def build_graph(docs: Iterable[Document]) -> nx.MultiDiGraph:
    """The union of the documents' graphs; shared agencies and sources merge by id."""
    g = nx.MultiDiGraph()
    for doc in docs:
        sub = document_graph(doc)
        for nid, data in sub.nodes(data=True):
            if nid in g and s.POLICY in (data["label"], g.nodes[nid]["label"]):
                # a cited document that is also loaded is one node: the Policy
                if data["label"] == s.POLICY:
                    g.nodes[nid].clear()
                    g.nodes[nid].update(data)
            elif nid in g and "aliases" in data:
                merged = g.nodes[nid]["aliases"] + [a for a in data["aliases"] if a not in g.nodes[nid]["aliases"]]
                g.nodes[nid].update(data, aliases=merged)
            elif nid in g:
                g.nodes[nid].update({k: v for k, v in data.items() if k not in g.nodes[nid]})
            else:
                g.add_node(nid, **data)
        for u, v, key, data in sub.edges(keys=True, data=True):
            g.add_edge(u, v, key=key, **data)
    _merge_titles(g)
    return g


def _merge_titles(g: nx.MultiDiGraph) -> None:
    """A source cited by title alone is the loaded policy with that title (see
    :func:`~policykg.model.citable_title_keys`), else the source another citation gives that
    title and a number."""
    titled: dict[str, list[str]] = {}
    planned: dict[str, list[str]] = {}
    numbered: dict[str, list[str]] = {}
    for nid, data in g.nodes(data=True):
        if data["label"] == s.POLICY:
            for keys, prop in ((titled, "title_key"), (planned, "plan_title_key")):
                if data.get(prop):
                    keys.setdefault(data[prop], []).append(nid)
        elif data["label"] == s.SOURCE and data.get("number") and data.get("title_key"):
            numbered.setdefault(data["title_key"], []).append(nid)
    for nid, data in list(g.nodes(data=True)):
        key = data.get("title_key")
        if data["label"] != s.SOURCE or data.get("number"):
            continue
        candidates = titled.get(key) or planned.get(key) or numbered.get(key)
        if not candidates:
            continue
        target = min(candidates)
        for source, _, edge_type, edge in list(g.in_edges(nid, keys=True, data=True)):
            if source != target and not g.has_edge(source, target, key=edge_type):
                g.add_edge(source, target, key=edge_type, **edge)
        g.remove_node(nid)
