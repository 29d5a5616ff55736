"""``/api/subgraph``: the seeds, everything within ``depth`` hops, and the edges among them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.routes._graph import ParamRoute, ProjectionDep, answer, csv, graph_dict
from api.schemas.graph import GraphOut
from graph.projection import caps
from graph.projection.traverse import EdgeFilter, NodeFilter, predicate_iris, subgraph, type_names

router = APIRouter(prefix="/api", tags=["traversal"], route_class=ParamRoute)


@router.get("/subgraph", response_model=GraphOut)
def get_subgraph(
    projection: ProjectionDep,
    seeds: Annotated[list[str], Query(description="entity ids, repeated or comma-separated",
                                      examples=["organization/xai,organization/tesla"])],
    depth: Annotated[int, Query(ge=0, le=caps.MAX_DEPTH)] = 1,
    direction: Annotated[str, Query(pattern="^(out|in|both)$")] = "both",
    predicates: Annotated[list[str] | None, Query()] = None,
    types: Annotated[list[str] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=caps.MAX_NODES)] = 1000,
    include: Annotated[str | None, Query(pattern="^statements$")] = None,
    max_edges: Annotated[int, Query(ge=1, le=caps.MAX_EDGES)] = caps.MAX_EDGES,
) -> Response:
    """A subgraph in the shared shape (what the exports take)."""
    ef = EdgeFilter(direction, predicate_iris("predicates", csv(predicates)))
    tr = subgraph(projection, csv(seeds), depth=depth, edges=ef, nodes=NodeFilter(type_names(csv(types))),
                  limit=limit, include_statements=include == "statements", max_edges=max_edges)
    return answer(graph_dict(tr.graph, tr.truncated))
