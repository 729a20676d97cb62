"""The accuracy harness on the seeds and on our own documents of other layouts."""
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import main

TESTS = Path(__file__).resolve().parents[1]
GOLD = TESTS / "gold"


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    folder = tmp_path_factory.mktemp("documents")
    for path in [*(TESTS.parent / "examples" / "documents").glob("*.txt"), *(TESTS / "documents").glob("*.txt")]:
        shutil.copy(path, folder / path.name)
    return folder


def test_every_field_reaches_f1_098(documents):
    result = CliRunner().invoke(main, ["eval", str(GOLD), str(documents), "--min-f1", "0.98", "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = {row["field"]: row["f1"] for row in json.loads(result.stdout)}
    assert set(scores) >= {"tasks", "agencies", "deadlines", "targets", "citations", "metadata"}
    assert min(scores.values()) >= 0.98


def test_a_wrong_role_is_reported_and_fails_the_threshold(documents, tmp_path):
    gold = json.loads((GOLD / "001_cd342d1f8881030e.json").read_text("utf-8"))
    gold["tasks"][19]["agencies"][0]["role"] = "assist"  # task 20: 市住建局 is the lead (line 40)
    (tmp_path / "001_cd342d1f8881030e.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    result = CliRunner().invoke(main, ["eval", str(tmp_path), str(documents), "--min-f1", "0.999"])
    assert result.exit_code != 0
    assert "agencies: missing" in result.stderr and "市住建局" in result.stderr


DEV_CORPUS = TESTS.parent.parent / "shared" / "corpus" / "dev"


@pytest.mark.skipif(not DEV_CORPUS.is_dir(), reason="../shared/corpus/dev is not beside this checkout")
def test_the_real_dev_documents_reach_f1_098():
    """Hand-typed gold of every task, owner, role and deadline of the eleven real documents."""
    result = CliRunner().invoke(main, ["eval", str(GOLD / "dev"), str(DEV_CORPUS), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = {row["field"]: row for row in json.loads(result.stdout)}
    # The level and issuer of documents cited by title alone are scored since issue 19 item 10; the
    # loader leaves them empty on these documents (misses listed on stderr) until it reads them.
    low = {name for name, row in scores.items() if row["f1"] < 0.98}
    assert low <= {"citation issuers"}, result.output
    assert scores["tasks"]["tp"] >= 289  # 275 numbered items and 14 sub-paragraphs


def test_gold_without_its_document_is_reported_not_scored(tmp_path):
    (tmp_path / "001_cd342d1f8881030e.txt").write_bytes(
        (TESTS.parent / "examples" / "documents" / "001_cd342d1f8881030e.txt").read_bytes())
    result = CliRunner().invoke(main, ["eval", str(GOLD), str(tmp_path), "--min-f1", "0.98", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "000_3aa502ffea5e5795.json: no document" in result.stderr
    metadata = next(row for row in json.loads(result.stdout) if row["field"] == "metadata")
    assert float(metadata["f1"]) == 1.0


def test_json_scores_are_numbers(documents):
    result = CliRunner().invoke(main, ["eval", str(GOLD), str(documents), "--format", "json"])
    for row in json.loads(result.stdout):
        assert all(isinstance(row[key], (int, float)) for key in ("precision", "recall", "f1", "tp", "fp", "fn"))
    table = CliRunner().invoke(main, ["eval", str(GOLD), str(documents)], env={"COLUMNS": "200"})
    assert "1.000" in table.stdout


def test_a_lost_level_of_a_document_cited_by_title_alone_is_a_miss(documents, tmp_path):
    gold = json.loads((GOLD / "000_3aa502ffea5e5795.json").read_text("utf-8"))
    cited = next(c for c in gold["citations"] if not c["number"])
    cited["level"] = "central"  # the loader reads the province its title names: a level the gold disagrees with
    (tmp_path / "000_3aa502ffea5e5795.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    result = CliRunner().invoke(main, ["eval", str(tmp_path), str(documents), "--format", "json"])
    issuers = next(row for row in json.loads(result.stdout) if row["field"] == "citation issuers")
    assert issuers["fn"] == 1 and "citation issuers: missing" in result.stderr and cited["title"][:6] in result.stderr
