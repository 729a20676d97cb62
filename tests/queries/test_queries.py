"""Every canned query on the seed graph; expected rows worked out from the documents."""
import collections

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
    header, rows = queries.run(store, query, query.bind({k: str(v) for k, v in params.items()}))
    return [dict(zip(header, row, strict=True)) for row in rows]


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


def test_task_owners_of_the_laoshao_park_task(seeded):
    rows = run(seeded, "task-owners", task="老少乐园")  # 001 line 26, task 9
    assert len(rows) == 1
    assert rows[0]["leads"] == ["包头市民政局"]
    assert sorted(rows[0]["assists"]) == sorted(["包头市教育局", "包头市住房和城乡建设局", "包头市卫生健康委员会",
                                                 "包头市各旗县区政府", "包头市稀土高新区管委会"])


def test_cited_by_counts_the_citing_policys_tasks(seeded):
    rows = run(seeded, "cited-by", source="国办发〔2024〕1号")
    assert [(r["jurisdiction"], r["tasks"], r["line"]) for r in rows] == [("郯城县", 32, 13)]


def test_deadlines_window_and_overdue(seeded):
    due_2025 = run(seeded, "deadlines", due_from="2025-01-01", due_to="2025-12-31")
    # 郯城 tasks 2, 6, 9 (“十四五”期间), 15, 17, 22 and 晋江 （二）2 (3年内 from 2022-03-09)
    assert sorted((r["jurisdiction"], r["number"]) for r in due_2025) == sorted(
        [("郯城县", n) for n in ("2", "6", "9", "15", "17", "22")] + [("晋江市", "2")])
    overdue = run(seeded, "deadlines", as_of="2022-06-30")
    assert [(r["jurisdiction"], r["number"], r["due"]) for r in overdue] == [("赤水市", "六", "2021-12-31")]


def test_deadlines_of_a_kind_without_a_date(seeded, seed_docs):
    ongoing = run(seeded, "deadlines", kind="ongoing")
    expected = sorted((d.policy.jurisdiction, t.number) for d in seed_docs for t in d.tasks
                      if t.deadline and t.deadline.kind == "ongoing")
    assert sorted((r["jurisdiction"], r["number"]) for r in ongoing) == expected and len(expected) == 8
    assert {r["due"] for r in ongoing} == {None} and all(r["deadline"] for r in ongoing)
    recurring = run(seeded, "deadlines", kind="recurring")
    assert {r["deadline"] for r in recurring} >= {"每年五月底前"}


def test_targets_on_nursing_beds_in_every_city(seeded):
    rows = run(seeded, "targets", metric="护理型床位")
    assert sorted((r["jurisdiction"], r["op"], float(r["value"]), r["unit"]) for r in rows) == sorted([
        ("六安市", ">=", 52.0, "%"), ("包头市", ">=", 60.0, "%"), ("包头市", ">=", 80.0, "%"),
        ("郯城县", ">=", 70.0, "%"), ("晋江市", ">", 60.0, "%"), ("晋江市", "=", 12.0, "张"),
        ("晋江市", ">=", 60.0, "%")])


def test_co_responsibility_of_tancheng_civil_affairs_and_finance(seeded):
    rows = run(seeded, "co-responsibility", agency="郯城县民政局")
    pair = next(r for r in rows if {r["agency"], r["partner"]} == {"郯城县民政局", "郯城县财政局"})
    assert pair["shared"] == 10  # tasks 1, 2, 5, 6, 8, 9, 12, 14, 18 and 保障措施（二）


def test_tasks_without_lead(seeded):
    assert run(seeded, "tasks-without-lead", jurisdiction="包头市") == []
    assert len(run(seeded, "tasks-without-lead", jurisdiction="郯城县")) == 32


def test_policy_summary_of_liuan(seeded):
    row = next(r for r in run(seeded, "policy-summary") if r["jurisdiction"] == "六安市")
    assert (row["tasks"], row["agencies"], row["targets"], row["citations"], row["first_due"], row["last_due"]) == (
        34, 23, 13, 2, "2022-12-31", "2023-12-31")


def test_shared_sources(seeded):
    rows = run(seeded, "shared-sources")
    # 001 and 004 cite two national standards by title alone; 002 cites them with their numbers
    assert sorted(((r["number"] or ""), r["title"], r["policies"]) for r in rows) == [
        ("", "养老机构等级划分与评定", 2), ("GB 38600-2019", "养老机构服务安全基本规范", 3),
        ("GB/T 35796-2017", "养老机构服务质量基本规范", 2)]


def test_function_compare_civil_affairs(seeded):
    rows = run(seeded, "function-compare", category="民政")
    assert {r["jurisdiction"]: float(r["percent"]) for r in rows} == {
        "六安市": 100.0, "包头市": 95.7, "郯城县": 93.8, "赤水市": 100.0, "晋江市": 97.4}


