"""The ontology declares what the graph uses; the RDF export round-trips and validates."""
import pytest
from rdflib import OWL, RDF, Graph

from policykg.graph import build_graph, schema
from policykg.ontology.rdf import PK, edge_properties, ontology, to_rdf, validate


@pytest.fixture(scope="module")
def seed_graph(seed_docs):
    return build_graph(seed_docs)


@pytest.fixture(scope="module")
def seed_rdf(seed_graph):
    return to_rdf(seed_graph)


def test_ontology_declares_every_label_type_and_property(seed_graph):
    declared = ontology()
    classes = set(declared.subjects(RDF.type, OWL.Class))
    properties = set(declared.subjects(RDF.type, OWL.DatatypeProperty)) | set(
        declared.subjects(RDF.type, OWL.ObjectProperty))
    assert {PK[label] for label in schema.NODE_LABELS} <= classes
    assert set(schema.EDGE_TYPES) <= set(edge_properties())
    used = {key for _, data in seed_graph.nodes(data=True) for key in data if key != "label"}
    used |= {key for *_, data in seed_graph.edges(keys=True, data=True) for key in data}
    assert {key for key in used if PK[key] not in properties} == set()


def test_every_class_and_property_has_chinese_and_english_labels():
    declared = ontology()
    from rdflib import RDFS
    for term in set(declared.subjects(RDF.type, OWL.Class)) | set(declared.subjects(RDF.type, OWL.DatatypeProperty)):
        languages = {label.language for label in declared.objects(term, RDFS.label)}
        assert {"en", "zh"} <= languages, term


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "nt"])
def test_export_parses_back_to_the_same_triples(seed_rdf, fmt):
    text = seed_rdf.serialize(format=fmt)
    assert len(Graph().parse(data=text, format=fmt)) == len(seed_rdf) > 5000


def test_seed_graph_has_no_violations(seed_rdf):
    assert validate(seed_rdf) == []


def test_broken_facts_are_reported_with_their_lines(seed_graph):
    broken = seed_graph.copy()
    task = next(n for n, d in broken.nodes(data=True) if d["label"] == "Task" and d["line"] == 40)  # 包头 task 20
    for source, _, key in [e for e in broken.in_edges(task, keys=True) if e[2] in ("LEADS", "ASSISTS")]:
        broken.remove_edge(source, task, key=key)
    due = next(n for n, d in broken.nodes(data=True) if d["label"] == "Deadline" and d["kind"] == "date"
               and broken.in_degree(n) == 1)  # due for one task only
    broken.nodes[due]["end"] = "2023年底"
    (task, _, edge), = broken.in_edges(due, keys=True)
    del broken.edges[task, due, edge]["raw"]
    violations = validate(to_rdf(broken))
    messages = {(v.line, v.message) for v in violations}
    assert (40, "a Task must have at least one lead, assisting or responsible agency") in messages
    assert any("xsd:date" in m and line == broken.nodes[task]["line"] for line, m in messages)
    assert any(m == "a deadline must keep its raw text" for _, m in messages)


def test_deadlines_are_owl_time_instants_and_intervals(seed_graph, seed_rdf):
    from rdflib import Literal, XSD
    from rdflib.namespace import TIME

    due = {d["end"]: n for n, d in seed_graph.nodes(data=True) if d["label"] == "Deadline" and d["kind"] == "date"}
    instant = next(s for s in seed_rdf.subjects(RDF.type, TIME.Instant) if str(s).endswith(due["2023-12-31"]))
    assert seed_rdf.value(instant, TIME.inXSDDate) == Literal("2023-12-31", datatype=XSD.date)
    assert len(set(seed_rdf.subjects(PK.deadline, instant))) == seed_graph.in_degree(due["2023-12-31"]) > 1
    interval = next(seed_rdf.subjects(RDF.type, TIME.ProperInterval))
    assert seed_rdf.value(seed_rdf.value(interval, TIME.hasEnd), TIME.inXSDDate) is not None


@pytest.mark.parametrize("base", ["http://example.org/x", "http://example.org/x/", "http://example.org/x#"])
def test_base_iri_is_joined_with_a_separator(seed_graph, base):
    task = next(n for n, d in seed_graph.nodes(data=True) if d["label"] == "Task")
    subjects = {str(s) for s in to_rdf(seed_graph, base).subjects()}
    joined = base if base[-1] in "/#" else base + "/"
    assert f"{joined}task/{task}" in subjects
    assert not any(s.startswith("http://example.org/xtask") for s in subjects)


