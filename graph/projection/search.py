"""Entity name index: labels and aliases in every language, ranked exact > prefix > word > fuzzy.

Names are folded (case and accents dropped), so "MÉMPHIS" finds Memphis; a word within one or two
edits of a known word ("Nvidai") still finds its entity. The index is updated entity by entity
when a write touches it.

>>> ix = NameIndex()
>>> ix.put(1, [("Nvidia", ""), ("NVDA", "")])
>>> ix.put(2, [("Memphis Light, Gas and Water", ""), ("MLGW", "")])
>>> [(m.node, m.rank) for m in ix.lookup("Nvidai")]
[(1, 'fuzzy')]
>>> [(m.node, m.rank) for m in ix.lookup("memphis")]
[(2, 'prefix')]
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from graph.projection.text import distance, fold, trigrams, words

#: score of each kind of match; within a kind, a closer match scores a little higher
RANK_SCORES = {"exact": 100.0, "prefix": 80.0, "word": 60.0, "fuzzy": 40.0}
MAX_PREFIX_NAMES = 2000  # names scanned for one prefix (a one-letter query must stay cheap)


@dataclass(frozen=True)
class NameMatch:
    """One entity matched by a query: how, on which name, with what score."""

    node: int
    rank: str
    name: str
    score: float


class NameIndex:
    """Folded names -> entity numbers, with word and trigram indexes for word and fuzzy matches."""

    def __init__(self) -> None:
        self._names: dict[int, list[tuple[str, str, str]]] = {}  # node -> (folded, original, lang)
        self._exact: dict[str, set[int]] = {}
        self._sorted: list[str] = []
        self._words: dict[str, set[int]] = {}
        self._sorted_words: list[str] = []
        self._tri: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self._names)

    def put(self, node: int, names: Iterable[tuple[str, str]]) -> None:
        """Index (or re-index) one entity's names ``(text, lang)``."""
        self.drop(node)
        entries = []
        for text, lang in names:
            f = fold(text)
            if f and (f, text, lang) not in entries:
                entries.append((f, text, lang))
        if not entries:
            return
        self._names[node] = entries
        for f, _, _ in entries:
            holders = self._exact.setdefault(f, set())
            if not holders:
                bisect.insort(self._sorted, f)
            holders.add(node)
            for w in words(f):
                wh = self._words.setdefault(w, set())
                if not wh:
                    bisect.insort(self._sorted_words, w)
                    for t in trigrams(w):
                        self._tri.setdefault(t, set()).add(w)
                wh.add(node)

    def drop(self, node: int) -> None:
        """Forget one entity's names."""
        for f, _, _ in self._names.pop(node, ()):
            holders = self._exact.get(f)
            if holders is not None:
                holders.discard(node)
                if not holders:
                    del self._exact[f]
                    _remove_sorted(self._sorted, f)
            for w in words(f):
                wh = self._words.get(w)
                if wh is None:
                    continue
                wh.discard(node)
                if not wh:
                    del self._words[w]
                    _remove_sorted(self._sorted_words, w)
                    for t in trigrams(w):
                        ws = self._tri.get(t)
                        if ws is not None:
                            ws.discard(w)
                            if not ws:
                                del self._tri[t]

    def has(self, node: int) -> bool:
        return node in self._names

    def names(self, node: int) -> list[tuple[str, str]]:
        """The entity's names as indexed ``(text, lang)``."""
        return [(text, lang) for _, text, lang in self._names.get(node, ())]

    def lookup(self, query: str, lang: str | None = None) -> list[NameMatch]:
        """Every entity matching ``query``, best match per entity, best first."""
        q = fold(query)
        if not q:
            return []
        best: dict[int, NameMatch] = {}

        def offer(node: int, rank: str, name: str, bonus: float) -> None:
            if lang and not self._has_lang(node, name, lang):
                return
            m = NameMatch(node, rank, name, round(RANK_SCORES[rank] + bonus, 3))
            old = best.get(node)
            if old is None or m.score > old.score:
                best[node] = m

        for node in self._exact.get(q, ()):
            offer(node, "exact", q, 0.0)
        i = bisect.bisect_left(self._sorted, q)
        for name in self._sorted[i:i + MAX_PREFIX_NAMES]:
            if not name.startswith(q):
                break
            for node in self._exact[name]:
                offer(node, "prefix", name, 10.0 * len(q) / len(name))
        qwords = words(q)
        if qwords:
            self._word_matches(qwords, offer)
            self._fuzzy_matches(qwords, offer)
        return sorted(best.values(), key=lambda m: -m.score)

    def _word_matches(self, qwords: list[str], offer: object) -> None:
        sets = []
        for k, w in enumerate(qwords):
            hit = set(self._words.get(w, ()))
            if k == len(qwords) - 1:  # the last word may be cut short while typing
                i = bisect.bisect_left(self._sorted_words, w)
                for cand in self._sorted_words[i:i + MAX_PREFIX_NAMES]:
                    if not cand.startswith(w):
                        break
                    hit |= self._words[cand]
            sets.append(hit)
        for node in set.intersection(*sets) if sets else ():
            for f, _, _ in self._names.get(node, ()):
                if all(any(x.startswith(w) for x in words(f)) for w in qwords):
                    offer(node, "word", f, 10.0 * len(qwords) / max(1, len(words(f))))  # type: ignore[operator]
                    break

    def _fuzzy_matches(self, qwords: list[str], offer: object) -> None:
        sets: list[dict[int, tuple[int, str]]] = []
        for w in qwords:
            allowed = 0 if len(w) < 4 else (1 if len(w) < 7 else 2)
            close: dict[int, tuple[int, str]] = {}
            if allowed:
                grams = trigrams(w)
                counts: dict[str, int] = {}
                for t in grams:
                    for cand in self._tri.get(t, ()):
                        counts[cand] = counts.get(cand, 0) + 1
                for cand, shared in counts.items():
                    if shared * 3 < len(grams):
                        continue
                    d = distance(w, cand, allowed + 1)
                    if d <= allowed:
                        for node in self._words[cand]:
                            close[node] = min(close.get(node, (9, "")), (d, cand))
            else:
                close = dict.fromkeys(self._words.get(w, ()), (0, w))
            sets.append(close)
        common = set.intersection(*(set(s) for s in sets)) if sets else set()
        for node in common:
            edits = sum(s[node][0] for s in sets)
            hit = sets[0][node][1]
            name = min((f for f, _, _ in self._names[node] if hit in words(f)), key=lambda f: len(words(f)))
            cover = 5.0 * len(qwords) / max(1, len(words(name)))
            offer(node, "fuzzy", name, cover - 5.0 * edits)  # type: ignore[operator]

    def _has_lang(self, node: int, folded: str, lang: str) -> bool:
        """Whether the entity has a name in ``lang`` (untagged names count for every language)."""
        return any(lg.split("-")[0] in (lang, "") for _, _, lg in self._names.get(node, ()))


def _remove_sorted(items: list[str], value: str) -> None:
    i = bisect.bisect_left(items, value)
    if i < len(items) and items[i] == value:
        del items[i]
