"""Loading many files: parsed in worker processes, written by one writer many documents at a time.

Parsing is pure Python and uses every core; the store has one writer. Results reach the writer
in file order through a bounded window, so memory stays flat however many files there are. A file
whose content (sha256 of its bytes) is stored already is not parsed again.

Ctrl-C, SIGTERM or SIGHUP stop a load between two writes: what was written stays, the batch being
written is undone, the workers stop quietly, and :class:`Interrupted` says how far the load got.
"""
from __future__ import annotations

import gc
import hashlib
import os
import re
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from .store.base import PreparedDocument

# Parsing makes many small objects that die young and form no cycles. At CPython's default
# threshold (a young collection every 700 allocations) the cyclic collector ran 1,152 times over
# 1,000 generated documents and took 0.9 s of a 5 s parse, most of it walking the loader's caches
# again and again; at one per 10,000 allocations it ran 31 times and took 0.15 s.
YOUNG_COLLECTION = 10_000

# Markdown's own marks at the start of a line: a heading, a fence, a table rule. Policy text has none.
_MARKDOWN = re.compile(r"^(#{1,6} |```|\|?\s*:?-{3,}:?\s*\|)", re.M)


def discover(paths: Iterable[str | Path], report: Callable[[str], None] = print) -> list[Path]:
    """The files to load: each file named, and in each folder (recursively, hidden files left out)
    the files that may be Chinese policy documents. Every other file of a folder is reported as
    ``skipped: FILE: reason``: a format policykg does not read, a text file with no Chinese text
    (an English README, a licence), or a Markdown page (the project's own docs). A file named
    on its own is always tried, so a wrong file gets its error."""
    from .loaders import FORMATS

    files = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            files.append(path)
            continue
        for found in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
            if found.suffix.lower() not in FORMATS:
                report(f"skipped: {found}: not a document format policykg reads ({found.suffix})")
            elif FORMATS[found.suffix.lower()] == "text" and (reason := not_policy_text(found)):
                report(f"skipped: {found}: {reason}")
            else:
                files.append(found)
    return files


def not_policy_text(path: Path) -> str | None:
    """Why a plain-text file found in a folder is no Chinese policy document, or None when it may be one.

    Text with no Chinese in it (an English README, a licence) and Markdown pages are not; a file the
    loader cannot read as text at all (empty, binary, undecodable) is left to it, to be reported
    as an error."""
    from .loaders.text import LoadError, decode

    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.strip():
        return None
    try:
        text = decode(data, str(path))
    except LoadError:
        if any(_decodes(data, encoding) for encoding in ("utf-8-sig", "gb18030")) and not _binary(data):
            return "no Chinese text (not a policy document)"
        return None
    if _MARKDOWN.search(text[:20000]):
        return "a Markdown page, not a policy document (name the file to load it anyway)"
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _binary(data: bytes) -> bool:
    """Bytes of no text: NUL or other control characters (as the loader judges them)."""
    sample = data[:4096]
    return b"\x00" in sample or sum(byte < 9 or 13 < byte < 32 for byte in sample) > len(sample) // 50


class Interrupted(KeyboardInterrupt):
    """A load stopped by a signal (SIGINT, SIGTERM, SIGHUP); ``signum`` says which."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_interrupted(signum, _frame):
    raise Interrupted(signum)


@contextmanager
def interruptible():
    """SIGTERM and SIGHUP raise :class:`Interrupted` like Ctrl-C, so a load stops as cleanly as it
    does on Ctrl-C (in the main thread; elsewhere nothing changes)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise_interrupted) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def _between_writes():
    """Ctrl-C, SIGTERM and SIGHUP wait while a batch is written and counted, so an interrupted load
    stops between two writes and says exactly what it stored (a signal during the write would
    leave a batch stored but not counted)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often meanwhile (see :data:`YOUNG_COLLECTION`): a
    load does, and gives the caller's threshold back after.

    >>> before = gc.get_threshold()
    >>> with fewer_collections():
    ...     gc.get_threshold()[0]
    10000
    >>> gc.get_threshold() == before
    True
    """
    threshold = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _start_worker() -> None:
    """A parsing worker collects garbage less often (:data:`YOUNG_COLLECTION`), and leaves
    signals to the loader: Ctrl-C reaches the whole process group, and the loader, not each
    worker, reports it; a SIGTERM ends a worker without a word."""
    gc.set_threshold(YOUNG_COLLECTION, *gc.get_threshold()[1:])
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


