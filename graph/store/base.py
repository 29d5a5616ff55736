"""The ``GraphStore`` interface every backend implements (embedded Oxigraph, remote SPARQL 1.1).

Callers above ``graph/store/`` see only this Protocol. pyoxigraph's terms (``NamedNode``,
``Literal``, ``Quad``) are the RDF data model on both sides of it; a backend's engine objects
(pyoxigraph's ``Store``, its query results, an HTTP session) never cross it.

Every committed write moves ``generation`` on and calls the ``on_write`` listeners with it:
that is how result caches, ETags, the projection and the full-text index stay in step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

from pyoxigraph import Quad, RdfFormat

from graph.store.common import LoadReport, ProgressFn


@runtime_checkable
class GraphStore(Protocol):
    """A quad store with atomic writes, queries and write notifications."""

    location: str
    generation: int

    @property
    def is_memory(self) -> bool: ...

    def close(self) -> None: ...

    def on_write(self, callback: Callable[[int], None]) -> None:
        """Call ``callback(generation)`` after every committed write."""

    def load_files(self, paths: Sequence[str | Path], *, graph: str | None = None,
                   progress: ProgressFn | None = None) -> LoadReport: ...

    def check_syntax(self, path: Path) -> int: ...

    def add_quads(self, quads: Iterable[Quad]) -> LoadReport: ...

    def replace_graphs(self, graph_quads: dict[str, list[Quad]],
                       drop_subjects: dict[str, list[str]] | None = None,
                       extra: Iterable[Quad] = (), drop_used_by: Sequence[tuple[str, str]] = ()
                       ) -> LoadReport: ...

    def query(self, sparql: str, *, union: bool = True, substitutions: dict[Any, Any] | None = None,
              default_graph: Sequence[str] = (), named_graphs: Sequence[str] | None = None,
              base_iri: str | None = None) -> Any: ...

    def select(self, sparql: str, **kw: Any) -> tuple[list[str], list[list[str | None]]]: ...

    def update(self, sparql: str, *, base_iri: str | None = None) -> LoadReport: ...

    def quads(self, graph: str | None = None) -> Iterator[Quad]: ...

    def has_graph(self, graph: str) -> bool: ...

    def named_graphs(self) -> list[str]: ...

    def dump(self, output: str | Path | IO[bytes], format: RdfFormat = RdfFormat.N_QUADS) -> int: ...

    def restore(self, path: str | Path) -> LoadReport: ...

    def count(self, sparql: str, **kw: Any) -> int: ...

    def __len__(self) -> int: ...
