"""``/api/export`` and ``newsgraph export``: media types, file names, caps (413), bad input (422)."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import Settings
from graph.export.registry import FORMATS
from graph.store import GraphStore, open_store
from ontology.namespaces import ID, NG, RDF, RDFS
from tests.conftest import NEWSGRAPH

MEDIA = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml", "cytoscape": "application/json",
         "d3": "application/json", "dot": "text/vnd.graphviz", "svg": "image/svg+xml", "png": "image/png",
         "csv": "application/zip", "mermaid": "text/plain", "html": "text/html"}


RING = 5200


def _client(store: GraphStore) -> Iterator[TestClient]:
    app = create_app(Settings(store=str(store.location), query_workers=0), store=store)
    with TestClient(app.app) as client:
        yield client


@pytest.fixture(scope="module")
def client(seed_store: GraphStore) -> Iterator[TestClient]:
    yield from _client(seed_store)


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """5,200 people in a ring of plain ``ng:knows`` triples: over the drawing formats' caps."""
    path = tmp_path_factory.mktemp("big")
    nt = path / "ring.nt"
    lines = []
    for i in range(RING):
        p = f"<{ID}person/p{i}>"
        lines += [f"{p} <{RDF}type> <{NG}Person> .", f'{p} <{RDFS}label> "P{i}" .',
                  f"{p} <{NG}knows> <{ID}person/p{(i + 1) % RING}> ."]
    nt.write_text("\n".join(lines) + "\n")
    gs = open_store(path / "store")
    gs.load_files([nt], graph=ID + "graph/article/ring")
    yield gs
    gs.close()


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_over_http(client: TestClient, fmt: str) -> None:
    r = client.get("/api/export", params={"format": fmt, "seeds": "organization/xai", "depth": 1})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == MEDIA[fmt] == FORMATS[fmt].media_type
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=") and disposition.endswith(f'.{FORMATS[fmt].extension}"')
    assert "xai-depth1" in disposition
    nodes, edges = int(r.headers["x-export-nodes"]), int(r.headers["x-export-edges"])
    assert nodes > 5 and edges > 5
    if fmt == "graphml":
        g = nx.read_graphml(io.BytesIO(r.content))
        assert (g.number_of_nodes(), g.number_of_edges()) == (nodes, edges)
        assert "organization/tesla" in g
    elif fmt == "csv":
        z = zipfile.ZipFile(io.BytesIO(r.content))
        assert len(z.read("nodes.csv").decode().splitlines()) == nodes + 1
    elif fmt in ("d3", "cytoscape"):
        doc = r.json()
        assert len(doc["links"] if fmt == "d3" else doc["elements"]["edges"]) == edges


def test_post_exports_exactly_the_nodes_given(client: TestClient) -> None:
    view = ["organization/tesla", "organization/xai", "person/elon-musk"]
    r = client.post("/api/export", json={"format": "d3", "nodes": view})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert {n["id"] for n in doc["nodes"]} == set(view)
    assert {(x["source"], x["target"]) for x in doc["links"]} >= {("organization/tesla", "organization/xai")}


def test_modality_and_query_select(client: TestClient) -> None:
    r = client.get("/api/export", params={"format": "d3", "modality": "reported"})
    links = r.json()["links"]
    assert links and all(x["modality"] == "reported" for x in links)
    q = "CONSTRUCT { ?s ng:transferredHardwareTo ?o } WHERE { ?s ng:transferredHardwareTo ?o }"
    doc = client.get("/api/export", params={"format": "d3", "query": q}).json()
    assert {(x["source"], x["target"]) for x in doc["links"]} == {("organization/tesla", "organization/xai")}
    assert any("12 000" in (x.get("evidence") or "") for x in doc["links"])  # the stating fact's evidence
    whole = client.get("/api/export", params={"format": "d3"}).json()
    assert len(whole["nodes"]) > len(doc["nodes"])


def test_bad_requests_are_422(client: TestClient) -> None:
    r = client.get("/api/export", params={"format": "pdf"})
    assert r.status_code == 422 and r.json()["error"] == "unknown_format" and "graphml" in r.json()["message"]
    r = client.get("/api/export", params={"seeds": "organization/xai"})
    assert r.status_code == 422 and r.json()["field"] == "format"
    r = client.get("/api/export", params={"format": "d3", "modality": "rumoured"})
    assert r.status_code == 422 and "modality" in r.json()["message"]
    r = client.get("/api/export", params={"format": "d3", "query": "SELECT * { ?s ?p ?o }"})
    assert r.status_code == 422 and "CONSTRUCT" in r.json()["message"]
    r = client.get("/api/export", params={"format": "d3", "depth": 99, "seeds": "organization/xai"})
    assert r.status_code == 422
    assert client.get("/api/export", params={"format": "d3", "seeds": "organization/nope"}).status_code == 404


def test_caps_answer_413(big_store: GraphStore) -> None:
    for client in _client(big_store):
        for fmt in ("svg", "png"):
            r = client.get("/api/export", params={"format": fmt})
            assert r.status_code == 413, (fmt, r.text)
            assert r.json()["error"] == "export_too_large" and "capped at" in r.json()["message"]
        r = client.get("/api/export", params={"format": "graphml"})
        assert r.status_code == 200 and r.headers["x-export-nodes"] == str(RING)
        r = client.get("/api/export", params={"format": "mermaid"})  # the text formats' caps, not Mermaid's 500
        assert r.status_code == 200 and r.headers["x-export-edges"] == str(RING)
        assert r.text.startswith(f"%% newsgraph: {RING} edges,") and f'"maxEdges": {RING}' in r.text


def test_formats_listing(client: TestClient) -> None:
    listed = {f["name"]: f for f in client.get("/api/export/formats").json()}
    assert set(listed) == set(FORMATS) and listed["mermaid"]["max_edges"] == listed["graphml"]["max_edges"] == 100_000


def test_cli_export(seeded_dir: Path, tmp_path: Path) -> None:
    import shutil

    store = tmp_path / "store"
    shutil.copytree(seeded_dir, store)
    out = tmp_path / "xai.gexf"
    done = subprocess.run([NEWSGRAPH, "export", "--store", str(store), "--seeds", "organization/xai",
                           "--depth", "1", "--format", "gexf", "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    g = nx.read_gexf(out, version="1.3")
    assert "organization/tesla" in g and "nodes" in done.stderr
    bad = subprocess.run([NEWSGRAPH, "export", "--store", str(store), "--format", "pdf", "-o", str(tmp_path / "x")],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "unknown export format 'pdf'" in bad.stderr
    q = tmp_path / "q.rq"
    q.write_text("CONSTRUCT { ?s ng:foundedBy ?o } WHERE { ?s ng:foundedBy ?o }")
    mmd = subprocess.run([NEWSGRAPH, "export", "--store", str(store), "--query", f"@{q}", "--format", "mermaid",
                          "-o", "-"], capture_output=True, text=True)
    assert mmd.returncode == 0 and "founded by" in mmd.stdout and "flowchart LR" in mmd.stdout
    d3 = subprocess.run([NEWSGRAPH, "export", "--store", str(store), "--modality", "planned,pending", "--format",
                         "d3", "-o", "-"], capture_output=True, text=True)
    assert {x["modality"] for x in json.loads(d3.stdout)["links"]} <= {"planned", "pending"}
