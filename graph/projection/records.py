"""Typed records the projection is made of: what one named graph says about entities and facts.

A :class:`GraphPart` is everything one named graph contributes (entities, facts, plain edges,
article metadata, vocabulary labels). The projection keeps one part per graph, so a write that
names the graphs it touched is applied by re-reading only those graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import NamedNode, Quad

from ontology.namespaces import ID, NG, SCHEMA


@dataclass(slots=True)
class EntityPart:
    """Labels, aliases, types and ``owl:sameAs`` links of one entity in one graph."""

    labels: list[tuple[str, str]] = field(default_factory=list)  # (text, language or "")
    aliases: list[tuple[str, str]] = field(default_factory=list)
    types: list[str] = field(default_factory=list)  # class IRIs
    same_as: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FactRecord:
    """One fact: a statement node (or an n-ary event) read as one edge, or a plain triple.

    ``object_iri`` is set when the object is an entity, ``value`` otherwise.
    """

    iri: str
    graph: str
    subject: str
    predicate: str
    object_iri: str | None = None
    value: Any = None
    predicate_label: str | None = None
    fact_id: str | None = None
    event_class: str | None = None
    qualifiers: dict[str, Any] = field(default_factory=dict)
    modality: str = "asserted"
    attributed_to: str | None = None  # agent IRI
    stated_in: str | None = None  # label of the post, emails, call...
    confidence: float | None = None
    method: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    article: str | None = None  # article IRI (prov:wasDerivedFrom)
    statement: bool = True  # False: a plain triple with no statement node

    @property
    def id(self) -> str:
        """Short id: the IRI's path after ``/id/`` (``fact/xai-memphis.fr/f64``)."""
        return short_id(self.iri)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled as its field values (the parallel build hands parts between processes): half
        the time of the dataclass default, which sets each frozen field by ``object.__setattr__``.

        >>> import pickle
        >>> f = FactRecord("urn:f", "urn:g", "urn:s", "urn:p", value=3, qualifiers={"unit": "MW"})
        >>> pickle.loads(pickle.dumps(f)) == f
        True
        """
        return FactRecord, tuple(getattr(self, n) for n in self.__slots__)


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article of the metadata graph."""

    iri: str
    id: str
    headline: str | None = None
    language: str | None = None
    date: str | None = None


@dataclass
class GraphPart:
    """What one named graph contributes to the projection."""

    graph: str
    entities: dict[str, EntityPart] = field(default_factory=dict)
    facts: list[FactRecord] = field(default_factory=list)
    articles: list[ArticleInfo] = field(default_factory=list)
    term_labels: dict[str, str] = field(default_factory=dict)  # vocabulary term -> label
    triples: int = 0


def short_id(iri: str) -> str:
    """The IRI's path after ``/id/`` for newsgraph IRIs, the IRI itself otherwise.

    >>> short_id("https://w3id.org/newsgraph/id/organization/tesla")
    'organization/tesla'
    >>> short_id("http://example.org/x")
    'http://example.org/x'
    """
    return iri[len(ID):] if iri.startswith(ID) else iri


def full_iri(ident: str) -> str:
    """The IRI for an id given in a URL: a path after ``/id/`` or a whole IRI.

    >>> full_iri("organization/tesla")
    'https://w3id.org/newsgraph/id/organization/tesla'
    >>> full_iri("https://w3id.org/newsgraph/id/organization/tesla")
    'https://w3id.org/newsgraph/id/organization/tesla'
    """
    ident = ident.strip()
    if ident.startswith(("http://", "https://", "urn:", "tag:")):
        # some clients collapse the double slash of a whole IRI in a URL path
        for scheme in ("http:/", "https:/"):
            if ident.startswith(scheme) and not ident.startswith(scheme + "/"):
                ident = scheme + "/" + ident[len(scheme):]
        return ident
    return ID + ident.lstrip("/")


def local_name(iri: str) -> str:
    """The last segment of an IRI (after ``#`` or ``/``).

    >>> local_name("https://w3id.org/newsgraph/ontology#Organization")
    'Organization'
    """
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def graph_name(q: Quad) -> str:
    g = q.graph_name
    return g.value if isinstance(g, NamedNode) else ""


def extend_unique(target: list[Any], items: Iterable[Any]) -> None:
    for x in items:
        if x not in target:
            target.append(x)


def pick_label(labels: list[tuple[str, str]]) -> str:
    for want in ("", "en"):
        for text, lang in labels:
            if lang == want:
                return text
    return labels[0][0] if labels else ""


def pick_type(types: list[str]) -> str:
    ours = [local_name(t) for t in types if t.startswith(NG)]
    if ours:
        return ours[0]
    theirs = [local_name(t) for t in types if t.startswith(SCHEMA)]
    return theirs[0] if theirs else (local_name(types[0]) if types else "Thing")


def spaced(name: str) -> str:
    """``transferredHardwareTo`` -> ``transferred hardware to``."""
    out = [" " + c.lower() if c.isupper() else c for c in name]
    return "".join(out).strip()


@dataclass(slots=True)
class NodeState:
    """One entity as merged from every graph that mentions it."""

    iri: str
    id: str
    label: str = ""
    type: str = "Thing"
    types: list[str] = field(default_factory=list)
    labels: list[tuple[str, str]] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    graphs: set[str] = field(default_factory=set)
    values: list[str] = field(default_factory=list)  # facts whose object is a literal

    @property
    def type_names(self) -> set[str]:
        return {local_name(t) for t in self.types} | {self.type}
