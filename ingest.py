"""Loading many files: parsed in worker processes, written by one writer many documents at a time.

Parsing is pure Python and uses every core; the store has one writer. Results reach the writer
in file order through a bounded window, so memory stays flat however many files there are.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import networkx as nx


@dataclass
class Parsed:
    """One file after parsing: its document graph, or the loader's error."""

    path: Path
    policy_id: str = ""
    sha256: str = ""
    file: str = ""  # as the document's provenance names it
    graph: nx.MultiDiGraph | None = None
    tasks: int = 0
    warnings: list[str] = field(default_factory=list)
    note: str | None = None  # what the loader left out (see loaders.check)
    error: str | None = None


def parse_file(path: Path) -> Parsed:
    from .graph import document_graph
    from .loaders import LoadError, check, load_path

    try:
        doc = load_path(path)
    except LoadError as error:
        return Parsed(path, error=str(error))
    return Parsed(path, doc.policy.id, doc.policy.source.sha256, doc.policy.source.file, document_graph(doc),
                  len(doc.all_tasks()), list(doc.warnings), check.summary(doc))


def parse_files(files: Iterable[Path], jobs: int | None = None) -> Iterator[Parsed]:
    """Parsed files in the order given, ``jobs`` worker processes at a time (default: every core)."""
    files = list(files)
    jobs = min(jobs or os.cpu_count() or 1, len(files))
    if jobs <= 1:
        yield from map(parse_file, files)
        return
    pending = iter(files)
    with ProcessPoolExecutor(jobs) as pool:
        window = deque(pool.submit(parse_file, path) for path in islice(pending, 8 * jobs))
        while window:
            result = window.popleft().result()
            for path in islice(pending, 1):
                window.append(pool.submit(parse_file, path))
            yield result


@dataclass
class Summary:
    loaded: int = 0
    tasks: int = 0
    failed: int = 0
    duplicates: int = 0


def load_files(store, files: Iterable[Path], jobs: int | None = None, batch_docs: int = 100,
               batch_size: int = 500, report: Callable[[str], None] = print,
               progress: Callable[[Iterable], Iterable] = lambda items: items) -> Summary:
    """Parse ``files`` and write them to ``store`` in batches of ``batch_docs`` documents.

    A file whose document is stored (or comes earlier) with the very same content from another
    file is a duplicate and skipped; one with other content replaces that version.
    ``report`` receives one line per error, warning, note, duplicate or replacement, naming
    the file; ``progress`` wraps the stream of parsed files (a progress bar).
    """
    from .store import StoreError

    summary = Summary()
    batch: list[Parsed] = []

    def flush() -> None:
        try:
            versions = store.stored_versions([p.policy_id for p in batch])
            writing = []
            for parsed in batch:
                sha256, file = versions.get(parsed.policy_id, (None, None))
                if file is not None and sha256 == parsed.sha256 and file != parsed.file:
                    report(f"duplicate: {parsed.path}: same document and content as {file}; skipped")
                    summary.duplicates += 1
                    continue
                if file is not None and sha256 != parsed.sha256:
                    report(f"replaced: {parsed.path}: a new version of the document loaded from {file}")
                versions[parsed.policy_id] = (parsed.sha256, parsed.file)
                writing.append(parsed)
            failed = store.write_documents([(p.policy_id, p.graph) for p in writing], batch_size)
        except StoreError as error:  # the store itself is gone: nothing of this batch was written
            writing, failed = batch[:], {p.policy_id: error for p in batch}
        for parsed in writing:
            if parsed.policy_id in failed:
                report(f"error: {parsed.path}: {failed[parsed.policy_id]}")
                summary.failed += 1
                continue
            summary.loaded += 1
            summary.tasks += parsed.tasks
            for warning in parsed.warnings:
                report(f"warning: {parsed.path}: {warning}")
            if parsed.note:
                report(f"note: {parsed.path}: {parsed.note}")
        batch.clear()

    for parsed in progress(parse_files(files, jobs)):
        if parsed.error:
            report(f"error: {parsed.error}")
            summary.failed += 1
            continue
        batch.append(parsed)
        if len(batch) >= batch_docs:
            flush()
    if batch:
        flush()
    return summary
