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


@pytest.fixture
def citing_liuan() -> str:
    """A short county plan (two tasks) that cites the 六安 seed document by 文号 and title."""
    return """舒城县人民政府办公室关于印发舒城县养老服务工作方案的通知
舒政办〔2023〕5号
根据《六安市健全基本养老服务体系促进养老服务高质量发展行动计划(2021-2023年)任务清单》（六政办〔2022〕8号）要求，制定本方案。
一、重点任务
1.建设县级养老服务平台。(牵头单位:县民政局)
2.培训养老护理员。(牵头单位:县人社局)
"""


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
