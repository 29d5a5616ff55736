"""The SPARQL 1.1 Protocol on a real server over the seed graph: methods, formats, errors, dataset."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from graph.store import GraphStore
from tests.conftest import Server

TRANSFER = """PREFIX ng: <https://w3id.org/newsgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?giver ?receiver ?qty WHERE {
  ?t a ng:HardwareTransfer ; rdf:subject/rdfs:label ?giver ; rdf:object/rdfs:label ?receiver ; ng:quantity ?qty
} ORDER BY ?qty"""
CONSTRUCT = """PREFIX ng: <https://w3id.org/newsgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?x rdfs:label ?l } WHERE { ?x a ng:Supercomputer ; rdfs:label ?l }"""
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_PARSERS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/n-quads": "nquads",
               "application/trig": "trig", "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


def _json_rows(r: httpx.Response) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def test_get_form_post_and_direct_post_agree(server: Server) -> None:
    get = httpx.get(server.sparql, params={"query": TRANSFER})
    form = httpx.post(server.sparql, data={"query": TRANSFER})
    direct = httpx.post(server.sparql, content=TRANSFER.encode(), headers={"Content-Type": "application/sparql-query"})
    for r in (get, form, direct):
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/sparql-results+json")
    rows = _json_rows(get)
    assert {"giver": "Tesla", "receiver": "xAI", "qty": "12000"} in rows
    assert _json_rows(form) == rows == _json_rows(direct)


