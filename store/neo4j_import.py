"""The graph as the CSV files ``neo4j-admin database import full`` reads: past one machine.

One node file per label and one relationship file per type, each with a typed header
(``id:ID``, ``line:long``, ``aliases:string[]``, ``:LABEL``; ``:START_ID``, ``:END_ID``,
``:TYPE``). Ids are policykg's own (content hashes, unique across labels), so one id space
serves every file. Lists are joined with :data:`ARRAY_DELIMITER`, which text never holds.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import networkx as nx

ARRAY_DELIMITER = "\x1f"  # the ASCII unit separator


def _kind(values: list) -> str:
    """The import type of one property, from the values it takes."""
    kinds = set()
    for value in values:
        if isinstance(value, list):
            kinds.add("string[]")
        elif isinstance(value, bool):
            kinds.add("boolean")
        elif isinstance(value, int):
            kinds.add("long")
        elif isinstance(value, float):
            kinds.add("double")
        else:
            kinds.add("string")
    if kinds == {"long", "double"}:
        return "double"
    return kinds.pop() if len(kinds) == 1 else "string"


def _cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "string[]":
        return ARRAY_DELIMITER.join(map(str, value))
    if kind == "boolean":
        return "true" if value else "false"
    return str(value)


def _write(path: Path, fixed: list[str], rows: list[tuple[list[str], dict]]) -> None:
    keys: dict[str, list] = defaultdict(list)
    for _, props in rows:
        for key, value in props.items():
            if value is not None:
                keys[key].append(value)
    kinds = {key: _kind(values) for key, values in keys.items()}
    names = sorted(kinds)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(fixed + [f"{name}:{kinds[name]}" for name in names])
        for cells, props in rows:
            writer.writerow(cells + [_cell(props.get(name), kinds[name]) for name in names])


def write_import(graph: nx.MultiDiGraph, directory: str | Path) -> tuple[list[Path], list[Path]]:
    """Write ``graph`` as node and relationship CSV files into ``directory``; returns their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    nodes: dict[str, list] = defaultdict(list)
    for nid, data in graph.nodes(data=True):
        props = {k: v for k, v in data.items() if k not in ("label", "id")}
        nodes[data["label"]].append(([nid, data["label"]], props))
    edges: dict[str, list] = defaultdict(list)
    for source, target, key, data in graph.edges(keys=True, data=True):
        edges[key].append(([source, target, key], data))
    node_files, edge_files = [], []
    for label, rows in sorted(nodes.items()):
        node_files.append(directory / f"nodes_{label}.csv")
        _write(node_files[-1], ["id:ID", ":LABEL"], rows)
    for key, rows in sorted(edges.items()):
        edge_files.append(directory / f"relationships_{key}.csv")
        _write(edge_files[-1], [":START_ID", ":END_ID", ":TYPE"], rows)
    return node_files, edge_files


def import_command(node_files: list[Path], edge_files: list[Path], database: str = "neo4j") -> str:
    """The ``neo4j-admin`` command that imports the files (the server must be stopped)."""
    parts = [f"neo4j-admin database import full {database}", "--multiline-fields=true",
             "--array-delimiter=U+001F", "--overwrite-destination=true"]
    parts += [f"--nodes={path}" for path in node_files] + [f"--relationships={path}" for path in edge_files]
    return " \\\n  ".join(parts)
