"""``newsgraph search | entity | neighbors | path | rank``: the REST lookups on the command line.

Each command takes the options of its route and prints a readable table, or with
``--format json`` exactly the JSON the route answers (the same functions build both).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from fastapi import Response
from rich.console import Console
from rich.table import Table
from rich.text import Text

from api.config import Settings
from api.routes import algorithms as algorithms_route
from api.routes import entities as entities_route
from api.routes import paths as paths_route
from graph.errors import InvalidParameter
from graph.projection import Projection, caps
from graph.store import open_store

#: tables wrap at the terminal width; piped output gets wide rows that stay greppable
out = Console(highlight=False, width=None if sys.stdout.isatty() else 240)
StoreOpt = Annotated[str | None,
                     typer.Option("--store", help="store directory or 'memory' [NEWSGRAPH_STORE]")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json")]
ListOpt = Annotated[list[str] | None, typer.Option(help="repeat, or separate with commas")]


@contextmanager
def _projection(store: str | None, fmt: str) -> Iterator[Projection]:
    if fmt not in ("table", "json"):
        raise InvalidParameter("--format", f"must be table or json, not {fmt!r}")
    gs = open_store(store or Settings().store)
    try:
        yield Projection(gs)
    finally:
        gs.close()


def _row(table: Table, *cells: str) -> None:
    """A row of plain text (evidence may hold brackets that rich would read as markup)."""
    table.add_row(*(Text(c) for c in cells))


def _data(response: Response) -> dict[str, Any]:
    """The JSON body a route answered (the command prints exactly what HTTP clients get)."""
    data: dict[str, Any] = json.loads(bytes(response.body))
    return data


def _emit(data: dict[str, Any], fmt: str, table: Table) -> None:
    if fmt == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        out.print(table)


def search(
    q: Annotated[str, typer.Argument(help="a name, alias, prefix or typo")],
    type: ListOpt = None,
    lang: Annotated[str | None, typer.Option(help="match names in this language")] = None,
    limit: Annotated[int, typer.Option(help=f"at most {caps.MAX_TOP}")] = 10,
    offset: int = 0, store: StoreOpt = None, fmt: FormatOpt = "table",
) -> None:
    """Find entities by label or alias (exact > prefix > word > fuzzy)."""
    with _projection(store, fmt) as p:
        data = _data(entities_route.search(p, q, type, lang, limit, offset))
    t = Table("rank", "id", "label", "type", "match", "score",
              title=f"{data['total']} match(es) for {q!r}; "
                    f"showing {offset + 1}-{offset + len(data['results'])}")
    for i, h in enumerate(data["results"], offset + 1):
        _row(t, str(i), h["node"]["id"], h["node"]["label"], h["node"]["type"], h["rank"], f"{h['score']:g}")
    _emit(data, fmt, t)


def entity(
    id: Annotated[str, typer.Argument(help="organization/tesla or the whole IRI")],
    store: StoreOpt = None, fmt: FormatOpt = "table",
) -> None:
    """Everything known about an entity: names, links, every fact with its evidence."""
    with _projection(store, fmt) as p:
        data = _data(entities_route.get_entity(id, p))
    n = data["node"]
    aliases = ", ".join(a["text"] for a in data["aliases"]) or "-"
    articles = ", ".join(a["id"] for a in data["articles"])
    t = Table("direction", "predicate", "other end", "modality", "evidence",
              title=f"{n['label']} ({n['type']}, {n['id']}); also {aliases}; "
                    f"same as {', '.join(data['same_as']) or '-'}; in {articles}")
    for direction, key, end in (("out", "outgoing", "object"), ("in", "incoming", "subject")):
        for g in data[key]:
            for f in g["facts"]:
                other = (f[end] or {}).get("label") if f[end] else str(f["value"])
                ev = f["evidence"] or {}
                where = f"[{ev.get('article')}, {ev.get('start')}-{ev.get('end')}] " if ev else ""
                mod = f["modality"] + (f", per {f['attributed_to']}" if f["attributed_to"] else "")
                _row(t, direction, g["predicate"]["label"], other or "", mod, where + (ev.get("text") or ""))
    _emit(data, fmt, t)


def neighbors(
    id: Annotated[str, typer.Argument(help="organization/xai or the whole IRI")],
    depth: int = 1,
    direction: Annotated[str, typer.Option(help="out, in or both")] = "both",
    predicates: ListOpt = None, exclude_predicates: ListOpt = None,
    types: ListOpt = None, exclude_types: ListOpt = None, modality: ListOpt = None,
    limit: int = caps.DEFAULT_LIMIT,
    include: Annotated[str | None, typer.Option(help="'statements' to show statement nodes")] = None,
    max_edges: int = caps.DEFAULT_EDGES,
    store: StoreOpt = None, fmt: FormatOpt = "table",
) -> None:
    """Entities within DEPTH hops, breadth-first, nearest first."""
    if include not in (None, "statements"):
        raise InvalidParameter("--include", f"only 'statements' is known, not {include!r}")
    with _projection(store, fmt) as p:
        data = _data(entities_route.get_neighbors(id, p, depth, direction, predicates, exclude_predicates,
                                                  types, exclude_types, modality, limit, include,
                                                  max_edges))
    t = Table("depth", "id", "label", "type",
              title=f"{len(data['nodes']) - 1} neighbour(s), {len(data['edges'])} edge(s)"
                    + (" (truncated by a cap)" if data["truncated"] else ""))
    for n in data["nodes"]:
        _row(t, str(n.get("depth", "")), n["id"], n["label"], n["type"])
    _emit(data, fmt, t)


def path(
    source: Annotated[str, typer.Argument(metavar="FROM")],
    target: Annotated[str, typer.Argument(metavar="TO")],
    k: int = 3, max_length: int = 4,
    predicates: ListOpt = None,
    direction: Annotated[str, typer.Option(help="out, in or both")] = "both",
    exclude_modality: ListOpt = None,
    store: StoreOpt = None, fmt: FormatOpt = "table",
) -> None:
    """The k shortest paths, each told as a chain of cited sentences."""
    with _projection(store, fmt) as p:
        data = _data(paths_route.get_paths(p, source, target, k, max_length, predicates, direction,
                                           exclude_modality))
    t = Table("#", "hops", "path", title=data["reason"] or f"{len(data['paths'])} path(s)")
    for i, x in enumerate(data["paths"], 1):
        caveat = f"\n({x['caveat']})" if x["caveat"] else ""
        _row(t, str(i), str(x["length"]), "\n".join(x["sentences"]) + caveat)
    _emit(data, fmt, t)


def rank(
    algorithm: Annotated[str, typer.Argument(
        help="pagerank, degree, betweenness, communities, components, similar")],
    top: int = 10, damping: float = 0.85, iterations: int = 100,
    direction: Annotated[str, typer.Option(help="degree: out, in or both")] = "both",
    seed: int = 42, resolution: float = 1.0,
    node: Annotated[str | None, typer.Option(help="similar: the entity to compare with")] = None,
    seeds: ListOpt = None, depth: int = 1,
    store: StoreOpt = None, fmt: FormatOpt = "table",
) -> None:
    """Rank entities (or groups) with a graph algorithm, over the whole graph or around SEEDS."""
    with _projection(store, fmt) as p:
        data = _data(algorithms_route.get_algorithm(p, algorithm, top, damping, iterations, direction, seed,
                                                    resolution, node, seeds, depth))
    t = Table("rank", "id", "label", "type", "score", "size",
              title=f"{algorithm} over {data['nodes']} entities, {data['edges']} links")
    for r in data["results"]:
        _row(t, str(r["rank"]), r["node"]["id"], r["node"]["label"], r["node"]["type"], f"{r['score']:.6g}",
                  str(r["size"]))
    _emit(data, fmt, t)


COMMANDS: dict[str, Callable[..., None]] = {
    "search": search, "entity": entity, "neighbors": neighbors, "path": path, "rank": rank}
