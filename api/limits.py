"""Request-body cap as a pure ASGI middleware: 413 JSON before the route reads too much.

A declared ``Content-Length`` over the cap is refused at once; a chunked body is counted as it
arrives, and once over the cap the route sees a disconnect while the client gets the 413. The
``/sparql`` front (:mod:`api.fastpath`) reads its bodies with :func:`read_capped`, same rule.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response
from graph.errors import PayloadTooLarge


async def refuse(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
    """Send the 413 (and close the connection: the rest of the body is not read)."""
    exc = PayloadTooLarge(f"request body larger than {limit} bytes (max_body)")
    await error_response(exc, {"Connection": "close"})(scope, receive, send)


def declared_too_large(scope: Scope, limit: int) -> bool:
    for name, value in scope.get("headers") or ():
        if name == b"content-length":
            return value.isdigit() and int(value) > limit
    return False


async def read_capped(limit: int, scope: Scope, receive: Receive, send: Send) -> bytes | None:
    """The whole request body, or None once it has been refused (413 sent) or the client left."""
    if declared_too_large(scope, limit):
        await refuse(limit, scope, receive, send)
        return None
    parts: list[bytes] = []
    seen = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunk = message.get("body", b"")
        seen += len(chunk)
        if seen > limit:
            await refuse(limit, scope, receive, send)
            return None
        parts.append(chunk)
        if not message.get("more_body", False):
            return b"".join(parts)


class BodyLimit:
    """Refuse request bodies larger than ``limit`` bytes with ``413``."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if declared_too_large(scope, self.limit):
            await refuse(self.limit, scope, receive, send)
            return
        state: dict[str, Any] = {"seen": 0, "refused": False}

        async def limited_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request" and not state["refused"]:
                state["seen"] += len(message.get("body", b""))
                if state["seen"] > self.limit:
                    state["refused"] = True
                    await refuse(self.limit, scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not state["refused"]:
                await send(message)

        await self.app(scope, limited_receive, guarded_send)
