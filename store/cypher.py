"""Write and read statements shared by every store: one text runs on Neo4j 5 and FalkorDB.

Only parameters vary; labels and edge types come from :mod:`policykg.graph.schema`, never
from user input.

A document is written in two steps. **Stage**: its new nodes are created under the label
``Staged`` (with their real label in ``staged_label``) and its policy's new edges hang from a
staged twin of the policy node, so no query sees them. **Commit**: the old version's nodes and
edges are deleted, the twin's edges move to the policy node, and staged nodes take their real
labels. A failed stage is undone by deleting what it staged, so a document is never half
written; staged leftovers of a killed loader are invisible and removed by the next write.
"""
from __future__ import annotations

from ..graph import schema as s

STAGED = "Staged"
# Kept with tasks and targets for full-text indexes by stores written before policykg dropped them.
SEARCH_GRAMS = "search_grams"
# An agency's task counts by role, kept for the questions that rank agencies.
ROLE_COUNTS = (("lead", "n_led"), ("assist", "n_assisted"), ("responsible", "n_responsible"))
# Two agencies that own tasks together (LEADS or ASSISTS, any role) are joined by one edge of
# this type, from the lower id to the higher, whose ``tasks`` counts the tasks they share: kept
# for co-responsibility, which would otherwise pair every two owners of every task (3.2 s for
# every pair at 10,000 documents). Not a fact of the graph: exports leave it out.
PAIRS = "SHARES_TASKS"
# Edges of the policy node, by direction: they are staged on the twin and moved on commit.
POLICY_OUT = (s.HAS_TASK, s.CITES, s.ISSUED_BY, s.SETS)
POLICY_IN = (s.PART_OF,)

CLEAR_STAGED = f"MATCH (n:{STAGED} {{policy_id: $policy_id}}) DETACH DELETE n"
# What a writer that died left staged, of any document, and the shared nodes it reached.
COUNT_STAGED = f"MATCH (n:{STAGED}) RETURN count(n)"
STAGED_NEIGHBOURS = f"MATCH (:{STAGED})--(m) WHERE NOT m:{STAGED} RETURN DISTINCT m.id"
CLEAR_ALL_STAGED = f"MATCH (n:{STAGED}) DETACH DELETE n"
# Shared nodes a document's current version uses: the only ones its rewrite can leave unused.
SHARED_OF_DOCUMENT = " UNION ".join(
    [f"MATCH (:{owner} {{policy_id: $policy_id}})<-[]-(n:{s.AGENCY}) RETURN DISTINCT n.id AS id"
     for owner in (s.TASK, s.GROUP)]
    + [f"MATCH (:{s.TASK} {{policy_id: $policy_id}})-[:{s.DEADLINE}]->(n:{s.DEADLINE_NODE}) RETURN DISTINCT n.id AS id"]
    + [f"MATCH (:{s.POLICY} {{id: $policy_id}})-[]->(n:{label}) RETURN DISTINCT n.id AS id"
       for label in (s.AGENCY, s.SOURCE)])
# Of those shared nodes (parameter ids), the ones nobody uses any more.
DELETE_ORPHANS = [f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) WHERE NOT (n)--() DELETE n"
                  for label in s.SHARED_LABELS]


def stage_twin() -> str:
    return f"CREATE (:{STAGED} {{id: $twin, policy_id: $policy_id, staged_label: '{s.POLICY}'}})"


def stage_nodes() -> str:
    return f"UNWIND $rows AS row CREATE (n:{STAGED}) SET n += row.props"


def merge_agencies(counted: bool = False) -> str:
    """Agencies keep every alias any document used for them; ``counted`` rows also add to the
    agency's task counts by role (``row.counts``, see :data:`ROLE_COUNTS`)."""
    counts = "".join(f", n.{name} = coalesce(n.{name}, 0) + row.counts.{name}" for _, name in ROLE_COUNTS)
    return (f"UNWIND $rows AS row MERGE (n:{s.AGENCY} {{id: row.id}}) SET n += row.props "
            "SET n.aliases = CASE WHEN n.aliases IS NULL THEN row.aliases "
            "ELSE n.aliases + [a IN row.aliases WHERE NOT a IN n.aliases] END" + (counts if counted else ""))


