"""``/sparql``: the SPARQL 1.1 Protocol endpoint (query and update), its service description and UI.

* query: ``GET ?query=``, ``POST`` URL-encoded (``query=``) or direct (``application/sparql-query``),
  with ``default-graph-uri`` / ``named-graph-uri`` and an optional ``timeout`` (seconds, lowers
  the server's);
* update: ``POST`` URL-encoded (``update=``) or direct (``application/sparql-update``), with
  ``using-graph-uri`` / ``using-named-graph-uri``; needs the bearer token;
* ``GET`` without a query: the query page for browsers, the service description otherwise.

Query and POSTed update requests usually never reach these routes: :class:`api.fastpath.SparqlFront`
answers them before FastAPI, with the functions below (:func:`parse_post`, :func:`query_request`,
:func:`update_request`, :func:`answer`), so both paths parse, answer and fail alike.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from starlette.types import Scope

from api.deps import SettingsDep, SparqlDep, require_writer
from api.routes.pages import query_page
from graph.errors import BadRequest, NotAcceptable, UnsupportedMediaType
from graph.formats import negotiate
from graph.sparql.description import describe
from graph.sparql.service import QueryRequest, SparqlService, UpdateRequest

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
Params = dict[str, list[str]]
RawHeaders = list[tuple[bytes, bytes]]
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_VARY, _NO_CACHE = (b"vary", b"Accept"), (b"cache-control", b"no-cache")
_HIT, _MISS = (b"x-cache", b"hit"), (b"x-cache", b"miss")


def header_map(scope: Scope) -> dict[bytes, bytes]:
    """Request headers by lower-case name (the first of repeated ones, as Starlette's ``get``)."""
    return dict(reversed(scope.get("headers") or []))


def endpoint_iri(scope: Scope) -> str:
    """The endpoint's own IRI (no query string): the base IRI of queries and updates."""
    scheme = scope.get("scheme", "http")
    host = header_map(scope).get(b"host")
    if host:
        netloc = host.decode("latin-1")
    else:
        name, port = scope.get("server") or ("localhost", None)
        netloc = name if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{name}:{port}"
    return f"{scheme}://{netloc}{scope['path']}"


def single_param(params: Params, name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise BadRequest(f"more than one '{name}' parameter")
    return values[0] if values else None


def _number(params: Params, name: str) -> float | None:
    raw = single_param(params, name)
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"'{name}' must be a number of seconds, not {raw!r}") from None
    if value <= 0:
        raise BadRequest(f"'{name}' must be positive")
    return value


def media_type(raw: str) -> tuple[str, str | None]:
    """Content-Type without parameters, and its charset if any."""
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


def query_request(headers: Mapping[bytes, bytes], query: str, params: Params, base_iri: str) -> QueryRequest:
    """The :class:`QueryRequest` for protocol parameters (URL and form merged)."""
    if "update" in params:
        raise BadRequest("give either 'query' or 'update', not both")
    accept = headers.get(b"accept")
    return QueryRequest(
        query=query,
        accept=None if accept is None else accept.decode("latin-1"),
        default_graph=tuple(params.get("default-graph-uri", [])),
        named_graphs=tuple(params.get("named-graph-uri", [])) or None,
        base_iri=base_iri,
        timeout=_number(params, "timeout"),
    )


def parse_post(ctype: str, charset: str | None, params: Params, body: bytes) -> tuple[str, str, Params]:
    """``("query" | "update", text, parameters)`` of a POST; raises for a wrong one.

    ``params`` are the URL's; a URL-encoded body's are merged in.
    """
    if ctype == FORM:
        form = parse_qs(_text(body, charset), keep_blank_values=True)
        for name in ("query", "update"):
            if name in form and name in params:
                raise BadRequest(f"'{name}' given both in the URL and in the body")
        merged = {k: params.get(k, []) + form.get(k, []) for k in {*params, *form}}
        query, update = single_param(merged, "query"), single_param(merged, "update")
        if (query is None) == (update is None):
            raise BadRequest("a URL-encoded POST needs exactly one of 'query' or 'update'")
        return ("query", query, merged) if query is not None else ("update", str(update), merged)
    if ctype == QUERY:
        return "query", _text(body, charset), params
    if ctype == UPDATE:
        return "update", _text(body, charset), params
    raise UnsupportedMediaType(f"POST /sparql needs {FORM}, {QUERY} or {UPDATE}, not {ctype or 'none'!r}")


@functools.lru_cache(maxsize=64)
def _content_type(media: str) -> bytes:
    """The Content-Type header value for a result media type (text types get a charset)."""
    text = media + "; charset=utf-8" if media.startswith("text/") and "charset" not in media else media
    return text.encode("latin-1")


def _matches(if_none_match: bytes, etag: bytes) -> bool:
    tags = [t.strip() for t in if_none_match.split(b",")]
    return tags == [b"*"] or etag in tags


async def answer(sparql: SparqlService, req: QueryRequest,
                 if_none_match: bytes | None) -> tuple[int, RawHeaders, bytes]:
    """Status, headers and body for a query: ``304`` on a matching ``If-None-Match``, the cached
    result if there is one, else the worker pool's (awaited, no thread)."""
    found = sparql.lookup(req)
    etag = found.etag.encode()
    head: RawHeaders = [(b"etag", etag), _VARY, _NO_CACHE]
    if if_none_match and _matches(if_none_match, etag):
        return 304, head, b""
    result = found.hit or await sparql.query_async(req, found)
    head += [_HIT if result.cached else _MISS, (b"content-type", _content_type(result.media_type))]
    return 200, head, result.body


async def _run_query(sparql: SparqlDep, request: Request, query: str, params: Params) -> Response:
    headers = header_map(request.scope)
    req = query_request(headers, query, params, endpoint_iri(request.scope))
    status, head, body = await answer(sparql, req, headers.get(b"if-none-match"))
    response = Response(body, status_code=status)
    response.raw_headers += head
    return response


def update_request(params: Params, update: str, base_iri: str) -> UpdateRequest:
    """The :class:`UpdateRequest` for protocol parameters (URL and form merged)."""
    if "query" in params:
        raise BadRequest("give either 'query' or 'update', not both")
    return UpdateRequest(
        update=update,
        using=tuple(params.get("using-graph-uri", [])),
        using_named=tuple(params.get("using-named-graph-uri", [])),
        base_iri=base_iri,
    )


async def _run_update(sparql: SparqlDep, request: Request, update: str, params: Params) -> Response:
    require_writer(request)
    req = update_request(params, update, endpoint_iri(request.scope))
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
    query = single_param(params, "query")
    if query is not None:
        return await _run_query(sparql, request, query, params)
    accept = request.headers.get("accept", "")
    if "text/html" in accept.lower():
        return query_page()
    media = negotiate(accept, "graph")
    if media is None:
        raise NotAcceptable("the service description is RDF (Turtle, N-Triples, RDF/XML, JSON-LD...)")
    body = describe(endpoint_iri(request.scope), media, update=not settings.read_only,
                    union_default_graph=settings.union_default_graph,
                    federated=bool(settings.service_allow))
    return Response(body, media_type=media)


@router.post("/sparql", response_model=None)
async def sparql_post(sparql: SparqlDep, request: Request) -> Response:
    """Query or update, URL-encoded or direct."""
    ctype, charset = media_type(request.headers.get("content-type", ""))
    kind, text, params = parse_post(ctype, charset, _url_params(request), await request.body())
    if kind == "query":
        return await _run_query(sparql, request, text, params)
    return await _run_update(sparql, request, text, params)
