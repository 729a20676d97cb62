"""The loader tests a cheap necessary condition (an opening character, a substring, a digit) before a costlier
pattern; each condition must let through every text the pattern alone reads, or a fact would be lost."""
import re
import sys
from pathlib import Path

import pytest

from policykg.loaders import citations, deadlines, structure, targets, text
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


@pytest.mark.parametrize("pattern", [deadlines._IN_TEXT, targets._TARGET, text._FURNITURE, lexicon().label,
                                     lexicon().verb], ids=["deadline", "target", "furniture", "label", "verb"])
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
