"""Several `policykg` processes on one data dir: one shared server, nothing lost, nothing left running.

Every test runs the real command in real processes, each bounded in time.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policykg.graph import build_graph, counts
from policykg.loaders import load_path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "documents"
OWN = ROOT / "tests" / "documents"
LIMIT = 240  # seconds any one command may take on a busy machine
# A load that writes one document per round trip from one parsing process: it lasts long enough to
# be watched, queried or signalled while it runs (a batched load of the corpus takes well under a second).
SLOW_LOAD = ("load", "--batch-docs", "1", "--jobs", "1")


def command() -> list[str]:
    script = Path(sys.executable).with_name("policykg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "policykg.cli"]


def start(home: Path, *args: str, idle: float = 0) -> subprocess.Popen:
    """The command, its server left running ``idle`` seconds after it (0: stopped at exit)."""
    return subprocess.Popen([*command(), "--data-dir", str(home), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "POLICYKG_SERVER_IDLE": str(idle)})


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=LIMIT)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"{process.args} did not finish in {LIMIT}s: {err}")
    return process.returncode, out, err


def policykg(home: Path, *args: str) -> tuple[int, str, str]:
    return finish(start(home, *args))


def stored(home: Path) -> dict:
    code, out, err = policykg(home, "stats", "--format", "json")
    assert code == 0, err
    return json.loads(out)


def rows(home: Path, *args: str) -> list[dict]:
    """The JSON rows of a reading command; none while a load just started has not made its store yet
    (a reading command never makes one: `no store at DIR`)."""
    code, out, err = policykg(home, *args, "--format", "json")
    if code != 0 and err.startswith("Error: no store at"):
        return []
    assert code == 0, err
    return json.loads(out)


def policies(home: Path) -> set[str]:
    return {row["id"] for row in rows(home, "cypher", "MATCH (p:Policy) RETURN p.id AS id")}


def servers(home: Path) -> list[int]:
    """PIDs of the redis-servers serving this data dir (their command line names its socket)."""
    socket = str((home / "falkordb" / "falkordb.sock").resolve())
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if "redis-server" in line and socket in line and state != "Z":
                found.append(int(entry.name))
    return found


def no_server_left(home: Path, within: float = 30.0) -> bool:
    deadline = time.monotonic() + within
    while servers(home) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not servers(home)


def expected(folders: list[Path]) -> dict:
    return counts(build_graph([load_path(p) for folder in folders for p in sorted(folder.glob("*.txt"))]))


def watch(processes: list[subprocess.Popen], home: Path) -> int:
    """Wait for the processes while counting the servers on the data dir; the most seen at once."""
    most = 0
    deadline = time.monotonic() + LIMIT
    while any(p.poll() is None for p in processes) and time.monotonic() < deadline:
        most = max(most, len(servers(home)))
        time.sleep(0.05)
    return most


@pytest.fixture
def corpus(tmp_path):
    """Generated documents (one per policy id), enough for a load that lasts a few seconds."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    folder = tmp_path / "corpus"
    seen = set()
    for path in generate(60, folder, seed=12):
        pid = load_path(path).policy.id
        if pid in seen:
            path.unlink()
        seen.add(pid)
    return folder


def test_two_loads_at_once_share_one_server_and_both_load(tmp_path):
    home = tmp_path / "home"
    loads = [start(home, "load", str(SEEDS)), start(home, "load", str(OWN))]
    most = watch(loads, home)
    results = [finish(p) for p in loads]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    assert most == 1
    assert stored(home) == expected([SEEDS, OWN])
    assert no_server_left(home)


def test_two_loads_of_the_same_documents_at_once(tmp_path):
    home = tmp_path / "home"
    loads = [start(home, "load", str(SEEDS)), start(home, "load", str(SEEDS))]
    assert watch(loads, home) == 1
    assert [finish(p)[0] for p in loads] == [0, 0]
    assert stored(home) == expected([SEEDS])
    assert no_server_left(home)


def test_queries_during_a_load_see_whole_documents(tmp_path, corpus):
    home = tmp_path / "home"
    load = start(home, *SLOW_LOAD, str(corpus))
    seen = []
    while load.poll() is None:
        seen.append({row["id"]: row["tasks"] for row in rows(home, "query", "policy-summary")})
    assert finish(load)[0] == 0
    tasks = {d.policy.id: len(d.tasks) for d in map(load_path, sorted(corpus.glob("*.txt")))}
    assert len(seen) >= 2
    for summary in seen:  # every policy a query saw was complete, and none went away later
        assert all(tasks[pid] == count for pid, count in summary.items())
    assert all(set(a) <= set(b) for a, b in zip(seen, seen[1:]))
    assert stored(home) == expected([corpus])
    assert no_server_left(home)


