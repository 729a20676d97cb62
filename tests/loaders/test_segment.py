"""Segmentation: page furniture, hard wraps and glued paragraphs undone, line numbers kept."""
from policykg.loaders import load_text
from policykg.loaders.segment import drop_furniture, reflow, unglue
from policykg.loaders.text import Line


def lines(*texts):
    return [Line(no, text) for no, text in enumerate(texts, start=1)]


def test_page_numbers_and_running_titles_between_pages_go():
    page = lines("某市养老服务实施方案", "一、主要任务", "— 1 —", "某市养老服务实施方案", "1.建设平台。", "- 2 -",
                 "某市养老服务实施方案", "2.开展培训。", "第3页", "某市养老服务实施方案", "3.完善制度。")
    kept = [ln.text for ln in drop_furniture(page)]
    assert kept == ["一、主要任务", "1.建设平台。", "2.开展培训。", "3.完善制度。"]


def test_a_text_without_page_numbers_keeps_its_bare_numbers():
    table = lines("序号", "1", "建设平台", "2", "开展培训")
    assert drop_furniture(table) == table


WRAPPED = ["一、主要任务",
           "1.建设区域养老服务平台。整合现有资源，推动线上",
           "线下服务融合发展，年底前完成。（牵头单位：市民",
           "政局；配合单位：市财政局）",
           "2.加强养老护理人员培训。实施专项培训计划，每年",
           "培训护理人员不少于500人次。（市人社局负责）",
           "3.推进医养结合。支持养老机构与医疗机构签约合作",
           "，提升服务能力。（市卫健委牵头，市民政局配合）",
           "4.开展适老化改造。为困难老年人家庭实施居家适老",
           "化改造，2025年底前完成。（市民政局负责）"]


def test_hard_wrapped_lines_join_into_paragraphs_at_their_first_line():
    joined = reflow(lines(*WRAPPED))
    assert [ln.no for ln in joined] == [1, 2, 5, 7, 9]
    assert joined[1].text.endswith("（牵头单位：市民政局；配合单位：市财政局）")


def test_a_hard_wrapped_document_with_furniture_reads_like_its_paragraphs():
    text = "\n".join(WRAPPED[:4] + ["— 2 —"] + WRAPPED[4:])
    doc = load_text(text, "wrapped.txt")
    assert [(t.number, t.line) for t in doc.tasks] == [("1", 2), ("2", 6), ("3", 8), ("4", 10)]
    assert [(a.raw, a.role) for a in doc.tasks[0].agencies] == [("市民政局", "lead"), ("市财政局", "assist")]


def test_lines_that_end_sentences_are_left_alone():
    plain = lines("一、主要任务", "1.建设平台。（市民政局负责）", "2.开展培训。（市人社局负责）")
    assert reflow(plain) == plain


GLUED = ("关于印发某区养老服务行动方案的通知 为推进工作，制定本方案。一、工作目标到2025年建成体系。二、主要任务"
         "（一）服务供给1.建设平台。加快建设平台，覆盖第一、二批试点社区，投入2.5亿元。责任单位：区民政局，区财政局"
         "2.开展培训。责任单位：各街道（二）医养结合3.推进签约。责任单位：区卫健局三、保障措施（一）加强领导。"
         "责任单位：区民政局")


def test_a_body_glued_on_one_line_splits_before_each_number_that_continues_the_numbering():
    texts = [ln.text for ln in unglue([Line(2, GLUED)], min_length=100)]
    assert texts[1:] == [
        "一、工作目标到2025年建成体系。", "二、主要任务", "（一）服务供给",
        "1.建设平台。加快建设平台，覆盖第一、二批试点社区，投入2.5亿元。责任单位：区民政局，区财政局",
        "2.开展培训。责任单位：各街道", "（二）医养结合", "3.推进签约。责任单位：区卫健局", "三、保障措施",
        "（一）加强领导。责任单位：区民政局"]


def test_a_glued_document_gives_its_tasks_on_the_line_they_stand_on():
    doc = load_text("某区养老服务行动方案\n" + GLUED + "。" * 300, "glued.txt")
    assert [(t.path, t.number, t.line) for t in doc.tasks] == [
        (["二", "一"], "1", 2), (["二", "一"], "2", 2), (["二", "二"], "3", 2), (["三"], "一", 2)]
    assert [(a.raw, a.role) for a in doc.tasks[0].agencies] == [
        ("区民政局", "responsible"), ("区财政局", "responsible")]
