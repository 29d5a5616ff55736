"""The graph routes under ``/api`` over the seed graph (in-process app), and writes through a real
server (SPARQL update, Graph Store Protocol, article post) seen at once by search and traversal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import Settings
from api.schemas.entities import EntityCardOut, EntitySearchOut, FactOut, FactSearchOut, HealthOut, StatsOut
from api.schemas.graph import AlgorithmOut, GraphOut, PathsOut
from graph.projection import caps
from graph.store import GraphStore
from ontology.namespaces import ID, NG, RDFS
from tests.conftest import ROOT, TOKEN, served_copy

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def app_client(store: GraphStore) -> Iterator[TestClient]:
    """A client of the in-process application over ``store`` (no query workers)."""
    app = create_app(Settings(store="memory", query_workers=0), store=store)
    with TestClient(app.app) as c:
        yield c


@pytest.fixture(scope="module")
def client(seed_store: GraphStore) -> Iterator[TestClient]:
    yield from app_client(seed_store)


def test_search_route(client: TestClient) -> None:
    for q, label in (("memphis", "Memphis"), ("MÉMPHIS", "Memphis"), ("nvidia", "Nvidia"),
                     ("Nvidai", "Nvidia"), ("Twitter", "X")):
        body = client.get("/api/entities", params={"q": q}).json()
        EntitySearchOut.model_validate(body)  # answers have the documented shape
        assert body["results"][0]["node"]["label"] == label, q
        assert body["total"] >= 1 and body["offset"] == 0
    body = client.get("/api/entities", params={"q": "memphis", "type": "Place", "limit": 1}).json()
    assert body["total"] == 1 and body["results"][0]["node"]["type"] == "Place"
    body = client.get("/api/entities", params={"q": "memphis", "limit": 2, "offset": 2}).json()
    assert len(body["results"]) == 2 and body["total"] > 4 - 1


def test_card_route(client: TestClient) -> None:
    r = client.get("/api/entities/organization/tesla")
    assert r.status_code == 200
    card = r.json()
    EntityCardOut.model_validate(card)
    assert card["node"]["label"] == "Tesla" and card["same_as"] == ["http://www.wikidata.org/entity/Q478214"]
    hw = next(g for g in card["outgoing"] if g["predicate"]["label"] == "redirected hardware to")
    f64 = next(f for f in hw["facts"] if f["qualifiers"].get("quantity") == 12000)
    assert f64["evidence"]["article"] == "xai-memphis.fr" and f64["evidence"]["headline"].startswith("XAI")
    assert f64["modality"] == "reported" and f64["attributed_to"] == "CNBC" and f64["confidence"] == 1.0
    assert card["articles"][0]["id"] == "xai-memphis.fr"
    whole = client.get("/api/entities/" + quote(ID + "organization/tesla", safe="")).json()
    assert whole["node"]["id"] == "organization/tesla"
    r = client.get("/api/entities/organization/nobody")
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_neighbors_route(client: TestClient) -> None:
    body = client.get("/api/entities/organization/xai/neighbors", params={"depth": 2}).json()
    GraphOut.model_validate(body)
    labels = {n["label"] for n in body["nodes"]}
    assert {"Tesla", "Oracle", "Grok", "X"} <= labels and body["generation"] >= 0
    edge = next(e for e in body["edges"] if e["qualifiers"].get("quantity") == 12000)
    assert edge["source"] == "organization/tesla" and edge["evidence"]["start"] == 3953
    only = client.get("/api/entities/organization/xai/neighbors",
                      params={"types": "Organization", "direction": "in"}).json()
    assert {n["type"] for n in only["nodes"]} == {"Organization"}
    st = client.get("/api/entities/organization/xai/neighbors", params={"include": "statements"}).json()
    assert any(n.get("statement") for n in st["nodes"])
    cut = client.get("/api/entities/organization/xai/neighbors", params={"limit": 2}).json()
    assert cut["truncated"] and len(cut["nodes"]) == 3


@pytest.mark.parametrize(("params", "field"), [
    ({"depth": caps.MAX_DEPTH + 1}, "depth"), ({"depth": "two"}, "depth"), ({"direction": "up"}, "direction"),
    ({"limit": caps.MAX_NODES + 1}, "limit"), ({"modality": "rumour"}, "modality"),
    ({"predicates": "zz:foo"}, "predicates")])
def test_bad_parameters_are_422_naming_the_field(client: TestClient, params: dict[str, object], field: str) -> None:
    r = client.get("/api/entities/organization/xai/neighbors", params=params)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "invalid_parameter" and field in body["message"]


def test_paths_route(client: TestClient) -> None:
    body = client.get("/api/paths", params={"from": "organization/tesla", "to": "organization/xai"}).json()
    PathsOut.model_validate(body)
    first = body["paths"][0]
    assert first["edges"][0]["qualifiers"]["quantity"] == 12000
    assert "12,000 Nvidia H100" in first["text"] and "(reported, per CNBC)" in first["text"]
    assert body["from"]["label"] == "Tesla" and body["reason"] is None and first["speculative"] is False
    r = client.get("/api/paths", params={"from": "organization/tesla", "to": "organization/xai",
                                         "direction": "in", "max_length": 1})
    assert r.status_code == 200 and r.json()["paths"] == [] and "no path" in r.json()["reason"]
    assert client.get("/api/paths", params={"from": "organization/tesla", "to": "x/none"}).status_code == 404
    r = client.get("/api/paths", params={"from": "organization/tesla", "to": "organization/xai", "k": 99})
    assert r.status_code == 422 and "k" in r.json()["message"]
    r = client.get("/api/paths", params={"from": "organization/tesla", "to": "organization/xai",
                                         "exclude_modality": "reported"})
    assert all(e["modality"] != "reported" for p in r.json()["paths"] for e in p["edges"])


def test_subgraph_route(client: TestClient) -> None:
    body = client.get("/api/subgraph", params={"seeds": "organization/tesla,organization/oracle", "depth": 0}).json()
    assert {n["label"] for n in body["nodes"]} == {"Tesla", "Oracle"} and body["edges"] == []
    body = client.get("/api/subgraph", params=[("seeds", "organization/tesla"), ("depth", "1")]).json()
    GraphOut.model_validate(body)
    ids = {n["id"] for n in body["nodes"]}
    assert "organization/xai" in ids and all(e["source"] in ids and e["target"] in ids for e in body["edges"])
    assert client.get("/api/subgraph").status_code == 422
    too_many = ",".join(f"organization/x{i}" for i in range(caps.MAX_SEEDS + 1))
    assert client.get("/api/subgraph", params={"seeds": too_many}).status_code == 422


def test_algorithm_routes(client: TestClient) -> None:
    pr = client.get("/api/algorithms/pagerank", params={"top": 10, "damping": 0.85}).json()
    AlgorithmOut.model_validate(pr)
    assert [r["rank"] for r in pr["results"]] == list(range(1, 11))
    assert {"Memphis", "Tennessee", "xAI"} <= {r["node"]["label"] for r in pr["results"]}
    assert pr["results"][0]["score"] >= pr["results"][-1]["score"]
    deg = client.get("/api/algorithms/degree", params={"top": 1}).json()
    assert deg["results"][0]["node"]["label"] == "xAI"
    com = client.get("/api/algorithms/communities", params={"seed": 7, "top": 100}).json()
    assert sum(r["size"] for r in com["results"]) == com["nodes"]
    sim = client.get("/api/algorithms/similar", params={"node": "organization/tesla"}).json()
    assert sim["results"] and sim["results"][0]["score"] <= 1
    sub = client.get("/api/algorithms/components", params={"seeds": "organization/tesla", "depth": 1}).json()
    assert sub["results"][0]["size"] == sub["nodes"]
    assert client.get("/api/algorithms/betweenness", params={"top": 2}).status_code == 200
    assert client.get("/api/algorithms/magic").status_code == 422
    r = client.get("/api/algorithms/pagerank", params={"damping": 2})
    assert r.status_code == 422 and "damping" in r.json()["message"]


def test_facts_routes(client: TestClient) -> None:
    body = client.get("/api/facts", params={"q": "courriels"}).json()
    FactSearchOut.model_validate(body)
    assert body["total"] >= 1 and "<mark>courriels</mark>" in body["results"][0]["snippet"]
    f = next(h["fact"] for h in body["results"] if h["fact"]["fact_id"] == "F64")
    assert f["qualifiers"]["quantity"] == 12000
    one = client.get("/api/facts/" + f["id"]).json()
    FactOut.model_validate(one)
    assert one["fact_id"] == "F64" and one["subject"]["label"] == "Tesla"
    assert client.get("/api/facts/fact/none/f0").status_code == 404
    listed = client.get("/api/facts", params={"article": "xai-memphis.fr", "modality": "reported",
                                              "limit": 100}).json()
    assert listed["total"] >= 1 and all(h["fact"]["modality"] == "reported" for h in listed["results"])
    by_pred = client.get("/api/facts", params={"predicate": "ng:transferredHardwareTo"}).json()
    assert by_pred["total"] == 2
    assert client.get("/api/facts", params={"modality": "nope"}).status_code == 422


def test_stats_and_health(client: TestClient, seed_store: GraphStore) -> None:
    st = client.get("/api/stats").json()
    StatsOut.model_validate(st)
    HealthOut.model_validate(client.get("/api/health").json())
    assert st["facts"] == 76 and st["articles"] == 1 and st["entities"] > 30 and st["quads"] == len(seed_store)
    h = client.get("/api/health").json()
    assert h["live"] and h["ready"] and h["generation"] == seed_store.generation == h["projection_generation"]


def test_openapi_has_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/entities", "/api/paths", "/api/subgraph", "/api/facts", "/api/reconcile",
                 "/api/algorithms/{name}", "/api/entities/{id}/neighbors", "/api/health", "/api/stats"):
        assert path in spec["paths"], path
    assert "example" in spec["components"]["schemas"]["PathsOut"]


def test_writes_seen_at_once_over_http(seeded_dir: Path, tmp_path: Path) -> None:
    with served_copy(seeded_dir, tmp_path) as srv:
        def names(q: str) -> list[str]:
            return [h["node"]["label"] for h in httpx.get(srv.url + "/api/entities", params={"q": q}).json()["results"]]

        def near(ident: str) -> set[str]:
            r = httpx.get(srv.url + f"/api/entities/{ident}/neighbors")
            return {n["label"] for n in r.json()["nodes"]} if r.status_code == 200 else set()

        assert names("Zorglub") == []
        g = ID + "graph/test-zorglub"
        upd = (f"INSERT DATA {{ GRAPH <{g}> {{ <{ID}organization/zorglub> a <{NG}Organization> ; "
               f"<{RDFS}label> \"Zorglub\" ; <{NG}partnerOf> <{ID}organization/xai> }} }}")
        r = httpx.post(srv.sparql, content=upd, headers={**AUTH, "Content-Type": "application/sparql-update"})
        assert r.status_code in (200, 204), r.text
        assert names("zorglub") == ["Zorglub"] and "Zorglub" in near("organization/xai")
        ttl = (f"<{ID}organization/quuxcorp> <{RDFS}label> \"Quuxcorp\" ; "
               f"<{NG}supplies> <{ID}organization/tesla> .").encode()
        r = httpx.put(srv.url + "/store", params={"graph": ID + "graph/test-quux"}, content=ttl,
                      headers={**AUTH, "Content-Type": "text/turtle"})
        assert r.status_code in (201, 204), r.text
        assert names("quuxcorp") == ["Quuxcorp"] and "Quuxcorp" in near("organization/tesla")
        r = httpx.delete(srv.url + "/store", params={"graph": g}, headers=AUTH)
        assert r.status_code == 204 and names("zorglub") == [] and "Zorglub" not in near("organization/xai")
        text = (ROOT / "tests" / "data" / "articles" / "gridline-texas.en.txt").read_bytes()
        r = httpx.post(srv.url + "/api/articles", content=text, timeout=120,
                       headers={**AUTH, "Content-Type": "text/plain"})
        assert r.status_code == 201, r.text
        fact = r.json()["facts"][0]
        subject = fact["subject"]["label"]
        assert subject in names(subject)
        sid = fact["subject"]["iri"].removeprefix(ID)
        assert near(sid), sid
        words = [w for w in fact["evidence"]["text"].split() if len(w) > 5][:1]
        hits = httpx.get(srv.url + "/api/facts", params={"q": words[0], "article": r.json()["article"]}).json()
        assert hits["total"] >= 1


def test_graph_dict_is_the_shared_shape(seed_store: GraphStore) -> None:
    from api.routes._graph import graph_dict
    from graph.projection import Projection
    from graph.projection.traverse import neighbors

    tr = neighbors(Projection(seed_store), "organization/xai", depth=2)
    assert graph_dict(tr.graph, tr.truncated) == {**tr.graph.to_dict(), "truncated": tr.truncated}
