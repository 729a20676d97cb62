"""The graph's vocabulary as an OWL ontology (policykg.ttl) and its RDF export."""
