"""The store interface both engines implement, and the writer they share.

A document's facts are written as one unit. Documents not stored yet are written many at a
time (:func:`insert_plan`): one transaction (Neo4j) or one MULTI/EXEC block (FalkorDB) per
batch, and a failed batch is undone and retried one document at a time. A document that
replaces a stored version is staged out of sight, then swapped in by a commit (see
:mod:`policykg.store.cypher`), so a failure or a crash leaves either the old version or the new one.

Some properties are kept at write time so that questions read them instead of scanning every
task or edge (:data:`DERIVED`): a task's owners in the order the text names them, a policy's
task count and owned tasks per functional category, an agency's task counts by role, and the
number of tasks each two agencies share (an edge, :data:`~policykg.store.cypher.PAIRS`).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from ..graph import schema as s
from ..model import stable_id
from . import cypher

if TYPE_CHECKING:  # networkx takes 0.5 s to import: a query command does without it
    import networkx as nx


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


# Properties the store keeps for fast questions; they are not facts of the graph and are not exported.
DERIVED = {s.TASK: ("owner_names", "owner_roles"),
           s.POLICY: ("task_count", "owner_categories", "owner_category_tasks"),
           s.AGENCY: ("n_led", "n_assisted", "n_responsible")}
ROLE_COUNTS = dict(cypher.ROLE_COUNTS)


def _derived(sub: nx.MultiDiGraph, policy_id: str, nodes: dict[str, dict]) -> dict[str, dict]:
    """Write-time properties of the document's nodes (see :data:`DERIVED`), by node id
    (``nodes``: the graph's node data by id)."""
    derived: dict[str, dict] = defaultdict(dict)
    categories: dict[str, set[str]] = defaultdict(set)
    tasks = 0
    pred = sub.pred
    for nid, data in nodes.items():
        if data["label"] != s.TASK:
            continue
        tasks += 1
        owners = [(u, d["role"]) for u, by_key in pred[nid].items() for key, d in by_key.items()
                  if key == s.LEADS or key == s.ASSISTS]
        if owners:
            derived[nid]["owner_names"] = [nodes[u]["name"] for u, _ in owners]
            derived[nid]["owner_roles"] = [role for _, role in owners]
        for u, role in owners:
            category = nodes[u].get("category")
            if category and role in ("lead", "responsible"):
                categories[category].add(nid)
    ordered = sorted(categories, key=lambda c: (-len(categories[c]), c))
    derived[policy_id].update(task_count=tasks, owner_categories=ordered,
                              owner_category_tasks=[len(categories[c]) for c in ordered])
    return derived


def _node_rows(sub: nx.MultiDiGraph, policy_id: str) -> tuple[dict, dict[str, list[dict]]]:
    """The policy's properties and, by label, one row (id, props, aliases) per other node."""
    nodes = dict(sub.nodes(data=True))
    derived = _derived(sub, policy_id, nodes)
    by_label: dict[str, list[dict]] = defaultdict(list)
    policy_props: dict = {}
    for nid, data in nodes.items():
        props = {k: v for k, v in data.items() if k != "label" and k != "aliases"}
        if nid in derived:
            props.update(derived[nid])
        if data["label"] == s.POLICY:
            policy_props = props
            continue
        row = {"id": nid, "props": props}
        if data["label"] == s.AGENCY:
            row["aliases"] = list(data.get("aliases", []))
        by_label[data["label"]].append(row)
    return policy_props, by_label


def _title_keys(policy_props: dict) -> list[str]:
    """The titles other documents may cite the policy by alone."""
    return [k for k in (policy_props.get("title_key"), policy_props.get("plan_title_key")) if k]


def _chunks(query: str, rows: list[dict], batch_size: int) -> list[Statement]:
    return [(query, {"rows": type(rows)(rows[i:i + batch_size])}) for i in range(0, len(rows), batch_size)]


def _shared_statements(by_label: dict[str, list[dict]], batch_size: int, counted: bool = False) -> list[Statement]:
    """MERGE the shared nodes (agencies, sources, deadlines); pops them from ``by_label``. With
    ``counted``, agency rows carry the role counts to add (``counts``)."""
    statements = _chunks(cypher.merge_agencies(counted), by_label.pop(s.AGENCY, []), batch_size)
    sources = by_label.pop(s.SOURCE, [])
    numbered = [row for row in sources if row["props"].get("number")]
    statements += _chunks(cypher.merge_sources(), numbered, batch_size)
    for query in cypher.adopt_titled_sources():
        statements += _chunks(query, [row for row in numbered if row["props"].get("title_key")], batch_size)
    statements += _chunks(cypher.merge_titled_sources(), [row for row in sources if not row["props"].get("number")],
                          batch_size)
    return statements + _chunks(cypher.merge_deadlines(), by_label.pop(s.DEADLINE_NODE, []), batch_size)


def _edge_row(sub: nx.MultiDiGraph, u: str, v: str, key: str, data: dict, rename: dict | None = None) -> dict:
    source, target = (rename.get(u, u), rename.get(v, v)) if rename else (u, v)
    row: dict[str, Any] = {"source": source, "target": target, "props": dict(data)}
    if key == s.CITES:  # a title cited alone may be a numbered source by now
        target = sub.nodes[v]
        row["title_key"] = None if target.get("number") else target.get("title_key")
    return row


def _merged(rows: list[dict]) -> list[dict]:
    """Rows of one shared node from several documents as one: later properties win, aliases add up."""
    merged: dict[str, dict] = {}
    for row in rows:
        if row["id"] not in merged:
            merged[row["id"]] = {**row, "props": dict(row["props"]),
                                 **({"aliases": list(row["aliases"])} if "aliases" in row else {})}
            continue
        into = merged[row["id"]]
        into["props"].update(row["props"])
        if "aliases" in row:
            into["aliases"] += [a for a in row["aliases"] if a not in into["aliases"]]
    return list(merged.values())


class PreparedDocument:
    """One document's rows for a first write (:func:`insert_plan`), made where it was parsed.

    Preparing a document costs about as much as writing it, so a load prepares in its parsing
    workers: the loader then only joins rows. Owned nodes and edges may be rendered already for
    the engine (``render``, e.g. FalkorDB's Cypher literals); shared nodes stay dicts, as a batch
    merges them. The document graph is needed again only when the document replaces a stored
    version: with ``rebuild`` (what made it), a pickled document leaves it out and rebuilds it
    then (the pickled graph was a third of what a worker sent, and the loader paid ≈ 0.8 ms a
    document to unpickle it).
    """

    def __init__(self, sub: nx.MultiDiGraph, policy_id: str, render: Callable[[list[dict]], list] | None = None,
                 rebuild: Callable[[], nx.MultiDiGraph] | None = None):
        self.policy_id = policy_id
        self._graph: nx.MultiDiGraph | None = sub
        self.rebuild = rebuild
        self.policy_props, by_label = _node_rows(sub, policy_id)
        self.shared = {label: by_label.pop(label) for label in s.SHARED_LABELS if label in by_label}
        edges: dict[tuple[str, str, str], list] = defaultdict(list)
        # per agency of the document, how many of its LEADS/ASSISTS edges carry each role
        counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ROLE_COUNTS.values(), 0))
        labels = {nid: data["label"] for nid, data in sub.nodes(data=True)}
        for u, v, key, data in sub.edges(keys=True, data=True):
            edges[(key, labels[u], labels[v])].append(_edge_row(sub, u, v, key, data))
            if key == s.LEADS or key == s.ASSISTS:
                counts[u][ROLE_COUNTS[data["role"]]] += 1
        keep = render or (lambda rows: rows)
        self.owned = {label: keep([{"props": row["props"]} for row in rows]) for label, rows in by_label.items()}
        self.edges = {key: keep(rows) for key, rows in edges.items()}
        self.counts = dict(counts)

    @property
    def graph(self) -> nx.MultiDiGraph:
        if self._graph is None:
            assert self.rebuild is not None  # only a document with ``rebuild`` leaves its graph out
            self._graph = self.rebuild()
        return self._graph

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        if self.rebuild is not None:
            state["_graph"] = None
        return state


