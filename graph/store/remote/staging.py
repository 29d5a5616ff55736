"""Staged writes on a remote engine: batches go into fresh named graphs, one update moves them
into place, and a failure drops what was staged.

A staging graph is named ``urn:newsgraph:staging:<epoch>:<host>:<pid>:<nonce>:<n>``: when it was
made, by which host and process, for which target graph (``n``). Readers that query every graph
may see it while a load runs; nothing is in the target graphs until the final update, which is
one request (one transaction on engines that run a request atomically, as Oxigraph does).
A staging graph whose process is gone (same host) or older than :data:`STALE_AFTER` is dropped
by the next staged write.

>>> st = StagingName.new(3)
>>> StagingName.parse(st.iri).n == 3 and st.iri.startswith(STAGING)
True
>>> StagingName.parse("http://e/g") is None
True
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.store.common import graph_ref

STAGING = "urn:newsgraph:staging:"
STALE_AFTER = 24 * 3600  # seconds; a staging graph this old is dropped whoever made it
HOST = hashlib.blake2b(socket.gethostname().encode(), digest_size=4).hexdigest()


@dataclass(frozen=True)
class StagingName:
    epoch: int
    host: str
    pid: int
    nonce: str
    n: int

    @classmethod
    def new(cls, n: int, nonce: str | None = None) -> StagingName:
        return cls(int(time.time()), HOST, os.getpid(), nonce or secrets.token_hex(4), n)

    @property
    def iri(self) -> str:
        return f"{STAGING}{self.epoch}:{self.host}:{self.pid}:{self.nonce}:{self.n}"

    @classmethod
    def parse(cls, iri: str) -> StagingName | None:
        if not iri.startswith(STAGING):
            return None
        parts = iri[len(STAGING):].split(":")
        if len(parts) != 5 or not (parts[0].isdigit() and parts[2].isdigit() and parts[4].isdigit()):
            return None
        return cls(int(parts[0]), parts[1], int(parts[2]), parts[3], int(parts[4]))

    def stale(self, now: float | None = None) -> bool:
        """Left by a process that is gone (on this host), or older than :data:`STALE_AFTER`."""
        if (now or time.time()) - self.epoch > STALE_AFTER:
            return True
        return self.host == HOST and self.pid != os.getpid() and not _alive(self.pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def move_into_place(targets: dict[str, str], *, replace: bool,
                    drop: Iterable[str] = (), clear_default: bool = False,
                    extra: str = "") -> str:
    """The one update request that publishes staged graphs: ``ADD`` (a load adds to the target)
    or ``MOVE`` (a restore replaces it), then drops the staging graphs; ``drop`` lists live graphs
    a restore removes, ``extra`` is update text run in the same request (e.g. ``INSERT DATA`` of
    the quads with blank nodes)."""
    ops = [f"DROP SILENT GRAPH <{g}>" for g in drop]
    if clear_default:
        ops.append("CLEAR SILENT DEFAULT")
    verb = "MOVE" if replace else "ADD"
    for target, staged in targets.items():
        ops.append(f"{verb} SILENT <{staged}> TO {graph_ref(target)}")
        if not replace:
            ops.append(f"DROP SILENT GRAPH <{staged}>")
    if extra:
        ops.append(extra)
    return " ;\n".join(ops)


def drop_text(graphs: Sequence[str]) -> str:
    return " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)


__all__ = ["STAGING", "StagingName", "drop_text", "move_into_place"]
