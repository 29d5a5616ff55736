"""Consistent snapshots of the store for the query workers, and clean-up of stale ones.

Only one process may open a store directory read-write, so the workers read copies: a RocksDB
checkpoint (``Store.backup``, hard links, ~6 ms for 1M quads) for on-disk stores, an N-Quads dump
for in-memory ones. Snapshot roots are named after the pool's process id, so roots left by a dead
process can be found and removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from typing import Any

from graph.store.oxigraph.executor_worker import DUMP_FILE

SnapshotMaker = Callable[[str], None]
SNAP_PREFIX = ".newsgraph-snapshots-"


def backup_snapshot(store: Any) -> SnapshotMaker:
    """Snapshot maker for an on-disk ``pyoxigraph.Store`` (``Store.backup``, hard links)."""
    return lambda target: store.backup(target)


def dump_snapshot(store: Any) -> SnapshotMaker:
    """Snapshot maker for an in-memory ``pyoxigraph.Store``: an N-Quads dump of every graph."""
    import pyoxigraph as ox

    def make(target: str) -> None:
        os.mkdir(target)
        store.dump(os.path.join(target, DUMP_FILE), ox.RdfFormat.N_QUADS)

    return make


class Snapshots:
    """The snapshot directories of one pool: which is current (and its generation), making the
    next one, and deleting those nobody holds. Without a ``maker`` the "snapshot" is ``location``
    itself (a directory nobody writes) and only the generation moves on."""

    def __init__(self, location: str, maker: SnapshotMaker | None) -> None:
        self.maker, self.root = maker, None
        self.current, self.generation = location, 0
        if maker is not None:
            parent = None if location == "memory" else os.path.dirname(os.path.abspath(location))
            remove_stale_snapshots(parent)
            self.root = tempfile.mkdtemp(prefix=f"{SNAP_PREFIX}{os.getpid()}-", dir=parent)
            self.current, self.generation = self.make()

    def make(self) -> tuple[str, int]:
        """Write the next snapshot (slow: call without the pool's lock); return path and generation.
        The caller makes it current."""
        gen = self.generation + 1
        if self.maker is None or self.root is None:
            return self.current, gen
        target = os.path.join(self.root, f"snap-{gen:08d}")
        try:
            self.maker(target)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        return target, gen

    def collect(self, keep: set[str]) -> None:
        """Delete snapshot directories other than the current one and ``keep``."""
        if self.root is None:
            return
        for name in os.listdir(self.root):
            path = os.path.join(self.root, name)
            if path != self.current and path not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def remove(self) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)


def remove_stale_snapshots(parent: str | None) -> None:
    """Delete snapshot roots left by pools whose process is gone (hard links pin old SST files)."""
    parent = parent or tempfile.gettempdir()
    for name in os.listdir(parent):
        pid = name[len(SNAP_PREFIX):].split("-")[0]
        if not (name.startswith(SNAP_PREFIX) and pid.isdigit()):
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(os.path.join(parent, name), ignore_errors=True)
        except PermissionError:  # alive, another user's
            pass
