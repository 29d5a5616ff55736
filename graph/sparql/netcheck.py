"""The one check of what a query or update would contact over the network (SERVICE, LOAD).

pyoxigraph evaluates ``SERVICE <url>`` and ``LOAD <url>`` with real HTTP requests and no option
turns them off; matching URLs in the text is not enough (prefixed names, ``BASE``-relative IRIs,
backslash-u escapes). So the text is read with rdflib's SPARQL parser, with the same predeclared
prefixes pyoxigraph gets, and every target is checked against the allow-list:

* :func:`query_route` for a query: :attr:`Route.LOCAL` (no SERVICE: run anywhere),
  :attr:`Route.ALLOWED` (every SERVICE target is an allowed host: may run with network access),
  :attr:`Route.UNKNOWN` (rdflib cannot read it, or it uses escapes: run only where no socket can
  be opened, i.e. the embedded backend's sandboxed workers); a target that is not allowed raises
  :class:`graph.errors.NetworkForbidden` before anything runs.
* :func:`check_update` for an update (pyoxigraph runs LOAD in the writer, which has no sandbox):
  anything not provably allowed raises :class:`~graph.errors.NetworkForbidden`.

>>> host_allowed("http://Example.org:8080/sparql", ("example.org",))
True
>>> host_allowed("http://example.org.evil.net/sparql", ("example.org",))
False
>>> query_route("SELECT * { ?s ?p ?o }", ())
<Route.LOCAL: 'local'>
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from graph.errors import NetworkForbidden

#: the words that can make pyoxigraph open a connection, and the escape that can hide them
_NET_WORDS = re.compile(r"\b(LOAD|SERVICE)\b|\\[uU]", re.IGNORECASE)
_ESCAPE = re.compile(r"\\[uU]")


class Route(enum.Enum):
    LOCAL = "local"
    ALLOWED = "allowed"
    UNKNOWN = "unknown"


def may_reach_network(text: str) -> bool:
    """Cheap first test: False means the text cannot name a SERVICE or LOAD target."""
    return _NET_WORDS.search(text) is not None


def host_allowed(url: str, allow: tuple[str, ...]) -> bool:
    """True when ``url`` is http(s) and its host (or ``host:port``) is in ``allow``."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    wanted = {a.lower().rstrip(".") for a in allow}
    return host.rstrip(".") in wanted or (port is not None and f"{host}:{port}" in wanted)


def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib algebra tree (``CompValue`` is a dict subclass)."""
    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)


def _targets(tree: Any) -> list[str | None]:
    """IRIs of SERVICE and LOAD nodes; None for a variable endpoint."""
    from rdflib.term import URIRef

    found: list[str | None] = []
    for node in _walk(tree):
        name = getattr(node, "name", None)
        if name in ("ServiceGraphPattern", "Load"):
            term = node.get("term" if name == "ServiceGraphPattern" else "iri")
            found.append(str(term) if isinstance(term, URIRef) else None)
    return found


def _predeclared() -> dict[str, str]:
    from ontology.namespaces import PREFIXES

    return dict(PREFIXES)


def targets(text: str, base_iri: str | None = None, *, update: bool = False) -> list[str | None] | None:
    """The SERVICE (and LOAD) targets of a query or update as absolute IRIs (None for a variable
    endpoint), or None when rdflib cannot read the text.

    >>> targets("PREFIX e: <http://h.example/> SELECT * { SERVICE e:sparql { ?s ?p ?o } }")
    ['http://h.example/sparql']
    >>> targets("BASE <http://h.example/> LOAD <x.ttl>", update=True)
    ['http://h.example/x.ttl']
    """
    from rdflib.plugins.sparql import algebra, parser

    tree: Any
    try:
        if update:
            tree = algebra.translateUpdate(parser.parseUpdate(text), base=base_iri, initNs=_predeclared())
        else:
            tree = algebra.translateQuery(parser.parseQuery(text), base=base_iri, initNs=_predeclared())
    except Exception:  # rdflib's parser raises many unrelated types; any failure means "unknown"
        return None
    return _targets(tree.algebra)


def query_route(query: str, allow: tuple[str, ...], base_iri: str | None = None) -> Route:
    """Where a query may run; :class:`NetworkForbidden` if it names a host that is not allowed."""
    if not re.search(r"\bSERVICE\b", query, re.IGNORECASE) and not _ESCAPE.search(query):
        return Route.LOCAL
    found = targets(query, base_iri)
    if found is None or _ESCAPE.search(query):
        return Route.UNKNOWN
    for iri in found:
        if iri is None or not host_allowed(iri, allow):
            raise NetworkForbidden(f"SERVICE <{iri or '?variable'}> is not an allowed host")
    return Route.ALLOWED if found else Route.LOCAL


def check_update(update: str, allow: tuple[str, ...] = (), base_iri: str | None = None) -> None:
    """Refuse an update whose ``LOAD`` or ``SERVICE`` targets are not all allowed hosts.

    >>> check_update("INSERT DATA { <http://a> <http://b> 1 }")
    >>> check_update("BASE <http://h.example/> LOAD <x.ttl>")
    Traceback (most recent call last):
      ...
    graph.errors.NetworkForbidden: update would fetch <http://h.example/x.ttl>, host not allowed
    """
    if not may_reach_network(update):
        return
    found = targets(update, base_iri, update=True)
    if found is None:  # may_reach_network held: LOAD, SERVICE or an escape is in the text
        raise NetworkForbidden("update uses LOAD or SERVICE in a form that cannot be checked")
    for iri in found:
        if iri is None:
            raise NetworkForbidden("update uses SERVICE with a variable endpoint")
        if not host_allowed(iri, allow):
            raise NetworkForbidden(f"update would fetch <{iri}>, host not allowed")


__all__ = ["Route", "check_update", "host_allowed", "may_reach_network", "query_route", "targets"]