def test_json_ld_is_compacted_with_the_ontology_prefixes(seed_rdf):
    import json

    from policykg.ontology.rdf import serialize

    text = serialize(seed_rdf, "json-ld")
    data = json.loads(text)
    context = data.pop("@context")
    assert context["pk"] == str(PK) and context["@base"] == "https://policykg.org/id/"
    assert "https://policykg.org/" not in json.dumps(data)
    assert len(text) < len(seed_rdf.serialize(format="json-ld")) / 2
    assert Graph().parse(data=text, format="json-ld").isomorphic(seed_rdf)


@pytest.fixture
def citing_store(store, seed_docs, citing_liuan):
    """The seeds and a document citing one of them, stored."""
    from policykg.graph import document_graph
    from policykg.loaders import load_text

    for doc in [load_text(citing_liuan, "citing.txt"), *seed_docs]:
        store.write_document(document_graph(doc), doc.policy.id)
    return store


@pytest.fixture
def broken_store(citing_store):
    """``citing_store`` with facts broken inside a document and across documents: a deadline no task
    has any more, a date deadline with a bad end (reported at the first task of all documents due then),
    a policy citing another document's task, an agency of a kind not allowed (the agency is in every
    piece its tasks are in, and checked in the first)."""
    store = citing_store
    for statement in ["MATCH (t:Task {line: 40})<-[r:LEADS|ASSISTS]-() DELETE r",
                      "MATCH (d:Deadline {kind: 'date'}) WITH d ORDER BY d.id LIMIT 1 SET d.end = '2023年底'",
                      "MATCH (d:Deadline {kind: 'ongoing'})<-[r:DEADLINE]-() DELETE r",
                      "MATCH ()-[r:DEADLINE]->() WITH r ORDER BY r.line LIMIT 1 REMOVE r.raw",
                      "MATCH (p:Policy {number: '舒政办〔2023〕5号'}), (t:Task) WHERE t.policy_id <> p.id "
                      "WITH p, t LIMIT 1 CREATE (p)-[:CITES {line: 3}]->(t)",
                      "MATCH (a:Agency)-[:LEADS]->() WITH DISTINCT a ORDER BY a.id LIMIT 1 SET a.kind = 'other'"]:
        store.run(statement, write=True)
    return store


@pytest.mark.parametrize("workers", [1, 3])  # in this process; in a pool, more pieces than workers
def test_validate_by_pieces_finds_what_the_whole_graph_shows(broken_store, workers):
    from importlib import resources

    from pyshacl import validate as shacl
    from rdflib import Namespace

    from policykg.ontology.rdf import validate_pieces

    rdf = to_rdf(broken_store.to_networkx())
    shapes = Graph().parse(data=resources.files("policykg.ontology").joinpath("shapes.ttl").read_text("utf-8"))
    _, results, _ = shacl(rdf, shacl_graph=shapes, ont_graph=ontology(), inference="rdfs")  # owlrl's whole closure
    sh = Namespace("http://www.w3.org/ns/shacl#")
    found = sorted((str(results.value(r, sh.focusNode)), str(results.value(r, sh.resultMessage)
                                                              or results.value(r, sh.resultPath)))
                   for r in results.subjects(RDF.type, sh.ValidationResult))
    whole = validate(rdf)
    messages = {v.message for v in whole}
    assert {"a Deadline must be the deadline of at least one Task", "what a policy cites must be a SourceDocument "
            "or a Policy", "a deadline must keep its raw text"} <= messages
    assert any("xsd:date" in m for m in messages) and any(v.line == 40 for v in whole)
    assert "an Agency's kind must be agency or group" in messages  # pyshacl's own lists values in hash order
    pieces = validate_pieces(broken_store.pieces(documents=1), workers=workers)
    assert len(list(broken_store.pieces(documents=1))) > workers + 1
    assert pieces == whole and sorted((v.node, v.message) for v in pieces) == found


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_written_pieces_are_the_triples_of_the_whole_graph(citing_store, fmt):
    import io

    from policykg.ontology.rdf import write

    out = io.StringIO()
    write(citing_store.pieces(documents=2), fmt, out)
    whole = to_rdf(citing_store.to_networkx()).serialize(format="nt")  # as written: rdflib Turtle makes 100 100.0
    assert set(Graph().parse(data=out.getvalue(), format=fmt)) == set(Graph().parse(data=whole, format="nt"))
