"""Shared fixtures: the seed documents and a real embedded FalkorDB server per test session.

The tests import ``policykg`` from this checkout (the repository root is the package), not a
copy installed in site-packages, so an edit is tested without reinstalling; so do the
``policykg`` processes that tests start (through ``PYTHONPATH``).
"""
from __future__ import annotations

import atexit
import json
import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _use_checkout() -> None:
    """Put a directory holding ``policykg`` → this checkout first on the import path, here and for child processes."""
    shelf = Path(tempfile.mkdtemp(prefix="policykg-checkout-"))
    link = shelf / "policykg"
    link.symlink_to(ROOT, target_is_directory=True)
    atexit.register(lambda: (link.unlink(), shelf.rmdir()))
    sys.path.insert(0, str(shelf))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(shelf), os.environ.get("PYTHONPATH")]))
    for name in [n for n in sys.modules if n == "policykg" or n.startswith("policykg.")]:
        del sys.modules[name]


_use_checkout()
os.environ["POLICYKG_SERVER_IDLE"] = "0"  # servers stop at exit (tests of the idle time set their own)

from policykg.graph import document_graph  # noqa: E402  (after _use_checkout)
from policykg.loaders import load_path  # noqa: E402
from policykg.store.falkor import FalkorServer, FalkorStore  # noqa: E402

SEEDS = ROOT / "examples" / "documents"
OWN = Path(__file__).resolve().parent / "documents"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture
def citing_liuan() -> str:
    """A short county plan (two tasks) that cites the 六安 seed document by 文号 and title."""
    return """舒城县人民政府办公室关于印发舒城县养老服务工作方案的通知
舒政办〔2023〕5号
根据《六安市健全基本养老服务体系促进养老服务高质量发展行动计划(2021-2023年)任务清单》（六政办〔2022〕8号）要求，制定本方案。
一、重点任务
1.建设县级养老服务平台。(牵头单位:县民政局)
2.培训养老护理员。(牵头单位:县人社局)
"""


CITING_BY_TITLE = """某县人民政府办公室关于印发某县养老服务工作方案的通知
某政办〔2024〕3号
为落实{titles}，制定本方案。
一、重点任务
1.建设县级养老服务平台。(牵头单位:县民政局)
"""


@pytest.fixture(scope="session")
def citing_by_title():
    """A short county plan (text) that cites the given documents by 《title》 alone."""
    return lambda *titles: CITING_BY_TITLE.format(titles="和".join(f"《{t}》" for t in titles))


@pytest.fixture(scope="session")
def seed_titles(seed_docs):
    """Titles to cite, read from the seeds: 六安's plan (its notice issues it) and 包头's own title."""
    liuan = next(d for d in seed_docs if d.policy.jurisdiction == "六安市")
    baotou = next(d for d in seed_docs if d.policy.jurisdiction == "包头市")
    return {"六安": liuan.policy.title.split("《", 1)[1].rsplit("》", 1)[0], "包头": baotou.policy.title}


@pytest.fixture(scope="session")
def seed_docs():
    return [load_path(p) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="session")
