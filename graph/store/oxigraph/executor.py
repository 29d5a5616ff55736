"""Run SPARQL queries in killable, network-less worker processes.

pyoxigraph cannot cancel a query, and ``SERVICE`` reaches any host. So :class:`QueryPool` keeps
``workers`` warm processes (fresh interpreters started with ``subprocess``: the parent is a
threaded uvicorn, where ``fork`` is unsafe); each installs a seccomp filter that forbids
non-``AF_UNIX`` sockets and a ``RLIMIT_AS`` cap, then serves queries from a socket pair. At the
deadline the worker is killed (``SIGKILL``) and a new one started. Results come back as bytes
serialized by pyoxigraph while rows are counted; past ``max_rows`` the worker stops and
:class:`ResultTooLarge` is raised.

Snapshots. Only one process may open a store directory read-write, and ``Store.read_only`` on a
directory another process writes is undefined behaviour (pyoxigraph's docs; DESIGN.md saw 17 s
opens and a corruption error). So the writer gives the pool a ``snapshot`` callable that writes a
consistent copy into a new directory — :func:`backup_snapshot` (``Store.backup``: RocksDB
checkpoint, hard links) for disk stores, :func:`dump_snapshot` (N-Quads dump, loaded into an
in-memory store by every worker) for ``"memory"`` stores. ``refresh()`` makes a new snapshot; a
worker opens it before its next query; snapshots no worker holds are deleted. With
``snapshot=None`` workers open ``location`` read-only directly: only for a directory nobody writes.

Measured with ``bench/executor.py`` (2 cores, 1M quads, p50): ``refresh()`` 6.3 ms (backup of 1M
or of 2 000 quads alike: hard links), and the first query after it 9.5 ms (the worker opens the new
snapshot; 0.2 ms otherwise). Per query the pool adds ~0.2 ms to a point lookup (0.03 -> 0.23 ms)
and ~10 ms to a 10k-row JSON result (28.9 -> 38.4 ms). A timed-out query returns ~20 ms after its
deadline (kill + reap + start); the new worker answers its first query after ~60 ms.

Callers: :meth:`QueryPool.run` blocks a thread; :meth:`QueryPool.run_async` (what the HTTP
server uses) awaits the free worker, the request and the reply on the event loop
(:mod:`graph.store.oxigraph.executor_io`), so a query costs no thread hop; the deadline, the kill and the
replacement are the same. Measured with ``bench/sparql.py`` (1M triples, 2 cores, 4 clients):
uncached point lookups went from 1441 req/s (thread pool + blocking ``run``) to 2928 req/s, 1.2x
the in-process figure (2427 req/s).

Routing (:func:`graph.sparql.netcheck.query_route`): a query naming no SERVICE, or one that
cannot be read, runs sandboxed, where any HTTP attempt fails with "Permission denied"; one whose
SERVICE hosts are all in ``allow_network`` goes to the one unsandboxed worker; any other host
raises :class:`graph.errors.NetworkForbidden` before anything runs. Errors are those of
:mod:`graph.errors` (``QueryTimeout``, ``PoolBusy``, ``WorkerCrashed``, ``QuerySyntaxError``...).
"""

from __future__ import annotations

import asyncio
import signal
import threading
import time

from graph import errors
from graph.errors import PoolBusy, QueryTimeout, WorkerCrashed
from graph.sparql.netcheck import Route, query_route
from graph.store.oxigraph.executor_io import IdleWorkers, NoneFree, Worker, demote, promote
from graph.store.oxigraph.messages import Chunk, Done, Reply, Run
from graph.store.oxigraph.snapshots import SnapshotMaker, Snapshots, backup_snapshot, dump_snapshot
from graph.store.results import QuerySpec, SerializedResult

__all__ = ["QueryPool", "backup_snapshot", "dump_snapshot"]

DEFAULT_MEMORY_LIMIT = 2 << 30
SLOW_QUERY = 0.25  # seconds: past this, run_async lowers the worker's CPU priority
MIN_MEMORY_LIMIT = 512 << 20  # an idle worker maps ~230 MiB (Python, pyoxigraph, RocksDB threads)
#: errors a worker reports after which it is still sound and goes back to the pool
_HEALTHY_AFTER = (errors.BadRequest, errors.ResultTooLarge, errors.NotAcceptable)


