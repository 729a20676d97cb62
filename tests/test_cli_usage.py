"""Commands used the way a new user tries them: bad input gets one line that says what to do."""
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "documents"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A data dir holding the five seed documents."""
    home = ["--data-dir", str(tmp_path_factory.mktemp("home"))]
    assert CliRunner().invoke(main, home + ["load", str(SEEDS)]).exit_code == 0
    return home


def one_line_error(result) -> str:
    """The one error line of a failed command (a usage error also prints the usage above it)."""
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    if lines and lines[0].startswith("Usage:"):
        lines = [line for line in lines[3:]]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_policy_file_is_stored_resolved(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    seed = next(SEEDS.glob("003_*.txt"))
    (tmp_path / "docs" / seed.name).write_bytes(seed.read_bytes())
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    home = ["--data-dir", str(tmp_path / "home")]
    assert runner.invoke(main, home + ["load", "docs"]).exit_code == 0
    rows = json.loads(runner.invoke(main, home + ["cypher", "MATCH (p:Policy)-[:HAS_TASK]->(t:Task) "
                                                  "RETURN DISTINCT p.file AS file, t.file AS task_file",
                                                  "--format", "json"]).stdout)
    resolved = str((tmp_path / "docs" / seed.name).resolve())
    assert rows == [{"file": resolved, "task_file": resolved}]
    extracted = json.loads(runner.invoke(main, ["extract", f"docs/{seed.name}"]).stdout)
    assert extracted["policy"]["source"]["file"] == resolved
    assert extracted["policy"]["source"]["name"] == f"docs/{seed.name}"


def test_an_unusable_data_dir_is_one_line_pointing_at_the_settings(tmp_path):
    (tmp_path / "file").write_text("x")
    line = one_line_error(CliRunner().invoke(main, ["--data-dir", str(tmp_path / "file" / "store"), "stats"]))
    assert str(tmp_path / "file" / "store") in line and "--data-dir" in line and "POLICYKG_HOME" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only directory")
def test_stats_run_from_a_read_only_directory_is_one_line(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    monkeypatch.chdir(locked)
    try:
        line = one_line_error(CliRunner().invoke(main, ["stats"]))
    finally:
        locked.chmod(0o755)
    assert "./.policykg" in line and "--data-dir" in line and "POLICYKG_HOME" in line


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_nodes_relationships_paths_and_dates_print_in_every_format(home, fmt):
    result = CliRunner().invoke(main, home + [
        "cypher", "MATCH p = (a:Policy {number: '六政办〔2022〕8号'})-[r:ISSUED_BY]->(x) "
                  "RETURN a, r, p, date('2020-01-02') AS day", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        row = json.loads(result.stdout)[0]
        assert row["a"]["labels"] == ["Policy"] and row["r"]["type"] == "ISSUED_BY" and row["day"] == "2020-01-02"
        assert row["p"]["relationships"] == [row["r"]]
    else:
        assert '"labels": ["Policy"]' in result.stdout.replace('""', '"') and "2020-01-02" in result.stdout


def test_export_to_a_missing_directory_is_one_line(home):
    line = one_line_error(CliRunner().invoke(main, home + ["export", "--format", "ttl", "-o", "/nonexistent/dir/x.ttl"]))
    assert "/nonexistent/dir/x.ttl" in line and "directory" in line


@pytest.mark.parametrize("variable", ["POLICYKG_AGENCIES", "POLICYKG_ISSUERS"])
@pytest.mark.parametrize("content", [None, "{not json", "[1, 2]"])
@pytest.mark.parametrize("command", [["load", str(SEEDS)], ["extract", str(next(SEEDS.glob("000_*.txt")))],
                                     ["agencies", "--explain", "民政"], ["eval", "tests/gold", str(SEEDS)],
                                     ["check", str(SEEDS)]])
def test_a_bad_vocabulary_file_is_one_line_naming_variable_and_file(tmp_path, monkeypatch, variable, content,
                                                                     command):
    from policykg.loaders import agencies, citations

    extra = tmp_path / "extra.json"
    if content is not None:
        extra.write_text(content)
    monkeypatch.setenv(variable, str(extra))
    monkeypatch.chdir(SEEDS.parents[1])
    agencies._vocabulary.cache_clear(), citations._issuers.cache_clear()
    try:
        result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "home"), *command])
    finally:
        monkeypatch.delenv(variable)
        agencies._vocabulary.cache_clear(), citations._issuers.cache_clear()
    line = one_line_error(result)
    assert variable in line and str(extra) in line


def test_a_write_without_write_says_how_to_allow_it(home):
    line = one_line_error(CliRunner().invoke(main, home + ["cypher", "CREATE (:X)"]))
    assert "--write" in line and "RO_QUERY" not in line


@pytest.mark.parametrize("command", [["query", "agency-workload"], ["cypher", "MATCH (n) RETURN n.id"]])
@pytest.mark.parametrize("limit", ["0", "-1"])
def test_limits_must_be_positive(home, command, limit):
    line = one_line_error(CliRunner().invoke(main, home + command + ["--limit", limit]))
    assert "--limit" in line


def test_canned_parameters_are_checked_and_typed(home):
    runner = CliRunner()
    line = one_line_error(runner.invoke(main, home + ["query", "agency-tasks", "-p", "agency=民政局", "-p", "role=leader"]))
    assert "lead, assist, responsible" in line
    line = one_line_error(runner.invoke(main, home + ["query", "agency-workload", "-p", "limit=-1"]))
    assert "limit" in line and "at least 1" in line
    line = one_line_error(runner.invoke(main, home + ["query", "agency-workload", "-p", "limit=x"]))
    assert "must be an integer" in line
    rows = json.loads(runner.invoke(main, home + ["query", "agency-tasks", "-p", "agency=市民政局", "-p",
                                                  "jurisdiction=包头市", "-p", "role=lead", "--format", "json"]).stdout)
    assert rows and {r["role"] for r in rows} == {"lead"}


@pytest.mark.parametrize("pair, expected", [
    ("n=3", 3), ("n=2.5", 2.5), ("n=true", True), ('n=["a", 1]', ["a", 1]), ('n="3"', "3"), ("n=郯城县", "郯城县"),
    ("n:date=2024-02-29", "2024-02-29"), ("n:string=3", "3"), ("n:int=7", 7)])
def test_cypher_parameters_are_typed(home, pair, expected):
    result = CliRunner().invoke(main, home + ["cypher", "RETURN $n AS n", "-p", pair, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": expected}]
    result = CliRunner().invoke(main, home + ["cypher", "MATCH (t:Task) RETURN t.id LIMIT $n", "-p", "n=3", "--format", "json"])
    assert len(json.loads(result.stdout)) == 3


@pytest.mark.parametrize("pair", ["n:date=2024-02-30", "n:int=x", "n:list=3", "n:colour=red"])
def test_a_badly_typed_cypher_parameter_is_one_line(home, pair):
    line = one_line_error(CliRunner().invoke(main, home + ["cypher", "RETURN $n", "-p", pair]))
    assert "parameter n" in line and ("must be" in line or "no type 'colour'" in line)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_queries_shows_each_example(fmt):
    from policykg import queries

    result = CliRunner().invoke(main, ["queries", "--format", fmt], env={"COLUMNS": "400"})
    for query in queries.catalogue().values():
        assert query.example and query.example in result.stdout, query.name


def test_delete_takes_a_number_or_title_and_lists_candidates_when_ambiguous(tmp_path):
    runner = CliRunner()
    home = ["--data-dir", str(tmp_path / "home")]
    assert runner.invoke(main, home + ["load", str(SEEDS)]).exit_code == 0
    line = one_line_error(runner.invoke(main, home + ["delete", "养老服务"]))
    assert "matches 4 documents" in line and "六政办〔2022〕8号" in line and "365ddab3791fa091" in line
    line = one_line_error(runner.invoke(main, home + ["delete", "no such document"]))
    assert "no policy" in line and "no such document" in line
    result = runner.invoke(main, home + ["delete", "六政办〔2022〕8号"])
    assert result.exit_code == 0 and "365ddab3791fa091" in result.stderr
    titled = json.loads(runner.invoke(main, home + ["query", "policy-summary", "--format", "json"]).stdout)
    assert len(titled) == 4
    result = runner.invoke(main, home + ["delete", titled[0]["title"][:20]])
    assert result.exit_code == 0, result.output
    assert len(json.loads(runner.invoke(main, home + ["query", "policy-summary", "--format", "json"]).stdout)) == 3


def test_an_80_column_table_keeps_ids_whole_and_the_count_on_its_own_line(home):
    result = CliRunner().invoke(main, home + ["query", "policy-summary"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    ids = json.loads(CliRunner().invoke(main, home + ["query", "policy-summary", "--format", "json"]).stdout)
    for row in ids:
        assert row["id"] in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "row(s)" not in result.stdout and result.stderr == "5 row(s)\n"
    assert result.output.endswith("┘\n5 row(s)\n")
