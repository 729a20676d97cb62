"""The loader tests a cheap necessary condition (an opening character, a substring, a digit) before a costlier
pattern; each condition must let through every text the pattern alone reads, or a fact would be lost."""
import re
import sys
from pathlib import Path

import pytest

from policykg.loaders import agencies, citations, deadlines, structure, tables, targets, text
from policykg.loaders.lexicon import lexicon

ROOT = Path(__file__).resolve().parents[2]
_LOOKAHEAD = re.compile(r"^\(\?=\[(?:\\.|[^\]\\])*\]\)")  # a leading (?=[…]) that tests the opening character


@pytest.fixture(scope="module")
def lines(tmp_path_factory) -> list[str]:
    """Every line of the example and test documents and of 60 generated ones, and their pieces between commas."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    paths = generate(60, tmp_path_factory.mktemp("generated"), seed=11)
    paths += sorted((ROOT / "examples" / "documents").glob("*.txt")) + sorted((ROOT / "tests" / "documents").glob("*"))
    found = [line for path in paths for line in path.read_text("utf-8").splitlines() if line.strip()]
    return found + [piece for line in found for piece in re.split(r"[，,。；;]", line) if piece.strip()]


def _spans(pattern: re.Pattern, texts: list[str]) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in pattern.finditer(t)] for t in texts]


@pytest.mark.parametrize("pattern", [deadlines._IN_TEXT, targets._TARGET, lexicon().label, lexicon().verb],
                         ids=["deadline", "target", "label", "verb"])
def test_an_opening_character_test_hides_no_match(pattern, lines):
    whole = re.compile(_LOOKAHEAD.sub("", pattern.pattern, count=1), pattern.flags)
    assert whole.pattern != pattern.pattern
    assert _spans(pattern, lines) == _spans(whole, lines)


def test_every_deadline_phrase_holds_a_character_the_quick_test_looks_for(lines):
    squeezed = {t: re.sub(r"\s+", "", t).strip("，,。；;:：") for t in lines}
    phrases = [t for t in lines if any(p.match(squeezed[t]) for p, _ in deadlines._RULES)]
    assert phrases and all(deadlines._MAY_BE_DEADLINE.search(t) for t in phrases)
    assert deadlines.is_deadline("2022") and not deadlines.is_deadline("市民政局")


def test_every_target_holds_a_number_before_its_unit(lines):
    with_quantity = [t for t in lines if targets._TARGET.search(t)]
    assert with_quantity and all(targets._NUMBER_UNIT.search(t) for t in with_quantity)


def test_a_line_that_may_cite_is_told_by_substrings_as_by_the_pattern(lines):
    hint = re.compile(r"《|\d{4}\s*[〕］\]）)】]|GB|DB")
    assert [citations._may_cite(t) for t in lines] == [bool(hint.search(t)) for t in lines]


def test_headings_are_read_as_when_every_numbering_is_tried(lines):
    def every_pattern(line: str):
        for kind, pattern in structure._PATTERNS:
            match = pattern.match(line)
            if match and match.end() < len(line) or match and kind in ("sub", "subitem", "article"):
                if kind == "item" and re.match(r"^\d{4}", line):
                    return None
                label = str(int(match.group(1))) if kind in ("item", "subitem") else match.group(1)
                return structure.Heading(kind, label, line[match.end():].strip())
        return None

    assert any(structure.heading(t) for t in lines)
    assert [structure.heading(t) for t in lines] == [every_pattern(t) for t in lines]


def test_a_line_without_a_space_or_an_unprintable_character_is_left_as_the_space_substitutions_leave_it():
    changed = [chr(c) for c in range(0x110000)
               if chr(c) != " " and (text._SPACES.fullmatch(chr(c)) or text._TAB.fullmatch(chr(c)))]
    assert "\u3000" in changed and "\t" in changed
    assert not [c for c in changed if c.isprintable()]


def test_header_cells_are_read_as_when_both_column_patterns_are_tried(lines):
    def every_pattern(cell: str):
        name = tables._NOTE.sub("", cell.replace(" ", ""))
        return "division" if tables._DIVISION_COLUMN.match(name) else tables.COLUMNS.get(name)

    cells = lines + ["市卫健委内牵头处室", "区民政局内配合科室（备注）", "完成时限（年月）", "责任单位(牵头)"]
    assert {tables.column(c) for c in cells} >= {"division", "deadline", "owners"}
    assert [tables.column(c) for c in cells] == [every_pattern(c) for c in cells]



def test_site_furniture_is_told_as_by_one_pattern_of_every_word_in_any_case(lines):
    one = re.compile(text.FURNITURE_WORDS[:-1] + r"|ICP\s*备|ICP证|Copyright)", re.I)
    furniture = lines + ["备案号：京ICP备00000000号", "copyright 2024 某市人民政府", "Icp证：0000", "【 打印 】"]
    assert sum(map(text.is_furniture, furniture)) >= 4
    assert [text.is_furniture(t) for t in furniture] == [len(t) <= 300 and bool(one.search(t)) for t in furniture]


def test_the_first_listed_rules_are_found_where_their_alternation_finds_them(lines):
    rules = lexicon().first_listed.patterns
    alternation = re.compile("|".join(f"(?:{rule.pattern})" for rule in rules))
    sentences = lines + ["各项任务列第一位者为牵头单位，下同。", "以第一个单位为牵头单位。排在首位的为牵头部门",
                         "首个单位为牵头单位；第一位单位为牵头单位"]

    def span(match):
        return match.span() if match else None

    assert sum(1 for t in sentences if alternation.search(t)) >= 3
    found = [span(lexicon().first_listed.search(t)) for t in sentences]
    assert found == [span(alternation.search(t)) for t in sentences]


def test_a_unit_list_without_brackets_is_split_as_the_bracket_aware_scan_splits_it(lines, monkeypatch):
    lists = [t for t in lines if "、" in t] + ["市民政局、市财政局，各乡镇（街道）", "区卫健委;区医保局,区教体局"]
    fast = [agencies._split_units.__wrapped__(t) for t in lists]
    monkeypatch.setattr(agencies, "_BRACKET_MARKS", re.compile(""))  # every text takes the scan
    assert len(lists) > 10 and [agencies._split_units.__wrapped__(t) for t in lists] == fast


def test_column_names_run_together_are_told_as_by_the_plain_alternation(lines):
    names = "|".join(re.escape(n) for n in sorted(tables.COLUMNS, key=len, reverse=True))
    plain = re.compile(rf"(?:{names})(?:{names})")
    texts = lines + ["附件：一览表序号工作任务责任单位完成时限", "项目名称项目", "具体内容（一）"]
    _, pair, _ = tables._glued_patterns()
    assert sum(1 for t in texts if plain.search(t)) >= 2
    assert [bool(pair.search(t)) for t in texts] == [bool(plain.search(t)) for t in texts]
