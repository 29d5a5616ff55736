"""Namespaces and IRI minting: the only place newsgraph IRIs are made.

Every IRI in the graph comes from one of the functions here, so that the same
entity named in two articles gets one IRI (same canonical name and type give
the same slug) and so that a later remote backend sees the same identifiers.

Examples
--------
>>> entity_iri("Organization", "xAI")
'https://w3id.org/newsgraph/id/organization/xai'
>>> entity_iri("Organization", "Memphis Light, Gas and Water")
'https://w3id.org/newsgraph/id/organization/memphis-light-gas-and-water'
>>> article_graph_iri("xai-memphis.fr")
'https://w3id.org/newsgraph/id/graph/article/xai-memphis.fr'
>>> expand("ng:foundedBy")
'https://w3id.org/newsgraph/ontology#foundedBy'
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Final

NG: Final = "https://w3id.org/newsgraph/ontology#"
ID: Final = "https://w3id.org/newsgraph/id/"
RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS: Final = "http://www.w3.org/2000/01/rdf-schema#"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"
OWL: Final = "http://www.w3.org/2002/07/owl#"
SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
SCHEMA: Final = "https://schema.org/"
PROV: Final = "http://www.w3.org/ns/prov#"
ORG: Final = "http://www.w3.org/ns/org#"
DCT: Final = "http://purl.org/dc/terms/"
SH: Final = "http://www.w3.org/ns/shacl#"
WD: Final = "http://www.wikidata.org/entity/"

PREFIXES: Final[dict[str, str]] = {
    "ng": NG,
    "ngid": ID,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "schema": SCHEMA,
    "prov": PROV,
    "org": ORG,
    "dct": DCT,
    "wd": WD,
}

META_GRAPH: Final = ID + "graph/meta"
#: the graph holding the vocabulary itself (``make run`` loads it beside the bundled article)
ONTOLOGY_GRAPH: Final = ID + "graph/ontology"
#: a graph no data uses: the default graph of a query given only ``named-graph-uri``
EMPTY_GRAPH: Final = ID + "graph/empty"
PROV_USED: Final = PROV + "used"
#: IRI schemes accepted for graph names coming from users (NamedNode also takes javascript:, file:)
GRAPH_SCHEMES: Final = ("http", "https", "urn", "tag")
_ARTICLE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")
ONTOLOGY_DIR: Final = Path(__file__).resolve().parent
ONTOLOGY_FILE: Final = ONTOLOGY_DIR / "newsgraph.ttl"
SHAPES_FILE: Final = ONTOLOGY_DIR / "shapes.ttl"

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_CURIE = re.compile(r"^([A-Za-z][\w-]*):([^/].*)?$")


def slug(text: str) -> str:
    """Lower-case ASCII slug of ``text`` (accents folded, runs of other characters to ``-``).

    >>> slug("Société Générale  (SG)")
    'societe-generale-sg'
    >>> slug("@xAI")
    'xai'
    """
    return _fold(text) or "x"


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", folded.lower()).strip("-")


def expand(name: str) -> str:
    """Expand a CURIE such as ``ng:foundedBy`` to a full IRI; full IRIs pass through.

    Raises
    ------
    ValueError
        If the prefix is unknown.
    """
    if name.startswith(("http://", "https://", "urn:")):
        return name
    m = _CURIE.match(name)
    if not m or m.group(1) not in PREFIXES:
        raise ValueError(f"unknown prefix in {name!r}; known: {', '.join(PREFIXES)}")
    return PREFIXES[m.group(1)] + (m.group(2) or "")


def compact(iri: str) -> str:
    """Inverse of :func:`expand` where a prefix matches, else the IRI unchanged.

    >>> compact("https://w3id.org/newsgraph/ontology#Organization")
    'ng:Organization'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def class_iri(type_name: str) -> str:
    """IRI of the ontology class for an entity type name (``"Organization"``)."""
    return NG + type_name


def entity_iri(type_name: str, canonical_name: str) -> str:
    """Stable IRI for an entity: its type and normalised canonical name."""
    return f"{ID}{slug(type_name)}/{slug(canonical_name)}"


def article_iri(article_id: str) -> str:
    """IRI of an article (a ``schema:NewsArticle``)."""
    return f"{ID}article/{article_id}"


def article_graph_iri(article_id: str) -> str:
    """IRI of the named graph holding one article's facts."""
    return f"{ID}graph/article/{article_id}"


def fact_iri(article_id: str, fact_id: str) -> str:
    """IRI of the statement (or event) node of one fact of one article."""
    return f"{ID}fact/{article_id}/{slug(fact_id)}"


def activity_iri(article_id: str, stamp: str) -> str:
    """IRI of the PROV-O activity that loaded (or extracted) an article."""
    return f"{ID}activity/{article_id}/{slug(stamp)}"


def new_graph_iri(token: str) -> str:
    """IRI for a graph created by ``POST /store`` without a name."""
    return f"{ID}graph/new/{slug(token)}"


def article_id(text: str) -> str:
    """Normalise a user-given article id: each dot-separated part slugged, as for file names.

    >>> article_id("xai-memphis.fr")
    'xai-memphis.fr'
    >>> article_id("My Article.EN")
    'my-article.en'

    Raises
    ------
    ValueError
        If nothing usable is left, or the id is longer than 128 characters.
    """
    out = ".".join(p for p in (_fold(part) for part in str(text).split(".")) if p)
    if not _ARTICLE_ID.match(out):
        raise ValueError(f"invalid article id {text!r}: use letters, digits, '-', '_' and '.'")
    return out


def article_id_for(path: str | Path) -> str:
    """Article id from a file name: the name without its final extension, slugged.

    >>> article_id_for("data/articles/xai-memphis.fr.txt")
    'xai-memphis.fr'
    """
    stem = Path(path).name.rsplit(".", 1)[0]
    return ".".join(p for p in (_fold(part) for part in stem.split(".")) if p)[:128] or "article"
