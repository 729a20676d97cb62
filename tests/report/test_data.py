"""What a report reads from the stored graph, checked against the seed documents."""
from datetime import date

import pytest

from policykg.graph import document_graph
from policykg.report import data

TANCHENG = "郯政办字〔2025〕20号"


@pytest.fixture
def seeded(store, seed_docs):
    for doc in seed_docs:
        store.write_document(document_graph(doc), doc.policy.id)
    return store


def test_lineage_of_tancheng_by_level(seeded):
    report = data.policy_report(seeded, data.resolve_policy(seeded, TANCHENG), date(2026, 1, 1))
    by_level = {level: sorted(n.number or n.title for n in report.lineage if n.level == level)
                for level in data.LEVELS}
    assert by_level["central"] == ["中办发〔2022〕42号", "中发〔2024〕32号", "国办发〔2024〕1号"]
    # a document cited by its title alone has the level of the province its title names
    assert by_level["province"] == ["山东省普惠性养老机构认定与管理办法(试行)", "鲁政办发〔2022〕18号",
                                    "鲁政办字〔2023〕207号"]
    assert by_level["city"] == ["临政办字〔2024〕70号"]
    assert by_level["county"] == [TANCHENG]
    assert report.lineage[0].id == report.id and report.lineage[0].loaded
    assert not any(n.loaded for n in report.lineage[1:])  # none of its sources is loaded
    assert len(report.citations) == len(report.lineage) - 1 == 11


def test_matrix_columns_by_workload_and_rows_in_document_order(seeded):
    report = data.policy_report(seeded, data.resolve_policy(seeded, "幸福鹿城"))
    # 民政局 leads 22 tasks and assists one; the 旗县区 and 高新区 assist all 23 (lines 17–43)
    assert report.agencies[:3] == ["包头市各旗县区政府", "包头市民政局", "包头市稀土高新区管委会"]
    assert [t.number for t in report.tasks] == [str(n) for n in range(1, 24)]
    task_20 = report.tasks[19]
    assert task_20.role_of("包头市住房和城乡建设局") == "lead" and task_20.role_of("包头市民政局") == "assist"
    assert task_20.owners[0].role == "lead"  # leads listed first
    assert report.without_lead == []


def test_overdue_follows_as_of(seeded):
    chishui = data.resolve_policy(seeded, "赤府办函〔2020〕62号")
    before = data.policy_report(seeded, chishui, date(2021, 12, 31))
    after = data.policy_report(seeded, chishui, date(2022, 1, 1))
    assert before.overdue == []
    assert [(t.number, t.due) for t in after.overdue] == [("六", "2021-12-31")]


def test_tasks_carry_targets_and_source_lines(seeded):
    report = data.policy_report(seeded, data.resolve_policy(seeded, "六政办〔2022〕8号"))
    first = report.tasks[0]
    assert (first.line, first.file.endswith("000_3aa502ffea5e5795.txt")) == (66, True)
    assert "培育不少于2家" in first.targets
    assert len(report.without_lead) == len(report.tasks) == 34  # a table of 责任单位 only


def test_a_policy_is_named_once_or_the_candidates_are_listed(seeded):
    with pytest.raises(data.ReportError, match="matches 5 policies"):
        data.resolve_policy(seeded, "养老")
    with pytest.raises(data.ReportError, match="no policy has the id, 文号 or title part '不存在'"):
        data.resolve_policy(seeded, "不存在")
    assert data.resolve_policy(seeded, "郯城") == data.resolve_policy(seeded, TANCHENG)


def test_index_orders_policies_by_level_and_agencies_by_workload(seeded):
    index = data.index(seeded)
    assert [p["level"] for p in index.policies] == ["city", "city", "county", "county", "county"]
    totals = [a["total"] for a in index.agencies]
    assert totals == sorted(totals, reverse=True)
    top = next(a for a in index.agencies if a["agency"] == "包头市民政局")
    assert [tasks for _, tasks in top["policies"]] == [23]


def test_a_loaded_source_is_marked_and_its_own_citations_join_the_lineage(seeded, linyi):
    seeded.write_document(document_graph(linyi), linyi.policy.id)
    report = data.policy_report(seeded, data.resolve_policy(seeded, TANCHENG))
    node = next(n for n in report.lineage if n.number == "临政办字〔2024〕70号")
    province = next(n for n in report.lineage if n.number == "鲁政办发〔2022〕18号")
    assert node.loaded and node.id == linyi.policy.id
    assert (node.id, province.id) in report.citations
