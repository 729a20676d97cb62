"""Keyword questions read the policies in the order of their answer and stop at the limit: for
every limit their rows are exactly those of sorting every match (the plain statements below),
and their own count statement counts every row."""
import sys
from pathlib import Path

import pytest

from policykg import queries
from policykg.graph import document_graph
from policykg.loaders import load_path

# The part of each question before its sort, as a scan of every node; the rest of the text is the query's own.
PLAIN = {"search-tasks": ("keyword", "MATCH (t:Task)\nWHERE t.text CONTAINS $keyword\n", "WITH t ORDER BY"),
         "task-owners": ("task", "MATCH (t:Task)\nWHERE t.id = $task OR t.text CONTAINS $task\n", "WITH t ORDER BY"),
         "targets": ("metric", "MATCH (g:Target)\nWHERE g.metric CONTAINS $metric\n"
                     "MATCH (p:Policy {id: g.policy_id})\n", "WITH p, g ORDER BY")}
PLACE = object()  # the jurisdiction with the most tasks
KEYWORDS = ["助餐", "老年助餐", "家庭养老床位", "护理型床位", "养老床位", "老", "床位占比", "60%", "（", "GB",
            "养老服务", "覆盖率", "不会出现的词语"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """40 generated documents: a keyword matches tasks of many policies, a few in each."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from generate import generate

    return [load_path(p) for p in generate(40, tmp_path_factory.mktemp("corpus"), seed=3)]


@pytest.fixture
def seeded(store, seed_docs, generated):
    docs = seed_docs + generated
    store.write_documents([(doc.policy.id, document_graph(doc)) for doc in docs])
    return store


def plain(query: queries.Query) -> str:
    _, head, sort = PLAIN[query.name]
    return head + query.text[query.text.index(sort):]


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_rows_are_those_of_sorting_every_match(seeded, name):
    query = queries.get(name)
    param = PLAIN[name][0]
    cut = 0
    for keyword in KEYWORDS:
        for limit in (1, 2, 3, 7, 50, queries.ALL):
            params = {**query.bind({param: keyword}), "limit": limit}
            rows = queries.run(seeded, query, params)[1]
            assert rows == seeded.run(plain(query), params)[1], (keyword, limit)
            cut += limit == 7 and len(rows) >= 7
        every = queries.run(seeded, query, {**query.bind({param: keyword}), "limit": queries.ALL})[1]
        answer = queries.run_limited(seeded, query, query.bind({param: keyword}), 2, cap=len(every))
        assert answer[2:] == (len(every), False), keyword
    assert cut >= 5


def test_owners_come_in_the_order_the_text_names_them(seeded):
    rows = queries.run(seeded, queries.get("task-owners"), {"task": "老少乐园", "limit": 5})[1]
    assert rows[0][5] == ["包头市教育局", "包头市住房和城乡建设局", "包头市卫生健康委员会", "包头市各旗县区政府",
                          "包头市稀土高新区管委会"]


def test_a_task_id_finds_its_task(seeded):
    query = queries.get("task-owners")
    _, rows = queries.run(seeded, query, query.bind({"task": "老少乐园"}))
    _, again = queries.run(seeded, query, query.bind({"task": rows[0][-1]}))
    assert again == rows


@pytest.mark.parametrize("name, params", [
    ("agency-tasks", {"agency": "民政局"}), ("agency-tasks", {"agency": "局", "role": "lead"}),
    ("agency-tasks", {"agency": "政府"}), ("agency-tasks", {"agency": "局", "jurisdiction": PLACE, "role": "assist"}),
    ("deadlines", {}), ("deadlines", {"due_from": "2022-01-01", "due_to": "2025-12-31"}),
    ("deadlines", {"as_of": "2024-06-30", "jurisdiction": PLACE}), ("deadlines", {"kind": "ongoing"}),
    ("tasks-without-lead", {}), ("tasks-without-lead", {"jurisdiction": PLACE})])
def test_a_count_statement_counts_every_row(seeded, name, params):
    place = seeded.run("MATCH (t:Task) RETURN t.jurisdiction AS j, count(*) AS n ORDER BY n DESC, j LIMIT 1")[1][0][0]
    params = {key: place if value is PLACE else value for key, value in params.items()}
    query = queries.get(name)
    assert query.count
    every = queries.run(seeded, query, {**query.bind(params), "limit": queries.ALL})[1]
    assert len(every) > 1
    assert queries.run_limited(seeded, query, query.bind(params), 1)[2] == len(every)
    assert queries.run_limited(seeded, query, query.bind(params), 1, cap=len(every) - 1)[2:] == (len(every) - 1, True)
