"""Printing query results on the terminal: a table, or any SPARQL/RDF serialization."""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from graph.errors import BadRequest
from graph.sparql.service import result_kind, serialize
from graph.store import GraphStore
from ontology.namespaces import compact

SOLUTION_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
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
    """Run ``sparql`` once and print it as ``fmt``.

    SELECT and ASK results: ``table``, ``json``, ``xml``, ``csv``, ``tsv``. CONSTRUCT and DESCRIBE
    results: ``table`` (Turtle), ``ttl``, ``nt``, ``nq``, ``jsonld``, ``xml`` (RDF/XML). A format that
    does not fit the result is refused with a message, never silently swapped.
    """
    if fmt != "table" and fmt not in SOLUTION_FORMATS and fmt not in GRAPH_FORMATS:
        known = ", ".join(sorted({*SOLUTION_FORMATS, *GRAPH_FORMATS}))
        raise BadRequest(f"unknown format {fmt!r}; one of table, {known}")
    res = gs.query(sparql)
    kind = result_kind(res)
    if kind == "graph":
        media = GRAPH_FORMATS.get("ttl" if fmt == "table" else fmt)
        if media is None:
            raise BadRequest(f"a CONSTRUCT/DESCRIBE result is a graph: use --format table, "
                             f"{', '.join(GRAPH_FORMATS)}, not {fmt!r}")
    elif fmt == "table":
        _print_table(res)
        return
    else:
        media = SOLUTION_FORMATS.get(fmt)
        if media is None:
            raise BadRequest(f"a SELECT/ASK result is a table: use --format table, "
                             f"{', '.join(SOLUTION_FORMATS)}, not {fmt!r}")
    sys.stdout.buffer.write(serialize(res, media))
    sys.stdout.flush()


def _print_table(res: Any) -> None:
    if result_kind(res) == "boolean":
        print("true" if bool(res) else "false")
        return
    names = [v.value for v in res.variables]
    table = Table(*names, show_lines=False)
    count = 0
    for sol in res:
        table.add_row(*(readable(None if sol[n] is None else str(sol[n])) for n in names))
        count += 1
    Console(width=200).print(table)
    print(f"{count} row(s)", file=sys.stderr)
