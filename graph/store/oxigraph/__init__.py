"""The embedded Oxigraph backend: the on-disk store, its snapshots and its killable, sandboxed workers."""
