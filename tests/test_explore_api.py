"""``/explore`` and its lookups: the page, the shared palette and stylesheets, evidence paragraphs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import Settings
from graph.export.palette import PALETTE
from graph.store import GraphStore


@pytest.fixture(scope="module")
def client(seed_store: GraphStore) -> Iterator[TestClient]:
    app = create_app(Settings(store=str(seed_store.location), query_workers=0), store=seed_store)
    with TestClient(app.app) as c:
        yield c


def test_page_and_its_scripts_are_served(client: TestClient) -> None:
    page = client.get("/explore", params={"entity": "organization/xai", "depth": 2})
    assert page.status_code == 200 and "explore.js" in page.text
    for src in ("/static/cytoscape/cytoscape.min.js", "/static/cytoscape-fcose/cytoscape-fcose.js",
                "/static/layout-base/layout-base.js", "/static/cose-base/cose-base.js",
                "/static/mermaid/mermaid.min.js", "/static/cy-parallel.js", "/static/explore.js",
                "/static/explore.css"):
        r = client.get(src)
        assert r.status_code == 200 and len(r.content) > 1000, src
        if src.endswith(".js") and "mermaid" not in src:
            assert src in page.text


def test_config_is_the_export_palette(client: TestClient) -> None:
    conf = client.get("/api/explore/config").json()
    assert {s["type"]: s["colour"] for s in conf["legend"] if s["type"] != "Other"} == PALETTE
    assert conf["stylesheet"][0]["style"]["background-color"] == "data(color)"
    assert conf["stylesheet_large"][1]["style"]["curve-style"] == "haystack"
    assert conf["modalities"]["reported"] == "dashed"


def test_passage_holds_the_sentence_in_its_paragraph(client: TestClient) -> None:
    fact = client.get("/api/facts/fact/xai-memphis.fr/f64").json()["evidence"]
    r = client.get("/api/explore/passage", params={"article": fact["article"], "start": fact["start"],
                                                   "end": fact["end"]})
    assert r.status_code == 200
    p = r.json()
    par = p["paragraph"]
    assert par["text"][par["start"]:par["end"]] == fact["text"]
    assert par["offset"] + par["start"] == fact["start"] and len(par["text"]) > len(fact["text"])
    assert p["headline"] == fact["headline"] and p["language"] == "fr"


def test_passage_errors(client: TestClient) -> None:
    r = client.get("/api/explore/passage", params={"article": "xai-memphis.fr", "start": 10, "end": 10_000_000})
    assert r.status_code == 422 and r.json()["message"].startswith("end: ")
    r = client.get("/api/explore/passage", params={"article": "xai-memphis.fr", "start": 20, "end": 10})
    assert r.status_code == 422 and r.json()["message"].startswith("start: ")
    r = client.get("/api/explore/passage", params={"article": "nope", "start": 0, "end": 5})
    assert r.status_code == 404
    r = client.get("/api/explore/passage", params={"article": "xai-memphis.fr", "start": "x", "end": 5})
    assert r.status_code == 422 and r.json()["field"] == "start"
