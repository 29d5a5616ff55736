"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol.

Graphs are named indirectly (``/store?graph=IRI``, ``/store?default``) or directly (``/store/a/b``
names the graph whose IRI is that request URL). ``GET /store`` alone returns the whole dataset
(N-Quads or TriG); ``POST /store`` alone creates a new graph and answers ``201`` with its IRI in
``Location``. ``PUT``/``POST`` take any RDF syntax we read, or ``multipart/form-data`` with one
RDF document per part (all parts in one transaction). Writes need the bearer token.
"""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from api.deps import GspDep, require_writer
from graph.errors import BadRequest, UnsupportedMediaType
from graph.formats import rdf_format_for_path
from graph.sparql.gsp import Part

router = APIRouter(tags=["graph store"])
PREFIX = "/store"


def _target(request: Request, path: str) -> tuple[bool, str | None]:
    """``(named, graph)``: ``(False, None)`` for the whole store, ``(True, None)`` for the default graph."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    graphs, default = params.get("graph", []), "default" in params
    if path:
        if graphs or default:
            raise BadRequest("a graph named by its URL takes no 'graph' or 'default' parameter")
        u = request.url
        return True, f"{u.scheme}://{u.netloc}{u.path}"
    if len(graphs) > 1 or (graphs and default):
        raise BadRequest("give one 'graph' parameter or 'default', not both")
    if graphs:
        if not graphs[0]:
            raise BadRequest("empty 'graph' parameter")
        return True, graphs[0]
    return default, None


async def _parts(request: Request) -> list[Part]:
    ctype = request.headers.get("content-type", "")
    if ctype.lower().startswith("multipart/form-data"):
        form = await request.form()
        parts: list[Part] = []
        for _name, value in form.multi_items():
            if isinstance(value, str):
                raise BadRequest("multipart parts must be files (RDF documents)")
            media = (value.content_type or "").split(";")[0].strip().lower()
            if media in ("", "application/octet-stream") and value.filename:
                media = rdf_format_for_path(value.filename).media_type
            parts.append(Part(await value.read(), media))
        if not parts:
            raise BadRequest("multipart body without any part")
        return parts
    if not ctype:
        raise UnsupportedMediaType("a Content-Type naming an RDF syntax is required")
    return [Part(await request.body(), ctype)]


def _graph_response(gsp: GspDep, request: Request, path: str, head: bool) -> Response:
    named, graph = _target(request, path)
    accept = request.headers.get("accept")
    body = gsp.get_dataset(accept) if not named else gsp.get(graph, accept)
    media = body.media_type
    ctype = media + ("; charset=utf-8" if media.startswith("text/") or media.endswith("trig") else "")
    headers = {"Content-Type": ctype, "Vary": "Accept", "Content-Length": str(body.size)}
    if head:
        body.file.close()
        return Response(status_code=200, headers=headers)
    return StreamingResponse(body.chunks(), headers=headers)


@router.get(PREFIX, response_model=None)
@router.get(PREFIX + "/{path:path}", response_model=None)
async def gsp_get(gsp: GspDep, request: Request, path: str = "") -> Response:
    """A graph (``?graph=``, ``?default`` or direct) or, with no parameter, the whole dataset."""
    return await run_in_threadpool(_graph_response, gsp, request, path, False)


@router.head(PREFIX, response_model=None)
@router.head(PREFIX + "/{path:path}", response_model=None)
async def gsp_head(gsp: GspDep, request: Request, path: str = "") -> Response:
    return await run_in_threadpool(_graph_response, gsp, request, path, True)


@router.put(PREFIX, response_model=None)
@router.put(PREFIX + "/{path:path}", response_model=None)
async def gsp_put(gsp: GspDep, request: Request, path: str = "") -> Response:
    """Replace a graph: ``201`` if it was created, ``204`` otherwise."""
    require_writer(request)
    named, graph = _target(request, path)
    if not named:
        raise BadRequest("PUT needs '?graph=IRI' or '?default'")
    parts = await _parts(request)
    created = await run_in_threadpool(gsp.put, graph, parts)
    return Response(status_code=201 if created else 204)


@router.post(PREFIX, response_model=None)
@router.post(PREFIX + "/{path:path}", response_model=None)
async def gsp_post(gsp: GspDep, request: Request, path: str = "") -> Response:
    """Add to a graph; without a graph, create a new one (``201`` + ``Location``)."""
    require_writer(request)
    named, graph = _target(request, path)
    parts = await _parts(request)
    if not named:
        u = request.url
        graph = f"{u.scheme}://{u.netloc}{PREFIX}/{uuid.uuid4().hex}"
        await run_in_threadpool(gsp.put, graph, parts)
        return Response(status_code=201, headers={"Location": graph})
    created = await run_in_threadpool(gsp.post, graph, parts)
    if created and graph is not None:
        return Response(status_code=201, headers={"Location": graph})
    return Response(status_code=204)


@router.delete(PREFIX, response_model=None)
@router.delete(PREFIX + "/{path:path}", response_model=None)
async def gsp_delete(gsp: GspDep, request: Request, path: str = "") -> Response:
    """Drop a named graph (404 if absent) or empty the default graph."""
    require_writer(request)
    named, graph = _target(request, path)
    if not named:
        raise BadRequest("DELETE needs '?graph=IRI' or '?default'")
    await run_in_threadpool(gsp.delete, graph)
    return Response(status_code=204)
