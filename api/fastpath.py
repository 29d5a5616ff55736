"""The ASGI application uvicorn runs: SPARQL queries answered here, everything else by FastAPI.

Queries are the hot path (every SPARQL client sends them), so :class:`SparqlFront` sits *outside*
the FastAPI application and answers ``GET /sparql?query=``, URL-encoded ``POST`` queries and
direct ``application/sparql-query`` POSTs itself, without routing, dependency injection, the
middleware stack or a worker thread: it parses the request with the route's own functions
(:func:`api.routes.sparql.query_request`, :func:`~api.routes.sparql.parse_post`), answers with
:func:`~api.routes.sparql.answer` (304 and cache hits from the cache key alone; misses awaited on
the killable worker pool) and fails with :func:`api.errors.error_response`, like the routes.
It applies the same body cap (:func:`api.limits.read_capped`) and, when origins are configured,
the same CORS headers (the application's own ``CORSMiddleware`` settings).

Updates POSTed directly (``application/sparql-update``) or URL-encoded are answered here too: the
same token check (:func:`api.deps.check_writer`), :func:`~api.routes.sparql.update_request`, the
update run in a thread, ``204``. Writes are where the per-request cost of routing shows most
(``bench/write.py``).

Handed to FastAPI: every other path and method, and ``GET /sparql`` without a query (service
description, query page) or with ``update``.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any
from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from api.deps import check_writer
from api.errors import as_error, error_response
from api.limits import read_capped
from api.routes.sparql import (
    FORM,
    QUERY,
    UPDATE,
    Params,
    answer,
    endpoint_iri,
    header_map,
    media_type,
    parse_post,
    query_request,
    single_param,
    update_request,
)
from graph.errors import NewsgraphError
from graph.sparql.service import SparqlService

PATH = "/sparql"


class SparqlFront:
    """``app`` (the FastAPI application) behind a direct answer to SPARQL query requests.

    Parameters
    ----------
    app : the application every other request goes to.
    sparql : the service that runs queries.
    max_body : request body cap in bytes (413 past it).
    cors : keyword arguments of the application's ``CORSMiddleware``, or None for no CORS.
    """

    def __init__(self, app: ASGIApp, sparql: SparqlService, *, max_body: int,
                 cors: dict[str, Any] | None = None) -> None:
        self.app, self.sparql, self.max_body = app, sparql, max_body
        self.cors = CORSMiddleware(app, **cors) if cors else None

    @property
    def state(self) -> Any:
        """The FastAPI application's state (settings, store, services)."""
        return getattr(self.app, "state", None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == PATH:
            method = scope["method"]
            if method == "GET":
                params = parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True)
                if "query" in params and "update" not in params:
                    await self._query(scope, receive, send, params, None)
                    return
            elif method == "POST" and await self._post(scope, receive, send):
                return
        await self.app(scope, receive, send)

    async def _post(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Answer a query POST; False (nothing read) for anything FastAPI should see."""
        ctype, charset = media_type(header_map(scope).get(b"content-type", b"").decode("latin-1"))
        if ctype not in (FORM, QUERY, UPDATE):
            return False  # the route's 415
        body = await read_capped(self.max_body, scope, receive, send)
        if body is None:
            return True  # refused (413 sent) or the client left
        params = parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        try:
            kind, text, merged = parse_post(ctype, charset, params, body)
        except Exception as exc:
            await self._fail(as_error(exc), scope, receive, send)
            return True
        if kind == "update":
            await self._update(scope, receive, send, merged, text)
        else:
            await self._query(scope, receive, send, merged, text)
        return True

    async def _update(self, scope: Scope, receive: Receive, send: Send, params: Params, text: str) -> None:
        try:
            check_writer(self.state.settings, header_map(scope).get(b"authorization", b"").decode("latin-1"))
            req = update_request(params, text, endpoint_iri(scope))
            await asyncio.to_thread(self.sparql.update, req)
        except Exception as exc:
            await self._fail(as_error(exc), scope, receive, send)
            return
        send = self._cors_send(scope, send)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def _query(self, scope: Scope, receive: Receive, send: Send, params: Params,
                     text: str | None) -> None:
        headers = header_map(scope)
        try:
            query = text if text is not None else single_param(params, "query")
            assert query is not None
            req = query_request(headers, query, params, endpoint_iri(scope))
            status, head, body = await answer(self.sparql, req, headers.get(b"if-none-match"))
        except Exception as exc:
            await self._fail(as_error(exc), scope, receive, send)
            return
        if status != 304:
            head.append((b"content-length", str(len(body)).encode()))
        send = self._cors_send(scope, send)
        await send({"type": "http.response.start", "status": status, "headers": head})
        await send({"type": "http.response.body", "body": body})

    def _cors_send(self, scope: Scope, send: Send) -> Send:
        if self.cors is None:
            return send
        return functools.partial(self.cors.send, send=send, request_headers=Headers(scope=scope))

    async def _fail(self, exc: NewsgraphError, scope: Scope, receive: Receive, send: Send) -> None:
        await error_response(exc)(scope, receive, self._cors_send(scope, send))
