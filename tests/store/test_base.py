"""The shared writer on the embedded store: documents many at a time, each still all or nothing."""
from policykg import queries
from policykg.graph import build_graph, counts, document_graph

EXAMPLES = {"agency-tasks": {"agency": "民政局"}, "task-owners": {"task": "助餐"}, "policy-lineage": {"policy": "郯城"},
            "cited-by": {"source": "国办发〔2024〕1号"}, "targets": {"metric": "护理型床位"},
            "search-tasks": {"keyword": "助餐"}, "deadlines": {"as_of": "2023-01-01"}}


def every_answer(store):
    answers = {}
    for name, query in queries.catalogue().items():
        answers[name] = queries.run(store, query, query.bind(EXAMPLES.get(name, {})))
    return answers


def graphs(docs):
    return [(doc.policy.id, document_graph(doc)) for doc in docs]


def test_a_batch_writes_what_one_document_at_a_time_writes(store, seed_docs):
    for policy_id, graph in graphs(seed_docs):
        store.write_document(graph, policy_id)
    one_by_one = every_answer(store)
    store.reset()
    assert store.write_documents(graphs(seed_docs)) == {}
    assert store.counts() == counts(build_graph(seed_docs))
    batched = every_answer(store)
    assert [n for n in batched if batched[n] != one_by_one[n]] == []


def test_a_bad_document_costs_only_itself(store, seed_docs):
    batch = graphs(seed_docs)
    bad_id, bad = batch[2]
    task = next(n for n, d in bad.nodes(data=True) if d["label"] == "Task")
    bad.nodes[task]["note"] = {"a map": "no engine stores"}
    failed = store.write_documents(batch)
    assert list(failed) == [bad_id]
    others = seed_docs[:2] + seed_docs[3:]
    assert store.counts() == counts(build_graph(others))
    _, rows = store.run("MATCH (n) WHERE n:Staged OR NOT (n)--() RETURN count(n)")
    assert rows == [[0]]


def test_stored_and_repeated_documents_in_a_batch_replace_their_versions(store, seed_docs):
    store.write_documents(graphs(seed_docs[:2]))
    assert store.write_documents(graphs(seed_docs + seed_docs[:1])) == {}
    assert store.counts() == counts(build_graph(seed_docs))


def test_task_counts_kept_on_agencies_follow_a_delete(store, seed_docs):
    workload = queries.get("agency-workload")
    store.write_documents(graphs(seed_docs[1:]))
    expected = queries.run(store, workload, workload.bind({}))
    store.reset()
    store.write_documents(graphs(seed_docs))
    store.delete_document(seed_docs[0].policy.id)
    assert queries.run(store, workload, workload.bind({})) == expected