def falkor_server(tmp_path_factory):
    server = FalkorServer(tmp_path_factory.mktemp("falkordb"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def store(falkor_server):
    """An empty embedded store on the session's server."""
    store = FalkorStore(falkor_server.dir.parent, server=falkor_server)
    store.reset()
    store.ensure_schema()
    yield store
    store.reset()
    store.close()


@pytest.fixture
def graph_values_are_json(seed_docs):
    """A check both stores run: nodes, relationships, paths and dates come back as JSON-ready objects."""
    def check(store):
        doc = seed_docs[0]
        store.write_document(document_graph(doc), doc.policy.id)
        policy = seed_docs[0].policy
        header, rows = store.run("MATCH p = (a:Policy)-[r:ISSUED_BY]->(x:Agency) "
                                 "RETURN a, r, p, x.id AS agency, date('2020-01-02') AS day, [a] AS nodes, "
                                 "duration('P1DT2H') AS span")
        node, relationship, path, agency, day, nodes, span = rows[0]
        assert node["labels"] == ["Policy"] and node["properties"]["number"] == policy.number
        assert relationship == {"type": "ISSUED_BY", "start": policy.id, "end": agency,
                                "properties": {"policy_id": policy.id, "file": policy.source.file}}
        assert [n["labels"] for n in path["nodes"]] == [["Policy"], ["Agency"]]
        assert path["relationships"] == [relationship]
        assert day == "2020-01-02" and nodes == [node] and span == "P1DT2H"
        json.dumps(rows, ensure_ascii=False)
        _, rows = store.run("MATCH (:Policy)-[r:ISSUED_BY]->() RETURN r")  # ends known only by engine ids
        assert rows[0][0]["start"] == policy.id

    return check


@pytest.fixture
def pieces_are_the_graph(seed_docs, citing_liuan):
    """A check both stores run: the pieces hold every node and edge of the stored graph once,
    a document citing another included, and what a piece only points at is its label."""
    def check(store):
        from policykg.loaders import load_text

        for doc in [load_text(citing_liuan, "citing.txt"), *seed_docs]:
            store.write_document(document_graph(doc), doc.policy.id)
        whole = store.to_networkx()
        nodes, edges, pieces = {}, [], list(store.pieces(documents=2))
        for piece in pieces:
            for nid, data in piece.nodes(data=True):
                if nid in piece.graph["context"]:
                    assert data == {"label": whole.nodes[nid]["label"]}
                else:
                    assert nid not in nodes
                    nodes[nid] = data
            edges += piece.edges(keys=True, data=True)
        assert len(pieces) == 1 + (len(seed_docs) + 2) // 2
        assert "Policy" not in {data["label"] for _, data in pieces[0].nodes(data=True)}
        assert nodes == dict(whole.nodes(data=True))
        assert sorted(map(repr, edges)) == sorted(map(repr, whole.edges(keys=True, data=True)))

    return check


@pytest.fixture
def pairs_follow_every_write(seed_docs):
    """A check both stores run: the tasks each two agencies share, kept as one edge per pair,
    always equal a count over the stored owners, through batches, replaced and deleted
    documents, a failed batch, and a store written before pairs were kept."""
    from collections import Counter
    from itertools import combinations

    from policykg.store import cypher

    def shared(store) -> dict:
        graph = store.to_networkx()
        owners = {t: {a for a, _, key in graph.in_edges(t, keys=True) if key in ("LEADS", "ASSISTS")}
                  for t, data in graph.nodes(data=True) if data["label"] == "Task"}
        return dict(Counter(pair for found in owners.values() for pair in combinations(sorted(found), 2)))

    def kept(store) -> dict:
        rows = store.run(cypher.ALL_PAIRS)[1]
        assert all(source < target and props["tasks"] > 0 for source, target, _, props in rows)
        return {(source, target): props["tasks"] for source, target, _, props in rows}

    def twin_of(document: tuple, twin_id: str):
        """Another document with the same agencies: the nodes it owns renamed."""
        import networkx as nx

        policy_id, graph = document
        owned = [n for n, d in graph.nodes(data=True) if n == policy_id or d.get("policy_id") == policy_id]
        names = {n: twin_id if n == policy_id else f"{twin_id}-{n}" for n in owned}
        twin = nx.relabel_nodes(graph, names)
        for n in names.values():
            twin.nodes[n]["id"] = n
            if "policy_id" in twin.nodes[n]:
                twin.nodes[n]["policy_id"] = twin_id
        for *_, data in twin.edges(keys=True, data=True):
            if "policy_id" in data:
                data["policy_id"] = twin_id
        return twin

    def check(store):
        graphs = [(doc.policy.id, document_graph(doc)) for doc in seed_docs]
        store.write_documents(graphs[:3])
        assert kept(store) == shared(store) and len(kept(store)) > 100
        assert store.write_documents(graphs) == {}  # three replace their stored versions
        assert kept(store) == shared(store)
        policy_id, changed = graphs[0][0], graphs[0][1].copy()
        task = next(t for t, d in changed.nodes(data=True) if d["label"] == "Task" and changed.in_degree(t) > 2)
        lost = next((a, key) for a, _, key in changed.in_edges(task, keys=True) if key in ("LEADS", "ASSISTS"))
        changed.remove_edge(lost[0], task, key=lost[1])
        before = kept(store)
        store.write_document(changed, policy_id)
        assert kept(store) == shared(store) != before
        for policy_id, _ in graphs[1:4:2]:
            store.delete_document(policy_id)
            assert kept(store) == shared(store)
        bad_id, bad = graphs[1][0], graphs[1][1].copy()
        bad.nodes[next(t for t, d in bad.nodes(data=True) if d["label"] == "Task")]["note"] = {"a": "map"}
        assert list(store.write_documents([(bad_id, bad), graphs[3]])) == [bad_id]  # their block failed
        assert kept(store) == shared(store)
        # a new document with the agencies of a stored one, failing after its pairs were added
        stored_pairs, twin = kept(store), twin_of(graphs[0], "twin")
        owner_edge = next((a, t, key) for a, t, key in twin.edges(keys=True) if key in ("LEADS", "ASSISTS"))
        twin.edges[owner_edge]["note"] = {"a": "map"}
        assert list(store.write_documents([("twin", twin)])) == ["twin"]
        assert kept(store) == shared(store) == stored_pairs
        assert "SHARES_TASKS" not in store.counts()["edges"]
        assert not any(key == "SHARES_TASKS" for *_, key in store.to_networkx().edges(keys=True))
        pairs = kept(store)
        store.run(f"MATCH ()-[r:{cypher.PAIRS}]->() DELETE r", write=True)  # an earlier version's store
        store.ensure_schema()
        assert kept(store) == pairs
        assert {(u, v) for u, v, key in store.to_networkx(derived=True).edges(keys=True)
                if key == "SHARES_TASKS"} == set(pairs)

    return check
