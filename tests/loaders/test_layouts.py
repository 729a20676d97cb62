"""Layouts the seeds do not show, in documents written for these tests (expectations by hand)."""
from pathlib import Path

from policykg.loaders import load_path

OWN = Path(__file__).resolve().parents[1] / "documents"


def owners(task):
    return [(a.raw, a.role) for a in task.agencies]


def test_inline_phrases():
    doc = load_path(OWN / "phrases.txt")
    tasks = {t.number: t for t in doc.tasks}
    assert sorted(tasks) == sorted(["一", "二", "三", "四", "五", "六", "七"])  # 保障措施（一） names no owner
    assert owners(tasks["一"]) == [("县卫生健康局", "lead"), ("县发展改革局", "assist"), ("县财政局", "assist")]
    assert owners(tasks["二"]) == [("县人力资源社会保障局", "lead"), ("县教育局", "lead")]
    assert owners(tasks["三"]) == [("县市场监管局", "responsible")]
    assert owners(tasks["四"]) == [("县自然资源局", "lead"), ("县住房城乡建设局", "assist")]
    assert [(a.kind, a.role) for a in tasks["五"].agencies] == [("group", "responsible")]
    assert owners(tasks["六"]) == [("县民政局", "lead"), ("县住房城乡建设局", "assist"), ("县卫生健康局", "assist")]
    assert owners(tasks["七"]) == [("县人力资源社会保障局", "lead"), ("县民政局", "assist")]
    assert tasks["三"].deadline.end == "2024-06-30"
    target = tasks["一"].targets[0]
    assert (target.op, target.value, target.unit) == (">=", 4.5, "个")
    assert doc.citations[0].number == "国办发〔2019〕15号" and doc.citations[0].level == "central"


def test_first_listed_rule_applies_to_later_brackets():
    doc = load_path(OWN / "first_listed.txt")
    tasks = {t.number: t for t in doc.tasks}
    assert owners(tasks["1"]) == [("市卫健委", "lead"), ("市民政局", "assist"), ("市医保局", "assist")]
    assert owners(tasks["2"]) == [("市卫健委", "lead"), ("各区、县级市政府", "assist")]
    assert owners(tasks["3"]) == [("市民政局", "lead"), ("市财政局", "assist"), ("市发展改革委", "assist")]
    assert all(not a.inferred for t in doc.tasks for a in t.agencies)
    assert tasks["2"].agencies[1].kind == "group"


def test_table_with_serial_column():
    doc = load_path(OWN / "table.txt")
    assert [(t.number, owners(t)) for t in doc.tasks] == [
        ("1", [("区民政局", "responsible"), ("区残联", "responsible")]),
        ("2", [("区住建局", "responsible")]),
        ("3", [("区民政局", "responsible"), ("各街道办事处", "responsible")]),
        ("4", [("区民政局", "lead"), ("区财政局", "assist")]),  # the cell names the roles itself
    ]
    assert [t.deadline.kind for t in doc.tasks] == ["date", "recurring", "ongoing", "date"]
