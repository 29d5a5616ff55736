"""Waiting for a free worker, and talking to one, from threads or from an asyncio loop.

:class:`IdleWorkers` hands a released worker straight to the oldest waiter, whether it waits in
a thread (:meth:`IdleWorkers.get`) or in an event loop (:meth:`IdleWorkers.get_async`), so a
saturated pool adds no polling delay and an async caller never occupies a thread.

:class:`AsyncChannel` speaks the framing of ``multiprocessing.connection.Connection`` (a 4-byte
big-endian length, or ``-1`` then 8 bytes, before each pickle) over a duplicate of the worker's
socket, with ``MSG_DONTWAIT`` on every call: the file stays in blocking mode, so the synchronous
``Connection`` on the same socket keeps working. Readiness comes from ``loop.add_reader`` /
``add_writer``; nothing blocks the loop.

>>> idle = IdleWorkers()
>>> idle.put("w1")
>>> idle.get(0.1)
'w1'
>>> import asyncio
>>> async def later():
...     asyncio.get_running_loop().call_later(0.01, idle.put, "w2")
...     return await idle.get_async(1.0)
>>> asyncio.run(later())
'w2'
"""

from __future__ import annotations

import asyncio
import os
import pickle
import socket
import struct
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_LEN = struct.Struct("!i")
_BIG = struct.Struct("!Q")
READ_BYTES = 1 << 20
_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


class NoneFree(Exception):
    """No worker was released before the timeout."""


class _Waiter(Generic[T]):
    __slots__ = ("item", "wake")

    def __init__(self, wake: Callable[[], None]) -> None:
        self.item: T | None = None
        self.wake = wake


