"""``/api/export``: a subgraph in one of the export formats, as a file download.

``GET /api/export?format=F&seeds=&depth=&query=&modality=&size_by=`` and the same as a JSON
``POST`` body (which may also list ``nodes``: exactly those entities, the explorer's view).
Answers carry the format's media type and ``Content-Disposition: attachment; filename=...``;
422 for an unknown format or a bad parameter (``field`` names it), 413 over a format's caps.
``GET /api/export/formats`` lists the formats with their media types, tools and caps.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.routes._graph import ParamRoute, ProjectionDep, csv
from graph.export.records import ExportOptions
from graph.export.registry import FORMATS
from graph.export.select import Exported, export_selection, selection, service_runner
from graph.projection import Projection, caps
from graph.sparql.service import SparqlService

router = APIRouter(prefix="/api", tags=["export"], route_class=ParamRoute)


class ExportBody(BaseModel):
    """The POST form of an export request."""

    format: str
    seeds: list[str] = Field(default_factory=list)
    nodes: list[str] = Field(default_factory=list, max_length=FORMATS["graphml"].max_nodes)
    depth: int = Field(1, ge=0, le=caps.MAX_DEPTH)
    query: str | None = None
    modality: list[str] = Field(default_factory=list)
    size_by: Literal["degree", "pagerank"] = "degree"
    lean: bool = Field(False, description="cytoscape: no evidence or qualifiers (the explorer's form)")


def _response(done: Exported) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{done.filename}"',
               "X-Export-Nodes": str(done.nodes), "X-Export-Edges": str(done.edges)}
    return Response(done.body, media_type=done.format.media_type, headers=headers)


async def _export(request: Request, projection: Projection, body: ExportBody) -> Response:
    sel = selection(csv(body.seeds), body.depth, body.query, csv(body.modality), body.nodes)
    service: SparqlService = request.app.state.sparql
    options = ExportOptions(size_by=body.size_by, title=f"newsgraph: {sel.stem()}", lean=body.lean)
    done = await run_in_threadpool(export_selection, projection, sel, body.format, options,
                                   service_runner(service))
    return _response(done)


@router.get("/export", response_class=Response)
async def get_export(
    request: Request, projection: ProjectionDep,
    format: Annotated[str, Query(description=f"one of {', '.join(FORMATS)}")],
    seeds: Annotated[list[str] | None, Query(description="entity ids, repeated or comma-separated; "
                                             "none (and no query): the whole entity graph")] = None,
    depth: Annotated[int, Query(ge=0, le=caps.MAX_DEPTH)] = 1,
    query: Annotated[str | None, Query(max_length=100_000, description="a CONSTRUCT query")] = None,
    modality: Annotated[list[str] | None, Query()] = None,
    size_by: Annotated[Literal["degree", "pagerank"], Query()] = "degree",
) -> Response:
    """The selected subgraph as a file in ``format``."""
    body = ExportBody(format=format, seeds=seeds or [], depth=depth, query=query,
                      modality=modality or [], size_by=size_by)
    return await _export(request, projection, body)


@router.post("/export", response_class=Response)
async def post_export(request: Request, projection: ProjectionDep, body: ExportBody) -> Response:
    """The same as ``GET``, with the request as JSON (and ``nodes``, an exact set of entities)."""
    return await _export(request, projection, body)


@router.get("/export/formats")
def get_formats() -> list[dict[str, Any]]:
    """Every export format: media type, file extension, the tools that open it, its caps."""
    return [{"name": f.name, "media_type": f.media_type, "extension": f.extension,
             "opens_in": f.opens_in, "max_nodes": f.max_nodes, "max_edges": f.max_edges}
            for f in FORMATS.values()]
