"""The in-memory entity graph kept in step with writes: traversal, paths, algorithms, search.

``Projection(store)`` listens to the store's writes; every function here calls
:meth:`Projection.sync` first, so answers are never older than the store.
"""

from graph.projection.core import Projection

__all__ = ["Projection"]
