"""Reading many graphs of an on-disk store on several cores: a checkpoint, worker processes, one
function applied to each graph's quads.

Decoding quads out of RocksDB costs about 7 µs a quad in pyoxigraph and holds the GIL, so threads
do not help (measured: two threads slower than one); processes do. The caller takes a checkpoint
(``Store.backup``: hard links, a few ms) under the store's write lock, so every worker reads the
same state, the store's generation at that moment. Workers are *spawned* (never forked: the parent
holds RocksDB and server threads), each opens the checkpoint read-only once and runs
``fn(graph, quads)`` over chunks of graphs; results come back pickled, in the order of the graphs
given. The checkpoint lives in a snapshot root named after this process
(:data:`~graph.store.oxigraph.snapshots.SNAP_PREFIX`), so a crash leaves nothing the next open
does not remove.

Examples
--------
>>> worker_count(graphs=10), worker_count(graphs=10_000) >= 1
(0, True)
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Final, TypeVar

from pyoxigraph import Quad

from graph.store.oxigraph.snapshots import SNAP_PREFIX

T = TypeVar("T")

#: fewer graphs than this are read in process: spawning workers costs about half a second
MIN_GRAPHS: Final = 256
#: graphs per task: small enough to balance the workers, big enough to amortise the pickling
CHUNK: Final = 48
MAX_WORKERS: Final = 4

_reader: Any = None  # the worker's read-only store over the checkpoint


def worker_count(graphs: int, cpus: int | None = None) -> int:
    """How many worker processes to read ``graphs`` graphs with (0: read in process)."""
    cpus = cpus if cpus is not None else len(os.sched_getaffinity(0))
    if graphs < MIN_GRAPHS or cpus < 2:
        return 0
    return min(cpus, MAX_WORKERS)


def _open(path: str) -> None:
    global _reader
    from pyoxigraph import Store

    _reader = Store.read_only(path)


def _run(task: tuple[Callable[[str, Iterable[Quad]], Any], list[str]]) -> list[tuple[str, Any]]:
    from graph.store.common import graph_term

    fn, graphs = task
    return [(g, fn(g, _reader.quads_for_pattern(None, None, None, graph_term(g)))) for g in graphs]


def map_checkpoint(make_checkpoint: Callable[[str], None], parent: str, graphs: Sequence[str],
                   fn: Callable[[str, Iterable[Quad]], T], workers: int) -> Iterator[tuple[str, T]]:
    """``(graph, fn(graph, quads))`` for each of ``graphs`` in order, read by ``workers``
    processes from a checkpoint that ``make_checkpoint(target)`` writes (call it under the write
    lock: it fixes the state read). ``fn`` must be picklable (a module-level function)."""
    root = tempfile.mkdtemp(prefix=f"{SNAP_PREFIX}{os.getpid()}-read-", dir=parent)
    target = os.path.join(root, "checkpoint")
    try:
        make_checkpoint(target)
        chunks = [list(graphs[i:i + CHUNK]) for i in range(0, len(graphs), CHUNK)]
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_open, initargs=(target,)) as pool:
            for done in pool.map(_run, [(fn, c) for c in chunks]):
                yield from done
    finally:
        shutil.rmtree(root, ignore_errors=True)


__all__ = ["MIN_GRAPHS", "map_checkpoint", "worker_count"]
