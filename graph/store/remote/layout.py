"""Where a remote engine takes queries, updates and Graph Store requests, and how it spells the
union default graph.

``discover`` takes the query endpoint URL and whatever the settings fix (``update_url``,
``gsp_url``); the rest comes, in this order, from

1. the endpoint's service description (``GET`` with ``Accept: text/turtle``): an ``sd:endpoint``
   that lists ``sd:SPARQL11Update`` is the update URL;
2. the usual layouts whose query path matches the URL, each probed without writing anything
   (``GET`` on the update URL must not be 404, ``HEAD <gsp>?default`` must succeed):

   ========  ==================  ===================  ====================
   layout    query               update               graph store
   ========  ==================  ===================  ====================
   oxigraph  ``/query``          ``/update``          ``/store``
   fuseki    ``/ds/query``       ``/ds/update``       ``/ds/data``
   virtuoso  ``/sparql``         ``/sparql``          ``/sparql-graph-crud``
   ========  ==================  ===================  ====================

>>> [c.name for c in candidates("http://h:7878/query")]
['oxigraph']
>>> [c.name for c in candidates("http://h:3030/ds/query")]
['oxigraph', 'fuseki']
>>> candidates("http://h/ds/sparql")[0].gsp_url
'http://h/ds/data'
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from urllib.parse import urljoin

import httpx
from pyoxigraph import NamedNode, RdfFormat, parse

from graph.store.remote.client import EndpointClient
from graph.store.remote.errors import EngineError

log = logging.getLogger("newsgraph.remote")
SD = "http://www.w3.org/ns/sparql-service-description#"
#: how each layout's engine is asked for the union of all graphs as the default graph
UNION = {"oxigraph": "param", "fuseki": "urn:x-arq:UnionGraph", "virtuoso": "native"}


@dataclass(frozen=True)
class Layout:
    """The engine's URLs and how they were found (shown by ``newsgraph stats`` and ``/health``)."""

    name: str
    query_url: str
    update_url: str | None
    gsp_url: str | None
    found_by: str = "layout"

    @property
    def union(self) -> str:
        """``param`` (Oxigraph's ``union-default-graph``), a graph IRI (Fuseki) or ``native``."""
        return UNION.get(self.name, "param")

    def describe(self) -> str:
        return (f"{self.name} layout ({self.found_by}): query {self.query_url}, "
                f"update {self.update_url or 'none (read-only)'}, graph store {self.gsp_url or 'none'}")


def candidates(query_url: str) -> list[Layout]:
    """The usual layouts whose query path ends the way ``query_url`` does."""
    base, _, last = query_url.rstrip("/").rpartition("/")
    out = []
    if last == "query":
        out.append(Layout("oxigraph", query_url, base + "/update", base + "/store"))
    if last in ("query", "sparql") and base.count("/") > 2:  # /<dataset>/query or /<dataset>/sparql
        out.append(Layout("fuseki", query_url, base + "/update", base + "/data"))
    if last == "sparql":
        out.append(Layout("virtuoso", query_url, query_url, base + "/sparql-graph-crud"))
    return out


def _engine_name(server: str) -> str | None:
    s = server.lower()
    return next((n for n in UNION if n in s or (n == "fuseki" and "jena" in s)), None)


def _sd_update_url(client: EndpointClient, query_url: str) -> tuple[str | None, str]:
    """The update endpoint named by the service description at ``query_url``, and the engine's
    ``Server`` header (its name picks the layout when the URLs do not)."""
    resp = client.send("GET", query_url, headers={"Accept": "text/turtle"})
    server = resp.headers.get("server", "")
    if not resp.is_success or "turtle" not in resp.headers.get("content-type", ""):
        return None, server
    try:
        quads = list(parse(resp.content, RdfFormat.TURTLE, base_iri=query_url))
    except SyntaxError:
        return None, server
    endpoints = {q.subject: q.object for q in quads if q.predicate.value == SD + "endpoint"}
    for q in quads:
        if q.predicate.value == SD + "supportedLanguage" and q.object.value == SD + "SPARQL11Update":
            ep = endpoints.get(q.subject)
            if isinstance(ep, NamedNode):
                return urljoin(query_url, ep.value), server
    return None, server


def _answers(client: EndpointClient, url: str, *, head: bool = False) -> bool:
    try:
        if head:
            return client.send("HEAD", url, params={"default": ""}).is_success
        return client.send("GET", url).status_code != 404
    except EngineError:
        return False
    except httpx.HTTPError:  # pragma: no cover - mapped by the client already
        return False


def discover(client: EndpointClient, query_url: str, *, update_url: str | None = None,
             gsp_url: str | None = None) -> Layout:
    """The layout of the engine at ``query_url``; settings win over what is found."""
    sd_update, server = _sd_update_url(client, query_url)  # raises EngineUnreachable if down
    engine = _engine_name(server)
    found: Layout | None = None
    if update_url and gsp_url:
        found = Layout(engine or "custom", query_url, update_url, gsp_url, "settings")
    else:
        options = candidates(query_url)
        options.sort(key=lambda c: c.name != engine)  # the engine that answered goes first
        for c in options:
            upd = update_url or sd_update or c.update_url
            gsp = gsp_url or c.gsp_url
            if upd and _answers(client, upd) and gsp and _answers(client, gsp, head=True):
                how = "service description and probes" if sd_update else "probed"
                found = replace(c, update_url=upd, gsp_url=gsp, found_by=how)
                break
        if found is None:  # no usual layout fits: what the settings and the description say
            found = Layout(engine or "custom", query_url, update_url or sd_update, gsp_url,
                           "settings" if update_url or gsp_url else
                           "service description" if sd_update else "query endpoint only")
    log.info("remote store: %s", found.describe())
    return found


__all__ = ["Layout", "candidates", "discover"]
