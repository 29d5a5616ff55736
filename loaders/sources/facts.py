"""Curated fact files (YAML or JSON Lines) -> :class:`~loaders.model.Fact` records.

A YAML fact file has three sections::

    article:            # the article the facts come from
      id: xai-memphis.fr
      text: xai-memphis.fr.txt      # path relative to this file; offsets index into it
      title: "..."
      language: fr
      date: 2024-06                 # optional, at the precision known
      source: "..."                 # credit / publication
    entities:           # referenced by key from the facts
      xai: {label: xAI, type: Organization, aliases: [XAI, "@xAI"], same_as: [wd:Q...]}
    facts:
      - id: F34
        subject: xai                # an entity key ...
        predicate: ng:raisedFunding
        label: raised funding       # readable predicate label (optional)
        object: {value: 6000000000, datatype: xsd:decimal, unit: USD}   # ... or a value
        qualifiers: {amount: 6000000000, currency: USD}
        modality: asserted
        attributed_to: cnbc         # entity key (optional)
        via: {label: "courriels obtenus par CNBC", type: Message, date: null}
        evidence: {start: 3950, end: 4070, text: "..."}

A JSON Lines file holds one fact record per line in the form ``extract`` prints
(``Fact.to_dict()``), with no article section; its article is named by the file name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from loaders.model import (
    Attribution,
    Entity,
    Evidence,
    Fact,
    FactError,
    Predicate,
    Qualifiers,
    Value,
)
from loaders.to_rdf import ArticleMeta
from ontology.namespaces import article_id as normal_article_id
from ontology.namespaces import article_id_for, expand


class FactFileError(ValueError):
    """A fact file cannot be read; carries the file, line and column where known."""

    def __init__(self, path: str, message: str, line: int | None = None,
                 column: int | None = None) -> None:
        where = path + (f":{line}" if line else "") + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


@dataclass(frozen=True)
class FactFile:
    """The parsed content of a fact file."""

    article: ArticleMeta
    facts: list[Fact]


def read_fact_file(path: str | Path) -> FactFile:
    """Read a ``.yaml``/``.yml`` or ``.jsonl`` fact file; raise :class:`FactFileError`."""
    p = Path(path)
    if not p.is_file():
        raise FactFileError(str(p), "no such file")
    try:
        raw = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FactFileError(str(p), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if p.suffix.lower() == ".jsonl":
        return _read_jsonl(p, raw)
    return _read_yaml(p, raw)


def _read_jsonl(p: Path, raw: str) -> FactFile:
    facts: list[Fact] = []
    source_text = ""
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FactFileError(str(p), exc.msg, n, exc.colno) from None
        try:
            facts.append(Fact.from_dict(rec))
        except FactError as exc:
            raise FactFileError(str(p), str(exc), n) from None
    if not facts:
        raise FactFileError(str(p), "no facts in file")
    article_id = facts[0].evidence.source or article_id_for(p)
    return FactFile(ArticleMeta(id=article_id, text=source_text, path=str(p)), facts)


def _read_yaml(p: Path, raw: str) -> FactFile:
    try:
        doc = yaml.safe_load(raw)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise FactFileError(str(p), str(exc.problem or exc), line, col) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("facts"), list):
        raise FactFileError(str(p), "expected a mapping with a 'facts' list")
    art = doc.get("article") or {}
    try:
        article_id = normal_article_id(str(art["id"])) if art.get("id") else article_id_for(p)
    except ValueError as exc:
        raise FactFileError(str(p), f"article: {exc}", _line_of(raw, "id:")) from None
    text = ""
    if art.get("text"):
        text_path = (p.parent / str(art["text"])).resolve()
        if not text_path.is_file():
            raise FactFileError(str(p), f"article text {text_path} not found")
        text = text_path.read_text(encoding="utf-8")
    meta = ArticleMeta(
        id=article_id, text=text, title=art.get("title"), language=art.get("language"),
        date=_str_or_none(art.get("date")), source=art.get("source"), url=art.get("url"),
        path=str(art.get("text") or p.name),
    )
    entities = _entities(p, doc.get("entities") or {})
    facts = []
    for i, rec in enumerate(doc["facts"]):
        try:
            facts.append(_fact(rec, entities, article_id, text))
        except (FactError, KeyError, TypeError, ValueError) as exc:
            fid = rec.get("id", f"#{i + 1}") if isinstance(rec, dict) else f"#{i + 1}"
            msg = str(exc) if isinstance(exc, FactError) else f"{fid}: {exc!s}"
            raise FactFileError(str(p), f"fact {fid}: {msg}") from None
    return FactFile(meta, facts)


def _entities(p: Path, raw: dict[str, Any]) -> dict[str, Entity]:
    out: dict[str, Entity] = {}
    for key, d in raw.items():
        try:
            out[str(key)] = Entity.from_dict(d, f"entity {key}")
        except (FactError, ValueError) as exc:
            raise FactFileError(str(p), str(exc)) from None
    return out


def _resolve(ref: Any, entities: dict[str, Entity], where: str) -> Entity:
    if isinstance(ref, dict):
        return Entity.from_dict(ref, where)
    if str(ref) not in entities:
        raise FactError(where, f"unknown entity key {ref!r}")
    return entities[str(ref)]


def _fact(rec: dict[str, Any], entities: dict[str, Entity], article_id: str, text: str) -> Fact:
    fid = str(rec["id"])
    obj_raw = rec["object"]
    obj: Entity | Value = (
        Value.from_dict(obj_raw, f"{fid}.object")
        if isinstance(obj_raw, dict) and "value" in obj_raw
        else _resolve(obj_raw, entities, f"{fid}.object")
    )
    ev = rec["evidence"]
    start, end = int(ev["start"]), int(ev["end"])
    quoted = str(ev.get("text", ""))
    if text and text[start:end] != quoted:
        raise FactError(f"{fid}.evidence",
                        f"text[{start}:{end}] is {text[start:end]!r}, not the quoted {quoted!r}")
    attribution = None
    if rec.get("attributed_to"):
        via = rec.get("via") or {}
        attribution = Attribution(
            _resolve(rec["attributed_to"], entities, f"{fid}.attributed_to"),
            via.get("label"), via.get("type"), _str_or_none(via.get("date")),
        )
    return Fact(
        id=fid,
        subject=_resolve(rec["subject"], entities, f"{fid}.subject"),
        predicate=Predicate(expand(str(rec["predicate"])), str(rec.get("label", ""))),
        object=obj,
        evidence=Evidence.from_dict(
            {"source": article_id, "text": quoted, "start": start, "end": end}, f"{fid}.evidence"
        ),
        qualifiers=Qualifiers.from_dict(rec.get("qualifiers"), f"{fid}.qualifiers"),
        modality=str(rec.get("modality", "asserted")),
        attribution=attribution,
        confidence=float(rec.get("confidence", 1.0)),
        method=str(rec.get("method", "curated")),
    )


def _line_of(raw: str, needle: str) -> int | None:
    """1-based line of the first occurrence of ``needle`` (for messages), if any."""
    pos = raw.find(needle)
    return raw.count("\n", 0, pos) + 1 if pos >= 0 else None


def _str_or_none(v: Any) -> str | None:
    return None if v is None else str(v)
