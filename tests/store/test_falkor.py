"""The embedded store against a real FalkorDB server started by the fixture."""
import pytest

from policykg.graph import build_graph, counts, document_graph
from policykg.store import StoreError
from policykg.store.falkor import FalkorStore


def load(store, docs):
    for doc in docs:
        store.write_document(document_graph(doc), doc.policy.id, batch_size=50)


def test_counts_match_the_networkx_graph_and_reload_changes_nothing(store, seed_docs):
    load(store, seed_docs)
    expected = counts(build_graph(seed_docs))
    assert store.counts() == expected
    load(store, seed_docs)
    assert store.counts() == expected


def test_failure_mid_document_leaves_previous_version(store, seed_docs):
    from policykg.store.base import write_plan

    load(store, seed_docs[:1])
    before = store.counts()
    doc = seed_docs[0]
    plan = write_plan(document_graph(doc), doc.policy.id, batch_size=5)
    plan.stage.insert(len(plan.stage) // 2, ("THIS IS NOT CYPHER", {}))  # a failure between batches
    with pytest.raises(StoreError):
        store.apply(plan)
    assert store.counts() == before
    _, rows = store.run("MATCH (n:Staged) RETURN count(n)")
    assert rows == [[0]]


def test_loader_killed_before_commit_changes_nothing_visible(store, seed_docs):
    from policykg.store.base import write_plan

    load(store, seed_docs[:2])
    before = store.counts()
    doc = seed_docs[1]
    store.run_atomic(write_plan(document_graph(doc), doc.policy.id).stage)  # the commit never runs
    assert store.counts() == before
    _, rows = store.run("MATCH (t:Task) RETURN count(t)")
    assert rows[0][0] == before["nodes"]["Task"]
    load(store, seed_docs[1:2])  # the next write of that document clears what was left staged
    assert store.counts() == before
    _, rows = store.run("MATCH (n:Staged) RETURN count(n)")
    assert rows == [[0]]


def test_delete_leaves_no_orphans_and_keeps_shared_nodes(store, seed_docs):
    load(store, seed_docs)
    store.delete_document(seed_docs[0].policy.id)
    _, orphans = store.run("MATCH (n) WHERE NOT (n)--() RETURN count(n)")
    assert orphans[0][0] == 0
    _, rows = store.run("MATCH (a:Agency {name: '六安市民政局'}) RETURN count(a)")
    assert rows[0][0] == 0
    _, rows = store.run("MATCH (a:Agency {name: '包头市民政局'}) RETURN count(a)")
    assert rows[0][0] == 1


def test_graph_survives_a_server_restart(tmp_path, seed_docs):
    with FalkorStore(tmp_path) as first:
        load(first, seed_docs[:2])
        counts = first.counts()
    with FalkorStore(tmp_path) as second:
        assert second.counts() == counts


def test_a_deleted_node_leaves_its_label_also_after_a_restart(tmp_path):
    """FalkorDB 4.16 kept a node deleted after its label's matrix should have grown in that
    label (issue 2103): a label scan found it, with no properties, and a restart kept it."""
    with FalkorStore(tmp_path) as first:
        first.run("CREATE (:Policy {id: 'first'})", write=True)
        first.run("UNWIND range(1, 40000) AS i CREATE (:Task {id: toString(i)})", write=True)
        first.run("MATCH (n) WITH n LIMIT 100 DELETE n", write=True)
        assert first.run("MATCH (p:Policy) RETURN p.id")[1] == []
    with FalkorStore(tmp_path) as second:
        assert second.run("MATCH (p:Policy) RETURN count(p)")[1] == [[0]]
        assert second.run("MATCH (p:Policy) RETURN p.id")[1] == []


def test_reset_leaves_an_empty_store_with_its_indexes_that_loads_again(tmp_path, seed_docs):
    with FalkorStore(tmp_path) as store:
        indexes = "CALL db.indexes() YIELD label, properties RETURN label, properties ORDER BY label"
        store.ensure_schema()
        load(store, seed_docs)
        loaded, indexed = store.counts(), store.run(indexes)[1]
        store.run("MATCH (t:Task) RETURN t LIMIT 1")  # the connection learns the names of properties
        store.reset()
        assert store.counts() == {"nodes": {}, "edges": {}}
        assert store.run(indexes)[1] == indexed
        _, rows = store.run("CREATE (t:Task {id: 'after', said: 'yes'}) RETURN t", write=True)
        assert rows[0][0]["properties"] == {"id": "after", "said": "yes"}  # under their own names
        store.reset()  # an empty store too
    with FalkorStore(tmp_path) as again:
        load(again, seed_docs)
        assert again.counts() == loaded


def test_ad_hoc_reads_cannot_write(store):
    with pytest.raises(StoreError):
        store.run("CREATE (:Policy {id: 'x'})")
    assert store.counts()["nodes"] == {}


CITED_PLAN = """临沂市人民政府办公室关于印发《打造“孝善临沂”养老品牌推进老龄事业和养老服务高质量发展的实施方案》的通知
临政办字〔2024〕70号
为贯彻落实《山东省人民政府关于加快发展养老服务业的意见》(鲁政发〔2021〕5号)，制定本方案。
一、重点任务
1.建设孝善食堂。（牵头单位：市民政局；责任单位：市财政局）
"""


@pytest.mark.parametrize("cited_first", [True, False])
def test_a_cited_document_once_loaded_is_the_same_node(store, seed_docs, cited_first):
    from policykg.loaders import load_text
    from policykg import queries

    county = next(d for d in seed_docs if d.policy.number == "郯政办字〔2025〕20号")
    city = load_text(CITED_PLAN, "linyi.txt")
    order = [city, county] if cited_first else [county, city]
    load(store, order)
    _, rows = store.run("MATCH (n {number: '临政办字〔2024〕70号'}) RETURN labels(n)[0], count(n)")
    assert rows == [["Policy", 1]]
    lineage = queries.get("policy-lineage")
    _, rows = store.run(lineage.text, lineage.bind({"policy": "郯政办字〔2025〕20号"}))
    hops = [[r[1], r[3]] for r in rows]  # the county reaches 鲁政发 only through the 临沂 plan
    assert [2, "鲁政发〔2021〕5号"] in hops and [1, "鲁政发〔2021〕5号"] not in hops
    assert store.counts() == counts(build_graph(order))
    store.delete_document(city.policy.id)
    _, rows = store.run("MATCH (n {number: '临政办字〔2024〕70号'}) RETURN labels(n)[0], count(n)")
    assert rows == [["SourceDocument", 1]]


def test_graph_survives_kill_9_after_load_returned(tmp_path, seed_docs):
    import os
    import signal

    from policykg.store.falkor import FalkorServer

    server = FalkorServer(tmp_path)
    first = FalkorStore(tmp_path, server=server)
    load(first, seed_docs)
    counts = first.counts()
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait()
    server.stop()  # this process's use of the dead server ends
    with FalkorStore(tmp_path) as second:
        assert second.counts() == counts


@pytest.mark.parametrize("numbered_first", [True, False])
def test_a_title_cited_alone_joins_the_numbered_source(store, seed_docs, numbered_first):
    by_file = {d.policy.jurisdiction: d for d in seed_docs}
    order = [by_file["郯城县"], by_file["包头市"]] if numbered_first else [by_file["包头市"], by_file["郯城县"]]
    load(store, order)
    _, rows = store.run("MATCH (s:SourceDocument) WHERE s.title_key = '养老机构服务安全基本规范' "
                        "OPTIONAL MATCH (p:Policy)-[:CITES]->(s) RETURN s.number, count(p)")
    assert rows == [["GB 38600-2019", 2]]
    assert store.counts() == counts(build_graph(order))


def test_a_data_dir_too_deep_for_a_unix_socket_still_works(tmp_path, seed_docs):
    deep = tmp_path / ("很长的目录名" * 12)
    with FalkorStore(deep) as store:
        load(store, seed_docs[:1])
        assert store.counts()["nodes"]["Policy"] == 1
    assert (deep / "falkordb" / "appendonlydir").is_dir()


DUE_PLAN = """某市人民政府办公室关于印发某市养老服务工作方案的通知
某政办〔2024〕9号
一、重点任务
1.建设养老服务平台，{year}年底前完成。(牵头单位:市民政局)
2.培训养老护理员，2023年底前完成。(牵头单位:市人社局)
"""


def test_deadlines_are_shared_nodes_that_go_when_nothing_uses_them(store, seed_docs):
    from policykg.loaders import load_text

    load(store, seed_docs)
    _, rows = store.run("MATCH (t:Task)-[r:DEADLINE]->(d:Deadline {end: '2023-12-31'}) RETURN count(DISTINCT d), count(r)")
    assert rows[0][0] == 1 and rows[0][1] > 10
    load(store, [load_text(DUE_PLAN.format(year=2030), "due.txt")])
    _, rows = store.run("MATCH (t:Task)-[r:DEADLINE]->(d:Deadline) WHERE t.policy_id <> $p AND d.end = '2023-12-31' "
                        "MATCH (u:Task {policy_id: $p})-[:DEADLINE]->(d) RETURN count(DISTINCT d)",
                        {"p": load_text(DUE_PLAN.format(year=2030), "due.txt").policy.id})
    assert rows == [[1]]  # the new plan's 2023年底前 meets the seeds' at one node
    edited = load_text(DUE_PLAN.format(year=2031), "due.txt")  # an edit moves the first task to 2031
    load(store, [edited])
    _, rows = store.run("MATCH (d:Deadline) WHERE d.end IN ['2030-12-31', '2031-12-31'] RETURN d.end")
    assert rows == [["2031-12-31"]]
    store.delete_document(edited.policy.id)
    assert store.counts() == counts(build_graph(seed_docs))
    chishui = next(d for d in seed_docs if d.policy.jurisdiction == "赤水市")  # alone due 2021-12-31
    store.delete_document(chishui.policy.id)
    _, rows = store.run("MATCH (d:Deadline) RETURN d.end")
    ends = {r[0] for r in rows}
    assert "2021-12-31" not in ends and "2023-12-31" in ends
    assert store.counts() == counts(build_graph([d for d in seed_docs if d is not chishui]))


@pytest.mark.parametrize("citing_first", [True, False])
def test_a_title_cited_alone_is_the_loaded_policy(store, seed_docs, citing_by_title, seed_titles, citing_first):
    from policykg import queries
    from policykg.loaders import load_text

    citing = load_text(citing_by_title(seed_titles["六安"], seed_titles["包头"]), "citing.txt")
    cited = [d for d in seed_docs if d.policy.jurisdiction in ("六安市", "包头市")]
    order = [citing, *cited] if citing_first else [*cited, citing]
    load(store, order)
    _, rows = store.run("MATCH (:Policy {id: $id})-[:CITES]->(p) RETURN labels(p)[0], p.jurisdiction ORDER BY p.jurisdiction",
                        {"id": citing.policy.id})
    assert rows == [["Policy", "六安市"], ["Policy", "包头市"]]
    _, rows = store.run("MATCH (s:SourceDocument) WHERE NOT (s)<-[:CITES]-() RETURN count(s)")
    assert rows == [[0]]
    assert store.counts() == counts(build_graph(order))
    cited_by = queries.get("cited-by")
    _, rows = store.run(cited_by.text, cited_by.bind({"source": "任务清单"}))
    assert [(r[1], r[3]) for r in rows] == [(cited[0].policy.title, citing.policy.title)]
    store.delete_document(cited[0].policy.id)  # 六安 goes: its citation is a source again, 包头's stays joined
    remaining = [citing, cited[1]]
    assert store.counts() == counts(build_graph(remaining))
    _, rows = store.run("MATCH (:Policy {id: $id})-[:CITES]->(p) RETURN labels(p)[0], p.title ORDER BY labels(p)[0]",
                        {"id": citing.policy.id})
    assert rows == [["Policy", seed_titles["包头"]], ["SourceDocument", seed_titles["六安"]]]
    load(store, cited[:1])  # and loaded again, it is joined again
    assert store.counts() == counts(build_graph(order))


def test_near_miss_titles_are_not_joined(store, seed_docs, citing_by_title, seed_titles):
    from policykg.loaders import load_text

    near = [seed_titles["六安"].replace("2021-2023", "2024-2026"), seed_titles["包头"].replace("行动方案", "实施方案")]
    citing = load_text(citing_by_title(*near), "citing.txt")
    for order in ([citing, *seed_docs], [*seed_docs, citing]):
        store.reset()
        load(store, order)
        _, rows = store.run("MATCH (:Policy {id: $id})-[:CITES]->(p) RETURN labels(p)[0], p.title ORDER BY p.title",
                            {"id": citing.policy.id})
        assert rows == [["SourceDocument", title] for title in sorted(near)]
        assert store.counts() == counts(build_graph(order))


def test_graph_values_are_json(store, graph_values_are_json):
    graph_values_are_json(store)


def test_a_write_without_write_says_so(store):
    from policykg.store import WriteNotAllowed

    with pytest.raises(WriteNotAllowed, match="changes the graph"):
        store.run("CREATE (:Policy {id: 'x'})")


def test_what_a_killed_writer_staged_is_gone_when_the_store_next_opens(store, seed_docs, falkor_server):
    from policykg.store.base import write_plan

    load(store, seed_docs[:1])
    before = store.counts()
    doc = seed_docs[3]  # never loaded: its stage merges agencies and deadlines nobody else uses
    store.run_atomic(write_plan(document_graph(doc), doc.policy.id).stage)  # the writer dies here
    assert store.counts() != before  # its new agencies show
    FalkorStore(falkor_server.dir.parent, server=falkor_server).close()
    assert store.counts() == before
    _, rows = store.run("MATCH (n:Staged) RETURN count(n)")
    assert rows == [[0]]


def test_full_text_indexes_of_earlier_versions_are_dropped(store):
    """Stores written before policykg read keywords by policy kept a full-text index of Task and
    Target, which FalkorDB rebuilt at every start: the store drops it when it opens, and the
    property it indexed (an export would show it)."""
    for label in ("Task", "Target"):
        store.run(f"CREATE (:{label} {{id: 'old-{label}', search_grams: '助 餐', text: '助餐'}})", write=True)
        store.run(f"CALL db.idx.fulltext.createNodeIndex({{label: '{label}', stopwords: []}}, 'search_grams')",
                  write=True)
    store.ensure_schema()
    _, rows = store.run("CALL db.indexes() YIELD label, properties RETURN label, properties")
    assert rows and not [row for row in rows if "search_grams" in row[1]]
    _, rows = store.run("MATCH (n) WHERE n.id STARTS WITH 'old-' RETURN n.id, keys(n) ORDER BY n.id")
    assert rows == [["old-Target", ["id", "text"]], ["old-Task", ["id", "text"]]]


def test_pieces_hold_the_stored_graph_once(store, pieces_are_the_graph):
    pieces_are_the_graph(store)


def test_the_tasks_two_agencies_share_follow_every_write(store, pairs_follow_every_write):
    pairs_follow_every_write(store)
