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


CITING_BY_TITLE = """某县人民政府办公室关于印发某县养老服务工作方案的通知
某政办〔2024〕3号
为落实{titles}，制定本方案。
一、重点任务
1.建设县级养老服务平台。(牵头单位:县民政局)
"""


@pytest.fixture(scope="session")
def citing_by_title():
    """A short county plan (text) that cites the given documents by 《title》 alone."""
    return lambda *titles: CITING_BY_TITLE.format(titles="和".join(f"《{t}》" for t in titles))


@pytest.fixture(scope="session")
def seed_titles(seed_docs):
    """Titles to cite, read from the seeds: 六安's plan (its notice issues it) and 包头's own title."""
    liuan = next(d for d in seed_docs if d.policy.jurisdiction == "六安市")
    baotou = next(d for d in seed_docs if d.policy.jurisdiction == "包头市")
    return {"六安": liuan.policy.title.split("《", 1)[1].rsplit("》", 1)[0], "包头": baotou.policy.title}


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
