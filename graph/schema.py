"""The graph's vocabulary: node labels, edge types and their properties, in one place.

The builder, the stores, the queries and the ontology all use these names; a test checks
that the ontology declares every one of them.

Deadlines are stored as properties of the Task (``deadline_raw``, ``deadline_kind``,
``deadline_start``, ``deadline_end``, ``deadline_rule``), not as nodes: a deadline belongs to
exactly one task and is always read with it.
"""
from __future__ import annotations

POLICY, TASK, AGENCY, TARGET, SOURCE, SECTION, GROUP = (
    "Policy", "Task", "Agency", "Target", "SourceDocument", "Section", "LeadingGroup")
NODE_LABELS = (POLICY, TASK, AGENCY, TARGET, SOURCE, SECTION, GROUP)

HAS_TASK, PART_OF, CITES, LEADS, ASSISTS, SETS, ISSUED_BY, MEMBER_OF = (
    "HAS_TASK", "PART_OF", "CITES", "LEADS", "ASSISTS", "SETS", "ISSUED_BY", "MEMBER_OF")
EDGE_TYPES = (HAS_TASK, PART_OF, CITES, LEADS, ASSISTS, SETS, ISSUED_BY, MEMBER_OF)

# Nodes that belong to one document and go with it; the others are shared between documents.
OWNED_LABELS = (TASK, TARGET, SECTION, GROUP)
SHARED_LABELS = (AGENCY, SOURCE)
