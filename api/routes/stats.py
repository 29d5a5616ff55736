"""``/api/stats``: counts of the store and of the entity graph."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter

from api.deps import StoreDep
from api.routes._graph import ParamRoute, ProjectionDep
from api.schemas.entities import StatsOut

router = APIRouter(prefix="/api", tags=["stats"], route_class=ParamRoute)


@router.get("/stats", response_model=StatsOut)
def get_stats(store: StoreDep, projection: ProjectionDep) -> dict[str, Any]:
    """Quads, graphs, articles, facts, entities and edges; entities by type, facts by predicate
    and modality."""
    p = projection.sync()
    ids = p.node_ids()
    edges = [f for f in p.edges if f is not None]
    return {"generation": p.generation, "quads": len(store), "named_graphs": len(store.named_graphs()),
            "articles": len(p.articles), "facts": len(p.facts), "entities": len(ids),
            "edges": len(edges), "types": dict(Counter(p.nodes[n].type for n in ids).most_common()),
            "predicates": dict(Counter(p.predicate_label(f) for f in p.facts.values()).most_common()),
            "modalities": dict(Counter(f.modality for f in p.facts.values()).most_common())}
