"""Printing query results on the terminal: a table, or any SPARQL/RDF serialization."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from graph.service import result_kind, serialize
from graph.store import GraphStore

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
            table.add_row(*("" if c is None else c for c in row))
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
