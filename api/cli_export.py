"""``newsgraph export``: a subgraph (or the whole entity graph) to a file in an export format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from graph.export.registry import FORMATS

err = Console(stderr=True)


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"one of {', '.join(FORMATS)}")],
    output: Annotated[Path, typer.Option("--output", "-o", help="file to write ('-' for stdout)")],
    seeds: Annotated[list[str] | None, typer.Option(
        "--seeds", help="entity ids or IRIs (repeat or comma-separate); none: whole graph")] = None,
    depth: Annotated[int, typer.Option(help="hops around the seeds")] = 1,
    query: Annotated[str | None, typer.Option(
        help="a CONSTRUCT (text, @file or -): its triples between entities become the subgraph")] = None,
    modality: Annotated[list[str] | None, typer.Option(
        help="keep only facts with these modalities (repeat or comma-separate)")] = None,
    size_by: Annotated[str, typer.Option(help="node size: degree or pagerank")] = "degree",
    store: Annotated[str | None, typer.Option("--store", help="store directory [NEWSGRAPH_STORE]")] = None,
) -> None:
    """Export the graph for Gephi, yEd, Cytoscape, Graphviz, Neo4j, Mermaid or a browser."""
    from api.cli import _opened, _read_text_arg
    from graph.errors import InvalidParameter
    from graph.export.records import ExportOptions
    from graph.export.select import export_selection, selection
    from graph.projection import Projection

    if size_by not in ("degree", "pagerank"):
        raise InvalidParameter("--size-by", f"must be degree or pagerank, not {size_by!r}")
    split = [s.strip() for v in seeds or () for s in v.split(",")]
    modes = [m.strip() for v in modality or () for m in v.split(",")]
    text = _read_text_arg(query) if query else None
    sel = selection(split, depth, text, modes)
    with _opened(store) as gs:
        def run(q: str) -> Any:
            return gs.query(q)

        options = ExportOptions(size_by=size_by, title=f"newsgraph: {sel.stem()}")  # type: ignore[arg-type]
        done = export_selection(Projection(gs), sel, fmt, options, run)
    if str(output) == "-":
        typer.get_binary_stream("stdout").write(done.body)
    else:
        output.write_bytes(done.body)
        err.print(f"{output}: {done.format.name}, {done.nodes} nodes, {done.edges} edges, "
                  f"{len(done.body)} bytes")