@dataclass
class Parsed:
    """One file after parsing: its document prepared for the store's writer, or the loader's error."""

    path: Path
    policy_id: str = ""
    sha256: str = ""
    file: str = ""  # as the document's provenance names it
    prepared: PreparedDocument | None = None
    tasks: int = 0
    warnings: list[str] = field(default_factory=list)
    note: str | None = None  # what the loader left out (see loaders.check)
    error: str | None = None


def parse_file(path: Path, prepare: Callable[..., PreparedDocument] | None = None) -> Parsed:
    """Read one file and prepare its graph for the writer (``prepare``: :meth:`Store.preparer`)."""
    from .graph import document_graph
    from .loaders import LoadError, check, load_path
    from .store.base import PreparedDocument

    try:
        doc = load_path(path)
    except LoadError as error:
        return Parsed(path, error=str(error))
    sha256 = doc.policy.source.sha256
    prepared = (prepare or PreparedDocument)(document_graph(doc), doc.policy.id,
                                             rebuild=partial(graph_again, path, sha256))
    return Parsed(path, doc.policy.id, sha256, doc.policy.source.file, prepared,
                  len(doc.all_tasks()), list(doc.warnings), check.summary(doc))


def graph_again(path: Path, sha256: str) -> nx.MultiDiGraph:
    """The document graph of a file parsed before, read again (the writer needs it only to
    replace a stored version); a file changed or gone since is a store error for that file."""
    from .graph import document_graph
    from .loaders import LoadError, load_path
    from .store import StoreError

    try:
        doc = load_path(path)
    except LoadError as error:
        raise StoreError(f"cannot read it again to write it: {error}") from error
    if doc.policy.source.sha256 != sha256:
        raise StoreError("the file changed while it was loaded; load it again")
    return document_graph(doc)


def parse_files(files: Iterable[Path], jobs: int | None = None,
                prepare: Callable[..., PreparedDocument] | None = None,
                ahead: int = 0) -> Generator[Parsed, None, None]:
    """Parsed files in the order given, ``jobs`` worker processes at a time (default: every core).

    Workers parse up to ``ahead`` files beyond the usual few per worker, so they go on while the
    caller writes a batch."""
    files = list(files)
    jobs = min(jobs or os.cpu_count() or 1, len(files))
    parse = partial(parse_file, prepare=prepare)
    if jobs <= 1:
        yield from map(parse, files)
        return
    pending = iter(files)
    pool = ProcessPoolExecutor(jobs, initializer=_start_worker)
    try:
        window = deque(pool.submit(parse, path) for path in islice(pending, 8 * jobs + ahead))
        while window:
            result = window.popleft().result()
            for path in islice(pending, 1):
                window.append(pool.submit(parse, path))
            yield result
    finally:  # on an interrupt too: files not started yet are dropped, not parsed
        pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class Summary:
    """What a load did, file by file: every file given ends in exactly one of the counts."""

    files: int = 0  # files given to the load
    written: int = 0  # files whose document was written
    unchanged: int = 0  # files whose very content is stored already, from the same file: not parsed
    duplicates: int = 0  # files with the content of a document stored from another file
    failed: int = 0
    stored: dict[str, int] = field(default_factory=dict)  # policy id → tasks, of each document written
    replaced: int = 0  # documents written over another version (one file's version replacing another's)

    @property
    def loaded(self) -> int:
        """Documents this load stored: two files that are versions of one document store one."""
        return len(self.stored)

    @property
    def tasks(self) -> int:
        return sum(self.stored.values())

    @property
    def not_loaded(self) -> int:
        """Files not dealt with yet (a load that was interrupted)."""
        return self.files - self.written - self.unchanged - self.duplicates - self.failed

    def line(self) -> str:
        """The closing line of a load."""
        return (f"loaded {self.loaded} document(s), {self.tasks} task(s)"
                + (f"; {self.unchanged} unchanged" if self.unchanged else "")
                + (f"; {self.duplicates} duplicate(s) skipped" if self.duplicates else "")
                + (f"; {self.failed} failed" if self.failed else ""))

    def interrupted_line(self) -> str:
        return (f"interrupted: {self.loaded + self.unchanged} document(s) stored, {self.not_loaded} not loaded; "
                "run the same load again to finish")


