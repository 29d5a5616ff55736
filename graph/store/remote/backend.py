"""``RemoteStore``: :class:`graph.store.GraphStore` over a SPARQL 1.1 engine reached by HTTP.

Reads go to the query endpoint, writes to the update endpoint (one request per write, which
Oxigraph runs as one transaction), Graph Store operations to the Graph Store endpoint; loads
and restores are staged (:mod:`graph.store.remote.loading`). ``generation`` counts the writes
made through this object: caches and ETags follow them, not writes that other clients send to
the engine directly.

>>> RemoteStore.is_remote("http://127.0.0.1:7878/query"), RemoteStore.is_remote("./var/store")
(True, False)
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from pyoxigraph import Quad, RdfFormat, serialize

from graph.errors import NetworkForbidden, ReadOnly, UpdateSyntaxError
from graph.sparql.datablock import data_block
from graph.sparql.plan import dataset_for
from graph.sparql.touched import graphs_before
from graph.store.base import ExecutionOptions, ReadShortcuts, WriteListener
from graph.store.common import (
    LARGE_UPDATE_TEXT,
    graph_name,
    graph_ref,
    in_graph,
    quads_text,
    replace_graph_update,
    replace_graphs_update,
)
from graph.store.readahead import read_ahead
from graph.store.remote import loading
from graph.store.remote.client import Credentials, EndpointClient, check
from graph.store.remote.layout import Layout, discover
from graph.store.remote.reading import RemoteReader
from graph.store.remote.staging import STAGING
from graph.store.remote.text import with_prologue, with_values
from graph.store.results import (
    Dataset,
    LoadReport,
    QueryResults,
    QuerySpec,
    SerializedResult,
    Solutions,
    WriteEvent,
)

NTRIPLES = "application/n-triples"


class RemoteStore(ReadShortcuts):
    """A remote SPARQL 1.1 engine as a store (``location`` is its query endpoint URL)."""

    def __init__(self, location: str, *, update_url: str | None = None, gsp_url: str | None = None,
                 credentials: Credentials = Credentials(), timeout: float = 30.0) -> None:
        self.location = location
        self.generation = 0
        self.write_lock = threading.RLock()
        self._listeners: list[WriteListener] = []
        self.options = ExecutionOptions(workers=0)
        self.client = EndpointClient(credentials, timeout=timeout)
        try:
            self.layout: Layout = discover(self.client, location, update_url=update_url, gsp_url=gsp_url)
        except BaseException:
            self.client.close()
            raise
        self.reader = RemoteReader(self.client, self.layout, timeout)

    @staticmethod
    def is_remote(location: str | Path) -> bool:
        return str(location).startswith(("http://", "https://"))

    @property
    def is_memory(self) -> bool:
        return False

    def describe(self) -> dict[str, Any]:
        """What ``newsgraph stats`` and ``/health`` show about the engine."""
        lay = self.layout
        return {"backend": "remote", "layout": lay.name, "found_by": lay.found_by,
                "query_url": lay.query_url, "update_url": lay.update_url, "gsp_url": lay.gsp_url,
                "summary": lay.describe()}

    def close(self) -> None:
        self.client.close()

    def on_write(self, callback: WriteListener) -> None:
        self._listeners.append(callback)

    def _committed(self, graphs: Iterable[str] | None, added: Sequence[Quad] | None = None) -> None:
        self.generation += 1
        event = WriteEvent(self.generation, None if graphs is None else frozenset(graphs),
                           None if added is None else tuple(added), None)
        for cb in list(self._listeners):
            cb(event)

    # -- writes ------------------------------------------------------------------------------
    def send_update(self, text: str, *, what: str = "the update", shift: int = 0) -> None:
        """POST update text to the engine (no generation change: see :meth:`update`)."""
        url = self.layout.update_url
        if url is None:
            raise ReadOnly(f"the remote store at {self.location} has no update endpoint "
                           "(set update_url)")
        resp = self.client.send("POST", url, content=text.encode("utf-8"),
                                headers={"Content-Type": "application/sparql-update"})
        check(resp, what=what, syntax=UpdateSyntaxError, shift=shift)

    def update(self, sparql: str, *, base_iri: str | None = None) -> LoadReport:
        """Send an update; the listeners hear the graphs it may change (a data block's, or those
        :func:`graph.sparql.touched.graphs_before` asks the engine for just before sending it)."""
        prepared = with_prologue(sparql, base_iri=base_iri)
        block = data_block(sparql, base_iri) if len(sparql) < LARGE_UPDATE_TEXT else None
        with self.write_lock:
            graphs = ({graph_name(q.graph_name) for q in block.quads} if block is not None
                      else graphs_before(prepared.text, self._rows, self.named_graphs))
            self.send_update(prepared.text, shift=prepared.shift)
            self._committed(graphs)
        return LoadReport()

    def _rows(self, select: str) -> Sequence[tuple[Any, ...]]:
        res = self.reader.results(select, Dataset())
        return res.rows if isinstance(res, Solutions) else ()

    def add_quads(self, quads: Iterable[Quad]) -> LoadReport:
        new = list(quads)
        with self.write_lock:
            self.send_update("INSERT DATA {\n" + quads_text(new) + "}")
            self._committed({graph_name(q.graph_name) for q in new})
        return LoadReport(written=len(new))

    def replace_graphs(self, graph_quads: dict[str, list[Quad]],
                       drop_subjects: dict[str, list[str]] | None = None,
                       extra: Iterable[Quad] = (), drop_used_by: Sequence[tuple[str, str]] = ()
                       ) -> LoadReport:
        """As the embedded backend does, in one update request."""
        upd = replace_graphs_update(graph_quads, drop_subjects, extra, drop_used_by)
        with self.write_lock:
            self.send_update(upd.text)
            self._committed(upd.graphs)
        return LoadReport(written=len(upd.inserted))

    def load_files(self, paths: Sequence[str | Path], *, graph: str | None = None,
                   progress: Any = None) -> LoadReport:
        report, graphs = loading.load_files(self, paths, graph, progress)
        self._committed(graphs)
        return report

    def check_syntax(self, path: Path) -> int:
        from graph.store.oxigraph.files import check_syntax  # a parse only: no engine involved

        return check_syntax(path)

    def restore(self, path: str | Path) -> LoadReport:
        report, _ = loading.restore(self, path)
        self._committed(None)
        return report

    # -- Graph Store Protocol ----------------------------------------------------------------
    def _gsp(self, method: str, graph: str, quads: Sequence[Quad] = ()) -> None:
        assert self.layout.gsp_url is not None
        params = {"default": ""} if graph == "" else {"graph": graph}
        body = "".join(f"{q.triple} .\n" for q in quads).encode("utf-8")
        resp = self.client.send(method, self.layout.gsp_url, params=params, content=body,
                                headers={"Content-Type": NTRIPLES})
        if not (method == "DELETE" and resp.status_code == 404):
            check(resp, what=f"the graph store {method}")

    def _graph_write(self, method: str, graph: str, quads: Sequence[Quad], update: str) -> LoadReport:
        with self.write_lock:
            if self.layout.gsp_url:  # one N-Triples body: its blank nodes stay one scope
                self._gsp(method, graph, quads)
            else:
                self.send_update(update)
            self._committed([graph])
        return LoadReport(written=len(quads))

    def replace_graph(self, graph: str, quads: Sequence[Quad]) -> LoadReport:
        return self._graph_write("PUT", graph, quads, replace_graph_update(graph, quads).text)

    def add_to_graph(self, graph: str, quads: Sequence[Quad]) -> LoadReport:
        into = in_graph(quads, graph)
        text = ("INSERT DATA {\n" + quads_text(into) + "}" if into
                else f"CREATE SILENT {graph_ref(graph)}")
        return self._graph_write("POST", graph, quads, text)

    def drop_graph(self, graph: str) -> LoadReport:
        return self._graph_write("DELETE", graph, (), f"DROP SILENT {graph_ref(graph)}")

    # -- reads -------------------------------------------------------------------------------
    def query(self, sparql: str, *, union: bool = True, substitutions: dict[Any, Any] | None = None,
              default_graph: Sequence[str] = (), named_graphs: Sequence[str] | None = None,
              base_iri: str | None = None) -> QueryResults:
        dataset = dataset_for(sparql, default_graph, named_graphs, union_default=union)
        return self.reader.results(with_values(sparql, substitutions), dataset, base_iri)

    def configure(self, options: ExecutionOptions) -> None:
        self.options = options

    def execute(self, spec: QuerySpec) -> SerializedResult:
        """Forward a client's query with its ``Accept`` types, deadline and row cap.

        The engine runs SERVICE itself, with nothing in the way, so a query must prove every
        SERVICE target allowed before it is sent."""
        from graph.sparql.netcheck import Route, query_route

        if query_route(spec.query, self.options.service_allow, spec.base_iri) is Route.UNKNOWN:
            raise NetworkForbidden("SERVICE targets that cannot be checked are refused on a "
                                   "remote store (the engine has no sandbox)")
        return self.reader.execute(spec.query, spec.media_types, spec.dataset, spec.base_iri,
                                   spec.timeout, spec.max_rows)

    async def execute_async(self, spec: QuerySpec) -> SerializedResult:
        return await asyncio.to_thread(self.execute, spec)

    def quads(self, graph: str | None = None) -> Iterator[Quad]:
        return self.reader.quads(graph)

    def graph_quads(self, graphs: Sequence[str]) -> Iterator[tuple[str, list[Quad]]]:
        """Each graph's quads in order, from one query per graph, four in flight."""
        return read_ahead(graphs, lambda g: list(self.reader.quads(g)), workers=4)

    def has_graph(self, graph: str) -> bool:
        return graph == "" or self.ask(f"ASK {{ GRAPH <{graph}> {{ }} }}", union=False)

    def named_graphs(self) -> list[str]:
        return self.reader.named_graphs()

    def is_empty(self) -> bool:
        return not self.ask("ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } "
                            f'FILTER(!STRSTARTS(STR(?g), "{STAGING}")) }} }}', union=False)

    def dump(self, output: str | Path | IO[bytes], format: RdfFormat = RdfFormat.N_QUADS) -> int:
        counted = [0]

        def counting() -> Iterator[Quad]:
            for q in self.quads():
                counted[0] += 1
                yield q

        serialize(counting(), str(output) if isinstance(output, str | Path) else output, format)
        return counted[0]

    def __len__(self) -> int:
        """Every quad outside staging graphs (one counting query on the engine)."""
        return self.count("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } "
                          f'FILTER(!STRSTARTS(STR(?g), "{STAGING}")) }} }}', union=False)


__all__ = ["RemoteStore"]
