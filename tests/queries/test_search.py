"""Keyword questions read the full-text index and return exactly the rows a CONTAINS scan returns."""
import pytest

from policykg import queries
from policykg.graph import document_graph

KEYWORDS = ["助餐", "老年助餐", "家庭养老床位", "护理型床位", "养老床位", "老", "床位占比", "60%", "（", "GB",
            "养老服务", "不会出现的词语"]


@pytest.fixture
def seeded(store, seed_docs):
    store.write_documents([(doc.policy.id, document_graph(doc)) for doc in seed_docs])
    return store


@pytest.mark.parametrize("name, param", [("search-tasks", "keyword"), ("task-owners", "task"), ("targets", "metric")])
def test_index_rows_are_the_scan_rows(seeded, name, param):
    query = queries.get(name)
    found = 0
    for keyword in KEYWORDS:
        params = query.bind({param: keyword})
        text, bound = queries.statement(seeded, query, params)
        if len(keyword) > 1 and keyword[0].isalnum():
            assert text.startswith("CALL db.idx.fulltext.queryNodes"), keyword
        rows = seeded.run(text, bound)[1]
        assert rows == seeded.run(query.text, params)[1], keyword
        found += bool(rows)
    assert found >= 5


def test_owners_come_in_the_order_the_text_names_them(seeded):
    rows = queries.run(seeded, queries.get("task-owners"), {"task": "老少乐园", "limit": 5})[1]
    assert rows[0][5] == ["包头市教育局", "包头市住房和城乡建设局", "包头市卫生健康委员会", "包头市各旗县区政府",
                          "包头市稀土高新区管委会"]


def test_a_task_id_finds_its_task(seeded):
    query = queries.get("task-owners")
    _, rows = queries.run(seeded, query, query.bind({"task": "老少乐园"}))
    _, again = queries.run(seeded, query, query.bind({"task": rows[0][-1]}))
    assert again == rows
