"""Fact records: what extraction produces, what curated files hold, what ``to_rdf`` turns into quads.

The JSON form of a :class:`Fact` is the contract of ``newsgraph extract --format jsonl``
(see ``DESIGN.md``)::

    {"id": "F34", "subject": {"iri": "...", "label": "xAI", "type": "Organization"},
     "predicate": {"iri": "...#raisedFunding", "label": "raised"},
     "object": {"value": "6000000000", "datatype": "xsd:decimal", "unit": "USD"},
     "qualifiers": {"amount": 6000000000, "currency": "USD", ...},
     "modality": "asserted", "attributed_to": null,
     "evidence": {"source": "xai-memphis.fr", "text": "...", "start": 2000, "end": 2080},
     "confidence": 1.0, "method": "curated"}

Examples
--------
>>> f = Fact.from_dict({"id": "F1",
...     "subject": {"label": "xAI", "type": "Organization"},
...     "predicate": {"iri": "ng:foundedBy", "label": "founded by"},
...     "object": {"label": "Elon Musk", "type": "Person"},
...     "evidence": {"source": "a", "text": "xAI", "start": 0, "end": 3}})
>>> f.subject.iri
'https://w3id.org/newsgraph/id/organization/xai'
>>> Fact.from_dict(f.to_dict()) == f
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, Final

from loaders.numbers import FactError, decimal_of, is_number, number_out
from ontology.namespaces import entity_iri, expand

MODALITIES: Final = (
    "asserted",
    "reported",
    "planned",
    "pending",
    "expected",
    "speculative",
    "opinion",
)

ENTITY_TYPES: Final = (
    "Organization",
    "Person",
    "Place",
    "Product",
    "AIModel",
    "Hardware",
    "Facility",
    "Supercomputer",
    "Project",
    "Event",
    "Ranking",
    "Document",
    "Concept",
)


@dataclass(frozen=True)
class Entity:
    """A named thing; ``iri`` is minted from type and label when not given."""

    label: str
    type: str = "Concept"
    iri: str = ""
    lang: str | None = None
    aliases: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.label.strip():
            raise FactError("entity", "empty label")
        if not self.iri:
            object.__setattr__(self, "iri", entity_iri(self.type, self.label))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"iri": self.iri, "label": self.label, "type": self.type}
        if self.lang:
            d["lang"] = self.lang
        if self.aliases:
            d["aliases"] = list(self.aliases)
        if self.same_as:
            d["same_as"] = list(self.same_as)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], where: str = "entity") -> Entity:
        if not isinstance(d, dict) or "label" not in d:
            raise FactError(where, "an entity needs a 'label'")
        etype = str(d.get("type", "Concept"))
        if etype not in ENTITY_TYPES:
            raise FactError(where, f"unknown entity type {etype!r}; one of {ENTITY_TYPES}")
        return cls(
            label=str(d["label"]),
            type=etype,
            iri=expand(d["iri"]) if d.get("iri") else "",
            lang=d.get("lang"),
            aliases=tuple(str(a) for a in d.get("aliases") or ()),
            same_as=tuple(expand(str(a)) for a in d.get("same_as") or ()),
        )


@dataclass(frozen=True)
class Value:
    """A literal object: a number, amount, date or text, with its datatype and unit."""

    value: str
    datatype: str = "xsd:string"
    unit: str | None = None
    lang: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"value": self.value, "datatype": self.datatype}
        if self.unit:
            d["unit"] = self.unit
        if self.lang:
            d["lang"] = self.lang
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], where: str = "value") -> Value:
        dtype = str(d.get("datatype") or ("xsd:decimal" if is_number(d["value"]) else "xsd:string"))
        return cls(value=str(d["value"]), datatype=dtype, unit=d.get("unit"), lang=d.get("lang"))


@dataclass(frozen=True)
class Predicate:
    """A relation: its IRI (in the ``ng:`` vocabulary) and a readable label."""

    iri: str
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "label": self.label}


@dataclass(frozen=True)
class Qualifiers:
    """Typed details of a fact; all optional. Dates keep the text's precision."""

    quantity: Decimal | None = None
    unit: str | None = None
    approximate: bool = False
    amount: Decimal | None = None
    currency: str | None = None
    date: str | None = None
    rank: int | None = None
    role: str | None = None
    purpose: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if v is None or v is False:
                continue
            out[f.name] = number_out(v) if isinstance(v, Decimal) else v
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None, where: str = "qualifiers") -> Qualifiers:
        d = dict(d or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise FactError(where, f"unknown qualifier(s) {unknown}; known: {sorted(known)}")
        kw: dict[str, Any] = {}
        for key in ("quantity", "amount"):
            if d.get(key) is not None:
                kw[key] = decimal_of(d[key], f"{where}.{key}")
        if d.get("rank") is not None:
            kw["rank"] = int(d["rank"])
        for key in ("unit", "currency", "date", "role", "purpose", "note"):
            if d.get(key) is not None:
                kw[key] = str(d[key])
        kw["approximate"] = bool(d.get("approximate", False))
        return cls(**kw)


@dataclass(frozen=True)
class Evidence:
    """Where a fact is stated: ``text == source_text[start:end]``."""

    source: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any], where: str = "evidence") -> Evidence:
        try:
            ev = cls(str(d["source"]), str(d["text"]), int(d["start"]), int(d["end"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise FactError(where, f"needs source, text, start, end ({exc})") from None
        if not 0 <= ev.start < ev.end or ev.end - ev.start != len(ev.text):
            raise FactError(where, f"offsets {ev.start}..{ev.end} do not fit the quoted text")
        return ev


@dataclass(frozen=True)
class Attribution:
    """Who states a fact (``agent``) and, where the text says, in what (``via``: a post, emails)."""

    agent: Entity
    via: str | None = None
    via_type: str | None = None
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"agent": self.agent.to_dict()}
        for k in ("via", "via_type", "date"):
            if getattr(self, k):
                d[k] = getattr(self, k)
        return d


@dataclass(frozen=True)
class Fact:
    """One fact with its evidence, modality, attribution and provenance."""

    id: str
    subject: Entity
    predicate: Predicate
    object: Entity | Value
    evidence: Evidence
    qualifiers: Qualifiers = field(default_factory=Qualifiers)
    modality: str = "asserted"
    attribution: Attribution | None = None
    confidence: float = 1.0
    method: str = "curated"

    def __post_init__(self) -> None:
        if self.modality not in MODALITIES:
            raise FactError(self.id, f"modality {self.modality!r} is not one of {MODALITIES}")
        if not 0.0 <= self.confidence <= 1.0:
            raise FactError(self.id, f"confidence {self.confidence} is outside [0, 1]")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "subject": self.subject.to_dict(),
            "predicate": self.predicate.to_dict(),
            "object": self.object.to_dict(),
            "qualifiers": self.qualifiers.to_dict(),
            "modality": self.modality,
            "attributed_to": self.attribution.agent.label if self.attribution else None,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "evidence": self.evidence.to_dict(),
            "confidence": self.confidence,
            "method": self.method,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Fact:
        fid = str(d.get("id", "?"))
        try:
            obj_d = d["object"]
            obj: Entity | Value = (
                Value.from_dict(obj_d, f"{fid}.object")
                if "value" in obj_d
                else Entity.from_dict(obj_d, f"{fid}.object")
            )
            pred_d = d["predicate"]
            attribution = None
            if d.get("attribution"):
                a = d["attribution"]
                attribution = Attribution(
                    Entity.from_dict(a["agent"], f"{fid}.attribution"),
                    a.get("via"),
                    a.get("via_type"),
                    a.get("date"),
                )
            return cls(
                id=fid,
                subject=Entity.from_dict(d["subject"], f"{fid}.subject"),
                predicate=Predicate(expand(pred_d["iri"]), str(pred_d.get("label", ""))),
                object=obj,
                evidence=Evidence.from_dict(d["evidence"], f"{fid}.evidence"),
                qualifiers=Qualifiers.from_dict(d.get("qualifiers"), f"{fid}.qualifiers"),
                modality=str(d.get("modality", "asserted")),
                attribution=attribution,
                confidence=float(d.get("confidence", 1.0)),
                method=str(d.get("method", "curated")),
            )
        except KeyError as exc:
            raise FactError(fid, f"missing field {exc}") from None
        except ValueError as exc:
            if isinstance(exc, FactError):
                raise
            raise FactError(fid, str(exc)) from None
