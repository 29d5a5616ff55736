"""Entity reconciliation as OpenRefine speaks it, checked against the W3C Reconciliation API v0.2
shapes (re-stated here from the specification's JSON schemas, independently of ``api/schemas``).

The requests are the ones OpenRefine 3.x sends: a GET of the manifest, form-encoded ``queries=``
batches with ``type``, ``type_strict``, ``limit`` and ``properties``, ``suggest`` calls with
``prefix``, ``propose_properties?type=``, form-encoded ``extend=`` and a CORS preflight."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Literal

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict, RootModel, model_validator

from graph.store import GraphStore
from ontology.namespaces import ID, NG
from tests.test_api_graph import app_client

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Spec(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class SpecType(Spec):
    id: str
    name: str


class SpecService(Spec):
    service_url: str
    service_path: str


class SpecManifest(Spec):
    versions: list[str]
    name: str
    identifierSpace: str
    schemaSpace: str
    defaultTypes: list[SpecType]
    view: dict[str, str]
    preview: dict[str, Any]
    suggest: dict[Literal["entity", "type", "property"], SpecService]
    extend: dict[str, Any]

    @model_validator(mode="after")
    def _templates(self) -> SpecManifest:
        assert "{{id}}" in self.view["url"] and "{{id}}" in self.preview["url"]
        assert isinstance(self.preview["width"], int) and isinstance(self.preview["height"], int)
        SpecService.model_validate(self.extend["propose_properties"])
        return self


class SpecCandidate(Spec):
    id: str
    name: str
    score: float
    match: bool
    type: list[SpecType]
    description: str | None = None


class SpecResult(Spec):
    result: list[SpecCandidate]


SpecBatch = RootModel[dict[str, SpecResult]]


class SpecSuggestItem(Spec):
    id: str
    name: str
    description: str | None = None


class SpecSuggest(Spec):
    result: list[SpecSuggestItem]


class SpecProposal(Spec):
    type: str
    properties: list[SpecType]
    limit: int | None = None


class SpecExtension(Spec):
    meta: list[SpecType]
    rows: dict[str, dict[str, list[dict[str, Any]]]]

    @model_validator(mode="after")
    def _cells(self) -> SpecExtension:
        kinds = ({"str"}, {"id", "name"}, {"float"}, {"int"}, {"date"}, {"bool"})
        for row in self.rows.values():
            for cells in row.values():
                for c in cells:
                    assert set(c) in kinds, c
        return self


@pytest.fixture(scope="module")
def client(seed_store: GraphStore) -> Iterator[TestClient]:
    yield from app_client(seed_store)


def test_manifest(client: TestClient) -> None:
    r = client.get("/api/reconcile", headers={"Accept": "application/json", "Origin": "http://refine.local"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    m = SpecManifest.model_validate(r.json())
    assert "0.2" in m.versions and m.identifierSpace == ID and m.schemaSpace == NG
    assert "Organization" in {t.id for t in m.defaultTypes}
    assert "callback" not in r.text  # no JSONP


def test_batch_of_queries_as_openrefine_sends_it(client: TestClient) -> None:
    batch = {"q0": {"query": "Tesla", "type": "Organization", "type_strict": "should", "limit": 6},
             "q1": {"query": "Nvidai", "limit": 3},
             "q2": {"query": "Memphis", "type": "Place", "type_strict": "should", "limit": 6,
                    "properties": [{"pid": "sameAs", "v": "http://www.wikidata.org/entity/Q16563"}]},
             "q3": {"query": "Musk", "properties": [{"pid": "^foundedBy", "v": {"id": "organization/xai"}}]},
             "q4": {"query": "Zzyzx Unknown"}}
    r = client.post("/api/reconcile", content="queries=" + _quote(json.dumps(batch)), headers=FORM)
    assert r.status_code == 200, r.text
    got = SpecBatch.model_validate(r.json()).root
    assert set(got) == set(batch)
    tesla = got["q0"].result[0]
    assert tesla.id == "organization/tesla" and tesla.name == "Tesla" and tesla.match is True
    assert tesla.type[0].id == "Organization" and 0 <= tesla.score <= 100
    assert got["q1"].result[0].name == "Nvidia" and got["q1"].result[0].match is False
    assert got["q2"].result[0].id == "place/memphis" and got["q2"].result[0].match
    assert all(c.type[0].id == "Place" for c in got["q2"].result)
    assert got["q3"].result[0].name == "Elon Musk"
    assert got["q4"].result == []
    scores = [c.score for c in got["q0"].result]
    assert scores == sorted(scores, reverse=True)


def test_property_condition_changes_scores(client: TestClient) -> None:
    def score(props: list[dict[str, Any]]) -> float:
        q = {"q0": {"query": "Tesla", "properties": props}}
        return float(client.post("/api/reconcile", data={"queries": json.dumps(q)}).json()["q0"]["result"][0]["score"])
    good = score([{"pid": "transferredHardwareTo", "v": "xAI"}])
    bad = score([{"pid": "transferredHardwareTo", "v": "Oracle"}])
    assert good > bad


def test_bad_batches_are_422(client: TestClient) -> None:
    r = client.post("/api/reconcile", data={"queries": "{not json"})
    assert r.status_code == 422 and "queries" in r.json()["message"]
    r = client.post("/api/reconcile", data={"queries": json.dumps({"q0": {"query": "x", "limit": "many"}})})
    assert r.status_code == 422 and "limit" in r.json()["message"]
    assert client.post("/api/reconcile", data={}).status_code == 422


def test_suggest_and_preview(client: TestClient) -> None:
    ent = SpecSuggest.model_validate(client.get("/api/reconcile/suggest/entity", params={"prefix": "tes"}).json())
    assert ent.result[0].id == "organization/tesla"
    typ = SpecSuggest.model_validate(client.get("/api/reconcile/suggest/type", params={"prefix": "Org"}).json())
    assert typ.result[0].id == "Organization"
    prop = SpecSuggest.model_validate(client.get("/api/reconcile/suggest/property", params={"prefix": "transf"}).json())
    assert prop.result[0].id == "transferredHardwareTo"
    page = client.get("/api/reconcile/preview", params={"id": "organization/tesla"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html") and "Tesla" in page.text
    assert client.get("/api/reconcile/preview", params={"id": "organization/none"}).status_code == 404


def test_extend_and_propose(client: TestClient) -> None:
    pr = SpecProposal.model_validate(client.get("/api/reconcile/propose_properties",
                                                params={"type": "Organization", "limit": 20}).json())
    ids = [x.id for x in pr.properties]
    assert pr.type == "Organization" and "transferredHardwareTo" in ids and len(ids) <= 20
    req = {"ids": ["organization/tesla", "organization/nobody"],
           "properties": [{"id": "transferredHardwareTo"}, {"id": "sameAs"}, {"id": "type"}]}
    r = client.post("/api/reconcile", content="extend=" + _quote(json.dumps(req)), headers=FORM)
    ext = SpecExtension.model_validate(r.json())
    assert [m.id for m in ext.meta] == ["transferredHardwareTo", "sameAs", "type"]
    row = ext.rows["organization/tesla"]
    assert {"id": "organization/xai", "name": "xAI"} in row["transferredHardwareTo"]
    assert row["sameAs"] == [{"str": "http://www.wikidata.org/entity/Q478214"}]
    assert ext.rows["organization/nobody"]["sameAs"] == []


def test_cors_preflight_without_configured_origins(client: TestClient) -> None:
    r = client.options("/api/reconcile", headers={"Origin": "http://refine.local",
                                                 "Access-Control-Request-Method": "POST",
                                                 "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 204 and r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "content-type" in r.headers["access-control-allow-headers"].lower()
    r = client.post("/api/reconcile", data={"queries": json.dumps({"q0": {"query": "Tesla"}})},
                    headers={"Origin": "http://refine.local"})
    assert r.headers["access-control-allow-origin"] == "*"
    other = client.get("/api/stats", headers={"Origin": "http://refine.local"})
    assert "access-control-allow-origin" not in other.headers  # only reconciliation is open


def _quote(text: str) -> str:
    from urllib.parse import quote_plus
    return quote_plus(text)
