"""GraphStore: atomic loads, replacement, dump and restore on a real on-disk store."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, Literal

from graph.errors import RdfSyntaxError, SourceNotFound, UnsupportedSource, UpdateSyntaxError
from graph.store import GraphStore, open_store


def _nt(path: Path, n: int, bad_line: int | None = None) -> Path:
    lines = [f"<http://e/s{i}> <http://e/p> \"{i}\" ." for i in range(n)]
    if bad_line is not None:
        lines[bad_line - 1] = "<http://e/broken> <http://e/p> oops ."
    path.write_text("\n".join(lines) + "\n")
    return path


def test_load_and_count(tmp_path: Path) -> None:
    gs = open_store(tmp_path / "db")
    report = gs.load_files([_nt(tmp_path / "a.nt", 50)])
    assert report.sources == [str(tmp_path / "a.nt")] and len(gs) == 50
    assert gs.generation == 1
    gs.close()
    reopened = open_store(tmp_path / "db")
    assert len(reopened) == 50
    reopened.close()


def test_bad_line_reports_position_and_changes_nothing(tmp_path: Path) -> None:
    gs = open_store(tmp_path / "db")
    gs.load_files([_nt(tmp_path / "ok.nt", 10)])
    with pytest.raises(RdfSyntaxError) as info:
        gs.load_files([_nt(tmp_path / "bad.nt", 1000, bad_line=777)])
    assert info.value.line == 777 and info.value.column is not None
    assert str(tmp_path / "bad.nt") in str(info.value)
    assert len(gs) == 10


def test_several_files_all_or_nothing(tmp_path: Path) -> None:
    gs = open_store(tmp_path / "db")
    good = _nt(tmp_path / "good.nt", 20)
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix e: <http://e/> .\ne:a e:b e:c .\ne:d e:e \n")
    with pytest.raises(RdfSyntaxError) as info:
        gs.load_files([good, bad])
    assert info.value.path == str(bad)
    assert len(gs) == 0


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    gs = open_store("memory")
    (tmp_path / "x.csv").write_text("a,b\n")
    with pytest.raises(UnsupportedSource):
        gs.load_files([tmp_path / "x.csv"])
    with pytest.raises(SourceNotFound):
        gs.load_files([tmp_path / "missing.nt"])
    assert len(gs) == 0 and gs.generation == 0


@pytest.mark.parametrize("ext,body", [
    ("ttl", "@prefix e: <http://e/> . e:a e:b e:c ."),
    ("nq", "<http://e/a> <http://e/b> <http://e/c> <http://e/g> ."),
    ("trig", "@prefix e: <http://e/> . e:g { e:a e:b e:c }"),
    ("jsonld", '{"@id": "http://e/a", "http://e/b": {"@id": "http://e/c"}}'),
    ("rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
            '<rdf:Description rdf:about="http://e/a"><e:b rdf:resource="http://e/c"/></rdf:Description>'
            '</rdf:RDF>'),
    ("n3", "@prefix e: <http://e/> . e:a e:b e:c ."),
])
def test_every_rdf_format(tmp_path: Path, ext: str, body: str) -> None:
    gs = open_store(tmp_path / "db")
    f = tmp_path / f"data.{ext}"
    f.write_text(body)
    gs.load_files([f])
    assert len(gs) == 1 and gs.ask("ASK { <http://e/a> <http://e/b> <http://e/c> }")


def test_update_syntax_error_changes_nothing(tmp_path: Path) -> None:
    gs = open_store(tmp_path / "db")
    gs.update("INSERT DATA { <http://e/a> <http://e/b> 1 }")
    with pytest.raises(UpdateSyntaxError) as info:
        gs.update("DELETE DATA { <http://e/a> <http://e/b> 1 } ; INSERT DATA { <http://e/x> }")
    assert info.value.line == 1
    assert len(gs) == 1


def test_replace_graphs_is_one_transaction(tmp_path: Path) -> None:
    from pyoxigraph import Literal, NamedNode, Quad

    gs = open_store(tmp_path / "db")
    g = "http://e/g"
    q1 = Quad(NamedNode("http://e/a"), NamedNode("http://e/p"), Literal("one \"quoted\"\n"), NamedNode(g))
    q2 = Quad(NamedNode("http://e/b"), NamedNode("http://e/p"), Literal("two"), NamedNode(g))
    gs.replace_graphs({g: [q1]})
    gs.replace_graphs({g: [q2]})
    assert [q.subject.value for q in gs.quads(g)] == ["http://e/b"]


def test_dump_and_restore_round_trip(seed_store: GraphStore, tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    n = seed_store.dump(dump)
    assert n == len(seed_store) > 1000
    target = open_store(tmp_path / "restored")
    target.update("INSERT DATA { <http://e/old> <http://e/p> 1 }")
    report = target.restore(dump)
    assert report.written == n
    assert not target.ask("ASK { <http://e/old> ?p ?o }")
    assert set(target.quads()) == set(seed_store.quads())


def test_restore_of_a_bad_dump_keeps_the_store(seed_store: GraphStore, tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    seed_store.dump(dump)
    with dump.open("a") as f:
        f.write("<http://e/a> <http://e/b> .\n")
    target = open_store(tmp_path / "restored")
    target.update("INSERT DATA { <http://e/keep> <http://e/p> 1 }")
    with pytest.raises(RdfSyntaxError):
        target.restore(dump)
    assert len(target) == 1
    target.close()
    assert len(open_store(tmp_path / "restored")) == 1


def test_an_unreachable_remote_endpoint_is_refused_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.store.remote.errors import EngineUnreachable

    monkeypatch.chdir(tmp_path)
    with pytest.raises(EngineUnreachable, match=re.escape("cannot reach the SPARQL engine at http://127.0.0.1:1/sparql")):
        open_store("http://127.0.0.1:1/sparql")
    assert not any(tmp_path.iterdir())  # no local directory named after the URL


def test_query_dataset_is_decided_alike_on_every_backend(seed_store: GraphStore) -> None:
    """``query(named_graphs=...)`` gets the dataset of :func:`graph.sparql.plan.dataset_for` on
    both backends: the named graphs given, and an empty default graph (not the union)."""
    graphs = seed_store.named_graphs()
    assert len(graphs) >= 2
    count_named = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
    one = seed_store.query(count_named, named_graphs=graphs[:1]).rows[0][0].value
    every = seed_store.query(count_named).rows[0][0].value
    assert 0 < int(one) < int(every)
    default = seed_store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", named_graphs=graphs[:1])
    assert default.rows[0][0].value == "0"


def test_graph_quads_reads_every_graph_as_quads_does(backend_store: Callable[..., str]) -> None:
    """The projection's bulk read (the remote backend's four queries in flight) gives each graph's
    quads exactly as ``quads(graph)`` does: escapes, language tags, datatypes, blank nodes, the
    default graph, an empty graph, in the order asked."""
    gs = open_store(backend_store(seeded=True))
    g = "http://e/odd"
    gs.update(f'INSERT DATA {{ GRAPH <{g}> {{ <http://e/a> <http://e/p> "tab\\t \\"q\\" \\\\ é\\n"@fr-CA , '
              '"12"^^<http://www.w3.org/2001/XMLSchema#decimal> , [ <http://e/q> "b" ] } '
              '<http://e/d> <http://e/p> "default" }')
    gs.update("CREATE GRAPH <http://e/empty>")
    graphs = [*gs.named_graphs(), ""]
    assert len(graphs) > 3 and "http://e/empty" in graphs
    got = list(gs.graph_quads(graphs))
    assert [name for name, _ in got] == graphs
    for name, quads in got:
        expected = list(gs.quads(name))
        if any(isinstance(t, BlankNode) for q in expected for t in (q.subject, q.object)):
            assert len(quads) == len(expected)  # blank node labels may differ between reads
            assert {q.predicate for q in quads} == {q.predicate for q in expected}
        else:
            assert set(quads) == set(expected) and len(quads) == len(expected), name
    odd = dict(got)[g]
    lit = next(q.object for q in odd if isinstance(q.object, Literal) and q.object.language)
    assert lit.value == 'tab\t "q" \\ é\n' and lit.language == "fr-ca"
    gs.close()
