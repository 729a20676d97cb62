"""The one owner-clause grammar: a wording per row, written for these tests."""
from dataclasses import FrozenInstanceError

import pytest

from policykg.loaders.owners import DocumentRules, find_clauses, read_clause


def owners(text, first_listed=False):
    clause = read_clause(text, DocumentRules(first_listed=first_listed))
    return None if clause is None else [(o.raw, o.role, o.basis) for o in clause.owners]


@pytest.mark.parametrize("text, expected", [
    # labels
    ("牵头单位：市民政局；责任单位：市财政局、市卫健委",
     [("市民政局", "lead", "label"), ("市财政局", "assist", "label"), ("市卫健委", "assist", "label")]),
    ("牵头单位:县民政局,配合单位:县财政局、县教育局，各乡镇政府",
     [("县民政局", "lead", "label"), ("县财政局", "assist", "label"), ("县教育局", "assist", "label"),
      ("各乡镇政府", "assist", "label")]),
    ("责任单位：区国资局，区财金局、各区属国企",
     [("区国资局", "responsible", "label"), ("区财金局", "responsible", "label"),
      ("各区属国企", "responsible", "label")]),
    ("负责部门：商务部、海关总署；适用范围：各自贸试验区",
     [("商务部", "responsible", "label"), ("海关总署", "responsible", "label")]),
    ("参与单位：市科技局；牵头部门：市工信局", [("市科技局", "assist", "label"), ("市工信局", "lead", "label")]),
    # phrases
    ("市民政局牵头", [("市民政局", "lead", "phrase")]),
    ("市民政局牵头负责", [("市民政局", "lead", "phrase")]),
    ("市民政局、市卫健委牵头负责", [("市民政局", "lead", "phrase"), ("市卫健委", "lead", "phrase")]),
    ("市民政局牵头，市财政局、市医保局参与",
     [("市民政局", "lead", "phrase"), ("市财政局", "assist", "phrase"), ("市医保局", "assist", "phrase")]),
    ("市民政局牵头,市财政局配合", [("市民政局", "lead", "phrase"), ("市财政局", "assist", "phrase")]),
    ("市民政局负责", [("市民政局", "responsible", "phrase")]),
    ("科技部、教育部负责", [("科技部", "responsible", "phrase"), ("教育部", "responsible", "phrase")]),
    ("市发展改革委会同市财政局负责",
     [("市发展改革委", "responsible", "phrase"), ("市财政局", "responsible", "phrase")]),
    ("水利部会同有关部门负责", [("水利部", "responsible", "phrase")]),
    ("商务部指导", [("商务部", "responsible", "phrase")]),
    ("商务部指导，供销合作总社参与", [("商务部", "responsible", "phrase"), ("供销合作总社", "responsible", "phrase")]),
    ("市民政局、市财政局等按职责分工负责",
     [("市民政局", "responsible", "phrase"), ("市财政局", "responsible", "phrase")]),
    ("商务部、民政部等有关部门和单位，各省级人民政府按职责分工负责",
     [("商务部", "responsible", "phrase"), ("民政部", "responsible", "phrase"),
      ("各省级人民政府", "responsible", "phrase")]),
    ("市交通局牵头，有关单位按职责分工负责", [("市交通局", "lead", "phrase")]),
    ("区经发局，区税务局、区海关等按职责分工负责",
     [("区经发局", "responsible", "phrase"), ("区税务局", "responsible", "phrase"),
      ("区海关", "responsible", "phrase")]),
    ("农业农村部、商务部等和各有关省级人民政府负责",
     [("农业农村部", "responsible", "phrase"), ("商务部", "responsible", "phrase"),
      ("各有关省级人民政府", "responsible", "phrase")]),
    ("各有关部门和单位按职责分工负责", [("各有关部门和单位", "responsible", "phrase")]),
    # lists, marks, aliases
    ("市民政局、市财政局", [("市民政局", "responsible", "list"), ("市财政局", "responsible", "list")]),
    ("责任单位：县人社局（牵头）、县民政局", [("县人社局", "lead", "label"), ("县民政局", "assist", "label")]),
    ("区农业农村中心（区供销社）、区市场监管局负责",
     [("区农业农村中心（区供销社）", "responsible", "phrase"), ("区市场监管局", "responsible", "phrase")]),
    ("【牵头单位】市民政局【配合单位】市财政局", [("市民政局", "lead", "label"), ("市财政局", "assist", "label")]),
    ("牵头单位：市民政局 配合单位：市财政局", [("市民政局", "lead", "label"), ("市财政局", "assist", "label")]),
    ("市民政局为牵头单位，市财政局为配合单位", [("市民政局", "lead", "phrase"), ("市财政局", "assist", "phrase")]),
    ("市民政局负责，2023年底前完成", [("市民政局", "responsible", "phrase")]),
    ("牵头单位：市民政局，2023年12月底前完成", [("市民政局", "lead", "label")]),
    ("市民政局牵头，各县（市、区）政府落实",
     [("市民政局", "lead", "phrase"), ("各县（市、区）政府", "assist", "phrase")]),
    # not owner clauses
    ("工程勘察除外", None), ("2021-2025", None), ("含市本级", None), ("市", None), ("试行", None),
])
def test_a_clause_reads_as_its_wording_says(text, expected):
    assert owners(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("人社部、财政部负责", [("人社部", "lead", "document-rule"), ("财政部", "assist", "document-rule")]),
    ("各省级人民政府负责", [("各省级人民政府", "lead", "document-rule")]),
    ("农业农村部、工业和信息化部牵头负责",  # an explicit 牵头 overrides the rule
     [("农业农村部", "lead", "phrase"), ("工业和信息化部", "lead", "phrase")]),
    ("责任单位：市民政局、市财政局", [("市民政局", "lead", "document-rule"), ("市财政局", "assist", "document-rule")]),
])
def test_the_first_listed_rule_makes_the_first_unit_lead(text, expected):
    assert owners(text, first_listed=True) == expected


