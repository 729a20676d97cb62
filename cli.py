"""The ``policykg`` command line."""
from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import click

from . import __version__
from .report.commands import report, show

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                      show_default=True, help="How rows are printed.")


class Context:
    def __init__(self, store: str, data_dir: str, uri, user, password, database, server_idle: float = 0.0):
        self.store_kind, self.data_dir = store, data_dir
        self.uri, self.user, self.password, self.database = uri, user, password, database
        self.server_idle = server_idle

    def open(self, create: bool = False):
        """The store; for the embedded store a data dir that holds none is an error unless ``create``
        (a reading command in the wrong folder, or with a typo in --data-dir, would see an empty graph)."""
        from .store import StoreError, open_store

        if not create and self.store_kind == "embedded" and not (Path(self.data_dir) / "falkordb").is_dir():
            raise click.ClickException(f"no store at {self.data_dir}: run policykg load first (or give the store's "
                                       f"folder with --data-dir DIR or POLICYKG_HOME)")
        try:
            return open_store(self.store_kind, self.data_dir, self.uri, self.user, self.password, self.database,
                              idle=self.server_idle, notify=lambda line: click.echo(line, err=True))
        except StoreError as error:
            raise click.ClickException(str(error)) from error
        except OSError as error:  # the embedded store's data dir cannot be made or written
            raise click.ClickException(
                f"cannot keep the embedded store in {self.data_dir} ({error.strerror or error}): choose a "
                f"writable directory with --data-dir DIR or POLICYKG_HOME") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policykg")
@click.option("--store", type=click.Choice(["embedded", "neo4j"]), default="embedded", show_default=True,
              envvar="POLICYKG_STORE", help="Embedded FalkorDB (no set-up) or a Neo4j server.")
@click.option("--data-dir", default="./.policykg", show_default=True, envvar="POLICYKG_HOME",
              type=click.Path(file_okay=False), help="Where the embedded store keeps its data.")
@click.option("--neo4j-uri", envvar="NEO4J_URI", help="bolt://, neo4j:// or +s URI [env NEO4J_URI].")
@click.option("--neo4j-username", envvar="NEO4J_USERNAME", help="[env NEO4J_USERNAME]")
@click.option("--neo4j-password", envvar="NEO4J_PASSWORD", help="[env NEO4J_PASSWORD]")
@click.option("--neo4j-database", envvar="NEO4J_DATABASE", help="[env NEO4J_DATABASE]")
@click.option("--server-idle", type=click.FloatRange(min=0), default=300, show_default=True,
              envvar="POLICYKG_SERVER_IDLE", metavar="SECONDS",
              help="How long the embedded store's server stays up after a command, for the next one "
                   "(0: stop it at exit) [env POLICYKG_SERVER_IDLE].")
@click.pass_context
def main(ctx, store, data_dir, neo4j_uri, neo4j_username, neo4j_password, neo4j_database, server_idle):
    """Turn Chinese government policy documents into a knowledge graph you can query.

    \b
    policykg load examples/documents      # read documents into the graph
    policykg query agency-workload        # who owns how many tasks
    policykg queries                      # every canned question
    """
    _check_vocabulary_files()
    ctx.obj = Context(store, data_dir, neo4j_uri, neo4j_username, neo4j_password, neo4j_database, server_idle)


def _check_vocabulary_files() -> None:
    """A bad POLICYKG_AGENCIES or POLICYKG_ISSUERS file stops every command at once, in one line."""
    for name, variable in (("agencies.json", "POLICYKG_AGENCIES"), ("issuers.json", "POLICYKG_ISSUERS")):
        if os.environ.get(variable):
            from .loaders.agencies import DataFileError, load_data  # only then: the loaders take 0.5 s to import

            try:
                load_data(name, variable)
            except DataFileError as error:
                raise click.ClickException(str(error)) from None


def _files(paths: tuple[str, ...]) -> list[Path]:
    """Files named, and in folders the files that may be policy documents (see :func:`ingest.discover`)."""
    from .ingest import discover

    return discover(paths, lambda line: click.echo(line, err=True))


def _progress(items, label: str, total: int | None = None):
    """A progress bar on a terminal; nothing in a pipe."""
    if sys.stderr.isatty():
        from rich.progress import track

        return track(items, description=label, total=total, console=_console(stderr=True), transient=True)
    return items


