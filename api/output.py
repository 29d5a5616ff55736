"""Printing query results on the terminal: a table, or any SPARQL/RDF serialization."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from graph.service import result_kind, serialize
from graph.store import GraphStore
from ontology.namespaces import compact

FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "jsonld": "application/ld+json",
}


_PLAIN_TYPES = ("string", "integer", "decimal", "double", "boolean", "date", "gYear", "gYearMonth")


def readable(cell: str | None) -> str:
    """A cell in N-Triples syntax as a person reads it: IRIs compacted, plain values unquoted.

    >>> readable('<https://w3id.org/newsgraph/ontology#Fact>')
    'ng:Fact'
    >>> readable('"12000"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    '12000'
    >>> readable('"Mémoire"@fr')
    'Mémoire@fr'
    """
    if cell is None:
        return ""
    if cell.startswith("<") and cell.endswith(">"):
        return compact(cell[1:-1])
    if cell.startswith('"'):
        body, _, tail = cell[1:].rpartition('"')
        value = body.encode("latin-1", "backslashreplace").decode("unicode_escape") if "\\" in body else body
        if tail.startswith("^^<"):
            dtype = tail[3:-1].rsplit("#", 1)[-1]
            return value if dtype in _PLAIN_TYPES else f"{value} ({compact(tail[3:-1])})"
        return value + tail
    return cell


def print_results(gs: GraphStore, sparql: str, fmt: str) -> None:
    """Run ``sparql`` and print it as ``fmt`` ("table" or a key of :data:`FORMATS`)."""
    if fmt == "table":
        res = gs.query(sparql)
        if result_kind(res) == "graph":
            sys.stdout.write(serialize(res, FORMATS["ttl"]).decode())
            return
        names, rows = gs.select(sparql)
        table = Table(*names, show_lines=False)
        for row in rows:
            table.add_row(*(readable(c) for c in row))
        Console(width=200).print(table)
        print(f"{len(rows)} row(s)", file=sys.stderr)
        return
    if fmt not in FORMATS:
        raise SystemExit(f"unknown format {fmt!r}; one of table, {', '.join(FORMATS)}")
    res = gs.query(sparql)
    media = FORMATS[fmt]
    kind = result_kind(res)
    if kind == "graph" and fmt in ("json", "xml", "csv", "tsv"):
        media = FORMATS["ttl"]
    sys.stdout.buffer.write(serialize(res, media))
    sys.stdout.flush()
