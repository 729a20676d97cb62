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
    # 会同 is no 牵头
    assert owners(tasks["四"]) == [("县自然资源局", "responsible"), ("县住房城乡建设局", "responsible")]
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


def test_a_rule_stated_in_the_first_bracket_holds_for_it_and_every_later_clause():
    from policykg.loaders import load_text

    doc = load_text("国务院关于某项工作的意见\n国发〔2030〕1号\n一、总体要求\n"
                    "（一）指导思想。坚持稳中求进。\n二、重点任务\n"
                    "（二）加大支持力度。（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）\n"
                    "（三）完善服务体系。（教育部、科技部等有关部门和单位按职责分工负责）\n"
                    "（四）强化地方责任。（各省级人民政府负责）\n"
                    "（五）健全机制。（农业农村部、工业和信息化部牵头负责）\n国务院\n2030年1月2日\n", "rule.txt")
    roles = {t.number: [(a.raw, a.role, a.basis) for a in t.agencies] for t in doc.tasks}
    assert roles == {
        "二": [("人力资源社会保障部", "lead", "document-rule"), ("财政部", "assist", "document-rule")],
        "三": [("教育部", "lead", "document-rule"), ("科技部", "assist", "document-rule")],
        "四": [("各省级人民政府", "lead", "document-rule")],
        "五": [("农业农村部", "lead", "phrase"), ("工业和信息化部", "lead", "phrase")],
    }
    assert [t.number for t in doc.tasks][0] == "二"  # numbering that starts at （二）: the first task kept
    assert all(not a.inferred for t in doc.tasks for a in t.agencies)


def test_a_standing_assignment_is_one_fact_on_the_policy_not_an_owner_of_later_tasks():
    from policykg.graph import document_graph
    from policykg.loaders import load_text

    doc = load_text("某区管委会办公室关于印发某区治理方案的通知\n一、重点任务\n"
                    "1.开展调查。（区环境局牵头负责;各片区负责配合落实，以下均需各片区配合落实，不再列出）\n"
                    "2.开展监测。（区环境局牵头，区农业局等按职责分工负责）\n", "standing.txt")
    assert [a.raw for a in doc.tasks[1].agencies] == ["区环境局", "区农业局"]
    assert [(a.raw, a.role, a.basis, a.line) for a in doc.standing] == [("各片区", "assist", "document-rule", 3)]
    g = document_graph(doc)
    standing = [(g.nodes[u]["name"], d["role"], d["line"]) for u, v, k, d in g.edges(keys=True, data=True)
                if k == "STANDING"]
    assert len(standing) == 1 and standing[0][1:] == ("assist", 3)


def test_unnumbered_paragraphs_with_their_own_clauses_are_subtasks_of_their_item():
    from policykg.graph import document_graph
    from policykg.loaders import load_text

    doc = load_text("二、主要任务\n"
                    "（一）强化顶层设计，建立指标体系。2026年6月底前建立指标体系。（甲部牵头，乙部、丙部参与）\n"
                    "优化管理体制，建立责任清单。（甲部指导，试点城市政府负责落实）\n"
                    "这一段只是说明，没有分工。\n"
                    "加强制度创新。落实有关改革举措(乙部指导)。推动政策集成（丁部负责）。\n"
                    "（二）推行绿色生产。（戊部指导）\n", "sub.txt")
    assert [t.number for t in doc.tasks] == ["一", "二"]
    first = doc.tasks[0]
    assert [(a.raw, a.role) for a in first.agencies] == [("甲部", "lead"), ("乙部", "assist"), ("丙部", "assist")]
    assert [(s.number, s.path, s.line, s.parent == first.id) for s in first.subtasks] == [
        ("一.1", ["二", "一"], 3, True), ("一.2", ["二", "一"], 5, True)]
    assert [a.raw for a in first.subtasks[1].agencies] == ["乙部", "丁部"]
    assert [a.kind for a in first.subtasks[0].agencies] == ["agency", "group"]
    g = document_graph(doc)
    assert (first.subtasks[0].id, first.id, "PART_OF") in set(g.edges(keys=True))
    assert sum(1 for _, d in g.nodes(data=True) if d["label"] == "Task") == 4


def test_top_level_items_are_tasks_and_a_notice_may_wrap_its_plan():
    from policykg.loaders import load_text

    doc = load_text("某市人民政府办公室关于印发某市激励措施的通知\n各区人民政府：\n现将《某市激励措施》印发给你们。\n"
                    "某市人民政府办公室\n2030年3月1日\n某市激励措施\n一、对工作成效显著的区给予奖励。（市财政局、市发展改革委负责）\n"
                    "二、对落实政策积极主动的区优先支持。（市民政局负责）\n", "notice.txt")
    assert [(t.number, [a.raw for a in t.agencies]) for t in doc.tasks] == [
        ("一", ["市财政局", "市发展改革委"]), ("二", ["市民政局"])]
    assert doc.policy.issued == "2030-03-01"


