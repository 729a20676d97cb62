"""How fast and how big: parse, graph build, store load, canned queries, memory.

    python bench/run.py --docs 1000 [--store embedded|neo4j]

Prints a Markdown report: each figure beside its target and, where the issue asks, against a
baseline measured in the same run (a single re.finditer pass for parsing, a naive
one-statement-per-element writer for loading). Neo4j runs when NEO4J_URI is set.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from policykg import queries  # noqa: E402
from policykg.graph import document_graph  # noqa: E402
from policykg.loaders import load_path  # noqa: E402
from policykg.store import open_store  # noqa: E402

BRACKET = re.compile(r"[（(](?:牵头单位|责任单位)[:：][^）)]*[)）]")


def rate(count: float, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return (f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.processor() or platform.machine()}, "
            f"Python {platform.python_version()}, {datetime.now(timezone.utc):%Y-%m-%d}")


def bench_parse(paths: list[Path]) -> tuple[list, dict]:
    size = sum(p.stat().st_size for p in paths)
    start = time.perf_counter()
    docs = [load_path(p) for p in paths]
    parse = time.perf_counter() - start
    start = time.perf_counter()
    matches = 0
    for path in paths:
        matches += sum(1 for _ in BRACKET.finditer(path.read_bytes().decode("utf-8")))
    baseline = time.perf_counter() - start
    return docs, {"docs/s": rate(len(paths), parse), "MB/s": rate(size / 1e6, parse),
                  "baseline MB/s": rate(size / 1e6, baseline), "ratio": parse / baseline, "size": size}


def bench_build(docs: list) -> tuple[list, dict]:
    start = time.perf_counter()
    graphs = [document_graph(d) for d in docs]
    seconds = time.perf_counter() - start
    elements = sum(g.number_of_nodes() + g.number_of_edges() for g in graphs)
    return graphs, {"elements": elements, "elements/s": rate(elements, seconds)}


def naive_load(store, graphs: list) -> float:
    """One statement per node and per edge: the writer policykg's batches are measured against."""
    start = time.perf_counter()
    for g in graphs:
        for nid, data in g.nodes(data=True):
            props = {k: v for k, v in data.items() if k != "label"}
            store.run(f"MERGE (n:{data['label']} {{id: $id}}) SET n += $props", {"id": nid, "props": props},
                      write=True)
        for u, v, key, data in g.edges(keys=True, data=True):
            store.run(f"MATCH (a:{g.nodes[u]['label']} {{id: $u}}) MATCH (b:{g.nodes[v]['label']} {{id: $v}}) "
                      f"CREATE (a)-[r:{key}]->(b) SET r += $props", {"u": u, "v": v, "props": dict(data)},
                      write=True)
    return time.perf_counter() - start


def bench_load(kind: str, docs: list, graphs: list, data_dir: Path, naive_docs: int, batch_size: int) -> dict:
    env = os.environ
    connect = dict(uri=env.get("NEO4J_URI"), user=env.get("NEO4J_USERNAME"), password=env.get("NEO4J_PASSWORD"),
                   database=env.get("NEO4J_DATABASE"))
    store = open_store(kind, data_dir / "batched", **connect)
    store.reset()
    start = time.perf_counter()
    for doc, graph in zip(docs, graphs):
        store.write_document(graph, doc.policy.id, batch_size)
    seconds = time.perf_counter() - start
    elements = sum(g.number_of_nodes() + g.number_of_edges() for g in graphs)
    result = {"elements/s": rate(elements, seconds), "seconds": seconds, "store": store}
    sample = graphs[:naive_docs]
    naive_store = open_store(kind, data_dir / "naive", **connect) if kind == "embedded" else store
    if kind == "neo4j":
        store.reset()
    naive_elements = sum(g.number_of_nodes() + g.number_of_edges() for g in sample)
    naive = rate(naive_elements, naive_load(naive_store, sample))
    if kind == "embedded":
        naive_store.close()
    else:  # the naive writer shared the server: load the real corpus again for the queries
        store.reset()
        for doc, graph in zip(docs, graphs):
            store.write_document(graph, doc.policy.id, batch_size)
    result.update({"naive elements/s": naive, "ratio": result["elements/s"] / naive})
    return result


def query_params(docs: list, rng: random.Random) -> dict[str, list[dict]]:
    """Realistic parameters drawn from the loaded corpus."""
    agencies = [a for d in docs for t in d.tasks for a in t.agencies]
    places = sorted({d.policy.jurisdiction for d in docs if d.policy.jurisdiction})
    numbers = [c.number for d in docs for c in d.citations if c.number]
    policies = [d.policy.number for d in docs if d.policy.number]
    words = ["助餐", "护理型床位", "家庭养老床位", "智慧养老", "长期护理保险"]
    samples = {
        "agency-tasks": lambda: {"agency": rng.choice(agencies).raw, "jurisdiction": rng.choice(places)},
        "agency-workload": lambda: {"jurisdiction": rng.choice(places)},
        "agencies": lambda: {"jurisdiction": rng.choice(places)},
        "task-owners": lambda: {"task": rng.choice(words)},
        "policy-lineage": lambda: {"policy": rng.choice(policies)},
        "cited-by": lambda: {"source": rng.choice(numbers)},
        "deadlines": lambda: {"due_from": "2024-01-01", "due_to": "2024-12-31", "jurisdiction": rng.choice(places)},
        "targets": lambda: {"metric": rng.choice(["护理型床位", "覆盖率", "助餐"])},
        "co-responsibility": lambda: {"agency": rng.choice(agencies).name},
        "tasks-without-lead": lambda: {"jurisdiction": rng.choice(places)},
        "policy-summary": lambda: {"policy": rng.choice(policies)},
        "shared-sources": lambda: {"min_policies": "2"},
        "function-compare": lambda: {"category": rng.choice(["民政", "财政", "卫生健康"])},
        "search-tasks": lambda: {"keyword": rng.choice(words)},
    }
    return samples


