"""``newsgraph extract`` and ``newsgraph eval``: the extraction pipeline on the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import track
from rich.table import Table

from loaders.model import Fact
from loaders.to_rdf import ArticleMeta

err = Console(stderr=True)
LangOpt = Annotated[str, typer.Option("--lang", help="fr, en or auto (detected)")]
MinConfOpt = Annotated[float | None, typer.Option(
    "--min-confidence", min=0.0, max=1.0,
    help="keep facts whose calibrated confidence is at least this (default 0.5; see the README)")]


def _lang(lang: str) -> str | None:
    if lang not in ("fr", "en", "auto"):
        err.print(f"[red]error:[/red] --lang must be fr, en or auto, not {lang!r}")
        raise typer.Exit(2)
    return None if lang == "auto" else lang


def extract(
    files: Annotated[list[Path], typer.Argument(help=".txt, .md or .html articles")],
    lang: LangOpt = "auto",
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, table or ttl (TriG)")] = "jsonl",
    min_confidence: MinConfOpt = None,
) -> None:
    """Extract fact records with evidence from articles (progress bar over many files)."""
    from loaders.extract.article import extract_file, model_version
    from loaders.sources.text import TextInputError

    if fmt not in ("jsonl", "table", "ttl"):
        err.print(f"[red]error:[/red] --format must be jsonl, table or ttl, not {fmt!r}")
        raise typer.Exit(2)
    language = _lang(lang)
    failed = 0
    for path in track(files, description="extracting", console=err, disable=len(files) < 2,
                      transient=True):
        try:
            meta, facts = extract_file(path, language, min_confidence)
        except (TextInputError, OSError) as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            failed += 1
            continue
        if fmt == "jsonl":
            for f in facts:
                sys.stdout.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
        elif fmt == "table":
            _table(str(path), facts)
        else:
            _trig(meta, facts, model_version(meta.language))
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


def _table(title: str, facts: list[Fact]) -> None:
    table = Table("subject", "predicate", "object", "modality", "by", "span", title=title)
    for f in facts:
        obj = f.object.to_dict()
        shown = obj.get("label") or f"{obj.get('value')} {obj.get('unit') or ''}".strip()
        by = f.attribution.agent.label if f.attribution else ""
        table.add_row(f.subject.label, f.predicate.iri.rsplit("#", 1)[-1], shown, f.modality, by,
                      f"{f.evidence.start}-{f.evidence.end}")
    Console(width=160).print(table)


def _trig(meta: ArticleMeta, facts: list[Fact], model: str) -> None:
    from graph.export.trig import article_trig

    sys.stdout.buffer.write(article_trig(meta, facts, model))


def evaluate(
    gold: Annotated[Path, typer.Argument(help="gold file (JSON, the format of data/reference/)")],
    article: Annotated[Path, typer.Option("--article", help="the article the gold file describes")],
    lang: LangOpt = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="print the full result as JSON")] = False,
    min_confidence: MinConfOpt = None,
) -> None:
    """Precision and recall per relation family of the extractor against a gold file."""
    from loaders.extract.evaluate import GoldFileError, evaluate_file, format_table
    from loaders.sources.text import TextInputError

    try:
        result = evaluate_file(article, gold, _lang(lang), min_confidence)
    except (GoldFileError, TextInputError, OSError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(result, indent=2, default=str) if as_json else format_table(result, str(article)))
