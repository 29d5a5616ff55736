"""graph.sparql.datablock: exact quads of a lone INSERT DATA / DELETE DATA, None for anything else."""

from __future__ import annotations

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from graph.sparql.datablock import data_block
from graph.store import WriteEvent, open_store

E = "http://e/"


def test_reads_prefixes_base_graphs_and_predeclared_prefixes() -> None:
    block = data_block('BASE <http://e/> PREFIX x: <http://x/> INSERT DATA { <a> x:p "v"@fr . '
                       'GRAPH <g> { <a> a ng:Fact } }')
    assert block is not None and block.insert
    assert set(block.quads) == {
        Quad(NamedNode(E + "a"), NamedNode("http://x/p"), Literal("v", language="fr"), DefaultGraph()),
        Quad(NamedNode(E + "a"), NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
             NamedNode("https://w3id.org/newsgraph/ontology#Fact"), NamedNode(E + "g")),
    }


@pytest.mark.parametrize("update", [
    "INSERT DATA { _:b <http://e/p> 1 }",  # blank nodes are fresh in every parse
    "INSERT DATA { <http://e/a> <http://e/p> 1 } ; DELETE DATA { <http://e/a> <http://e/p> 2 }",
    "INSERT { ?s <http://e/p> 1 } WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "INSERT DATA { <http://e/a> <http://e/p> }",
])
def test_anything_else_is_not_known(update: str) -> None:
    assert data_block(update) is None


def test_store_events_carry_the_exact_changes_of_data_updates() -> None:
    gs = open_store("memory")
    events: list[WriteEvent] = []
    gs.on_write(events.append)
    a = Quad(NamedNode(E + "a"), NamedNode(E + "p"), Literal("1"), NamedNode(E + "g"))
    b = Quad(NamedNode(E + "b"), NamedNode(E + "p"), Literal("2"), DefaultGraph())
    report = gs.update('INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> "1" } <http://e/b> <http://e/p> "2" }')
    assert (report.added, report.removed) == (2, 0)
    assert set(events[-1].added or ()) == {a, b} and events[-1].removed == ()
    assert events[-1].graphs == frozenset({E + "g", ""})
    again = gs.update('INSERT DATA { <http://e/b> <http://e/p> "2" }')  # already there: adds nothing
    assert again.added == 0 and events[-1].added == () and events[-1].graphs == frozenset()
    gone = gs.update('DELETE DATA { <http://e/b> <http://e/p> "2" . <http://e/c> <http://e/p> "3" }')
    assert (gone.added, gone.removed) == (0, 1) and events[-1].removed == (b,)
    gs.update("DELETE WHERE { ?s ?p ?o }")  # not a data block: no quads, the graphs found before it
    assert events[-1].added is None and events[-1].removed is None and events[-1].graphs == frozenset({""})
