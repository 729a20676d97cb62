"""Values of the Neo4j driver become JSON as the embedded store's do (no server needed: the
driver's own types, as it hands them over)."""
import json

import neo4j.graph as graph
import neo4j.time as time

from policykg.store.base import json_rows
from policykg.store.neo4j_store import _describe


def test_neo4j_nodes_relationships_paths_and_temporal_values_become_json():
    g = graph.Graph()
    policy = graph.Node(g, "4:db:1", 1, ["Policy"], {"id": "p1", "issued": time.Date(2021, 3, 4)})
    agency = graph.Node(g, "4:db:2", 2, ["Agency"], {"id": "a1"})
    issued_by = g.relationship_type("ISSUED_BY")(g, "5:db:9", 9, {"line": 3})
    issued_by._start_node, issued_by._end_node = policy, agency
    rows = json_rows([[policy, issued_by, graph.Path(policy, issued_by), time.Duration(days=1, hours=2),
                       time.DateTime(2020, 1, 2, 3, 4, 5)]], _describe, lambda keys: {})
    node, relationship, path, span, moment = rows[0]
    assert node == {"labels": ["Policy"], "properties": {"id": "p1", "issued": "2021-03-04"}}
    assert relationship == {"type": "ISSUED_BY", "start": "p1", "end": "a1", "properties": {"line": 3}}
    assert path["relationships"] == [relationship] and [n["labels"] for n in path["nodes"]] == [["Policy"], ["Agency"]]
    assert span == "P1DT2H" and moment.startswith("2020-01-02T03:04:05")
    json.dumps(rows)


def test_ends_not_in_the_result_are_looked_up_by_element_id():
    g = graph.Graph()
    bare = g.relationship_type("CITES")(g, "5:db:10", 10, {})
    bare._start_node, bare._end_node = graph.Node(g, "4:db:7", 7), graph.Node(g, "4:db:8", 8)
    asked = []

    def end_ids(keys):
        asked.extend(keys)
        return {"4:db:7": "p7", "4:db:8": "s8"}

    assert json_rows([[bare]], _describe, end_ids) == [[{"type": "CITES", "start": "p7", "end": "s8", "properties": {}}]]
    assert asked == ["4:db:7", "4:db:8"]