def file_sha256(path: Path) -> str | None:
    """The sha256 of a file's bytes (what the loader records as its content hash); None if unreadable."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def load_files(store, files: Iterable[Path], jobs: int | None = None, batch_docs: int = 100,
               batch_size: int = 500, report: Callable[[str], None] = print,
               progress: Callable[[Iterable], Iterable] = lambda items: items,
               summary: Summary | None = None) -> Summary:
    """Parse ``files`` and write them to ``store`` in batches of ``batch_docs`` documents.

    A file whose very content is stored is not parsed: from the same file it is unchanged, from
    another file it is a duplicate and skipped (as is a later file of the same load with content
    seen earlier). A file with other content than the stored version of its document replaces it.
    ``report`` receives one line per error, warning, note, duplicate or replacement, naming the
    file; ``progress`` wraps the stream of parsed files (a progress bar). ``summary`` is filled
    as the load goes, so a caller still has it when the load is interrupted. The load and its
    workers collect garbage less often (:func:`fewer_collections`).
    """
    from .store import StoreError

    files = list(files)
    summary = summary if summary is not None else Summary()
    summary.files += len(files)
    batch: list[Parsed] = []
    known = store.stored_hashes()  # content hash → the file it was loaded from

    def fresh() -> Iterator[Path]:
        for path in files:
            sha256 = file_sha256(path)
            stored = known.get(sha256)
            if stored is None:
                yield path
            elif stored == str(path.resolve()):
                summary.unchanged += 1
            else:
                report(f"duplicate: {path}: same document and content as {stored}; skipped")
                summary.duplicates += 1

    def flush() -> None:
        with _between_writes():
            _flush()

    def _flush() -> None:
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
                    report(f"replaced: {parsed.path}: same document as {file}, other content; "
                           f"kept {parsed.path}")
                    summary.replaced += 1
                versions[parsed.policy_id] = (parsed.sha256, parsed.file)
                writing.append(parsed)
            failed = store.write_prepared([p.prepared for p in writing], batch_size)
        except StoreError as error:  # the store itself is gone: nothing of this batch was written
            writing, failed = batch[:], {p.policy_id: error for p in batch}
        for parsed in writing:
            if parsed.policy_id in failed:
                report(f"error: {parsed.path}: {failed[parsed.policy_id]}")
                summary.failed += 1
                continue
            summary.written += 1
            summary.stored[parsed.policy_id] = parsed.tasks
            for warning in parsed.warnings:
                report(f"warning: {parsed.path}: {warning}")
            if parsed.note:
                report(f"note: {parsed.path}: {parsed.note}")
        batch.clear()

    parsed_files = parse_files(fresh(), jobs, store.preparer(), ahead=batch_docs)
    with fewer_collections():
        try:
            for parsed in progress(parsed_files):
                if parsed.error:
                    report(f"error: {parsed.error}")
                    summary.failed += 1
                    continue
                batch.append(parsed)
                if len(batch) >= batch_docs:
                    flush()
            if batch:
                flush()
        finally:
            parsed_files.close()  # the workers stop now, not when the generator is collected
    return summary
