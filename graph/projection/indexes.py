"""The projection's search indexes (entity names, evidence sentences): built on first use, then
kept in step fact by fact and entity by entity, so traversals never wait for them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from graph.projection.fulltext import EvidenceIndex
from graph.projection.records import FactRecord
from graph.projection.search import NameIndex

NamesOf = Callable[[int], list[tuple[str, str]] | None]  # entity -> its names, None if absent


class Indexes:
    """A name index and an evidence index that follow the projection's changes once built."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.built = False
        self._names = NameIndex()
        self._text = EvidenceIndex()

    def reset(self) -> None:
        """Forget everything (a rebuild): the next search builds the indexes again."""
        self.built, self._names, self._text = False, NameIndex(), EvidenceIndex()

    def ensure(self, nodes: Iterable[int], names_of: NamesOf, facts: Iterable[FactRecord]) -> None:
        with self._lock:
            if self.built:
                return
            for n in nodes:
                names = names_of(n)
                if names is not None:
                    self._names.put(n, names)
            for f in facts:
                if f.text:
                    self._text.put(f.iri, f.text)
            self.built = True

    @property
    def names(self) -> NameIndex:
        return self._names

    @property
    def text(self) -> EvidenceIndex:
        return self._text

    def fact_added(self, f: FactRecord) -> None:
        if self.built and f.text:
            self._text.put(f.iri, f.text)

    def fact_dropped(self, f: FactRecord) -> None:
        if self.built:
            self._text.drop(f.iri)

    def entity_changed(self, n: int, names: list[tuple[str, str]] | None, *,
                       only_presence: bool = False) -> None:
        """Re-index an entity's names (``None``: it left the graph); ``only_presence`` leaves an
        already indexed entity as it is."""
        if not self.built:
            return
        if names is None:
            self._names.drop(n)
        elif not (only_presence and self._names.has(n)):
            self._names.put(n, names)
