"""Printing query results on the terminal: a table, or any SPARQL/RDF serialization."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from graph.errors import BadRequest, NetworkForbidden
from graph.sparql.netcheck import Route, query_route
from graph.sparql.plan import dataset_for, query_kind
from graph.store import Boolean, ExecutionOptions, GraphStore, QuerySpec, Solutions
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


def print_results(gs: GraphStore, sparql: str, fmt: str, service_allow: tuple[str, ...] = ()) -> None:
    """Run ``sparql`` once (in this process) and print it as ``fmt``.

    As over HTTP, SERVICE may only reach ``service_allow`` hosts; with no sandbox here, a query
    whose SERVICE targets cannot be read is refused.

    SELECT and ASK results: ``table``, ``json``, ``xml``, ``csv``, ``tsv``. CONSTRUCT and DESCRIBE
    results: ``table`` (Turtle), ``ttl``, ``nt``, ``nq``, ``jsonld``, ``xml`` (RDF/XML). A format that
    does not fit the result is refused with a message, never silently swapped.
    """
    if fmt != "table" and fmt not in SOLUTION_FORMATS and fmt not in GRAPH_FORMATS:
        known = ", ".join(sorted({*SOLUTION_FORMATS, *GRAPH_FORMATS}))
        raise BadRequest(f"unknown format {fmt!r}; one of table, {known}")
    if query_route(sparql, service_allow) is Route.UNKNOWN:
        raise NetworkForbidden("SERVICE in a form that cannot be checked here")
    gs.configure(ExecutionOptions(workers=0, service_allow=service_allow))
    kind = query_kind(sparql)
    if fmt == "table" and kind != "graph":
        _print_table(gs.query(sparql))
        return
    if fmt == "table":
        fmt = "ttl"
    if kind == "graph" and fmt not in GRAPH_FORMATS:
        raise BadRequest(f"a CONSTRUCT/DESCRIBE result is a graph: use --format table, "
                         f"{', '.join(GRAPH_FORMATS)}, not {fmt!r}")
    if kind in ("solutions", "boolean") and fmt not in SOLUTION_FORMATS:
        raise BadRequest(f"a SELECT/ASK result is a table: use --format table, "
                         f"{', '.join(SOLUTION_FORMATS)}, not {fmt!r}")
    formats = {"graph": (GRAPH_FORMATS,), "solutions": (SOLUTION_FORMATS,), "boolean": (SOLUTION_FORMATS,)}
    types = tuple(f[fmt] for f in formats.get(kind or "", (SOLUTION_FORMATS, GRAPH_FORMATS)) if fmt in f)
    res = gs.execute(QuerySpec(sparql, types, dataset_for(sparql)))
    sys.stdout.buffer.write(res.body)
    sys.stdout.flush()


def _print_table(res: object) -> None:
    if isinstance(res, Boolean):
        print("true" if res else "false")
        return
    assert isinstance(res, Solutions)
    table = Table(*res.variables, show_lines=False)
    for row in res.rows:
        table.add_row(*(readable(None if v is None else str(v)) for v in row))
    Console(width=200).print(table)
    print(f"{len(res)} row(s)", file=sys.stderr)