def _wait_for(condition, what: str, within: float = LIMIT) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_a_load_killed_while_another_uses_the_server_loses_nothing(tmp_path, corpus):
    home = tmp_path / "home"
    first = start(home, *SLOW_LOAD, str(corpus))
    _wait_for(lambda: len(policies(home)) >= 3 or first.poll() is not None, "the first load to write")
    second = start(home, "load", str(SEEDS), str(OWN))
    _wait_for(lambda: _users(home) >= 2 or second.poll() is not None, "the second load to use the server")
    assert second.poll() is None and first.poll() is None
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=LIMIT)
    code, _, err = finish(second)
    assert code == 0, err
    assert no_server_left(home)  # the second load, the last user, stopped the server the first started
    present = policies(home)
    docs = [load_path(p) for folder in (corpus, SEEDS, OWN) for p in sorted(folder.glob("*.txt"))]
    assert present <= {d.policy.id for d in docs}
    assert {load_path(p).policy.id for folder in (SEEDS, OWN) for p in folder.glob("*.txt")} <= present
    # what the killed load wrote is whole: the store holds exactly those documents' graphs
    assert stored(home) == counts(build_graph([d for d in docs if d.policy.id in present]))
    assert policykg(home, "load", str(corpus))[0] == 0
    assert stored(home) == expected([corpus, SEEDS, OWN])
    assert no_server_left(home)


def _users(home: Path) -> int:
    """How many processes have the data dir's users lock open (each holds it while it uses the server)."""
    lock = str(home / "falkordb" / "users.lock")
    holders = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                holders += any(os.readlink(fd) == lock for fd in (entry / "fd").iterdir())
            except OSError:
                continue
    return holders


def test_a_killed_lock_holder_and_a_stale_server_record_are_handled(tmp_path):
    home = tmp_path / "home"
    falkordb = home / "falkordb"
    falkordb.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(falkordb / 'control.lock')!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX); os.write(fd, str(os.getpid()).encode())\n"
        "print('held', flush=True); time.sleep(600)\n")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (falkordb / "server.json").write_text(json.dumps({"pid": dead.pid, "socket": "x"}))
    (falkordb / "falkordb.sock").write_text("")  # a socket file left behind
    holder.send_signal(signal.SIGKILL)  # dies holding the lock, its PID still in the file
    holder.wait(timeout=LIMIT)
    started = time.monotonic()
    code, _, err = policykg(home, "load", str(SEEDS))
    assert code == 0, err
    assert time.monotonic() - started < LIMIT
    assert stored(home) == expected([SEEDS])
    assert no_server_left(home)


def test_a_server_left_by_a_killed_load_is_reused_then_stopped(tmp_path, corpus):
    home = tmp_path / "home"
    load = start(home, *SLOW_LOAD, str(corpus))
    _wait_for(lambda: policies(home) or load.poll() is not None, "the load to write")
    assert load.poll() is None
    left = servers(home)
    load.send_signal(signal.SIGKILL)
    load.wait(timeout=LIMIT)
    assert servers(home) == left and len(left) == 1  # kill -9 cannot stop it: it is left running
    again = start(home, "load", str(corpus))
    assert watch([again], home) == 1  # reuses that server, never a second one …
    assert finish(again)[0] == 0
    assert no_server_left(home)  # … and, as its last user, stops it
    assert stored(home) == expected([corpus])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signalled_load_stops_its_server_and_keeps_what_it_loaded(tmp_path, corpus, signum):
    home = tmp_path / "home"
    load = start(home, *SLOW_LOAD, str(corpus))
    _wait_for(lambda: len(policies(home)) >= 2 or load.poll() is not None, "the load to write")
    load.send_signal(signum)
    code, _, err = finish(load)
    assert code != 0 and "Traceback" not in err, err
    assert no_server_left(home)
    present = policies(home)
    docs = [load_path(p) for p in sorted(corpus.glob("*.txt"))]
    assert len(present) >= 2
    assert stored(home) == counts(build_graph([d for d in docs if d.policy.id in present]))
