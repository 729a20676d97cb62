"""Loading many files: worker processes parse, one writer writes in batches."""
from pathlib import Path

from policykg.graph import build_graph, counts
from policykg.ingest import load_files, parse_files

SEEDS = Path(__file__).resolve().parents[0].parent / "examples" / "documents"


def test_workers_give_the_files_in_order_with_their_errors(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    files = sorted(SEEDS.glob("*.txt"))
    files.insert(2, tmp_path / "empty.txt")
    parsed = list(parse_files(files, jobs=2))
    assert [p.path for p in parsed] == files
    assert "empty.txt: empty file" in parsed[2].error
    assert all(p.graph is not None for i, p in enumerate(parsed) if i != 2)


def test_small_batches_load_the_graph_once_and_report_each_bad_file(store, seed_docs, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    lines = []
    files = [*sorted(SEEDS.glob("*.txt")), tmp_path / "empty.txt", tmp_path / "missing.txt"]
    summary = load_files(store, files, jobs=2, batch_docs=2, report=lines.append)
    assert (summary.loaded, summary.failed, summary.tasks) == (5, 2, sum(len(d.tasks) for d in seed_docs))
    errors = [line for line in lines if not line.startswith("note:")]  # notes say what reading left out
    assert len(errors) == 2 and "empty.txt" in errors[0] and "missing.txt" in errors[1]
    assert store.counts() == counts(build_graph(seed_docs))
