"""Write and read statements shared by every store: one text runs on Neo4j 5 and FalkorDB.

Only parameters vary; labels and edge types come from :mod:`policykg.graph.schema`, never
from user input.
"""
from __future__ import annotations

from ..graph import schema as s

# Remove what one document owns (its tasks, targets, sections, groups and its own edges).
DELETE_OWNED = [f"MATCH (n:{label} {{policy_id: $policy_id}}) DETACH DELETE n" for label in s.OWNED_LABELS] + [
    "MATCH (p:Policy {id: $policy_id})-[r]->() DELETE r",
]
DELETE_POLICY = "MATCH (p:Policy {id: $policy_id}) DETACH DELETE p"
# Shared nodes nobody uses any more.
DELETE_ORPHANS = [f"MATCH (n:{label}) WHERE NOT (n)--() DELETE n" for label in s.SHARED_LABELS]


def merge_nodes(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props"


def merge_agencies() -> str:
    """Agencies keep every alias any document used for them."""
    return (f"UNWIND $rows AS row MERGE (n:{s.AGENCY} {{id: row.id}}) SET n += row.props "
            "SET n.aliases = CASE WHEN n.aliases IS NULL THEN row.aliases "
            "ELSE n.aliases + [a IN row.aliases WHERE NOT a IN n.aliases] END")


def create_edges(edge_type: str, source_label: str, target_label: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{source_label} {{id: row.source}}) "
            f"MATCH (b:{target_label} {{id: row.target}}) CREATE (a)-[r:{edge_type}]->(b) SET r += row.props")


COUNT_NODES = "MATCH (n) RETURN labels(n)[0] AS label, count(n) AS count ORDER BY label"
COUNT_EDGES = "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS count ORDER BY type"
POLICY_IDS = "MATCH (p:Policy) RETURN p.id AS id, p.sha256 AS sha256, p.file AS file ORDER BY id"
