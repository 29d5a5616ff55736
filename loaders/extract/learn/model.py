"""The learned relation classifier: multinomial logistic regression over sparse string features.

Weights live in ``model.npz`` beside this module (written by ``python -m loaders.extract.learn.train``):
the vocabulary, the class names (``NONE`` first, then newsgraph predicates), the weight matrix
(features x classes, float16), the biases, and the calibration table that turns a class probability
into the precision such predictions had in leave-one-batch-out cross-validation.

Examples
--------
>>> m = fit([["a", "x"], ["b", "x"], ["a"], ["b"]], [1, 0, 1, 0], ["NONE", "owns"], iterations=50)
>>> p = m.probabilities([["a"], ["b"]])
>>> bool(p[0, 1] > 0.5 > p[1, 1])
True
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final

import numpy as np

MODEL_FILE: Final = Path(__file__).resolve().parent / "model.npz"
L2: Final = 1.0


class ModelError(RuntimeError):
    """The model file is missing or malformed."""


@dataclass
class Model:
    """Vocabulary, classes, weights and calibration (probability bin edges -> precision)."""

    vocab: dict[str, int]
    classes: list[str]
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)
    edges: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    by_lang: dict[str, list[float]] = field(default_factory=dict)  # the same table, per language

    def _index(self, rows: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        idx: list[int] = []
        owner: list[int] = []
        for r, feats in enumerate(rows):
            for f in feats:
                j = self.vocab.get(f)
                if j is not None:
                    idx.append(j)
                    owner.append(r)
        return np.asarray(idx, dtype=np.int64), np.asarray(owner, dtype=np.int64)

    def probabilities(self, rows: list[list[str]]) -> np.ndarray:
        """Class probabilities, one row per feature list."""
        idx, owner = self._index(rows)
        logits = np.tile(self.bias.astype(np.float64), (len(rows), 1))
        if len(idx):
            np.add.at(logits, owner, self.weights[idx].astype(np.float64))
        return _softmax(logits)

    def calibrated(self, p: float, lang: str | None = None) -> float:
        """The cross-validated precision of a prediction made with probability ``p`` (in ``lang``'s
        table where there is one: the same probability is not as often right in both languages)."""
        table = self.by_lang.get(lang or "") or self.precision
        if not self.edges or not table:
            return p
        k = int(np.searchsorted(np.asarray(self.edges), p, side="right")) - 1
        return float(table[max(0, min(k, len(table) - 1))])

    def save(self, path: Path = MODEL_FILE) -> None:
        """Write the model as a compressed ``.npz`` whose bytes depend on the weights only."""
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        meta = json.dumps({"classes": self.classes, "vocab": names, "edges": self.edges,
                           "precision": self.precision, "by_lang": self.by_lang}, ensure_ascii=False)
        arrays = {"weights": self.weights.astype(np.float16), "bias": self.bias.astype(np.float32),
                  "meta": np.frombuffer(meta.encode("utf-8"), dtype=np.uint8)}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:  # fixed dates: same model, same bytes
            for name, array in arrays.items():
                buf = io.BytesIO()
                np.lib.format.write_array(buf, np.ascontiguousarray(array), allow_pickle=False)
                zf.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), buf.getvalue(),
                            compress_type=zipfile.ZIP_DEFLATED)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> Model:
    """Read ``model.npz`` (cached); :class:`ModelError` when it is absent or malformed."""
    p = Path(path) if path else MODEL_FILE
    try:
        with np.load(p) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            weights, bias = data["weights"].astype(np.float32), data["bias"].astype(np.float32)
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"{p}: cannot read the learned model ({exc})") from None
    vocab = {f: i for i, f in enumerate(meta["vocab"])}
    return Model(vocab, list(meta["classes"]), weights, bias, list(meta["edges"]), list(meta["precision"]),
                 {k: list(v) for k, v in meta.get("by_lang", {}).items()})


def fit(rows: list[list[str]], labels: list[int], classes: list[str], *, min_count: int = 2,
        iterations: int = 100, l2: float = L2, rate: float = 0.1) -> Model:
    """Train by full-batch Adam on the mean log-loss plus ``l2`` / n times the squared weights.

    Deterministic: zero initial weights, a vocabulary in sorted order, no sampling.
    """
    counts = Counter(f for r in rows for f in set(r))
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    model = Model(vocab, list(classes), np.zeros((len(vocab), len(classes)), dtype=np.float32),
                  np.zeros(len(classes), dtype=np.float32))
    idx, owner = model._index(rows)
    n, k = len(rows), len(classes)
    y = np.zeros((n, k), dtype=np.float32)
    y[np.arange(n), np.asarray(labels, dtype=np.int64)] = 1.0
    w, b = model.weights, model.bias
    mw, vw = np.zeros_like(w), np.zeros_like(w)
    mb, vb = np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    rows_at, row_starts = np.unique(owner, return_index=True)  # owner is sorted: rows are contiguous
    order = np.argsort(idx, kind="stable")
    feats_at, feat_starts = np.unique(idx[order], return_index=True)
    by_feature = owner[order]
    for t in range(1, iterations + 1):
        logits = np.tile(b, (n, 1))
        if len(idx):
            logits[rows_at] += np.add.reduceat(w[idx], row_starts, axis=0)
        g = ((_softmax(logits) - y) / n).astype(np.float32)
        gw = (l2 / n) * w
        if len(idx):
            gw[feats_at] += np.add.reduceat(g[by_feature], feat_starts, axis=0)
        gb = g.sum(axis=0)
        for param, grad, m, v in ((w, gw, mw, vw), (b, gb, mb, vb)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            param -= rate * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    model.weights, model.bias = w.astype(np.float32), b.astype(np.float32)
    return model
