"""A manifest-driven runner for the W3C SPARQL 1.1 Protocol and Graph Store Protocol tests.

The manifests (``tests/w3c/{protocol,graph-store}/manifest.ttl``) describe each test as a
sequence of HTTP requests (``ht:Request``: method, absolute path, headers, body) with expected
responses (status or status class, boolean, result format, content type, an RDF body that must
be isomorphic, a ``Location`` to reuse as ``$LOCATION$``). Paths are written against
``/sparql/`` and ``/gsp`` on host ``www.example``; :func:`run_test` sends them to our ``/sparql``
and ``/store`` on the server under test. Before each test the store is emptied (``DROP ALL``) and
the test's ``ut:graphData`` files are PUT into the named graphs given by their labels.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from rdflib import RDF, Graph, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, Namespace

W3C = Path(__file__).resolve().parent / "w3c"  # copied from the W3C rdf-tests (see w3c/README.md)
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

STATUS_NAMES = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404, "BadRequest": 400}
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"}
BOOLEAN = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF_SYNTAX = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
              "application/ld+json": "json-ld", "application/n-quads": "nquads", "application/trig": "trig"}


@dataclass
class Expected:
    statuses: list[str] = field(default_factory=list)  # hts local names: "OK", "StatusCode2xx"...
    boolean: bool | None = None
    result_format: str | None = None  # "boolean", "tabular", "RDF"
    content_type: str | None = None
    body: str | None = None
    location_var: str | None = None


@dataclass
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    body_text: str | None
    encoding: str
    expected: Expected


@dataclass
class W3CTest:
    id: str
    name: str
    requires: list[str]
    graph_data: list[tuple[Path, str]]
    requests: list[HttpRequest]


def _headers(g: Graph, node: Any) -> dict[str, str]:
    lst = g.value(node, HT.headers)
    if lst is None:
        return {}
    return {str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue)) for h in Collection(g, lst)}


def _request(g: Graph, node: Any) -> HttpRequest:
    body_node = g.value(node, HT.body)
    text = None if body_node is None else str(g.value(body_node, CNT.chars))
    enc = "UTF-8" if body_node is None else str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
    resp = g.value(node, HT.resp)
    exp = Expected()
    if resp is not None:
        exp.statuses = [str(s).rsplit("#", 1)[1] for s in g.objects(resp, MF.expectedStatus)]
        b = g.value(resp, MF.expectedBoolean)
        exp.boolean = None if b is None else bool(b.toPython())
        f = g.value(resp, MF.expectedFormat)
        exp.result_format = None if f is None else str(f)
        exp.content_type = _headers(g, resp).get("content-type")
        rb = g.value(resp, HT.body)
        exp.body = None if rb is None else str(g.value(rb, CNT.chars))
        loc = g.value(resp, MF.expectedLocation)
        exp.location_var = None if loc is None else str(loc)
    return HttpRequest(
        method=str(g.value(node, HT.methodName)), path=str(g.value(node, HT.absolutePath)),
        headers=_headers(g, node), body=None if text is None else text.encode(enc.lower()),
        body_text=text, encoding=enc, expected=exp)


def load_manifest(path: Path) -> list[W3CTest]:
    """Every test of a manifest, following ``mf:include``, in manifest order.

    Tests defined in a file but left out of its ``mf:entries`` list come last.
    """
    g = Graph().parse(path, format="turtle")
    manifest = URIRef(path.resolve().as_uri())
    tests: list[W3CTest] = []
    include = g.value(manifest, MF.include)
    if include is not None:
        for sub in Collection(g, include):
            tests += load_manifest(Path(str(sub).removeprefix("file://")))
    entries = g.value(manifest, MF.entries)
    listed = [] if entries is None else list(Collection(g, entries))
    # a test defined in the file but missing from mf:entries (head_non_existing_direct) runs too
    unlisted = sorted({t for kind in (MF.ProtocolTest, MF.GraphStoreProtocolTest)
                       for t in g.subjects(RDF.type, kind)} - set(listed))
    for t in [*listed, *unlisted]:
        action = g.value(t, MF.action)
        reqs = Collection(g, g.value(action, HT.requests))
        data = [(Path(str(g.value(d, UT.graph)).removeprefix("file://")), str(g.value(d, RDFS.label)))
                for d in g.objects(t, UT.graphData)]
        tests.append(W3CTest(
            id=str(t).rsplit("#", 1)[1], name=str(g.value(t, MF.name)),
            requires=sorted(str(r).rsplit("#", 1)[1] for r in g.objects(t, MF.requires)),
            graph_data=data, requests=[_request(g, r) for r in reqs]))
    return tests


def map_path(path: str) -> str:
    """``/sparql/...`` -> ``/sparql...``; ``/gsp...`` -> ``/store...``."""
    if path.startswith("/sparql/"):
        return "/sparql" + path[len("/sparql/"):]
    if path.startswith("/gsp"):
        return "/store" + path[len("/gsp"):]
    raise ValueError(f"unexpected path {path}")


def _status_ok(status: int, expected: list[str]) -> bool:
    if not expected:
        return True
    for name in expected:
        m = re.fullmatch(r"StatusCode(\d)xx", name)
        if (m and status // 100 == int(m.group(1))) or STATUS_NAMES.get(name) == status:
            return True
    return False


def _media(ctype: str | None) -> str:
    return (ctype or "").split(";")[0].strip().lower()


def _boolean(resp: httpx.Response) -> bool:
    media = _media(resp.headers.get("content-type"))
    if media == "application/sparql-results+json":
        return bool(json.loads(resp.content)["boolean"])
    root = ET.fromstring(resp.content)
    node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert node is not None and node.text is not None, "no <boolean> in XML results"
    return node.text.strip() == "true"


def _check(req: HttpRequest, resp: httpx.Response, label: str) -> None:
    exp = req.expected
    assert _status_ok(resp.status_code, exp.statuses), \
        f"{label}: status {resp.status_code}, expected {exp.statuses}: {resp.text[:300]}"
    media = _media(resp.headers.get("content-type"))
    if exp.result_format == "boolean":
        assert media in BOOLEAN, f"{label}: boolean result as {media}"
    elif exp.result_format == "tabular":
        assert media in TABULAR, f"{label}: tabular result as {media}"
    elif exp.result_format == "RDF":
        assert media in RDF_SYNTAX, f"{label}: RDF result as {media}"
        Graph().parse(data=resp.content, format=RDF_SYNTAX[media])
    if exp.boolean is not None:
        assert _boolean(resp) is exp.boolean, f"{label}: expected boolean {exp.boolean}"
    if exp.content_type is not None:
        want = [p.strip().lower().replace(" ", "") for p in exp.content_type.split(";")]
        got = [p.strip().lower().replace(" ", "") for p in resp.headers.get("content-type", "").split(";")]
        assert want == got, f"{label}: Content-Type {got}, expected {want}"
    if exp.body is not None and req.method != "HEAD":
        fmt = RDF_SYNTAX[media]
        expected = Graph().parse(data=exp.body, format=fmt)
        actual = Graph().parse(data=resp.content, format=fmt)
        assert isomorphic(expected, actual), \
            f"{label}: graph differs:\n{actual.serialize(format='nt')}\nexpected:\n{expected.serialize(format='nt')}"


def reset(client: httpx.Client, token: str, test: W3CTest) -> None:
    """Empty the store, then load the test's data files into their named graphs."""
    auth = {"Authorization": f"Bearer {token}"}
    r = client.post("/sparql", content=b"DROP ALL", headers={**auth, "Content-Type": "application/sparql-update"})
    assert r.status_code in (200, 204), r.text
    for path, graph in test.graph_data:
        r = client.put("/store", params={"graph": graph}, content=path.read_bytes(),
                       headers={**auth, "Content-Type": "application/n-triples"})
        assert r.status_code in (201, 204), r.text