def merge_deadlines() -> str:
    """A deadline's normal form is one node, whichever document first used it."""
    return f"UNWIND $rows AS row MERGE (n:{s.DEADLINE_NODE} {{id: row.id}}) SET n += row.props"


def merge_sources() -> str:
    """Cited documents with a number, unless already loaded as a Policy."""
    return (f"UNWIND $rows AS row OPTIONAL MATCH (p:{s.POLICY} {{id: row.id}}) WITH row, p WHERE p IS NULL "
            f"MERGE (n:{s.SOURCE} {{id: row.id}}) SET n += row.props")


def adopt_titled_sources() -> list[str]:
    """A numbered source takes over the citations of the source known until now by its title alone."""
    return [
        f"UNWIND $rows AS row MATCH (new:{s.SOURCE} {{id: row.id}}) "
        f"MATCH (old:{s.SOURCE} {{title_key: row.props.title_key}}) WHERE old.number IS NULL "
        f"MATCH (p)-[r:{s.CITES}]->(old) CREATE (p)-[c:{s.CITES}]->(new) SET c += properties(r) DELETE r",
        f"UNWIND $rows AS row MATCH (old:{s.SOURCE} {{title_key: row.props.title_key}}) "
        f"WHERE old.number IS NULL AND NOT (old)--() DELETE old",
    ]


def merge_titled_sources() -> str:
    """Documents cited by title alone, unless a numbered source or a loaded policy carries that title."""
    return (f"UNWIND $rows AS row OPTIONAL MATCH (d:{s.SOURCE} {{title_key: row.props.title_key}}) "
            f"WHERE d.number IS NOT NULL WITH row, count(d) AS numbered "
            f"OPTIONAL MATCH (p:{s.POLICY} {{title_key: row.props.title_key}}) WITH row, numbered, count(p) AS titled "
            f"OPTIONAL MATCH (q:{s.POLICY} {{plan_title_key: row.props.title_key}}) "
            f"WITH row, numbered, titled, count(q) AS planned WHERE numbered + titled + planned = 0 "
            f"MERGE (n:{s.SOURCE} {{id: row.id}}) SET n += row.props")


def create_edges(edge_type: str, source_label: str, target_label: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{source_label} {{id: row.source}}) "
            f"MATCH (b:{target_label} {{id: row.target}}) CREATE (a)-[r:{edge_type}]->(b) SET r += row.props")


def create_citations(source_label: str = STAGED) -> str:
    """CITES reaches the cited document whether it is a SourceDocument or a loaded Policy; a title
    cited alone (row.title_key) reaches the loaded policy with that title (or plan title), else
    the numbered source with that title, when there is one."""
    return (f"UNWIND $rows AS row MATCH (a:{source_label} {{id: row.source}}) "
            f"OPTIONAL MATCH (t:{s.POLICY} {{title_key: row.title_key}}) "
            f"WITH a, row, t ORDER BY t.id WITH a, row, collect(t)[0] AS titled "
            f"OPTIONAL MATCH (u:{s.POLICY} {{plan_title_key: row.title_key}}) "
            f"WITH a, row, titled, u ORDER BY u.id WITH a, row, titled, collect(u)[0] AS planned "
            f"OPTIONAL MATCH (n:{s.SOURCE} {{title_key: row.title_key}}) WHERE n.number IS NOT NULL "
            f"WITH a, row, titled, planned, n ORDER BY n.id "
            f"WITH a, row, titled, planned, collect(n)[0] AS numbered "
            f"OPTIONAL MATCH (d:{s.SOURCE} {{id: row.target}}) OPTIONAL MATCH (p:{s.POLICY} {{id: row.target}}) "
            f"WITH a, row, coalesce(p, titled, planned, numbered, d) AS b WHERE b IS NOT NULL "
            f"CREATE (a)-[r:{s.CITES}]->(b) SET r += row.props")


