"""The query worker process of :mod:`graph.store.oxigraph.executor`, and its row counters.

A worker is a fresh interpreter,
``python -m graph.store.oxigraph.executor_worker FD SNAPSHOT GEN SANDBOX MEMORY``
(not ``multiprocessing``: its spawn and forkserver children re-run the parent's ``__main__``,
which for ``newsgraph serve`` means the whole CLI and web app). Before anything else it
installs the network filter (:mod:`graph.store.oxigraph.sandbox`) and the address-space cap,
then opens the snapshot it was given and answers requests from its pipe, one at a time:

:class:`~graph.store.oxigraph.messages.Run` -> zero or more ``Chunk`` then ``Done`` or ``Failed``
(:mod:`graph.store.oxigraph.messages`). A small result is thus one message: one write here, one
wake-up in the parent.

A snapshot directory holding ``dump.nq`` is loaded into an in-memory store; any other directory
is opened with ``Store.read_only``.

>>> c = JsonRowCounter()
>>> c.feed(b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"},{"}}')
1
>>> c.feed(b',{}]}}')
2
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import re
import resource
import sys
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import IO, Any, Protocol, cast

from graph.store.oxigraph.messages import Chunk, Done, Failed, Run
from graph.store.results import QuerySpec
from ontology.namespaces import PREFIXES

CHUNK_BYTES = 1 << 20
DUMP_FILE = "dump.nq"
_M_ARENA_MAX = -8
_SYNTAX_POS = re.compile(r"error at (\d+):(\d+)")


class RowCounter(Protocol):
    def feed(self, data: bytes) -> int: ...


class JsonRowCounter:
    """Rows of pyoxigraph's compact SPARQL JSON: ``[{`` or ``,{`` outside strings."""

    def __init__(self) -> None:
        self.rows, self.in_string, self.carry, self.prev = 0, False, b"", b""

    def feed(self, data: bytes) -> int:
        data, self.carry = self.carry + data, b""
        trailing = len(data) - len(data.rstrip(b"\\"))
        if trailing % 2:  # an escape split across chunks
            data, self.carry = data[:-1], b"\\"
        parts = data.replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')
        outside = parts[1::2] if self.in_string else parts[0::2]
        if len(parts) % 2 == 0:
            self.in_string = not self.in_string
        text = self.prev + b"".join(outside)
        self.rows += text.count(b",{") + text.count(b"[{")
        self.prev = text[-1:]
        return self.rows


class XmlRowCounter:
    """``<result>`` elements (``<`` is always escaped in XML text)."""

    def __init__(self) -> None:
        self.rows, self.tail = 0, b""

    def feed(self, data: bytes) -> int:
        text = self.tail + data
        self.rows += text.count(b"<result>")
        self.tail = text[-7:]
        return self.rows


class LineRowCounter:
    """Lines after the header; for CSV, newlines inside quoted values do not count."""

    def __init__(self, quoted: bool) -> None:
        self.lines, self.quoted, self.in_quote = 0, quoted, False

    def feed(self, data: bytes) -> int:
        if not self.quoted:
            self.lines += data.count(b"\n")
        else:
            parts = data.split(b'"')
            outside = parts[1::2] if self.in_quote else parts[0::2]
            self.lines += sum(p.count(b"\n") for p in outside)
            if len(parts) % 2 == 0:
                self.in_quote = not self.in_quote
        return max(0, self.lines - 1)


def row_counter(media_type: str) -> RowCounter:
    """A counter for the media type of a ``QueryResultsFormat`` (JSON, XML, CSV or TSV)."""
    if "xml" in media_type:
        return XmlRowCounter()
    if media_type.startswith(("text/csv", "text/tab-separated-values")):
        return LineRowCounter(quoted=media_type.startswith("text/csv"))
    return JsonRowCounter()


class _TooLarge(Exception):
    pass


class _PipeSink:
    """File-like object pyoxigraph serializes into: counts rows, ships 1 MiB chunks."""

    def __init__(self, conn: Connection, counter: RowCounter | None, max_rows: int) -> None:
        self.conn, self.counter, self.max_rows = conn, counter, max_rows
        self.buf, self.rows, self.too_large = bytearray(), 0, False

    def write(self, data: bytes) -> int:
        if self.counter is not None:
            self.rows = self.counter.feed(bytes(data))
            if self.rows > self.max_rows:
                self.too_large = True
                raise _TooLarge
        self.buf += data
        if len(self.buf) >= CHUNK_BYTES:
            self.conn.send(Chunk(bytes(self.buf)))
            self.buf.clear()
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self) -> bytes:
        """The bytes not shipped yet (they travel with the ``done`` message)."""
        tail = bytes(self.buf)
        self.buf.clear()
        return tail