class QueryPool:
    """Warm worker processes answering :class:`~graph.store.results.QuerySpec` s (module docstring).

    Parameters
    ----------
    location : a store directory, or ``"memory"`` (then ``snapshot`` is required).
    workers : sandboxed workers. One more, unsandboxed, is started when ``allow_network`` is set;
        it only takes queries whose SERVICE endpoints all parse (rdflib) to allowed hosts.
    allow_network : hosts (``host`` or ``host:port``) SERVICE may reach.
    snapshot : called with a fresh directory path; writes a consistent copy there.
    memory_limit : ``RLIMIT_AS`` of each worker in bytes (None: no cap). Past it the worker dies
        and the query fails with :class:`WorkerCrashed`.
    """

    def __init__(
        self, location: str, *, workers: int = 2, allow_network: tuple[str, ...] = (),
        snapshot: SnapshotMaker | None = None, memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
    ) -> None:
        if memory_limit is not None and memory_limit < MIN_MEMORY_LIMIT:
            raise ValueError(f"memory_limit below {MIN_MEMORY_LIMIT >> 20} MiB: workers could not even start")
        if location == "memory" and snapshot is None:
            raise ValueError("a 'memory' store needs a snapshot maker (dump_snapshot(store))")
        self._allow, self._snapshot, self._memory_limit = tuple(allow_network), snapshot, memory_limit
        self._lock, self._refresh_lock = threading.Lock(), threading.Lock()
        self._closed = False
        self._snaps = Snapshots(location, snapshot)
        self._all: list[Worker] = []
        self._idle: IdleWorkers[Worker] = IdleWorkers()
        self._net_idle: IdleWorkers[Worker] = IdleWorkers()
        for sandboxed in [True] * workers + ([False] if self._allow else []):
            self._put(self._spawn(sandboxed))

    def _spawn(self, sandboxed: bool) -> Worker:
        with self._lock:
            w = Worker(self._snaps.current, self._snaps.generation, sandboxed, self._memory_limit)
            self._all.append(w)
        return w

    def _put(self, w: Worker) -> None:
        (self._idle if w.sandboxed else self._net_idle).put(w)

    def _replace(self, w: Worker) -> Worker:
        w.kill()
        with self._lock:
            self._all.remove(w)
        return self._spawn(w.sandboxed)

    def _gc(self) -> None:
        """Delete snapshot directories that are neither current nor open in a worker."""
        with self._lock:
            self._snaps.collect({p for w in self._all for p in (w.opened, w.pending)})

    def refresh(self) -> None:
        """Make workers see the latest committed data from their next query on."""
        with self._refresh_lock:
            target, gen = self._snaps.make()
            with self._lock:
                self._snaps.current, self._snaps.generation = target, gen
        self._gc()

    def _idle_for(self, spec: QuerySpec) -> IdleWorkers[Worker]:
        """The workers that may run ``spec``: the unsandboxed one only for allowed SERVICE hosts."""
        allowed = query_route(spec.query, self._allow, spec.base_iri) is Route.ALLOWED
        return self._net_idle if allowed and self._allow else self._idle

    def _checkout(self, w: Worker) -> tuple[str, int]:
        """The snapshot ``w`` must answer from (kept alive by ``pending`` until released)."""
        with self._lock:
            w.pending = self._snaps.current
            return self._snaps.current, self._snaps.generation

    def _release(self, w: Worker, path: str, healthy: bool) -> None:
        """Put ``w`` back after a query (or a fresh worker in place of a broken one)."""
        if self._closed:
            w.kill()
            return
        if not healthy:
            w = self._replace(w)
            self._put(w)
            self._gc()
            return
        moved = w.opened != path
        w.opened, w.pending = path, ""
        self._put(w)
        if moved:  # it left an older snapshot: maybe nobody holds that one any more
            self._gc()

    def run(self, req: QuerySpec) -> SerializedResult:
        """Run ``req`` in a worker and return its serialized result (thread-safe, blocking)."""
        if self._closed:
            raise RuntimeError("QueryPool is closed")
        deadline = time.monotonic() + req.timeout
        idle = self._idle_for(req)
        try:
            w = idle.get(deadline - time.monotonic())
        except NoneFree:
            raise PoolBusy(f"no query worker free within {req.timeout:g} s") from None
        healthy, path = False, ""
        try:
            for attempt in (1, 2):
                path, gen = self._checkout(w)
                try:
                    w.conn.send(Run(req, path, gen))
                    break
                except OSError:  # died while idle: replace once and retry
                    w = self._replace(w)
                    if attempt == 2:
                        raise WorkerCrashed("query worker could not be started") from None
            result = self._collect(w, deadline, req)
            healthy = True
            return result
        except _HEALTHY_AFTER:
            healthy = True
            raise
        finally:
            self._release(w, path, healthy)

    def _collect(self, w: Worker, deadline: float, req: QuerySpec) -> SerializedResult:
        chunks: list[bytes] = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not w.conn.poll(remaining):
                raise QueryTimeout(f"query exceeded {req.timeout:g} s")
            try:
                msg = w.conn.recv()
            except (EOFError, OSError):
                raise self._crashed(w) from None
            result = self._take(msg, chunks)
            if result is not None:
                return result

    @staticmethod
    def _crashed(w: Worker) -> WorkerCrashed:
        code = w.exitcode()
        hint = " (out of memory: the worker's memory cap)" if code == -signal.SIGABRT else ""
        return WorkerCrashed(f"query worker died{hint}, exit code {code}")

    @staticmethod
    def _take(msg: Reply, chunks: list[bytes]) -> SerializedResult | None:
        """Fold one worker message in: a chunk (None), the result, or the error it reports."""
        if isinstance(msg, Chunk):
            chunks.append(msg.data)
            return None
        if isinstance(msg, Done):
            chunks.append(msg.tail)
            return SerializedResult(msg.kind, msg.media_type, b"".join(chunks), msg.rows)
        cls = errors.by_name(msg.error)
        if issubclass(cls, errors.QuerySyntaxError):
            raise cls(msg.message, line=msg.line, column=msg.column)
        raise cls(msg.message)

    async def run_async(self, req: QuerySpec) -> SerializedResult:
        """:meth:`run` for an asyncio loop: no thread is held while the worker computes.

        The wait for a free worker, the request and the reply are all awaited on the loop; at the
        deadline the worker is killed at once (``SIGKILL``) and :class:`QueryTimeout` raised, while
        its replacement starts in a thread. A query still running after ``SLOW_QUERY`` seconds has
        its worker reniced (``DEMOTED_NICE``) so that it does not slow the short ones down; the
        worker gets its priority back afterwards, or is replaced where that is not permitted.
        """
        if self._closed:
            raise RuntimeError("QueryPool is closed")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + req.timeout
        idle = self._idle_for(req)
        try:
            w = await idle.get_async(deadline - loop.time())
        except NoneFree:
            raise PoolBusy(f"no query worker free within {req.timeout:g} s") from None
        healthy, path = False, ""
        slow = loop.call_later(SLOW_QUERY, demote, w)
        try:
            for attempt in (1, 2):
                path, gen = self._checkout(w)
                try:
                    await w.channel.send(Run(req, path, gen), deadline)
                    break
                except TimeoutError:
                    raise
                except OSError:  # died while idle: replace once and retry
                    w = await asyncio.to_thread(self._replace, w)
                    if attempt == 2:
                        raise WorkerCrashed("query worker could not be started") from None
            chunks: list[bytes] = []
            while True:
                try:
                    msg = await w.channel.recv(deadline)
                except TimeoutError:  # an OSError too: the deadline, not a crash
                    raise
                except (EOFError, OSError):
                    raise self._crashed(w) from None
                result = self._take(msg, chunks)
                if result is not None:
                    healthy = True
                    return result
        except TimeoutError:
            w.kill()
            raise QueryTimeout(f"query exceeded {req.timeout:g} s") from None
        except _HEALTHY_AFTER:
            healthy = True
            raise
        finally:
            slow.cancel()
            if healthy and w.demoted and not promote(w):
                healthy = False  # cannot raise its priority back: replace it like a broken one
            if healthy or self._closed:
                self._release(w, path, healthy)
            else:  # answer now; the replacement starts in the background
                w.kill()
                loop.run_in_executor(None, self._release, w, path, False)

    def close(self) -> None:
        """Stop every worker and delete the snapshots."""
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), []
        for w in workers:
            w.kill()
        self._snaps.remove()

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
