"""Request-body cap as a pure ASGI middleware: 413 JSON before the route reads too much.

A declared ``Content-Length`` over the cap is refused at once; a chunked body is counted as it
arrives, and once over the cap the route sees a disconnect while the client gets the 413.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def _body(limit: int) -> bytes:
    return json.dumps({"error": "payload_too_large",
                       "message": f"request body larger than {limit} bytes (max_body)"}).encode()


class BodyLimit:
    """Refuse request bodies larger than ``limit`` bytes with ``413``."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def _refuse(self, send: Send) -> None:
        body = _body(self.limit)
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        state: dict[str, Any] = {"seen": 0, "refused": False}

        async def limited_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request" and not state["refused"]:
                state["seen"] += len(message.get("body", b""))
                if state["seen"] > self.limit:
                    state["refused"] = True
                    await self._refuse(send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not state["refused"]:
                await send(message)

        await self.app(scope, limited_receive, guarded_send)
