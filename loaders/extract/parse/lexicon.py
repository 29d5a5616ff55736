"""The trigger lexicon of ``triggers.yaml`` and the records the parse-based extractor passes around.

Examples
--------
>>> lex = load_lexicon()
>>> [s.predicate for s in lex.verbs["fr"]["racheter"]]
['acquired']
>>> [s.predicate for s in lex.nouns["en"]["subsidiary"]], lex.nouns["en"]["subsidiary"][0].inverse
(['owns'], True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import yaml

from loaders.extract.parse.paths import Token
from loaders.model import Entity, Value

TRIGGERS_FILE: Final = Path(__file__).resolve().parent / "triggers.yaml"


@dataclass(frozen=True)
class Arg:
    """A resolved mention: its offsets in the sentence and its entity."""

    start: int
    end: int
    entity: Entity


@dataclass(frozen=True)
class Spec:
    """One predicate of ``triggers.yaml``."""

    name: str
    predicate: str
    family: str
    label: dict[str, str]
    roles: tuple[tuple[str, str], ...]
    types: tuple[tuple[str, ...], tuple[str, ...]]
    inverse: bool = False
    symmetric: bool = False
    percent: bool = False
    regulator: bool = False
    money: bool = False
    role: bool = False  # the trigger noun is the person's role: a ``role`` qualifier


    def fact(self, subject: Entity, obj: Entity | Value, trigger: str, hops: int,
             qualifiers: dict[str, Any] | None = None) -> ParseFact:
        """The relation this predicate states between two entities (already in its direction)."""
        return ParseFact(self.predicate, self.family, self.label.get("en", self.name), subject, obj,
                         dict(qualifiers or {}), trigger, hops)

@dataclass(frozen=True)
class ValueSpec:
    name: str
    family: str
    label: dict[str, str]
    money: bool
    negative: bool = False  # a loss: the amount is a negative profit


@dataclass
class Lexicon:
    """Trigger words (lemma or surface, lower-case, multiword joined by spaces) -> specs, per language."""

    verbs: dict[str, dict[str, list[Spec]]] = field(default_factory=dict)
    nouns: dict[str, dict[str, list[Spec]]] = field(default_factory=dict)
    values: dict[str, dict[str, list[ValueSpec]]] = field(default_factory=dict)
    role_nouns: dict[str, dict[str, list[Spec]]] = field(default_factory=dict)
    nationalities: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> adjective -> country
    countries: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ParseFact:
    """A relation found on the parse, before evidence, modality and confidence are attached."""

    predicate: str
    family: str
    label: str
    subject: Entity
    object: Entity | Value
    qualifiers: dict[str, Any]
    trigger: str
    hops: int


@lru_cache(maxsize=2)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read ``triggers.yaml`` into per-language lookup tables."""
    data = yaml.safe_load(Path(path or TRIGGERS_FILE).read_text(encoding="utf-8"))
    lex = Lexicon()
    for name, d in data["predicates"].items():
        types = d.get("types") or [["Organization", "Person"], ["Organization", "Person"]]
        spec = Spec(
            name,
            d.get("predicate", name),
            d["family"],
            d["label"],
            tuple((str(a), str(b)) for a, b in d.get("roles") or ()),
            (tuple(types[0]), tuple(types[1])),
            bool(d.get("inverse")),
            bool(d.get("symmetric")),
            bool(d.get("percent")),
            bool(d.get("regulator")),
            bool(d.get("money")),
            bool(d.get("role")),
        )
        for kind, table in (("verbs", lex.verbs), ("nouns", lex.nouns)):
            for lang, words in (d.get(kind) or {}).items():
                for w in words or ():
                    table.setdefault(lang, {}).setdefault(str(w).lower(), []).append(spec)
                    if kind == "nouns" and spec.family in ("leadership", "board"):
                        lex.role_nouns.setdefault(lang, {}).setdefault(str(w).lower(), []).append(spec)
    lex.nationalities = {lang: {str(k).lower(): str(v) for k, v in table.items()}
                         for lang, table in (data.get("nationalities") or {}).items()}
    lex.countries = frozenset(str(c) for c in data.get("countries") or ())
    for name, d in data["values"].items():
        vs = ValueSpec(name, d["family"], d["label"], bool(d.get("money")))
        for kind in ("nouns", "verbs", "losses"):
            vspec = ValueSpec(vs.name, vs.family, vs.label, vs.money, True) if kind == "losses" else vs
            for lang, words in (d.get(kind) or {}).items():
                for w in words or ():
                    lex.values.setdefault(lang, {}).setdefault(str(w).lower(), []).append(vspec)
    return lex


def keys(tok: Token) -> list[str]:
    """Lookup forms of a token: lemma, surface, and two-/three-word windows around it."""
    doc = tok.doc
    out = [tok.lemma_.lower(), tok.text.lower()]
    if tok.i + 1 < len(doc):
        out.append(f"{tok.text} {doc[tok.i + 1].text}".lower())
        out.append(f"{tok.lemma_} {doc[tok.i + 1].lemma_}".lower())
    if tok.i + 2 < len(doc):
        out.append(f"{tok.text} {doc[tok.i + 1].text}{doc[tok.i + 2].text}".lower())
        out.append(f"{tok.text} {doc[tok.i + 1].text} {doc[tok.i + 2].text}".lower())
    if tok.i > 1 and doc[tok.i - 1].text == "-":  # "co-founder", "joint-venture" split by the tokenizer
        out.append(f"{doc[tok.i - 2].text}-{tok.text}".lower())
    if tok.i > 0:
        out.append(f"{doc[tok.i - 1].text} {tok.text}".lower())
        out.append(f"{doc[tok.i - 1].lemma_} {tok.lemma_}".lower())
    return out
