"""The layout families of issue 19, one short hand-written wording each (never a real document's text).

Each test reads a document the way a user gets it and asserts the tasks and owners a reader would write
down; each failed before the recognizer for its family existed.
"""
from __future__ import annotations

import pytest

from policykg.loaders import LoadError, load_text
from policykg.loaders.owners import leading_units
from policykg.loaders.segment import classify
from policykg.loaders.text import Line


def read(*lines: str):
    """A document of these lines, as a user's file would hold them."""
    return load_text("\n".join(lines) + "\n", "plan.txt")


def owners(task) -> list[tuple[str, str]]:
    return [(a.raw, a.role) for a in task.agencies]


def tasks(doc) -> list[tuple[tuple[str, ...], str, list[tuple[str, str]]]]:
    return [(tuple(t.path), t.number, owners(t)) for t in doc.all_tasks()]


@pytest.mark.parametrize("text, units", [
    ("省财政厅会同省农业农村厅下达资金", ["省财政厅", "省农业农村厅"]),
    ("市民政部门负责统筹", ["市民政部门"]),
    ("区医保局要加强监管", ["区医保局"]),
    ("各市县（区）农业农村部门在收到申请后", ["各市县（区）农业农村部门"]),
    ("各级农业农村、财政部门要建立机制", ["各级农业农村、财政部门"]),
    ("应急管理局负责督查", ["应急管理局"]),
    ("所在乡镇人民政府组织实施", ["所在乡镇人民政府"]),
    ("区交通与建设局等区直部门配合", ["区交通与建设局"]),
    ("各地要加强宣传", []),
    ("企业要诚信经营", []),
    ("消费者可自主选择", []),
    ("强化农业农村和财政部门牵头的联合查处", []),
    ("健全养老服务工作协调机制", []),
    ("国家发展改革委会同有关部门负责", ["国家发展改革委"]),
])
def test_the_units_a_sentence_opens_with(text, units):
    assert leading_units(text)[0] == units


def test_companies_and_schools_are_owners_only_where_the_text_makes_them_so():
    assert leading_units("县城投公司负责建设", non_government=True)[0] == ["县城投公司"]
    assert leading_units("县城投公司负责建设")[0] == []


def test_segments_know_their_kind_and_the_headings_above_them():
    segments = classify([Line(1, "第三章 组织实施"), Line(2, "第十一条 市商务局"), Line(3, "负责统筹。"),
                         Line(4, "某某局办公室 2025年1月20日印发")])
    assert [(s.kind, s.path, s.head.kind if s.head else None) for s in segments] == [
        ("heading", (), "chapter"), ("heading", ("三",), "article"), ("paragraph", ("三", "十一"), None),
        ("signature", ("三", "十一"), None)]


def test_owner_headings_with_numbered_duties_and_without():
    doc = load_text("某县近视防控实施方案\n五、职责分工\n（一）县教育局\n1.牵头负责防控工作。\n2.指导学校开展筛查。\n"
                    "（二）县卫生健康局组织眼科医师培训，建立视力档案。\n（三）学校\n1.落实户外活动时间。\n", "h.txt")
    assert tasks(doc) == [
        (("五", "一"), "1", [("县教育局", "lead")]), (("五", "一"), "2", [("县教育局", "responsible")]),
        (("五",), "二", [("县卫生健康局", "responsible")]), (("五", "三"), "1", [("学校", "responsible")])]
    assert [a.kind for a in doc.tasks[-1].agencies] == ["non-government"]
    assert doc.tasks[-1].agencies[0].name == "学校"  # as written, never resolved into an agency


def test_an_article_whose_heading_is_its_owner():
    doc = read("某市家电以旧换新补贴实施细则", "第三章 组织实施", "第十一条 市商务局",
               "负责统筹推进补贴工作，会同有关部门做好资金审核。", "第十二条 市财政局", "负责资金拨付和监管。",
               "第十三条 销售企业参与流程", "1.销售企业自愿报名。")
    assert tasks(doc) == [(("三",), "十一", [("市商务局", "responsible")]),
                          (("三",), "十二", [("市财政局", "responsible")])]  # a topic heading names no owner


