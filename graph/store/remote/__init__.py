"""The remote backend: :class:`RemoteStore` over a SPARQL 1.1 engine (Oxigraph, Fuseki, Virtuoso...).

Modules: :mod:`.client` (HTTP, credentials, time limits, error mapping), :mod:`.layout` (where
the engine takes queries, updates and Graph Store requests), :mod:`.text` (prefixes, ``BASE``,
bound variables), :mod:`.reading`, :mod:`.staging` and :mod:`.loading` (staged, all-or-nothing
loads), :mod:`.backend` (the store itself), :mod:`.errors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.store.remote.client import Credentials


@dataclass(frozen=True)
class RemoteOptions:
    """Settings of a remote store beyond its query URL (``None``: discovered)."""

    update_url: str | None = None
    gsp_url: str | None = None
    credentials: Credentials = field(default_factory=Credentials)
    timeout: float = 30.0


__all__ = ["Credentials", "RemoteOptions"]