@pytest.mark.parametrize("text", [
    "人社部、财政部负责。列第一位者为牵头单位，下同",
    "人社部、财政部负责，排在第一位的部门为牵头部门，下同",
    "人社部、财政部负责，以第一个为牵头单位",
])
def test_a_clause_stating_the_rule_is_read_by_it(text):
    clause = read_clause(text, DocumentRules())
    assert clause.states_rule
    assert [(o.raw, o.role) for o in clause.owners] == [("人社部", "lead"), ("财政部", "assist")]


def test_a_standing_assignment_is_read_once_and_left_out_of_the_clause():
    clause = read_clause("区环境局牵头负责;各片区负责配合落实，以下均需各片区配合落实，不再列出", DocumentRules())
    assert [(o.raw, o.role) for o in clause.owners] == [("区环境局", "lead"), ("各片区", "assist")]
    assert [(o.raw, o.role, o.basis) for o in clause.standing] == [("各片区", "assist", "document-rule")]


def test_other_fields_of_a_clause_are_kept():
    clause = read_clause("责任单位：市民政局；完成时限：2024年6月底前；适用范围：城区", DocumentRules())
    assert (clause.deadline, clause.scope) == ("2024年6月底前", "城区")


def test_paragraph_clauses_in_the_middle_at_the_end_and_unbracketed():
    text = ("建立台账（市民政局负责），完善制度（市财政局、市审计局负责）。"
            "在城区（含开发区）开展试点，覆盖（区城投集团、交通集团）的项目。责任单位：区国资局")
    clauses = find_clauses(text, DocumentRules())
    assert [[o.raw for o in c.owners] for c in clauses] == [["市民政局"], ["市财政局", "市审计局"], ["区国资局"]]


def test_a_bare_list_counts_only_where_it_closes_a_sentence():
    assert find_clauses("支持（市民政局、市财政局）的项目。", DocumentRules()) == []
    assert len(find_clauses("支持项目建设（市民政局、市财政局）。", DocumentRules())) == 1


def test_a_label_inside_a_word_is_no_clause():
    assert find_clauses("各责任单位：要加强领导。", DocumentRules()) == []


def test_half_and_full_width_read_alike():
    assert owners("牵头单位:市民政局;配合单位:市财政局") == owners("牵头单位：市民政局；配合单位：市财政局")


def test_a_note_beside_named_owners_is_kept_for_check_and_the_owners_are_read():
    clause = read_clause("区资源生态局牵头，按季度调度", DocumentRules())
    assert [(o.raw, o.role) for o in clause.owners] == [("区资源生态局", "lead")]
    assert clause.unread == ["按季度调度"]
    assert read_clause("市民政局、市财政局，按季度", DocumentRules()) is None  # no verb: no clause


def test_a_clause_read_again_is_unchanged_by_what_was_done_to_the_first():
    first = read_clause("牵头单位：市民政局；责任单位：市财政局", DocumentRules())
    first.start = 9
    first.owners.pop()
    with pytest.raises(FrozenInstanceError):  # owners are shared with the cache: none can be changed
        first.owners[0].role = "assist"
    again = read_clause("牵头单位：市民政局；责任单位：市财政局", DocumentRules())
    assert [(o.raw, o.role) for o in again.owners] == [("市民政局", "lead"), ("市财政局", "assist")]
    assert again.start == 0
