"""Counts over the store: quads, graphs, articles, facts, entities."""

from __future__ import annotations

from typing import Any

from graph.store import GraphStore
from ontology.namespaces import ID, NG, SCHEMA


def store_stats(store: GraphStore) -> dict[str, Any]:
    """A summary of the store's content.

    >>> from graph.store import GraphStore, open_store
    >>> store_stats(open_store("memory"))["quads"]
    0
    """
    per_graph = {}
    for g in store.named_graphs():
        per_graph[g] = store.count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
    return {
        "quads": len(store),  # a full scan: stats are asked for, not computed per write
        "default_graph_triples": store.count(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", union=False),
        "named_graphs": len(per_graph),
        "articles": store.count(
            f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a <{SCHEMA}NewsArticle> }}"),
        "facts": store.count(f"SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {{ ?f a <{NG}Fact> }}"),
        "entities": store.count(  # typed nodes of article graphs (not the vocabulary's own)
            "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a ?c } "
            f"FILTER(STRSTARTS(STR(?g), \"{ID}graph/article/\")) "
            f"FILTER(STRSTARTS(STR(?c), \"{NG}\")) FILTER NOT EXISTS {{ ?e a <{NG}Fact> }} }}"),
        "graphs": per_graph,
        "generation": store.generation,
    }
