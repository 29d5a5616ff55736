"""Small pieces of the store's I/O: load reports, progress reading, parser errors, update text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from pyoxigraph import DefaultGraph, Quad

ProgressFn = Callable[[int], None]


@dataclass
class LoadReport:
    """What a write changed: quads before/after, per source."""

    before: int
    after: int
    sources: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return self.after - self.before


class ProgressReader:
    """A binary reader that reports bytes read, so ``bulk_load`` can drive a progress bar."""

    def __init__(self, f: IO[bytes], progress: ProgressFn) -> None:
        self._f, self._progress = f, progress

    def read(self, n: int = -1) -> bytes:
        chunk = self._f.read(n)
        self._progress(len(chunk))
        return chunk

    def readable(self) -> bool:
        return True


_AT = re.compile(r"^error at (\d+):(\d+): ")


def positioned(exc: SyntaxError, cls: type[Any], path: str | None = None) -> Any:
    """Convert pyoxigraph's ``SyntaxError`` into ``cls`` with line and column filled in."""
    msg = str(exc.msg or exc)
    line, column = exc.lineno, exc.offset
    m = _AT.match(msg)
    if m:  # the SPARQL parser puts the position in the message only
        line, column, msg = int(m.group(1)), int(m.group(2)), msg[m.end():]
    return cls(msg, path=path, line=line, column=column)


def quads_text(quads: Iterable[Quad]) -> str:
    """Quads as the body of ``INSERT DATA``, grouped by graph (terms escaped by pyoxigraph)."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        g = "" if isinstance(q.graph_name, DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(g, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for g, triples in by_graph.items():
        body = "\n".join(triples)
        parts.append(f"GRAPH {g} {{\n{body}\n}}\n" if g else body + "\n")
    return "".join(parts)
