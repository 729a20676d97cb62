"""The canned Cypher library: one ``.cypher`` file per question, with a header that says
its name, description, parameters (name, type, default or ``required``/``-``, help) and an
example command. User values only ever travel as parameters.

A parameter's type is ``string``, ``integer`` (a count: at least 1; ``limit`` 0 means every row), ``float``,
``boolean``, ``date`` (YYYY-MM-DD), ``list`` (JSON) or the valid values themselves
(``lead|assist|responsible``). A ``string`` whose help ends by listing its values
(``…: date, interval or ongoing``) takes only those values.

A keyword question (``search-tasks``, ``task-owners``, ``targets``) reads the policies in the
order of its answer and stops at ``$limit`` matches, so the first screen costs what it shows,
not a scan of every task; the matching nodes of the policies it reached are then sorted again,
so the rows are exactly those of a sort of every match. Its sort of the policies carries a
``LIMIT`` of its own: FalkorDB 4.16 moves a later ``LIMIT`` into a sort that has none, across
the ``MATCH`` in between, and would keep only the first ``$limit`` policies.

A header line ``// count: STATEMENT`` gives the statement that counts the query's rows when a
limit cuts them (else :func:`count_text` derives one): it counts the matches without sorting
and projecting every row (a task is one row: it has at most one deadline), and stops at
``$count_limit`` of them, so that a cut answer costs what it shows: ``50 of more than 1,000 rows``
rather than an exact total that reads every task once (see :func:`run_limited`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple


class QueryError(ValueError):
    """Unknown query or bad parameter; the message lists what is valid."""


TYPES = {"string": "a string", "integer": "an integer", "float": "a number", "boolean": "true or false",
         "date": "a date (YYYY-MM-DD)", "list": "a JSON list such as [\"a\", 1]"}
TYPE_NAMES = {"str": "string", "int": "integer", "bool": "boolean", **{name: name for name in TYPES}}


def convert(name: str, kind: str, text: str):
    """``text`` as a value of type ``kind`` (see the module's docstring); dates stay ISO text.

    >>> convert("n", "integer", "3"), convert("on", "boolean", "true"), convert("d", "date", "2024-02-29")
    (3, True, '2024-02-29')
    >>> convert("role", "lead|assist", "leader")
    Traceback (most recent call last):
    policykg.queries.QueryError: parameter role must be one of lead, assist: 'leader'
    """
    if "|" in kind:
        if text not in kind.split("|"):
            raise QueryError(f"parameter {name} must be one of {', '.join(kind.split('|'))}: {text!r}")
        return text
    if kind not in TYPES:
        raise QueryError(f"parameter {name}: no type {kind!r}; valid: {', '.join(TYPE_NAMES)}")
    try:
        if kind == "integer":
            return int(text)
        if kind == "float":
            return float(text)
        if kind == "boolean":
            return {"true": True, "false": False}[text.lower()]
        if kind == "date":
            return date.fromisoformat(text).isoformat()
        if kind == "list":
            value = json.loads(text)
            if not isinstance(value, list):
                raise ValueError(text)
            return value
    except (ValueError, KeyError):
        raise QueryError(f"parameter {name} must be {TYPES[kind]}: {text!r}") from None
    return text


def typed(name: str, text: str):
    """An ad hoc Cypher parameter: ``name:type`` converts by type, else JSON when ``text`` is JSON.

    >>> typed("n", "3"), typed("n", '"3"'), typed("n", "郯城县"), typed("n:string", "3"), typed("n", "[1, 2]")
    (3, '3', '郯城县', '3', [1, 2])
    """
    name, _, kind = name.partition(":")
    if kind:
        return convert(name, TYPE_NAMES.get(kind, kind), text)
    try:
        return json.loads(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # see the module's docstring
    required: bool
    default: object
    help: str

    def convert(self, text: str):
        value = convert(self.name, self.type, text)
        least = 0 if self.name == "limit" else 1  # limit=0: every row, as --limit 0
        if self.type == "integer" and value < least:
            raise QueryError(f"parameter {self.name} must be at least {least}: {text!r}")
        return value


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    text: str
    params: tuple[Param, ...] = field(default=())
    example: str = ""
    count: str = ""  # the statement that counts the rows (see the module's docstring)

    def bind(self, given: dict[str, str]) -> dict[str, Any]:
        """Parameters for a run: converted, defaults filled, unknown or missing ones refused."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise QueryError(f"query {self.name} has no parameter {', '.join(unknown)}; "
                             f"valid: {', '.join(known) or 'none'}")
        bound = {}
        for param in self.params:
            if param.name in given:
                bound[param.name] = param.convert(given[param.name])
            elif param.required:
                raise QueryError(f"query {self.name} needs --param {param.name}=… ({param.help})")
            else:
                bound[param.name] = param.default
        return bound


