"""The in-memory entity graph kept in step with writes: traversal, paths, algorithms, search."""