def create_nodes(label: str) -> str:
    return f"UNWIND $rows AS row CREATE (n:{label}) SET n += row.props"


def adopt_title_citations(policy_id: str, title_keys: str, prefix: str = "") -> list[str]:
    """A document cited until now by its title alone (one of ``title_keys``) is the policy
    ``policy_id``: its citations move there. The arguments are Cypher expressions."""
    return [
        f"{prefix}MATCH (old:{s.SOURCE}) WHERE old.number IS NULL AND old.title_key IN {title_keys} "
        f"MATCH (x)-[r:{s.CITES}]->(old) MATCH (p:{s.POLICY} {{id: {policy_id}}}) "
        f"CREATE (x)-[c:{s.CITES}]->(p) SET c += properties(r) DELETE r",
        f"{prefix}MATCH (old:{s.SOURCE}) WHERE old.number IS NULL AND old.title_key IN {title_keys} "
        f"AND NOT (old)--() DELETE old",
    ]


# Writing documents that are not stored yet: no staging, their nodes are created in place.
# A SourceDocument that is now loaded becomes the Policy (same node, same id).
PROMOTE_SOURCES = f"UNWIND $ids AS id MATCH (n:{s.SOURCE} {{id: id}}) SET n:{s.POLICY} REMOVE n:{s.SOURCE}"
MERGE_POLICIES = f"UNWIND $rows AS row MERGE (p:{s.POLICY} {{id: row.id}}) SET p = row.props"
ADOPT_TITLE_CITATIONS = adopt_title_citations("row.id", "row.title_keys", "UNWIND $rows AS row ")
CLEAR_STAGED_OF = f"UNWIND $ids AS id MATCH (n:{STAGED} {{policy_id: id}}) DETACH DELETE n"


def _pairs(tasks: str) -> str:
    """Each two agencies that own tasks of ``tasks`` (a MATCH of ``t``), with how many (``n``)."""
    return (f"{tasks} MATCH (a)-[:{s.LEADS}|{s.ASSISTS}]->(t)<-[:{s.LEADS}|{s.ASSISTS}]-(b) WHERE a.id < b.id "
            "WITH DISTINCT a, b, t WITH a, b, count(t) AS n ")


# The pairs of the documents $ids (their tasks stored as Task) are added, or taken away before
# the documents go; a pair that no task joins any more goes too.
DOCUMENT_TASKS = f"UNWIND $ids AS id MATCH (t:{s.TASK} {{policy_id: id}})"
ADD_PAIRS = (_pairs(DOCUMENT_TASKS) + f"MERGE (a)-[r:{PAIRS}]->(b) "
             "ON CREATE SET r.tasks = n ON MATCH SET r.tasks = r.tasks + n")
# (Two statements: FalkorDB 4.16 runs neither the SET nor the DELETE of
# ``SET r.tasks = 0 WITH r WHERE r.tasks < 1 DELETE r``.)
SUBTRACT_PAIRS = [
    _pairs(DOCUMENT_TASKS) + f"MATCH (a)-[r:{PAIRS}]->(b) SET r.tasks = r.tasks - n",
    f"{DOCUMENT_TASKS} MATCH (a)-[:{s.LEADS}|{s.ASSISTS}]->(t) WITH DISTINCT a "
    f"MATCH (a)-[r:{PAIRS}]->() WHERE r.tasks < 1 DELETE r"]
# The pairs of the agencies $ids, counted again from their tasks (after a failed block, whose
# statements may or may not have run).
RECOUNT_PAIRS = [
    f"UNWIND $ids AS id MATCH (:{s.AGENCY} {{id: id}})-[r:{PAIRS}]-() WITH DISTINCT r DELETE r",
    # a pair with one of them shares only tasks of that one: its count over those tasks is whole
    _pairs(f"UNWIND $ids AS id MATCH (:{s.AGENCY} {{id: id}})-[:{s.LEADS}|{s.ASSISTS}]->(t:{s.TASK}) WITH DISTINCT t")
    + f"WHERE a.id IN $ids OR b.id IN $ids MERGE (a)-[r:{PAIRS}]->(b) SET r.tasks = n"]