def test_search_tasks_for_meal_aid(seeded):
    rows = run(seeded, "search-tasks", keyword="助餐")
    assert collections.Counter(r["jurisdiction"] for r in rows) == {"六安市": 1, "包头市": 2, "郯城县": 3, "晋江市": 5}


def test_a_cited_document_that_is_loaded_is_still_found_as_a_source(store, seed_docs, citing_liuan):
    from policykg.loaders import load_text

    citing = load_text(citing_liuan, "citing.txt")
    liuan = next(d for d in seed_docs if d.policy.number == "六政办〔2022〕8号")
    store.write_document(document_graph(citing), citing.policy.id)
    before = run(store, "cited-by", source="六政办〔2022〕8号")
    store.write_document(document_graph(liuan), liuan.policy.id)
    for source in ("六政办〔2022〕8号", "任务清单"):
        rows = run(store, "cited-by", source=source)
        assert [(r["number"], r["jurisdiction"], r["tasks"]) for r in rows] == [("六政办〔2022〕8号", "舒城县", 2)]
    assert len(before) == 1
    summary = next(r for r in run(store, "policy-summary", policy="舒政办〔2023〕5号"))
    assert summary["citations"] == 1
    other = load_text(citing_liuan.replace("舒城", "霍山").replace("舒政办", "霍政办"), "citing2.txt")
    store.write_document(document_graph(other), other.policy.id)
    shared = run(store, "shared-sources")
    assert ("六政办〔2022〕8号", 2) in [(r["number"], r["policies"]) for r in shared]


@pytest.mark.parametrize("name, params", [
    ("agencies", {}), ("agency-workload", {}), ("agency-tasks", {"agency": "民政局"}),
    ("search-tasks", {"keyword": "养老"}),
    ("co-responsibility", {"min_shared": "1"}), ("deadlines", {"kind": "date"}), ("task-owners", {"task": "养老"}),
    ("targets", {"metric": "床位"}), ("tasks-without-lead", {}), ("function-compare", {}), ("policy-summary", {})])
def test_a_limited_run_counts_the_rows_it_left_out(seeded, name, params):
    query = queries.get(name)
    bound = query.bind(params)
    header, every, total, capped = queries.run_limited(seeded, query, bound, 0)
    assert total == len(every) > 3 and not capped
    assert queries.run_limited(seeded, query, bound, 3) == (header, every[:3], total, False)
    assert queries.run_limited(seeded, query, bound, total) == (header, every, total, False)


@pytest.mark.parametrize("name, params", [
    ("agencies", {}), ("agency-workload", {}), ("agency-tasks", {"agency": "民政局"}),
    ("search-tasks", {"keyword": "养老"}), ("co-responsibility", {"min_shared": "1"}),
    ("deadlines", {"kind": "date"}), ("task-owners", {"task": "养老"}), ("targets", {"metric": "床位"}),
    ("tasks-without-lead", {}), ("policy-summary", {})])
def test_a_cut_answer_counts_its_rows_up_to_the_cap(seeded, name, params):
    """Past the cap the total says only that there are more: "2 of more than 3 rows"."""
    query = queries.get(name)
    bound = query.bind(params)
    header, every, total, _ = queries.run_limited(seeded, query, bound, 0)
    assert total > 4
    assert queries.run_limited(seeded, query, bound, 2, cap=3) == (header, every[:2], 3, True)
    assert queries.run_limited(seeded, query, bound, 2, cap=total - 1) == (header, every[:2], total - 1, True)
    assert queries.run_limited(seeded, query, bound, 2, cap=total) == (header, every[:2], total, False)
    assert queries.run_limited(seeded, query, bound, 4, cap=3) == (header, every[:4], 4, True)  # more than shown


def test_a_listed_value_is_the_only_value_taken():
    deadlines = queries.get("deadlines")
    assert deadlines.bind({"kind": "ongoing"})["kind"] == "ongoing"
    with pytest.raises(queries.QueryError, match="date, interval, recurring, ongoing, unresolved: 'weekly'"):
        deadlines.bind({"kind": "weekly"})


def test_counts_are_integers_on_every_query(seeded):
    """FalkorDB's sum() gives 34.0 where Neo4j gives 34: a count must reach the user as an integer."""
    examples = {"agency-tasks": {"agency": "民政局"}, "task-owners": {"task": "助餐"},
                "policy-lineage": {"policy": "郯城"}, "cited-by": {"source": "国办发〔2024〕1号"},
                "targets": {"metric": "护理型床位"}, "search-tasks": {"keyword": "助餐"}}
    fractions = {"percent", "value"}  # a share, and a target's stated number (58.5%)
    for name in queries.catalogue():
        for row in run(seeded, name, **examples.get(name, {})):
            floats = {column for column, value in row.items() if isinstance(value, float)}
            assert floats <= fractions, (name, row)
    row = run(seeded, "function-compare", category="民政")[0]
    assert type(row["tasks"]) is int and type(row["total"]) is int
