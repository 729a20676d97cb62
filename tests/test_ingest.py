"""Loading many files: worker processes parse, one writer writes in batches."""
import gc
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg import ingest
from policykg.cli import main
from policykg.graph import build_graph, counts
from policykg.ingest import discover, load_files, parse_files
from policykg.store import StoreError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "documents"
LIMIT = 240  # seconds a command may take on a busy machine


def test_workers_give_the_files_in_order_with_their_errors(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    files = sorted(SEEDS.glob("*.txt"))
    files.insert(2, tmp_path / "empty.txt")
    parsed = list(parse_files(files, jobs=2))
    assert [p.path for p in parsed] == files
    assert "empty.txt: empty file" in parsed[2].error
    assert all(p.prepared.graph.number_of_nodes() for i, p in enumerate(parsed) if i != 2)  # read again


def test_a_file_changed_after_parsing_is_not_written_from_its_new_text(store, tmp_path):
    """A worker's document travels without its graph; the writer reads the file again only to
    replace a stored version, and refuses when the file changed since it was parsed."""
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    copies = [tmp_path / path.name for path in seeds]
    for seed, copy in zip(seeds, copies, strict=True):
        copy.write_bytes(seed.read_bytes())
    parsed = list(parse_files(copies, jobs=2))
    copies[0].write_text(copies[0].read_text("utf-8") + "\n附件：另一份清单\n", "utf-8")
    with pytest.raises(StoreError, match="changed while it was loaded"):
        parsed[0].prepared.graph.number_of_nodes()
    assert parsed[1].prepared.graph.number_of_nodes()
    copies[1].unlink()
    assert store.write_prepared([p.prepared for p in parsed]) == {}  # new documents need no graph
    assert store.write_prepared([parsed[0].prepared]).keys() == {parsed[0].policy_id}  # a replacement does


def test_small_batches_load_the_graph_once_and_report_each_bad_file(store, seed_docs, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    lines = []
    files = [*sorted(SEEDS.glob("*.txt")), tmp_path / "empty.txt", tmp_path / "missing.txt"]
    summary = load_files(store, files, jobs=2, batch_docs=2, report=lines.append)
    assert (summary.loaded, summary.failed, summary.tasks) == (5, 2, sum(len(d.tasks) for d in seed_docs))
    errors = [line for line in lines if not line.startswith("note:")]  # notes say what reading left out
    assert len(errors) == 2 and "empty.txt" in errors[0] and "missing.txt" in errors[1]
    assert store.counts() == counts(build_graph(seed_docs))


def test_a_load_collects_garbage_less_often_and_gives_the_caller_its_own_setting_back(store, tmp_path):
    """A program that loads through policykg keeps its own collector threshold once the load is done."""
    (tmp_path / "empty.txt").write_bytes(b"")
    during = []
    mine = (1234, 5, 6)
    before = gc.get_threshold()
    gc.set_threshold(*mine)
    try:
        load_files(store, [tmp_path / "empty.txt"], jobs=1, report=lambda line: during.append(gc.get_threshold()))
        assert during == [(ingest.YOUNG_COLLECTION, 5, 6)]
        assert gc.get_threshold() == mine
    finally:
        gc.set_threshold(*before)


def test_files_loaded_before_are_not_parsed_again(store, seed_docs, monkeypatch):
    files = sorted(SEEDS.glob("*.txt"))
    first = load_files(store, files, jobs=1)
    assert first.loaded == 5

    def parse_file(path):
        raise AssertionError(f"{path} was parsed again")

    monkeypatch.setattr(ingest, "parse_file", parse_file)
    lines = []
    again = load_files(store, files, jobs=1, report=lines.append)
    assert (again.loaded, again.unchanged, again.failed, lines) == (0, 5, 0, [])
    assert again.line() == "loaded 0 document(s), 0 task(s); 5 unchanged"
    assert store.counts() == counts(build_graph(seed_docs))


def test_two_versions_of_one_document_in_one_load_store_one_and_say_which_is_kept(tmp_path):
    original = next(SEEDS.glob("003_*.txt"))  # 赤府办函〔2020〕62号
    text = original.read_text("utf-8")
    middle = text.index("。", len(text) // 2)
    (tmp_path / "a.txt").write_text(text, "utf-8")
    (tmp_path / "b.txt").write_text(text[:middle] + "；" + text[middle + 1:], "utf-8")
    runner = CliRunner()
    home = ["--data-dir", str(tmp_path / "home")]
    result = runner.invoke(main, home + ["load", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert result.exit_code == 0, result.output
    assert f"replaced: {tmp_path / 'b.txt'}: same document as {tmp_path / 'a.txt'}, other content; " \
           f"kept {tmp_path / 'b.txt'}" in result.stderr
    assert re.search(r"^loaded 1 document\(s\), \d+ task\(s\)$", result.stderr, re.M), result.stderr
    stats = json.loads(runner.invoke(main, home + ["stats", "--format", "json"]).stdout)
    assert stats["nodes"]["Policy"] == 1


def _folder_with_other_files(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "plan.txt").write_bytes(next(SEEDS.glob("003_*.txt")).read_bytes())
    (folder / "README.md").write_text("# 文件说明\n\n本目录收存政策文件，供开发使用。\n\n| 文件 | 文号 |\n|---|---|\n"
                                      "| plan.txt | 某政办〔2020〕1号 |\n", "utf-8")
    (folder / "notes.txt").write_text("Notes on the documents in this folder.\nNothing here is policy text.\n", "utf-8")
    return folder


def test_a_folder_skips_files_that_are_no_chinese_policy_text(tmp_path):
    folder = _folder_with_other_files(tmp_path)
    lines = []
    assert discover([folder], lines.append) == [folder / "plan.txt"]
    assert lines == [f"skipped: {folder / 'README.md'}: a Markdown page, not a policy document "
                     "(name the file to load it anyway)",
                     f"skipped: {folder / 'notes.txt'}: no Chinese text (not a policy document)"]
    runner = CliRunner()
    home = ["--data-dir", str(tmp_path / "home")]
    result = runner.invoke(main, home + ["load", str(folder)])
    assert result.exit_code == 0, result.output
    assert "error" not in result.stderr and "loaded 1 document(s)" in result.stderr
    named = runner.invoke(main, home + ["load", str(folder / "notes.txt")])  # named on its own: an error
    assert named.exit_code == 1 and f"error: {folder / 'notes.txt'}: cannot decode" in named.stderr


def _generated(folder: Path, docs: int) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    generate(docs, folder, seed=5)
    return folder


def _policies(home: Path) -> int:
    result = subprocess.run([sys.executable, "-m", "policykg.cli", "--data-dir", str(home), "stats", "--format",
                             "json"], capture_output=True, text=True, timeout=LIMIT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["nodes"].get("Policy", 0)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_load_says_how_far_it_got_in_one_line(tmp_path, signum):
    """Ctrl-C reaches the loader and its parsing workers (one process group); SIGTERM the loader alone."""
    corpus = _generated(tmp_path / "corpus", 600)
    home = tmp_path / "home"
    load = subprocess.Popen([sys.executable, "-m", "policykg.cli", "--data-dir", str(home), "load", "--jobs", "2",
                             "--batch-docs", "10", str(corpus)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    aof = home / "falkordb" / "appendonlydir"
    deadline = time.monotonic() + LIMIT
    # several batches of 10 written (one is about 250 kB of log): the one being written when the signal
    # comes is undone, the others stay
    while load.poll() is None and sum(f.stat().st_size for f in aof.glob("*.aof*")) < 1_500_000:
        assert time.monotonic() < deadline, "the load wrote nothing"
        time.sleep(0.05)
    if signum == signal.SIGINT:
        os.killpg(load.pid, signum)  # what a terminal does on Ctrl-C: the whole process group
    else:
        load.send_signal(signum)
    _, err = load.communicate(timeout=LIMIT)
    assert load.returncode == 128 + signum, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err and "Aborted" not in err, err
    match = re.fullmatch(r"interrupted: (\d+) document\(s\) stored, (\d+) not loaded; "
                         r"run the same load again to finish\n", err)
    assert match, err
    stored, left = map(int, match.groups())
    assert stored == _policies(home) and stored > 0 and left > 0 and stored + left == 600
    again = subprocess.run([sys.executable, "-m", "policykg.cli", "--data-dir", str(home), "load", str(corpus)],
                           capture_output=True, text=True, timeout=LIMIT)
    assert again.returncode == 0, again.stderr
    assert f"; {stored} unchanged" in again.stderr and _policies(home) == 600

