"""The embedded server a command leaves running for the next one (``--server-idle``), seen as a
user sees it: real `policykg` processes, a real server, each command bounded in time."""
from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_shared_server as shared  # noqa: E402  (its helpers run real commands)

from test_shared_server import (LIMIT, SEEDS, SLOW_LOAD, _users, _wait_for, finish,  # noqa: E402
                                no_server_left, servers, start)

corpus = shared.corpus


def run(home: Path, idle: float, *args: str) -> tuple[int, str, str]:
    return finish(start(home, *args, idle=idle))


def watcher(home: Path) -> int | None:
    try:
        return json.loads((home / "falkordb" / "server.json").read_text()).get("watcher")
    except OSError:
        return None


def alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_next_command_uses_the_server_the_first_left_and_server_stop_ends_it(tmp_path):
    home = tmp_path / "home"
    code, _, err = run(home, 120, "load", str(SEEDS))
    assert code == 0, err
    assert "stays up 2 min" in err and "policykg server stop" in err
    left = servers(home)
    assert len(left) == 1
    code, out, err = run(home, 120, "query", "agency-workload", "--format", "json")
    assert code == 0, err
    assert json.loads(out) and servers(home) == left  # answered by the same server, no second one
    code, out, _ = run(home, 120, "server", "status")
    assert code == 0 and f"pid {left[0]}" in out and "idle: stops at" in out
    guard = watcher(home)
    assert alive(guard)
    code, _, err = run(home, 120, "server", "stop")
    assert code == 0 and f"stopped the embedded server (pid {left[0]})" in err
    assert no_server_left(home, within=5)
    _wait_for(lambda: not alive(guard), "the watcher to leave", within=10)
    code, out, _ = run(home, 120, "server", "status")
    assert code == 0 and "no embedded server runs" in out


def test_the_server_stops_by_itself_after_its_idle_time(tmp_path):
    home = tmp_path / "home"
    code, _, err = run(home, 3, "load", str(SEEDS))
    assert code == 0 and "stays up 3 s" in err, err
    assert len(servers(home)) == 1
    guard = watcher(home)
    assert no_server_left(home, within=60)
    _wait_for(lambda: not alive(guard), "the watcher to leave", within=10)
    code, out, err = run(home, 0, "stats", "--format", "json")  # the store opens again, every document there
    assert code == 0, err
    assert json.loads(out)["nodes"]["Policy"] == len(list(SEEDS.glob("*.txt")))
    assert "stays up" not in err and no_server_left(home, within=5)  # --server-idle 0: stopped at exit


def test_server_stop_waits_for_a_command_using_the_server(tmp_path, corpus):
    home = tmp_path / "home"
    load = start(home, *SLOW_LOAD, str(corpus), idle=60)
    _wait_for(lambda: _users(home) >= 1 or load.poll() is not None, "the load to use the server")
    if load.poll() is None:
        code, _, err = run(home, 60, "server", "stop")
        assert code == 1 and "in use by a policykg command" in err, err
    assert finish(load)[0] == 0
    assert len(servers(home)) == 1
    assert run(home, 60, "server", "stop")[0] == 0
    assert no_server_left(home, within=5)


def test_a_killed_watcher_is_replaced_by_the_next_command(tmp_path):
    home = tmp_path / "home"
    assert run(home, 60, "load", str(SEEDS))[0] == 0
    first = watcher(home)
    os.kill(first, signal.SIGKILL)
    _wait_for(lambda: not alive(first), "the watcher to die", within=10)
    assert run(home, 2, "stats")[0] == 0
    assert alive(watcher(home)) and watcher(home) != first
    assert no_server_left(home, within=LIMIT)  # the new watcher stops the server after 2 s


def _indexed_properties(home: Path) -> set[str]:
    """The indexed properties the snapshot gives a freshly started server, before any store opens it."""
    from policykg.store import wire
    from policykg.store.falkor import GRAPH, FalkorServer

    server = FalkorServer(home)
    server.start()
    try:
        connection = wire.Connection(str(server.socket))
        try:
            _, rows = wire.Graph(connection, GRAPH).query("CALL db.indexes() YIELD properties RETURN properties")
        finally:
            connection.close()
    finally:
        server.stop()
    return {prop for props, in rows for prop in props}


def test_a_stopped_server_leaves_a_snapshot_without_indexes_and_the_next_start_builds_them(tmp_path):
    """FalkorDB builds every index of its snapshot before it answers; one created after the start
    is built in the background. A stopped server leaves none: a question after the next start
    scans meanwhile, and a write waits for them."""
    home = tmp_path / "home"
    seeds = sorted(SEEDS.glob("*.txt"))
    assert run(home, 60, "load", *map(str, seeds[:3]))[0] == 0
    assert run(home, 60, "server", "stop")[0] == 0
    assert _indexed_properties(home) == set()
    code, out, err = run(home, 60, "query", "search-tasks", "-p", "keyword=养老", "--format", "json")
    assert code == 0 and json.loads(out), err  # answered while the indexes are built
    code, out, err = run(home, 60, "load", *map(str, seeds[3:]))
    assert code == 0 and "loaded 2 document(s)" in err, err
    code, out, err = run(home, 60, "stats", "--format", "json")
    assert code == 0 and json.loads(out)["nodes"]["Policy"] == 5, out
    assert run(home, 0, "server", "stop")[0] == 0


def test_server_commands_are_for_the_embedded_store_only(tmp_path):
    from click.testing import CliRunner

    from policykg.cli import main

    result = CliRunner().invoke(main, ["--store", "neo4j", "--data-dir", str(tmp_path), "server", "status"])
    assert result.exit_code == 1 and "only the embedded store has a server" in result.output
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "server", "stop"])
    assert result.exit_code == 0 and "no embedded server runs" in result.output
