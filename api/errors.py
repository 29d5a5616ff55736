"""The one place errors become HTTP responses: ``{"error": code, "message": ...}``.

SPARQL-protocol errors use the same JSON body (the protocol leaves the body's form open); the
status comes from the error class (``graph.errors``), e.g. 400 with ``line``/``column`` for a
syntax error, 406, 413, 415, 503 for a query stopped at its deadline. :func:`error_response`
builds the response for FastAPI's handler, for the ``/sparql`` front (:mod:`api.fastpath`) and
for the body cap (:mod:`api.limits`) alike.

>>> from graph.errors import QueryTimeout
>>> r = error_response(QueryTimeout("query stopped"))
>>> r.status_code, r.headers["retry-after"], r.body
(503, '1', b'{"error":"query_timeout","message":"query stopped"}')
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import NewsgraphError, QueryTimeout, Unauthorized

_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 406: "not_acceptable",
          413: "payload_too_large", 415: "unsupported_media_type"}


def error_body(exc: NewsgraphError) -> dict[str, object]:
    """``{"error": code, "message": ...}`` plus the fields where known: ``field`` for a bad
    parameter (every :class:`~graph.errors.InvalidParameter`, so every 422), ``line``,
    ``column`` and ``path`` for a position.

    >>> from graph.errors import InvalidParameter
    >>> error_body(InvalidParameter("depth", "must be between 1 and 6, not 9"))["field"]
    'depth'
    """
    body: dict[str, object] = {"error": exc.code, "message": exc.message}
    for attr in ("field", "line", "column", "path"):
        value = getattr(exc, attr, None)
        if value is not None:
            body[attr] = value
    return body


def error_response(exc: NewsgraphError, headers: dict[str, str] | None = None) -> JSONResponse:
    """The HTTP response for ``exc``: its status, JSON body and the headers its class calls for
    (``WWW-Authenticate`` for 401, ``Retry-After`` for a stopped query), plus ``headers``."""
    extra = dict(headers or {})
    if isinstance(exc, Unauthorized):
        extra["WWW-Authenticate"] = 'Bearer realm="newsgraph"'
    if isinstance(exc, QueryTimeout):
        extra["Retry-After"] = "1"
    return JSONResponse(error_body(exc), status_code=exc.status, headers=extra)


log = logging.getLogger("newsgraph")


def as_error(exc: BaseException) -> NewsgraphError:
    """``exc`` itself if it is one of ours; otherwise logged with its traceback and answered as a
    plain 500 that reveals nothing of the server's internals."""
    if isinstance(exc, NewsgraphError):
        return exc
    log.error("unexpected error", exc_info=exc)
    return NewsgraphError("internal error; the server log has the details")


async def _internal(request: Request, exc: Exception) -> JSONResponse:
    return error_response(as_error(exc))


async def _handle(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NewsgraphError)
    return error_response(exc)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _CODES.get(exc.status_code, "http_error")
    return JSONResponse({"error": code, "message": str(exc.detail)}, status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    msg = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
    return JSONResponse({"error": "bad_request", "message": msg}, status_code=400)


def install(app: FastAPI) -> None:
    """Register the handlers for the whole error tree and for framework errors."""
    app.add_exception_handler(NewsgraphError, _handle)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _internal)
