"""RDF export and SHACL validation at scale, against the load of the same documents (issue 20 item 9).

    python bench/rdf_scale.py --docs 500 2000 [--policykg CMD] [--work DIR]

For each size: generate the documents, `load` them into a data dir of their own, then run
`validate` and `export --format ttl -o FILE` on it, each a process of its own measured by
GNU time (wall clock and peak RSS). Targets: peak RSS <= 1 GB, and each of validate and export
<= 10x the load's wall clock measured in the same run. CMD (default: this checkout's code) is
the command run, so main's `policykg` can be measured the same way; the default imports policykg
as bench/run.py does (PYTHONPATH=a directory holding this checkout as `policykg`).
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

SELF = f"{sys.executable} -c 'import sys; from policykg.cli import main; sys.argv[0]=\"policykg\"; main()'"
RSS_LIMIT_MB = 1024
TIMES_LOAD = 10


def timed(command: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB of its largest process) of ``command`` run under
    GNU time, its worker processes' CPU included; fails if the command does."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        done = subprocess.run(f"/usr/bin/time -v -o {report.name} {command}", shell=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        text = report.read()
    if done.returncode not in (0, 1):  # validate exits 1 when it finds violations
        raise SystemExit(f"{command} failed: {done.stderr[-500:]}")
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    cpu = re.findall(r"(?:User|System) time \(seconds\): (\S+)", text)
    assert clock and rss and len(cpu) == 2, text
    seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(clock.group(1).split(":"))))
    return seconds, sum(map(float, cpu)), int(rss.group(1)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--policykg", default=SELF, help="the command measured (default: this checkout)")
    parser.add_argument("--work", help="where corpora, data dirs and exports go (default: a temporary dir)")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="rdf-scale-"))
    print(f"load average at start: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}\n")
    print("| documents | step | wall s | CPU s | × load | peak RSS MB | verdict |")
    print("|---|---|---|---|---|---|---|")
    for docs in args.docs:
        corpus, data = work / f"corpus{docs}", work / f"data{docs}"
        if not corpus.exists():
            generate(docs, corpus, seed=7)
        base = f"{args.policykg} --data-dir {shlex.quote(str(data))} --server-idle 0"
        load, load_cpu, load_rss = timed(f"{base} load {shlex.quote(str(corpus))}")
        print(f"| {docs:,} | load | {load:.0f} | {load_cpu:.0f} | 1.0 | {load_rss:.0f} | (baseline) |")
        for step, command in [("validate", f"{base} validate --format json"),
                              ("export ttl", f"{base} export --format ttl -o {work / f'export{docs}.ttl'}")]:
            seconds, cpu, rss = timed(command)
            met = rss <= RSS_LIMIT_MB and seconds <= TIMES_LOAD * load
            print(f"| {docs:,} | {step} | {seconds:.0f} | {cpu:.0f} | {seconds / load:.1f} | {rss:.0f} | "
                  f"{'met' if met else 'missed'} |", flush=True)
    print(f"\nload average at end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}; targets: peak RSS <= "
          f"{RSS_LIMIT_MB} MB and <= {TIMES_LOAD}x the load's wall clock")


if __name__ == "__main__":
    main()
