"""The Neo4j store against the server named by NEO4J_URI (checked on Neo4j 5.26)."""
import collections
import os

import pytest

from policykg import queries
from policykg.graph import build_graph, document_graph

pytestmark = [pytest.mark.neo4j, pytest.mark.skipif(
    not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set: no Neo4j server to test against")]


@pytest.fixture
def neo4j_store():
    from policykg.store import open_store

    store = open_store("neo4j", ".", os.environ["NEO4J_URI"], os.environ.get("NEO4J_USERNAME"),
                       os.environ.get("NEO4J_PASSWORD"), os.environ.get("NEO4J_DATABASE"))
    store.reset()
    yield store
    store.reset()
    store.close()


def test_load_reload_counts_and_queries(neo4j_store, seed_docs):
    for _ in range(2):
        for doc in seed_docs:
            neo4j_store.write_document(document_graph(doc), doc.policy.id)
    g = build_graph(seed_docs)
    assert neo4j_store.counts()["nodes"] == dict(collections.Counter(d["label"] for _, d in g.nodes(data=True)))
    assert neo4j_store.counts()["edges"] == dict(collections.Counter(k for _, _, k in g.edges(keys=True)))
    neo4j_store.ensure_schema()
    for name, query in queries.catalogue().items():
        params = {p.name: p.default for p in query.params}
        params.update({p.name: "民政" for p in query.params if p.required})
        neo4j_store.run(query.text, params)


def test_delete_leaves_no_orphans(neo4j_store, seed_docs):
    for doc in seed_docs:
        neo4j_store.write_document(document_graph(doc), doc.policy.id)
    neo4j_store.delete_document(seed_docs[0].policy.id)
    _, rows = neo4j_store.run("MATCH (n) WHERE NOT (n)--() RETURN count(n)")
    assert rows[0][0] == 0
