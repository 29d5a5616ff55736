"""``/api/algorithms/{name}``: pagerank, degree, betweenness, communities, components, similar."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.routes._graph import ParamRoute, ProjectionDep, answer, csv, plain
from api.schemas.graph import AlgorithmOut
from graph.projection import caps
from graph.projection.algorithms import Params, run

router = APIRouter(prefix="/api", tags=["algorithms"], route_class=ParamRoute)


@router.get("/algorithms/{name}", response_model=AlgorithmOut)
def get_algorithm(
    projection: ProjectionDep,
    name: Annotated[str, Path(pattern="^(pagerank|degree|betweenness|communities|components|similar)$")],
    top: Annotated[int, Query(ge=1, le=caps.MAX_TOP)] = 10,
    damping: Annotated[float, Query(gt=0, lt=1, description="PageRank damping factor")] = 0.85,
    iterations: Annotated[int, Query(ge=1, le=10_000)] = 100,
    direction: Annotated[str, Query(pattern="^(out|in|both)$", description="degree direction")] = "both",
    seed: Annotated[int, Query(description="random seed (Louvain, sampled betweenness)")] = 42,
    resolution: Annotated[float, Query(gt=0, le=100, description="Louvain resolution")] = 1.0,
    node: Annotated[str | None, Query(description="similar: the entity to compare with")] = None,
    seeds: Annotated[list[str] | None, Query(description="run over the subgraph around these")] = None,
    depth: Annotated[int, Query(ge=0, le=caps.MAX_DEPTH)] = 1,
) -> Response:
    """Ranked entities (or groups, for communities and components) with their labels."""
    prm = Params(top, damping, iterations, direction, seed, resolution, node, tuple(csv(seeds)), depth)
    res = run(projection, name, prm)
    d = plain(res)
    d["results"] = [{**r, "rank": i + 1} for i, r in enumerate(d["results"])]
    return answer(d)
