"""HTTP to a SPARQL 1.1 engine: one pooled ``httpx.Client``, credentials, time limits, retries.

Every failure of the transport or of the engine becomes an error of the tree here, at the
boundary, so nothing above sees ``httpx``:

- the engine is down (refused, reset, unknown host): :class:`EngineUnreachable` (502);
- it does not answer in time: :class:`EngineTimeout` (504);
- it answers 5xx: :class:`EngineError` (502) with its message;
- it answers 4xx to a query or an update: :class:`QuerySyntaxError` / :class:`UpdateSyntaxError`
  (400) with its message, line and column when it gives them (``error at L:C: ...``).

>>> c = EndpointClient(Credentials(token="t"))
>>> c.http.headers["authorization"]
'Bearer t'
>>> c.close()
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from graph.errors import (
    NewsgraphError,
    NotAcceptable,
    QuerySyntaxError,
    UpdateSyntaxError,
)
from graph.store.remote.errors import EngineError, EngineTimeout, EngineUnreachable

MESSAGE_MAX = 600  # characters of an engine's error message passed on
RETRIES = 3  # attempts for a request that may be repeated (queries, batch inserts)
BACKOFF = 0.25  # seconds before the second attempt; doubled each time
POOL = httpx.Limits(max_connections=32, max_keepalive_connections=16)
_AT = re.compile(r"error at (\d+):(\d+):\s*")
T = TypeVar("T")


@dataclass(frozen=True)
class Credentials:
    """HTTP basic (``user``/``password``) or bearer (``token``) credentials, or none."""

    user: str | None = None
    password: str | None = None
    token: str | None = None


def engine_message(resp: httpx.Response) -> str:
    """The engine's error text, trimmed (it may be an HTML page or a long parser message)."""
    text = resp.text.strip() or resp.reason_phrase
    return text if len(text) <= MESSAGE_MAX else text[:MESSAGE_MAX] + " ..."


def syntax_error(cls: type[QuerySyntaxError] | type[UpdateSyntaxError], message: str,
                 shift: int = 0) -> NewsgraphError:
    """``cls`` from an engine's message, with ``line``/``column`` if it has ``error at L:C:``.

    ``shift`` is how many characters newsgraph put before the client's text on line 1.

    >>> e = syntax_error(QuerySyntaxError, "error at 1:30: expected '}'", shift=20)
    >>> e.line, e.column, e.detail
    (1, 10, "expected '}'")
    """
    m = _AT.search(message)
    if not m:
        return cls(f"the SPARQL engine refused it: {message}")
    line, column = int(m.group(1)), int(m.group(2))
    if line == 1:
        column = max(1, column - shift)
    return cls(message[m.end():], line=line, column=column)


class EndpointClient:
    """One connection pool to the engine; ``request`` maps every failure to the error tree."""

    def __init__(self, credentials: Credentials = Credentials(), *, timeout: float = 30.0,
                 connect_timeout: float = 5.0) -> None:
        auth: httpx.Auth | None = None
        headers = {"User-Agent": "newsgraph-remote"}
        if credentials.token:
            headers["Authorization"] = f"Bearer {credentials.token}"
        elif credentials.user is not None:
            auth = httpx.BasicAuth(credentials.user, credentials.password or "")
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.http = httpx.Client(auth=auth, headers=headers, limits=POOL, follow_redirects=False,
                                 timeout=httpx.Timeout(timeout, connect=connect_timeout))

    def close(self) -> None:
        self.http.close()

    def _timeout(self, seconds: float | None) -> httpx.Timeout:
        return httpx.Timeout(seconds or self.timeout, connect=self.connect_timeout)

    @contextmanager
    def _transport(self, url: str, seconds: float | None) -> Iterator[None]:
        try:
            yield
        except httpx.TimeoutException:
            raise EngineTimeout(f"the SPARQL engine at {url} did not answer within "
                                f"{seconds or self.timeout:g} s") from None
        except httpx.TransportError as exc:
            raise EngineUnreachable(f"cannot reach the SPARQL engine at {url}: "
                                    f"{exc or type(exc).__name__} (is it running?)") from None

    def send(self, method: str, url: str, *, timeout: float | None = None, **kw: Any) -> httpx.Response:
        """One request, read whole; transport failures mapped (status codes are the caller's)."""
        with self._transport(url, timeout):
            return self.http.request(method, url, timeout=self._timeout(timeout), **kw)

    @contextmanager
    def stream(self, method: str, url: str, *, timeout: float | None = None,
               **kw: Any) -> Iterator[httpx.Response]:
        """A request whose body is read by the caller in chunks (results, dumps)."""
        with self._transport(url, timeout), \
                self.http.stream(method, url, timeout=self._timeout(timeout), **kw) as resp:
            yield resp

    def read(self, resp: httpx.Response, url: str, timeout: float | None = None) -> bytes:
        with self._transport(url, timeout):
            return resp.read()


def check(resp: httpx.Response, *, what: str, syntax: type[QuerySyntaxError] | type[UpdateSyntaxError]
          | None = None, shift: int = 0) -> None:
    """Raise the tree's error for a non-2xx answer of the engine (body must be read)."""
    if resp.is_success:
        return
    msg = engine_message(resp)
    if resp.status_code == 406:
        raise NotAcceptable(f"the SPARQL engine cannot write this result as asked: {msg}")
    if resp.status_code in (401, 403):
        raise EngineError(f"the SPARQL engine refused newsgraph's credentials for {what} "
                          f"({resp.status_code}): {msg}")
    if resp.status_code in (400, 422) and syntax is not None:
        raise syntax_error(syntax, msg, shift)
    raise EngineError(f"the SPARQL engine failed on {what} ({resp.status_code}): {msg}")


def retrying(call: Callable[[], T], *, attempts: int = RETRIES, timeouts: bool = False) -> T:
    """Run ``call``, again after a pause when the engine was unreachable or answered 5xx
    (``timeouts``: also after a timeout; right for writes of a batch, wrong for a slow query)."""
    delay = BACKOFF
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except (EngineUnreachable, EngineError, EngineTimeout) as exc:
            last = attempt == attempts
            if last or (isinstance(exc, EngineTimeout) and not timeouts) or \
                    "credentials" in exc.message:
                raise
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


__all__ = ["Credentials", "EndpointClient", "check", "engine_message", "retrying", "syntax_error"]
