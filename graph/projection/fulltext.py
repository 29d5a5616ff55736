"""Full-text index over evidence sentences: accent-insensitive, BM25-ranked, highlighted snippets.

Words are folded and lightly stemmed (``courriels`` and ``courriel`` meet); every query word must
occur (AND). The index is updated fact by fact when a write touches a graph.

>>> ix = EvidenceIndex()
>>> ix.put("f1", "Selon les courriels obtenus par CNBC, environ 12 000 GPU H100")
>>> ix.put("f2", "Le Tennessee accueille le supercalculateur")
>>> [h.key for h in ix.search("Courriel")[1]]
['f1']
>>> snippet("Selon les courriels obtenus par CNBC", ["courriel"])
'Selon les <mark>courriels</mark> obtenus par CNBC'
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from graph.projection.text import fold, stem

_WORD = re.compile(r"\w+", re.UNICODE)
K1, B = 1.2, 0.75
SNIPPET_CHARS = 160


@dataclass(frozen=True)
class TextHit:
    key: str
    score: float


def terms(text: str) -> list[str]:
    """Index terms of a text: folded, stemmed words."""
    return [stem(w) for w in _WORD.findall(fold(text))]


class EvidenceIndex:
    """Inverted index: term -> {fact key: term frequency}."""

    def __init__(self) -> None:
        self._post: dict[str, dict[str, int]] = {}
        self._len: dict[str, int] = {}
        self._doc_terms: dict[str, tuple[str, ...]] = {}
        self._total = 0

    def __len__(self) -> int:
        return len(self._len)

    def put(self, key: str, text: str) -> None:
        self.drop(key)
        ts = terms(text)
        self._len[key] = len(ts)
        self._doc_terms[key] = tuple(dict.fromkeys(ts))
        self._total += len(ts)
        for t in ts:
            d = self._post.setdefault(t, {})
            d[key] = d.get(key, 0) + 1

    def drop(self, key: str) -> None:
        n = self._len.pop(key, None)
        if n is None:
            return
        self._total -= n
        for t in self._doc_terms.pop(key, ()):
            d = self._post.get(t)
            if d is not None:
                d.pop(key, None)
                if not d:
                    del self._post[t]

    def search(self, query: str, keep: Callable[[str], bool] | None = None,
               top: int | None = None) -> tuple[int, list[TextHit]]:
        """How many facts hold every query word, and the ``top`` best by BM25 score."""
        qs = list(dict.fromkeys(terms(query)))
        if not qs or not self._len:
            return 0, []
        posts = [self._post.get(t) for t in qs]
        if any(p is None for p in posts):
            return 0, []
        lists = sorted((p for p in posts if p is not None), key=len)
        keys = [k for k in lists[0] if all(k in p for p in lists[1:])]
        n_docs, avg = len(self._len), self._total / len(self._len)
        weighted = [(p, math.log(1 + (n_docs - len(p) + 0.5) / (len(p) + 0.5))) for p in lists]
        lengths = self._len
        scored: list[tuple[float, str]] = []
        for k in keys:
            if keep is not None and not keep(k):
                continue
            norm = K1 * (1 - B + B * lengths[k] / avg)
            score = 0.0
            for p, idf in weighted:
                tf = p[k]
                score += idf * tf * (K1 + 1) / (tf + norm)
            scored.append((-round(score, 4), k))
        best = heapq.nsmallest(top, scored) if top is not None else sorted(scored)
        return len(scored), [TextHit(k, -s) for s, k in best]


def _order(h: TextHit) -> tuple[float, str]:
    return (-h.score, h.key)


def snippet(text: str, query_terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """The part of ``text`` around the first match, each matching word in ``<mark>``."""
    wanted = set(query_terms)
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text) if stem(fold(m.group())) in wanted]
    if not spans:
        return text[:width]
    lo = max(0, spans[0][0] - width // 3)
    hi = min(len(text), lo + width)
    out, pos = [], lo
    for a, b in spans:
        if a < lo or b > hi:
            continue
        out += [text[pos:a], "<mark>", text[a:b], "</mark>"]
        pos = b
    out.append(text[pos:hi])
    return ("…" if lo else "") + "".join(out) + ("…" if hi < len(text) else "")
