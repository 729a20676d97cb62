"""Build the knowledge graph (a networkx MultiDiGraph) from document models."""
from .build import build_graph, counts, document_graph

__all__ = ["build_graph", "counts", "document_graph"]
