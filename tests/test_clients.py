"""Real SPARQL clients against the real server: SPARQLWrapper and rdflib's SPARQLStore/SPARQLUpdateStore."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from tests.conftest import Server

NG = "https://w3id.org/newsgraph/ontology#"


def test_sparqlwrapper_select_ask_construct(server: Server) -> None:
    sw = SPARQLWrapper(server.sparql)
    sw.setReturnFormat(JSON)
    sw.setQuery(f"""SELECT ?qty WHERE {{ ?t a <{NG}HardwareTransfer> ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>/<http://www.w3.org/2000/01/rdf-schema#label> "Tesla" ;
        <{NG}quantity> ?qty }}""")
    rows = sw.queryAndConvert()["results"]["bindings"]
    assert {r["qty"]["value"] for r in rows} >= {"12000"}
    sw.setQuery(f"ASK {{ ?x a <{NG}Supercomputer> }}")
    assert sw.queryAndConvert()["boolean"] is True
    sw.setQuery(f"CONSTRUCT {{ ?x a <{NG}Supercomputer> }} WHERE {{ ?x a <{NG}Supercomputer> }}")
    sw.setReturnFormat(TURTLE)
    g = Graph().parse(data=sw.queryAndConvert(), format="turtle")
    assert len(g) >= 1
    sw.setReturnFormat(JSON)
    sw.setQuery("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed):
        sw.queryAndConvert()


def test_sparqlwrapper_update_with_token(server: Server) -> None:
    sw = SPARQLWrapper(server.sparql)
    sw.setMethod(POST)
    sw.addCustomHttpHeader("Authorization", f"Bearer {server.token}")
    sw.setQuery("INSERT DATA { GRAPH <http://e/sw> { <http://e/sw-s> <http://e/p> 'via SPARQLWrapper' } }")
    sw.query()
    check = SPARQLWrapper(server.sparql)
    check.setReturnFormat(JSON)
    check.setQuery("ASK { GRAPH <http://e/sw> { <http://e/sw-s> <http://e/p> 'via SPARQLWrapper' } }")
    assert check.queryAndConvert()["boolean"] is True
    sw.setQuery("DROP GRAPH <http://e/sw>")
    sw.query()
    assert check.queryAndConvert()["boolean"] is False


def test_rdflib_sparqlstore_reads(server: Server) -> None:
    store = SPARQLStore(server.sparql)
    g = Graph(store=store)
    rows = list(g.query(f"SELECT ?l WHERE {{ ?x a <{NG}Supercomputer> ; "
                        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"))
    assert rows and all(isinstance(r[0], Literal) for r in rows)
    assert len(list(g.triples((None, URIRef(f"{NG}quantity"), None)))) >= 3


def test_rdflib_sparqlupdatestore_writes(server: Server) -> None:
    store = SPARQLUpdateStore(server.sparql, server.sparql, headers={"Authorization": f"Bearer {server.token}"})
    ctx = URIRef("http://e/rdflib")
    g = Graph(store=store, identifier=ctx)
    s, p = URIRef("http://e/rdflib-s"), URIRef("http://e/p")
    g.add((s, p, Literal("via rdflib")))
    assert (s, p, Literal("via rdflib")) in g
    reader = Graph(store=SPARQLStore(server.sparql), identifier=ctx)
    assert reader.value(s, p) == Literal("via rdflib")
    g.remove((s, p, None))
    assert (s, p, Literal("via rdflib")) not in g
    store.close()
