"""Keep SPARQL evaluation off the network.

pyoxigraph evaluates ``SERVICE <url>`` and ``LOAD <url>`` by making real HTTP requests, with no
option to turn them off. Two defences live here:

* :func:`install_network_filter` puts a seccomp-BPF filter on the calling process (a query worker,
  before it opens the store): ``socket()`` for any address family other than ``AF_UNIX`` fails with
  ``EACCES``; ``io_uring_setup`` (which could create sockets behind seccomp's back) and the x32 /
  ``socketcall`` side doors fail with ``EPERM``. Everything else is allowed. The filter is
  inherited by children and cannot be removed.
* :func:`service_targets` / :func:`check_update_network` read a query or update with rdflib's
  SPARQL parser (so prefixed names and ``BASE``-relative IRIs are resolved) and list or check the
  hosts it would contact.

Exceptions
----------
NetworkForbidden
    an update would ``LOAD`` or ``SERVICE`` a host outside the allow-list.
SandboxUnavailable
    the kernel or architecture does not support the filter.

>>> host_allowed("http://Example.org:8080/sparql", ("example.org",))
True
>>> host_allowed("http://example.org.evil.net/sparql", ("example.org",))
False
"""

from __future__ import annotations

import ctypes
import os
import platform
import re
import struct
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "NetworkForbidden",
    "SandboxUnavailable",
    "check_update_network",
    "host_allowed",
    "install_network_filter",
    "service_targets",
]


class NetworkForbidden(Exception):
    """A query or update would reach a host that is not allowed."""


class SandboxUnavailable(RuntimeError):
    """The seccomp filter could not be installed here."""


# --- seccomp-BPF ---------------------------------------------------------------------------------

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_EPERM, _EACCES = 1, 13
_AF_UNIX = 1
_X32_SYSCALL_BIT = 0x40000000
_IO_URING_SETUP = 425  # same number on every architecture since Linux 5.1

# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]
_OFF_NR, _OFF_ARCH, _OFF_ARG0_LOW = 0, 4, 16  # low half of args[0]: both ABIs are little-endian

_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06

# audit arch -> (socket syscall number, socketcall number or None)
_ARCHES: dict[str, tuple[int, int, int | None]] = {
    "x86_64": (0xC000003E, 41, None),
    "i386": (0x40000003, 359, 102),
    "aarch64": (0xC00000B7, 198, None),
    "arm": (0x40000028, 281, None),
}

Insn = tuple[int, int | str, int | str, int]  # (code, jump-if-true, jump-if-false, k)


def _program() -> list[Insn]:
    """The filter as (code, jt, jf, k) with jumps given as label names, resolved by ``_assemble``."""
    prog: list[Insn | str] = [(_LD_W_ABS, 0, 0, _OFF_ARCH)]
    for name, (audit, _, _) in _ARCHES.items():
        prog.append((_JEQ_K, name, 0, audit))
    prog.append((_RET_K, 0, 0, _RET_ERRNO | _EPERM))  # an ABI we did not plan for: refuse everything
    for name, (_, socket_nr, socketcall_nr) in _ARCHES.items():
        prog += [name, (_LD_W_ABS, 0, 0, _OFF_NR)]
        if name == "x86_64":
            prog.append((_JGE_K, "deny_eperm", 0, _X32_SYSCALL_BIT))
        if socketcall_nr is not None:
            prog.append((_JEQ_K, "deny_eacces", 0, socketcall_nr))  # multiplexed: args unreadable
        prog += [(_JEQ_K, "socket", 0, socket_nr), (_JEQ_K, "deny_eperm", 0, _IO_URING_SETUP)]
        prog.append((_RET_K, 0, 0, _RET_ALLOW))
    prog += [
        "socket", (_LD_W_ABS, 0, 0, _OFF_ARG0_LOW), (_JEQ_K, "allow", 0, _AF_UNIX),
        "deny_eacces", (_RET_K, 0, 0, _RET_ERRNO | _EACCES),
        "deny_eperm", (_RET_K, 0, 0, _RET_ERRNO | _EPERM),
        "allow", (_RET_K, 0, 0, _RET_ALLOW),
    ]
    return _assemble(prog)


def _assemble(prog: list[Insn | str]) -> list[Insn]:
    labels: dict[str, int] = {}
    out: list[Insn] = []
    for item in prog:
        if isinstance(item, str):
            labels[item] = len(out)
        else:
            out.append(item)
    resolved: list[Insn] = []
    for pc, (code, jt, jf, k) in enumerate(out):
        offsets = [labels[j] - pc - 1 if isinstance(j, str) else j for j in (jt, jf)]
        if not all(0 <= o < 256 for o in offsets):
            raise AssertionError(f"bad jump at {pc}: {offsets}")
        resolved.append((code, offsets[0], offsets[1], k))
    return resolved


