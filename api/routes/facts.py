"""``/api/facts``: full-text search over evidence sentences; ``/api/facts/{id}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.routes._graph import ParamRoute, ProjectionDep, answer, csv, plain
from api.schemas.entities import FactOut, FactSearchOut
from graph.projection import caps
from graph.views.entities import fact_by_id, search_facts

router = APIRouter(prefix="/api", tags=["facts"], route_class=ParamRoute)


@router.get("/facts", response_model=FactSearchOut)
def get_facts(
    projection: ProjectionDep,
    q: Annotated[str, Query(max_length=500, description="words the evidence must hold (all of them)",
                            examples=["courriels"])] = "",
    modality: Annotated[list[str] | None, Query()] = None,
    predicate: Annotated[list[str] | None, Query()] = None,
    article: Annotated[str | None, Query(max_length=128)] = None,
    limit: Annotated[int, Query(ge=1, le=caps.MAX_TOP)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Facts whose evidence sentence holds the words (accent-insensitive, BM25-ranked, the
    match highlighted in ``snippet``); without ``q``, every fact that passes the filters."""
    return answer(plain(search_facts(projection, q, modality=csv(modality), predicate=csv(predicate),
                                     article=article, limit=limit, offset=offset)))


@router.get("/facts/{id:path}", response_model=FactOut)
def get_fact(id: str, projection: ProjectionDep) -> Response:
    """One fact by id (``fact/xai-memphis.fr/f64``) or IRI."""
    return answer(plain(fact_by_id(projection, id)))
