"""Property tests: loading is idempotent and deleting leaves no orphans, whatever the order."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.graph import build_graph, counts, document_graph

SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(data=st.data())
def test_loading_any_order_twice_gives_the_graph_once(store, seed_docs, data):
    store.reset()
    order = data.draw(st.permutations(seed_docs))
    repeats = data.draw(st.lists(st.sampled_from(seed_docs), max_size=4))
    for doc in [*order, *repeats]:
        store.write_document(document_graph(doc), doc.policy.id)
    assert store.counts() == counts(build_graph(seed_docs))


@SETTINGS
@given(data=st.data())
def test_delete_leaves_exactly_the_other_documents(store, seed_docs, data):
    store.reset()
    loaded = data.draw(st.lists(st.sampled_from(seed_docs), min_size=1, unique_by=lambda d: d.policy.id))
    for doc in loaded:
        store.write_document(document_graph(doc), doc.policy.id)
    gone = data.draw(st.sampled_from(loaded))
    store.delete_document(gone.policy.id)
    remaining = [d for d in loaded if d is not gone]
    expected = counts(build_graph(remaining)) if remaining else {"nodes": {}, "edges": {}}
    assert store.counts() == expected
    _, rows = store.run("MATCH (n) WHERE NOT (n)--() RETURN count(n)")
    assert rows[0][0] == 0
