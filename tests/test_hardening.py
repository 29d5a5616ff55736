"""Regression tests for problems a review found: injection, 500s, partial loads, odd IRIs."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import NEWSGRAPH, SEED_FACTS, TOKEN, Recorder, Server, served_copy

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def srv(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with served_copy(seeded_dir, tmp_path_factory.mktemp("hardening"),
                     env={"NEWSGRAPH_QUERY_WORKERS": "1"}) as server:
        yield server


def count(srv: Server) -> int:
    r = httpx.get(srv.sparql, params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"},
                  headers={"Accept": "application/sparql-results+json"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_using_graph_uri_cannot_inject_sparql(srv: Server, loopback: Recorder) -> None:
    port = loopback.server_address[1]
    before = count(srv)
    evil = f"urn:x> WHERE {{ }} ; LOAD <http://127.0.0.1:{port}/pwn.ttl> INTO GRAPH <urn:pwned> ; INSERT {{ GRAPH <urn:i> {{ <urn:a> <urn:b> <urn:c> }} }} USING <urn:y"
    r = httpx.post(srv.sparql, headers=AUTH, data={
        "update": "INSERT { GRAPH <urn:inj> { ?s ?p ?o } } WHERE { ?s ?p ?o }", "using-graph-uri": evil})
    assert r.status_code == 400 and r.json()["error"] == "bad_request"
    assert loopback.hits == []
    assert count(srv) == before


@pytest.mark.parametrize("iri", ["javascript:alert(1)", "file:///etc/passwd", "not an iri", "relative/x"])
def test_gsp_refuses_unsafe_graph_iris(srv: Server, iri: str) -> None:
    r = httpx.put(srv.url + "/store", params={"graph": iri}, content=b"<urn:a> <urn:b> <urn:c> .",
                  headers={"Content-Type": "application/n-triples", **AUTH})
    assert r.status_code == 400, r.text
    assert r.json()["message"]


def test_gsp_put_and_post_agree_on_triple_terms(srv: Server) -> None:
    doc = b"<urn:a> <urn:b> <<( <urn:x> <urn:y> <urn:z> )>> ."
    for method in ("PUT", "POST"):
        r = httpx.request(method, srv.url + "/store", params={"graph": f"urn:tt-{method}"}, content=doc,
                          headers={"Content-Type": "text/turtle", **AUTH})
        assert r.status_code == 201, (method, r.text)
    a = httpx.get(srv.url + "/store", params={"graph": "urn:tt-PUT"}, headers={"Accept": "application/n-triples"})
    b = httpx.get(srv.url + "/store", params={"graph": "urn:tt-POST"}, headers={"Accept": "application/n-triples"})
    assert a.text == b.text and "urn:x" in a.text


@pytest.mark.parametrize("path,body,headers,status", [
    ("/api/articles/a%20b", None, {}, 404),
    ("/api/articles/a%3Eb", None, {}, 404),
    ("/api/articles", b'{"text": "Nvidia a vendu des GPU.", "id": 5}', {"Content-Type": "application/json"}, 400),
    ("/api/articles", b'{"text": "\xff"}', {"Content-Type": "application/json"}, 400),
    ("/api/articles", b'{"text": "a \\ud800 b"}', {"Content-Type": "application/json"}, 400),
])
def test_odd_input_gets_json_4xx_not_500(srv: Server, path: str, body: bytes | None,
                                         headers: dict[str, str], status: int) -> None:
    if body is None:
        r = httpx.get(srv.url + path)
    else:
        r = httpx.post(srv.url + path, content=body, headers={**headers, **AUTH})
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json") and r.json()["message"]


def test_non_ascii_bearer_token_is_401(srv: Server) -> None:
    r = httpx.post(srv.sparql, content=b"INSERT DATA { <urn:a> <urn:b> 1 }",
                   headers={"Content-Type": "application/sparql-update", "Authorization": b"Bearer \xe9"})
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"


def test_article_id_is_normalised_like_load_so_posting_again_replaces(srv: Server) -> None:
    text = (SEED_FACTS.parent / "xai-memphis.fr.txt").read_bytes()
    r = httpx.post(srv.url + "/api/articles", params={"id": "XAI-Memphis.FR"}, content=text,
                   headers={"Content-Type": "text/plain", **AUTH}, timeout=120)
    assert r.status_code == 201, r.text
    assert r.json()["article"] == "xai-memphis.fr"
    ids = [a["id"] for a in httpx.get(srv.url + "/api/articles").json()]
    assert ids.count("xai-memphis.fr") == 1 and "xai-memphis-fr" not in ids


def test_error_messages_do_not_leak_server_paths(srv: Server) -> None:
    r = httpx.post(srv.url + "/api/articles", params={"id": "empty"}, content=b"",
                   headers={"Content-Type": "text/plain", **AUTH})
    assert r.status_code == 400
    assert "/tmp" not in r.text and "empty" in r.json()["message"]


def ng(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSGRAPH, *args], capture_output=True, text=True, timeout=120)


def test_load_with_a_bad_graph_iri_writes_nothing(tmp_path: Path) -> None:
    nt = tmp_path / "ok.nt"
    nt.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    out = ng("load", "--store", str(tmp_path / "s"), str(SEED_FACTS), str(nt), "--graph", "not an iri")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "not a valid absolute IRI" in out.stderr
    stats = ng("stats", "--store", str(tmp_path / "s"), "--json")
    assert '"quads": 0' in stats.stdout


def test_relative_iris_load_alone_or_with_others(tmp_path: Path) -> None:
    rel = tmp_path / "rel.ttl"
    rel.write_text("<a> <b> <c> .\n")
    ok = tmp_path / "ok.nt"
    ok.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    out = ng("load", "--store", str(tmp_path / "s"), str(rel), str(ok))
    assert out.returncode == 0, out.stderr
    assert "wrote 2 quads; the store now holds 2" in out.stdout


@pytest.mark.parametrize("bad", [".inf", ".nan", "-.inf"])
def test_non_finite_quantities_are_refused(tmp_path: Path, bad: str) -> None:
    text = SEED_FACTS.read_text(encoding="utf-8").replace("quantity: 12000", f"quantity: {bad}", 1)
    assert f"quantity: {bad}" in text
    (tmp_path / "xai-memphis.fr.txt").write_bytes((SEED_FACTS.parent / "xai-memphis.fr.txt").read_bytes())
    f = tmp_path / "x.facts.yaml"
    f.write_text(text, encoding="utf-8")
    out = ng("load", "--store", str(tmp_path / "s"), str(f))
    assert out.returncode == 1 and "finite" in out.stderr and "Traceback" not in out.stderr


def test_bad_article_id_in_a_fact_file_has_a_line(tmp_path: Path) -> None:
    text = SEED_FACTS.read_text(encoding="utf-8")
    assert "  id: xai-memphis.fr" in text
    (tmp_path / "xai-memphis.fr.txt").write_bytes((SEED_FACTS.parent / "xai-memphis.fr.txt").read_bytes())
    f = tmp_path / "x.facts.yaml"
    f.write_text(text.replace("  id: xai-memphis.fr", '  id: "..."', 1), encoding="utf-8")
    out = ng("load", "--store", str(tmp_path / "s"), str(f))
    assert out.returncode == 1 and f"{f}:" in out.stderr and "article id" in out.stderr


def test_a_graph_larger_than_the_memory_spool_streams_whole(srv: Server) -> None:
    lines = [f'<urn:s{i}> <urn:label> "a fairly long label to make the graph big, number {i}" .'
             for i in range(120_000)]
    doc = ("\n".join(lines) + "\n").encode()
    assert len(doc) > 8 << 20  # beyond graph.sparql.gsp.SPOOL_MEMORY: served from a temporary file
    r = httpx.put(srv.url + "/store", params={"graph": "urn:big"}, content=doc,
                  headers={"Content-Type": "application/n-triples", **AUTH}, timeout=120)
    assert r.status_code == 201, r.text
    head = httpx.head(srv.url + "/store", params={"graph": "urn:big"}, headers={"Accept": "application/n-triples"})
    got = httpx.get(srv.url + "/store", params={"graph": "urn:big"}, headers={"Accept": "application/n-triples"},
                    timeout=120)
    assert got.status_code == 200
    assert int(head.headers["content-length"]) == len(got.content) == int(got.headers["content-length"])
    assert sorted(got.text.splitlines()) == sorted(lines)


def test_updates_get_the_same_predeclared_prefixes_as_queries(srv: Server) -> None:
    r = httpx.post(srv.sparql, headers={"Content-Type": "application/sparql-update", **AUTH},
                   content=b'INSERT DATA { GRAPH <urn:notes> { <urn:a> rdfs:comment "checked" } }')
    assert r.status_code == 204, r.text
    got = httpx.get(srv.url + "/store", params={"graph": "urn:notes"}, headers={"Accept": "application/n-triples"})
    assert "checked" in got.text


def test_from_wins_over_the_union_default_graph(srv: Server) -> None:
    def n(q: str) -> int:
        r = httpx.get(srv.sparql, params={"query": q}, headers={"Accept": "application/sparql-results+json"})
        return int(r.json()["results"]["bindings"][0]["n"]["value"])

    meta = n("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ngid:graph\\/meta { ?s ?p ?o } }")
    assert n("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/newsgraph/id/graph/meta> WHERE { ?s ?p ?o }") == meta
    assert n("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") > meta


def test_service_host_check_reads_predeclared_prefixes() -> None:
    from graph.sparql.netcheck import targets

    assert targets("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?f a ng:Fact } }") == [
        "http://127.0.0.1:9/sparql"]


def test_article_in_a_named_charset_is_accepted(srv: Server) -> None:
    text = "Selon Reuters, la société Élan Calcul a levé 12 millions d'euros auprès de Bpifrance.\n"
    r = httpx.post(srv.url + "/api/articles", params={"id": "elan"}, content=text.encode("latin-1"),
                   headers={"Content-Type": "text/plain; charset=iso-8859-1", **AUTH}, timeout=60)
    assert r.status_code == 201, r.text
    for f in r.json()["facts"]:
        assert text[f["evidence"]["start"]:f["evidence"]["end"]] == f["evidence"]["text"]


def test_cli_says_when_a_server_holds_the_store(srv: Server) -> None:
    out = ng("query", "--store", str(srv.store), "ASK {}")
    assert out.returncode == 1 and "in use by another process" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("fmt,query,needle", [
    ("ttl", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "SELECT/ASK result is a table"),
    ("csv", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "CONSTRUCT/DESCRIBE result is a graph"),
    ("yaml", "ASK {}", "unknown format"),
])
def test_query_format_that_does_not_fit_is_refused(seeded_dir: Path, fmt: str, query: str, needle: str) -> None:
    out = ng("query", "--store", str(seeded_dir), "-f", fmt, query)
    assert out.returncode == 1 and needle in out.stderr


def test_two_files_naming_one_article_are_refused(tmp_path: Path) -> None:
    art = SEED_FACTS.parent / "xai-memphis.fr.txt"
    a = tmp_path / "same.md"
    b = tmp_path / "same.txt"
    a.write_bytes(art.read_bytes())
    b.write_bytes(art.read_bytes())
    out = ng("load", "--store", str(tmp_path / "s"), str(a), str(b))
    assert out.returncode == 1 and "both article 'same'" in out.stderr
    assert '"quads": 0' in ng("stats", "--store", str(tmp_path / "s"), "--json").stdout


def test_union_default_graph_can_be_turned_off(seeded_dir: Path, tmp_path: Path) -> None:
    with served_copy(seeded_dir, tmp_path, args=("--no-union-default-graph",)) as server:
        r = httpx.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"},
                      headers={"Accept": "application/sparql-results+json"})
        assert r.json()["boolean"] is False  # the curated facts live in named graphs only
