"""The on-disk layout of an embedded store, and how a restore replaces it with no crash window.

A store directory ``LIVE`` holds the Oxigraph (RocksDB) data in a sub-directory named by a
pointer file::

    LIVE/pointer        one line: the name of the data directory in use, e.g. "data-3"
    LIVE/data-3/        the RocksDB files

A restore stages the new content in ``LIVE/data-4``, flushes it, then replaces ``pointer`` with
``os.replace`` (atomic) and only afterwards deletes ``data-3``. Killed at any point, ``LIVE`` names
either the old or the new data directory, both complete; :func:`recover` (run by every open)
deletes whatever a half-finished restore left (a staging directory, ``pointer.tmp``, the old
data). A directory without a pointer but with RocksDB files (``CURRENT``) is a store written
before this layout: it is opened as it is, and its first restore moves it to the layout above.

Opening never silently creates an empty store where one should be: a pointer naming a missing
directory, or a non-empty directory that is not a store, is refused with
:class:`graph.errors.StoreUnavailable`.

For the crash tests, ``NEWSGRAPH_RESTORE_DIE_AT=<step>`` SIGKILLs the process at that step
(:data:`RESTORE_STEPS`).

>>> import tempfile
>>> d = Path(tempfile.mkdtemp()) / "s"
>>> data_dir(d).name
'data-0'
>>> (d / POINTER).read_text().strip()
'data-0'
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.errors import StoreUnavailable

POINTER = "pointer"
_TMP = POINTER + ".tmp"
_DATA = re.compile(r"^data-(\d+)$")
ROCKSDB_MARK = "CURRENT"  # every RocksDB directory has it
DIE_AT_ENV = "NEWSGRAPH_RESTORE_DIE_AT"
#: where a restore may be killed, in order (the tests kill it at each)
RESTORE_STEPS = ("loading", "staged", "closed", "pointer-written", "swapped", "reopened")


def step(name: str) -> None:
    """A named point of a restore; dies there when ``NEWSGRAPH_RESTORE_DIE_AT`` names it."""
    if os.environ.get(DIE_AT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _is_legacy(live: Path) -> bool:
    return (live / ROCKSDB_MARK).is_file() and not (live / POINTER).exists()


def recover(live: Path) -> None:
    """Remove what a killed restore left: data directories the pointer does not name, the
    pointer's temporary, and (once the pointer exists) RocksDB files of the old flat layout."""
    with contextlib.suppress(FileNotFoundError):
        (live / _TMP).unlink()
    current = read_pointer(live)
    for entry in live.iterdir():
        if _DATA.match(entry.name) and entry.name != current:
            shutil.rmtree(entry, ignore_errors=True)
        elif current is not None and entry.is_file() and entry.name != POINTER:
            entry.unlink()  # a flat-layout store replaced by the pointer layout


def read_pointer(live: Path) -> str | None:
    try:
        name = (live / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not _DATA.match(name):
        raise StoreUnavailable(f"{live}: damaged store pointer {name!r}")
    return name


def data_dir(live: Path) -> Path:
    """The directory to open for the store at ``live`` (recovering, or creating a new store)."""
    live.mkdir(parents=True, exist_ok=True)
    if _is_legacy(live):
        recover(live)
        return live
    current = read_pointer(live)
    if current is None:
        if any(e.name != _TMP and not _DATA.match(e.name) for e in live.iterdir()):
            raise StoreUnavailable(f"{live}: not a newsgraph store (no '{POINTER}' file); "
                                   "give an empty or new directory")
        recover(live)
        return _point_to(live, "data-0", create=True)
    recover(live)
    target = live / current
    if not (target / ROCKSDB_MARK).is_file():
        raise StoreUnavailable(f"{live}: the store's data directory {current} is missing or damaged")
    return target


def open_data(live: Path) -> Any:
    """Open (read-write) the ``pyoxigraph.Store`` of the store at ``live``: :func:`data_dir`, a
    clear message when another process holds it, and no ``bulk-*.sst`` left by a killed load."""
    from pyoxigraph import Store

    data = data_dir(live)
    try:
        store = Store(str(data))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreUnavailable(
                f"{live}: the store is in use by another process (a running `newsgraph serve`?); "
                "stop it first, or send the query to its /sparql endpoint") from None
        raise StoreUnavailable(f"{live}: cannot open the store: {exc}") from None
    for stale in data.glob("bulk-*.sst"):  # left by a killed bulk load; nothing else removes them
        stale.unlink()
    return store


def _point_to(live: Path, name: str, *, create: bool = False) -> Path:
    if create:
        (live / name).mkdir(exist_ok=True)
    tmp = live / _TMP
    with tmp.open("w", encoding="utf-8") as f:
        f.write(name + "\n")
        f.flush()
        os.fsync(f.fileno())
    step("pointer-written")
    os.replace(tmp, live / POINTER)
    _fsync_dir(live)
    return live / name


def staging_dir(live: Path) -> Path:
    """A fresh data directory for a restore (the next number after every existing one)."""
    numbers = [int(m.group(1)) for e in live.iterdir() if (m := _DATA.match(e.name))]
    target = live / f"data-{max(numbers, default=-1) + 1}"
    shutil.rmtree(target, ignore_errors=True)
    return target


def stage(live: Path, source: Path) -> tuple[Path, int]:
    """Bulk-load ``source`` into a fresh data directory, flushed; return it and its quad count.
    A bad file leaves nothing behind."""
    import gc

    from pyoxigraph import Store

    from graph.store.oxigraph.files import bulk_load_file

    staged = staging_dir(live)
    staging = Store(str(staged))
    try:
        bulk_load_file(staging, source)
        step("loading")
        staging.flush()
        count = len(staging)
    except BaseException:
        del staging
        gc.collect()
        shutil.rmtree(staged, ignore_errors=True)
        raise
    del staging
    gc.collect()
    step("staged")
    return staged, count


def swap(live: Path, staged: Path) -> None:
    """Make ``staged`` the store's data (atomic), then delete the old data."""
    _point_to(live, staged.name)
    step("swapped")


def replace(live: Path, source: Path, close: Callable[[], None]) -> tuple[Any, int]:
    """A restore on disk: stage ``source``, ``close()`` the live store, move the pointer, open the
    new data; return the opened ``pyoxigraph.Store`` and its quad count. Failing before the
    pointer moved, the old data is opened again and the error raised."""

    staged, count = stage(live, source)
    close()
    step("closed")
    swap(live, staged)
    store = open_data(live)
    step("reopened")
    recover(live)
    return store, count


__all__ = [
    "POINTER",
    "RESTORE_STEPS",
    "data_dir",
    "recover",
    "replace",
    "stage",
    "staging_dir",
    "step",
    "swap",
]
