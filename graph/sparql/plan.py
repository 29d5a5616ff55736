"""The one place that decides a query's kind, dataset and result media types.

* :func:`query_kind` reads the query form (SELECT / ASK / CONSTRUCT / DESCRIBE) from the top level
  of the text, so the format can be chosen before anything runs;
* :func:`dataset_for` turns the protocol's ``default-graph-uri`` / ``named-graph-uri`` and the
  server's union-default-graph setting into a :class:`~graph.store.results.Dataset` (a protocol
  dataset replaces the union; so do the query's own ``FROM`` / ``FROM NAMED``);
* :func:`media_types` negotiates ``Accept`` for that kind (406 when nothing fits).

Backends apply the :class:`~graph.store.results.Dataset` they are given as it is.

>>> query_kind("PREFIX e: <http://e/> CONSTRUCT { ?s e:p ?o } WHERE { { SELECT * {} } }")
'graph'
>>> dataset_for("SELECT * FROM <http://g> { ?s ?p ?o }", union_default=True)
Dataset(default_graph=(), named_graphs=None, union=False)
>>> media_types("text/csv, */*;q=0.1", "solutions")
('text/csv',)
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from graph.errors import NotAcceptable
from graph.formats import negotiate
from graph.sparql.dataset import has_dataset_clause, top_level_tokens
from graph.store.common import user_iri
from graph.store.results import Dataset, ResultKind
from ontology.namespaces import EMPTY_GRAPH

_FORMS: dict[str, ResultKind] = {"SELECT": "solutions", "ASK": "boolean", "CONSTRUCT": "graph",
                                 "DESCRIBE": "graph"}


def query_kind(query: str) -> ResultKind | None:
    """The kind of result ``query`` gives, or None when its form cannot be read (a syntax error:
    the engine will say where).

    >>> query_kind("ASK {}"), query_kind("# SELECT\\nDESCRIBE <http://e/a>"), query_kind("oops")
    ('boolean', 'graph', None)
    """
    for tok in top_level_tokens(query):
        kind = _FORMS.get(tok.word)
        if kind is not None:
            return kind
    return None


def dataset_for(query: str, default_graph: Sequence[str] = (), named_graphs: Sequence[str] | None = None,
                *, union_default: bool = True) -> Dataset:
    """The dataset of ``query``: the protocol's graphs if any (IRIs checked), else the query's
    own ``FROM`` clauses, else the union of all graphs (``union_default``) or the default graph.

    ``""`` in ``default_graph`` names the store's real default graph.
    """
    for g in (*default_graph, *(named_graphs or ())):
        if g != "":
            user_iri(g, "dataset IRI")
    named = None if named_graphs is None else tuple(named_graphs)
    if default_graph:
        return Dataset(tuple(default_graph), named, False)
    if named:
        return Dataset((EMPTY_GRAPH,), named, False)
    if union_default and has_dataset_clause(query):
        return Dataset((), None, False)  # the query's FROM / FROM NAMED define its dataset
    return Dataset((), None, union_default)


@functools.lru_cache(maxsize=512)
def media_types(accept: str | None, kind: ResultKind | None) -> tuple[str, ...]:
    """The media types to answer a ``kind`` result with (both kinds' when ``kind`` is None),
    best first; :class:`NotAcceptable` when ``Accept`` allows none."""
    if accept and "text/html" in accept.lower():
        accept = "*/*"  # a browser following a link: the defaults, not XML from application/xml
    kinds: tuple[ResultKind, ...] = (kind,) if kind else ("solutions", "graph")
    found = tuple(dict.fromkeys(t for k in kinds if (t := negotiate(accept, k)) is not None))
    if not found:
        raise NotAcceptable(f"no result format matches Accept: {accept}")
    return found


__all__ = ["dataset_for", "media_types", "query_kind"]
