"""Entity reconciliation (the W3C Entity Reconciliation API v0.2 that OpenRefine speaks).

Candidates come from the name index (exact > prefix > word > fuzzy, scores 0-100); property
conditions (``pid``: a predicate such as ``foundedBy``, ``^foundedBy`` for the inverse, or
``label``, ``alias``, ``type``, ``sameAs``) each add to the score when the entity has a fact
whose other end has that id or name. ``match`` is true when the best candidate is an exact name
match no other candidate shares, and meets every property condition given.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from typing import Any

from graph.projection.core import Projection
from graph.projection.records import full_iri, local_name, short_id, spaced
from graph.projection.text import fold
from graph.projection.traverse import type_names
from ontology.namespaces import NG

SPECIAL = {"label": "label", "alias": "alias", "type": "type", "sameAs": "same as (owl:sameAs)"}
NAME_WEIGHT, PROPERTY_WEIGHT = 0.7, 30.0


def _type_refs(p: Projection, n: int) -> list[dict[str, str]]:
    st = p.nodes[n]
    return [{"id": st.type, "name": p.term_labels.get(NG + st.type) or st.type}]


def _values(p: Projection, n: int, pid: str) -> list[tuple[str, str]]:
    """``(id, name)`` of what entity ``n`` has for property ``pid``."""
    st = p.nodes[n]
    if pid == "label":
        return [(t, t) for t, _ in st.labels]
    if pid == "alias":
        return [(t, t) for t, _ in st.aliases]
    if pid == "type":
        return [(t, t) for t in sorted(st.type_names)]
    if pid == "sameAs":
        return [(s, s) for s in st.same_as]
    inverse = pid.startswith("^")
    pred = NG + pid.lstrip("^") if ":" not in pid else pid
    out = []
    if inverse:
        for e in p.inc[n]:
            f = p.edges[e]
            if f is not None and f.predicate == pred:
                out.append((short_id(f.subject), p.label_of(f.subject) or ""))
        return out
    for e in p.out[n]:
        f = p.edges[e]
        if f is not None and f.predicate == pred and f.object_iri:
            out.append((short_id(f.object_iri), p.label_of(f.object_iri) or ""))
    for k in st.values:
        f = p.facts[k]
        if f.predicate == pred:
            out.append((str(f.value), str(f.value)))
    return out


def _meets(p: Projection, n: int, pid: str, v: Any) -> bool:
    wanted = [v] if not isinstance(v, list) else v
    have = _values(p, n, pid)
    for w in wanted:
        key = w.get("id") if isinstance(w, dict) else w
        if key is None:
            continue
        k = fold(str(key))
        if any(fold(i) == k or fold(name) == k or fold(full_iri(i)) == k for i, name in have):
            return True
    return False


def reconcile(p: Projection, query: str, *, types: Iterable[str] = (),
              properties: Iterable[tuple[str, Any]] = (), limit: int = 5) -> list[dict[str, Any]]:
    """Ranked candidates for one query of a batch."""
    p.sync()
    wanted = type_names(types)
    props = list(properties)
    scored = []
    for m in p.names.lookup(query) if query.strip() else []:
        if not p.present(m.node) or (wanted and not p.nodes[m.node].type_names & wanted):
            continue
        met = sum(_meets(p, m.node, pid, v) for pid, v in props)
        score = min(m.score, 100.0)
        if props:
            score = NAME_WEIGHT * score + PROPERTY_WEIGHT * met / len(props)
        scored.append((round(score, 2), m, met))
    scored.sort(key=lambda x: (-x[0], p.nodes[x[1].node].label))
    exact = [s for s in scored if s[1].rank == "exact"]
    out = []
    for i, (score, m, met) in enumerate(scored[:limit]):
        st = p.nodes[m.node]
        is_match = (i == 0 and m.rank == "exact" and len(exact) == 1 and met == len(props))
        out.append({"id": st.id, "name": st.label, "type": _type_refs(p, m.node), "score": score,
                    "match": is_match, "description": _describe(p, m.node)})
    return out


def _describe(p: Projection, n: int) -> str:
    st = p.nodes[n]
    facts = len(p.out[n]) + len(p.inc[n]) + len(st.values)
    aka = f"; also {', '.join(a for a, _ in st.aliases[:3])}" if st.aliases else ""
    return f"{st.type}, {facts} fact(s){aka}"


def suggest_entities(p: Projection, prefix: str, limit: int = 10) -> list[dict[str, Any]]:
    p.sync()
    out = []
    for m in p.names.lookup(prefix)[:limit]:
        if p.present(m.node):
            st = p.nodes[m.node]
            out.append({"id": st.id, "name": st.label, "description": _describe(p, m.node),
                        "notable": _type_refs(p, m.node)})
    return out


def type_counts(p: Projection) -> Counter[str]:
    p.sync()
    return Counter(p.nodes[n].type for n in p.node_ids())


def suggest_types(p: Projection, prefix: str, limit: int = 10) -> list[dict[str, Any]]:
    f = fold(prefix)
    return [{"id": t, "name": p.term_labels.get(NG + t) or t, "description": f"{c} entities"}
            for t, c in type_counts(p).most_common() if fold(t).startswith(f) or f in fold(t)][:limit]


def property_counts(p: Projection, type_name: str | None = None) -> Counter[str]:
    p.sync()
    c: Counter[str] = Counter()
    for f in p.facts.values():
        if type_name and p.nodes[p.index[f.subject]].type != type_name:
            continue
        c[local_name(f.predicate) if f.predicate.startswith(NG) else f.predicate] += 1
    return c


def property_name(p: Projection, pid: str) -> str:
    if pid in SPECIAL:
        return SPECIAL[pid]
    iri = pid.lstrip("^") if ":" in pid else NG + pid.lstrip("^")
    name = p.term_labels.get(iri) or spaced(local_name(iri))
    return f"{name} (inverse)" if pid.startswith("^") else name


def suggest_properties(p: Projection, prefix: str, limit: int = 10) -> list[dict[str, Any]]:
    f = fold(prefix)
    ids = [*SPECIAL, *(k for k, _ in property_counts(p).most_common())]
    out = [{"id": i, "name": property_name(p, i)} for i in ids]
    return [x for x in out if f in fold(x["id"]) or f in fold(x["name"])][:limit]


def propose(p: Projection, type_name: str | None, limit: int = 10) -> list[dict[str, str]]:
    ids = [*SPECIAL, *(k for k, _ in property_counts(p, type_name).most_common())][:limit]
    return [{"id": i, "name": property_name(p, i)} for i in ids]


def extend(p: Projection, ids: list[str], pids: list[str]) -> dict[str, Any]:
    """Data extension: for each entity, the values of each property."""
    p.sync()
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for ident in ids:
        n = p.lookup(full_iri(ident))
        row: dict[str, list[dict[str, Any]]] = {}
        for pid in pids:
            if n is None:
                row[pid] = []
                continue
            cells = []
            for vid, name in _values(p, n, pid):
                if pid in SPECIAL or p.lookup(full_iri(vid)) is None:
                    cells.append({"str": name})
                else:
                    cells.append({"id": vid, "name": name})
            row[pid] = cells
        rows[ident] = row
    return {"meta": [{"id": pid, "name": property_name(p, pid)} for pid in pids], "rows": rows}


def preview_html(p: Projection, ident: str) -> str | None:
    p.sync()
    n = p.lookup(full_iri(ident))
    if n is None:
        return None
    st = p.nodes[n]
    facts = [f for f in (p.edges[e] for e in p.out[n][:8]) if f is not None]
    items = "".join(f"<li>{html.escape(p.predicate_label(f))} {html.escape(p.label_of(f.object_iri) or '')}"
                    "</li>" for f in facts)
    return (f"<html><body style='font:13px sans-serif;margin:6px'><b>{html.escape(st.label)}</b> "
            f"<i>{html.escape(st.type)}</i><br>{html.escape(_describe(p, n))}<ul>{items}</ul>"
            "</body></html>")
