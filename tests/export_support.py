"""Test-only: subgraphs for the export tests (the seed store's whole entity graph, and a tricky one)."""

from __future__ import annotations

from graph.export.registry import get_format
from graph.export.select import Selection, select
from graph.projection import Projection
from graph.projection.shape import Edge, Evidence, Node, PredicateRef, Subgraph
from graph.store import GraphStore
from ontology.namespaces import NG


def seed_subgraph(store: GraphStore) -> Subgraph:
    """Every entity and fact of the store, read through the projection (what ``export`` reads)."""
    return select(Projection(store), Selection(), get_format("graphml"), lambda q: ())


def tricky_subgraph() -> Subgraph:
    """Hand-built: quotes, ampersands, angle brackets, accents, parallel edges, missing evidence."""
    a = Node("organization/a-co", "https://w3id.org/newsgraph/id/organization/a-co", 'A & "Co" <x>', "Organization")
    b = Node("person/élodie", "https://w3id.org/newsgraph/id/person/elodie", "Élodie Brûlé", "Person")
    c = Node("place/memphis", "https://w3id.org/newsgraph/id/place/memphis", "Memphis", "Place", {"pagerank": 0.5})
    e1 = Edge("fact/t/f1", a.id, b.id, PredicateRef(NG + "employs", "employs"), {"role": "CEO"}, "reported",
              "CNBC", 0.8, Evidence("t", 'A dit : « Élodie dirige » & "plus"', 10, 42, "Headline <b>"))
    e2 = Edge("fact/t/f2", a.id, b.id, PredicateRef(NG + "foundedBy", "founded by"), {}, "asserted", None, None,
              Evidence("t", "Fondée par Élodie.", 50, 68))
    e3 = Edge("fact/t/f3", b.id, c.id, PredicateRef(NG + "locatedIn", "located in"), {"date": "2024"}, "planned",
              None, 0.6, None)
    return Subgraph(5, [a, b, c], [e1, e2, e3])
