"""The bench corpus generator: every generated document is a document of its own."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_generated_document_has_its_own_number(tmp_path):
    """A 文号 names one document: two generated files sharing one would store as one policy."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    numbers = [re.match(r"\S+号", path.read_text("utf-8")).group() for path in generate(1200, tmp_path, seed=7)]
    assert len(set(numbers)) == len(numbers)