def insert_plan(docs: list[PreparedDocument], batch_size: int = 500) -> WritePlan:
    """One block of statements that writes documents not stored yet, with no staging.

    ``docs`` have distinct policy ids. Owned nodes are created with their labels; only shared
    nodes are merged. A version another process stored since we looked is deleted first, in the
    same block. ``rollback`` deletes what the block wrote (for an engine that cannot roll a
    failed block back); ``commit`` stays empty.
    """
    ids = [doc.policy_id for doc in docs]
    policies: list[dict] = [{"id": doc.policy_id, "props": doc.policy_props} for doc in docs]
    rows_by_label: dict[str, list[dict]] = defaultdict(list)
    owned: dict[str, list] = {}
    edges: dict[tuple[str, str, str], list] = {}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ROLE_COUNTS.values(), 0))
    for doc in docs:
        for label, rows in doc.shared.items():
            rows_by_label[label].extend(rows)
        for label, rows in doc.owned.items():
            owned.setdefault(label, type(rows)()).extend(rows)  # a rendered list stays one
        for key, rows in doc.edges.items():
            edges.setdefault(key, type(rows)()).extend(rows)
        for agency, by_role in doc.counts.items():
            for name, count in by_role.items():
                counts[agency][name] += count
    shared = {label: _merged(rows) for label, rows in rows_by_label.items()}
    for row in shared.get(s.AGENCY, []):
        row["counts"] = counts.get(row["id"], dict.fromkeys(ROLE_COUNTS.values(), 0))
    shared_ids = [row["id"] for rows in shared.values() for row in rows]
    plan = WritePlan()
    plan.stage = [(q, {"ids": ids}) for q in (cypher.CLEAR_STAGED_OF, *cypher.DELETE_VERSIONS, cypher.PROMOTE_SOURCES)]
    plan.stage += _chunks(cypher.MERGE_POLICIES, policies, batch_size)
    titled = [{"id": row["id"], "title_keys": keys} for row in policies if (keys := _title_keys(row["props"]))]
    for query in cypher.ADOPT_TITLE_CITATIONS:
        plan.stage += _chunks(query, titled, batch_size)
    plan.stage += _shared_statements(shared, batch_size, counted=True)
    for label, rows in owned.items():
        plan.stage += _chunks(cypher.create_nodes(label), rows, batch_size)
    for (edge, source_label, target_label), rows in sorted(edges.items()):
        query = (cypher.create_citations(s.POLICY) if edge == s.CITES
                 else cypher.create_edges(edge, source_label, target_label))
        plan.stage += _chunks(query, rows, batch_size)
    plan.stage.append((cypher.ADD_PAIRS, {"ids": ids}))
    plan.rollback = [(q, {"policy_id": policy_id, "ids": [policy_id]}) for policy_id in ids
                     for q in cypher.DELETE_DOCUMENT]
    # the pairs of the block's agencies, whichever of its statements ran, before an orphan is told
    plan.rollback += [(q, {"ids": shared_ids}) for q in (*cypher.RECOUNT_PAIRS, *cypher.DELETE_ORPHANS)]
    plan.rollback.append((cypher.RECOUNT_ROLES, {"ids": shared_ids}))
    return plan


