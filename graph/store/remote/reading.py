"""Reading from a remote engine: queries (ours and clients'), quads, graphs, counts.

Queries are sent as the SPARQL 1.1 Protocol's form POST with the dataset as protocol parameters;
the union default graph is asked for the way the layout's engine spells it (Oxigraph's
``union-default-graph`` parameter, Fuseki's ``urn:x-arq:UnionGraph``, natively on Virtuoso).
Every request has the client-side deadline of the query (the whole answer must arrive by then)
and every answer is parsed once, so the row cap holds whatever the engine sends.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlencode

from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    parse,
    parse_query_results,
)

from graph.errors import BadRequest, NotAcceptable, QuerySyntaxError, ResultTooLarge
from graph.formats import rdf_format_for_media_type, results_format_for_media_type
from graph.store.remote.client import EndpointClient, check
from graph.store.remote.errors import EngineError, EngineTimeout
from graph.store.remote.layout import Layout
from graph.store.remote.staging import STAGING
from graph.store.remote.text import Prepared, with_prologue
from graph.store.results import Boolean, Dataset, Graph, QueryResults, SerializedResult, Solutions

#: what our own queries ask for: JSON results, N-Triples graphs
INTERNAL_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
TSV = "text/tab-separated-values"
FORM = "application/x-www-form-urlencoded"
CHUNK = 1 << 16
_ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def accept_header(media_types: Sequence[str]) -> str:
    """``media_types`` in order of preference as an ``Accept`` header.

    >>> accept_header(["text/csv", "text/turtle"])
    'text/csv, text/turtle;q=0.9'
    """
    return ", ".join(mt if i == 0 else f"{mt};q={max(1, 10 - i) / 10:g}"
                     for i, mt in enumerate(media_types))


class RemoteReader:
    """The reading half of :class:`graph.store.remote.RemoteStore`."""

    def __init__(self, client: EndpointClient, layout: Layout, timeout: float) -> None:
        self.client, self.layout, self.timeout = client, layout, timeout

    # -- the protocol request ----------------------------------------------------------------
    def _form(self, text: str, dataset: Dataset) -> tuple[list[tuple[str, str]], dict[str, str]]:
        form = [("query", text)]
        params: dict[str, str] = {}
        default = [g for g in dataset.default_graph if g != ""]
        if dataset.default_graph and len(default) != len(dataset.default_graph) and default:
            raise BadRequest("a remote store cannot name its default graph beside other graphs "
                             "in one query's default graph")
        form += [("default-graph-uri", g) for g in default]
        form += [("named-graph-uri", g) for g in dataset.named_graphs or ()]
        if dataset.union and not dataset.default_graph:
            if self.layout.union == "param":
                params["union-default-graph"] = "true"
            elif self.layout.union != "native":
                form.append(("default-graph-uri", self.layout.union))
        return form, params

    def post(self, prepared: Prepared, dataset: Dataset, accept: str,
             timeout: float | None = None) -> tuple[str, bytes]:
        """Send a query; the answer's media type and body, read whole before the deadline."""
        seconds = timeout or self.timeout
        deadline = time.monotonic() + seconds
        form, params = self._form(prepared.text, dataset)
        url = self.layout.query_url
        headers = {"Accept": accept, "Content-Type": FORM}
        with self.client.stream("POST", url, content=urlencode(form).encode("ascii"), params=params,
                                timeout=seconds, headers=headers) as resp:
            if not resp.is_success:
                self.client.read(resp, url, seconds)
                check(resp, what="the query", syntax=QuerySyntaxError, shift=prepared.shift)
            parts = []
            for chunk in resp.iter_bytes(CHUNK):
                parts.append(chunk)
                if time.monotonic() > deadline:
                    raise EngineTimeout(f"the SPARQL engine at {url} did not send the whole "
                                        f"answer within {seconds:g} s")
            body = b"".join(parts)
        return resp.headers.get("content-type", "").split(";")[0].strip().lower(), body

    # -- our own queries -----------------------------------------------------------------------
    def results(self, text: str, dataset: Dataset, base_iri: str | None = None) -> QueryResults:
        media, body = self.post(with_prologue(text, base_iri=base_iri), dataset, INTERNAL_ACCEPT)
        return to_results(media, body)

    # -- clients' queries ----------------------------------------------------------------------
    def execute(self, text: str, media_types: Sequence[str], dataset: Dataset,
                base_iri: str | None, timeout: float, max_rows: int) -> SerializedResult:
        media, body = self.post(with_prologue(text, base_iri=base_iri), dataset,
                                accept_header(media_types), timeout)
        kind, rows = _count(media, body)
        if rows is not None and rows > max_rows:
            raise ResultTooLarge(f"more than {max_rows} rows (max_rows); add a LIMIT")
        if media not in media_types:
            raise NotAcceptable(f"the SPARQL engine answered {media or 'no media type'}, "
                                f"not one of {', '.join(media_types)}")
        return SerializedResult(kind, media, body, rows)

    # -- quads and graphs ----------------------------------------------------------------------
    def quads(self, graph: str | None = None) -> Iterator[Any]:
        """Every quad of the store (staging graphs left out), or of one graph, from one query."""
        if graph is None:
            text, dataset = _ALL_QUADS, Dataset()
        else:
            text = "SELECT ?s ?p ?o WHERE { " + (f"GRAPH <{graph}> {{ ?s ?p ?o }} }}" if graph
                                                 else "?s ?p ?o }")
            dataset = Dataset()
        media, body = self.post(with_prologue(text), dataset, TSV)
        sols = parse_query_results(body, _results_format(media))
        assert isinstance(sols, QuerySolutions)
        fixed = DefaultGraph() if not graph else NamedNode(graph)
        for s in sols:
            g = s["g"] if graph is None else fixed
            if not isinstance(g, NamedNode | DefaultGraph):
                g = DefaultGraph()
            elif graph is None and isinstance(g, NamedNode) and g.value.startswith(STAGING):
                continue
            yield Quad(s["s"], s["p"], s["o"], g)

    def named_graphs(self) -> list[str]:
        return sorted(g for g in self.all_graphs() if not g.startswith(STAGING))

    def all_graphs(self) -> list[str]:
        """Named graphs including staging ones."""
        res = self.results("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", Dataset())
        assert isinstance(res, Solutions)
        return [t.value for t in res.column("g") if isinstance(t, NamedNode)]


