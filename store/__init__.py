"""Stores: where the graph lives. ``open_store`` picks the embedded default or Neo4j."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .base import Store, StoreError, WriteNotAllowed, write_plan

__all__ = ["Store", "StoreError", "WriteNotAllowed", "open_store", "write_plan"]


def open_store(kind: str, data_dir: str | Path, uri: str | None = None, user: str | None = None,
               password: str | None = None, database: str | None = None, idle: float = 0.0,
               notify: Callable[[str], None] | None = None) -> Store:
    """Open (and for the embedded store, start) the store; its schema is ensured.

    The embedded store's server stays up ``idle`` seconds after its last user closes it (0: it
    stops then); ``notify`` is told when a close leaves it running."""
    if kind == "neo4j":
        if not uri:
            raise StoreError("--store neo4j needs NEO4J_URI (or --neo4j-uri)")
        from .neo4j_store import Neo4jStore

        store: Store = Neo4jStore(uri, user, password, database)
    else:
        from .falkor import FalkorStore

        store = FalkorStore(data_dir, idle=idle, notify=notify)
    store.ensure_schema()
    return store