def test_repeated_numbers_are_separate_tasks_and_reported():
    from policykg.loaders import load_text

    doc = load_text("一、任务\n1.建设平台。（市民政局负责）\n2.开展培训。（市人社局负责）\n"
                    "1.完善制度。（市财政局负责）\n", "rep.txt")
    assert [t.number for t in doc.tasks] == ["1", "2", "1"]
    assert len({t.id for t in doc.tasks}) == 3
    assert [(f.kind, f.line) for f in doc.findings if f.kind != "no-place"] == [("repeated-number", 4)]


def test_only_units_become_agencies_and_the_rest_is_reported():
    from policykg.loaders import load_text

    doc = load_text("一、任务\n1.建设平台。（市民政局、工作专班等负责）\n"
                    "2.开展培训。（市人社局等有关部门和单位负责）\n", "u.txt")
    assert [[a.raw for a in t.agencies] for t in doc.tasks] == [["市民政局"], ["市人社局"]]
    assert [(f.kind, f.text, f.line) for f in doc.findings if f.kind != "no-place"] == [("not-a-unit", "工作专班", 2)]


def test_every_agency_of_the_real_documents_is_a_unit():
    """Owners are government units, or owners the text names that are no government body (kind non-government)."""
    from policykg.loaders.agencies import is_unit
    from policykg.loaders.owners import is_non_government

    dev = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"
    docs = [load_path(p) for p in sorted(dev.glob("*.txt"))] + [load_path(p) for p in sorted(OWN.glob("*.txt"))]
    names = {a.raw for doc in docs for t in doc.all_tasks() for a in t.agencies if a.kind != "non-government"}
    others = {a.raw for doc in docs for t in doc.all_tasks() for a in t.agencies if a.kind == "non-government"}
    assert names and all(is_unit(name) for name in names)
    assert others and all(is_non_government(name) for name in others)
    assert not {"单位", "部门", "有关单位"} & names


def test_labels_in_brackets_on_lines_inside_the_text_and_roles_named_in_a_sentence():
    from policykg.loaders import load_text

    doc = load_text("某县人民政府办公室关于印发某县养老服务方案的通知\n某政办发〔2031〕3号\n"
                    "某县人民政府办公室\n2031年3月1日\n"
                    "一、重点任务\n（一）完善居家养老服务。推进站点建设。\n"
                    "【责任单位】县民政局、县财政局\n【完成时限】2031年底前\n"
                    "（二）发展医养结合。\n牵头单位：县卫健局\n配合单位：县民政局\n完成时限：2032年6月底前\n"
                    "（三）加强人才培训，牵头单位：县人社局；配合单位：县民政局。\n"
                    "（四）强化用地保障。（县自然资源局牵头，各乡镇人民政府落实，2031年12月底前完成）\n"
                    "（五）加强监管。县市场监管局为牵头单位，县消防救援大队为配合单位。\n", "variants.txt")
    got = [(t.number, t.line, t.text, t.deadline and t.deadline.end, [(a.raw, a.role) for a in t.agencies])
           for t in doc.tasks]
    assert got == [
        ("一", 6, "完善居家养老服务。推进站点建设。", "2031-12-31",
         [("县民政局", "responsible"), ("县财政局", "responsible")]),
        ("二", 9, "发展医养结合。", "2032-06-30", [("县卫健局", "lead"), ("县民政局", "assist")]),
        ("三", 13, "加强人才培训", None, [("县人社局", "lead"), ("县民政局", "assist")]),
        ("四", 14, "强化用地保障。", "2031-12-31", [("县自然资源局", "lead"), ("各乡镇人民政府", "assist")]),
        ("五", 15, "加强监管。", None, [("县市场监管局", "lead"), ("县消防救援大队", "assist")]),
    ]
    assert doc.tasks[1].deadline.line == 12  # the 完成时限 line


def test_an_impossible_signing_date_is_no_date():
    from policykg.loaders import load_text

    doc = load_text("某市人民政府办公室\n2021年2月29日\n一、任务\n1.建设平台。（市民政局负责）\n", "x.txt")
    assert doc.policy.issued is None and len(doc.tasks) == 1


def test_a_place_inside_a_sentence_is_no_place_and_check_says_none_is_known():
    """县人社局会同县卫健局 names no 会同县 (Hunan): with no place named, names stay unresolved and check says so."""
    from policykg.loaders import load_text

    doc = load_text("养老服务工作方案\n一、任务\n1.建设平台。（县人社局会同县卫健局负责）\n", "p.txt")
    assert doc.policy.jurisdiction is None
    assert {a.jurisdiction for a in doc.tasks[0].agencies} == {None}
    assert [(a.raw, a.role) for a in doc.tasks[0].agencies] == [
        ("县人社局", "responsible"), ("县卫健局", "responsible")]
    assert "no-place" in {f.kind for f in doc.findings}
