"""Keep SPARQL evaluation off the network.

pyoxigraph evaluates ``SERVICE <url>`` and ``LOAD <url>`` by making real HTTP requests, with no
option to turn them off. Two defences live here:

* :func:`install_network_filter` puts a seccomp-BPF filter on the calling process (a query worker,
  before it opens the store): ``socket()`` for any address family other than ``AF_UNIX`` fails with
  ``EACCES``; ``io_uring_setup`` (which could create sockets behind seccomp's back) and the x32 /
  ``socketcall`` side doors fail with ``EPERM``. Everything else is allowed. The filter is
  inherited by children and cannot be removed.
* what a query or update would contact is read by :mod:`graph.sparql.netcheck`, which routes
  queries to these sandboxed workers and refuses updates naming hosts that are not allowed.

:func:`install_network_filter` raises :class:`graph.errors.SandboxUnavailable` where the kernel or
architecture does not support the filter.
"""

from __future__ import annotations

import ctypes
import os
import platform
import struct

from graph.errors import SandboxUnavailable

__all__ = ["SandboxUnavailable", "filter_bytes", "install_network_filter"]


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
