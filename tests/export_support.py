"""Test-only: subgraphs for the export tests (one built by hand, one read from the seed store)."""

from __future__ import annotations

from graph.projection.shape import Edge, Evidence, Node, PredicateRef, Subgraph
from graph.store import GraphStore
from ontology.namespaces import ID, NG

_SEED = """
SELECT ?fact ?s ?sl ?st ?p ?pl ?o ?ol ?ot ?modality ?who ?text ?start ?end ?conf ?article WHERE {
  GRAPH ?g { ?fact a ng:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; ng:modality ?modality ;
             prov:wasDerivedFrom ?art .
    OPTIONAL { ?fact rdfs:label ?pl } OPTIONAL { ?fact ng:evidenceText ?text }
    OPTIONAL { ?fact ng:startOffset ?start } OPTIONAL { ?fact ng:endOffset ?end }
    OPTIONAL { ?fact ng:confidence ?conf } OPTIONAL { ?fact ng:attributedTo/rdfs:label ?who } }
  ?s rdfs:label ?sl ; a ?st . ?o rdfs:label ?ol ; a ?ot .
  FILTER(STRSTARTS(STR(?st), STR(ng:)) && STRSTARTS(STR(?ot), STR(ng:)))
  BIND(STRAFTER(STR(?art), "/article/") AS ?article)
} ORDER BY ?fact"""


def seed_subgraph(store: GraphStore) -> Subgraph:
    """Every entity-to-entity fact of the store (a stand-in until the projection is merged)."""
    nodes: dict[str, Node] = {}
    edges: dict[str, Edge] = {}
    res = store.query(_SEED)
    for sol in res:
        ids = []
        for var in ("s", "o"):
            iri = sol[var].value
            node_id = iri.removeprefix(ID)
            nodes.setdefault(node_id, Node(node_id, iri, sol[var + "l"].value,
                                           sol[var + "t"].value.removeprefix(NG)))
            ids.append(node_id)
        fid = sol["fact"].value.removeprefix(ID)
        if fid in edges:
            continue
        ev = Evidence(sol["article"].value, sol["text"].value, int(sol["start"].value),
                      int(sol["end"].value)) if sol["text"] is not None else None
        edges[fid] = Edge(fid, ids[0], ids[1], PredicateRef(sol["p"].value, sol["pl"].value if sol["pl"] else ""),
                          modality=sol["modality"].value.rsplit("#", 1)[-1].lower(),
                          attributed_to=sol["who"].value if sol["who"] else None,
                          confidence=float(sol["conf"].value) if sol["conf"] else None, evidence=ev)
    return Subgraph(store.generation, list(nodes.values()), list(edges.values()))


def tricky_subgraph() -> Subgraph:
    """Hand-built: quotes, ampersands, angle brackets, accents, a parallel edge, a self-loop-free pair."""
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