def _results_format(media: str) -> QueryResultsFormat:
    fmt = results_format_for_media_type(media)
    if fmt is None:
        raise EngineError(f"the SPARQL engine answered {media or 'no media type'}, "
                          "which is not a SPARQL results format")
    return fmt


def _rdf_format(media: str) -> RdfFormat | None:
    return rdf_format_for_media_type(media) if media else None


def to_results(media: str, body: bytes) -> QueryResults:
    """An engine's answer as neutral results."""
    rdf = _rdf_format(media)
    if rdf is not None:
        return Graph(q.triple for q in parse(body, rdf))
    res = parse_query_results(body, _results_format(media))
    if isinstance(res, QueryBoolean):
        return Boolean(bool(res))
    names = tuple(v.value for v in res.variables)
    return Solutions(names, [tuple(s[i] for i in range(len(names))) for s in res])


def _count(media: str, body: bytes) -> tuple[Any, int | None]:
    """The kind of an engine's answer and its row (triple) count, by parsing it once."""
    rdf = _rdf_format(media)
    if media == "text/csv":  # pyoxigraph does not read CSV results back (lossy); the csv module can
        rows = sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        return "solutions", max(0, rows - 1)
    try:
        if rdf is not None:
            return "graph", sum(1 for _ in parse(body, rdf))
        res = parse_query_results(body, _results_format(media))
    except SyntaxError as exc:
        raise EngineError(f"the SPARQL engine sent a malformed {media} answer: {exc}") from None
    if isinstance(res, QueryBoolean):
        return "boolean", None
    return "solutions", sum(1 for _ in res)


__all__ = ["RemoteReader", "accept_header", "to_results"]
