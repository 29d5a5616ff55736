"""Small pieces of the store's I/O: progress reading, parser errors, update text, user IRIs."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import IO, Any

from pyoxigraph import DefaultGraph, Quad, Triple

ProgressFn = Callable[[int], None]


class ProgressReader:
    """A binary reader that reports bytes read, so ``bulk_load`` can drive a progress bar."""

    STEP = 4 << 20  # report every 4 MiB: a call per read would cost more than the bar is worth

    def __init__(self, f: IO[bytes], progress: ProgressFn) -> None:
        self._f, self._progress, self._pending = f, progress, 0

    def read(self, n: int = -1) -> bytes:
        chunk = self._f.read(n)
        self._pending += len(chunk)
        if self._pending >= self.STEP or not chunk:
            self._progress(self._pending)
            self._pending = 0
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


def term_text(term: Any) -> str:
    """A term in SPARQL update syntax; RDF 1.2 triple terms as ``<<( s p o )>>``."""
    if isinstance(term, Triple):
        return f"<<( {term_text(term.subject)} {term.predicate} {term_text(term.object)} )>>"
    return str(term)


def quads_text(quads: Iterable[Quad]) -> str:
    """Quads as the body of ``INSERT DATA``, grouped by graph (terms escaped by pyoxigraph)."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        g = "" if isinstance(q.graph_name, DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(g, []).append(f"{term_text(q.subject)} {q.predicate} {term_text(q.object)} .")
    parts = []
    for g, triples in by_graph.items():
        body = "\n".join(triples)
        parts.append(f"GRAPH {g} {{\n{body}\n}}\n" if g else body + "\n")
    return "".join(parts)


def user_iri(value: str, what: str = "graph IRI") -> str:
    """Check an IRI that came from a user (a graph name, a dataset IRI) and return it.

    pyoxigraph's ``NamedNode`` refuses malformed IRIs but takes any scheme, so the scheme is
    checked here against :data:`ontology.namespaces.GRAPH_SCHEMES`.

    >>> user_iri("urn:notes")
    'urn:notes'
    >>> user_iri("javascript:alert(1)")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    graph.errors.BadRequest: graph IRI 'javascript:alert(1)': scheme must be one of ...
    """
    from pyoxigraph import NamedNode

    from graph.errors import BadRequest
    from ontology.namespaces import GRAPH_SCHEMES

    try:
        NamedNode(value)
    except (ValueError, TypeError) as exc:
        raise BadRequest(f"{what} {value!r} is not a valid absolute IRI: {exc}") from None
    scheme = value.split(":", 1)[0].lower()
    if scheme not in GRAPH_SCHEMES:
        raise BadRequest(f"{what} {value!r}: scheme must be one of {', '.join(GRAPH_SCHEMES)}")
    return value
