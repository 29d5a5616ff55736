"""``/sparql``: the SPARQL 1.1 Protocol endpoint (query and update), its service description and UI.

* query: ``GET ?query=``, ``POST`` URL-encoded (``query=``) or direct (``application/sparql-query``),
  with ``default-graph-uri`` / ``named-graph-uri`` and an optional ``timeout`` (seconds, lowers
  the server's);
* update: ``POST`` URL-encoded (``update=``) or direct (``application/sparql-update``), with
  ``using-graph-uri`` / ``using-named-graph-uri``; needs the bearer token;
* ``GET`` without a query: the query page for browsers, the service description otherwise.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.deps import SettingsDep, SparqlDep, require_writer
from api.routes.pages import query_page
from graph.errors import BadRequest, NotAcceptable, UnsupportedMediaType
from graph.formats import negotiate
from graph.service import QueryRequest, SparqlService, UpdateRequest
from graph.service_description import describe

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
Params = dict[str, list[str]]


def endpoint_iri(request: Request) -> str:
    """The endpoint's own IRI (no query string): the base IRI of queries and updates."""
    u = request.url
    return f"{u.scheme}://{u.netloc}{u.path}"


def _one(params: Params, name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise BadRequest(f"more than one '{name}' parameter")
    return values[0] if values else None


def _number(params: Params, name: str) -> float | None:
    raw = _one(params, name)
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"'{name}' must be a number of seconds, not {raw!r}") from None
    if value <= 0:
        raise BadRequest(f"'{name}' must be positive")
    return value


def _media(request: Request) -> tuple[str, str | None]:
    """Content-Type without parameters, and its charset if any."""
    raw = request.headers.get("content-type", "")
    parts = [p.strip() for p in raw.split(";")]
    charset = next((p.split("=", 1)[1].strip('"').lower() for p in parts[1:]
                    if p.lower().startswith("charset=")), None)
    return parts[0].lower(), charset


def _text(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaType(f"SPARQL text must be UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"request body is not valid UTF-8 (byte {exc.start})") from None


def query_request(request: Request, query: str, params: Params) -> QueryRequest:
    """The :class:`QueryRequest` for protocol parameters (URL and form merged)."""
    if "update" in params:
        raise BadRequest("give either 'query' or 'update', not both")
    return QueryRequest(
        query=query,
        accept=request.headers.get("accept"),
        default_graph=tuple(params.get("default-graph-uri", [])),
        named_graphs=tuple(params.get("named-graph-uri", [])) or None,
        base_iri=endpoint_iri(request),
        timeout=_number(params, "timeout"),
    )


async def answer_query(sparql: SparqlService, request: Request, req: QueryRequest) -> Response:
    """Run (or revalidate) a query: ``304`` on a matching ``If-None-Match``, else the results."""
    etag = sparql.current_etag(req)
    headers = {"ETag": etag, "Vary": "Accept", "Cache-Control": "no-cache"}
    inm = request.headers.get("if-none-match")
    if inm and (inm.strip() == "*" or etag in [t.strip() for t in inm.split(",")]):
        return Response(status_code=304, headers=headers)
    result = sparql.cached(req)
    if result is None:
        result = await run_in_threadpool(sparql.query, req)
    headers["ETag"] = result.etag
    headers["X-Cache"] = "hit" if result.cached else "miss"
    media = result.media_type
    if media.startswith("text/") and "charset" not in media:
        media += "; charset=utf-8"
    return Response(result.body, headers={**headers, "Content-Type": media})


async def _run_query(sparql: SparqlDep, request: Request, query: str, params: Params) -> Response:
    return await answer_query(sparql, request, query_request(request, query, params))


async def _run_update(sparql: SparqlDep, request: Request, update: str, params: Params) -> Response:
    require_writer(request)
    if "query" in params:
        raise BadRequest("give either 'query' or 'update', not both")
    req = UpdateRequest(
        update=update,
        using=tuple(params.get("using-graph-uri", [])),
        using_named=tuple(params.get("using-named-graph-uri", [])),
        base_iri=endpoint_iri(request),
    )
    await run_in_threadpool(sparql.update, req)
    return Response(status_code=204)


def _url_params(request: Request) -> Params:
    return parse_qs(request.url.query, keep_blank_values=True)


@router.get("/sparql", response_model=None)
async def sparql_get(sparql: SparqlDep, settings: SettingsDep, request: Request) -> Response:
    """Run ``?query=``; without it, the query page (browsers) or the service description."""
    params = _url_params(request)
    if "update" in params:
        raise BadRequest("updates must be POSTed (SPARQL 1.1 Protocol §2.2)")
    query = _one(params, "query")
    if query is not None:
        return await _run_query(sparql, request, query, params)
    accept = request.headers.get("accept", "")
    if "text/html" in accept.lower():
        return query_page()
    media = negotiate(accept, "graph")
    if media is None:
        raise NotAcceptable("the service description is RDF (Turtle, N-Triples, RDF/XML, JSON-LD...)")
    body = describe(endpoint_iri(request), media, update=not settings.read_only,
                    union_default_graph=settings.union_default_graph,
                    federated=bool(settings.service_allow))
    return Response(body, media_type=media)


@router.post("/sparql", response_model=None)
async def sparql_post(sparql: SparqlDep, request: Request) -> Response:
    """Query or update, URL-encoded or direct."""
    ctype, charset = _media(request)
    params = _url_params(request)
    body = await request.body()
    if ctype == FORM:
        form = parse_qs(_text(body, charset), keep_blank_values=True)
        for name in ("query", "update"):
            if name in form and name in params:
                raise BadRequest(f"'{name}' given both in the URL and in the body")
        merged = {k: params.get(k, []) + form.get(k, []) for k in {*params, *form}}
        query, update = _one(merged, "query"), _one(merged, "update")
        if (query is None) == (update is None):
            raise BadRequest("a URL-encoded POST needs exactly one of 'query' or 'update'")
        if query is not None:
            return await _run_query(sparql, request, query, merged)
        assert update is not None
        return await _run_update(sparql, request, update, merged)
    if ctype == QUERY:
        return await _run_query(sparql, request, _text(body, charset), params)
    if ctype == UPDATE:
        return await _run_update(sparql, request, _text(body, charset), params)
    raise UnsupportedMediaType(f"POST /sparql needs {FORM}, {QUERY} or {UPDATE}, not {ctype or 'none'!r}")