def _console(stderr: bool = False):
    """A rich console as wide as the terminal (or $COLUMNS); in a pipe it does not fold rows to 80 columns."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() or os.environ.get("COLUMNS") else 240)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(min=1),
              help="Rows per write statement (at least 1).")
@click.option("--batch-docs", default=100, show_default=True, type=click.IntRange(min=1),
              help="Documents written per round trip (at least 1).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Parsing processes [default: one per core].")
@click.pass_obj
def load(obj: Context, paths, batch_size, batch_docs, jobs):
    """Load documents (files or folders) into the store.

    A document is known by its 文号, else by its issuer, title and date, so an edited copy
    (or the same text in another encoding, or as a web page) replaces its previous version as
    a whole; another file with the very same content is reported as a duplicate and skipped, and
    a file whose content is stored already is not read again (counted as unchanged). In folders,
    files that are no Chinese policy text (other formats, English text, Markdown) are skipped with
    a line each. Files that cannot be read are reported; the exit code is then 1. Ctrl-C stops
    the load between two writes and says how many documents are stored.
    """
    from .ingest import Summary, interruptible, load_files

    files = _files(paths)
    summary = Summary()
    try:
        with interruptible():
            store = obj.open(create=True)
            try:
                load_files(store, files, jobs, batch_docs, batch_size, lambda line: click.echo(line, err=True),
                           lambda items: _progress(items, "loading", len(files)), summary)
            finally:
                store.close()
    except KeyboardInterrupt as interrupt:  # Ctrl-C, or SIGTERM/SIGHUP as Interrupted
        summary.files = summary.files or len(files)
        click.echo(summary.interrupted_line(), err=True)
        sys.exit(128 + getattr(interrupt, "signum", 2))
    click.echo(summary.line(), err=True)
    if summary.failed:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
def extract(file, fmt):
    """Print the document model read from FILE (JSON described in docs/EXTRACT_JSON.md, or a task table)."""
    from .loaders import LoadError, load_path

    try:
        doc = load_path(file)
    except LoadError as error:
        raise click.ClickException(str(error)) from error
    if fmt == "json":
        click.echo(json.dumps(doc.to_json(), ensure_ascii=False, indent=2))
        return
    # every task, subtasks too; paths as the queries print them; one owner never split across lines
    rows = [[" › ".join(t.path), t.number, t.line, t.title or t.text[:30],
             "  ".join(f"{a.raw} ({a.role})" for a in t.agencies), t.deadline.raw if t.deadline else ""]
            for t in doc.all_tasks()]
    _print(["path", "number", "line", "task", "agencies", "deadline"], rows, "table")


@main.command()
@click.argument("files", nargs=-1, required=True)
@FORMAT
def check(files, fmt):
    """Show what reading FILES left out, with line numbers: paragraphs that look like they name
    owners (牵头, 负责, 责任单位 …) but gave no task, names given as owners that are no unit, and
    numbers that repeat under one heading. Exit 1 when a file cannot be read at all."""
    from .loaders import LoadError, load_path
    from .loaders.check import rows

    failed = 0
    found = []
    for path in _files(files):
        try:
            doc = load_path(path)
        except LoadError as error:
            click.echo(f"error: {error}", err=True)
            failed += 1
            continue
        found += [[str(path), *row] for row in rows(doc)]
        click.echo(f"{path}: {len(doc.all_tasks())} task(s), {len(doc.findings)} finding(s)", err=True)
    _print(["file", "line", "kind", "text", "meaning"], found, fmt)
    if failed:
        sys.exit(1)


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("docs_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--min-f1", type=click.FloatRange(0, 1), help="Exit 1 when any field's F1 is below this (0 to 1).")
@click.option("--misses/--no-misses", default=True, show_default=True, help="List every miss.")
@FORMAT
def evaluate(gold_dir, docs_dir, min_f1, misses, fmt):
    """Score the loader against hand-written gold: precision, recall and F1 per field."""
    from .loaders.evaluate import evaluate as run_evaluation

    report = run_evaluation(gold_dir, docs_dir)
    for line in report.skipped:
        click.echo(line, err=True)
    if not report.documents:
        raise click.ClickException(f"no gold file in {gold_dir} has its document in {docs_dir}")
    shown = (lambda x: round(x, 3)) if fmt == "json" else (lambda x: f"{x:.3f}")  # JSON keeps numbers
    rows = [[name, shown(s.precision), shown(s.recall), shown(s.f1), s.tp, s.fp, s.fn]
            for name, s in report.scores.items() if s.documents]
    _print(["field", "precision", "recall", "f1", "tp", "fp", "fn"], rows, fmt)
    if misses:
        for miss in report.misses:
            click.echo(miss, err=True)
    low = [name for name, s in report.scores.items() if s.documents and min_f1 is not None and s.f1 < min_f1]
    if low:
        raise click.ClickException(f"F1 below {min_f1} for: {', '.join(low)}")


@main.command("queries")
@FORMAT
def list_queries(fmt):
    """List the canned queries with their parameters (? marks optional ones) and an example."""
    from . import queries as catalogue

    rows = [[q.name, q.description, " ".join(f"{p.name}{'' if p.required else '?'}" for p in q.params), q.example]
            for q in catalogue.catalogue().values()]
    _print(["name", "description", "parameters", "example"], rows, fmt)


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected key=value, got {pair!r}", param_hint="--param")
        params[key.strip()] = value
    return params


def _typed_params(pairs: tuple[str, ...]) -> dict[str, object]:
    from . import queries as catalogue

    try:
        return {key.partition(":")[0]: catalogue.typed(key, value) for key, value in _params(pairs).items()}
    except catalogue.QueryError as error:
        raise click.BadParameter(str(error), param_hint="--param") from None


LIMIT = click.option("--limit", type=click.IntRange(min=0), metavar="N",
                     help="Print at most N rows; 0 prints them all. Without it a canned query stops at its own "
                          "limit (500, or -p limit=N) and says when rows were left out.")


@main.command()
@click.argument("name")
@click.option("--param", "-p", "pairs", multiple=True, metavar="KEY=VALUE",
              help="A query parameter, converted to the type the query declares.")
@LIMIT
@FORMAT
@click.pass_obj
def query(obj: Context, name, pairs, limit, fmt):
    """Run the canned query NAME (see `policykg queries`)."""
    from . import queries as catalogue

    given = _params(pairs)
    if limit is not None:
        given.pop("limit", None)  # --limit wins over -p limit
    try:
        canned = catalogue.get(name)
    except catalogue.QueryError as error:
        raise click.UsageError(str(error)) from None
    try:
        params = canned.bind(given)
    except catalogue.QueryError as error:  # exit 2, as for a bad -p of cypher
        raise click.BadParameter(str(error), param_hint="--param") from None
    _run_and_print(obj, canned.text, params, False, limit if limit is not None else params.get("limit"), fmt, canned)


@main.command()
@click.argument("text")
@click.option("--param", "-p", "pairs", multiple=True, metavar="KEY[:TYPE]=VALUE",
              help="A parameter: JSON (3, true, [1, 2], \"3\") or text; TYPE is int, float, bool, date, list or str.")
@click.option("--write", is_flag=True, help="Allow the statement to change the graph.")
@LIMIT
@FORMAT
@click.pass_obj
def cypher(obj: Context, text, pairs, write, limit, fmt):
    """Run ad hoc Cypher TEXT, read-only unless --write."""
    _run_and_print(obj, text, _typed_params(pairs), write, limit, fmt)


def _run_and_print(obj: Context, text, params, write, limit, fmt, canned=None):
    """Run a canned query or Cypher text and print at most ``limit`` rows (0 or None: all), saying
    how many rows there were when some are left out."""
    from . import queries as catalogue
    from .store import StoreError, WriteNotAllowed

    store = obj.open(create=write)
    try:
        if canned:
            answer = catalogue.run_limited(store, canned, params, limit)
        else:
            header, rows = store.run(text, params, write=write)
            answer = catalogue.Answer(header, rows[:limit] if limit else rows, len(rows))
    except WriteNotAllowed:
        raise click.ClickException("this Cypher changes the graph: add --write to allow it") from None
    except StoreError as error:
        raise click.ClickException(_cypher_error(str(error), text, params)) from error
    finally:
        store.close()
    _print(answer.header, answer.rows, fmt, answer.total, answer.capped)


def _cypher_error(message: str, text: str, params: dict) -> str:
    """An engine's complaint about Cypher as one line: missing parameters by name, a syntax error
    by line and column (FalkorDB's errMsg/errCtx), else the first line of the message."""
    if "Missing parameters" in message:
        missing = sorted(set(re.findall(r"\$([A-Za-z_]\w*)", text)) - set(params))
        if missing:
            return (f"the Cypher uses {', '.join('$' + m for m in missing)} but no value was given: "
                    f"add -p {missing[0]}=VALUE")
    syntax = re.search(r"errMsg: (.*?) line: (\d+), column: (\d+)", message)
    if syntax:
        return f"Cypher syntax error at line {syntax[2]}, column {syntax[3]}: {syntax[1]}"
    return message.strip().splitlines()[0] if message.strip() else "the store refused the Cypher"


@main.command()
@click.option("--jurisdiction", help="Only agencies of this place.")
@click.option("--explain", "explain", metavar="NAME", help="Why the names of agency NAME were merged.")
@LIMIT
@FORMAT
@click.pass_obj
def agencies(obj: Context, jurisdiction, explain, limit, fmt):
    """Each agency once per jurisdiction with its aliases; --explain NAME shows every merge rule."""
    from . import queries as catalogue
    from .loaders.agencies import explain as explain_agency

    listing = catalogue.get("agencies")
    params = listing.bind({k: v for k, v in {"jurisdiction": jurisdiction, "name": explain}.items() if v})
    if explain:
        limit = 0
    store = obj.open()
    try:
        header, rows, total, capped = catalogue.run_limited(store, listing, params,
                                                            params["limit"] if limit is None else limit)
    finally:
        store.close()
    if not explain:
        _print(header, rows, fmt, total, capped)
        return
    explained = []
    for place, name, _, _, aliases, _ in rows:
        for alias in aliases:
            canonical = explain_agency(place, name, alias)
            explained.append([name, alias, canonical.name, "; ".join(canonical.rules)])
    if not explained:
        raise click.ClickException(f"no agency named like {explain!r}")
    _print(["agency", "written as", "resolves to", "because"], explained, fmt)


@main.command()
@FORMAT
@click.pass_obj
def stats(obj: Context, fmt):
    """Node counts by label, edge counts by type, and how many agencies have no functional category
    (data/agencies.json gives categories; such agencies are missed by -p category=…)."""
    store = obj.open()
    try:
        counts = store.counts()
        _, rows = store.run("MATCH (a:Agency) RETURN count(a) AS agencies, "
                            "sum(CASE WHEN a.category IS NULL THEN 1 ELSE 0 END) AS uncategorised")
    finally:
        store.close()
    agencies, uncategorised = (int(v or 0) for v in rows[0])
    share = f"{uncategorised:,} of {agencies:,} ({round(100 * uncategorised / agencies, 1) if agencies else 0:g}%)"
    if fmt == "json":  # the JSON keeps its shape (nodes, edges); the share goes to stderr
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2))
        click.echo(f"agencies without category: {share}", err=True)
        return
    rows = [["node", k, v] for k, v in counts["nodes"].items()] + [["edge", k, v] for k, v in counts["edges"].items()]
    rows.append(["agencies", "without category", share])
    _print(["kind", "name", "count"], rows, fmt)


