"""A very large document (a generated plan of 10,000 tasks) is stored, and the store still opens
and empties afterwards, even when its server was killed before it could compact its files."""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from policykg.graph import document_graph
from policykg.loaders import load_path
from policykg.store.falkor import FalkorServer, FalkorStore

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from big_document import big_document  # noqa: E402

TASKS = 10_000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """The plan's file and its parsed document (about 5 MB of text)."""
    path = tmp_path_factory.mktemp("big") / "big.txt"
    path.write_text(big_document(TASKS), encoding="utf-8")
    return path, load_path(path)


def test_a_store_killed_after_a_huge_write_opens_with_the_document_whole(tmp_path, big):
    """Replaying the append-only file of a huge write used to crash FalkorDB at the next start
    (``'!server.in_exec' is not true`` while policykg asked whether it was up), or take minutes
    (indexes created in the same file are not used during the replay)."""
    _, doc = big
    server = FalkorServer(tmp_path)
    store = FalkorStore(tmp_path, server=server)
    store.ensure_schema()
    store.write_document(document_graph(doc), doc.policy.id)
    expected = store.counts()
    assert expected["nodes"]["Task"] == len(doc.all_tasks()) > TASKS
    os.kill(server.process.pid, signal.SIGKILL)  # the server dies before any compaction
    server.process.wait()
    store.close()
    server.stop()  # this process's use of the dead server ends
    with FalkorStore(tmp_path) as again:
        assert again.counts() == expected
        again.reset()
        assert again.counts()["nodes"] == {}
    with FalkorStore(tmp_path) as emptied:
        assert emptied.counts()["nodes"] == {}


def test_load_then_every_command_works(tmp_path, big):
    from policykg.cli import main
    from click.testing import CliRunner

    path, doc = big
    home = ["--data-dir", str(tmp_path / "home"), "--server-idle", "0"]
    runner = CliRunner()
    result = runner.invoke(main, [*home, "load", str(path)])
    assert result.exit_code == 0, result.output
    assert f"loaded 1 document(s), {len(doc.all_tasks())} task(s)" in result.stderr
    result = runner.invoke(main, [*home, "query", "policy-summary", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert f'"tasks": {len(doc.all_tasks())}' in result.stdout
    result = runner.invoke(main, [*home, "reset", "--yes"])
    assert result.exit_code == 0 and "store emptied" in result.stderr, result.output
    result = runner.invoke(main, [*home, "stats", "--format", "json"])
    assert result.exit_code == 0 and '"nodes": {}' in result.stdout, result.output