def write_plan(sub: nx.MultiDiGraph, policy_id: str, batch_size: int = 500,
               previous_shared: Sequence[str] = ()) -> WritePlan:
    """The plan that replaces one document's facts with ``sub`` (its document graph).

    ``previous_shared`` are the ids of the shared nodes (agencies, sources, deadlines) the stored
    version uses; those the new version no longer uses, and nobody else does, are deleted with it.
    """
    twin = f"{policy_id}~staged"
    owned = {nid for nid, data in sub.nodes(data=True) if data["label"] in s.OWNED_LABELS}
    keys = {"policy_id": policy_id}
    policy_props, by_label = _node_rows(sub, policy_id)
    shared = [row["id"] for label in s.SHARED_LABELS for row in by_label.get(label, [])]
    plan = WritePlan(rollback=[(cypher.CLEAR_STAGED, keys)] + [(q, {"ids": shared}) for q in cypher.DELETE_ORPHANS])
    plan.stage = [(cypher.CLEAR_STAGED, keys), (cypher.stage_twin(), {**keys, "twin": twin})]
    plan.stage += _shared_statements(by_label, batch_size)
    for rows in by_label.values():
        for row in rows:
            row["props"]["staged_label"] = sub.nodes[row["id"]]["label"]
    plan.stage += _chunks(cypher.stage_nodes(), [row for rows in by_label.values() for row in rows], batch_size)

    def label_of(nid: str) -> str:
        return cypher.STAGED if nid in owned or nid == policy_id else sub.nodes[nid]["label"]

    by_edge: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for u, v, key, data in sub.edges(keys=True, data=True):
        by_edge[(key, label_of(u), label_of(v))].append(_edge_row(sub, u, v, key, data, {policy_id: twin}))
    for (edge, source_label, target_label), rows in sorted(by_edge.items()):
        query = cypher.create_citations() if edge == s.CITES else cypher.create_edges(edge, source_label, target_label)
        plan.stage += _chunks(query, rows, batch_size)
    plan.commit = [(q, {**keys, "twin": twin, "props": policy_props, "title_keys": _title_keys(policy_props),
                        "ids": [policy_id]}) for q in cypher.commit()]
    plan.commit += [(q, {"ids": list(previous_shared)}) for q in cypher.DELETE_ORPHANS]
    plan.commit.append((cypher.RECOUNT_ROLES, {"ids": sorted(set(shared) | set(previous_shared))}))
    return plan


