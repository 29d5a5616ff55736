"""The ``newsgraph`` command line (Typer). Errors print ``file:line:column: message`` and exit 1."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from api import cli_export, cli_extract, cli_graph
from api.bundled import backend_line, seed_if_empty
from api.config import Settings
from api.output import print_results
from graph.errors import NewsgraphError
from graph.store import GraphStore, open_store

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="newsgraph: news facts with evidence, as an RDF knowledge graph.")
err = Console(stderr=True)

StoreOpt = Annotated[
    str | None, typer.Option("--store", help="store directory, 'memory', or a SPARQL endpoint URL "
                             "[NEWSGRAPH_STORE]")
]
UpdateUrlOpt = Annotated[str | None, typer.Option(
    "--update-url", help="remote store: update endpoint [NEWSGRAPH_UPDATE_URL; default: discovered]")]
GspUrlOpt = Annotated[str | None, typer.Option(
    "--gsp-url", help="remote store: Graph Store endpoint [NEWSGRAPH_GSP_URL; default: discovered]")]
StoreUserOpt = Annotated[str | None, typer.Option(
    "--store-user", help="remote store: HTTP basic user [NEWSGRAPH_STORE_USER]; the password "
    "(NEWSGRAPH_STORE_PASSWORD) or a bearer token (NEWSGRAPH_STORE_TOKEN) from the environment only")]
FORMAT_HELP = "SELECT/ASK: table, json, xml, csv, tsv; CONSTRUCT/DESCRIBE: table, ttl, nt, nq, jsonld, xml"


def _settings(store: str | None, **remote: str | None) -> Settings:
    given: dict[str, Any] = {k: v for k, v in {"store": store, **remote}.items() if v is not None}
    return Settings(**given)


def _report(exc: Exception) -> None:
    err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)


def _fail(exc: Exception) -> None:
    _report(exc)
    raise typer.Exit(1)


@contextmanager
def _opened(store: str | None, update_url: str | None = None, gsp_url: str | None = None,
            store_user: str | None = None) -> Iterator[GraphStore]:
    """The store, closed on the way out; its errors reach :func:`main`, which reports them."""
    with _opened_with(_settings(store, update_url=update_url, gsp_url=gsp_url,
                                store_user=store_user)) as gs:
        yield gs


@contextmanager
def _opened_with(settings: Settings) -> Iterator[GraphStore]:
    gs = open_store(settings.store, remote=settings.remote_options())
    try:
        yield gs
    finally:
        gs.close()


@contextmanager
def _byte_progress(paths: list[Path]) -> Iterator[Callable[[int], None] | None]:
    """A bar over the bytes of large RDF files, on a terminal only (elsewhere it costs time)."""
    total = sum(p.stat().st_size for p in paths if p.is_file())
    if total < 1_000_000 or not err.is_terminal:
        yield None
        return
    columns = (TextColumn("loading"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("load", total=total)
        yield lambda n: bar.advance(task, n)


@contextmanager
def _file_progress(paths: list[Path]) -> Iterator[Callable[[str], None] | None]:
    """A bar over files being prepared (extraction, validation) when there are several."""
    if len(paths) < 2:
        yield None
        return
    with Progress(TextColumn("preparing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("prepare", total=len(paths))
        yield lambda _name: bar.advance(task)


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="RDF, fact (.yaml/.jsonl) or article files")],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None, gsp_url: GspUrlOpt = None,
    store_user: StoreUserOpt = None,
    graph: Annotated[str | None, typer.Option(help="named graph for triples of RDF files")] = None,
    lang: Annotated[str | None, typer.Option(help="article language: fr, en or auto")] = None,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="skip SHACL checks")] = False,
    min_confidence: Annotated[float | None, typer.Option(
        "--min-confidence", min=0.0, max=1.0,
        help="keep article facts at least this confident (default 0.5)")] = None,
) -> None:
    """Load files into the store, all or nothing; the kind comes from each file's extension."""
    from graph.ingest.load import load_paths
    from loaders.extract.confidence import threshold

    with threshold(min_confidence), _opened(store, update_url, gsp_url, store_user) as gs, \
            _byte_progress(paths) as progress, \
            _file_progress(paths) as prepared:
        report = load_paths(gs, paths, lang=None if lang == "auto" else lang, graph=graph,
                            validate=not no_validate, progress=progress, on_prepared=prepared)
        for art in report.articles:
            typer.echo(f"{art.source}: {len(art.facts)} facts ({art.method}) -> graph "
                       f"<{art.quads[0].graph_name.value}>")  # type: ignore[union-attr]
        for f in report.rdf_files:
            typer.echo(f"{f}: RDF")
        written = "" if report.written is None else f"wrote {report.written} quads; "
        typer.echo(f"{written}the store now holds {len(gs)}")  # one scan per command, not per write


