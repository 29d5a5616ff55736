"""The one place graph-layer errors become HTTP responses."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from graph.errors import NewsgraphError, QueryTimeout, Unauthorized


def error_body(exc: NewsgraphError) -> dict[str, object]:
    """``{"error": code, "message": ...}`` plus position fields where known."""
    body: dict[str, object] = {"error": exc.code, "message": exc.message}
    for attr in ("line", "column", "path"):
        value = getattr(exc, attr, None)
        if value is not None:
            body[attr] = value
    return body


async def _handle(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NewsgraphError)
    headers: dict[str, str] = {}
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = 'Bearer realm="newsgraph"'
    if isinstance(exc, QueryTimeout):
        headers["Retry-After"] = "1"
    return JSONResponse(error_body(exc), status_code=exc.status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handler for the whole error tree."""
    app.add_exception_handler(NewsgraphError, _handle)
