"""The seccomp network filter, run for real in child interpreters, (the SERVICE/LOAD text checks are in test_netcheck)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph.store.oxigraph.sandbox import filter_bytes
from tests.conftest import Recorder

ROOT = Path(__file__).resolve().parents[1]
def _child(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_filter_blocks_inet_sockets_but_not_unix() -> None:
    proc = _child("""
        import errno, multiprocessing, socket
        from graph.store.oxigraph.sandbox import install_network_filter
        install_network_filter()
        for family in (socket.AF_INET, socket.AF_INET6):
            try:
                socket.socket(family, socket.SOCK_STREAM)
            except PermissionError as e:
                print("denied", e.errno == errno.EACCES)
        a, b = socket.socketpair(socket.AF_UNIX)
        a.sendall(b"ping"); print("unix", b.recv(4).decode())
        r, w = multiprocessing.Pipe(); w.send("pipe"); print("mp", r.recv())
    """)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:4] == ["denied True", "denied True", "unix ping", "mp pipe"]


def test_filter_refuses_a_process_that_already_has_threads() -> None:
    proc = _child("""
        import threading, time
        from graph.store.oxigraph.sandbox import SandboxUnavailable, install_network_filter
        threading.Thread(target=time.sleep, args=(2,), daemon=True).start()
        try:
            install_network_filter()
        except SandboxUnavailable as e:
            print("refused:", e)
    """)
    assert proc.stdout.startswith("refused: process already has 2 threads"), proc.stderr


_SERVICE_IN_CHILD = """
    import sys, pyoxigraph as ox
    from graph.store.oxigraph.sandbox import install_network_filter
    if sys.argv[-1] == "sandbox":
        install_network_filter()
    store = ox.Store()
    try:
        print(list(store.query("SELECT * { SERVICE <http://127.0.0.1:PORT/sparql> { ?x ?p ?o } }")))
    except OSError as e:
        print("error:", e)
    store.update("INSERT DATA { <http://a> <http://b> 1 }")
    print("local", len(list(store.query("SELECT * { ?s ?p ?o }"))))
"""


@pytest.mark.parametrize("sandboxed", [True, False])
def test_pyoxigraph_service_is_cut_off_only_in_the_sandbox(loopback: Recorder, sandboxed: bool) -> None:
    code = textwrap.dedent(_SERVICE_IN_CHILD).replace("PORT", str(loopback.server_address[1]))
    proc = subprocess.run(
        [sys.executable, "-c", code, "sandbox" if sandboxed else "open"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    first, local = proc.stdout.splitlines()[:2]
    assert local == "local 1"
    if sandboxed:
        assert first.startswith("error:") and "ermission denied" in first
        assert loopback.hits == []
    else:  # the control: without the filter pyoxigraph does reach the server
        assert "remote" in first
        assert len(loopback.hits) >= 1


def test_filter_program_is_whole_instructions() -> None:
    code = filter_bytes()
    assert len(code) % 8 == 0 and 10 < len(code) // 8 < 64
