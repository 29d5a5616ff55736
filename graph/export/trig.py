"""Exports of articles and graphs (the visualisation exports of the roadmap will live here too)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from pyoxigraph import RdfFormat, serialize

from graph.ingest.load import tool_version
from loaders.model import Fact
from loaders.to_rdf import ArticleMeta, article_dataset
from ontology.namespaces import PREFIXES


def article_trig(meta: ArticleMeta, facts: Sequence[Fact], model_version: str | None) -> bytes:
    """An article's facts and metadata as TriG, exactly the quads ``load`` would write."""
    quads = article_dataset(meta, facts, tool_version=tool_version(), model_version=model_version,
                            stamp=datetime.now(UTC).isoformat(timespec="seconds"))
    return serialize(quads, format=RdfFormat.TRIG, prefixes=PREFIXES) or b""
