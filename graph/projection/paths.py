"""The k shortest paths between two entities (Yen's algorithm over the fact multigraph), each
also told as a chain of cited sentences.

A path is a sequence of facts, so two facts linking the same pair make two paths. Paths are found
by breadth-first search from both ends (the smaller frontier grows first); among paths of equal
length the better supported and more specific come first (higher confidence, more qualifiers).

>>> tell_quantity({"quantity": 12000, "unit": "Nvidia H100", "approximate": True})
'about 12,000 Nvidia H100'
>>> phrase("redirected hardware to", "about 12,000 Nvidia H100")
'redirected about 12,000 Nvidia H100 to'
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from graph.errors import InvalidParameter
from graph.projection import caps
from graph.projection.core import Projection
from graph.projection.records import FactRecord
from graph.projection.shape import Edge, Node
from graph.projection.traverse import EdgeFilter, entity, steps, to_edge, to_node

_PREPOSITIONS = {"to", "from", "in", "with", "by", "for", "on", "at", "of", "into", "à", "de"}
_GENERIC = {"hardware", "funding", "money", "chips", "units", "equipment"}
_OPPOSITE = {"out": "in", "in": "out", "both": "both"}


@dataclass
class Path:
    """One path: its entities, its facts, and the facts told as cited sentences."""

    nodes: list[Node]
    edges: list[Edge]
    sentences: list[str]
    text: str
    speculative: bool = False
    caveat: str | None = None

    @property
    def length(self) -> int:
        return len(self.edges)


@dataclass
class Paths:
    generation: int
    paths: list[Path] = field(default_factory=list)
    reason: str | None = None


def tell_quantity(q: dict[str, Any]) -> str | None:
    """A fact's quantity or amount as words (``about 12,000 Nvidia H100``)."""
    about = "about " if q.get("approximate") else ""
    for key, unit_key in (("quantity", "unit"), ("amount", "currency")):
        v = q.get(key)
        if v is not None:
            num = f"{v:,}" if isinstance(v, int | float) else str(v)
            unit = q.get(unit_key)
            return f"{about}{num} {unit}" if unit else f"{about}{num}"
    return None


def phrase(label: str, quantity: str | None) -> str:
    """The predicate label with the quantity put where English puts it."""
    if not quantity:
        return label
    words = label.split()
    if len(words) > 1 and words[-1] in _PREPOSITIONS:
        head = words[:-1]
        if len(head) > 1 and head[-1] in _GENERIC:
            head = head[:-1]
        return " ".join([*head, quantity, words[-1]])
    return f"{label} {quantity}"


def sentence(p: Projection, f: FactRecord) -> str:
    """``Tesla redirected about 12,000 Nvidia H100 to xAI [xai-memphis.fr, chars 3953-4073]
    (reported, per CNBC)``."""
    q = f.qualifiers
    verb = phrase(p.predicate_label(f), tell_quantity(q))
    out = f"{p.label_of(f.subject)} {verb} {p.label_of(f.object_iri)}"
    e = to_edge(p, f)
    if e.evidence is not None:
        where = f", chars {e.evidence.start}-{e.evidence.end}" if e.evidence.start is not None else ""
        out += f" [{e.evidence.article}{where}]"
    notes = [] if f.modality == "asserted" else [f.modality]
    if e.attributed_to:
        notes.append(f"per {e.attributed_to}")
    if q.get("date"):
        notes.append(str(q["date"]))
    return out + (f" ({', '.join(notes)})" if notes else "")


def _bfs(p: Projection, s: int, t: int, ef: EdgeFilter, banned_nodes: set[int], banned_edges: set[int],
         max_len: int) -> list[int] | None:
    """A shortest node path ``s .. t`` of at most ``max_len`` hops, searched from both ends."""
    if s == t:
        return [s]
    back = EdgeFilter(_OPPOSITE[ef.direction], ef.predicates, ef.exclude_predicates, ef.modality,
                      ef.exclude_modality)
    pred: dict[int, int] = {s: -1}
    succ: dict[int, int] = {t: -1}
    fa, fb, hops = [s], [t], 0
    cost_a, cost_b = _degree(p, s), _degree(p, t)
    while fa and fb and hops < max_len:
        hops += 1
        forward = cost_a <= cost_b  # grow the side with fewer facts to scan (hubs are costly)
        seen, other, filt = (pred, succ, ef) if forward else (succ, pred, back)
        nxt, cost = [], 0
        for u in fa if forward else fb:
            for e, v in steps(p, u, filt.direction, filt):
                if v in seen or v in banned_nodes or e in banned_edges:
                    continue
                seen[v] = u
                if v in other:
                    return _join(pred, succ, v)
                nxt.append(v)
                cost += _degree(p, v)
        if forward:
            fa, cost_a = nxt, cost
        else:
            fb, cost_b = nxt, cost
    return None


