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
# A deleted document that others still cite goes back to being a SourceDocument.
DELETE_POLICY = [
    f"MATCH (p:{s.POLICY} {{id: $policy_id}})<-[:{s.CITES}]-() SET p:{s.SOURCE} REMOVE p:{s.POLICY}",
    f"MATCH (p:{s.POLICY} {{id: $policy_id}}) DETACH DELETE p",
]
# A cited document that is now loaded becomes the Policy (same node, same id).
PROMOTE_SOURCE = f"MATCH (n:{s.SOURCE} {{id: $policy_id}}) SET n:{s.POLICY} REMOVE n:{s.SOURCE}"
# Shared nodes nobody uses any more.
DELETE_ORPHANS = [f"MATCH (n:{label}) WHERE NOT (n)--() DELETE n" for label in s.SHARED_LABELS]


def merge_nodes(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props"


def merge_agencies() -> str:
    """Agencies keep every alias any document used for them."""
    return (f"UNWIND $rows AS row MERGE (n:{s.AGENCY} {{id: row.id}}) SET n += row.props "
            "SET n.aliases = CASE WHEN n.aliases IS NULL THEN row.aliases "
            "ELSE n.aliases + [a IN row.aliases WHERE NOT a IN n.aliases] END")


def merge_sources() -> str:
    """Cited documents, unless already loaded as a Policy."""
    return (f"UNWIND $rows AS row OPTIONAL MATCH (p:{s.POLICY} {{id: row.id}}) WITH row, p WHERE p IS NULL "
            f"MERGE (n:{s.SOURCE} {{id: row.id}}) SET n += row.props")


def create_citations() -> str:
    """CITES reaches the cited document whether it is a SourceDocument or a loaded Policy."""
    return (f"UNWIND $rows AS row MATCH (a:{s.POLICY} {{id: row.source}}) "
            f"OPTIONAL MATCH (d:{s.SOURCE} {{id: row.target}}) OPTIONAL MATCH (p:{s.POLICY} {{id: row.target}}) "
            f"WITH a, row, coalesce(p, d) AS b WHERE b IS NOT NULL CREATE (a)-[r:{s.CITES}]->(b) SET r += row.props")


def create_edges(edge_type: str, source_label: str, target_label: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{source_label} {{id: row.source}}) "
            f"MATCH (b:{target_label} {{id: row.target}}) CREATE (a)-[r:{edge_type}]->(b) SET r += row.props")


COUNT_NODES = "MATCH (n) RETURN labels(n)[0] AS label, count(n) AS count ORDER BY label"
COUNT_EDGES = "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS count ORDER BY type"
ALL_NODES = "MATCH (n) RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props"
ALL_EDGES = "MATCH (a)-[r]->(b) RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props"