def open_snapshot(path: str) -> Any:
    import pyoxigraph as ox

    dump = os.path.join(path, DUMP_FILE)
    if os.path.exists(dump):
        store = ox.Store()
        store.bulk_load(path=dump, format=ox.RdfFormat.N_QUADS)
        return store
    return ox.Store.read_only(path)


@functools.lru_cache(maxsize=256)
def _pick(kind: str, media_types: tuple[str, ...]) -> Any:
    import pyoxigraph as ox

    for mt in media_types:
        fmt = (ox.RdfFormat if kind == "graph" else ox.QueryResultsFormat).from_media_type(mt)
        if fmt is not None:
            return fmt
    raise LookupError(f"{kind} results cannot be written as {', '.join(media_types)}")


def dataset_options(spec: QuerySpec) -> dict[str, Any]:
    """pyoxigraph's ``query`` keywords for the spec's dataset (applied as it is, decided upstream)."""
    import pyoxigraph as ox

    ds = spec.dataset
    kw: dict[str, Any] = {"base_iri": spec.base_iri, "prefixes": PREFIXES}
    if ds.default_graph:
        kw["default_graph"] = [ox.DefaultGraph() if g == "" else ox.NamedNode(g) for g in ds.default_graph]
    else:
        kw["use_default_graph_as_union"] = ds.union
    if ds.named_graphs is not None:
        kw["named_graphs"] = [ox.NamedNode(g) for g in ds.named_graphs]
    return kw


def result_kind(result: Any) -> str:
    import pyoxigraph as ox

    return {ox.QueryBoolean: "boolean", ox.QuerySolutions: "solutions"}.get(type(result), "graph")


def execute(store: Any, spec: QuerySpec, conn: Connection) -> Done:
    """Run one query, streaming its serialization into ``conn``."""
    import pyoxigraph as ox

    result = store.query(spec.query, **dataset_options(spec))
    kind = result_kind(result)
    fmt = _pick(kind, spec.media_types)
    max_rows = spec.max_rows
    sink = _PipeSink(conn, row_counter(fmt.media_type) if kind == "solutions" else None, max_rows)
    rows: list[int] = [0]

    def counted(triples: Any) -> Iterator[Any]:
        for t in triples:
            rows[0] += 1
            if rows[0] > max_rows:
                sink.too_large = True
                raise _TooLarge
            yield t

    try:
        if kind == "graph":
            ox.serialize(counted(result), cast(IO[bytes], sink), fmt)
        else:
            result.serialize(cast(IO[bytes], sink), fmt)
    except Exception:
        if sink.too_large:
            raise _TooLarge from None
        raise
    n = None if kind == "boolean" else (rows[0] if kind == "graph" else sink.rows)
    return Done(kind, fmt.media_type, n, sink.finish())  # type: ignore[arg-type]


def failure(exc: BaseException, max_rows: int) -> Failed:
    """The :class:`Failed` reply for an exception raised while answering."""
    if isinstance(exc, _TooLarge):
        return Failed("ResultTooLarge", f"result has more than {max_rows} rows (max_rows); add a LIMIT")
    if isinstance(exc, LookupError):
        return Failed("NotAcceptable", str(exc))
    msg = str(exc) or type(exc).__name__
    if not isinstance(exc, SyntaxError):
        return Failed("QueryFailed", f"query failed: {msg}")
    m = _SYNTAX_POS.search(msg)
    if m:
        msg = msg[m.end():].lstrip(": ")
    return Failed("QuerySyntaxError", msg, int(m.group(1)) if m else None, int(m.group(2)) if m else None)


def _cap_memory(limit: int) -> None:
    """Cap the address space. glibc reserves 64 MiB of address space per malloc arena (up to 8 per
    core), so arenas are limited to 2 first: the cap then tracks memory actually used."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: keep the default arenas
        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 2)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def worker_main(conn: Connection, path: str, gen: int, sandboxed: bool, memory_limit: int | None) -> None:
    """Entry point of a worker process."""
    if sandboxed:
        from graph.store.oxigraph.sandbox import install_network_filter

        install_network_filter()
    if memory_limit:
        _cap_memory(memory_limit)
    store: Any = None
    opened: tuple[str, int] | None = None
    with contextlib.suppress(Exception):  # a failed open is retried, and reported, by the first query
        store, opened = open_snapshot(path), (path, gen)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if not isinstance(msg, Run):
            return
        try:
            if (msg.snapshot, msg.generation) != opened:
                store, opened = None, None  # close the old snapshot before opening the new one
                store = open_snapshot(msg.snapshot)
                opened = (msg.snapshot, msg.generation)
            conn.send(execute(store, msg.spec, conn))
        except Exception as exc:
            conn.send(failure(exc, msg.spec.max_rows))


if __name__ == "__main__":
    _fd, _path, _gen, _sandbox, _memory = sys.argv[1:6]
    worker_main(Connection(int(_fd)), _path, int(_gen), _sandbox == "1", int(_memory) or None)
