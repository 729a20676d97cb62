"""Facts of the seed documents, each checked by reading the text (line numbers cite it)."""
from pathlib import Path


from policykg.loaders import load_path

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "documents"


def doc(prefix):
    return load_path(next(SEEDS.glob(f"{prefix}_*.txt")))


def by_number(document, path, number):
    return next(t for t in document.tasks if t.path == path and t.number == number)


def owners(task):
    return [(a.raw, a.role) for a in task.agencies]


def test_liuan_metadata_and_merged_cells():
    d = doc("000")
    p = d.policy
    assert (p.number, p.issuer, p.jurisdiction, p.level, p.issued) == (
        "六政办〔2022〕8号", "六安市人民政府办公室", "六安市", "city", "2022-02-22")
    assert len(d.tasks) == 34
    # line 73 is written once for items 2–5 of （二）: a merged cell
    assert owners(by_number(d, ["二", "二"], "5")) == [(u, "responsible") for u in (
        "市民政局", "市住建局", "市人社局", "市财政局", "各县区人民政府", "市开发区管委")]
    assert by_number(d, ["二", "二"], "3").deadline.end == "2022-12-31"  # line 75
    assert [c.number for c in d.citations if c.number] == ["皖政办〔2021〕16号"]
    assert d.citations[0].issuer == "安徽省人民政府办公厅" and d.citations[0].level == "province"


def test_baotou_leads_and_prefix_inheritance():
    d = doc("001")
    assert d.policy.number is None and d.policy.jurisdiction == "包头市"
    assert len(d.tasks) == 23
    task20 = by_number(d, ["三", "五"], "20")  # line 40
    assert owners(task20)[0] == ("市住建局", "lead")
    task1 = by_number(d, ["三", "一"], "1")  # line 17: 市住建局、卫健委 → 市卫健委
    assert [a.name for a in task1.agencies][:3] == ["包头市民政局", "包头市住房和城乡建设局", "包头市卫生健康委员会"]
    assert task1.deadline.rule == "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=31"
    assert by_number(d, ["三", "二"], "7").deadline.kind == "interval"  # 2024—2026年期间
    assert any(a.name == "中国人民银行包头市分行" for a in by_number(d, ["三", "三"], "12").agencies)


def test_tancheng_has_no_invented_lead_and_resolves_typos():
    d = doc("002")
    assert d.policy.level == "county" and d.policy.number == "郯政办字〔2025〕20号"
    assert all(a.role == "responsible" for t in d.tasks for a in t.agencies)
    task2 = by_number(d, ["二", "一"], "2")  # line 20
    veteran = next(a for a in task2.agencies if "退役" in a.raw)
    assert (veteran.raw, veteran.name) == ("县退役军事务人局", "郯城县退役军人事务局")
    assert task2.deadline.end == "2025-12-31"
    assert owners(by_number(d, ["二", "六"], "13")) == [  # unlabelled bracket, line 36
        ("县民政局", "responsible"), ("县卫生健康局", "responsible"), ("县农业农村局", "responsible")]
    numbers = {c.number for c in d.citations}
    assert {"中发〔2024〕32号", "中办发〔2022〕42号", "国办发〔2024〕1号", "鲁政办发〔2022〕18号",
            "鲁政办字〔2023〕207号", "临政办字〔2024〕70号"} <= numbers
    assert "GB/T 35796-2017" in numbers


def test_chishui_roster_and_full_width_brackets():
    d = doc("003")
    assert len(d.tasks) == 11 and d.policy.jurisdiction == "赤水市"
    task1 = by_number(d, ["二"], "一")  # line 29
    assert owners(task1)[:2] == [("市民政局", "lead"), ("市委督查局", "lead")]
    assert task1.agencies[3].name == "赤水市各乡镇（街道）" and task1.agencies[3].kind == "group"
    seats = {m.name: m for m in d.memberships if m.person}
    assert seats["赤水市民政局"].person == "吴维伦"
    duties = [m for m in d.memberships if m.duty]
    assert len(duties) == 9  # （一）市民政局 … （九）市医保局, lines 117–133


def test_jinjiang_restarting_numbers_and_project_table():
    d = doc("004")
    body = [t for t in d.tasks if t.path[:1] == ["二"]]
    table = [t for t in d.tasks if t.path[:1] == ["附件2"]]
    assert len(body) == 23 and len(table) == 16
    assert by_number(d, ["二", "二"], "1").line == 45  # numbering restarts in （二）
    row8 = by_number(d, ["附件2"], "8")  # 泉州市医保局 / 晋江分局 on lines 487/489
    assert "泉州市医保局晋江分局" in [a.raw for a in row8.agencies]
    assert by_number(d, ["附件2"], "3").deadline.kind == "ongoing"
    assert all(not t.text.startswith(("扫一扫", "打印")) for t in d.tasks)