class IdleWorkers(Generic[T]):
    """Free workers, and the callers waiting for one (first come, first served)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free: deque[T] = deque()
        self._waiters: deque[_Waiter[T]] = deque()

    def put(self, item: T) -> None:
        with self._lock:
            if not self._waiters:
                self._free.append(item)
                return
            waiter = self._waiters.popleft()
            waiter.item = item
        waiter.wake()

    def _take_or_wait(self, wake: Callable[[], None]) -> T | _Waiter[T]:
        with self._lock:
            if self._free:
                return self._free.popleft()
            waiter: _Waiter[T] = _Waiter(wake)
            self._waiters.append(waiter)
            return waiter

    def _settle(self, waiter: _Waiter[T]) -> T | None:
        """The item handed to ``waiter``, or None after withdrawing it from the queue."""
        with self._lock:
            if waiter.item is None:
                self._waiters.remove(waiter)
            return waiter.item

    def get(self, timeout: float) -> T:
        """Block the calling thread until a worker is free (``NoneFree`` after ``timeout``)."""
        event = threading.Event()
        got = self._take_or_wait(event.set)
        if not isinstance(got, _Waiter):
            return got
        event.wait(max(0.0, timeout))
        item = self._settle(got)
        if item is None:
            raise NoneFree
        return item

    async def get_async(self, timeout: float) -> T:
        """Await a free worker without a thread (``NoneFree`` after ``timeout``)."""
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()
        owner = threading.get_ident()

        def wake() -> None:
            if threading.get_ident() == owner:
                _resolve(fut)
            else:
                loop.call_soon_threadsafe(_resolve, fut)

        got = self._take_or_wait(wake)
        if not isinstance(got, _Waiter):
            return got
        try:
            await asyncio.wait_for(fut, max(0.0, timeout))
        except TimeoutError:
            pass
        except BaseException:  # cancelled: give back a worker handed over meanwhile
            item = self._settle(got)
            if item is not None:
                self.put(item)
            raise
        item = self._settle(got)
        if item is None:
            raise NoneFree
        return item


def _resolve(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_result(None)


def _expire(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_exception(TimeoutError())


def frame(message: Any) -> bytes:
    """``message`` as ``Connection.send`` writes it."""
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    n = len(payload)
    head = _LEN.pack(n) if n < 0x7FFFFFFF else _LEN.pack(-1) + _BIG.pack(n)
    return head + payload


class AsyncChannel:
    """Non-blocking messages over a duplicate of a worker's socket (``fd`` stays the caller's)."""

    def __init__(self, fd: int) -> None:
        self.sock = socket.socket(fileno=os.dup(fd))
        self.buf = bytearray()

    def close(self) -> None:
        self.sock.close()

    async def send(self, message: Any, deadline: float) -> None:
        """Write ``message``; ``TimeoutError`` if the socket is not drained by ``deadline``."""
        data = memoryview(frame(message))
        while data:
            try:
                data = data[self.sock.send(data, socket.MSG_DONTWAIT):]
            except BlockingIOError:
                await self._ready(True, deadline)

    async def _ready(self, writable: bool, deadline: float) -> None:
        """Wait until the socket is readable (writable), or raise ``TimeoutError`` at ``deadline``
        (``loop.time()`` clock)."""
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()
        fd = self.sock.fileno()
        (loop.add_writer if writable else loop.add_reader)(fd, _resolve, fut)
        timer = loop.call_at(deadline, _expire, fut)
        try:
            await fut
        finally:
            timer.cancel()
            (loop.remove_writer if writable else loop.remove_reader)(fd)

    def _next(self) -> Any | None:
        """One whole message from the buffer, if there is one."""
        buf = self.buf
        if len(buf) < 4:
            return None
        (n,) = _LEN.unpack_from(buf)
        start = 4
        if n == -1:
            if len(buf) < 12:
                return None
            (n,) = _BIG.unpack_from(buf, 4)
            start = 12
        if len(buf) < start + n:
            return None
        message = pickle.loads(buf[start:start + n])
        del buf[:start + n]
        return message

    async def recv(self, deadline: float) -> Any:
        """The next message; ``EOFError`` when the worker closed its end (it died), ``TimeoutError``
        at ``deadline`` (``loop.time()`` clock)."""
        while True:
            message = self._next()
            if message is not None:
                return message
            try:
                chunk = self.sock.recv(READ_BYTES, socket.MSG_DONTWAIT)
            except BlockingIOError:
                await self._ready(False, deadline)
                continue
            except ConnectionResetError:
                raise EOFError from None
            if not chunk:
                raise EOFError
            self.buf += chunk


class Worker:
    """A worker process (:mod:`graph.store.oxigraph.executor_worker`) and the parent's end of its socket pair:
    ``conn`` for threads, ``channel`` (the same socket) for an event loop."""

    def __init__(self, path: str, gen: int, sandboxed: bool, memory_limit: int | None) -> None:
        ours, theirs = socket.socketpair()
        path_var = os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")]))
        env = dict(os.environ, PYTHONPATH=path_var)
        argv = [sys.executable, "-m", "graph.store.oxigraph.executor_worker", str(theirs.fileno()),
                path, str(gen),
                "1" if sandboxed else "0", str(memory_limit or 0)]
        with theirs:
            self.proc = subprocess.Popen(argv, pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL)
        self.conn = Connection(ours.detach())
        self.channel = AsyncChannel(self.conn.fileno())
        self.sandboxed, self.opened, self.pending = sandboxed, path, ""
        self.demoted = False  # running at a lower CPU priority (a long query)

    def exitcode(self) -> int | None:
        try:
            return self.proc.wait(1)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(5)
        self.conn.close()
        self.channel.close()
        self.opened = ""


DEMOTED_NICE = 10


def demote(w: Worker) -> None:
    """Lower the CPU priority of a worker whose query runs long, so short queries keep theirs."""
    try:
        os.setpriority(os.PRIO_PROCESS, w.proc.pid, DEMOTED_NICE)
        w.demoted = True
    except OSError:
        pass


def promote(w: Worker) -> bool:
    """Restore normal priority (needs CAP_SYS_NICE, e.g. root); False if not allowed."""
    try:
        os.setpriority(os.PRIO_PROCESS, w.proc.pid, 0)
    except OSError:
        return False
    w.demoted = False
    return True