@pytest.mark.parametrize("accept", ["application/sparql-results+xml", "text/csv", "text/tab-separated-values"])
def test_select_formats_carry_the_same_rows(server: Server, accept: str) -> None:
    r = httpx.get(server.sparql, params={"query": TRANSFER}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == accept
    if accept.endswith("xml"):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        qty = [b.findtext(f"{ns}literal") for b in ET.fromstring(r.content).iter(f"{ns}binding")
               if b.get("name") == "qty"]
    elif accept == "text/csv":
        qty = [row["qty"] for row in csv.DictReader(io.StringIO(r.text))]
    else:
        lines = [ln.split("\t") for ln in r.text.splitlines()]
        col = lines[0].index("?qty")
        qty = [ln[col].split('"')[1] if '"' in ln[col] else ln[col] for ln in lines[1:]]
    assert "12000" in qty


def test_construct_in_every_rdf_format_is_the_same_graph(server: Server) -> None:
    graphs = []
    for media, parser in RDF_PARSERS.items():
        r = httpx.get(server.sparql, params={"query": CONSTRUCT}, headers={"Accept": media})
        assert r.status_code == 200, (media, r.text)
        assert r.headers["content-type"].split(";")[0] == media
        graphs.append(Graph().parse(data=r.content, format=parser))
    assert len(graphs[0]) >= 1
    assert all(isomorphic(graphs[0], g) for g in graphs[1:])


@pytest.mark.parametrize("accept,select_type,graph_type", [
    ("*/*", "application/sparql-results+json", "text/turtle"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+json",
     "text/turtle"),
    ("application/json", "application/sparql-results+json", None),
    ("text/turtle;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", "text/turtle"),
])
def test_defaults_for_browsers_and_wildcards(server: Server, accept: str, select_type: str,
                                              graph_type: str | None) -> None:
    r = httpx.get(server.sparql, params={"query": TRANSFER}, headers={"Accept": accept})
    assert r.headers["content-type"].split(";")[0] == select_type
    r = httpx.get(server.sparql, params={"query": CONSTRUCT}, headers={"Accept": accept})
    if graph_type is None:
        assert r.status_code == 406
    else:
        assert r.headers["content-type"].split(";")[0] == graph_type


def test_406_when_accept_cannot_be_met(server: Server) -> None:
    r = httpx.get(server.sparql, params={"query": TRANSFER}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert r.json()["error"] == "not_acceptable"


def test_415_for_a_wrong_content_type(server: Server) -> None:
    r = httpx.post(server.sparql, content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and r.json()["error"] == "unsupported_media_type"


def test_400_with_the_parsers_message_and_position(server: Server) -> None:
    r = httpx.get(server.sparql, params={"query": "SELECT ?x WHERE {\n  ?x ?p \n"})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "query_syntax_error"
    assert body["line"] == 3 and body["column"] >= 1
    assert "expected" in body["message"]


def test_protocol_errors_are_4xx(server: Server) -> None:
    assert httpx.get(server.sparql, params=[("query", "ASK {}"), ("query", "ASK {}")]).status_code == 400
    assert httpx.get(server.sparql, params={"update": "CLEAR ALL"}).status_code == 400
    assert httpx.put(server.sparql, content=b"").status_code == 405
    r = httpx.post(server.sparql, content="ASK {}".encode("utf-16"),
                   headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert r.status_code == 415


def test_union_default_graph_and_protocol_dataset(server: Server) -> None:
    graphs = httpx.get(server.sparql, params={"query": "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"})
    article = next(r["g"] for r in _json_rows(graphs) if "/graph/article/" in r["g"])
    ask = "ASK { ?t a <https://w3id.org/newsgraph/ontology#HardwareTransfer> }"
    # no dataset given: the default graph is the union of the named graphs
    assert httpx.get(server.sparql, params={"query": ask}).json()["boolean"] is True
    # default-graph-uri: exactly that graph; named-graph-uri alone: an empty default graph
    assert httpx.get(server.sparql, params={"query": ask, "default-graph-uri": article}).json()["boolean"] is True
    other = "http://example.org/no-such-graph"
    assert httpx.get(server.sparql, params={"query": ask, "default-graph-uri": other}).json()["boolean"] is False
    only_named = httpx.get(server.sparql, params={"query": ask, "named-graph-uri": article}).json()
    assert only_named["boolean"] is False
    in_named = "ASK { GRAPH ?g { ?t a <https://w3id.org/newsgraph/ontology#HardwareTransfer> } }"
    assert httpx.get(server.sparql, params={"query": in_named, "named-graph-uri": article}).json()["boolean"]


def test_update_with_using_graph_uri(server: Server) -> None:
    auth = {"Authorization": f"Bearer {server.token}"}
    src, dst = "http://example.org/using-src", "http://example.org/using-dst"
    r = httpx.post(server.sparql, data={"update": f"INSERT DATA {{ GRAPH <{src}> {{ <http://e/a> <http://e/p> 1 }} }}"},
                   headers=auth)
    assert r.status_code == 204, r.text
    copy = f"INSERT {{ GRAPH <{dst}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o FILTER(?s = <http://e/a>) }}"
    r = httpx.post(server.sparql, params={"using-graph-uri": src}, content=copy.encode(),
                   headers={**auth, "Content-Type": "application/sparql-update"})
    assert r.status_code == 204, r.text
    ask = f"ASK {{ GRAPH <{dst}> {{ <http://e/a> <http://e/p> 1 }} }}"
    assert httpx.get(server.sparql, params={"query": ask}).json()["boolean"] is True
    conflict = f"WITH <{src}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"
    r = httpx.post(server.sparql, params={"using-named-graph-uri": src}, content=conflict.encode(),
                   headers={**auth, "Content-Type": "application/sparql-update"})
    assert r.status_code == 400 and r.json()["error"] == "dataset_conflict"
    httpx.post(server.sparql, data={"update": f"DROP GRAPH <{src}> ; DROP GRAPH <{dst}>"}, headers=auth)


def test_service_description_when_no_query(server: Server) -> None:
    r = httpx.get(server.sparql, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    services = list(g.subjects(URIRef(SD + "endpoint"), URIRef(server.sparql)))
    assert len(services) == 1  # the W3C "has-endpoint-triple" check
    service = services[0]
    assert (service, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(SD + "Service")) in g
    langs = set(g.objects(service, URIRef(SD + "supportedLanguage")))
    assert {URIRef(SD + "SPARQL11Query"), URIRef(SD + "SPARQL11Update")} <= langs
    assert URIRef(SD + "UnionDefaultGraph") in set(g.objects(service, URIRef(SD + "feature")))
    xml = httpx.get(server.sparql, headers={"Accept": "application/rdf+xml"})
    assert isomorphic(Graph().parse(data=xml.content, format="xml"), g)  # same description in RDF/XML


def test_browsers_get_the_query_page(server: Server) -> None:
    r = httpx.get(server.sparql, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "yasgui" in r.text.lower()
    js = httpx.get(server.url + "/static/yasgui/yasgui.min.js")
    assert js.status_code == 200 and len(js.content) > 100_000
    examples = httpx.get(server.url + "/static/examples.js").text
    assert "HardwareTransfer" in examples and "TOP500" in examples


def test_example_queries_answer_over_the_seed_graph(server: Server) -> None:
    """The UI's example queries all parse and return rows over the bundled article."""
    text = httpx.get(server.url + "/static/examples.js").text
    js = text[text.index("["):text.rindex("]") + 1]
    queries = [q for q in json.loads(_js_to_json(js))]
    assert len(queries) >= 4
    for q in queries:
        r = httpx.post(server.sparql, data={"query": q})
        assert r.status_code == 200, r.text
        assert r.json()["results"]["bindings"], q


def _js_to_json(js: str) -> str:
    """The examples file is a JS array of {title, description, query: [...].join("\\n")}: get the queries."""
    import re

    blocks = re.findall(r"query: \[(.*?)\]\.join", js, re.S)
    return json.dumps(["\n".join(json.loads("[" + b.strip().rstrip(",") + "]")) for b in blocks])


BAD_QUERIES = [
    ({"query": "SELECT ?x WHERE {\n  ?x ?p \n"}, {}),  # syntax error: 400 with line/column
    ({"query": "SELECT * { ?s ?p ?o }"}, {"Accept": "image/png"}),  # 406
    ({"query": "ASK {}", "timeout": "soon"}, {}),  # bad parameter
    ({"query": "ASK {}", "timeout": "-1"}, {}),
    ({"query": "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}, {}),  # 403
]


def test_front_answers_and_fails_exactly_like_the_routes(store_copy: GraphStore) -> None:
    """``create_app`` returns the query front; its inner FastAPI app (``.app``) still has the routes.
    Both must give the same status, JSON body and headers for the same request."""
    import asyncio

    from api.app import create_app
    from api.config import Settings
    from api.fastpath import SparqlFront

    front = create_app(Settings(store=str(store_copy.location), query_workers=1), store=store_copy)
    assert isinstance(front, SparqlFront)

    async def both(method: str, **kw: object) -> tuple[httpx.Response, httpx.Response]:
        out = []
        for app in (front, front.app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
                out.append(await c.request(method, "/sparql", **kw))  # type: ignore[arg-type]
        return out[0], out[1]

    async def scenario() -> None:
        for params, headers in BAD_QUERIES:
            fast, route = await both("GET", params=params, headers=headers)
            assert fast.status_code == route.status_code and fast.status_code >= 400, params
            assert fast.json() == route.json() and set(fast.json()) >= {"error", "message"}
            assert fast.headers["content-type"] == route.headers["content-type"] == "application/json"
        fast, route = await both("GET", params=[("query", "ASK {}"), ("query", "ASK {}")])
        assert fast.status_code == route.status_code == 400 and fast.json() == route.json()
        charset = {"Content-Type": "application/sparql-query; charset=UTF-16"}
        fast, route = await both("POST", content="ASK {}".encode("utf-16"), headers=charset)
        assert fast.status_code == route.status_code == 415 and fast.json() == route.json()
        form = {"query": "ASK {}", "update": "CLEAR ALL"}
        fast, route = await both("POST", data=form)
        assert fast.status_code == route.status_code == 400 and fast.json() == route.json()
        # success: same bytes, same ETag, and a 304 from either for the other's ETag
        fast, route = await both("GET", params={"query": TRANSFER})
        assert fast.status_code == route.status_code == 200 and fast.content == route.content
        assert fast.headers["etag"] == route.headers["etag"]
        assert fast.headers["content-type"] == route.headers["content-type"]
        again, _ = await both("GET", params={"query": TRANSFER}, headers={"If-None-Match": route.headers["etag"]})
        assert again.status_code == 304 and again.content == b""

    try:
        asyncio.run(scenario())
    finally:
        front.state.sparql.close()


def test_query_posts_and_updates_through_the_front(server: Server) -> None:
    """A URL-encoded update is read by the front, then replayed to the update route."""
    auth = {"Authorization": f"Bearer {server.token}"}
    g = "http://example.org/front-replay"
    r = httpx.post(server.sparql, data={"update": f"INSERT DATA {{ GRAPH <{g}> {{ <http://e/a> <http://e/p> 7 }} }}"})
    assert r.status_code == 401  # the route's token check ran on the replayed body
    r = httpx.post(server.sparql, headers=auth,
                   data={"update": f"INSERT DATA {{ GRAPH <{g}> {{ <http://e/a> <http://e/p> 7 }} }}"})
    assert r.status_code == 204, r.text
    ask = f"ASK {{ GRAPH <{g}> {{ <http://e/a> <http://e/p> 7 }} }}"
    assert httpx.post(server.sparql, data={"query": ask}).json()["boolean"] is True
    direct = httpx.post(server.sparql, content=ask.encode(), headers={"Content-Type": "application/sparql-query"})
    assert direct.json()["boolean"] is True and direct.headers["x-cache"] in ("hit", "miss")
    httpx.post(server.sparql, headers=auth, data={"update": f"DROP GRAPH <{g}>"})
    assert httpx.get(server.sparql, params={"query": ask}).json()["boolean"] is False
