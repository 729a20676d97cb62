"""Every canned query on the seed graph; expected rows worked out from the documents."""
import pytest

from policykg import queries
from policykg.graph import document_graph


@pytest.fixture
def seeded(store, seed_docs):
    for doc in seed_docs:
        store.write_document(document_graph(doc), doc.policy.id)
    return store


def run(store, name, **params):
    query = queries.get(name)
    header, rows = store.run(query.text, query.bind({k: str(v) for k, v in params.items()}))
    return [dict(zip(header, row)) for row in rows]


def test_every_query_runs(seeded):
    examples = {"agency-tasks": {"agency": "民政局"}, "task-owners": {"task": "助餐"},
                "policy-lineage": {"policy": "郯城"}, "cited-by": {"source": "国办发〔2024〕1号"},
                "targets": {"metric": "护理型床位"}, "search-tasks": {"keyword": "助餐"}}
    for name in queries.catalogue():
        assert run(seeded, name, **examples.get(name, {})), name


def test_baotou_task_20_is_led_by_housing(seeded):
    rows = run(seeded, "agency-tasks", agency="市住建局", jurisdiction="包头市", role="lead")
    assert [(r["number"], r["path"]) for r in rows] == [("20", "三 › 五")]


def test_workload_counts_baotou_civil_affairs(seeded):
    rows = run(seeded, "agency-workload", jurisdiction="包头市")
    top = rows[0]
    # 民政局 leads tasks 1–19 and 21–23 and assists task 20 (lines 17–43)
    assert (top["agency"], top["led"], top["assisted"]) == ("包头市民政局", 22, 1)


def test_lineage_reaches_central_documents(seeded):
    rows = run(seeded, "policy-lineage", policy="郯政办字〔2025〕20号")
    assert {r["number"] for r in rows if r["level"] == "central"} == {
        "中发〔2024〕32号", "中办发〔2022〕42号", "国办发〔2024〕1号"}


def test_unknown_parameter_lists_valid_ones():
    with pytest.raises(queries.QueryError, match="valid: jurisdiction, category"):
        queries.get("agency-workload").bind({"city": "x"})