_LISTED = re.compile(r":\s*([a-z][\w-]*(?:,\s*[a-z][\w-]*)*,?\s+or\s+[a-z][\w-]*)\s*$")  # …: a, b or c
_PARAM = re.compile(r"^//\s*param:\s*(\S+)\s+(\w+(?:\|[\w-]+)*)\s+(\S+)\s*(.*)$")


def _parse(name: str, text: str) -> Query:
    meta: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        if not line.startswith("//"):
            continue
        match = _PARAM.match(line)
        if match:
            pname, ptype, default, help_text = match.groups()
            listed = _LISTED.search(help_text)
            if ptype == "string" and listed:
                ptype = "|".join(re.split(r",\s*|\s+or\s+", listed.group(1)))
            required = default == "required"
            value = None if default in ("-", "required") else Param(pname, ptype, False, None, "").convert(default)
            params.append(Param(pname, ptype, required, value, help_text))
        elif ":" in line:
            key, _, value = line[2:].partition(":")
            meta[key.strip()] = value.strip()
    return Query(meta.get("name", name), meta.get("description", ""), text, tuple(params), meta.get("example", ""),
                 meta.get("count", ""))


def run(store, query: Query, params: dict) -> tuple[list[str], list[list]]:
    """Run a canned query; returns (column names, rows)."""
    return store.run(query.text, params)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Query]:
    """Every canned query, by name."""
    queries = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            query = _parse(entry.name[:-7], entry.read_text("utf-8"))
            queries[query.name] = query
    return queries


def get(name: str) -> Query:
    try:
        return catalogue()[name]
    except KeyError:
        raise QueryError(f"no query named {name!r}; valid: {', '.join(catalogue())}") from None


ALL = 2**53 - 1  # a ``LIMIT $limit`` that keeps every row: both engines take it (FalkorDB returns nothing at 2**63-1)
COUNT_CAP = 1000  # a cut answer's total is counted up to this many rows, then reads "more than 1,000"


class Answer(NamedTuple):
    """The rows kept and how many there were: ``total`` rows, or more than ``total`` when ``capped``."""
    header: list[str]
    rows: list[list]
    total: int
    capped: bool = False


def run_limited(store, query: Query, params: dict, limit: int | None, cap: int | None = None) -> Answer:
    """Run ``query`` keeping at most ``limit`` rows (0 or None: all), with the number of rows
    without the limit, counted up to ``cap`` (default :data:`COUNT_CAP`, at least ``limit``).

    A query that declares ``limit`` fetches one row more than asked, so a cut is known without
    reading every row; only then are its rows counted (its ``count`` statement, else
    :func:`count_text`), and the count stops at ``cap + 1``: past the cap the answer says only
    that there are more (``capped``). Other queries are cut here, their total exact.
    """
    declared = any(p.name == "limit" for p in query.params)
    if declared:
        params = {**params, "limit": limit + 1 if limit else ALL}
    header, rows = run(store, query, params)
    if not limit or len(rows) <= limit:
        return Answer(header, rows, len(rows))
    if not declared:
        return Answer(header, rows[:limit], len(rows))
    cap = max(COUNT_CAP if cap is None else cap, limit)
    if cap == limit:  # the rows fetched already say that there are more than the cap
        return Answer(header, rows[:limit], cap, True)
    _, total = store.run(query.count or count_text(query.text), {**params, "limit": ALL, "count_limit": cap + 1})
    return Answer(header, rows[:limit], min(total[0][0], cap), total[0][0] > cap)


def count_text(text: str) -> str:
    """The statement that counts the rows of ``text`` up to ``$count_limit``: its last ``RETURN``
    (which must begin a line) becomes a ``WITH`` of the same items, without its ``ORDER BY``/``SKIP``/
    ``LIMIT``. (FalkorDB 4.16 crashes on an aggregating query inside ``CALL {}``, so the query is
    not wrapped.)

    >>> print(count_text("MATCH (a:Agency)\\nRETURN a.name AS agency\\nORDER BY agency\\nLIMIT $limit"))
    MATCH (a:Agency)
    WITH a.name AS agency
    LIMIT $count_limit
    RETURN count(*) AS total
    """
    head, found, tail = text.rpartition("\nRETURN ")
    if not found:
        raise QueryError("a canned query's last RETURN must begin a line")
    items = re.split(r"\n\s*(?:ORDER\s+BY|SKIP|LIMIT)\b", tail)[0]
    return f"{head}\nWITH {items}\nLIMIT $count_limit\nRETURN count(*) AS total"
