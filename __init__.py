"""policykg: Chinese government policy documents as a queryable knowledge graph."""

__version__ = "0.1.0"
