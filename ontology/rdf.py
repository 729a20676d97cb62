"""The property graph as RDF, in the vocabulary of ``policykg.ttl``, and its SHACL validation.

Nodes become IRIs ``<base>/<label>/<id>`` (no second ``/`` when the base ends in ``/`` or
``#``); edges become triples, and an edge that carries provenance (line, file, span) is also written
in qualified form (``pk:Assignment`` for LEADS/ASSISTS, ``pk:Membership`` for MEMBER_OF,
``pk:Citation`` for CITES, else ``pk:DeadlineStatement`` for DEADLINE, else ``rdf:Statement``) so
the facts about the edge survive. A Deadline node of kind date is also an OWL-Time instant, one of kind interval a
proper interval with its beginning and end.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TextIO, cast
from urllib.parse import quote

import networkx as nx
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS, TIME
from rdflib.term import Node

from ..graph import schema as s
from ..model import stable_id

PK = Namespace("https://policykg.org/ontology#")
DEFAULT_BASE = "https://policykg.org/id/"

_DATES = {"issued", "published", "start", "end", "by"}
_INTEGERS = {"line", "end_line"}
_BOOLEANS = {"has_lead", "inferred"}
_QUALIFIED = {s.LEADS: PK.Assignment, s.ASSISTS: PK.Assignment, s.MEMBER_OF: PK.Membership, s.CITES: PK.Citation,
              s.DEADLINE: PK.DeadlineStatement}


@lru_cache(maxsize=1)
def ontology() -> Graph:
    graph = Graph()
    graph.parse(data=resources.files(__package__).joinpath("policykg.ttl").read_text("utf-8"), format="turtle")
    return graph


@lru_cache(maxsize=1)
def edge_properties() -> dict[str, URIRef]:
    """Edge type (HAS_TASK …) → its object property, from the ontology's pk:graphName."""
    # cast: rdflib types a subject as any Node; the ontology gives pk:graphName to named properties only
    return {str(name): cast(URIRef, prop) for prop, name in ontology().subject_objects(PK.graphName)}


@lru_cache(maxsize=None)
def _property(key: str) -> URIRef:
    return PK[key]


@lru_cache(maxsize=1 << 16, typed=True)
def _literal(key: str, value) -> Literal:
    """``value`` of property ``key`` as a typed literal (cached: a store repeats its lines, dates and files)."""
    if key in _DATES:
        return Literal(value, datatype=XSD.date)
    if key in _INTEGERS:
        return Literal(int(value), datatype=XSD.integer)
    if key in _BOOLEANS:
        return Literal(bool(value), datatype=XSD.boolean)
    if key == "value":
        return Literal(repr(float(value)) if not float(value).is_integer() else str(int(value)),
                       datatype=XSD.decimal)
    return Literal(value)


