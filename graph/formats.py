"""Formats and content negotiation, built on pyoxigraph's own format objects.

Examples
--------
>>> rdf_format_for_path("data.ttl").media_type
'text/turtle'
>>> negotiate("text/csv,*/*;q=0.1", "solutions")
'text/csv'
>>> negotiate("text/html", "graph") is None
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from pyoxigraph import QueryResultsFormat, RdfFormat

from graph.errors import UnsupportedSource

#: file extensions read as RDF, beyond what ``RdfFormat.from_extension`` knows
_EXTRA_EXT: Final = {"owl": RdfFormat.RDF_XML, "xml": RdfFormat.RDF_XML, "json-ld": RdfFormat.JSON_LD}
RDF_EXTENSIONS: Final = ("ttl", "nt", "nq", "trig", "jsonld", "json-ld", "rdf", "owl", "xml", "n3")
FACT_EXTENSIONS: Final = ("yaml", "yml", "jsonl")
ARTICLE_EXTENSIONS: Final = ("txt", "md", "markdown", "html", "htm")

SOLUTION_TYPES: Final = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_TYPES: Final = (
    "text/turtle",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/ld+json",
    "application/rdf+xml",
)
#: what ``*/*`` or a browser gets
DEFAULTS: Final = {
    "solutions": "application/sparql-results+json",
    "boolean": "application/sparql-results+json",
    "graph": "text/turtle",
}
_ALIASES: Final = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
}


def rdf_format_for_path(path: str | Path) -> RdfFormat:
    """The RDF format of a file from its extension; :class:`UnsupportedSource` otherwise."""
    ext = Path(path).suffix.lower().lstrip(".")
    fmt = _EXTRA_EXT.get(ext) or RdfFormat.from_extension(ext)
    if fmt is None:
        raise UnsupportedSource(f"unknown RDF extension '.{ext}'", path=str(path))
    return fmt


def rdf_format_for_media_type(media_type: str) -> RdfFormat | None:
    """The RDF format for a media type (parameters ignored), or ``None``."""
    mt = media_type.split(";")[0].strip().lower()
    return RdfFormat.from_media_type(_ALIASES.get(mt, mt) if mt == "text/plain" else mt)


def results_format_for_media_type(media_type: str) -> QueryResultsFormat | None:
    """The SPARQL results format for a media type, or ``None``."""
    mt = media_type.split(";")[0].strip().lower()
    return QueryResultsFormat.from_media_type(_ALIASES.get(mt, mt))


def _parse_accept(accept: str) -> list[tuple[str, float]]:
    items: list[tuple[str, float, int]] = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        items.append((bits[0].lower(), q, i))
    items.sort(key=lambda t: (-t[1], t[2]))
    return [(m, q) for m, q, _ in items if q > 0]


def negotiate(accept: str | None, kind: str) -> str | None:
    """Pick a media type for a result ``kind`` ("solutions", "boolean", "graph") from Accept.

    Returns ``None`` when nothing acceptable can be produced (the caller answers 406).
    ``text/html`` alone is not satisfiable here; pages handle browsers before this.
    """
    offered = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
    if not accept or not accept.strip():
        return DEFAULTS[kind]
    for mt, _q in _parse_accept(accept):
        mt = _ALIASES.get(mt, mt)
        if mt in ("*/*", "application/*", "text/*"):
            if mt == "*/*":
                return DEFAULTS[kind]
            match = [o for o in offered if o.startswith(mt[:-1])]
            if match:
                return match[0]
            continue
        if mt in offered:
            return mt
    return None


def file_kind(path: str | Path) -> str:
    """``"rdf"``, ``"facts"`` or ``"article"`` from a file's extension; raise otherwise."""
    ext = Path(path).suffix.lower().lstrip(".")
    if ext in RDF_EXTENSIONS:
        return "rdf"
    if ext in FACT_EXTENSIONS:
        return "facts"
    if ext in ARTICLE_EXTENSIONS:
        return "article"
    known = ", ".join("." + e for e in (*RDF_EXTENSIONS, *FACT_EXTENSIONS, *ARTICLE_EXTENSIONS))
    raise UnsupportedSource(f"unknown extension '.{ext}' (known: {known})", path=str(path))
