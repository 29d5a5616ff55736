"""Reading RDF files into an Oxigraph store: bulk loads with progress, syntax checks, whole parses.

Parser errors become :class:`graph.errors.RdfSyntaxError` with ``path:line:column``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, cast

from pyoxigraph import NamedNode, Quad, QuerySolutions, Store, parse

from graph.errors import RdfSyntaxError
from graph.formats import rdf_format_for_path
from graph.store.common import ProgressFn, ProgressReader, positioned


def check_syntax(path: Path) -> int:
    """Parse a file completely without storing it; return its quad count."""
    fmt = rdf_format_for_path(path)
    try:
        return sum(1 for _ in parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        raise positioned(exc, RdfSyntaxError, str(path)) from None


def read_quads(path: Path) -> list[Quad]:
    """Every quad of a file (for in-memory stores)."""
    try:
        return list(parse(path=str(path), format=rdf_format_for_path(path)))
    except SyntaxError as exc:
        raise positioned(exc, RdfSyntaxError, str(path)) from None


def bulk_load_file(store: Store, p: Path, graph: str | None = None,
                   progress: ProgressFn | None = None) -> None:
    """``Store.bulk_load`` of one file (all or nothing), the triples into ``graph`` if given."""
    fmt = rdf_format_for_path(p)
    to_graph = NamedNode(graph) if graph else None
    base = p.resolve().as_uri()
    try:
        if progress is None:  # pyoxigraph reads the file itself
            store.bulk_load(path=str(p), format=fmt, to_graph=to_graph, base_iri=base)
            return
        with p.open("rb") as f:
            reader = cast(IO[bytes], ProgressReader(f, progress))  # duck-typed: read() only
            store.bulk_load(reader, fmt, to_graph=to_graph, base_iri=base)
    except SyntaxError as exc:
        raise positioned(exc, RdfSyntaxError, str(p)) from None


def select_rows(store: Store, select: str, base_iri: str | None) -> Iterable[Iterable[Any]]:
    """The rows of a SELECT over the store's own dataset (no union default graph), with the
    predeclared prefixes, as an update sees them."""
    from ontology.namespaces import PREFIXES

    res = store.query(select, base_iri=base_iri, prefixes=PREFIXES)
    return res if isinstance(res, QuerySolutions) else ()


__all__ = ["bulk_load_file", "check_syntax", "read_quads", "select_rows"]