class Store(ABC):
    """A graph database holding policykg's graph."""

    name: str
    # How the rows of a write statement travel to the engine, when not as its driver packs dicts.
    render_rows: Callable[[list[dict]], list] | None = None

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
        if plan.commit:
            self.run_atomic(plan.commit)

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create indexes and constraints if missing (idempotent)."""

    def _count_pairs_once(self) -> None:
        """A store written before policykg kept agency pairs (:data:`~policykg.store.cypher.PAIRS`)
        gets them, once: at 10,000 documents it takes a few seconds."""
        if not self.run(cypher.ANY_PAIR)[1] and self.run(cypher.ANY_SHARED_TASK)[1]:
            self.run(cypher.COUNT_ALL_PAIRS, write=True)

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def shared_of(self, policy_id: str) -> list[str]:
        """Ids of the agencies, sources and deadlines the stored version of a document uses."""
        return [row[0] for row in self.run(cypher.SHARED_OF_DOCUMENT, {"policy_id": policy_id})[1]]

    def stored_versions(self, policy_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
        """(content hash, file) of the stored version of each of these documents that is loaded."""
        return {pid: (sha, file) for pid, sha, file in self.run(cypher.STORED_VERSIONS, {"ids": policy_ids})[1]}

    def stored_hashes(self) -> dict[str, str | None]:
        """The content hash (sha256 of the file's bytes) of every stored document, and its file."""
        return dict(self.run(cypher.STORED_HASHES)[1])

    def write_document(self, sub: nx.MultiDiGraph, policy_id: str, batch_size: int = 500) -> None:
        """Replace one document's facts as a whole."""
        self.apply(write_plan(sub, policy_id, batch_size, self.shared_of(policy_id)))

    def preparer(self) -> Callable[..., PreparedDocument]:
        """What prepares a document for this store's :meth:`write_prepared` (the arguments of
        :class:`PreparedDocument` but ``render``); it needs no connection and pickles, so a
        parsing worker runs it."""
        return partial(PreparedDocument, render=self.render_rows)

    def write_documents(self, docs: list[tuple[str, nx.MultiDiGraph]], batch_size: int = 500) -> dict[str, StoreError]:
        """Write many documents, each as a whole; returns the error of each one that was not written."""
        prepare = self.preparer()
        return self.write_prepared([prepare(sub, policy_id) for policy_id, sub in docs], batch_size)

    def write_prepared(self, docs: list[PreparedDocument], batch_size: int = 500) -> dict[str, StoreError]:
        """Write prepared documents (:meth:`preparer`), each as a whole; returns the error of each
        one that was not written.

        Documents not stored yet go in one block; if it fails it is undone and each document
        is written on its own, so one bad document never costs the others.
        """
        stored = self.stored_versions([doc.policy_id for doc in docs])
        new: list[PreparedDocument] = []
        later: list[PreparedDocument] = []
        seen: set[str] = set()
        for doc in docs:
            (later if doc.policy_id in stored or doc.policy_id in seen else new).append(doc)
            seen.add(doc.policy_id)
        if new:
            try:
                self.apply(insert_plan(new, batch_size))
            except StoreError:
                later = new + later
        failed = {}
        for doc in later:
            try:
                self.write_document(doc.graph, doc.policy_id, batch_size)
            except StoreError as error:
                failed[doc.policy_id] = error
        return failed

    def delete_document(self, policy_id: str) -> bool:
        _, rows = self.run("MATCH (p:Policy {id: $id}) RETURN count(p)", {"id": policy_id})
        if not rows or not rows[0][0]:
            return False
        shared = self.shared_of(policy_id)
        titles = [{"key": key, "id": stable_id("source", key),
                   "props": {"id": stable_id("source", key), "key": key, "title": span, "title_key": key,
                             "kind": "document"}}
                  for key, span in self.run(cypher.TITLE_CITATIONS_OF, {"policy_id": policy_id})[1]]
        unlink = ([(q, {"policy_id": policy_id, "rows": titles}) for q in cypher.UNLINK_TITLE_CITATIONS]
                  if titles else [])
        self.run_atomic(unlink + [(q, {"policy_id": policy_id, "ids": [policy_id]}) for q in cypher.DELETE_DOCUMENT]
                        + [(q, {"ids": shared}) for q in cypher.DELETE_ORPHANS]
                        + [(cypher.RECOUNT_ROLES, {"ids": shared})])
        return True

    def reset(self) -> None:
        self.run_atomic([("MATCH (n) DETACH DELETE n", {})])

    def to_networkx(self, derived: bool = False) -> nx.MultiDiGraph:
        """The stored graph, in the shape :func:`policykg.graph.build_graph` gives; with
        ``derived``, also the properties and the agency pairs kept for fast questions
        (:data:`DERIVED`, :data:`~policykg.store.cypher.PAIRS`)."""
        import networkx as nx

        graph = nx.MultiDiGraph()
        for nid, label, props in self.run(cypher.ALL_NODES)[1]:
            hidden = () if derived else DERIVED.get(label, ())
            graph.add_node(nid, label=label, **{k: v for k, v in dict(props).items() if k not in hidden})
        edges = self.run(cypher.ALL_EDGES)[1] + (self.run(cypher.ALL_PAIRS)[1] if derived else [])
        for source, target, edge_type, props in edges:
            graph.add_edge(source, target, key=edge_type, **dict(props))
        return graph

    def pieces(self, documents: int = 50) -> Iterator[nx.MultiDiGraph]:
        """The graph :meth:`to_networkx` gives, in pieces that hold each node and edge once, so that
        reading the whole store takes the memory of one piece: first the nodes no document owns
        (agencies, sources, deadlines) and the edges between them, then ``documents`` documents at a
        time (a Policy and the nodes whose ``policy_id`` it is), each with the edges from its nodes
        and those to them from unowned nodes. A node at the far end of such an edge has its label
        only, and its id is in the graph's ``context``."""
        import networkx as nx

        def unowned(v: str) -> str:
            owned = " OR ".join(f"{v}:{label}" for label in s.OWNED_LABELS)
            return f"NOT {v}:{cypher.STAGED} AND NOT {v}:{s.POLICY} AND NOT ({v}.policy_id IS NOT NULL AND ({owned}))"

        def piece(nodes: list[list], edges: list[list], incoming: int = 0) -> nx.MultiDiGraph:
            """``edges`` end in a far node, given with its labels and policy_id; the ``incoming``
            last ones go to the piece and count only when they come from an unowned node."""
            graph = nx.MultiDiGraph(context=set())
            for nid, label, props in nodes:
                hidden = DERIVED.get(label, ())
                graph.add_node(nid, label=label, **{k: v for k, v in dict(props).items() if k not in hidden})
            for i, (source, target, edge_type, props, far, labels, policy_id) in enumerate(edges):
                if cypher.STAGED in labels or i >= len(edges) - incoming and (
                        s.POLICY in labels or policy_id is not None and set(labels) & set(s.OWNED_LABELS)):
                    continue  # an edge from another document's node: its own piece gives it
                if far not in graph:
                    graph.add_node(far, label=labels[0])
                    graph.graph["context"].add(far)
                graph.add_edge(source, target, key=edge_type, **dict(props))
            return graph

        # the far node's labels are tested here, not in Cypher: FalkorDB then scans the label
        edge = "type(r) AS type, properties(r) AS props, m.id AS far, labels(m) AS labels, m.policy_id AS policy_id"
        yield piece(self.run(f"MATCH (n) WHERE {unowned('n')} RETURN n.id, labels(n)[0], properties(n)")[1],
                    self.run(f"MATCH (n)-[r]->(m) WHERE {unowned('n')} AND {unowned('m')} AND type(r) <> '{cypher.PAIRS}' "
                             f"RETURN n.id AS source, m.id AS target, {edge}")[1])
        members = [f"UNWIND $ids AS id MATCH (n:{s.POLICY} {{id: id}})"] + [
            f"UNWIND $ids AS id MATCH (n:{label} {{policy_id: id}})" for label in s.OWNED_LABELS]
        nodes = " UNION ALL ".join(f"{match} RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props"
                                   for match in members)
        outgoing = " UNION ALL ".join(f"{match} MATCH (n)-[r]->(m) RETURN n.id AS source, m.id AS target, {edge}"
                                      for match in members)
        incoming = " UNION ALL ".join(f"{match} MATCH (m)-[r]->(n) WITH m, r, n WHERE m.policy_id IS NULL "
                                      f"OR NONE(label IN labels(m) WHERE label IN $owned) RETURN m.id AS source, n.id AS target, {edge}"
                                      for match in members)
        ids = sorted({row[0] for query in [f"MATCH (n:{s.POLICY}) RETURN n.id"] + [
            f"MATCH (n:{label}) WHERE n.policy_id IS NOT NULL RETURN DISTINCT n.policy_id"
            for label in s.OWNED_LABELS] for row in self.run(query)[1]})
        for first in range(0, len(ids), documents):
            batch = {"ids": ids[first:first + documents]}
            into = self.run(incoming, {**batch, "owned": list(s.OWNED_LABELS)})[1]
            yield piece(self.run(nodes, batch)[1], self.run(outgoing, batch)[1] + into, len(into))

    def counts(self) -> dict[str, dict[str, int]]:
        _, nodes = self.run(cypher.COUNT_NODES)
        _, edges = self.run(cypher.COUNT_EDGES)
        return {"nodes": {r[0]: r[1] for r in nodes}, "edges": {r[0]: r[1] for r in edges}}
