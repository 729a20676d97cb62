from datetime import date

import pytest

from policykg.loaders.deadlines import find_in_text, normalise


@pytest.mark.parametrize("raw, kind, start, end", [
    ("2023年底", "date", None, "2023-12-31"),
    ("2022年底前", "date", None, "2022-12-31"),
    ("到2026年", "date", None, "2026-12-31"),
    ("2025年第一季度", "date", None, "2025-03-31"),
    ("2022年上半年", "date", None, "2022-06-30"),
    ("2024—2026年期间", "interval", "2024-01-01", "2026-12-31"),
    ("2020年3月至5月", "interval", "2020-03-01", "2020-05-31"),
    ("2022", "date", None, "2022-12-31"),
    ("持续推进", "ongoing", None, None),
])
def test_normal_forms(raw, kind, start, end):
    deadline = normalise(raw)
    assert (deadline.kind, deadline.start, deadline.end, deadline.raw) == (kind, start, end, raw)


def test_recurring_and_relative():
    assert normalise("每年五月底前").rule == "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=31"
    assert normalise("当年度完成").kind == "recurring"
    assert normalise("年底前", issued=date(2022, 2, 22)).end == "2022-12-31"
    assert normalise("施行后一年内", issued=date(2022, 2, 22)).end == "2023-02-22"


def test_deadline_inside_task_text():
    assert find_in_text("做好探访关爱服务,2025年底前,月探访率达到100%。", None).end == "2025-12-31"
    assert find_in_text("2022年起,整合居家适老化改造等项目", None) is None