def _degree(p: Projection, n: int) -> int:
    return len(p.out[n]) + len(p.inc[n])


def _join(pred: dict[int, int], succ: dict[int, int], meet: int) -> list[int]:
    left, n = [], meet
    while n != -1:
        left.append(n)
        n = pred[n]
    left.reverse()
    n = succ[meet]
    while n != -1:
        left.append(n)
        n = succ[n]
    return left


def _rank(p: Projection, e: int) -> tuple[float, int, str]:
    f = p.edges[e]
    assert f is not None
    return (-(f.confidence if f.confidence is not None else 0.5), -len(f.qualifiers), f.iri)


def _hop_edges(p: Projection, nodes: list[int], ef: EdgeFilter, banned: set[int]) -> list[int] | None:
    out = []
    for u, v in pairwise(nodes):
        both = [*(p.pairs.get((u, v), ()) if ef.direction != "in" else ()),
                *(p.pairs.get((v, u), ()) if ef.direction != "out" else ())]
        cands = [e for e in both if e not in banned and (f := p.edges[e]) is not None
                 and (ef.trivial or ef.ok(f))]
        if not cands:
            return None
        out.append(min(cands, key=lambda e: _rank(p, e)))
    return out


def _key(p: Projection, es: tuple[int, ...]) -> tuple[Any, ...]:
    ranks = [_rank(p, e) for e in es]
    return (len(es), sum(r[0] for r in ranks), sum(r[1] for r in ranks), tuple(r[2] for r in ranks))


def k_shortest(p: Projection, source: str, target: str, *, k: int = 3, max_length: int = 4,
               edges: EdgeFilter = EdgeFilter()) -> Paths:
    """Up to ``k`` loopless paths from ``source`` to ``target``, shortest first (Yen)."""
    caps.bounded("k", k, 1, caps.MAX_K)
    caps.bounded("max_length", max_length, 1, caps.MAX_PATH_LENGTH)
    caps.one_of("direction", edges.direction, caps.DIRECTIONS)
    p.sync()
    s, t = entity(p, source), entity(p, target)
    if s == t:
        raise InvalidParameter("to", "the path's two ends are the same entity")
    first_nodes = _bfs(p, s, t, edges, set(), set(), max_length)
    first = _hop_edges(p, first_nodes, edges, set()) if first_nodes else None
    if first is None:
        return Paths(p.generation, [], f"no path of at most {max_length} hops from {p.nodes[s].label} "
                     f"to {p.nodes[t].label} with these filters (direction={edges.direction})")
    found: list[tuple[tuple[int, ...], list[int]]] = [(tuple(first), first_nodes or [])]
    heap: list[tuple[Any, tuple[int, ...], list[int]]] = []
    seen = {tuple(first)}
    while len(found) < k:
        prev_edges, prev_nodes = found[-1]
        for i in range(len(prev_edges)):
            root = prev_nodes[:i + 1]
            banned_e = {es[i] for es, ns in found if ns[:i + 1] == root and len(es) > i}
            spur = _bfs(p, root[-1], t, edges, set(root[:-1]), banned_e, max_length - i)
            if spur is None:
                continue
            tail = _hop_edges(p, spur, edges, banned_e)
            if tail is None:
                continue
            cand = (*prev_edges[:i], *tail)
            if cand not in seen:
                seen.add(cand)
                heapq.heappush(heap, (_key(p, cand), cand, root[:-1] + spur))
        if not heap:
            break
        _, es, ns = heapq.heappop(heap)
        found.append((es, ns))
    found.sort(key=lambda x: _key(p, x[0]))
    return Paths(p.generation, [_path(p, es, ns) for es, ns in found])


def _path(p: Projection, es: tuple[int, ...], ns: list[int]) -> Path:
    facts = [f for f in (p.edges[e] for e in es) if f is not None]
    told = [sentence(p, f) for f in facts]
    uncertain = [(i + 1, f.modality) for i, f in enumerate(facts) if f.modality in caps.UNCERTAIN]
    caveat = None
    if uncertain:
        caveat = "this path goes through " + "; ".join(f"a {m} fact (hop {i})" for i, m in uncertain)
    text = "; then ".join(told) + (f". Note: {caveat}." if caveat else "")
    return Path([to_node(p, n) for n in ns], [to_edge(p, f) for f in facts], told, text,
                bool(uncertain), caveat)
