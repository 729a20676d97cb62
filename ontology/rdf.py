"""The property graph as RDF, in the vocabulary of ``policykg.ttl``, and its SHACL validation.

Nodes become IRIs ``<base>/<label>/<id>`` (no second ``/`` when the base ends in ``/`` or
``#``); edges become triples, and an edge that carries provenance (line, file, span) is also written
in qualified form (``pk:Assignment`` for LEADS/ASSISTS, ``pk:Membership`` for MEMBER_OF,
``pk:Citation`` for CITES, else ``pk:DeadlineStatement`` for DEADLINE, else ``rdf:Statement``) so
the facts about the edge survive. A Deadline node of kind date is also an OWL-Time instant, one of kind interval a
proper interval with its beginning and end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import cast
from urllib.parse import quote

import networkx as nx
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS, TIME

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


def _literal(key: str, value) -> Literal:
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
    base = _joined(base)
    rdf = Graph()
    rdf.bind("pk", PK)
    rdf.bind("prov", PROV)
    rdf.bind("time", TIME)
    rdf.bind("skos", SKOS)

    def iri(nid: str) -> URIRef:
        return URIRef(f"{base}{graph.nodes[nid]['label'].lower()}/{nid}")

    for nid, data in graph.nodes(data=True):
        subject = iri(nid)
        rdf.add((subject, RDF.type, PK[data["label"]]))
        for key, value in data.items():
            if key == "label" or value is None:
                continue
            if key == "aliases":
                for alias in value:
                    rdf.add((subject, PK.aliases, Literal(alias)))
            elif key == "category":
                concept = URIRef(f"{base}category/{quote(value)}")
                rdf.add((subject, PK.category, concept))
                rdf.add((concept, RDF.type, SKOS.Concept))
                rdf.add((concept, SKOS.prefLabel, Literal(value, lang="zh")))
                rdf.add((concept, SKOS.inScheme, PK.FunctionalCategories))
            else:
                rdf.add((subject, PK[key], _literal(key, value)))
        if data.get("policy_id") and data["policy_id"] in graph:
            rdf.add((subject, PROV.wasDerivedFrom, iri(data["policy_id"])))
        if data["label"] == s.DEADLINE_NODE:
            _time(rdf, subject, data)

    for source, target, edge_type, data in graph.edges(keys=True, data=True):
        predicate = edge_properties()[edge_type]
        triple = (iri(source), predicate, iri(target))
        rdf.add(triple)
        if "file" not in data:
            continue  # a structural edge (HAS_TASK, PART_OF) states nothing read from text
        statement = URIRef(f"{base}statement/{stable_id(source, edge_type, target, str(data.get('line')))}")
        rdf.add((statement, RDF.type, _QUALIFIED.get(edge_type, RDF.Statement)))
        rdf.add((statement, RDF.subject, triple[0]))
        rdf.add((statement, RDF.predicate, predicate))
        rdf.add((statement, RDF.object, triple[2]))
        for key, value in data.items():
            for item in value if isinstance(value, list) else [value]:
                if item is not None:
                    rdf.add((statement, PK[key], _literal(key, item)))
    return rdf


def serialize(rdf: Graph, fmt: str, base: str = DEFAULT_BASE) -> str:
    """``rdf`` as text in an rdflib format; JSON-LD is compacted with the ontology's prefixes
    and node IRIs are written relative to ``base``."""
    if fmt != "json-ld":
        return rdf.serialize(format=fmt)
    declared = re.findall(r"@prefix\s+(\w+):\s*<([^>]+)>", resources.files(__package__).joinpath(
        "policykg.ttl").read_text("utf-8"))
    context = {"@base": _joined(base), **dict(declared), "time": str(TIME)}
    return rdf.serialize(format="json-ld", context=context, auto_compact=True)


def _joined(base: str) -> str:
    return base if base.endswith(("/", "#")) else base + "/"


def _time(rdf: Graph, deadline: URIRef, data: dict) -> None:
    """A date deadline as an OWL-Time instant, an interval as a proper interval."""
    if data.get("kind") == "date" and data.get("end"):
        rdf.add((deadline, RDF.type, TIME.Instant))
        rdf.add((deadline, TIME.inXSDDate, _literal("end", data["end"])))
    elif data.get("kind") == "interval":
        rdf.add((deadline, RDF.type, TIME.ProperInterval))
        for edge, key in ((TIME.hasBeginning, "start"), (TIME.hasEnd, "end")):
            instant = URIRef(f"{deadline}/{key}")
            rdf.add((deadline, edge, instant))
            rdf.add((instant, RDF.type, TIME.Instant))
            if data.get(key):
                rdf.add((instant, TIME.inXSDDate, _literal(key, data[key])))


@dataclass
class Violation:
    node: str
    message: str
    file: str | None
    line: int | None


def validate(rdf: Graph) -> list[Violation]:
    """Violations of ``shapes.ttl`` in ``rdf``, each with the source line of the node at fault."""
    from pyshacl import validate as shacl

    shapes = Graph().parse(data=resources.files(__package__).joinpath("shapes.ttl").read_text("utf-8"),
                           format="turtle")
    _, results, _ = shacl(rdf, shacl_graph=shapes, ont_graph=ontology(), inference="rdfs", advanced=True)
    sh = Namespace("http://www.w3.org/ns/shacl#")
    violations = []
    for result in results.subjects(RDF.type, sh.ValidationResult):
        node = results.value(result, sh.focusNode)
        message = results.value(result, sh.resultMessage) or results.value(result, sh.resultPath)
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
    return sorted(violations, key=lambda v: (v.file or "", v.line or 0, v.node))
