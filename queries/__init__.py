"""The canned Cypher library: one ``.cypher`` file per question, with a header that says
its name, description, parameters (name, type, default or ``required``/``-``, help) and an
example command. User values only ever travel as parameters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources


class QueryError(ValueError):
    """Unknown query or bad parameter; the message lists what is valid."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # string | integer | float | date
    required: bool
    default: object
    help: str

    def convert(self, text: str):
        try:
            if self.type == "integer":
                return int(text)
            if self.type == "float":
                return float(text)
            if self.type == "date":
                return date.fromisoformat(text).isoformat()
        except ValueError as error:
            raise QueryError(f"parameter {self.name} must be a {self.type}: {text!r}") from error
        return text


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    text: str
    params: tuple[Param, ...] = field(default=())
    example: str = ""

    def bind(self, given: dict[str, str]) -> dict[str, object]:
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


_PARAM = re.compile(r"^//\s*param:\s*(\S+)\s+(string|integer|float|date)\s+(\S+)\s*(.*)$")


def _parse(name: str, text: str) -> Query:
    meta: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        if not line.startswith("//"):
            continue
        match = _PARAM.match(line)
        if match:
            pname, ptype, default, help_text = match.groups()
            required = default == "required"
            value = None if default in ("-", "required") else Param(pname, ptype, False, None, "").convert(default)
            params.append(Param(pname, ptype, required, value, help_text))
        elif ":" in line:
            key, _, value = line[2:].partition(":")
            meta[key.strip()] = value.strip()
    return Query(meta.get("name", name), meta.get("description", ""), text, tuple(params), meta.get("example", ""))


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