def _read_text_arg(text: str) -> str:
    if text == "-":
        return sys.stdin.read()
    if text.startswith("@"):
        p = Path(text[1:])
        if not p.is_file():
            _fail(FileNotFoundError(f"{p}: no such file"))
        return p.read_text(encoding="utf-8")
    return text


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="query text, @file, or - for stdin")] = "-",
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None, gsp_url: GspUrlOpt = None,
    store_user: StoreUserOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)] = "table",
) -> None:
    """Run a SPARQL query and print its results."""
    text = _read_text_arg(sparql)
    with _opened(store, update_url, gsp_url, store_user) as gs:
        print_results(gs, text, fmt, tuple(_settings(store).service_allow))


@app.command()
def update(
    sparql: Annotated[str, typer.Argument(help="update text, @file, or - for stdin")] = "-",
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None, gsp_url: GspUrlOpt = None,
    store_user: StoreUserOpt = None,
) -> None:
    """Run a SPARQL update on the local store (one transaction)."""
    text = _read_text_arg(sparql)
    with _opened(store, update_url, gsp_url, store_user) as gs:
        gs.update(text)
        typer.echo(f"update applied; the store now holds {len(gs)} quads")


@app.command()
def stats(store: StoreOpt = None, update_url: UpdateUrlOpt = None, gsp_url: GspUrlOpt = None,
          store_user: StoreUserOpt = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts: quads, graphs, articles, facts, entities."""
    from graph.views.stats import store_stats

    with _opened(store, update_url, gsp_url, store_user) as gs:
        s = store_stats(gs)
        described = getattr(gs, "describe", None)  # a remote store says where it sends what
        if callable(described):
            s["store"] = described()
        if as_json:
            typer.echo(json.dumps(s, indent=2))
            return
        for key in ("quads", "default_graph_triples", "named_graphs", "articles", "facts", "entities"):
            typer.echo(f"{key:22} {s[key]}")
        for g, n in s["graphs"].items():
            typer.echo(f"  {n:>10}  <{g}>")
        if backend_line(gs):
            typer.echo(backend_line(gs))


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="fact files; none = the whole store")] = None,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None, gsp_url: GspUrlOpt = None,
    store_user: StoreUserOpt = None,
) -> None:
    """SHACL-validate fact files, or the store's content; exit 1 on any violation."""
    from graph.ingest.load import prepare_fact_file
    from graph.ingest.shacl import validate_quads

    if paths:
        for p in paths:
            art = prepare_fact_file(p, validate=True)
            typer.echo(f"{p}: {len(art.facts)} facts conform")
        return
    with _opened(store, update_url, gsp_url, store_user) as gs:
        violations = validate_quads(list(gs.quads()))
        for v in violations:
            typer.echo(str(v))
        if violations:
            _fail(ValueError(f"{len(violations)} SHACL violation(s)"))
        typer.echo(f"{len(gs)} quads conform")


@app.command()
def dump(output: Annotated[Path, typer.Argument(help="N-Quads file to write")],
         store: StoreOpt = None, update_url: UpdateUrlOpt = None, gsp_url: GspUrlOpt = None,
         store_user: StoreUserOpt = None) -> None:
    """Write the whole store as N-Quads."""
    with _opened(store, update_url, gsp_url, store_user) as gs:
        n = gs.dump(output)
        typer.echo(f"wrote {n} quads to {output}")


@app.command()
def restore(source: Annotated[Path, typer.Argument(help="N-Quads (or other RDF) dump")],
            store: StoreOpt = None, update_url: UpdateUrlOpt = None, gsp_url: GspUrlOpt = None,
            store_user: StoreUserOpt = None) -> None:
    """Replace the store's whole content with a dump, all or nothing."""
    with _opened(store, update_url, gsp_url, store_user) as gs:
        report = gs.restore(source)
        typer.echo(f"restored {report.written} quads from {source}")


@app.command()
def serve(
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None, gsp_url: GspUrlOpt = None, store_user: StoreUserOpt = None,
    host: Annotated[str | None, typer.Option(help="bind address [127.0.0.1]")] = None,
    port: Annotated[int | None, typer.Option(help="port [8000]")] = None,
    seed: Annotated[bool, typer.Option(help="load the bundled article if the store is empty")] = False,
    read_only: Annotated[bool | None, typer.Option("--read-only", help="refuse every write")] = None,
    query_timeout: Annotated[float | None, typer.Option(help="seconds per query [30]")] = None,
    max_rows: Annotated[int | None, typer.Option(help="result row cap [1000000]")] = None,
    max_body: Annotated[int | None, typer.Option(help="request body cap in bytes [64 MiB]")] = None,
    cors_origins: Annotated[str | None, typer.Option(help="comma-separated allowed origins")] = None,
    service_allow: Annotated[str | None, typer.Option(help="hosts SERVICE/LOAD may reach")] = None,
    query_workers: Annotated[int | None, typer.Option(help="query worker processes [2]")] = None,
    cache_entries: Annotated[int | None, typer.Option(help="result cache size, 0 = off [256]")] = None,
    union_default_graph: Annotated[bool | None, typer.Option(
        "--union-default-graph/--no-union-default-graph",
        help="default graph = union of all graphs [on]")] = None,
) -> None:
    """Serve SPARQL, the Graph Store Protocol, the REST API and the pages.

    Every option falls back to its ``NEWSGRAPH_*`` environment variable, then to its default.
    The write token is taken from ``NEWSGRAPH_TOKEN`` only, so it never shows in a process list.
    """
    import uvicorn

    from api.app import create_app

    given = {"store": store, "update_url": update_url, "gsp_url": gsp_url, "store_user": store_user,
             "host": host, "port": port, "read_only": read_only,
             "query_timeout": query_timeout, "max_rows": max_rows, "max_body": max_body,
             "cors_origins": cors_origins, "service_allow": service_allow,
             "query_workers": query_workers, "cache_entries": cache_entries,
             "union_default_graph": union_default_graph}
    overrides: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    try:
        settings = Settings(**overrides)
    except ValueError as exc:
        _fail(exc)
    with _opened_with(settings) as gs:
        if seed or settings.seed:
            added = seed_if_empty(gs)
            if added:
                err.print(f"seeded the empty store with the bundled article ({added} quads)")
        if backend_line(gs):
            err.print(backend_line(gs), highlight=False, soft_wrap=True)
        application = create_app(settings, store=gs)
        err.print(f"newsgraph on http://{settings.host}:{settings.port}/sparql (store: {settings.store})")
        uvicorn.run(application, host=settings.host, port=settings.port, log_level="warning")


app.command("extract")(cli_extract.extract)
app.command("eval")(cli_extract.evaluate)
for _name, _command in cli_graph.COMMANDS.items():
    app.command(_name)(_command)
app.command("export")(cli_export.export)


def main() -> None:
    """Console-script entry point: any newsgraph error still ends as one line and exit status 1."""
    try:
        app()
    except NewsgraphError as exc:
        _report(exc)
        raise SystemExit(1) from None
