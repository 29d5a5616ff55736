"""``/api/paths``: the k shortest paths between two entities, told as cited sentences."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.routes._graph import ParamRoute, ProjectionDep, answer, csv, node_dict, plain
from api.schemas.graph import PathsOut
from graph.projection import caps
from graph.projection.paths import k_shortest
from graph.projection.traverse import EdgeFilter, entity, predicate_iris, to_node

router = APIRouter(prefix="/api", tags=["traversal"], route_class=ParamRoute)


@router.get("/paths", response_model=PathsOut, response_model_by_alias=True)
def get_paths(
    projection: ProjectionDep,
    from_: Annotated[str, Query(alias="from", description="entity id or IRI",
                                examples=["organization/tesla"])],
    to: Annotated[str, Query(description="entity id or IRI", examples=["organization/xai"])],
    k: Annotated[int, Query(ge=1, le=caps.MAX_K)] = 3,
    max_length: Annotated[int, Query(ge=1, le=caps.MAX_PATH_LENGTH)] = 4,
    predicates: Annotated[list[str] | None, Query()] = None,
    direction: Annotated[str, Query(pattern="^(out|in|both)$")] = "both",
    exclude_modality: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """Up to ``k`` loopless paths (Yen), shortest first; an empty list with a ``reason`` when
    there is none."""
    ef = EdgeFilter(direction, predicate_iris("predicates", csv(predicates)),
                    exclude_modality=caps.modalities("exclude_modality", csv(exclude_modality)))
    found = k_shortest(projection, from_, to, k=k, max_length=max_length, edges=ef)
    paths = [{**plain(p), "length": p.length} for p in found.paths]
    return answer({"generation": found.generation, "paths": paths, "reason": found.reason,
                   "from": node_dict(to_node(projection, entity(projection, from_))),
                   "to": node_dict(to_node(projection, entity(projection, to)))})
