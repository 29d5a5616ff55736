"""Reading RDF files into an Oxigraph store: bulk loads with progress, syntax checks, whole parses.

Parser errors become :class:`graph.errors.RdfSyntaxError` with ``path:line:column``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, cast

from pyoxigraph import DefaultGraph, NamedNode, Quad, QuerySolutions, RdfFormat, Store, parse

from graph.errors import RdfSyntaxError
from graph.formats import rdf_format_for_path
from graph.store.common import ProgressFn, ProgressReader, positioned
from graph.store.readahead import read_ahead


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


__all__ = ["bulk_load_file", "check_syntax", "read_quads"]


def graph_text(store: Store, graph: NamedNode | DefaultGraph) -> bytes:
    """One graph as N-Triples, from Oxigraph's ``dump``, which decodes the terms in Rust without
    holding the GIL (so threads read several graphs at once: :mod:`graph.store.readahead`)."""
    buf = io.BytesIO()
    store.dump(buf, RdfFormat.N_TRIPLES, from_graph=graph)
    return buf.getvalue()


def text_quads(text: bytes, graph: NamedNode | DefaultGraph) -> list[Quad]:
    """The quads of :func:`graph_text`'s answer, back in their graph."""
    return [Quad(s, p, o, graph) for s, p, o, _ in parse(text, RdfFormat.N_TRIPLES)]


def graph_term(graph: str) -> NamedNode | DefaultGraph:
    """The graph term the interface's name stands for (``""``: the default graph)."""
    return DefaultGraph() if graph == "" else NamedNode(graph)


def graph_quads(store: Store, graphs: Sequence[str], ahead: bool) -> Iterator[tuple[str, list[Quad]]]:
    """Each graph's quads in order: if ``ahead``, the next graphs decoded by two threads meanwhile
    (:func:`graph_text`), else one after another through ``quads_for_pattern``."""
    if not ahead:
        return ((g, list(store.quads_for_pattern(None, None, None, graph_term(g)))) for g in graphs)
    return read_ahead(graphs, lambda g: graph_text(store, graph_term(g)),
                      lambda g, text: text_quads(text, graph_term(g)))


def select_rows(store: Store, select: str, base_iri: str | None) -> Iterable[Iterable[Any]]:
    """The rows of a SELECT over the store's own dataset (no union default graph), with the
    predeclared prefixes, as an update sees them."""
    from ontology.namespaces import PREFIXES

    res = store.query(select, base_iri=base_iri, prefixes=PREFIXES)
    return res if isinstance(res, QuerySolutions) else ()
