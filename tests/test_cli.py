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
    assert result.exit_code == 0, result.output
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


def test_unreachable_neo4j_is_one_line_without_password():
    result = CliRunner().invoke(main, ["--store", "neo4j", "--neo4j-uri", "neo4j://127.0.0.1:1",
                                       "--neo4j-password", "s3cret", "stats"])
    assert result.exit_code == 1
    assert "cannot reach Neo4j at neo4j://127.0.0.1:1" in result.stderr
    assert "s3cret" not in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["--store", "neo4j", "--neo4j-uri", "bolt://neo4j:s3cret@127.0.0.1:1", "stats"])
    assert result.exit_code == 1 and "s3cret" not in result.output


def test_agencies_explain_and_export(tmp_path):
    runner = CliRunner()
    home = ["--data-dir", str(tmp_path / "home")]
    assert runner.invoke(main, home + ["load", str(SEEDS)]).exit_code == 0
    result = runner.invoke(main, home + ["agencies", "--explain", "退役军人", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    typo = next(r for r in rows if r["written as"] == "县退役军事务人局")
    assert typo["resolves to"] == "郯城县退役军人事务局" and "typo" in typo["because"]
    listing = json.loads(runner.invoke(main, home + ["agencies", "--jurisdiction", "郯城县",
                                                     "--format", "json"]).stdout)
    hr = next(r for r in listing if r["agency"] == "郯城县人力资源和社会保障局")
    assert sorted(hr["aliases"]) == ["县人力资源和社会保障局", "县人力资源社会保障局"]
    exported = json.loads(runner.invoke(main, home + ["export", "--format", "json"]).stdout)
    stats = json.loads(runner.invoke(main, home + ["stats", "--format", "json"]).stdout)
    assert len(exported["nodes"]) == sum(stats["nodes"].values())
    assert len(exported["edges"]) == sum(stats["edges"].values())
    out = tmp_path / "graph.graphml"
    assert runner.invoke(main, home + ["export", "--format", "graphml", "-o", str(out)]).exit_code == 0
    import networkx as nx
    assert nx.read_graphml(out).number_of_nodes() == len(exported["nodes"])


def test_validate_and_rdf_export(tmp_path):
    from rdflib import Graph

    runner = CliRunner()
    home = ["--data-dir", str(tmp_path / "home")]
    assert runner.invoke(main, home + ["load", str(SEEDS)]).exit_code == 0
    result = runner.invoke(main, home + ["validate"])
    assert result.exit_code == 0 and "no violations" in result.stderr
    turtle = runner.invoke(main, home + ["export", "--format", "ttl", "--base-iri", "https://example.org/"]).stdout
    graph = Graph().parse(data=turtle, format="turtle")
    assert any(str(s).startswith("https://example.org/task/") for s in graph.subjects())


def test_extract_of_a_bad_file_is_one_line_and_fails(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("会议纪要\n今天天气很好，大家讨论了很多问题。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and str(bad) in result.stderr and "no tasks" in result.stderr


def test_load_of_a_folder_skips_bad_files_and_delete_removes_a_document(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00\x00binary")
    good = next(SEEDS.glob("003_*.txt"))
    (folder / good.name).write_bytes(good.read_bytes())
    runner = CliRunner()
    home = ["--data-dir", str(tmp_path / "home")]
    result = runner.invoke(main, home + ["load", str(folder)])
    assert result.exit_code == 1 and "broken.txt" in result.stderr and "loaded 1 document(s)" in result.stderr
    policy = json.loads(runner.invoke(main, home + ["query", "policy-summary", "--format", "json"]).stdout)[0]
    assert runner.invoke(main, home + ["delete", policy["id"]]).exit_code == 0
    assert json.loads(runner.invoke(main, home + ["stats", "--format", "json"]).stdout)["nodes"] == {}
    assert runner.invoke(main, home + ["delete", policy["id"]]).exit_code == 1


def _workload(runner, home, jurisdiction):
    result = runner.invoke(main, home + ["query", "agency-workload", "--param", f"jurisdiction={jurisdiction}",
                                         "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    return {r["agency"]: r["total"] for r in rows}


def _variants(tmp_path, seed_prefix):
    """Copies of a seed as a user meets them: one character edited, GBK, a saved web page, a plain copy."""
    import html

    text = next(SEEDS.glob(f"{seed_prefix}_*.txt")).read_text(encoding="utf-8")
    middle = text.index("。", len(text) // 2)
    variants = {
        "edited.txt": (text[:middle] + "；" + text[middle + 1:]).encode("utf-8"),
        "gbk.txt": text.encode("gb18030"),
        "page.html": ("<html><body>" + "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines())
                      + "</body></html>").encode("utf-8"),
        "copy.txt": text.encode("utf-8"),
    }
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in variants}


def test_an_edited_or_re_encoded_document_replaces_its_previous_version(tmp_path):
    runner = CliRunner()
    home = ["--data-dir", str(tmp_path / "home")]
    original = next(SEEDS.glob("001_*.txt"))  # 包头: no 文号, known by issuer, title and date
    assert runner.invoke(main, home + ["load", str(original)]).exit_code == 0
    before = _workload(runner, home, "包头市")
    variants = _variants(tmp_path, "001")
    for name in ("edited.txt", "gbk.txt", "page.html"):
        result = runner.invoke(main, home + ["load", str(variants[name])])
        assert result.exit_code == 0, result.output
        assert f"replaced: {variants[name]}" in result.stderr
        stats = json.loads(runner.invoke(main, home + ["stats", "--format", "json"]).stdout)
        assert stats["nodes"]["Policy"] == 1, name
        assert _workload(runner, home, "包头市") == before, name


def test_a_numbered_document_edited_replaces_and_a_true_duplicate_is_reported(tmp_path):
    runner = CliRunner()
    home = ["--data-dir", str(tmp_path / "home")]
    variants = _variants(tmp_path, "003")  # 赤府办函〔2020〕62号
    result = runner.invoke(main, home + ["load", str(next(SEEDS.glob("003_*.txt"))), str(variants["copy.txt"])])
    assert result.exit_code == 0, result.output
    assert f"duplicate: {variants['copy.txt']}: same document and content as" in result.stderr
    assert "loaded 1 document(s)" in result.stderr and "1 duplicate(s) skipped" in result.stderr
    result = runner.invoke(main, home + ["load", str(variants["edited.txt"])])
    assert result.exit_code == 0 and "replaced:" in result.stderr
    policies = json.loads(runner.invoke(main, home + ["query", "policy-summary", "--format", "json"]).stdout)
    assert [p["number"] for p in policies] == ["赤府办函〔2020〕62号"]


def test_check_lists_what_reading_left_out_and_load_says_so(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("请各单位抓好落实。（市财政局负责）\n一、任务\n1.建设平台。（市民政局、工作专班负责）\n"
                    "2.开展培训。（市人社局负责）\n1.完善制度。（市审计局负责）\n", "utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(plan), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = [(row["line"], row["kind"]) for row in json.loads(result.stdout)]
    assert found == [(1, "unread-paragraph"), (1, "no-place"), (3, "not-a-unit"), (5, "repeated-number")]
    result = runner.invoke(main, ["--data-dir", str(tmp_path / "home"), "load", str(plan)])
    assert result.exit_code == 0, result.output
    assert (f"note: {plan}: 3 task(s); 1 paragraph(s) that look like they name owners gave no task: line 1; "
            "1 name(s) given as owners are no unit") in result.stderr
    assert "loaded 1 document(s), 3 task(s)" in result.stderr
    stats = json.loads(runner.invoke(main, ["--data-dir", str(tmp_path / "home"), "stats", "--format", "json"]).stdout)
    assert stats["nodes"]["Task"] == 3  # a repeated number is a task of its own, as the summary says


def test_check_of_an_unreadable_file_fails_with_one_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["check", str(empty)])
    assert result.exit_code == 1 and f"{empty}: empty file" in result.stderr


SUBTASKS = """国务院办公厅关于开展乡村养老试点工作的通知
国办发〔2030〕7号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
二、主要任务
（一）强化统筹协调，建立工作机制。明确试点目标。（民政部牵头，国家发展改革委、财政部参与）
优化管理体制，明确部门分工。加强协作配合。（民政部负责）
加强制度创新，完善补助政策。落实有关要求。（财政部、民政部负责）
（二）建设服务设施。（住房城乡建设部负责）
国务院办公厅
2030年1月5日
"""


def test_extract_table_lists_subtasks_with_paths_as_queries_print_them(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(SUBTASKS, "utf-8")
    result = CliRunner().invoke(main, ["extract", str(plan), "--format", "table"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert result.stderr == "4 row(s)\n"  # two tasks, two subtasks of the first
    assert "二 › 一" in result.stdout and "/" not in result.stdout
    for role in ("(lead)", "(assist)", "(responsible)"):
        assert role in result.stdout  # never folded across lines


def test_agencies_explain_shows_how_a_national_body_was_reached(tmp_path):
    text = SUBTASKS.replace("国家发展改革委、财政部", "国家发展改革委、发展改革委")  # both forms written
    (tmp_path / "central.txt").write_text(text, "utf-8")
    runner = CliRunner()
    home = ["--data-dir", str(tmp_path / "home")]
    assert runner.invoke(main, home + ["load", str(tmp_path / "central.txt")]).exit_code == 0
    rows = json.loads(runner.invoke(main, home + ["agencies", "--explain", "发展改革委", "--format", "json"]).stdout)
    assert {row["written as"] for row in rows} == {"发展改革委", "国家发展改革委"}
    for row in rows:
        assert row["resolves to"] == row["agency"] == "国家发展和改革委员会"
        assert "national body" in row["because"] and "category 发改" in row["because"]
