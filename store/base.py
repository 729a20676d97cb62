"""The store interface both engines implement, and the writer they share.

A document's facts are written as one unit: its old facts are deleted and its new ones
merged in a single transaction (Neo4j) or a single MULTI/EXEC block (FalkorDB), so a
crash leaves either the old version or the new one.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from typing import Any

import networkx as nx

from ..graph import schema as s
from . import cypher


class StoreError(RuntimeError):
    """The store cannot be reached or refused a statement; the message says what to check."""


Statement = tuple[str, dict[str, Any]]


def write_plan(sub: nx.MultiDiGraph, policy_id: str, batch_size: int = 500) -> list[Statement]:
    """The statements that replace one document's facts with ``sub`` (its document graph)."""
    plan: list[Statement] = [(q, {"policy_id": policy_id}) for q in cypher.DELETE_OWNED]
    plan.append((cypher.PROMOTE_SOURCE, {"policy_id": policy_id}))
    by_label: dict[str, list[dict]] = defaultdict(list)
    for nid, data in sub.nodes(data=True):
        props = {k: v for k, v in data.items() if k not in ("label", "aliases")}
        row = {"id": nid, "props": props}
        if data["label"] == s.AGENCY:
            row["aliases"] = list(data.get("aliases", []))
        by_label[data["label"]].append(row)
    order = [s.POLICY, s.AGENCY, s.SOURCE, s.SECTION, s.TASK, s.TARGET, s.GROUP]
    for label in order:
        rows = by_label.get(label, [])
        query = {s.AGENCY: cypher.merge_agencies(), s.SOURCE: cypher.merge_sources()}.get(
            label, cypher.merge_nodes(label))
        plan += [(query, {"rows": rows[i:i + batch_size]}) for i in range(0, len(rows), batch_size)]
    by_edge: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for u, v, key, data in sub.edges(keys=True, data=True):
        by_edge[(key, sub.nodes[u]["label"], sub.nodes[v]["label"])].append(
            {"source": u, "target": v, "props": dict(data)})
    for (edge, source_label, target_label), rows in sorted(by_edge.items()):
        query = cypher.create_citations() if edge == s.CITES else cypher.create_edges(edge, source_label, target_label)
        plan += [(query, {"rows": rows[i:i + batch_size]}) for i in range(0, len(rows), batch_size)]
    return plan


class Store(ABC):
    """A graph database holding policykg's graph."""

    name: str

    @abstractmethod
    def run(self, query: str, params: dict | None = None, write: bool = False) -> tuple[list[str], list[list]]:
        """Run one statement; returns (column names, rows). Read-only unless ``write``."""

    @abstractmethod
    def run_atomic(self, statements: list[Statement]) -> None:
        """Run statements as one unit: all take effect or none."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create indexes and constraints if missing (idempotent)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def write_document(self, sub: nx.MultiDiGraph, policy_id: str, batch_size: int = 500) -> None:
        """Replace one document's facts atomically."""
        self.run_atomic(write_plan(sub, policy_id, batch_size) + [(q, {}) for q in cypher.DELETE_ORPHANS])

    def delete_document(self, policy_id: str) -> bool:
        _, rows = self.run("MATCH (p:Policy {id: $id}) RETURN count(p)", {"id": policy_id})
        if not rows or not rows[0][0]:
            return False
        statements = [(q, {"policy_id": policy_id}) for q in cypher.DELETE_OWNED]
        statements += [(q, {"policy_id": policy_id}) for q in cypher.DELETE_POLICY]
        statements += [(q, {}) for q in cypher.DELETE_ORPHANS]
        self.run_atomic(statements)
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