def to_rdf(graph: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Graph:
    """RDF triples for ``graph`` (a graph from :mod:`policykg.graph` or a store's export)."""
    rdf = _bound(Graph())
    for triple in triples(graph, base):
        rdf.add(triple)
    return rdf


def _bound(rdf: Graph) -> Graph:
    for prefix, namespace in (("pk", PK), ("prov", PROV), ("time", TIME), ("skos", SKOS)):
        rdf.bind(prefix, namespace)
    return rdf


def node_iri(graph: nx.MultiDiGraph, nid: str, base: str) -> URIRef:
    """The IRI of a node of ``graph``: ``base`` (ending in ``/`` or ``#``), its label in lower case, its id."""
    return URIRef(f"{base}{graph.nodes[nid]['label'].lower()}/{nid}")


def triples(graph: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The triples of :func:`to_rdf`, as they are made. The nodes in ``graph.graph["context"]``
    (a piece of the store, :meth:`~policykg.store.base.Store.pieces`) give only their IRI."""
    base = _joined(base)
    context = graph.graph.get("context", ())
    iris: dict[str, URIRef] = {}

    def iri(nid: str) -> URIRef:
        if nid not in iris:
            iris[nid] = node_iri(graph, nid, base)
        return iris[nid]

    for nid, data in graph.nodes(data=True):
        if nid in context:
            continue
        subject = iri(nid)
        yield subject, RDF.type, PK[data["label"]]
        for key, value in data.items():
            if key == "label" or value is None:
                continue
            if key == "aliases":
                for alias in value:
                    yield subject, PK.aliases, Literal(alias)
            elif key == "category":
                concept = URIRef(f"{base}category/{quote(value)}")
                yield subject, PK.category, concept
                yield concept, RDF.type, SKOS.Concept
                yield concept, SKOS.prefLabel, Literal(value, lang="zh")
                yield concept, SKOS.inScheme, PK.FunctionalCategories
            else:
                yield subject, _property(key), _literal(key, value)
        if data.get("policy_id") and data["policy_id"] in graph:
            yield subject, PROV.wasDerivedFrom, iri(data["policy_id"])
        if data["label"] == s.DEADLINE_NODE:
            yield from _time(subject, data)

    for source, target, edge_type, data in graph.edges(keys=True, data=True):
        predicate = edge_properties()[edge_type]
        triple = (iri(source), predicate, iri(target))
        yield triple
        if "file" not in data:
            continue  # a structural edge (HAS_TASK, PART_OF) states nothing read from text
        statement = URIRef(f"{base}statement/{stable_id(source, edge_type, target, str(data.get('line')))}")
        yield statement, RDF.type, _QUALIFIED.get(edge_type, RDF.Statement)
        yield statement, RDF.subject, triple[0]
        yield statement, RDF.predicate, predicate
        yield statement, RDF.object, triple[2]
        for key, value in data.items():
            for item in value if isinstance(value, list) else [value]:
                if item is not None:
                    yield statement, _property(key), _literal(key, item)


def serialize(rdf: Graph, fmt: str, base: str = DEFAULT_BASE) -> str:
    """``rdf`` as text in an rdflib format; JSON-LD is compacted with the ontology's prefixes
    and node IRIs are written relative to ``base``."""
    if fmt != "json-ld":
        return rdf.serialize(format=fmt)
    return rdf.serialize(format="json-ld", context=_context(base), auto_compact=True)


def _context(base: str) -> dict[str, str]:
    declared = re.findall(r"@prefix\s+(\w+):\s*<([^>]+)>", resources.files(__package__).joinpath(
        "policykg.ttl").read_text("utf-8"))
    return {"@base": _joined(base), **dict(declared), "time": str(TIME)}


def write(pieces: Iterable[nx.MultiDiGraph], fmt: str, out: TextIO, base: str = DEFAULT_BASE) -> None:
    """Write the triples of ``pieces`` (which share no triple) to ``out`` in ``fmt`` (turtle,
    nt or json-ld), one piece at a time, so that memory holds one piece's triples, never all.

    N-Triples and Turtle are written here, a subject's triples as one Turtle statement (rdflib's
    Turtle writer spends most of an export looking up prefixes). JSON-LD: each piece's node objects
    go into one ``@graph``; a node with edges in several pieces has a node object in each (JSON-LD
    merges node objects by ``@id``)."""
    if fmt == "json-ld":
        out.write('{\n  "@context": ' + json.dumps(_context(base), ensure_ascii=False, indent=2).replace(
            "\n", "\n  ") + ',\n  "@graph": [')
    elif fmt == "turtle":
        out.writelines(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in _PREFIXES.items())
    first = True
    for graph in pieces:
        made = dict.fromkeys(triples(graph, base))  # a category's concept comes with each of its agencies
        if fmt == "nt":
            out.writelines(f"{subject.n3()} {predicate.n3()} {_term(value)} .\n" for subject, predicate, value in made)
        elif fmt == "turtle":
            by_subject: dict[URIRef, list[str]] = {}
            for subject, predicate, value in made:
                by_subject.setdefault(subject, []).append(f"{_pname(predicate)} {_term(value, _pname)}")
            out.writelines(f"\n{subject.n3()} " + " ;\n    ".join(said) + " .\n"
                           for subject, said in by_subject.items())
        elif made:
            rdf = _bound(Graph())
            for triple in made:
                rdf.add(triple)
            data = json.loads(serialize(rdf, fmt, base))
            data.pop("@context", None)
            for item in data.get("@graph", [data]):
                out.write(("\n" if first else ",\n") + "    " + json.dumps(item, ensure_ascii=False, indent=2).replace(
                    "\n", "\n    "))
                first = False
    if fmt == "json-ld":
        out.write("\n  ]\n}\n")


_PREFIXES = {"pk": str(PK), "rdf": str(RDF), "xsd": str(XSD), "prov": str(PROV), "time": str(TIME), "skos": str(SKOS)}
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@lru_cache(maxsize=None)
def _pname(iri: URIRef) -> str:
    """``iri`` as prefix:name when a bound prefix and a plain name spell it, else in full."""
    for prefix, namespace in _PREFIXES.items():
        if iri.startswith(namespace) and _LOCAL.fullmatch(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri.n3()


def _term(term: URIRef | Literal, name=lambda iri: f"<{iri}>") -> str:
    """``term`` in N-Triples or, with ``name`` giving prefixed names, Turtle."""
    if not isinstance(term, Literal):
        return name(term) if str(term).startswith(tuple(_PREFIXES.values())) else term.n3()
    text = '"' + term.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'
    if term.language:
        return f"{text}@{term.language}"
    return f"{text}^^{name(term.datatype)}" if term.datatype else text


def _joined(base: str) -> str:
    return base if base.endswith(("/", "#")) else base + "/"


def _time(deadline: URIRef, data: dict) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """A date deadline as an OWL-Time instant, an interval as a proper interval."""
    if data.get("kind") == "date" and data.get("end"):
        yield deadline, RDF.type, TIME.Instant
        yield deadline, TIME.inXSDDate, _literal("end", data["end"])
    elif data.get("kind") == "interval":
        yield deadline, RDF.type, TIME.ProperInterval
        for edge, key in ((TIME.hasBeginning, "start"), (TIME.hasEnd, "end")):
            instant = URIRef(f"{deadline}/{key}")
            yield deadline, edge, instant
            yield instant, RDF.type, TIME.Instant
            if data.get(key):
                yield instant, TIME.inXSDDate, _literal(key, data[key])


@dataclass
class Violation:
    node: str
    message: str
    file: str | None
    line: int | None


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(data=resources.files(__package__).joinpath("shapes.ttl").read_text("utf-8"), format="turtle")


_SH = Namespace("http://www.w3.org/ns/shacl#")
_TARGETS = (_SH.targetClass, _SH.targetNode, _SH.targetSubjectsOf, _SH.targetObjectsOf)


@lru_cache(maxsize=1)
def _checked_shapes() -> tuple[Graph, frozenset[URIRef]]:
    """``shapes.ttl`` as it is given to pyshacl, and the predicates its shapes can see (those it names
    and rdf:type). pyshacl checks a node shape's property shapes one focus node at a time, building
    their constraints again for each node; here each property shape carries its node shape's targets
    instead, which has the same focus nodes and results and is checked for all of them at once."""
    shapes = Graph()
    for triple in _shapes():
        shapes.add(triple)
    for node_shape, property_shape in list(shapes.subject_objects(_SH.property)):
        for target in _TARGETS:
            for value in shapes.objects(node_shape, target):
                shapes.add((property_shape, target, value))
        shapes.remove((node_shape, _SH.property, property_shape))
        if set(shapes.predicates(node_shape)) <= {RDF.type, *_TARGETS}:  # nothing left to check
            shapes.remove((node_shape, None, None))
    named = {term for triple in _shapes() for term in triple
             if isinstance(term, URIRef) and not str(term).startswith((str(_SH), str(RDF)))}
    return shapes, frozenset(named | {RDF.type})


@lru_cache(maxsize=None)
def _shapes_with(targets: frozenset[tuple[URIRef, Node]]) -> Graph:
    """The shapes of :func:`_checked_shapes` with only the targets ``targets`` (target, value)."""
    shapes = Graph()
    for triple in _checked_shapes()[0]:
        if triple[1] not in _TARGETS or triple[1:] in targets:
            shapes.add(triple)
    return shapes


def _targets_of_own_nodes(rdf: Graph, context: set[URIRef]) -> frozenset[tuple[URIRef, Node]]:
    """The targets of the shapes that select in ``rdf`` a node not in ``context``. A target that selects
    only nodes in context (an agency or deadline in a document's piece: their own piece checks them)
    would give results that are dropped, and making them was half of pyshacl's time."""
    selected = {_SH.targetClass: lambda value: rdf.subjects(RDF.type, value),
                _SH.targetNode: lambda value: [value],
                _SH.targetSubjectsOf: lambda value: rdf.subjects(value, None),
                _SH.targetObjectsOf: lambda value: rdf.objects(None, value)}
    shapes = _checked_shapes()[0]
    return frozenset((target, value) for target in _TARGETS for value in set(shapes.objects(None, target))
                     if any(node not in context for node in selected[target](value)))


def validate(rdf: Graph) -> list[Violation]:
    """Violations of ``shapes.ttl`` in ``rdf``, each with the source line of the node at fault."""
    return sorted(_violations(rdf, set()), key=_order)


def _order(violation: Violation) -> tuple[str, int, str, str]:
    return violation.file or "", violation.line or 0, violation.node, violation.message


@lru_cache(maxsize=1)
def _schema() -> tuple[dict, dict, dict, dict]:
    """From the ontology's RDFS closure: each property's super-properties, the classes its subjects
    and its objects belong to, and each class's super-classes (each with itself)."""
    from owlrl import DeductiveClosure, RDFS_Semantics
    from rdflib import RDFS

    closed = Graph()
    for triple in ontology():
        closed.add(triple)
    DeductiveClosure(RDFS_Semantics).expand(closed)
    tables: tuple[dict, dict, dict, dict] = ({}, {}, {}, {})
    for table, predicate in zip(tables, (RDFS.subPropertyOf, RDFS.domain, RDFS.range, RDFS.subClassOf), strict=True):
        for term, value in closed.subject_objects(predicate):
            table.setdefault(term, {term} if predicate in (RDFS.subPropertyOf, RDFS.subClassOf) else set()).add(value)
    return tables


def _entailed(triples: Iterable[tuple]) -> Graph:
    """``triples`` with what RDFS entails from the ontology, kept to what a shape can see (the
    predicates and classes shapes.ttl names): the triples of super-properties, and the classes that
    domains, ranges and super-classes give. The same facts as pyshacl's inference="rdfs" (owlrl's
    closure of data and ontology) for the targets and paths of shapes.ttl, without the closure's cost
    (owlrl also entails rdfs:Resource, the axioms and more of every triple: 80 % of a validation).
    Every named class a node has is stated, so the ontology's sub-classes need not be in the graph."""
    supers, domains, ranges, classes = _schema()
    _, visible = _checked_shapes()
    made: dict[tuple, None] = {}  # each triple once, in a fixed order: rdflib's add is dear
    types: dict[tuple, None] = {}
    rdf_type = RDF.type  # a DefinedNamespace's attribute is dear in this loop
    for subject, predicate, value in triples:
        for broader in supers.get(predicate, (predicate,)):
            if broader == rdf_type:
                types[subject, value] = None
            elif broader in visible:
                made[subject, broader, value] = None
            for kind in domains.get(broader, ()):
                types[subject, kind] = None
            if not isinstance(value, Literal):
                for kind in ranges.get(broader, ()):
                    types[value, kind] = None
    entailed = Graph()
    for triple in made:
        entailed.add(triple)
    for subject, kind in types:
        for broader in classes.get(kind, (kind,)):
            if broader in visible:
                entailed.add((subject, rdf_type, broader))
    return entailed


def _violations(triples: Iterable[tuple], context: set[URIRef]) -> list[Violation]:
    """The violations in ``triples`` of the nodes not in ``context`` (nodes there only to be pointed at)."""
    from pyshacl import validate as shacl

    rdf = _entailed(triples)
    _, results, _ = shacl(rdf, shacl_graph=_shapes_with(_targets_of_own_nodes(rdf, context)), inplace=True)
    violations = []
    for result in results.subjects(RDF.type, _SH.ValidationResult):
        node = results.value(result, _SH.focusNode)
        if node in context:
            continue
        message = results.value(result, _SH.resultMessage) or results.value(result, _SH.resultPath)
        origin = node
        if rdf.value(node, PK.line) is None:  # a deadline or instant: report the first task due then
            deadline = next(rdf.subjects(TIME.hasEnd, node), None) or next(
                rdf.subjects(TIME.hasBeginning, node), None) or node
            tasks = sorted(rdf.subjects(PK.deadline, deadline),
                           key=lambda t: (str(rdf.value(t, PK.file)), int(str(rdf.value(t, PK.line) or 0))))
            origin = tasks[0] if tasks else node
        line = rdf.value(origin, PK.line)
        file = rdf.value(origin, PK.file)
        violations.append(Violation(str(node), str(message), str(file) if file else None,
                                    int(line) if line is not None else None))
    return violations


MOST_WORKERS = 3
"""Validation processes at most by default: each holds a piece (about 250 MB with the interpreter), so
that together they stay under 1 GB on a machine with many CPUs."""


def validate_pieces(pieces: Iterable[nx.MultiDiGraph], workers: int | None = None) -> list[Violation]:
    """:func:`validate` of the whole store, one piece (:meth:`~policykg.store.base.Store.pieces`) at a
    time, in ``workers`` processes (default: one a CPU, at most :data:`MOST_WORKERS`) while this one
    reads the next pieces. Every shape looks at one node and its edges, and a piece holds its nodes'
    edges and the label of each node they reach. The one fact across pieces is which tasks are due at
    a deadline: a shared node, so the first piece (the shared nodes) is checked last, given for each
    deadline its first task by file and line (where its violations are reported) as the tasks that
    are due then."""
    base = _joined(DEFAULT_BASE)
    pieces = iter(pieces)
    shared = next(pieces, None)
    if shared is None:
        return []
    first_task: dict[URIRef, tuple[tuple[str, int], URIRef, dict]] = {}
    violations: list[Violation] = []
    for found, firsts in _checked(pieces, workers or min(os.cpu_count() or 1, MOST_WORKERS)):
        violations += found
        for due, (key, task, data) in firsts.items():
            if due not in first_task or key < first_task[due][0]:
                first_task[due] = key, task, data
    made = list(triples(shared, base))
    for due, (_, task, data) in first_task.items():
        made.append((task, PK.deadline, due))
        made += [(task, PK[prop], _literal(prop, value)) for prop, value in data.items() if value is not None]
    violations += _violations(made, {task for _, task, _ in first_task.values()})
    return sorted(violations, key=_order)


def _checked(pieces: Iterator[nx.MultiDiGraph], workers: int) -> Iterator[tuple[list[Violation], dict]]:
    """:func:`_check_piece` of each piece, in order; with more than one worker, in a pool of processes
    with at most one piece a worker waiting, so that memory holds a few pieces, never the store."""
    if workers == 1:
        yield from map(_check_piece, pieces)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    _schema(), _checked_shapes()
    # fork: a worker starts with this process's modules and ontology tables, and leaves at its end
    # without this process's exit handlers (the store's)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        waiting: deque = deque()
        for graph in pieces:
            waiting.append(pool.submit(_check_piece, graph))
            if len(waiting) > workers:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()


def _check_piece(graph: nx.MultiDiGraph) -> tuple[list[Violation], dict]:
    """The violations of a document piece's own nodes, and for each deadline its tasks there are due at,
    the first by file and line: ((file, line), task IRI, {file, line})."""
    base = _joined(DEFAULT_BASE)
    context = {node_iri(graph, nid, base): graph.nodes[nid]["label"] for nid in graph.graph["context"]}
    made = list(triples(graph, base)) + [(node, RDF.type, PK[label]) for node, label in context.items()]
    found = _violations(made, set(context))
    firsts: dict[URIRef, tuple[tuple[str, int], URIRef, dict]] = {}
    for task, deadline in {(u, v) for u, v, key in graph.edges(keys=True) if key == s.DEADLINE}:
        data = graph.nodes[task]
        key = (str(data.get("file")), int(data.get("line") or 0))
        due = node_iri(graph, deadline, base)
        if due not in firsts or key < firsts[due][0]:
            firsts[due] = key, node_iri(graph, task, base), {
                prop: data.get(prop) for prop in ("file", "line")}
    return found, firsts
