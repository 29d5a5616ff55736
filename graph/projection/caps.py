"""Caps on traversals and results, and the checks that enforce them (422 naming the field).

============================  =======  ==========================================================
cap                           value    applies to
============================  =======  ==========================================================
``MAX_DEPTH``                 6        ``depth`` of neighbours and subgraphs
``MAX_PATH_LENGTH``           8        ``max_length`` of paths (hops)
``MAX_K``                     10       ``k`` shortest paths
``MAX_FANOUT``                5000     edges followed out of one node (hubs); more are cut and
                                       the answer says ``truncated``
``MAX_NODES``                 5000     nodes in one neighbours/subgraph answer (``limit``)
``MAX_EDGES``                 20000    edges in one answer (``max_edges``; then ``truncated``)
``DEFAULT_EDGES``             500      edges of a neighbours answer unless ``max_edges`` says
``MAX_SEEDS``                 100      seeds of a subgraph
``MAX_TOP``                   1000     ``top``/``limit`` of algorithms, searches, facts
``CARD_FACTS``                50       facts per predicate on an entity card (``per_predicate``)
``MAX_BETWEENNESS_EXACT``     2000     nodes above which betweenness samples ``k`` sources
============================  =======  ==========================================================

>>> bounded("depth", 3, 1, MAX_DEPTH)
3
>>> bounded("depth", 9, 1, MAX_DEPTH)  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
graph.errors.InvalidParameter: depth: must be between 1 and 6, not 9
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.errors import InvalidParameter

MAX_DEPTH = 6
MAX_PATH_LENGTH = 8
MAX_K = 10
MAX_FANOUT = 5000
MAX_NODES = 5000
MAX_EDGES = 20000
MAX_SEEDS = 100
MAX_TOP = 1000
CARD_FACTS = 50
MAX_BETWEENNESS_EXACT = 2000
DEFAULT_LIMIT = 100
DEFAULT_EDGES = 500
DIRECTIONS = ("out", "in", "both")
MODALITIES = ("asserted", "reported", "planned", "pending", "expected", "speculative", "opinion")
#: modalities a path or answer calls out as not established
UNCERTAIN = frozenset({"speculative", "opinion", "expected", "planned", "pending"})


def bounded(name: str, value: int, low: int, high: int) -> int:
    """``value`` if ``low <= value <= high``, else :class:`InvalidParameter` naming ``name``."""
    if not low <= value <= high:
        raise InvalidParameter(name, f"must be between {low} and {high}, not {value}")
    return value


def one_of(name: str, value: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise InvalidParameter(name, f"must be one of {', '.join(allowed)}, not {value!r}")
    return value


def modalities(name: str, values: Iterable[str]) -> frozenset[str]:
    out = frozenset(v.strip().lower() for v in values if v.strip())
    bad = sorted(out - set(MODALITIES))
    if bad:
        raise InvalidParameter(name, f"unknown modality {bad[0]!r}; one of {', '.join(MODALITIES)}")
    return out
