"""Storage: the :class:`GraphStore` interface, its neutral records, and ``open_store``.

``open_store(location)`` picks the backend from the location: ``"memory"`` or a directory give
the embedded Oxigraph backend (:mod:`graph.store.oxigraph`).

>>> store = open_store("memory")
>>> isinstance(store, GraphStore)
True
"""

from __future__ import annotations

from pathlib import Path

from graph.store.base import ExecutionOptions, GraphStore, WriteListener
from graph.store.common import ProgressFn
from graph.store.results import (
    Boolean,
    Dataset,
    Graph,
    LoadReport,
    QueryResults,
    QuerySpec,
    SerializedResult,
    Solutions,
    WriteEvent,
)

MEMORY = "memory"


def open_store(location: str | Path = MEMORY) -> GraphStore:
    """Open the store at ``location`` with the backend it names."""
    from graph.store.oxigraph.backend import OxigraphStore

    return OxigraphStore(location)


__all__ = ["MEMORY", "Boolean", "Dataset", "ExecutionOptions", "Graph", "GraphStore", "LoadReport",
           "ProgressFn", "QueryResults", "QuerySpec", "SerializedResult", "Solutions", "WriteEvent",
           "WriteListener", "open_store"]
