"""Reading many graphs at once: each graph's quads in order, fetched ahead by a few threads.

A backend whose reads wait (an HTTP request to a remote engine) overlaps the reading of the next
graphs with the caller's work on the current one. (Oxigraph's ``dump`` also releases the GIL, but
decoding graphs on threads for the embedded backend was measured slower than reading them one
after another: the threads and the caller contend for the two cores and the GIL.) The window
bounds how many graphs are held in memory ahead of the caller.

>>> from pyoxigraph import NamedNode, Quad
>>> fetch = lambda g: [Quad(NamedNode("http://e/s"), NamedNode("http://e/p"), NamedNode(g))]
>>> [(g, len(qs)) for g, qs in read_ahead(["http://e/a", "http://e/b"], fetch, workers=2)]
[('http://e/a', 1), ('http://e/b', 1)]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from pyoxigraph import Quad

#: threads reading ahead
WORKERS = 2
#: graphs read ahead of the caller at most
WINDOW = 16



def read_ahead(graphs: Sequence[str], fetch: Callable[[str], list[Quad]], workers: int = WORKERS,
               window: int = WINDOW) -> Iterator[tuple[str, list[Quad]]]:
    """``(graph, fetch(graph))`` for each of ``graphs`` in order, ``fetch`` running in ``workers``
    threads at most ``window`` graphs ahead. An error is raised where its graph comes."""
    if len(graphs) <= 1 or workers <= 1:
        for g in graphs:
            yield g, fetch(g)
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="read-ahead") as pool:
        pending: deque[tuple[str, Future[list[Quad]]]] = deque()
        todo = iter(graphs)
        try:
            for g in todo:
                pending.append((g, pool.submit(fetch, g)))
                if len(pending) >= window:
                    break
            while pending:
                g, fut = pending.popleft()
                nxt = next(todo, None)
                if nxt is not None:
                    pending.append((nxt, pool.submit(fetch, nxt)))
                yield g, fut.result()
        finally:
            for _, fut in pending:
                fut.cancel()
