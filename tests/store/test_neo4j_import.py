"""The neo4j-admin import files, read back as neo4j-admin reads them."""
import csv
from pathlib import Path

import networkx as nx
from click.testing import CliRunner

from policykg.cli import main
from policykg.graph import build_graph, counts
from policykg.store.neo4j_import import ARRAY_DELIMITER

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "documents"
SPECIAL = ("ID", "LABEL", "START_ID", "END_ID", "TYPE")


def read_import(directory: Path) -> nx.MultiDiGraph:
    def value(text: str, kind: str):
        return {"long": int, "double": float, "boolean": lambda t: t == "true",
                "string[]": lambda t: t.split(ARRAY_DELIMITER)}.get(kind, str)(text)

    graph = nx.MultiDiGraph()
    for path in sorted(directory.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = [(kind if kind in SPECIAL else name, kind)
                      for name, _, kind in (column.rpartition(":") for column in next(reader))]
            for row in reader:
                cells = {key: text for (key, _), text in zip(header, row)}
                props = {key: value(text, kind) for (key, kind), text in zip(header, row)
                         if key not in SPECIAL and text != ""}
                if "ID" in cells:
                    graph.add_node(cells["ID"], label=cells["LABEL"], id=cells["ID"], **props)  # id:ID is property id
                else:
                    graph.add_edge(cells["START_ID"], cells["END_ID"], key=cells["TYPE"], **props)
    return graph


def test_import_files_hold_the_graph(tmp_path, seed_docs):
    runner = CliRunner()
    home = ["--data-dir", str(tmp_path / "home")]
    assert runner.invoke(main, home + ["load", str(SEEDS)]).exit_code == 0
    result = runner.invoke(main, home + ["export", "--format", "neo4j-import", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("neo4j-admin database import full neo4j")
    assert "--nodes=" in result.stdout and "--relationships=" in result.stdout
    imported = read_import(tmp_path / "csv")
    expected = build_graph(seed_docs)
    found = counts(imported)
    pairs = found["edges"].pop("SHARES_TASKS")  # kept for co-responsibility: Neo4j starts with them
    assert found == counts(expected) and pairs > 100
    ids = {d.get("name"): n for n, d in expected.nodes(data=True)}
    civil, finance = sorted([ids["郯城县民政局"], ids["郯城县财政局"]])
    assert imported.edges[civil, finance, "SHARES_TASKS"]["tasks"] == 10
    agency = next(n for n, d in expected.nodes(data=True) if d.get("name") == "包头市民政局")
    assert imported.nodes[agency]["aliases"] == expected.nodes[agency]["aliases"]
    assert (imported.nodes[agency]["n_led"], imported.nodes[agency]["n_assisted"]) == (22, 1)
    task = next(n for n, d in expected.nodes(data=True) if d["label"] == "Task")
    assert {k: v for k, v in imported.nodes[task].items() if k in expected.nodes[task]} == expected.nodes[task]


def test_neo4j_import_needs_a_directory(tmp_path):
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "export", "--format", "neo4j-import"])
    assert result.exit_code == 2 and "DIRECTORY" in result.output