# Every pair, counted once for a store written before pairs were kept (it has none, but tasks with two owners).
ANY_PAIR = f"MATCH ()-[r:{PAIRS}]->() RETURN r.tasks LIMIT 1"
ANY_SHARED_TASK = (f"MATCH (a)-[:{s.LEADS}|{s.ASSISTS}]->(t:{s.TASK})<-[:{s.LEADS}|{s.ASSISTS}]-(b) "
                   "WHERE a <> b RETURN t.id LIMIT 1")
COUNT_ALL_PAIRS = _pairs(f"MATCH (t:{s.TASK})") + f"MERGE (a)-[r:{PAIRS}]->(b) SET r.tasks = n"
RECOUNT_ROLES = (f"UNWIND $ids AS id MATCH (a:{s.AGENCY} {{id: id}}) "
                 f"OPTIONAL MATCH (a)-[r:{s.LEADS}|{s.ASSISTS}]->(:{s.TASK}) WITH a, "
                 + ", ".join(f"count(CASE WHEN r.role = '{role}' THEN 1 END) AS {name}" for role, name in ROLE_COUNTS)
                 + " SET " + ", ".join(f"a.{name} = {name}" for _, name in ROLE_COUNTS))
# A version stored in the meantime (another process loading the same document) goes first,
# in the same block, with its share of the agencies' counts and pairs.
DELETE_VERSIONS = [*SUBTRACT_PAIRS,
    f"UNWIND $ids AS id MATCH (a:{s.AGENCY})-[r:{s.LEADS}|{s.ASSISTS}]->(:{s.TASK} {{policy_id: id}}) WITH a, "
    + ", ".join(f"count(CASE WHEN r.role = '{role}' THEN 1 END) AS {name}" for role, name in ROLE_COUNTS)
    + " SET " + ", ".join(f"a.{name} = a.{name} - {name}" for _, name in ROLE_COUNTS)] + [
    f"UNWIND $ids AS id MATCH (n:{label} {{policy_id: id}}) DETACH DELETE n" for label in s.OWNED_LABELS] + [
    f"UNWIND $ids AS id MATCH (p:{s.POLICY} {{id: id}})-[r]->() DELETE r"]
STORED_VERSIONS = f"UNWIND $ids AS id MATCH (p:{s.POLICY} {{id: id}}) RETURN p.id, p.sha256, p.file"
STORED_HASHES = f"MATCH (p:{s.POLICY}) WHERE p.sha256 IS NOT NULL RETURN p.sha256, p.file"


def commit() -> list[str]:
    """Swap the staged version in for the old one (parameters: policy_id, twin, props, title_keys,
    and ids: [policy_id])."""
    statements = list(SUBTRACT_PAIRS)  # $ids: [$policy_id]
    statements += [f"MATCH (n:{label} {{policy_id: $policy_id}}) DETACH DELETE n" for label in s.OWNED_LABELS]
    statements += [
        f"MATCH (p:{s.POLICY} {{id: $policy_id}})-[r]->() DELETE r",
        # a cited document that is now loaded becomes the Policy (same node, same id)
        f"MATCH (n:{s.SOURCE} {{id: $policy_id}}) SET n:{s.POLICY} REMOVE n:{s.SOURCE}",
        f"MERGE (p:{s.POLICY} {{id: $policy_id}}) SET p = $props",
    ] + adopt_title_citations("$policy_id", "$title_keys")
    statements += [f"MATCH (t:{STAGED} {{id: $twin}})-[r:{edge}]->(x) MATCH (p:{s.POLICY} {{id: $policy_id}}) "
                   f"CREATE (p)-[n:{edge}]->(x) SET n += properties(r)" for edge in POLICY_OUT]
    statements += [f"MATCH (x)-[r:{edge}]->(t:{STAGED} {{id: $twin}}) MATCH (p:{s.POLICY} {{id: $policy_id}}) "
                   f"CREATE (x)-[n:{edge}]->(p) SET n += properties(r)" for edge in POLICY_IN]
    statements.append(f"MATCH (t:{STAGED} {{id: $twin}}) DETACH DELETE t")
    statements += [f"MATCH (n:{STAGED} {{policy_id: $policy_id, staged_label: '{label}'}}) "
                   f"SET n:{label} REMOVE n:{STAGED} SET n.staged_label = NULL" for label in s.OWNED_LABELS]
    return statements + [ADD_PAIRS]


