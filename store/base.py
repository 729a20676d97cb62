"""The store interface both engines implement, and the writer they share.

A document's facts are written as one unit (see :mod:`policykg.store.cypher`): staged out of
sight, then swapped in by a commit, in one transaction (Neo4j) or in MULTI/EXEC blocks
(FalkorDB), so a failure or a crash leaves either the old version or the new one.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import networkx as nx

from ..graph import schema as s
from ..model import stable_id
from . import cypher


class StoreError(RuntimeError):
    """The store cannot be reached or refused a statement; the message says what to check."""


class WriteNotAllowed(StoreError):
    """A statement run read-only would change the graph."""

    def __init__(self) -> None:
        super().__init__("the statement changes the graph, and it was run read-only")


Statement = tuple[str, dict[str, Any]]
# What a store says an engine value is: ("node", key, labels, properties),
# ("relationship", type, start key, end key, properties), ("path", nodes, relationships), or None.
Described = tuple | None
_SCALARS = (str, int, float, bool, type(None))
_PLAIN = frozenset(_SCALARS)


def iso_duration(years=0, months=0, days=0, hours=0, minutes=0, seconds=0.0) -> str:
    """An ISO 8601 duration.

    >>> iso_duration(days=1, hours=2)
    'P1DT2H'
    """
    text = "P" + "".join(f"{v:g}{u}" for v, u in ((years, "Y"), (months, "M"), (days, "D")) if v)
    clock = "".join(f"{v:g}{u}" for v, u in ((hours, "H"), (minutes, "M"), (seconds, "S")) if v)
    return text + ("T" + clock if clock else "") if text + clock != "P" else "PT0S"


def json_rows(rows: list[list], describe: Callable[[Any], Described],
              end_ids: Callable[[list], dict]) -> list[list]:
    """Rows with graph values as JSON objects and dates as ISO text.

    A node is ``{"labels", "properties"}``, a relationship ``{"type", "start", "end",
    "properties"}`` whose ends are the ``id`` properties of its nodes (``end_ids`` looks up
    those not among the result's nodes), a path ``{"nodes", "relationships"}``.
    """
    ids: dict = {}
    ends: set = set()

    def scan(value) -> bool:
        """Note the ids of nodes and the ends of relationships; whether ``value`` needs converting."""
        if isinstance(value, (dict, list)) or (isinstance(value, tuple) and not _temporal(value)):
            needs = False
            for item in value.values() if isinstance(value, dict) else value:
                if type(item) not in _PLAIN and scan(item):
                    needs = True
            return needs
        described = None if _temporal(value) else describe(value)
        if described is None:
            return True
        if described[0] == "node":
            ids[described[1]] = described[3].get("id", described[1])
        elif described[0] == "relationship":
            ends.update(described[2:4])
        else:
            for item in (*described[1], *described[2]):
                scan(item)
        return True

    needs = False
    for row in rows:
        for value in row:
            if type(value) not in _PLAIN and scan(value):
                needs = True
    if not needs:
        return rows
    unknown = sorted(ends - ids.keys(), key=str)
    if unknown:
        ids.update(end_ids(unknown))

    def convert(value):
        if isinstance(value, _SCALARS):
            return value
        if _temporal(value):
            return plain(value)
        described = describe(value)
        if described is None:
            if isinstance(value, dict):
                return {key: convert(item) for key, item in value.items()}
            if isinstance(value, (list, tuple)):
                return [convert(item) for item in value]
            return plain(value)
        if described[0] == "node":
            return {"labels": list(described[2]), "properties": convert(dict(described[3]))}
        if described[0] == "relationship":
            _, kind, start, end, props = described
            return {"type": kind, "start": ids.get(start, start), "end": ids.get(end, end),
                    "properties": convert(dict(props))}
        return {"nodes": [convert(n) for n in described[1]], "relationships": [convert(r) for r in described[2]]}

    return [[convert(value) for value in row] for row in rows]


def _temporal(value) -> bool:
    """A date, time or duration of either engine (neo4j's Duration is a tuple: test it first)."""
    return isinstance(value, (date, datetime, time)) or hasattr(value, "iso_format") or hasattr(value, "leapdays")


def plain(value):
    """A date, time or duration as ISO 8601 text; anything else as its text."""
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if hasattr(value, "iso_format"):  # neo4j.time values
        return value.iso_format()
    if hasattr(value, "leapdays"):  # dateutil's relativedelta: FalkorDB's durations
        return iso_duration(value.years, value.months, value.days, value.hours, value.minutes,
                            value.seconds + value.microseconds / 1e6)
    return str(value)


@dataclass
class WritePlan:
    """The statements that replace one document: stage, then commit; rollback undoes a stage."""

    stage: list[Statement] = field(default_factory=list)
    commit: list[Statement] = field(default_factory=list)
    rollback: list[Statement] = field(default_factory=list)


def write_plan(sub: nx.MultiDiGraph, policy_id: str, batch_size: int = 500,
               previous_shared: list[str] = ()) -> WritePlan:
    """The plan that replaces one document's facts with ``sub`` (its document graph).

    ``previous_shared`` are the ids of the shared nodes (agencies, sources, deadlines) the stored
    version uses; those the new version no longer uses, and nobody else does, are deleted with it.
    """
    twin = f"{policy_id}~staged"
    shared = [nid for nid, data in sub.nodes(data=True) if data["label"] in s.SHARED_LABELS]
    owned = {nid for nid, data in sub.nodes(data=True) if data["label"] in s.OWNED_LABELS}

    def batches(query: str, rows: list[dict]) -> list[Statement]:
        return [(query, {"rows": rows[i:i + batch_size]}) for i in range(0, len(rows), batch_size)]

    keys = {"policy_id": policy_id}
    plan = WritePlan(rollback=[(cypher.CLEAR_STAGED, keys)] + [(q, {"ids": shared}) for q in cypher.DELETE_ORPHANS])
    plan.stage = [(cypher.CLEAR_STAGED, keys), (cypher.stage_twin(), {**keys, "twin": twin})]
    by_label: dict[str, list[dict]] = defaultdict(list)
    policy_props: dict = {}
    for nid, data in sub.nodes(data=True):
        props = {k: v for k, v in data.items() if k not in ("label", "aliases")}
        if data["label"] == s.POLICY:
            policy_props = props
            continue
        if nid in owned:
            props["staged_label"] = data["label"]
        row = {"id": nid, "props": props}
        if data["label"] == s.AGENCY:
            row["aliases"] = list(data.get("aliases", []))
        by_label[data["label"]].append(row)
    plan.stage += batches(cypher.merge_agencies(), by_label.pop(s.AGENCY, []))
    plan.stage += batches(cypher.merge_deadlines(), by_label.pop(s.DEADLINE_NODE, []))
    sources = by_label.pop(s.SOURCE, [])
    numbered = [row for row in sources if row["props"].get("number")]
    plan.stage += batches(cypher.merge_sources(), numbered)
    for query in cypher.adopt_titled_sources():
        plan.stage += batches(query, [row for row in numbered if row["props"].get("title_key")])
    plan.stage += batches(cypher.merge_titled_sources(), [row for row in sources if not row["props"].get("number")])
    plan.stage += batches(cypher.stage_nodes(), [row for rows in by_label.values() for row in rows])

    def label_of(nid: str) -> str:
        return cypher.STAGED if nid in owned or nid == policy_id else sub.nodes[nid]["label"]

    by_edge: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for u, v, key, data in sub.edges(keys=True, data=True):
        row = {"source": twin if u == policy_id else u, "target": twin if v == policy_id else v, "props": dict(data)}
        if key == s.CITES:  # a title cited alone may be a numbered source by now
            target = sub.nodes[v]
            row["title_key"] = None if target.get("number") else target.get("title_key")
        by_edge[(key, label_of(u), label_of(v))].append(row)
    for (edge, source_label, target_label), rows in sorted(by_edge.items()):
        query = cypher.create_citations() if edge == s.CITES else cypher.create_edges(edge, source_label, target_label)
        plan.stage += batches(query, rows)
    title_keys = [k for k in (policy_props.get("title_key"), policy_props.get("plan_title_key")) if k]
    plan.commit = [(q, {**keys, "twin": twin, "props": policy_props, "title_keys": title_keys})
                   for q in cypher.commit()]
    plan.commit += [(q, {"ids": list(previous_shared)}) for q in cypher.DELETE_ORPHANS]
    return plan


class Store(ABC):
    """A graph database holding policykg's graph."""

    name: str

    @abstractmethod
    def run(self, query: str, params: dict | None = None, write: bool = False) -> tuple[list[str], list[list]]:
        """Run one statement; returns (column names, rows). Read-only unless ``write``."""

    @abstractmethod
    def run_atomic(self, statements: list[Statement]) -> None:
        """Run statements as one unit (one transaction, or one MULTI/EXEC block)."""

    def apply(self, plan: WritePlan) -> None:
        """Stage, then commit; a failed stage is rolled back and reported."""
        try:
            self.run_atomic(plan.stage)
        except StoreError:
            self.run_atomic(plan.rollback)
            raise
        self.run_atomic(plan.commit)

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create indexes and constraints if missing (idempotent)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def shared_of(self, policy_id: str) -> list[str]:
        """Ids of the agencies, sources and deadlines the stored version of a document uses."""
        return [row[0] for row in self.run(cypher.SHARED_OF_DOCUMENT, {"policy_id": policy_id})[1]]

    def stored_version(self, policy_id: str) -> tuple[str | None, str | None] | None:
        """(content hash, file) of the stored version of a document, or None if it is not loaded."""
        _, rows = self.run("MATCH (p:Policy {id: $id}) RETURN p.sha256, p.file", {"id": policy_id})
        return (rows[0][0], rows[0][1]) if rows else None

    def write_document(self, sub: nx.MultiDiGraph, policy_id: str, batch_size: int = 500) -> None:
        """Replace one document's facts as a whole."""
        self.apply(write_plan(sub, policy_id, batch_size, self.shared_of(policy_id)))

    def delete_document(self, policy_id: str) -> bool:
        _, rows = self.run("MATCH (p:Policy {id: $id}) RETURN count(p)", {"id": policy_id})
        if not rows or not rows[0][0]:
            return False
        shared = self.shared_of(policy_id)
        titles = [{"key": key, "id": stable_id("source", key),
                   "props": {"id": stable_id("source", key), "key": key, "title": span, "title_key": key,
                             "kind": "document"}}
                  for key, span in self.run(cypher.TITLE_CITATIONS_OF, {"policy_id": policy_id})[1]]
        unlink = [(q, {"policy_id": policy_id, "rows": titles}) for q in cypher.UNLINK_TITLE_CITATIONS] if titles else []
        self.run_atomic(unlink + [(q, {"policy_id": policy_id}) for q in cypher.DELETE_DOCUMENT]
                        + [(q, {"ids": shared}) for q in cypher.DELETE_ORPHANS])
        return True

    def reset(self) -> None:
        self.run_atomic([("MATCH (n) DETACH DELETE n", {})])

    def to_networkx(self) -> nx.MultiDiGraph:
        """The stored graph, in the shape :func:`policykg.graph.build_graph` gives."""
        graph = nx.MultiDiGraph()
        for nid, label, props in self.run(cypher.ALL_NODES)[1]:
            graph.add_node(nid, label=label, **dict(props))
        for source, target, edge_type, props in self.run(cypher.ALL_EDGES)[1]:
            graph.add_edge(source, target, key=edge_type, **dict(props))
        return graph

    def counts(self) -> dict[str, dict[str, int]]:
        _, nodes = self.run(cypher.COUNT_NODES)
        _, edges = self.run(cypher.COUNT_EDGES)
        return {"nodes": {r[0]: r[1] for r in nodes}, "edges": {r[0]: r[1] for r in edges}}