RDF_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "graphml", *RDF_FORMATS, "neo4j-import"]), default="json",
              show_default=True, help="networkx node-link JSON, GraphML, RDF (Turtle, JSON-LD, N-Triples), or "
                                      "CSV files for neo4j-admin database import (into DIRECTORY).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
@click.option("--base-iri", default="https://policykg.org/id/", show_default=True, callback=lambda _c, _p, v: _iri(v),
              help="Base of RDF node IRIs: an absolute IRI (scheme:…, no spaces).")
@click.pass_obj
def export(obj: Context, directory, fmt, output, base_iri):
    """Write the stored graph as JSON, GraphML, RDF, or (--format neo4j-import DIRECTORY) the CSV
    files `neo4j-admin database import full` reads, with the command that imports them."""
    import networkx as nx

    if (fmt == "neo4j-import") != bool(directory):
        raise click.UsageError("--format neo4j-import takes a DIRECTORY to write the CSV files into; "
                               "the other formats write to --output or stdout")
    if fmt == "neo4j-import":
        from .store.neo4j_import import import_command, write_import

        store = obj.open()
        try:
            graph = store.to_networkx(derived=True)  # the counts and lists the questions read
        finally:
            store.close()
        try:
            nodes, edges = write_import(graph, directory)
        except OSError as error:
            raise click.ClickException(f"cannot write into {directory}: {error.strerror or error}") from None
        click.echo(f"wrote {len(nodes)} node and {len(edges)} relationship files; with Neo4j stopped, run:", err=True)
        click.echo(import_command(nodes, edges))
        return
    if fmt in RDF_FORMATS:  # written as made, one piece of the store at a time
        from .ontology.rdf import write

        store = obj.open()
        try:
            with _opened(output) as out:
                write(store.pieces(), RDF_FORMATS[fmt], out, base_iri)
        finally:
            store.close()
        return
    graph = _stored_graph(obj)
    if fmt == "graphml":  # GraphML has no lists: join them with 、
        for data in [d for _, d in graph.nodes(data=True)] + [d for *_, d in graph.edges(keys=True, data=True)]:
            for key, value in data.items():
                if isinstance(value, list):
                    data[key] = "、".join(map(str, value))
        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer)
        text = buffer.getvalue().decode("utf-8")
    else:
        text = json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=1)
    with _opened(output) as out:
        out.write(text if output else text + "\n")


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")  # RFC 3987: a scheme, then no space or <>"{}|\^`


def _iri(value: str) -> str:
    if not _IRI.fullmatch(value):
        raise click.BadParameter(f"{value!r} is not an absolute IRI such as https://example.org/id/",
                                 param_hint="--base-iri")
    return value


@contextlib.contextmanager
def _opened(output: str | None) -> Iterator[TextIO]:
    """``output`` open for writing, or stdout."""
    if not output:
        yield sys.stdout
        return
    try:
        out = open(output, "w", encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error} "
                                   f"(the directory must exist and be writable)") from None
    with out:
        yield out


def _stored_graph(obj: Context):
    store = obj.open()
    try:
        return store.to_networkx()
    finally:
        store.close()


@main.command()
@FORMAT
@click.pass_obj
def validate(obj: Context, fmt):
    """Check the stored graph against the SHACL shapes; exit 1 on any violation."""
    from .ontology.rdf import validate_pieces

    store = obj.open()
    try:
        violations = validate_pieces(store.pieces())  # one piece of the store at a time
    finally:
        store.close()
    if violations or fmt != "table":  # JSON and CSV print their empty list too
        _print(["file", "line", "node", "violation"],
               [[v.file, v.line, v.node, v.message] for v in violations], fmt)
    if violations:
        raise click.ClickException(f"{len(violations)} violation(s) of ontology/shapes.ttl")
    click.echo("no violations", err=True)


@main.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def reset(obj: Context, yes):
    """Empty the store."""
    if not yes:
        if not sys.stdin.isatty():
            raise click.ClickException("refusing to reset without --yes when not on a terminal")
        click.confirm("Delete every node and edge in the store?", abort=True)
    store = obj.open()
    try:
        store.reset()
    finally:
        store.close()
    click.echo("store emptied", err=True)


@main.group()
def server():
    """The embedded store's server: whether it runs, and stopping it now.

    A command leaves the server it used running for --server-idle seconds (default 300), so that
    the next command answers at once; it then stops by itself."""


def _embedded_server(obj: Context):
    if obj.store_kind != "embedded":
        raise click.ClickException("only the embedded store has a server that policykg runs")
    from .store.falkor import FalkorServer

    return FalkorServer(obj.data_dir)


def _running_server(err: bool):
    """Decorate a ``server`` subcommand: it gets the data dir's server and its recorded state, and
    is not called when none runs (that is said on stdout, or stderr with ``err``)."""
    def decorate(command):
        @click.pass_obj
        @functools.wraps(command)
        def run(obj: Context):
            embedded = _embedded_server(obj)
            state = embedded.state()
            if state is None:
                click.echo(f"no embedded server runs for {embedded.dir.parent}", err=err)
                return
            command(embedded, state)
        return run
    return decorate


@server.command("status")
@_running_server(err=False)
def server_status(embedded, state):
    """Whether the data dir's server runs: its pid, memory, and until when it stays up."""
    from datetime import datetime

    from .store.falkor import duration

    click.echo(f"the embedded server of {embedded.dir.parent} runs: pid {state['pid']}, "
               f"{embedded.memory_mb():,.0f} MB, socket {state['socket']}")
    if embedded.in_use():
        click.echo("in use by a policykg command")
    elif state.get("idle_until"):
        left = state["idle_until"] - datetime.now().timestamp()
        click.echo(f"idle: stops at {datetime.fromtimestamp(state['idle_until']):%H:%M:%S} "
                   f"(in {duration(max(left, 0))}) unless a command uses it (watcher pid {state.get('watcher')})")
    else:
        click.echo("idle: stops when a policykg command next ends (`policykg server stop` stops it now)")


@server.command("stop")
@_running_server(err=True)
def server_stop(embedded, state):
    """Stop the data dir's server now (refused while a command uses it)."""
    from .store import StoreError

    try:
        stopped = embedded.shutdown()
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    if not stopped:
        raise click.ClickException(f"the embedded server (pid {state['pid']}) is in use by a policykg command; "
                                   "run `policykg server stop` again when that command has finished")
    click.echo(f"stopped the embedded server (pid {state['pid']})", err=True)


@main.command()
@click.argument("policy")
@click.pass_obj
def delete(obj: Context, policy):
    """Remove one document (by id, 文号, title or part of its title) and every node no other document uses."""
    from . import queries as catalogue

    summary = catalogue.get("policy-summary")
    store = obj.open()
    try:
        header, rows = store.run(summary.text, summary.bind({"policy": policy}))
        found = [dict(zip(header, row, strict=True)) for row in rows]
        exact = [r for r in found if policy in (r["id"], r["number"], r["title"])]
        best = exact if len(exact) == 1 else found
        if len(best) == 1:
            store.delete_document(best[0]["id"])
    finally:
        store.close()
    if not best:
        raise click.ClickException(f"no policy has the id, 文号 or title {policy!r}")
    named = ["{} {}{}".format(r["id"], r["number"] + " " if r["number"] else "", _short(r["title"])) for r in best]
    if len(best) > 1:
        raise click.ClickException(f"{policy!r} matches {len(best)} documents; give the id or 文号 of one: "
                                   + "; ".join(named))
    click.echo(f"deleted {named[0]}", err=True)


def _short(text: str | None, width: int = 30) -> str:
    text = text or ""
    return text if len(text) <= width else text[:width - 1] + "…"


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list) and not any(isinstance(v, dict) for v in value):
        return "、".join(_cell(v) for v in value)
    if isinstance(value, (dict, list)):  # a node, relationship, path or map
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def _print(header: list[str], rows: list[list], fmt: str, total: int | None = None, capped: bool = False) -> None:
    """Rows as a table, JSON or CSV on stdout; the count (and, when ``total`` is more, that rows
    were left out: of ``total``, or of more than ``total`` when the count stopped there) on stderr."""
    cut = total is not None and (capped or total > len(rows))
    if fmt == "json":
        click.echo(json.dumps([dict(zip(header, row, strict=True)) for row in rows], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        click.echo(buffer.getvalue(), nl=False)
    else:
        from rich.table import Table

        cells = [[_cell(v) for v in row] for row in rows]
        table = Table(show_lines=False)
        for i, name in enumerate(header):
            if name == "id" or name.endswith("_id"):  # ids stay whole
                table.add_column(name, no_wrap=True, min_width=max([len(row[i]) for row in cells] + [len(name)]))
            else:
                table.add_column(name, overflow="fold")
        for row in cells:
            table.add_row(*row)
        _console().print(table)
        sys.stdout.flush()  # the count goes to stderr: after the table, on its own line
    if cut:
        click.echo(f"{len(rows):,} of {'more than ' if capped else ''}{total:,} rows; --limit N or --limit 0 for all",
                   err=True)
    elif fmt == "table":
        click.echo(f"{len(rows)} row(s)", err=True)


main.add_command(report)
main.add_command(show)

if __name__ == "__main__":
    main()