# The titles by which other documents cite a loaded policy alone (before it is deleted).
TITLE_CITATIONS_OF = (f"MATCH ()-[r:{s.CITES}]->(:{s.POLICY} {{id: $policy_id}}) WHERE r.title_key IS NOT NULL "
                      "RETURN DISTINCT r.title_key, r.span")
# Those citations go back to the numbered source with that title, else to a source of that title.
UNLINK_TITLE_CITATIONS = [
    f"UNWIND $rows AS row OPTIONAL MATCH (n:{s.SOURCE} {{title_key: row.key}}) WHERE n.number IS NOT NULL "
    f"WITH row, count(n) AS numbered WHERE numbered = 0 MERGE (d:{s.SOURCE} {{id: row.id}}) SET d += row.props",
    f"UNWIND $rows AS row MATCH (x)-[r:{s.CITES}]->(:{s.POLICY} {{id: $policy_id}}) WHERE r.title_key = row.key "
    f"OPTIONAL MATCH (n:{s.SOURCE} {{title_key: row.key}}) WHERE n.number IS NOT NULL "
    f"WITH row, x, r, n ORDER BY n.id WITH row, x, r, collect(n)[0] AS numbered "
    f"OPTIONAL MATCH (d:{s.SOURCE} {{id: row.id}}) WITH x, r, coalesce(numbered, d) AS b "
    f"CREATE (x)-[c:{s.CITES}]->(b) SET c += properties(r) DELETE r",
]

# Remove a document (parameters: policy_id, and ids: [policy_id]); one that others still cite
# goes back to being a SourceDocument.
DELETE_DOCUMENT = [CLEAR_STAGED, *SUBTRACT_PAIRS] + [
    f"MATCH (n:{label} {{policy_id: $policy_id}}) DETACH DELETE n" for label in s.OWNED_LABELS] + [
    f"MATCH (p:{s.POLICY} {{id: $policy_id}})-[r]->() DELETE r",
    f"MATCH (p:{s.POLICY} {{id: $policy_id}})<-[:{s.CITES}]-() SET p:{s.SOURCE} REMOVE p:{s.POLICY}",
    f"MATCH (p:{s.POLICY} {{id: $policy_id}}) DETACH DELETE p",
]

COUNT_NODES = (f"MATCH (n) WHERE NOT n:{STAGED} "
               "RETURN labels(n)[0] AS label, count(n) AS count ORDER BY label")
COUNT_EDGES = (f"MATCH (a)-[r]->(b) WHERE NOT a:{STAGED} AND NOT b:{STAGED} AND type(r) <> '{PAIRS}' "
               "RETURN type(r) AS type, count(r) AS count ORDER BY type")
ALL_NODES = f"MATCH (n) WHERE NOT n:{STAGED} RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props"
_EDGE_ROW = "RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props"
ALL_EDGES = f"MATCH (a)-[r]->(b) WHERE NOT a:{STAGED} AND NOT b:{STAGED} AND type(r) <> '{PAIRS}' {_EDGE_ROW}"
ALL_PAIRS = f"MATCH (a)-[r:{PAIRS}]->(b) {_EDGE_ROW}"


def drop_property(label: str, prop: str) -> str:
    """Remove a property from every node of a label (a property of an earlier version)."""
    return f"MATCH (n:{label}) WHERE n.{prop} IS NOT NULL SET n.{prop} = NULL"
