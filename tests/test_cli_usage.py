"""Commands used the way a new user tries them: bad input gets one line that says what to do."""
import csv
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg import queries
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
    line = one_line_error(CliRunner().invoke(main, home + ["export", "--format", "ttl",
                                                           "-o", "/nonexistent/dir/x.ttl"]))
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


@pytest.mark.parametrize("command", [["query", "agency-workload"], ["cypher", "MATCH (n) RETURN n.id"], ["agencies"]])
def test_a_limit_is_not_negative(home, command):
    line = one_line_error(CliRunner().invoke(main, home + command + ["--limit", "-1"]))
    assert "--limit" in line


@pytest.mark.parametrize("command", [["query", "agency-workload"], ["query", "search-tasks", "-p", "keyword=养老"],
                                     ["cypher", "MATCH (t:Task) RETURN t.id AS id"], ["agencies"]])
def test_a_cut_list_says_how_many_rows_there_were(home, command):
    runner = CliRunner()
    every = runner.invoke(main, home + command + ["--limit", "0", "--format", "json"])
    total = len(json.loads(every.stdout))
    assert total > 3 and "of" not in every.stderr
    result = runner.invoke(main, home + command + ["--limit", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(every.stdout)[:3]
    assert result.stderr == f"3 of {total:,} rows; --limit N or --limit 0 for all\n"
    whole = runner.invoke(main, home + command + ["--limit", str(total)])
    assert whole.stderr == f"{total} row(s)\n"


@pytest.mark.parametrize("command", [["query", "search-tasks", "-p", "keyword=养老"], ["agencies"]])
def test_a_cut_list_counts_its_rows_up_to_a_cap(home, command, monkeypatch):
    """The first screen of a long answer costs what it shows: its total is counted up to a cap."""
    runner = CliRunner()
    total = len(json.loads(runner.invoke(main, home + command + ["--limit", "0", "--format", "json"]).stdout))
    monkeypatch.setattr(queries, "COUNT_CAP", 5)
    assert total > 6
    result = runner.invoke(main, home + command + ["--limit", "3"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "3 of more than 5 rows; --limit N or --limit 0 for all\n"
    monkeypatch.setattr(queries, "COUNT_CAP", total)
    assert runner.invoke(main, home + command + ["--limit", "3"]).stderr.startswith(f"3 of {total} rows;")


def test_a_canned_querys_own_limit_is_reported_when_it_cuts(home):
    result = CliRunner().invoke(main, home + ["query", "agency-workload", "-p", "limit=2", "--format", "csv"])
    every = CliRunner().invoke(main, home + ["query", "agency-workload", "--limit", "0", "--format", "json"])
    assert len(result.stdout.splitlines()) == 3
    assert result.stderr.startswith(f"2 of {len(json.loads(every.stdout))} rows")
    assert "500" in CliRunner().invoke(main, ["query", "--help"]).stdout  # the default is documented
    whole = CliRunner().invoke(main, home + ["query", "agency-workload", "-p", "limit=0", "--format", "json"])
    assert whole.exit_code == 0 and json.loads(whole.stdout) == json.loads(every.stdout)  # limit=0: every row


def test_stats_gives_the_share_of_agencies_without_category(home):
    runner = CliRunner()
    result = runner.invoke(main, home + ["stats", "--format", "json"])
    agencies = json.loads(result.stdout)["nodes"]["Agency"]
    counted = json.loads(runner.invoke(main, home + ["cypher", "MATCH (a:Agency) WHERE a.category IS NULL "
                                                     "RETURN count(a) AS n", "--format", "json"]).stdout)[0]["n"]
    share = f"{counted} of {agencies} ({round(100 * counted / agencies, 1):g}%)"
    assert result.stderr == f"agencies without category: {share}\n"
    rows = list(csv.reader(io.StringIO(runner.invoke(main, home + ["stats", "--format", "csv"]).stdout)))
    assert rows[-1] == ["agencies", "without category", share]


@pytest.mark.parametrize("option", [["--batch-size", "0"], ["--batch-size", "-5"], ["--batch-docs", "0"],
                                    ["--batch-docs", "-1"], ["--jobs", "0"]])
def test_load_takes_only_numbers_that_work(tmp_path, option):
    line = one_line_error(CliRunner().invoke(main, ["--data-dir", str(tmp_path / "home"), "load", str(SEEDS), *option]))
    assert option[0] in line and "Traceback" not in line
    line = one_line_error(CliRunner().invoke(main, ["eval", "tests/gold", str(SEEDS), "--min-f1", "2"]))
    assert "--min-f1" in line


def test_a_base_iri_that_is_no_iri_is_one_line(home):
    line = one_line_error(CliRunner().invoke(main, home + ["export", "--format", "ttl", "--base-iri", "not an iri"]))
    assert "--base-iri" in line and "not an iri" in line


def test_a_missing_cypher_parameter_is_named(home):
    line = one_line_error(CliRunner().invoke(main, home + ["cypher", "RETURN $given, $missing", "-p", "given=1"]))
    assert "$missing" in line and "-p missing=" in line and "$given" not in line


def test_a_cypher_syntax_error_is_one_line_with_its_place(home):
    line = one_line_error(CliRunner().invoke(main, home + ["cypher", "MATCH (n RETURN n"]))
    assert "line 1, column 10" in line and "errMsg" not in line and "errCtx" not in line


def test_a_bad_parameter_exits_the_same_in_query_and_cypher(home):
    query = CliRunner().invoke(main, home + ["query", "agency-workload", "-p", "limit=x"])
    cypher = CliRunner().invoke(main, home + ["cypher", "RETURN $n", "-p", "n:int=x"])
    assert query.exit_code == cypher.exit_code == 2
    assert "--param" in one_line_error(query) and "--param" in one_line_error(cypher)


def test_a_value_the_header_lists_is_checked(home):
    line = one_line_error(CliRunner().invoke(main, home + ["query", "deadlines", "-p", "kind=weekly"]))
    assert "date, interval, recurring, ongoing, unresolved" in line and "weekly" in line
    result = CliRunner().invoke(main, home + ["query", "deadlines", "-p", "kind=ongoing", "--format", "json"])
    assert result.exit_code == 0 and {row["kind"] for row in json.loads(result.stdout)} == {"ongoing"}


@pytest.mark.parametrize("command", [["stats"], ["query", "agency-workload"], ["cypher", "MATCH (n) RETURN n"],
                                     ["agencies"], ["export"], ["validate"], ["delete", "x"],
                                     ["report", "--all", "-o", "pages"], ["show", "matrix", "x", "-o", "x.svg"]])
def test_a_reading_command_without_a_store_says_so(tmp_path, command):
    missing = tmp_path / "typo"
    line = one_line_error(CliRunner().invoke(main, ["--data-dir", str(missing), *command]))
    assert line == (f"Error: no store at {missing}: run policykg load first (or give the store's folder with "
                    "--data-dir DIR or POLICYKG_HOME)")
    assert not missing.exists()


def test_report_says_what_is_wrong_with_its_output(home, tmp_path):
    runner = CliRunner()
    line = one_line_error(runner.invoke(main, home + ["report", "郯城", "--all", "-o", str(tmp_path)]))
    assert "not both" in line and "name one POLICY" not in line
    line = one_line_error(runner.invoke(main, home + ["report", "郯城", "-o", str(tmp_path / "none" / "x.html")]))
    assert f"{tmp_path / 'none' / 'x.html'}: its folder does not exist" in line and "Errno" not in line
    line = one_line_error(runner.invoke(main, home + ["report", "郯城", "-o", str(tmp_path)]))
    assert f"{tmp_path}: it is a folder" in line and "Errno" not in line
    (tmp_path / "page.html").write_text("")
    line = one_line_error(runner.invoke(main, home + ["report", "--all", "-o", str(tmp_path / "page.html")]))
    assert f"{tmp_path / 'page.html'}: it is a file" in line


def test_validate_prints_an_empty_list(home):
    result = CliRunner().invoke(main, home + ["validate", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_canned_parameters_are_checked_and_typed(home):
    runner = CliRunner()
    line = one_line_error(runner.invoke(main, home + ["query", "agency-tasks", "-p", "agency=民政局",
                                                      "-p", "role=leader"]))
    assert "lead, assist, responsible" in line
    line = one_line_error(runner.invoke(main, home + ["query", "agency-workload", "-p", "limit=-1"]))
    assert "limit" in line and "at least 0" in line  # -p limit=0 means every row, as --limit 0
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
    result = CliRunner().invoke(main, home + ["cypher", "MATCH (t:Task) RETURN t.id LIMIT $n", "-p", "n=3",
                                              "--format", "json"])
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
