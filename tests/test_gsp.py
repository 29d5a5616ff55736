"""Graph Store Protocol at ``/store`` on a real server: default graph, multipart, Location, errors."""

from __future__ import annotations

import httpx
from rdflib import Graph, Literal, URIRef

from tests.conftest import Server

TTL = "text/turtle"


def _auth(server: Server) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.token}"}


def _ask(server: Server, q: str) -> bool:
    return bool(httpx.get(server.sparql, params={"query": q}).json()["boolean"])


def test_default_means_the_real_default_graph(server: Server) -> None:
    body = b"<http://e/default-s> <http://e/p> 'in default' ."
    r = httpx.put(server.url + "/store?default", content=body, headers={**_auth(server), "Content-Type": TTL})
    assert r.status_code in (201, 204), r.text
    got = httpx.get(server.url + "/store?default", headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and "in default" in got.text
    assert "HardwareTransfer" not in got.text  # the article facts live in named graphs, not here
    # not in any named graph, yet visible through the union default graph of queries
    assert not _ask(server, "ASK { GRAPH ?g { <http://e/default-s> ?p ?o } }")
    assert _ask(server, "ASK { <http://e/default-s> ?p ?o }")
    assert httpx.delete(server.url + "/store?default", headers=_auth(server)).status_code == 204
    assert "in default" not in httpx.get(server.url + "/store?default").text


def test_multipart_post_adds_every_part_in_one_transaction(server: Server) -> None:
    g = "http://example.org/gsp/multipart"
    files = [
        ("a", ("a.ttl", b"<http://e/m> <http://e/name> 'A' .", "text/turtle")),
        ("b", ("b.nt", b'<http://e/m> <http://e/name> "B" .\n', "application/n-triples")),
    ]
    r = httpx.post(server.url + "/store", params={"graph": g}, files=files, headers=_auth(server))
    assert r.status_code == 201 and r.headers["location"] == g
    names = {str(o) for o in Graph().parse(data=httpx.get(server.url + "/store", params={"graph": g}).text,
                                           format="turtle").objects()}
    assert names == {"A", "B"}
    bad = [("a", ("c.ttl", b"<http://e/m> <http://e/name> 'C' .", "text/turtle")),
           ("b", ("d.ttl", b"<http://e/m> <http://e/name> .", "text/turtle"))]
    r = httpx.post(server.url + "/store", params={"graph": g}, files=bad, headers=_auth(server))
    assert r.status_code == 400 and r.json()["error"] == "rdf_syntax_error"
    assert not _ask(server, f"ASK {{ GRAPH <{g}> {{ ?s ?p 'C' }} }}")  # the good part was not kept either
    assert httpx.delete(server.url + "/store", params={"graph": g}, headers=_auth(server)).status_code == 204


def test_post_without_graph_creates_one_with_location(server: Server) -> None:
    r = httpx.post(server.url + "/store", content=b"<http://e/new> <http://e/p> 1 .",
                   headers={**_auth(server), "Content-Type": TTL})
    assert r.status_code == 201
    location = r.headers["location"]
    assert location.startswith(server.url + "/store/")
    got = Graph().parse(data=httpx.get(location).text, format="turtle")  # direct identification
    assert (URIRef("http://e/new"), URIRef("http://e/p"), Literal(1)) in got
    assert httpx.head(server.url + "/store", params={"graph": location}).status_code == 200
    assert httpx.delete(location, headers=_auth(server)).status_code == 204
    assert httpx.get(location).status_code == 404
    assert httpx.delete(location, headers=_auth(server)).status_code == 404


def test_put_replaces_and_reports_created_then_no_content(server: Server) -> None:
    g = "http://example.org/gsp/put"
    url = server.url + "/store"
    first = httpx.put(url, params={"graph": g}, content=b"<http://e/s> <http://e/v> 1 .",
                      headers={**_auth(server), "Content-Type": TTL})
    second = httpx.put(url, params={"graph": g}, content=b"<http://e/s> <http://e/v> 2 .",
                       headers={**_auth(server), "Content-Type": TTL})
    assert (first.status_code, second.status_code) == (201, 204)
    assert _ask(server, f"ASK {{ GRAPH <{g}> {{ <http://e/s> <http://e/v> 2 }} FILTER NOT EXISTS "
                        f"{{ GRAPH <{g}> {{ <http://e/s> <http://e/v> 1 }} }} }}")
    httpx.delete(url, params={"graph": g}, headers=_auth(server))


def test_whole_dataset_and_errors(server: Server) -> None:
    r = httpx.get(server.url + "/store", headers={"Accept": "application/n-quads"})
    assert r.status_code == 200 and "/graph/article/" in r.text
    assert httpx.get(server.url + "/store", headers={"Accept": "text/turtle"}).status_code == 406
    assert httpx.get(server.url + "/store", params={"graph": "http://nope.example/"}).status_code == 404
    both = httpx.get(server.url + "/store?default&graph=http://e/g")
    assert both.status_code == 400
    r = httpx.put(server.url + "/store", params={"graph": "http://e/g"}, content=b"x",
                  headers={**_auth(server), "Content-Type": "application/pdf"})
    assert r.status_code == 415
    r = httpx.put(server.url + "/store", params={"graph": "http://e/g"}, content=b"<a> <b> .",
                  headers={**_auth(server), "Content-Type": TTL})
    assert r.status_code == 400 and "line" in r.json()
    r = httpx.put(server.url + "/store", params={"graph": "http://e/g"}, content=b"<a> <b> <c> .",
                  headers={"Content-Type": TTL})
    assert r.status_code == 401
