"""Request dependencies as ``Annotated`` aliases; state lives on ``app.state``, never in globals."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from api.config import Settings
from graph.errors import ReadOnly, Unauthorized
from graph.sparql.gsp import GraphStoreProtocol
from graph.sparql.service import SparqlService
from graph.store import GraphStore


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


def get_sparql(request: Request) -> SparqlService:
    return request.app.state.sparql


def get_gsp(request: Request) -> GraphStoreProtocol:
    return request.app.state.gsp


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
SparqlDep = Annotated[SparqlService, Depends(get_sparql)]
GspDep = Annotated[GraphStoreProtocol, Depends(get_gsp)]


def check_writer(settings: Settings, authorization: str) -> None:
    """Writes need ``Authorization: Bearer <token>``; read-only mode refuses them all."""
    if settings.read_only:
        raise ReadOnly("this server is read-only")
    if settings.token is None:
        raise Unauthorized("writes over HTTP are disabled: no token is configured (NEWSGRAPH_TOKEN)")
    scheme, _, given = authorization.partition(" ")
    expected = settings.token.get_secret_value()
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8", "replace"),
                                                           expected.encode("utf-8")):
        raise Unauthorized("a valid bearer token is required for writes")


def require_writer(request: Request) -> None:
    """:func:`check_writer` for a FastAPI request."""
    check_writer(request.app.state.settings, request.headers.get("authorization", ""))


WriterDep = Annotated[None, Depends(require_writer)]
