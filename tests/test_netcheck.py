"""graph.sparql.netcheck: the one SERVICE/LOAD check, for queries (routing) and updates."""

from __future__ import annotations

import pytest

from graph.errors import NetworkForbidden
from graph.sparql.netcheck import Route, check_update, host_allowed, query_route, targets


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * { ?s ?p ?o }", []),
        ("PREFIX e: <http://h.example/> SELECT * { SERVICE e:q { ?s ?p ?o } }", ["http://h.example/q"]),
        ("BASE <http://h.example/a/> SELECT * { SERVICE <../q> { ?s ?p ?o } }", ["http://h.example/q"]),
        ("SELECT * { SERVICE SILENT ?e { ?s ?p ?o } }", [None]),
        ("SELECT * { ?s ?p ", None),
    ],
)
def test_targets(query: str, expected: list[str | None] | None) -> None:
    assert targets(query) == expected


def test_service_targets_use_the_base_argument() -> None:
    assert targets("SELECT * { SERVICE <q> { ?s ?p ?o } }", "http://b.example/") == ["http://b.example/q"]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("http://ok.example/sparql", True),
        ("https://OK.example:8443/x", True),
        ("http://ok.example@evil.example/", False),
        ("http://evil.example/?ok.example", False),
        ("ftp://ok.example/x", False),
        ("file:///etc/passwd", False),
        ("http://127.0.0.1:9/", False),
        ("http://10.0.0.1:8890/sparql", True),
    ],
)
def test_host_allowed(url: str, ok: bool) -> None:
    assert host_allowed(url, ("ok.example", "10.0.0.1:8890")) is ok


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://evil.example/x.ttl>",
        "PREFIX e: <http://evil.example/> LOAD SILENT e:x INTO GRAPH <http://g>",
        "BASE <http://evil.example/d/> LOAD <x.ttl>",
        "INSERT { ?s ?p ?o } WHERE { SERVICE <http://evil.example/q> { ?s ?p ?o } }",
        "DELETE WHERE { ?s ?p ?o } ; INSERT { ?s ?p 1 } WHERE { SERVICE ?svc { ?s ?p ?o } }",
        "load <http://ok.example/x> bogus tail {",
    ],
)
def test_check_update_network_refuses(update: str) -> None:
    with pytest.raises(NetworkForbidden):
        check_update(update, ("ok.example",))


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> 'SERVICE' }",
        "LOAD <http://ok.example/x.ttl> INTO GRAPH <http://g>",
        "INSERT { ?s ?p 2 } WHERE { SERVICE <http://ok.example/q> { ?s ?p ?o } }",
        "INSERT DATA { <http://a> <http://b> ",  # broken but harmless: the store reports it
    ],
)
def test_check_update_network_allows(update: str) -> None:
    check_update(update, ("ok.example",))


def test_query_route() -> None:
    allow = ("ok.example",)
    assert query_route("SELECT * { ?s ?p 'SERVICE' }", allow) is Route.LOCAL
    assert query_route("SELECT * { SERVICE <http://ok.example/q> { ?s ?p ?o } }", allow) is Route.ALLOWED
    assert query_route("SELECT * { SERVICE <http://ok.example/q> { ?s ?p ?o } LATERAL {} }", allow) is Route.UNKNOWN
    assert query_route("SELECT * { ?s ?p <http://e/\\u0041> }", allow) is Route.UNKNOWN
    with pytest.raises(NetworkForbidden, match=r"bad\.example"):
        query_route("SELECT * { SERVICE <http://bad.example/q> { ?s ?p ?o } }", allow)
    with pytest.raises(NetworkForbidden, match="variable"):
        query_route("SELECT * { SERVICE ?e { ?s ?p ?o } }", allow)