def filter_bytes() -> bytes:
    """The BPF program as the kernel reads it (``struct sock_filter[]``).

    >>> len(filter_bytes()) % 8
    0
    """
    return b"".join(struct.pack("=HBBI", code, jt, jf, k) for code, jt, jf, k in _program())


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]


def install_network_filter() -> None:
    """Forbid this process (and its future children) to open non-``AF_UNIX`` sockets.

    Must be called while the process has a single thread: ``PR_SET_SECCOMP`` only filters the
    calling thread and the threads it starts afterwards.

    Raises
    ------
    SandboxUnavailable
        not Linux, an unknown machine, more than one thread, or the kernel refused the filter.
    """
    machine = platform.machine().lower()
    if os.uname().sysname != "Linux" or machine not in ("x86_64", "amd64", "aarch64", "arm64"):
        raise SandboxUnavailable(f"seccomp filter not supported on {os.uname().sysname}/{machine}")
    threads = os.listdir("/proc/self/task")
    if len(threads) != 1:
        raise SandboxUnavailable(f"process already has {len(threads)} threads; install the filter first")
    code = filter_bytes()
    buf = ctypes.create_string_buffer(code, len(code))
    prog = _SockFprog(len(code) // 8, ctypes.cast(buf, ctypes.c_char_p))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        raise SandboxUnavailable(f"PR_SET_NO_NEW_PRIVS failed: {os.strerror(ctypes.get_errno())}")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) != 0:
        raise SandboxUnavailable(f"PR_SET_SECCOMP failed: {os.strerror(ctypes.get_errno())}")


# --- what a query or update would contact -------------------------------------------------------

_NET_KEYWORD = re.compile(rb"\b(LOAD|SERVICE)\b", re.IGNORECASE)


def host_allowed(url: str, allow: tuple[str, ...]) -> bool:
    """True when ``url`` is http(s) and its host (or ``host:port``) is in ``allow``."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    wanted = {a.lower().rstrip(".") for a in allow}
    return host.rstrip(".") in wanted or (port is not None and f"{host}:{port}" in wanted)


def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib algebra tree (``CompValue`` is a dict subclass)."""
    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)


def _targets(tree: Any) -> list[str | None]:
    """IRIs of SERVICE and LOAD nodes; None for a variable endpoint."""
    from rdflib.term import URIRef

    found: list[str | None] = []
    for node in _walk(tree):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            term = node.get("term")
            found.append(str(term) if isinstance(term, URIRef) else None)
        elif name == "Load":
            iri = node.get("iri")
            found.append(str(iri) if isinstance(iri, URIRef) else None)
    return found


def _predeclared() -> dict[str, str]:
    """The prefixes pyoxigraph is given for every query and update, so rdflib reads the same text."""
    from ontology.namespaces import PREFIXES

    return dict(PREFIXES)


def service_targets(query: str, base_iri: str | None = None) -> list[str | None] | None:
    """The SERVICE endpoints of a query as absolute IRIs, or None when rdflib cannot read it.

    >>> service_targets("PREFIX e: <http://h.example/> SELECT * { SERVICE e:sparql { ?s ?p ?o } }")
    ['http://h.example/sparql']
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = translateQuery(parseQuery(query), base=base_iri, initNs=_predeclared())
    except Exception:  # rdflib's parser raises many unrelated types; any failure means "unknown"
        return None
    return _targets(tree.algebra)


def check_update_network(update_text: str, allow: tuple[str, ...] = (), base_iri: str | None = None) -> None:
    """Refuse an update whose ``LOAD`` or ``SERVICE`` targets are not all allowed hosts.

    pyoxigraph runs LOAD inside ``update()`` in the writer's process, which is not sandboxed, so the
    writer must call this before every update. If rdflib cannot parse the text but the words
    LOAD or SERVICE appear in it, it is refused too.

    Raises
    ------
    NetworkForbidden
        with the offending IRI in the message.

    >>> check_update_network("INSERT DATA { <http://a> <http://b> 1 }")
    >>> check_update_network("BASE <http://h.example/> LOAD <x.ttl>")
    Traceback (most recent call last):
      ...
    graph.store.oxigraph.sandbox.NetworkForbidden: update would fetch <http://h.example/x.ttl>, ...
    """
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        targets = _targets(translateUpdate(parseUpdate(update_text), base=base_iri,
                                           initNs=_predeclared()).algebra)
    except Exception:  # see service_targets
        if _NET_KEYWORD.search(update_text.encode("utf-8", "replace")):
            raise NetworkForbidden("update uses LOAD or SERVICE in a form that cannot be checked") from None
        return
    for iri in targets:
        if iri is None:
            raise NetworkForbidden("update uses SERVICE with a variable endpoint") from None
        if not host_allowed(iri, allow):
            raise NetworkForbidden(f"update would fetch <{iri}>, host not allowed") from None