def test_sentence_subjects_own_an_item_and_partners_are_no_lead():
    doc = read("关于印发某省农机补贴实施方案的通知", "五、资金分配和使用",
               "（一）资金分配。省财政厅会同省农业农村厅下达资金。各地要及时拨付。", "（二）资金监管。企业要诚信经营。")
    assert tasks(doc) == [(("五",), "一", [("省财政厅", "responsible"), ("省农业农村厅", "responsible")])]


def test_in_a_document_of_clauses_only_a_section_dividing_work_is_read_by_its_subjects():
    doc = load_text("某县养老服务实施方案\n一、重点任务\n1.建设平台。（县民政局负责）\n2.培训护理员。（县人社局负责）\n"
                    "3.发展助餐。（县商务局负责）\n二、保障措施\n（一）加强领导。县财政局要保障经费。\n"
                    "三、职责分工\n（一）县卫生健康局负责医养结合工作。\n", "c.txt")
    numbers = [(t.path, t.number) for t in doc.tasks]
    assert (["二"], "一") not in numbers and (["三"], "一") in numbers


def test_role_sentences_name_every_body_responsible_in_order():
    doc = read("某区宜居环境建设实施方案", "三、主要内容及职责分工",
               "（一）建设完整社区。实施内容：改造管网。责任分工：区规划局负责规划编制，东城、西城片区管理局组织实施，"
               "区直有关部门配合，区建设局业务检查指导。")
    assert tasks(doc) == [(("三",), "一", [
        ("区规划局", "responsible"), ("东城片区管理局", "responsible"), ("西城片区管理局", "responsible"),
        ("区直有关部门", "responsible"), ("区建设局", "responsible")])]
    assert doc.tasks[0].text.startswith("建设完整社区") and "责任分工" not in doc.tasks[0].text


def test_sub_items_keep_their_own_owners():
    doc = load_text("某县实施方案\n一、任务\n1.完善服务网络。（县民政局负责）\n（1）建设中心。（县发改局负责）\n"
                    "（2）培训人员。（县人社局负责）\n2.发展助餐。（县商务局负责）\n", "sub.txt")
    assert [(t.number, owners(t)) for t in doc.all_tasks()] == [
        ("1", [("县民政局", "responsible")]), ("1", [("县发改局", "responsible")]),
        ("2", [("县人社局", "responsible")]), ("2", [("县商务局", "responsible")])]
    first = doc.tasks[0]  # the sub-items are subtasks of item 1, none folded into it or leaking into item 2
    assert [t.number for t in doc.tasks] == ["1", "2"] and [t.parent for t in first.subtasks] == [first.id] * 2
    assert [t.path for t in first.subtasks] == [["一", "1"], ["一", "1"]]


@pytest.mark.parametrize("header, row, expected", [
    # a 牵头单位 column and a 责任单位 column: only the first leads
    ("序号\t工作任务\t牵头单位\t责任单位\t完成时限", "1\t建设平台\t县民政局\t县财政局、县人社局\t2024年底",
     [("县民政局", "lead"), ("县财政局", "assist"), ("县人社局", "assist")]),
    # an empty 牵头单位 cell gives no lead
    ("序号\t工作任务\t牵头单位\t责任单位\t完成时限", "1\t建设平台\t\t县财政局\t2024年底",
     [("县财政局", "responsible")]),
    # an open tail in a cell adds no invented unit
    ("序号\t工作任务\t责任单位\t完成时限", "1\t建设平台\t县教育局等有关部门和单位\t2024年底",
     [("县教育局", "responsible")]),
])
def test_table_columns_give_the_roles_the_text_gives(header, row, expected):
    doc = load_text(f"某县任务分工方案\n{header}\n{row}\n", "t.txt")
    assert [owners(t) for t in doc.tasks] == [expected]


