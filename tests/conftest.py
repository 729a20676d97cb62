"""Shared fixtures: the seed documents and a real embedded FalkorDB server per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from policykg.loaders import load_path
from policykg.store.falkor import FalkorServer, FalkorStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "documents"
OWN = Path(__file__).resolve().parent / "documents"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def seed_docs():
    return [load_path(p) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="session")
def falkor_server(tmp_path_factory):
    server = FalkorServer(tmp_path_factory.mktemp("falkordb"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def store(falkor_server):
    """An empty embedded store on the session's server."""
    store = FalkorStore(falkor_server.dir.parent, server=falkor_server)
    store.reset()
    store.ensure_schema()
    yield store
    store.reset()
    store.close()