def run_test(test: W3CTest, base_url: str, token: str) -> None:
    """Run one test against the server at ``base_url``; raise ``AssertionError`` on failure."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        reset(client, token, test)
        variables: dict[str, str] = {}
        for i, req in enumerate(test.requests, 1):
            path, body = req.path, req.body
            for var, value in variables.items():
                path = path.replace(var, value)
                if req.body_text is not None:
                    body = req.body_text.replace(var, value).encode(req.encoding.lower())
            headers = {**req.headers, "Authorization": f"Bearer {token}"}
            # the manifest's paths are already percent-encoded: send them as they are
            url = httpx.URL(base_url + map_path(path))
            resp = client.request(req.method, url, content=body, headers=headers)
            label = f"{test.id} request {i} ({req.method} {path})"
            _check(req, resp, label)
            if req.expected.location_var:
                location = resp.headers.get("location")
                assert location, f"{label}: no Location header"
                variables[req.expected.location_var] = location


def protocol_tests() -> list[W3CTest]:
    return load_manifest(W3C / "protocol" / "manifest.ttl")


def graph_store_tests() -> list[W3CTest]:
    return load_manifest(W3C / "graph-store" / "manifest.ttl")


__all__ = ["W3CTest", "graph_store_tests", "load_manifest", "map_path", "protocol_tests", "run_test"]
