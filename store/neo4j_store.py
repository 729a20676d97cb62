"""Neo4j through the official driver: bolt://, neo4j:// (routing) and +s URIs.

Every read and write statement is the shared text of :mod:`policykg.store.cypher`; the
Neo4j-only statements (constraints) live here. Writes run in one managed transaction
(``execute_write``), so transient errors are retried and a document is written whole.

``neo4j-rust-ext`` (a dependency) packs the driver's messages in Rust: the rows of a batch of
100 generated documents take 0.16 s to pack instead of 1.8 s in pure Python, which alone would
hold writes under 20,000 elements/s.
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

from ..graph import schema as s
from .base import Described, Statement, Store, StoreError, WriteNotAllowed, WritePlan, json_rows
from .cypher import SEARCH_GRAMS, STAGED, drop_property

# The driver logs connection failures itself; policykg reports them as one line.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

CONSTRAINTS = [f"CREATE CONSTRAINT policykg_{label.lower()}_id IF NOT EXISTS "
               f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" for label in (*s.NODE_LABELS, STAGED)]
INDEXES = [f"CREATE INDEX policykg_{label.lower()}_policy IF NOT EXISTS FOR (n:{label}) ON (n.policy_id)"
           for label in (*s.OWNED_LABELS, STAGED)] + [
    f"CREATE INDEX policykg_agency_name IF NOT EXISTS FOR (n:{s.AGENCY}) ON (n.name)",
    f"CREATE INDEX policykg_source_number IF NOT EXISTS FOR (n:{s.SOURCE}) ON (n.number)",
    f"CREATE INDEX policykg_source_title IF NOT EXISTS FOR (n:{s.SOURCE}) ON (n.title_key)",
    f"CREATE INDEX policykg_deadline_end IF NOT EXISTS FOR (n:{s.DEADLINE_NODE}) ON (n.end)",
    f"CREATE INDEX policykg_policy_title IF NOT EXISTS FOR (n:{s.POLICY}) ON (n.title_key)",
    f"CREATE INDEX policykg_policy_plan_title IF NOT EXISTS FOR (n:{s.POLICY}) ON (n.plan_title_key)"]
# The full-text indexes of databases written before policykg stopped using them (each write kept
# them up to date), by label: they go, with the property they indexed.
DROPPED = {label: f"policykg_{label.lower()}_search" for label in (s.TASK, s.TARGET)}


def safe_uri(uri: str) -> str:
    """The URI without any password in it, fit to print."""
    parts = urlsplit(uri)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class Neo4jStore(Store):
    name = "neo4j"

    def __init__(self, uri: str, user: str | None, password: str | None, database: str | None = None):
        import neo4j
        from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError

        self.database = database or None
        self.uri = uri
        try:
            self.driver = neo4j.GraphDatabase.driver(uri, auth=(user or "neo4j", password or ""))
            self.bookmarks = neo4j.GraphDatabase.bookmark_manager()  # a read sees this process's writes
            self.driver.verify_connectivity()
        except AuthError:
            raise StoreError(f"Neo4j at {safe_uri(uri)} refused the credentials: check NEO4J_USERNAME and "
                             f"NEO4J_PASSWORD") from None
        except ConfigurationError:  # its message may quote the URI, password included
            raise StoreError(f"NEO4J_URI {safe_uri(uri)} is not a valid Neo4j URI: use bolt://, neo4j:// or "
                             f"their +s forms, with the password in NEO4J_PASSWORD") from None
        except (DriverError, Neo4jError, OSError, ValueError) as error:
            raise StoreError(f"cannot reach Neo4j at {safe_uri(uri)}: is the server running and NEO4J_URI "
                             f"right? ({type(error).__name__})") from None

    def run(self, query: str, params: dict | None = None, write: bool = False):
        import neo4j
        from neo4j.exceptions import Neo4jError

        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        try:
            with self.driver.session(database=self.database, bookmark_manager=self.bookmarks,
                                     default_access_mode=mode) as session:
                def work(tx):
                    result = tx.run(query, params or {})
                    return result.keys(), [list(record.values()) for record in result]
                keys, rows = (session.execute_write if write else session.execute_read)(work)
        except Neo4jError as error:
            if error.code == "Neo.ClientError.Statement.AccessMode":
                raise WriteNotAllowed() from None
            raise StoreError(f"Neo4j: {error.message}") from error
        return list(keys), json_rows(rows, _describe, self._end_ids)

    def _end_ids(self, keys: list[str]) -> dict:
        with self.driver.session(database=self.database, bookmark_manager=self.bookmarks,
                                 default_access_mode="READ") as session:
            result = session.run("MATCH (n) WHERE elementId(n) IN $keys "
                                 "RETURN elementId(n), coalesce(n.id, elementId(n))",
                                 {"keys": keys})
            return {key: nid for key, nid in result}

    def run_atomic(self, statements: list[Statement]) -> None:
        from neo4j.exceptions import Neo4jError

        def work(tx):
            for query, params in statements:
                tx.run(query, params).consume()
        try:
            with self.driver.session(database=self.database, bookmark_manager=self.bookmarks) as session:
                session.execute_write(work)
        except Neo4jError as error:
            raise StoreError(f"Neo4j write failed: {error.message}") from error

    def apply(self, plan: WritePlan) -> None:
        """Stage and commit in one transaction: Neo4j rolls it back whole on any error."""
        self.run_atomic(plan.stage + plan.commit)

    def ensure_schema(self) -> None:
        with self.driver.session(database=self.database, bookmark_manager=self.bookmarks) as session:
            for statement in CONSTRAINTS + INDEXES:
                session.run(statement).consume()
            found = {name for (name,) in session.run("SHOW INDEXES YIELD name RETURN name")}
            for label, name in DROPPED.items():
                if name in found:
                    session.run(f"DROP INDEX {name} IF EXISTS").consume()
                    session.run(drop_property(label, SEARCH_GRAMS)).consume()
        self._count_pairs_once()

    def close(self) -> None:
        self.driver.close()


def _describe(value) -> Described:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return "node", value.element_id, sorted(value.labels), dict(value)
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return ("relationship", value.type, start.element_id if start is not None else None,
                end.element_id if end is not None else None, dict(value))
    if isinstance(value, Path):
        return "path", list(value.nodes), list(value.relationships)
    return None
