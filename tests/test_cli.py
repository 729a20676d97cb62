import json
from pathlib import Path

from click.testing import CliRunner

from policykg.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "documents"


def test_load_query_stats(tmp_path):
    runner = CliRunner()
    home = ["--data-dir", str(tmp_path / "home")]
    result = runner.invoke(main, home + ["load", str(SEEDS)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, home + ["query", "agency-workload", "--param", "jurisdiction=包头市",
                                         "--format", "json", "--limit", "1"])
    assert json.loads(result.stdout)[0]["agency"] == "包头市民政局"
    stats = json.loads(runner.invoke(main, home + ["stats", "--format", "json"]).stdout)
    assert stats["nodes"]["Policy"] == 5 and stats["nodes"]["Task"] == 139


def test_bad_files_are_reported_and_the_rest_load(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    good = next(SEEDS.glob("003_*.txt"))
    runner = CliRunner()
    result = runner.invoke(main, ["--data-dir", str(tmp_path / "home"), "load", str(tmp_path / "empty.txt"),
                                  str(tmp_path / "missing.txt"), str(good)])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.stderr and "missing.txt" in result.stderr
    assert "loaded 1 document(s)" in result.stderr


def test_extract_json_contract():
    result = CliRunner().invoke(main, ["extract", str(next(SEEDS.glob("000_*.txt")))])
    data = json.loads(result.stdout)
    assert data["policy"]["number"] == "六政办〔2022〕8号"
    assert {"id", "number", "path", "text", "line", "deadline", "agencies", "targets"} <= set(data["tasks"][0])


def test_cypher_is_read_only_without_write(tmp_path):
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "cypher", "CREATE (:X)"])
    assert result.exit_code != 0
