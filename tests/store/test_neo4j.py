"""The whole Neo4j store against the server named by NEO4J_URI (releases are checked on 5.26).

Skipped, with the reason, where NEO4J_URI is not set: no Neo4j server can be installed on the
machines this project is developed on.
"""
import os

import pytest

from policykg import queries
from policykg.graph import build_graph, counts, document_graph
from policykg.store import StoreError
from policykg.store.base import write_plan

pytestmark = [pytest.mark.neo4j, pytest.mark.skipif(
    not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set: no Neo4j server to test against")]

EXAMPLES = {"agency-tasks": {"agency": "民政局"}, "task-owners": {"task": "助餐"}, "policy-lineage": {"policy": "郯城"},
            "cited-by": {"source": "国办发〔2024〕1号"}, "targets": {"metric": "护理型床位"},
            "search-tasks": {"keyword": "助餐"}, "deadlines": {"as_of": "2023-01-01"}}
# Canned queries run again with these parameters (a second use of one query).
MORE_EXAMPLES = [("deadlines", {"kind": "ongoing"}), ("deadlines", {"due_from": "2025-01-01", "due_to": "2025-12-31"}),
                 ("agency-tasks", {"agency": "民政局", "jurisdiction": "郯城县"}),
                 ("function-compare", {"category": "民政"})]  # the other branch of its UNION ALL


@pytest.fixture
def neo4j_store():
    from policykg.store import open_store

    store = open_store("neo4j", ".", os.environ["NEO4J_URI"], os.environ.get("NEO4J_USERNAME"),
                       os.environ.get("NEO4J_PASSWORD"), os.environ.get("NEO4J_DATABASE"))
    store.reset()
    yield store
    store.reset()
    store.close()


def load(store, docs):
    for doc in docs:
        store.write_document(document_graph(doc), doc.policy.id, batch_size=50)


def test_schema_is_idempotent(neo4j_store):
    neo4j_store.ensure_schema()
    neo4j_store.ensure_schema()
    _, rows = neo4j_store.run("SHOW CONSTRAINTS YIELD name WHERE name STARTS WITH 'policykg' RETURN count(*)")
    assert rows[0][0] == 9


def test_full_text_indexes_of_earlier_versions_go_with_their_property(neo4j_store):
    for label in ("Task", "Target"):
        neo4j_store.run(f"CREATE (:{label} {{id: 'old-{label}', search_grams: '助 餐', text: '助餐'}})", write=True)
        neo4j_store.run(f"CREATE FULLTEXT INDEX policykg_{label.lower()}_search IF NOT EXISTS "
                        f"FOR (n:{label}) ON EACH [n.search_grams]", write=True)
    neo4j_store.ensure_schema()
    _, rows = neo4j_store.run("SHOW INDEXES YIELD name WHERE name ENDS WITH '_search' RETURN count(*)")
    assert rows == [[0]]
    _, rows = neo4j_store.run("MATCH (n) WHERE n.id STARTS WITH 'old-' RETURN n.id, keys(n) ORDER BY n.id")
    assert [[nid, sorted(keys)] for nid, keys in rows] == [["old-Target", ["id", "text"]], ["old-Task", ["id", "text"]]]


def test_load_and_reload_match_the_networkx_graph(neo4j_store, seed_docs):
    load(neo4j_store, seed_docs)
    assert neo4j_store.counts() == counts(build_graph(seed_docs))
    load(neo4j_store, seed_docs)
    assert neo4j_store.counts() == counts(build_graph(seed_docs))


def test_failed_replace_keeps_the_old_version(neo4j_store, seed_docs):
    load(neo4j_store, seed_docs[:1])
    before = neo4j_store.counts()
    doc = seed_docs[0]
    plan = write_plan(document_graph(doc), doc.policy.id, batch_size=5)
    plan.stage.insert(len(plan.stage) // 2, ("THIS IS NOT CYPHER", {}))
    with pytest.raises(StoreError):
        neo4j_store.apply(plan)
    assert neo4j_store.counts() == before


def test_delete_leaves_no_orphans(neo4j_store, seed_docs):
    load(neo4j_store, seed_docs)
    neo4j_store.delete_document(seed_docs[0].policy.id)
    assert neo4j_store.counts() == counts(build_graph(seed_docs[1:]))
    _, rows = neo4j_store.run("MATCH (n) WHERE NOT (n)--() RETURN count(n)")
    assert rows[0][0] == 0


def test_reads_are_read_only(neo4j_store):
    with pytest.raises(StoreError):
        neo4j_store.run("CREATE (:Policy {id: 'x'})")


def _normal(rows):
    """Rows as compared across engines: a whole float is the integer (FalkorDB returns 2.0 for 2)."""
    def cell(value):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, list):
            return [cell(v) for v in value]
        return value
    return [[cell(v) for v in row] for row in rows]


def test_every_canned_query_answers_as_the_embedded_store_in_the_same_order(neo4j_store, store, seed_docs):
    load(neo4j_store, seed_docs)
    load(store, seed_docs)
    for name, query in queries.catalogue().items():
        params = query.bind(EXAMPLES.get(name, {}))
        neo_header, neo_rows = queries.run(neo4j_store, query, params)
        header, rows = queries.run(store, query, params)
        assert neo_header == header, name
        assert _normal(neo_rows) == _normal(rows), name
    for name, given in MORE_EXAMPLES:
        query = queries.get(name)
        assert _normal(queries.run(neo4j_store, query, query.bind(given))[1]) == _normal(
            queries.run(store, query, query.bind(given))[1]), (name, given)


def test_deadlines_are_shared_nodes_and_go_with_their_last_task(neo4j_store, seed_docs):
    load(neo4j_store, seed_docs)
    _, rows = neo4j_store.run("MATCH (:Task)-[r:DEADLINE]->(d:Deadline {end: '2023-12-31', kind: 'date'}) "
                              "RETURN count(DISTINCT d), count(r)")
    assert rows[0][0] == 1 and rows[0][1] > 10
    _, rows = neo4j_store.run("MATCH (:Task)-[r:DEADLINE]->(:Deadline) WHERE r.raw IS NULL OR r.line IS NULL "
                              "OR r.basis IS NULL RETURN count(r)")
    assert rows == [[0]]
    chishui = next(d for d in seed_docs if d.policy.jurisdiction == "赤水市")  # alone due 2021-12-31
    neo4j_store.delete_document(chishui.policy.id)
    _, rows = neo4j_store.run("MATCH (d:Deadline {end: '2021-12-31'}) RETURN count(d)")
    assert rows == [[0]]
    assert neo4j_store.counts() == counts(build_graph([d for d in seed_docs if d is not chishui]))


def test_a_loaded_cited_document_is_still_cited_by(neo4j_store, seed_docs, citing_liuan):
    from policykg.loaders import load_text

    liuan = next(d for d in seed_docs if d.policy.number == "六政办〔2022〕8号")
    load(neo4j_store, [load_text(citing_liuan, "citing.txt"), liuan])
    cited_by = queries.get("cited-by")
    for source in ("六政办〔2022〕8号", "任务清单"):
        _, rows = neo4j_store.run(cited_by.text, cited_by.bind({"source": source}))
        assert [(r[0], r[2]) for r in rows] == [("六政办〔2022〕8号", "舒城县")]


def test_report_reads_the_same_on_both_stores(neo4j_store, store, seed_docs):
    from datetime import date

    from policykg.report import data

    load(neo4j_store, seed_docs)
    load(store, seed_docs)
    assert data.index(neo4j_store) == data.index(store)
    for doc in seed_docs:
        assert data.policy_report(neo4j_store, doc.policy.id, date(2026, 1, 1)) == \
            data.policy_report(store, doc.policy.id, date(2026, 1, 1))
    policy = data.resolve_policy(neo4j_store, "郯政办字〔2025〕20号")
    assert {n.number for n in data.policy_report(neo4j_store, policy).lineage if n.level == "central"} == {
        "中发〔2024〕32号", "中办发〔2022〕42号", "国办发〔2024〕1号"}


@pytest.mark.parametrize("citing_first", [True, False])
def test_a_title_cited_alone_is_the_loaded_policy(neo4j_store, seed_docs, citing_by_title, seed_titles, citing_first):
    from policykg.loaders import load_text

    citing = load_text(citing_by_title(seed_titles["六安"], seed_titles["包头"]), "citing.txt")
    near = load_text(citing_by_title(seed_titles["六安"].replace("2021-2023", "2024-2026"),
                                     seed_titles["包头"].replace("行动方案", "实施方案")).replace("某政办〔2024〕3号", "另政办〔2024〕4号"),
                     "near.txt")
    cited = [d for d in seed_docs if d.policy.jurisdiction in ("六安市", "包头市")]
    order = [citing, near, *cited] if citing_first else [*cited, citing, near]
    load(neo4j_store, order)
    _, rows = neo4j_store.run("MATCH (:Policy {id: $id})-[:CITES]->(p) RETURN labels(p)[0], p.jurisdiction "
                              "ORDER BY p.jurisdiction", {"id": citing.policy.id})
    assert rows == [["Policy", "六安市"], ["Policy", "包头市"]]
    _, rows = neo4j_store.run("MATCH (:Policy {id: $id})-[:CITES]->(p) RETURN labels(p)[0], count(p)", {"id": near.policy.id})
    assert rows == [["SourceDocument", 2]]
    assert neo4j_store.counts() == counts(build_graph(order))
    neo4j_store.delete_document(cited[0].policy.id)
    assert neo4j_store.counts() == counts(build_graph([citing, near, cited[1]]))


def test_graph_values_are_json(neo4j_store, graph_values_are_json):
    from policykg.store import WriteNotAllowed

    graph_values_are_json(neo4j_store)
    with pytest.raises(WriteNotAllowed, match="changes the graph"):
        neo4j_store.run("CREATE (:Policy {id: 'x'})")


def test_batches_write_the_graph_and_a_bad_document_costs_only_itself(neo4j_store, seed_docs):
    batch = [(doc.policy.id, document_graph(doc)) for doc in seed_docs]
    bad_id, bad = batch[2]
    task = next(n for n, d in bad.nodes(data=True) if d["label"] == "Task")
    bad.nodes[task]["note"] = {"a map": "no engine stores"}
    assert list(neo4j_store.write_documents(batch)) == [bad_id]
    assert neo4j_store.counts() == counts(build_graph(seed_docs[:2] + seed_docs[3:]))
    neo4j_store.reset()
    assert neo4j_store.write_documents([(d.policy.id, document_graph(d)) for d in seed_docs + seed_docs[:1]]) == {}
    assert neo4j_store.counts() == counts(build_graph(seed_docs))


KEYWORDS = ["助餐", "老年助餐", "家庭养老床位", "护理型床位", "养老床位", "老", "床位占比", "60%", "GB", "不会出现的词语"]


@pytest.mark.parametrize("name, param", [("search-tasks", "keyword"), ("task-owners", "task"), ("targets", "metric")])
def test_keyword_rows_at_every_limit_are_the_embedded_stores(neo4j_store, store, seed_docs, name, param):
    """A keyword question reads the policies in the order its ORDER BY gave them, through a MATCH,
    and stops at the limit: Neo4j keeps that order as FalkorDB does."""
    query = queries.get(name)
    for each in (store, neo4j_store):
        load(each, seed_docs)
    for keyword in KEYWORDS:
        for limit in (1, 2, 3, 7, queries.ALL):
            params = {**query.bind({param: keyword}), "limit": limit}
            assert queries.run(neo4j_store, query, params) == queries.run(store, query, params), (keyword, limit)


def test_full_text_indexes_of_earlier_versions_are_dropped(neo4j_store):
    neo4j_store.run("CREATE FULLTEXT INDEX policykg_task_search IF NOT EXISTS FOR (n:Task) ON EACH [n.text]",
                    write=True)
    neo4j_store.ensure_schema()
    _, rows = neo4j_store.run("SHOW INDEXES YIELD name, type WHERE type = 'FULLTEXT' RETURN name")
    assert rows == []


@pytest.mark.parametrize("name, params", [("agency-workload", {}), ("search-tasks", {"keyword": "养老"}),
                                          ("co-responsibility", {"min_shared": "1"}),
                                          ("task-owners", {"task": "养老"})])
def test_a_cut_list_counts_its_rows_as_the_embedded_store(neo4j_store, store, seed_docs, name, params):
    """A cut list counts its rows with the query's last RETURN made a WITH."""
    query = queries.get(name)
    answers = []
    for each in (store, neo4j_store):
        load(each, seed_docs)
        answers.append(queries.run_limited(each, query, query.bind(params), 3))
    assert answers[0] == answers[1] and answers[0][2] > 3


@pytest.mark.parametrize("name, params", [("agency-workload", {}), ("search-tasks", {"keyword": "养老"}),
                                          ("targets", {"metric": "床位"}), ("deadlines", {"kind": "date"}),
                                          ("co-responsibility", {"min_shared": "1"}), ("policy-summary", {}),
                                          ("task-owners", {"task": "养老"})])
def test_a_cut_list_counts_its_rows_up_to_the_cap_as_the_embedded_store(neo4j_store, store, seed_docs, name, params):
    """The count of a cut list stops past the cap (its count statement's LIMIT $count_limit) on both engines."""
    query = queries.get(name)
    for each in (store, neo4j_store):
        load(each, seed_docs)
    total = queries.run_limited(store, query, query.bind(params), 2).total
    for cap in (3, total - 1, total):
        answers = [queries.run_limited(each, query, query.bind(params), 2, cap=cap) for each in (store, neo4j_store)]
        assert answers[0] == answers[1] == (answers[0].header, answers[0].rows, cap, cap < total), cap


def test_every_value_has_the_type_it_has_on_the_embedded_store(neo4j_store, store, seed_docs):
    """One type per value: a count is an integer on both engines (FalkorDB's sum() gave 34.0)."""
    load(neo4j_store, seed_docs)
    load(store, seed_docs)
    for name, query in queries.catalogue().items():
        params = query.bind(EXAMPLES.get(name, {}))
        types = [[[type(v) for v in row] for row in queries.run(engine, query, params)[1]]
                 for engine in (neo4j_store, store)]
        assert types[0] == types[1], name


def test_a_batch_writes_what_one_document_at_a_time_writes(neo4j_store, seed_docs):
    """The batched writer adds each agency's task counts as it merges the agency."""
    def answers():
        return {name: queries.run(neo4j_store, query, query.bind(EXAMPLES.get(name, {})))
                for name, query in queries.catalogue().items()}

    load(neo4j_store, seed_docs)
    one_by_one = answers()
    neo4j_store.reset()
    assert neo4j_store.write_documents([(d.policy.id, document_graph(d)) for d in seed_docs]) == {}
    batched = answers()
    assert [name for name in batched if batched[name] != one_by_one[name]] == []


def test_files_loaded_before_are_known_by_their_content_hash(neo4j_store, seed_docs):
    from pathlib import Path

    from policykg.ingest import load_files

    files = sorted((Path(__file__).resolve().parents[2] / "examples" / "documents").glob("*.txt"))
    assert load_files(neo4j_store, files, jobs=1).loaded == 5
    assert neo4j_store.stored_hashes() == {d.policy.source.sha256: str(f.resolve()) for d, f in zip(seed_docs, files)}
    again = load_files(neo4j_store, files, jobs=1)
    assert (again.loaded, again.unchanged, again.failed) == (0, 5, 0)


def test_pieces_hold_the_stored_graph_once(neo4j_store, pieces_are_the_graph):
    pieces_are_the_graph(neo4j_store)


def test_the_tasks_two_agencies_share_follow_every_write(neo4j_store, pairs_follow_every_write):
    pairs_follow_every_write(neo4j_store)
