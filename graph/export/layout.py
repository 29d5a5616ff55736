"""Server-side layout: seeded, deterministic node positions so exported files open laid out.

Small graphs use networkx's Fruchterman-Reingold (``spring_layout``, seeded). Its dense form is
quadratic and its sparse form needs scipy, so above :data:`DENSE_MAX` nodes a force-directed
layout of the same family runs here in numpy, with repulsion taken from the centroids of a
coarse grid of cells (Barnes-Hut's idea with one level): linear in nodes times cells per step.

>>> pos = positions(3, [(0, 1), (1, 2)], seed=1)
>>> len(pos), pos == positions(3, [(0, 1), (1, 2)], seed=1)
(3, True)
>>> all(abs(x) <= extent(3) and abs(y) <= extent(3) for x, y in pos)
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import networkx as nx
import numpy as np

#: coordinates span [-extent(n), extent(n)] on both axes (pixels in Cytoscape, units in Gephi):
#: SPAN_PER_NODE * sqrt(n), kept between MIN_EXTENT and MAX_EXTENT, so nodes keep their room
SPAN_PER_NODE: Final = 90.0
MIN_EXTENT: Final = 250.0
MAX_EXTENT: Final = 4000.0
#: largest graph laid out by networkx's dense spring layout
DENSE_MAX: Final = 400
ITERATIONS: Final = 60
CHUNK: Final = 4096  # nodes per block when computing repulsion (bounds memory)
MAX_CELLS: Final = 10  # grid side: repulsion costs nodes x MAX_CELLS**2 per step


def positions(n: int, edges: Sequence[tuple[int, int]], *, seed: int = 7) -> list[tuple[float, float]]:
    """Positions of nodes ``0..n-1`` linked by ``edges`` (pairs of node indexes)."""
    if n == 0:
        return []
    if n == 1:
        return [(0.0, 0.0)]
    pos = _networkx(n, edges, seed) if n <= DENSE_MAX else _grid_forces(n, edges, seed).astype(float)
    pos -= pos.mean(axis=0)
    span = float(np.abs(pos).max()) or 1.0
    pos *= extent(n) / span
    return [(round(float(x), 2), round(float(y), 2)) for x, y in pos]


def extent(n: int) -> float:
    """Half the width of the square that ``n`` nodes are laid out in.

    >>> extent(4), extent(100), extent(1_000_000)
    (250.0, 900.0, 4000.0)
    """
    return min(MAX_EXTENT, max(MIN_EXTENT, SPAN_PER_NODE * math.sqrt(n)))


def _networkx(n: int, edges: Sequence[tuple[int, int]], seed: int) -> np.ndarray:
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((a, b) for a, b in edges if a != b)
    laid = nx.spring_layout(g, seed=seed, iterations=ITERATIONS)
    return np.array([laid[i] for i in range(n)], dtype=float)


def _grid_forces(n: int, edges: Sequence[tuple[int, int]], seed: int) -> np.ndarray:
    """Fruchterman-Reingold with grid-centroid repulsion (see the module docstring)."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)).astype(np.float32)
    pairs = np.array([(a, b) for a, b in edges if a != b] or [(0, 0)], dtype=np.int64)
    src, dst = pairs[:, 0], pairs[:, 1]
    k = 1.0 / math.sqrt(n)  # ideal edge length in the unit square
    cells = int(min(MAX_CELLS, max(6, math.sqrt(n) / 4)))
    steps = ITERATIONS if n <= 4 * DENSE_MAX else ITERATIONS // 3
    temperature = 0.1
    cool = temperature / (steps + 1)
    for _ in range(steps):
        disp = _repulsion(pos, cells, k, rng.random(2).astype(np.float32))
        delta = pos[src] - pos[dst]
        dist = np.sqrt((delta ** 2).sum(axis=1)) + 1e-9
        pull = delta * (dist / k)[:, None]
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(src, weights=pull[:, axis], minlength=n)
            disp[:, axis] += np.bincount(dst, weights=pull[:, axis], minlength=n)
        length = np.sqrt((disp ** 2).sum(axis=1)) + 1e-9
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cool
    return pos


def _repulsion(pos: np.ndarray, cells: int, k: float, shift: np.ndarray) -> np.ndarray:
    """Repulsion from the centroids of a grid whose origin moves by ``shift`` (a fraction of a
    cell) each step, so that no lattice of cell centres shows in the result."""
    lo = pos.min(axis=0)
    span = np.maximum(pos.max(axis=0) - lo, 1e-9) * (1 + 1 / cells)
    idx = np.minimum((((pos - lo) / span) * cells + shift).astype(np.int64), cells - 1)
    cell = idx[:, 0] * cells + idx[:, 1]
    count = np.bincount(cell, minlength=cells * cells)
    used = count > 0
    mass = count[used].astype(np.float32)
    cx = (np.bincount(cell, weights=pos[:, 0], minlength=cells * cells)[used] / mass).astype(np.float32)
    cy = (np.bincount(cell, weights=pos[:, 1], minlength=cells * cells)[used] / mass).astype(np.float32)
    mk = mass * np.float32(k * k)
    out = np.empty_like(pos)
    floor = np.float32((k * 0.05) ** 2)
    for start in range(0, len(pos), CHUNK):
        x, y = pos[start:start + CHUNK, 0], pos[start:start + CHUNK, 1]
        dx, dy = x[:, None] - cx[None, :], y[:, None] - cy[None, :]
        w = mk / np.maximum(dx * dx + dy * dy, floor)  # |F| / distance, per centroid
        total = w.sum(axis=1)
        out[start:start + CHUNK, 0] = x * total - w @ cx
        out[start:start + CHUNK, 1] = y * total - w @ cy
    return out
