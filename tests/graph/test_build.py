import shutil
from pathlib import Path

from policykg.graph import build_graph, document_graph
from policykg.loaders import load_path

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "documents"


def test_same_content_same_ids_even_renamed(tmp_path):
    original = next(SEEDS.glob("001_*.txt"))
    renamed = tmp_path / "renamed.txt"
    shutil.copy(original, renamed)
    assert set(document_graph(load_path(original))) == set(document_graph(load_path(renamed)))


def test_agencies_and_sources_are_shared(seed_docs):
    g = build_graph(seed_docs)
    agencies = [d["name"] for _, d in g.nodes(data=True) if d["label"] == "Agency"]
    assert len(agencies) == len(set(agencies))
    assert "六安市民政局" in agencies and "包头市民政局" in agencies  # same words, two places
    task_edges = [(k, d) for _, _, k, d in g.edges(keys=True, data=True) if k in ("LEADS", "ASSISTS")]
    assert all(d["line"] and d["file"] and d["span"] for _, d in task_edges)
