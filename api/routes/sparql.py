"""``/sparql``: the SPARQL 1.1 query endpoint (GET, URL-encoded POST, direct POST)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.deps import SettingsDep, SparqlDep
from graph.errors import BadRequest, UnsupportedMediaType
from graph.service import QueryRequest

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


def _run(sparql: SparqlDep, settings: SettingsDep, request: Request, query: str,
         default_graph: list[str], named_graphs: list[str]) -> Response:
    req = QueryRequest(
        query=query,
        accept=request.headers.get("accept"),
        default_graph=tuple(default_graph),
        named_graphs=tuple(named_graphs) or None,
        timeout=settings.query_timeout,
        max_rows=settings.max_rows,
    )
    result = sparql.query(req)
    return Response(result.body, media_type=result.media_type, headers=result.headers)


@router.get("/sparql")
def query_get(
    sparql: SparqlDep, settings: SettingsDep, request: Request,
    query: Annotated[str | None, Query()] = None,
    default_graph_uri: Annotated[list[str], Query(alias="default-graph-uri")] = [],  # noqa: B006
    named_graph_uri: Annotated[list[str], Query(alias="named-graph-uri")] = [],  # noqa: B006
) -> Response:
    """Run a query given in the ``query`` parameter."""
    if query is None:
        raise BadRequest("missing 'query' parameter")
    return _run(sparql, settings, request, query, default_graph_uri, named_graph_uri)


@router.post("/sparql")
async def query_post(sparql: SparqlDep, settings: SettingsDep, request: Request) -> Response:
    """Run a query sent URL-encoded or directly as ``application/sparql-query``."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = request.query_params
    if ctype == FORM:
        form = await request.form()
        q = form.get("query")
        if not isinstance(q, str):
            raise BadRequest("missing 'query' parameter")
        dg = [str(v) for v in form.getlist("default-graph-uri")]
        ng = [str(v) for v in form.getlist("named-graph-uri")]
        return _run(sparql, settings, request, q, dg, ng)
    if ctype == DIRECT:
        body = (await request.body()).decode("utf-8")
        return _run(sparql, settings, request, body, params.getlist("default-graph-uri"),
                    params.getlist("named-graph-uri"))
    raise UnsupportedMediaType(f"POST /sparql needs {FORM} or {DIRECT}, not {ctype or 'none'!r}")