def test_a_table_glued_into_one_line_reads_row_by_row_and_the_body_it_restates_counts_once():
    body = ("某区医改实施方案（一）完善网络。1.建设中心。2.培训医生。（责任单位：医改办、社会事业局）"
            "附件：一览表主线项目主要内容责任单位完成时限（一）完善网络1建设中心在三个片区建设服务中心。医改办、社会事业局2015年6月"
            "2培训医生开展全科医生培训，提高服务能力。社会事业局、财政金融局常年")
    doc = load_text("某区医改实施方案\n" + body + "\n", "g.txt")
    assert [(t.path, t.number, [a.raw for a in t.agencies], t.deadline and t.deadline.end) for t in doc.tasks] == [
        (["附件", "一"], "1", ["医改办", "社会事业局"], "2015-06-30"),
        (["附件", "一"], "2", ["社会事业局", "财政金融局"], None)]


def test_a_document_without_tasks_is_still_a_policy_and_its_owner_sentences_are_reported():
    doc = load_text("国务院关于推进某项工作的意见\n国发〔2024〕9号\n各省、自治区、直辖市人民政府：\n"
                    "为推进工作，提出如下意见。财政部负责统筹安排资金。\n国务院\n2024年3月1日\n", "n.txt")
    assert doc.tasks == [] and doc.policy.number == "国发〔2024〕9号"
    assert [f.kind for f in doc.findings] == ["unread-sentence"]
    with pytest.raises(LoadError, match="not a policy document"):
        load_text("hello\nworld\n", "x.txt")


def test_a_title_cited_alone_keeps_its_level_and_the_issuer_it_names():
    doc = load_text("某县养老服务实施方案\n根据《某某省养老服务条例》和《民政部关于加强养老服务的通知》，制定本方案。\n"
                    "一、任务\n1.建设平台。（县民政局负责）\n", "c.txt")
    assert [(c.title, c.issuer, c.level) for c in doc.citations] == [
        ("某某省养老服务条例", None, None), ("民政部关于加强养老服务的通知", "民政部", "central")]


def test_a_column_of_one_bureaus_divisions_is_kept_apart_from_the_owners():
    doc = load_text("某市卫健委任务分工表\n序号\t工作任务\t牵头单位\t市卫健委内牵头处室\t完成时限\n"
                    "1\t建设平台\t市卫健委\t基层卫生处\t2024年底\n", "d.txt")
    assert owners(doc.tasks[0]) == [("市卫健委", "lead")] and doc.tasks[0].divisions == ["基层卫生处"]


def test_a_row_under_spanning_cells_and_a_cell_wrapped_over_lines():
    doc = load_text("某市任务分工表\n序号\t工作事项\t主要内容\t牵头单位\t配合单位\n"
                    "1\t扩大来源。\t增加家庭医生。\t各区政府\t市卫健委\n"
                    "提高待遇。\t市人社局\t/\n"
                    "2\t优化团队。\t组建团队提供服务，\n吸收药师加入。\t各区政府\t市医保局\n", "s.txt")
    assert [(t.number, t.text, owners(t)) for t in doc.tasks] == [
        ("1", "扩大来源。增加家庭医生。", [("各区政府", "lead"), ("市卫健委", "assist")]),
        ("1.2", "扩大来源。提高待遇。", [("市人社局", "lead")]),
        ("2", "优化团队。组建团队提供服务，吸收药师加入。", [("各区政府", "lead"), ("市医保局", "assist")])]


def test_a_red_header_names_every_issuer_and_the_printing_office_is_none():
    doc = read("某省商务厅", "某省财政厅", "文件", "某商字〔2025〕1号", "某省商务厅等2部门",
               "关于印发《某省以旧换新实施方案》的通知", "一、任务", "（一）组织实施。省商务厅负责统筹。",
               "某省商务厅办公室 2025年1月20日印发")
    assert doc.policy.issuer == "某省商务厅、某省财政厅"
    assert doc.policy.title == "某省商务厅等2部门关于印发《某省以旧换新实施方案》的通知"
    assert doc.policy.issued == "2025-01-20"
