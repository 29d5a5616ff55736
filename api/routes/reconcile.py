"""``/api/reconcile``: the W3C Entity Reconciliation API (v0.2) for OpenRefine and its peers.

``GET /api/reconcile`` is the manifest; ``POST`` (form-encoded ``queries=`` or ``extend=``, as
OpenRefine sends them; a JSON body or ``GET ?queries=`` too) answers batches; ``suggest/entity``,
``suggest/type``, ``suggest/property``, ``preview`` and ``propose_properties`` complete it. CORS is
open on these paths whatever ``cors_origins`` says (:class:`ReconcileCors`); there is no JSONP.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import TypeAdapter, ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.routes._graph import ParamRoute, ProjectionDep
from api.schemas import reconcile as rs
from graph.errors import InvalidParameter, NotFound
from graph.projection import Projection
from graph.views import reconcile as rv
from ontology.namespaces import ID, NG

router = APIRouter(prefix="/api/reconcile", tags=["reconciliation"], route_class=ParamRoute)
PREFIX = "/api/reconcile"
_QUERIES = TypeAdapter(dict[str, rs.ReconQuery])


class ReconcileCors:
    """Open CORS for the reconciliation paths: answers preflights, adds the headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        headers = [(b"access-control-allow-origin", b"*"), (b"vary", b"Origin")]
        if scope["method"] == "OPTIONS":
            await send({"type": "http.response.start", "status": 204, "headers": [
                *headers, (b"access-control-allow-methods", b"GET, POST, OPTIONS"),
                (b"access-control-allow-headers", b"Content-Type, Accept"),
                (b"access-control-max-age", b"86400")]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", [])
                        if k.lower() not in (b"access-control-allow-origin", b"vary")]
                message = {**message, "headers": kept + headers}
            await send(message)

        await self.app(scope, receive, with_cors)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def manifest(request: Request, p: Projection) -> dict[str, Any]:
    base = _base(request)
    svc = {"service_url": base + PREFIX}
    types = [{"id": t, "name": p.term_labels.get(NG + t) or t} for t, _ in rv.type_counts(p).most_common(8)]
    return {"versions": ["0.1", "0.2"], "name": "newsgraph entities", "identifierSpace": ID,
            "schemaSpace": NG, "defaultTypes": types, "batchSize": 50,
            "view": {"url": base + "/api/entities/{{id}}"},
            "preview": {"url": base + PREFIX + "/preview?id={{id}}", "width": 400, "height": 200},
            "suggest": {"entity": {**svc, "service_path": "/suggest/entity"},
                        "type": {**svc, "service_path": "/suggest/type"},
                        "property": {**svc, "service_path": "/suggest/property"}},
            "extend": {"propose_properties": {**svc, "service_path": "/propose_properties"},
                       "property_settings": []}}


def _json_field(name: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidParameter(name, f"not JSON (line {exc.lineno} column {exc.colno}: {exc.msg})") from None


def answer_queries(p: Projection, raw: Any) -> dict[str, Any]:
    try:
        batch = _QUERIES.validate_python(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err.get("loc", ()))
        raise InvalidParameter("queries", f"{where}: {err.get('msg')}") from None
    if len(batch) > 500:
        raise InvalidParameter("queries", "at most 500 queries per batch")
    out = {}
    for key, q in batch.items():
        types = [q.type] if isinstance(q.type, str) else list(q.type or [])
        props = [(c.pid, c.v) for c in q.properties]
        out[key] = {"result": rv.reconcile(p, q.query, types=types, properties=props, limit=q.limit or 5)}
    return out


def answer_extend(p: Projection, raw: Any) -> dict[str, Any]:
    try:
        req = rs.ExtendQuery.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InvalidParameter("extend", f"{'.'.join(str(x) for x in err['loc'])}: {err['msg']}") from None
    return rv.extend(p, req.ids, [x.id for x in req.properties])


@router.get("", response_model=None, summary="Manifest, or a batch given as ?queries=")
def get_reconcile(request: Request, projection: ProjectionDep,
                  queries: Annotated[str | None, Query()] = None,
                  extend: Annotated[str | None, Query()] = None) -> dict[str, Any]:
    if queries is not None:
        return answer_queries(projection, _json_field("queries", queries))
    if extend is not None:
        return answer_extend(projection, _json_field("extend", extend))
    return manifest(request, projection)


@router.post("", response_model=None, summary="A batch of queries (queries=) or a data extension (extend=)")
async def post_reconcile(request: Request, projection: ProjectionDep) -> dict[str, Any]:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        doc = _json_field("body", (await request.body()).decode("utf-8", "replace"))
        fields = doc if isinstance(doc, dict) and ("queries" in doc or "extend" in doc) else {"queries": doc}
        fields = {k: json.dumps(v) if not isinstance(v, str) else v for k, v in fields.items()}
    else:
        form = await request.form()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
    if "queries" in fields:
        return answer_queries(projection, _json_field("queries", fields["queries"]))
    if "extend" in fields:
        return answer_extend(projection, _json_field("extend", fields["extend"]))
    raise InvalidParameter("queries", "send queries=<JSON batch> or extend=<JSON request>")


Prefix = Annotated[str, Query(max_length=200)]
Limit = Annotated[int, Query(ge=1, le=100)]


@router.get("/suggest/entity", response_model=rs.SuggestResult)
def suggest_entity(projection: ProjectionDep, prefix: Prefix = "", limit: Limit = 10) -> dict[str, Any]:
    return {"result": rv.suggest_entities(projection, prefix, limit) if prefix.strip() else []}


@router.get("/suggest/type", response_model=rs.SuggestResult)
def suggest_type(projection: ProjectionDep, prefix: Prefix = "", limit: Limit = 10) -> dict[str, Any]:
    return {"result": rv.suggest_types(projection, prefix, limit)}


@router.get("/suggest/property", response_model=rs.SuggestResult)
def suggest_property(projection: ProjectionDep, prefix: Prefix = "", limit: Limit = 10) -> dict[str, Any]:
    return {"result": rv.suggest_properties(projection, prefix, limit)}


@router.get("/propose_properties", response_model=rs.ProposeResult)
def propose_properties(projection: ProjectionDep, type: str | None = None,
                       limit: Limit = 10) -> dict[str, Any]:
    return {"type": type or "", "limit": limit, "properties": rv.propose(projection, type, limit)}


@router.get("/preview", response_class=HTMLResponse)
def preview(projection: ProjectionDep, id: Annotated[str, Query(min_length=1)]) -> HTMLResponse:
    page = rv.preview_html(projection, id)
    if page is None:
        raise NotFound(f"no entity {id!r}")
    return HTMLResponse(page)
