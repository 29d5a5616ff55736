"""Which graphs a general SPARQL update changes, found before it runs (graph/sparql/touched.py):
every graph an update really changes is among those reported (checked by diffing a real store
before and after), unknown forms give None, and the projection follows such an update by
re-reading only those graphs instead of rebuilding."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Quad

from graph.projection import Projection
from graph.sparql.touched import touched
from graph.store import open_store
from graph.store.results import WriteEvent

E = "http://e/"
SETUP = f"""PREFIX e: <{E}>
INSERT DATA {{
  e:a e:p "1" .
  GRAPH e:g1 {{ e:a e:p "2" . e:b e:q e:c }}
  GRAPH e:g2 {{ e:b e:p "3" . e:a e:label "GRAPH ?x {{" }}
  GRAPH e:g3 {{ e:c e:r e:d }}
}}"""

UPDATES = [
    f"PREFIX e: <{E}> DELETE {{ GRAPH ?g {{ ?s e:p ?o }} }} WHERE {{ GRAPH ?g {{ ?s e:p ?o }} }}",
    f"PREFIX e: <{E}> DELETE WHERE {{ GRAPH ?g {{ e:b ?p ?o }} }}",
    f"PREFIX e: <{E}> INSERT {{ GRAPH e:g9 {{ ?s e:copied ?o }} }} WHERE {{ GRAPH e:g3 {{ ?s e:r ?o }} }}",
    f"PREFIX e: <{E}> INSERT {{ ?s e:flag true }} WHERE {{ GRAPH e:g1 {{ ?s e:q ?o }} }}",
    f"BASE <{E}> DELETE {{ GRAPH <g2> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <g2> {{ ?s ?p ?o }} }}",
    f"WITH <{E}g1> DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p 'x' }} WHERE {{ ?s ?p ?o }}",
    f"PREFIX e: <{E}> DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} USING NAMED e:g2 WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    f"PREFIX e: <{E}> INSERT {{ GRAPH ?g {{ ?s e:note 'GRAPH <{E}hidden> {{ }}' }} }} WHERE {{ GRAPH ?g {{ ?s e:r ?o }} }}",
    f"CLEAR GRAPH <{E}g1>",
    f"DROP SILENT GRAPH <{E}nothing>",
    "CLEAR DEFAULT",
    "DROP NAMED",
    "CLEAR ALL",
    f"CREATE GRAPH <{E}new>",
    f"COPY <{E}g1> TO <{E}g5>",
    f"MOVE GRAPH <{E}g2> TO DEFAULT",
    f"ADD DEFAULT TO <{E}g3>",
    f"PREFIX e: <{E}> INSERT DATA {{ GRAPH e:g4 {{ e:x e:y e:z }} }} ; DELETE DATA {{ e:a e:p '1' }}",
    f"PREFIX e: <{E}> DELETE {{ GRAPH e:g3 {{ ?s ?p ?o }} }} WHERE {{ GRAPH e:g3 {{ ?s ?p ?o }} }} ;"
    f" INSERT {{ GRAPH e:g6 {{ e:m e:n 1 }} }} WHERE {{ }}",
    f"# a comment with GRAPH <{E}fake> {{\nPREFIX e: <{E}> DELETE WHERE {{ GRAPH e:g1 {{ ?s ?p ?o }} }}",
]

UNKNOWN = [
    f"WITH <{E}g1> DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } } ; CLEAR DEFAULT",
    "INSERT { ?s ?p ?o } WHERE",
    "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o }",
    "LOAD <http://e/x> INTO <http://e/g>",
    "",
]


def _by_graph(gs: object) -> dict[str, set[Quad]]:
    out: dict[str, set[Quad]] = {}
    for q in gs.quads():  # type: ignore[attr-defined]
        g = "" if isinstance(q.graph_name, DefaultGraph) else q.graph_name.value
        out.setdefault(g, set()).add(q)
    return out


@pytest.mark.parametrize("update", UPDATES)
def test_every_changed_graph_is_reported(tmp_path: Path, update: str) -> None:
    gs = open_store(tmp_path / "store")
    gs.update(SETUP)
    events: list[WriteEvent] = []
    gs.on_write(events.append)
    before = _by_graph(gs)
    gs.update(update)
    after = _by_graph(gs)
    changed = {g for g in before.keys() | after.keys() if before.get(g) != after.get(g)}
    assert len(events) == 1 and events[0].graphs is not None, update
    assert changed <= events[0].graphs, (update, changed, events[0].graphs)
    if "nothing" not in update and "CREATE" not in update:
        assert changed, update  # the update did something, so the check above had teeth
    gs.close()


@pytest.mark.parametrize("update", UNKNOWN)
def test_forms_it_does_not_follow_are_unknown(update: str) -> None:
    assert touched(update) is None


def test_a_string_or_comment_never_names_a_graph() -> None:
    got = touched(f"PREFIX e: <{E}> INSERT {{ GRAPH ?g {{ ?s e:note 'GRAPH <{E}hidden> {{ }}' }} }} "
                  f"WHERE {{ GRAPH ?g {{ ?s e:r ?o }} }}")
    assert got is not None and not got.default and len(got.queries) == 1
    assert "hidden" not in got.queries[0].split("WHERE")[0]


def test_the_projection_follows_a_general_update_without_a_rebuild(tmp_path: Path) -> None:
    gs = open_store(tmp_path / "store")
    gs.update(f"""PREFIX e: <{E}> PREFIX ng: <https://w3id.org/newsgraph/ontology#>
      PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
      INSERT DATA {{ GRAPH e:g1 {{ e:a rdfs:label "A" . e:b rdfs:label "B" . e:a ng:partnerOf e:b }}
                     GRAPH e:g2 {{ e:c rdfs:label "C" . e:c ng:partnerOf e:a }} }}""")
    p = Projection(gs).sync()
    rebuilds, reads = p.rebuilds, p.graphs_read
    assert len(p.facts) == 2
    gs.update(f"PREFIX ng: <https://w3id.org/newsgraph/ontology#> DELETE {{ GRAPH ?g {{ ?s ng:partnerOf <{E}b> }} }} "
              f"WHERE {{ GRAPH ?g {{ ?s ng:partnerOf <{E}b> }} }}")
    p.sync()
    assert len(p.facts) == 1 and p.rebuilds == rebuilds and p.graphs_read == reads + 1
    gs.update("DROP ALL")
    p.sync()
    assert not p.facts and p.rebuilds == rebuilds
    gs.close()


def test_every_changed_graph_is_reported_on_every_backend(backend_store: Callable[..., str]) -> None:
    """The same check through the GraphStore interface of each backend (the remote one asks its
    engine for the graphs), one store reset between updates."""
    gs = open_store(backend_store(seeded=False))
    events: list[WriteEvent] = []
    gs.on_write(events.append)
    for update in UPDATES:
        gs.update("DROP ALL")
        gs.update(SETUP)
        before = _by_graph(gs)
        gs.update(update)
        after = _by_graph(gs)
        changed = {g for g in before.keys() | after.keys() if before.get(g) != after.get(g)}
        assert events[-1].graphs is not None and changed <= events[-1].graphs, (update, changed, events[-1])
    gs.update(UNKNOWN[0])
    assert events[-1].graphs is None
