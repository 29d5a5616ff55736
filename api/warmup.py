"""The projection built in the background when the server starts, and what ``/api/health`` says of it.

On a large store the first build of the projection takes seconds (12 s on 1M quads); without
this the first graph request (an explorer load, a search) would wait for it. ``serve`` seeds
the store first, then the application's startup calls :meth:`Warmup.start`, which returns at
once: a daemon thread syncs the projection and builds its name and evidence indexes. Requests
that need the projection meanwhile wait on the projection's own lock for the same build (never
a second one); ``/health`` and ``/sparql`` do not touch it.

Readiness (:meth:`Warmup.status`): ``building`` until the projection has been built once,
``ready`` after (later writes are applied by the next read, as always), ``failed`` with the
error when the build raised (the next graph request tries again).

>>> from graph.store import open_store
>>> from graph.projection import Projection
>>> w = Warmup(Projection(open_store("memory")))
>>> w.status().state
'building'
>>> w.start().wait(10), w.status().state
(True, 'ready')
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Literal

from graph.projection import Projection

log = logging.getLogger("newsgraph")

State = Literal["building", "ready", "failed"]


@dataclass(frozen=True)
class WarmupStatus:
    """Where the projection's first build stands."""

    state: State
    generation: int  # the projection's generation (-1 before the first build)
    seconds: float | None  # how long the first build took (None while it runs)
    message: str | None = None  # the error, when it failed


class Warmup:
    """The first build of one projection, on a thread of its own."""

    def __init__(self, projection: Projection) -> None:
        self.projection = projection
        self._thread: threading.Thread | None = None
        self._done = threading.Event()
        self._started = time.monotonic()
        self._seconds: float | None = None
        self._error: str | None = None
        self._stopping = False

    def start(self) -> Warmup:
        """Start the build in the background (once) and return at once."""
        if self._thread is None:
            self._started = time.monotonic()
            self._thread = threading.Thread(target=self._run, name="projection-warmup", daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        try:
            p = self.projection.sync()
            _ = p.names, p.text  # the search indexes, built on first use otherwise
            self._seconds = time.monotonic() - self._started
            log.info("projection built in %.1f s (generation %d)", self._seconds, p.generation)
        except Exception as exc:
            self._error = f"{type(exc).__name__}: {exc}"
            if not self._stopping:  # a store closed under it at shutdown is no news
                log.warning("projection build failed: %s", self._error)
        finally:
            self._done.set()

    @property
    def started(self) -> bool:
        """Whether :meth:`start` was called (an application run without its lifespan never is)."""
        return self._thread is not None

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the first build; whether it is done (ready)."""
        if self._thread is not None:
            self._done.wait(timeout)
        return self.status().state == "ready"

    def status(self) -> WarmupStatus:
        """``building`` while the background build (projection, then its search indexes) runs;
        then ``ready`` once the projection has been built (by that thread or by a request), or
        ``failed``. Without a background build, ``ready`` once a request has built it."""
        gen = self.projection.generation
        if self._thread is not None and not self._done.is_set():
            return WarmupStatus("building", gen, None)
        if gen >= 0:
            return WarmupStatus("ready", gen, self._seconds)
        if self._error is not None:
            return WarmupStatus("failed", gen, None, self._error)
        return WarmupStatus("building", gen, None)

    def stop(self, timeout: float) -> None:
        """At shutdown, before the store closes: wait up to ``timeout`` seconds for a build still
        running (it cannot be interrupted; a failure after this is not reported)."""
        self._stopping = True
        if self._thread is not None:
            self._thread.join(timeout)
