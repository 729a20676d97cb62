"""A small client of the embedded server for single statements: RESP over its Unix socket, and
FalkorDB's compact result format decoded as the ``falkordb`` package decodes it.

Why not that package: it imports redis-py, asyncio included, which costs a command 0.3–0.5 s
before it asks anything (`python -X importtime`). A question needs one statement and its rows;
writes in MULTI/EXEC blocks still go through ``falkordb``/``redis``, imported when they happen.
"""
from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import datetime, timezone

import hiredis

_LINE = b"\r\n"


class ReplyError(Exception):
    """The server answered a statement with an error (its text is the message)."""


@dataclass
class Node:
    id: int
    labels: list[str]
    properties: dict = field(default_factory=dict)


@dataclass
class Edge:
    id: int
    relation: str
    src_node: int
    dest_node: int
    properties: dict = field(default_factory=dict)


@dataclass
class Path:
    nodes: list[Node]
    edges: list[Edge]


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def literal(value) -> str:
    """A parameter as text of the ``CYPHER name=value`` header (as ``falkordb`` writes it)."""
    if isinstance(value, bytes):
        value = value.decode()
    if isinstance(value, str):
        return quote(value)
    if value is None:
        return "null"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(map(literal, value)) + "]"
    if isinstance(value, dict):
        for key in value:
            if not str(key) or "`" in str(key):
                raise ValueError(f"a Cypher map key cannot be empty or hold a backtick: {key!r}")
        return "{" + ",".join(f"`{key}`:{literal(item)}" for key, item in value.items()) + "}"
    return str(value)


def with_params(query: str, params: dict | None) -> str:
    if not params:
        return query
    return "CYPHER " + " ".join(f"{key}={literal(value)}" for key, value in params.items()) + " " + query


class Connection:
    """One connection to the server's Unix socket; RESP2 requests, replies read by hiredis (a
    500-row answer is some 15,000 RESP elements: read in Python they cost more than the query)."""

    def __init__(self, path: str, timeout: float | None = None):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.reader = hiredis.Reader(replyError=ReplyError)

    def call(self, *args):
        """Send one command; its reply (a status as bytes, like a bulk string), with an error reply
        raised as :class:`ReplyError`."""
        parts = [b"*%d\r\n" % len(args)]
        for arg in args:
            data = arg if isinstance(arg, bytes) else str(arg).encode()
            parts += [b"$%d\r\n" % len(data), data, _LINE]
        self.sock.sendall(b"".join(parts))
        reply = self.reader.gets()
        while reply is False:
            data = self.sock.recv(1 << 20)
            if not data:
                raise ConnectionError("the embedded server closed the connection")
            self.reader.feed(data)
            reply = self.reader.gets()
        if isinstance(reply, ReplyError):
            raise reply
        return reply

    def close(self) -> None:
        self.sock.close()


class Graph:
    """Statements on one graph; node labels, relationship types and property keys are named
    through the server's procedures, asked again when a result holds an id not yet known."""

    def __init__(self, connection: Connection, name: str):
        self.connection = connection
        self.name = name
        self._names: dict[str, list[str]] = {"labels": [], "relationshipTypes": [], "propertyKeys": []}

    def query(self, query: str, params: dict | None = None, read_only: bool = True) -> tuple[list[str], list[list]]:
        """The statement's column names and rows."""
        reply = self.connection.call("GRAPH.RO_QUERY" if read_only else "GRAPH.QUERY", self.name,
                                     with_params(query, params), "--compact")
        for part in reply:
            if isinstance(part, ReplyError):  # a run-time error ends the reply
                raise part
        if len(reply) < 3:  # statistics only
            return [], []
        header = [name.decode() if isinstance(name, bytes) else name for _, name in reply[0]]
        return header, [[self._value(cell) for cell in row] for row in reply[1]]

    def _name(self, kind: str, index: int) -> str:
        names = self._names[kind]
        if index >= len(names):
            reply = self.connection.call("GRAPH.RO_QUERY", self.name, f"CALL db.{kind}()", "--compact")
            names[:] = [row[0][1].decode() for row in reply[1]]
        return names[index]

    def _properties(self, pairs: list) -> dict:
        return {self._name("propertyKeys", pair[0]): self._value(pair[1:]) for pair in pairs}

    def _value(self, cell):
        kind, value = cell[0], cell[1]
        if kind == 1:
            return None
        if kind == 2:
            return value.decode() if isinstance(value, bytes) else str(value)
        if kind == 3:
            return int(value)
        if kind == 4:
            return (value.decode() if isinstance(value, bytes) else value) == "true"
        if kind == 5:
            return float(value)
        if kind == 6:
            return [self._value(item) for item in value]
        if kind == 7:
            return Edge(int(value[0]), self._name("relationshipTypes", value[1]), int(value[2]), int(value[3]),
                        self._properties(value[4]))
        if kind == 8:
            return Node(int(value[0]), [self._name("labels", label) for label in value[1]],
                        self._properties(value[2]))
        if kind == 9:
            return Path(self._value(value[0]), self._value(value[1]))
        if kind == 10:
            return {value[i].decode(): self._value(value[i + 1]) for i in range(0, len(value), 2)}
        if kind == 11:
            return {"latitude": float(value[0]), "longitude": float(value[1])}
        if kind == 12:
            return [float(v) for v in value]
        if kind in (13, 14, 15):
            moment = datetime.fromtimestamp(value, tz=timezone.utc)
            return moment if kind == 13 else moment.date() if kind == 14 else moment.time()
        if kind == 16:
            from dateutil.relativedelta import relativedelta

            return relativedelta(datetime.fromtimestamp(value, tz=timezone.utc),
                                 datetime(1970, 1, 1, tzinfo=timezone.utc))
        raise ReplyError(f"a value of unknown type {kind} in the reply")
