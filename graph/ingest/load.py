"""Loading sources of every kind into a :class:`GraphStore`, all or nothing.

``load_paths`` first prepares every source (RDF files are parsed, fact files are read,
turned into quads and SHACL-validated, articles are extracted), and only when all of them
are sound writes anything: article and fact graphs in one transaction that replaces each
article's graph, RDF files by bulk load. A bad source anywhere leaves the store unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pyoxigraph import Quad

from graph.errors import BadRequest, SourceNotFound, UnsupportedSource, ValidationFailed
from graph.formats import file_kind
from graph.store import GraphStore, LoadReport, ProgressFn
from graph.store.common import user_iri
from loaders.model import Fact
from loaders.sources.facts import FactFileError, read_fact_file
from loaders.to_rdf import ArticleMeta, article_dataset
from ontology.namespaces import META_GRAPH, article_graph_iri, article_iri


def tool_version() -> str:
    """The installed newsgraph version."""
    try:
        return version("newsgraph")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


@dataclass
class PreparedArticle:
    """An article (or fact file) ready to write: its metadata, facts and quads."""

    meta: ArticleMeta
    facts: list[Fact]
    quads: list[Quad]
    source: str
    method: str


@dataclass
class IngestReport:
    """What ``load_paths`` did."""

    articles: list[PreparedArticle] = field(default_factory=list)
    rdf_files: list[str] = field(default_factory=list)
    writes: list[LoadReport] = field(default_factory=list)

    @property
    def written(self) -> int | None:
        """Quads written (read from the sources), or None when a bulk load did not count them."""
        counts = [w.written for w in self.writes]
        return None if any(c is None for c in counts) else sum(c for c in counts if c is not None)


def prepare_facts(meta: ArticleMeta, facts: list[Fact], *, source: str, method: str,
                  model_version: str | None = None, validate: bool = True) -> PreparedArticle:
    """Turn an article's facts into quads and check them against the SHACL shapes."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    quads = article_dataset(meta, facts, tool_version=tool_version(),
                            model_version=model_version, stamp=stamp)
    if validate:
        from graph.ingest.shacl import validate_quads

        violations = validate_quads(quads)
        if violations:
            raise ValidationFailed(f"{source}: {len(violations)} SHACL violation(s)",
                                   [str(v) for v in violations])
    return PreparedArticle(meta, facts, quads, source, method)


def prepare_fact_file(path: Path, *, validate: bool = True) -> PreparedArticle:
    """Read, convert and validate a curated fact file."""
    try:
        ff = read_fact_file(path)
    except FactFileError as exc:
        raise UnsupportedSource(exc.message, path=exc.path, line=exc.line, column=exc.column) from None
    return prepare_facts(ff.article, ff.facts, source=str(path), method="curated", validate=validate)


def prepare_article(path: Path, *, lang: str | None = None, validate: bool = True) -> PreparedArticle:
    """Extract an article's facts (the NLP pipeline) and prepare them."""
    from loaders.extract.article import extract_file, model_version
    from loaders.sources.text import TextInputError

    try:
        meta, facts = extract_file(path, lang=lang)
    except TextInputError as exc:
        raise UnsupportedSource(exc.message, path=exc.path, line=None,
                                column=None) from None
    return prepare_facts(meta, facts, source=str(path), method="extraction",
                         model_version=model_version(meta.language), validate=validate)


def write_articles(store: GraphStore, prepared: Sequence[PreparedArticle]) -> LoadReport:
    """Write prepared articles in one transaction, replacing each article's graph."""
    graphs: dict[str, list[Quad]] = {}
    drop: list[str] = []
    meta_quads: list[Quad] = []
    for art in prepared:
        g = article_graph_iri(art.meta.id)
        graphs[g] = [q for q in art.quads if q.graph_name.value == g]  # type: ignore[union-attr]
        meta_quads += [q for q in art.quads if q.graph_name.value == META_GRAPH]  # type: ignore[union-attr]
        drop += [article_iri(art.meta.id), g]
    used = [(META_GRAPH, article_iri(art.meta.id)) for art in prepared]
    return store.replace_graphs(graphs, {META_GRAPH: drop}, meta_quads, drop_used_by=used)


def load_paths(store: GraphStore, paths: Sequence[str | Path], *, lang: str | None = None,
               graph: str | None = None, validate: bool = True,
               progress: ProgressFn | None = None,
               on_prepared: Callable[[str], None] | None = None) -> IngestReport:
    """Load files of any supported kind (by extension), all or nothing."""
    files = [Path(p) for p in paths]
    if graph is not None:
        user_iri(graph)
    kinds = []
    for p in files:
        kind = file_kind(p)
        if not p.is_file():
            raise SourceNotFound(f"{p}: no such file")
        kinds.append(kind)
    report = IngestReport()
    for p, kind in zip(files, kinds, strict=True):
        if kind == "facts":
            report.articles.append(prepare_fact_file(p, validate=validate))
        elif kind == "article":
            report.articles.append(prepare_article(p, lang=lang, validate=validate))
        else:
            report.rdf_files.append(str(p))
            if len(files) > 1:
                store.check_syntax(p)
        if on_prepared:
            on_prepared(str(p))
    seen: dict[str, str] = {}
    for art in report.articles:
        if art.meta.id in seen:
            raise BadRequest(f"{art.source} and {seen[art.meta.id]} are both article "
                             f"{art.meta.id!r}; one would replace the other (rename one)")
        seen[art.meta.id] = art.source
    if report.articles:
        report.writes.append(write_articles(store, report.articles))
    if report.rdf_files:
        report.writes.append(store.load_files(report.rdf_files, graph=graph, progress=progress))
    return report
