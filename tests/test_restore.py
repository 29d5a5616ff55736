"""Restore with no crash window: killed (SIGKILL) at every step, the store reopens holding exactly
the old content or the new, never nothing; opening never silently makes an empty store."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import StoreUnavailable
from graph.store import open_store
from graph.store.oxigraph.layout import DIE_AT_ENV, POINTER, RESTORE_STEPS
from tests.conftest import ROOT

EX = "http://r.example/"
#: steps before the pointer moves leave the old store; from "swapped" on, the new one
NEW_FROM = RESTORE_STEPS.index("swapped")


def _quads(tag: str, n: int) -> set[ox.Quad]:
    g = ox.NamedNode(EX + tag)
    return {ox.Quad(ox.NamedNode(f"{EX}{tag}{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i)), g) for i in range(n)}


OLD, NEW = _quads("old", 300), _quads("new", 500)


def _content(path: Path) -> set[ox.Quad]:
    gs = open_store(path)
    try:
        return set(gs.quads())
    finally:
        gs.close()


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dump") / "new.nq"
    path.write_bytes(ox.serialize(sorted(NEW, key=str), format=ox.RdfFormat.N_QUADS) or b"")
    return path


def _make_store(path: Path, legacy: bool) -> None:
    if legacy:  # written before the pointer layout: RocksDB files right in the directory
        s = ox.Store(str(path))
        s.extend(OLD)
        s.flush()
        del s
        return
    gs = open_store(path)
    gs.add_quads(OLD)
    gs.close()


def _restore_killed_at(path: Path, dump: Path, step: str) -> subprocess.CompletedProcess[str]:
    code = ("import sys; from graph.store import open_store; gs = open_store(sys.argv[1]); "
            "gs.restore(sys.argv[2]); gs.close()")
    env = {**os.environ, DIE_AT_ENV: step}
    return subprocess.run([sys.executable, "-c", code, str(path), str(dump)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("legacy", [False, True], ids=["pointer-layout", "flat-layout"])
@pytest.mark.parametrize("step", RESTORE_STEPS)
def test_restore_killed_at_each_step_keeps_old_or_new(tmp_path: Path, dump: Path, step: str,
                                                      legacy: bool) -> None:
    live = tmp_path / "live"
    _make_store(live, legacy)
    proc = _restore_killed_at(live, dump, step)
    assert proc.returncode == -signal.SIGKILL, f"did not die at {step}: {proc.returncode} {proc.stderr}"
    expected = NEW if RESTORE_STEPS.index(step) >= NEW_FROM else OLD
    assert _content(live) == expected
    # what the killed restore left is gone: no staging directory, no pointer temporary
    names = sorted(p.name for p in live.iterdir())
    data = [n for n in names if n.startswith("data-")]
    if legacy and expected is OLD:  # the flat store is as it was
        assert data == [] and POINTER not in names
    else:
        assert names == sorted([POINTER, *data]) and len(data) == 1
    # and the store still restores afterwards
    gs = open_store(live)
    gs.restore(dump)
    assert set(gs.quads()) == NEW
    gs.close()


def test_restore_completes_without_a_kill(tmp_path: Path, dump: Path) -> None:
    live = tmp_path / "live"
    _make_store(live, legacy=True)
    proc = _restore_killed_at(live, dump, "never")
    assert proc.returncode == 0, proc.stderr
    assert _content(live) == NEW
    assert sorted(p.name for p in live.iterdir()) == ["data-0", POINTER]


def test_open_never_creates_an_empty_store_in_place_of_one(tmp_path: Path) -> None:
    live = tmp_path / "live"
    _make_store(live, legacy=False)
    data = next(p for p in live.iterdir() if p.name.startswith("data-"))
    shutil.rmtree(data)
    with pytest.raises(StoreUnavailable, match="missing or damaged"):
        open_store(live)
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("not a store")
    with pytest.raises(StoreUnavailable, match="not a newsgraph store"):
        open_store(other)
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]
