"""The graph's vocabulary: node labels, edge types and their properties, in one place.

The builder, the stores, the queries and the ontology all use these names; a test checks
that the ontology declares every one of them.

A deadline is a shared ``Deadline`` node, one per normal form (``kind``, ``start``, ``end``,
``rule``): every task due 2023-12-31 meets at one node, as do all ``ongoing`` tasks and all
tasks due by one yearly rule. The ``DEADLINE`` edge from a task carries what the text says:
the phrase as written (``raw``, ``span``), its ``line`` and its ``basis`` (``text`` when
the phrase stands in the task's text, ``label`` when it stands apart: a 完成时限 line or a
deadline column).

A task's ``PART_OF`` edge points at its section, or, for a subtask (an unnumbered paragraph with
owners of its own under a numbered item), at its numbered task. A ``STANDING`` edge from an agency to
a policy records a role the document assigns once for every later task (以下均需各片区配合落实，不再列出):
one fact with its ``role``, ``line`` and ``span``, not an edge to each task.
"""
from __future__ import annotations

POLICY, TASK, AGENCY, TARGET, SOURCE, SECTION, GROUP, DEADLINE_NODE = (
    "Policy", "Task", "Agency", "Target", "SourceDocument", "Section", "LeadingGroup", "Deadline")
NODE_LABELS = (POLICY, TASK, AGENCY, TARGET, SOURCE, SECTION, GROUP, DEADLINE_NODE)

HAS_TASK, PART_OF, CITES, LEADS, ASSISTS, SETS, ISSUED_BY, MEMBER_OF, DEADLINE, STANDING = (
    "HAS_TASK", "PART_OF", "CITES", "LEADS", "ASSISTS", "SETS", "ISSUED_BY", "MEMBER_OF", "DEADLINE", "STANDING")
EDGE_TYPES = (HAS_TASK, PART_OF, CITES, LEADS, ASSISTS, SETS, ISSUED_BY, MEMBER_OF, DEADLINE, STANDING)

# Nodes that belong to one document and go with it; the others are shared between documents.
OWNED_LABELS = (TASK, TARGET, SECTION, GROUP)
SHARED_LABELS = (AGENCY, SOURCE, DEADLINE_NODE)
