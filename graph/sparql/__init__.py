"""The SPARQL 1.1 protocol service: negotiation, limits, cache, ETags, dataset, Graph Store Protocol."""
