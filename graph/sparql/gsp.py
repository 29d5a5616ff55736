"""SPARQL 1.1 Graph Store HTTP Protocol operations over a :class:`GraphStore`.

A graph is named by its IRI, or ``None`` for the (real) default graph. Bodies are parsed
completely before anything is written, and each operation is one transaction: a bad document,
or a bad part of a multipart upload, leaves the store unchanged.

>>> from graph.store import GraphStore, open_store
>>> gsp = GraphStoreProtocol(open_store("memory"))
>>> gsp.put("http://e/g", [Part(b'<http://e/a> <http://e/p> "1" .', "application/n-triples")])
True
>>> body = gsp.get("http://e/g", "application/n-triples")
>>> body.size, b"".join(body.chunks())
(32, b'<http://e/a> <http://e/p> "1" .\\n')
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from pyoxigraph import DefaultGraph, NamedNode, Quad, parse, serialize

from graph.errors import NotAcceptable, NotFound, RdfSyntaxError, UnsupportedMediaType
from graph.formats import GRAPH_TYPES, negotiate, rdf_format_for_media_type
from graph.store import GraphStore, LoadReport
from graph.store.common import user_iri

QUAD_TYPES = ("application/n-quads", "application/trig")


@dataclass(frozen=True)
class Part:
    """One RDF document of a request body (a whole body, or one part of a multipart upload)."""

    data: bytes
    media_type: str


def _graph_term(graph: str | None) -> Any:
    if graph is None:
        return DefaultGraph()
    return NamedNode(user_iri(graph))


SPOOL_MEMORY = 8 << 20  # a serialized graph larger than this goes to a temporary file
CHUNK = 1 << 16


def _spool() -> IO[bytes]:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY)


@dataclass
class Body:
    """A serialized graph: kept in memory up to :data:`SPOOL_MEMORY`, then on disk, and read back
    in chunks, so a large graph never sits whole in memory."""

    media_type: str
    file: IO[bytes]

    @property
    def size(self) -> int:
        here = self.file.tell()
        end = self.file.seek(0, 2)
        self.file.seek(here)
        return end

    def chunks(self) -> Iterator[bytes]:
        """The bytes in chunks; the file is closed at the end."""
        try:
            self.file.seek(0)
            while chunk := self.file.read(CHUNK):
                yield chunk
        finally:
            self.file.close()


class GraphStoreProtocol:
    """GET/HEAD/PUT/POST/DELETE of whole graphs."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def exists(self, graph: str | None) -> bool:
        return graph is None or self.store.has_graph(graph)

    def media_type(self, accept: str | None, *, dataset: bool = False) -> str:
        """The RDF media type to answer with (quad formats only for the whole dataset)."""
        if accept and "text/html" in accept.lower():
            accept = None
        if dataset:
            chosen = negotiate(accept, "graph") if accept else "application/n-quads"
            if chosen not in QUAD_TYPES:
                chosen = next((t for t in QUAD_TYPES if accept and t in accept), None)
        else:
            chosen = negotiate(accept, "graph")
        if chosen is None:
            offered = QUAD_TYPES if dataset else GRAPH_TYPES
            raise NotAcceptable(f"cannot produce {accept!r}; offered: {', '.join(offered)}")
        return chosen

    def get(self, graph: str | None, accept: str | None) -> Body:
        """Serialize one graph; :class:`NotFound` if a named graph does not exist."""
        mt = self.media_type(accept)
        if not self.exists(graph):
            raise NotFound(f"no graph <{graph}>")
        fmt = rdf_format_for_media_type(mt)
        quads = self.store.quads("" if graph is None else graph)
        buf = _spool()
        if mt in QUAD_TYPES:  # keep the triples in their graph
            serialize(quads, buf, fmt)
        else:
            serialize((q.triple for q in quads), buf, fmt)
        return Body(mt, buf)

    def get_dataset(self, accept: str | None) -> Body:
        """Every quad, as N-Quads or TriG."""
        mt = self.media_type(accept, dataset=True)
        buf = _spool()
        fmt = rdf_format_for_media_type(mt)
        assert fmt is not None  # media_type() offers only known formats
        self.store.dump(buf, fmt)
        return Body(mt, buf)

    def _parse(self, graph: str | None, parts: Sequence[Part], base_iri: str | None) -> list[Quad]:
        term = _graph_term(graph)
        quads: list[Quad] = []
        for part in parts:
            data, media_type = part.data, part.media_type
            fmt = rdf_format_for_media_type(media_type)
            if fmt is None:
                raise UnsupportedMediaType(f"cannot read RDF from {media_type or 'no Content-Type'!r}")
            try:
                for q in parse(data, fmt, base_iri=base_iri or graph, without_named_graphs=True):
                    quads.append(Quad(q.subject, q.predicate, q.object, term))
            except SyntaxError as exc:
                raise RdfSyntaxError(str(exc.msg or exc), line=exc.lineno, column=exc.offset) from None
        return quads

    def put(self, graph: str | None, parts: Sequence[Part], base_iri: str | None = None) -> bool:
        """Replace a graph's content; return True if the graph did not exist before."""
        quads = self._parse(graph, parts, base_iri)
        created = not self.exists(graph)
        self.store.replace_graph("" if graph is None else graph, quads)
        return created

    def post(self, graph: str | None, parts: Sequence[Part], base_iri: str | None = None) -> bool:
        """Add to a graph (creating it); return True if it did not exist before."""
        quads = self._parse(graph, parts, base_iri)
        created = not self.exists(graph)
        self.store.add_to_graph("" if graph is None else graph, quads)
        return created

    def delete(self, graph: str | None) -> LoadReport:
        """Drop a named graph (:class:`NotFound` if absent) or empty the default graph."""
        if not self.exists(graph):
            raise NotFound(f"no graph <{graph}>")
        return self.store.drop_graph("" if graph is None else graph)


__all__ = ["GraphStoreProtocol", "Part"]
