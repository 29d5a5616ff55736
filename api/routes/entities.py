"""``/api/entities``: search by name, entity cards, neighbours (breadth-first)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.routes._graph import ParamRoute, ProjectionDep, answer, csv, graph_dict, labels, plain
from api.schemas.entities import EntityCardOut, EntitySearchOut
from api.schemas.graph import GraphOut
from graph.projection import caps
from graph.projection.traverse import EdgeFilter, NodeFilter, neighbors, predicate_iris, type_names
from graph.views.entities import entity_card, search_entities

router = APIRouter(prefix="/api", tags=["entities"], route_class=ParamRoute)

IdPath = Annotated[str, "entity id: the IRI's path after /id/ (organization/tesla) or the whole IRI"]
ListQ = Annotated[list[str] | None, Query()]


@router.get("/entities", response_model=EntitySearchOut)
def search(
    projection: ProjectionDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="a name, alias, prefix or typo",
                            examples=["Nvidai"])],
    type: Annotated[list[str] | None, Query(description="entity type(s), e.g. Organization")] = None,
    lang: Annotated[str | None, Query(pattern="^[a-z]{2,3}$",
                                      description="match names in this language")] = None,
    limit: Annotated[int, Query(ge=1, le=caps.MAX_TOP)] = 10,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Entities by label or alias in any language, accent- and case-insensitive, ranked
    exact > prefix > word > fuzzy, with the total count for pagination."""
    return answer(plain(search_entities(projection, q, types=csv(type), lang=lang, limit=limit,
                                        offset=offset)))


@router.get("/entities/{id:path}/neighbors", response_model=GraphOut)
def get_neighbors(
    id: str, projection: ProjectionDep,
    depth: Annotated[int, Query(ge=1, le=caps.MAX_DEPTH)] = 1,
    direction: Annotated[str, Query(pattern="^(out|in|both)$")] = "both",
    predicates: ListQ = None, exclude_predicates: ListQ = None,
    types: ListQ = None, exclude_types: ListQ = None, modality: ListQ = None,
    limit: Annotated[int, Query(ge=1, le=caps.MAX_NODES)] = caps.DEFAULT_LIMIT,
    include: Annotated[str | None, Query(pattern="^statements$")] = None,
    max_edges: Annotated[int, Query(ge=1, le=caps.MAX_EDGES,
                                    description="facts among the nodes, the discovering ones first")
                         ] = caps.DEFAULT_EDGES,
) -> Response:
    """Entities within ``depth`` hops, breadth-first, each once, nearest first when ``limit``
    cuts (APOC ``subgraphNodes``), with the edges among them."""
    ef = EdgeFilter(direction, predicate_iris("predicates", csv(predicates)),
                    predicate_iris("exclude_predicates", csv(exclude_predicates)),
                    caps.modalities("modality", csv(modality)))
    nf = NodeFilter(type_names(csv(types)), type_names(csv(exclude_types)))
    tr = neighbors(projection, id, depth=depth, edges=ef, nodes=nf, limit=limit,
                   include_statements=include == "statements", max_edges=max_edges)
    return answer(graph_dict(tr.graph, tr.truncated))


@router.get("/entities/{id:path}", response_model=EntityCardOut)
def get_entity(id: str, projection: ProjectionDep,
               per_predicate: Annotated[int, Query(ge=1, le=caps.MAX_TOP)] = caps.CARD_FACTS) -> Response:
    """Labels, types, aliases, ``owl:sameAs``, every fact in and out grouped by predicate
    with its evidence, and the articles that mention the entity."""
    card = entity_card(projection, id, per_predicate)
    d = plain(card)
    d["labels"], d["aliases"] = labels(card.labels), labels(card.aliases)
    return answer(d)
