"""Build the knowledge graph (a networkx MultiDiGraph) from document models."""
from __future__ import annotations

__all__ = ["build_graph", "counts", "document_graph"]


def __getattr__(name: str):
    """The builder (and networkx, 0.5 s to import) loads on first use, not with ``graph.schema``."""
    if name in __all__:
        from . import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
