"""``POST/GET /api/articles`` against a real server: token, extraction, replacement, bad input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, TOKEN, Server, served_copy

EN = ROOT / "tests" / "data" / "articles" / "gridline-texas.en.txt"
FR = ROOT / "tests" / "data" / "articles" / "vaucanson-calcul.fr.txt"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def srv(seeded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with served_copy(seeded_dir, tmp_path_factory.mktemp("articles")) as server:
        yield server


def total(srv: Server) -> int:
    r = httpx.get(srv.sparql, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                  headers={"Accept": "application/sparql-results+json"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_post_needs_the_token(srv: Server) -> None:
    before = total(srv)
    r = httpx.post(srv.url + "/api/articles", content=EN.read_bytes(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"
    r = httpx.post(srv.url + "/api/articles", content=EN.read_bytes(),
                   headers={"Content-Type": "text/plain", "Authorization": "Bearer wrong"})
    assert r.status_code == 401
    assert total(srv) == before


def test_post_text_extracts_loads_and_returns_facts(srv: Server) -> None:
    text = FR.read_text(encoding="utf-8")
    r = httpx.post(srv.url + "/api/articles", params={"id": "vaucanson"}, content=text.encode(),
                   headers={"Content-Type": "text/plain; charset=utf-8", **AUTH}, timeout=120)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["article"] == "vaucanson" and body["language"] == "fr"
    assert r.headers["Location"] == "/api/articles/vaucanson"
    assert len(body["facts"]) >= 5 and body["quads"] > 0
    for f in body["facts"]:
        assert text[f["evidence"]["start"]:f["evidence"]["end"]] == f["evidence"]["text"]
    ask = httpx.get(srv.sparql, params={"query": "ASK { GRAPH <https://w3id.org/newsgraph/id/graph/article/"
                                                 "vaucanson> { ?f a ng:Fact } }"},
                    headers={"Accept": "application/sparql-results+json"})
    assert ask.json()["boolean"] is True
    listed = {a["id"]: a for a in httpx.get(srv.url + "/api/articles").json()}
    assert {"vaucanson", "xai-memphis.fr"} <= set(listed)
    assert listed["vaucanson"]["facts"] == len(body["facts"])
    one = httpx.get(srv.url + "/api/articles/vaucanson").json()
    assert len(one["facts"]) == len(body["facts"])

    # the same article again replaces its graph: same size
    after_first = total(srv)
    r2 = httpx.post(srv.url + "/api/articles", params={"id": "vaucanson"}, content=text.encode(),
                    headers={"Content-Type": "text/plain", **AUTH}, timeout=120)
    assert r2.status_code == 201
    assert total(srv) == after_first


def test_post_json_and_multipart(srv: Server) -> None:
    r = httpx.post(srv.url + "/api/articles", json={"text": EN.read_text(encoding="utf-8"), "id": "gridline"},
                   headers=AUTH, timeout=120)
    assert r.status_code == 201, r.text
    assert r.json()["language"] == "en"
    r = httpx.post(srv.url + "/api/articles", files={"file": ("upload.md", EN.read_bytes(), "text/markdown")},
                   headers=AUTH, timeout=120)
    assert r.status_code == 201, r.text
    assert r.json()["article"] == "upload"


@pytest.mark.parametrize("content,ctype,status", [
    (b"", "text/plain", 400),
    (bytes(range(256)) * 4, "text/plain", 400),
    ("Élysée annonce un accord à Paris.".encode("latin-1"), "text/plain", 400),
    (b"<html><script>alert(1)</script></html>", "text/html", 400),
    (b"%PDF-1.7", "application/pdf", 415),
    (b"{not json", "application/json", 400),
])
def test_bad_input_is_refused_and_changes_nothing(srv: Server, content: bytes, ctype: str, status: int) -> None:
    before = total(srv)
    r = httpx.post(srv.url + "/api/articles", content=content, headers={"Content-Type": ctype, **AUTH})
    assert r.status_code == status, r.text
    assert r.json()["message"]
    assert total(srv) == before


def test_unknown_article_is_404(srv: Server) -> None:
    r = httpx.get(srv.url + "/api/articles/nope")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