def _peak_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a live process, 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for t in Path(f"/proc/{pid}/task").iterdir()
                for c in (t / "children").read_text().split()]
    except OSError:
        return []


def bench_cli_load(paths: list[Path], data_dir: Path) -> dict:
    """`policykg load` of the corpus as a user runs it: wall time, and the peak memory of the
    policykg process and of the FalkorDB server it starts, sampled until they exit."""
    import subprocess

    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "policykg.cli", "--data-dir", str(data_dir), "load",
                                str(paths[0].parent)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, server_peak = 0.0, 0.0
    while process.poll() is None:
        peak = max(peak, _peak_mb(process.pid))
        server_peak = max([server_peak] + [_peak_mb(child) for child in _children(process.pid)])
        time.sleep(0.25)
    seconds = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"policykg load failed with exit code {process.returncode}")
    return {"seconds": seconds, "docs/s": rate(len(paths), seconds), "peak MB": peak, "server MB": server_peak}


def bench_queries(store, docs: list, runs: int) -> dict[str, tuple[float, float, int]]:
    rng = random.Random(11)
    samples = query_params(docs, rng)
    results = {}
    for name, query in queries.catalogue().items():
        timings, rows = [], 0
        for _ in range(runs):
            params = query.bind({k: str(v) for k, v in samples.get(name, dict)().items()})
            start = time.perf_counter()
            _, result = store.run(query.text, params)
            timings.append((time.perf_counter() - start) * 1000)
            rows = len(result)
        timings.sort()
        results[name] = (statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)], rows)
    return results


def server_peak_rss_mb(store) -> float | None:
    process = getattr(getattr(store, "server", None), "process", None)
    if process is None:
        return None
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--store", choices=["embedded", "neo4j"], default="embedded")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--naive-docs", type=int, default=50, help="Documents the naive writer loads.")
    parser.add_argument("--query-runs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--cli-only", action="store_true", help="Only time `policykg load` of the corpus.")
    args = parser.parse_args()
    if args.store == "neo4j" and not os.environ.get("NEO4J_URI"):
        sys.exit("--store neo4j needs NEO4J_URI")

    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        paths = generate(args.docs, tmp / "corpus", args.seed)
        generated = time.perf_counter() - start
        if args.cli_only:
            cli = bench_cli_load(paths, tmp / "cli")
            print(f"`policykg load` of {args.docs:,} generated documents: {cli['seconds']:.0f} s "
                  f"({cli['docs/s']:.0f} documents/s); peak RSS {cli['peak MB']:,.0f} MB for policykg, "
                  f"{cli['server MB']:,.0f} MB for its FalkorDB server. {machine()}.")
            return
        docs, parse = bench_parse(paths)
        graphs, build = bench_build(docs)
        cli = bench_cli_load(paths, tmp / "cli") if args.store == "embedded" else None
        load = bench_load(args.store, docs, graphs, tmp, min(args.naive_docs, len(docs)), args.batch_size)
        store = load.pop("store")
        try:
            timings = bench_queries(store, docs, args.query_runs)
            server_rss = server_peak_rss_mb(store)
        finally:
            store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tasks = sum(len(d.tasks) for d in docs)
    print(f"### {args.docs:,} documents, {args.store} store\n")
    print(f"Machine: {machine()}. Corpus: {args.docs:,} generated documents, {parse['size'] / 1e6:.1f} MB, "
          f"{tasks:,} tasks, {build['elements']:,} graph elements (seed {args.seed}, generated in {generated:.1f} s).\n")
    print("| measure | figure | target |")
    print("|---|---|---|")
    print(f"| parse | {parse['docs/s']:,.0f} documents/s, {parse['MB/s']:.2f} MB/s on one core | ≥ 1,000 documents/s |")
    print(f"| parse vs one `re.finditer` pass ({parse['baseline MB/s']:.0f} MB/s) | {parse['ratio']:.0f}× slower | — |")
    print(f"| graph build | {build['elements/s']:,.0f} elements/s | — |")
    print(f"| {args.store} load | {load['elements/s']:,.0f} elements/s ({load['seconds']:.1f} s) | "
          f"{'≥ 50,000' if args.store == 'embedded' else '≥ 20,000'} elements/s |")
    print(f"| naive writer (one statement per element, {min(args.naive_docs, len(docs))} docs) | "
          f"{load['naive elements/s']:,.0f} elements/s; batched is {load['ratio']:.1f}× faster | "
          f"{'—' if args.store == 'embedded' else '≥ 10×'} |")
    if cli:
        print(f"| `policykg load` end to end | {cli['seconds']:.0f} s, {cli['docs/s']:.0f} documents/s | — |")
        print(f"| peak RSS, `policykg load` process | {cli['peak MB']:,.0f} MB | ≤ 1,024 MB at 10,000 documents |")
        print(f"| peak RSS, the FalkorDB server it runs | {cli['server MB']:,.0f} MB | — |")
    print(f"| peak RSS, this benchmark (holds every document and graph) | {peak:,.0f} MB | — |")
    if server_rss:
        print(f"| peak RSS, FalkorDB server | {server_rss:,.0f} MB | — |")
    print("\n| query | p50 ms | p95 ms | rows (last run) |")
    print("|---|---|---|---|")
    for name, (p50, p95, rows) in timings.items():
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {rows} |")


if __name__ == "__main__":
    main()
