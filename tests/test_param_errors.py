"""Every 422 of the REST API names the parameter at fault in ``field``.

One walk over bad requests to every route family under ``/api`` (entities, neighbours, paths,
subgraph, algorithms, facts, export, reconcile, articles, the explorer's passage), in-process
over the seed store; each answer must be 422 with ``field`` naming the parameter. The cases
mix the two ways a 422 arises: FastAPI's own validation (through ``ParamRoute``) and an
:class:`~graph.errors.InvalidParameter` raised by the graph layer (through ``api/errors.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from api.config import Settings
from graph.errors import InvalidParameter
from graph.projection import caps
from graph.store import GraphStore
from tests.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
XAI, TESLA = "organization/xai", "organization/tesla"

#: (method, path, query parameters, JSON body or None, the field the 422 must name)
BAD: list[tuple[str, str, dict[str, Any], Any, str]] = [
    ("GET", "/api/entities", {}, None, "q"),
    ("GET", "/api/entities", {"q": "xai", "limit": 0}, None, "limit"),
    ("GET", "/api/entities", {"q": "xai", "lang": "french"}, None, "lang"),
    ("GET", f"/api/entities/{TESLA}", {"per_predicate": 0}, None, "per_predicate"),
    ("GET", f"/api/entities/{XAI}/neighbors", {"depth": caps.MAX_DEPTH + 1}, None, "depth"),
    ("GET", f"/api/entities/{XAI}/neighbors", {"direction": "up"}, None, "direction"),
    ("GET", f"/api/entities/{XAI}/neighbors", {"modality": "rumour"}, None, "modality"),   # graph layer
    ("GET", f"/api/entities/{XAI}/neighbors", {"predicates": "zz:foo"}, None, "predicates"),  # graph layer
    ("GET", "/api/paths", {"from": TESLA}, None, "to"),
    ("GET", "/api/paths", {"from": TESLA, "to": XAI, "k": 99}, None, "k"),
    ("GET", "/api/paths", {"from": TESLA, "to": TESLA}, None, "to"),                     # graph layer
    ("GET", "/api/paths", {"from": TESLA, "to": XAI, "exclude_modality": "nope"}, None, "exclude_modality"),
    ("GET", "/api/subgraph", {}, None, "seeds"),
    ("GET", "/api/subgraph", {"seeds": XAI, "depth": "two"}, None, "depth"),
    ("GET", "/api/subgraph", {"seeds": ",".join(f"x/{i}" for i in range(caps.MAX_SEEDS + 1))}, None, "seeds"),
    ("GET", "/api/algorithms/pagerank", {"damping": 2}, None, "damping"),
    ("GET", "/api/algorithms/pagerank", {"top": 0}, None, "top"),
    ("GET", "/api/algorithms/magic", {}, None, "name"),
    ("GET", "/api/facts", {"modality": "nope"}, None, "modality"),                         # graph layer
    ("GET", "/api/facts", {"limit": -1}, None, "limit"),
    ("GET", "/api/export", {"seeds": XAI}, None, "format"),
    ("GET", "/api/export", {"format": "pdf"}, None, "format"),                             # graph layer
    ("GET", "/api/export", {"format": "d3", "modality": "rumoured"}, None, "modality"),    # graph layer
    ("GET", "/api/export", {"format": "d3", "query": "SELECT * { ?s ?p ?o }"}, None, "query"),  # graph layer
    ("GET", "/api/export", {"format": "d3", "seeds": XAI, "depth": 99}, None, "depth"),
    ("GET", "/api/export", {"format": "d3", "size_by": "mass"}, None, "size_by"),
    ("POST", "/api/export", {}, {"seeds": [XAI]}, "format"),
    ("POST", "/api/export", {}, {"format": "d3", "seeds": [XAI], "depth": -1}, "depth"),
    ("POST", "/api/export", {}, {"format": "svg", "seeds": [XAI], "lean": "very"}, "lean"),
    ("GET", "/api/reconcile", {"queries": "{not json"}, None, "queries"),                  # graph layer
    ("GET", "/api/reconcile", {"queries": json.dumps({"q0": {"query": "x", "limit": "many"}})}, None, "queries"),
    ("GET", "/api/reconcile", {"extend": json.dumps({"ids": "x"})}, None, "extend"),
    ("GET", "/api/reconcile/suggest/entity", {"prefix": "x", "limit": 0}, None, "limit"),
    ("GET", "/api/reconcile/preview", {}, None, "id"),
    ("POST", "/api/articles", {"lang": "de"}, {"text": "Nvidia a vendu des GPU."}, "lang"),
    ("POST", "/api/articles", {"min_confidence": 2}, {"text": "Nvidia a vendu des GPU."}, "min_confidence"),
    ("POST", "/api/articles", {}, {"text": "Nvidia a vendu des GPU.", "format": "pdf"}, "format"),
    ("GET", "/api/explore/passage", {"article": "xai-memphis.fr", "start": 20, "end": 10}, None, "start"),
    ("GET", "/api/explore/passage", {"article": "xai-memphis.fr", "start": "x", "end": 5}, None, "start"),
    ("GET", "/api/explore/passage", {"start": 0, "end": 5}, None, "article"),
]


@pytest.fixture(scope="module")
def client(seed_store: GraphStore) -> Iterator[TestClient]:
    app = create_app(Settings(store="memory", query_workers=0, token=SecretStr(TOKEN)), store=seed_store)
    with TestClient(app.app) as c:
        yield c


def test_every_422_names_its_field(client: TestClient) -> None:
    families = set()
    for method, path, params, body, field in BAD:
        r = client.request(method, path, params=params, json=body, headers=AUTH)
        where = f"{method} {path} {params} {body}"
        assert r.status_code == 422, (where, r.status_code, r.text)
        answer = r.json()
        assert answer.get("field") == field, (where, answer)
        assert answer["error"] in ("invalid_parameter", "unknown_format"), (where, answer)
        assert answer["message"], where
        families.add(path.split("/")[2])
    assert families >= {"entities", "paths", "subgraph", "algorithms", "facts", "export", "reconcile",
                        "articles", "explore"}


def test_a_body_that_is_not_json_is_field_body(client: TestClient) -> None:
    r = client.post("/api/export", content=b"{nope", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["field"] == "body"


def test_the_error_type_needs_its_field() -> None:
    assert InvalidParameter("depth", "too deep").field == "depth"
    with pytest.raises(ValueError, match="name of the parameter"):
        InvalidParameter("", "no name")
