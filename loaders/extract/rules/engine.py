"""The small engine that applies the declarative relation rules of ``relations.yaml``.

A sentence is *masked*: each entity mention becomes ``⟨i|Type⟩``. A rule's pattern is a regular
expression over that string in which ``{Type|Type:role}`` matches a placeholder (binding ``role``
to the mention) and ``{{MACRO}}`` expands a macro. See the header of ``relations.yaml``.

Examples
--------
>>> rules = load_rules()
>>> compile_slot("{Organization|Person:s}")
'⟨(?P<s>\\\\d+)\\\\|(?:Organization|Person|Unknown)⟩'
>>> any(r.id == "raise-fr" for r in rules.for_lang("fr"))
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import yaml

from loaders.extract import normalize as nz
from loaders.model import Entity, Value

RULES_DIR: Final = Path(__file__).resolve().parent
_SLOT: Final = re.compile(r"\{([A-Za-z|*]+):(\w+)\}")
_MACRO: Final = re.compile(r"\{\{(\w+)\}\}")
_OPEN_TYPES: Final = ("Organization", "Person", "Place")


class RuleError(ValueError):
    """A rule file is malformed (rule id and field named)."""


def compile_slot(text: str) -> str:
    """Regex for a ``{Types:role}`` slot."""
    m = _SLOT.fullmatch(text)
    if not m:
        raise RuleError(f"bad slot {text!r}")
    types, role = m.group(1).split("|"), m.group(2)
    if "*" in types:
        alt = r"[A-Za-z]+"
    else:
        if any(t in _OPEN_TYPES for t in types):
            types = [*types, "Unknown"]
        alt = "(?:" + "|".join(types) + ")"
    return rf"⟨(?P<{role}>\d+)\|{alt}⟩"


@dataclass(frozen=True)
class Rule:
    """One compiled rule."""

    id: str
    family: str
    lang: str | None
    regex: re.Pattern[str]
    spec: dict[str, Any]
    slot_types: dict[str, tuple[str, ...]]


@dataclass
class RuleSet:
    """Rules and lexicon, compiled once."""

    rules: list[Rule]
    lexicon: dict[str, Any]

    def for_lang(self, lang: str) -> list[Rule]:
        return [r for r in self.rules if r.lang in (None, lang)]


def _macros(defs: dict[str, str]) -> dict[str, str]:
    out = {"MONEY": nz.MONEY_RE, "DATE": nz.DATE_RE, "NUMBER": nz.NUMBER_RE, "COUNTWORD": nz.COUNT_WORD_RE,
           "WORDNUM": r"\b(?i:" + nz.WORD_NUMBER_RE + r")\b",
           "DURATION": "(?:" + nz.NUMBER_RE + "|" + nz.WORD_NUMBER_RE + r")\s+(?:mois|semaines?|jours?|ans|"
                       r"années?|months?|weeks?|days?|years?)"}
    out.update(defs)
    return out


def compile_rule(d: dict[str, Any], macros: dict[str, str]) -> Rule:
    rid = str(d.get("id", "?"))
    for key in ("pattern", "predicate", "family", "subject", "object"):
        if key not in d:
            raise RuleError(f"rule {rid}: missing {key!r}")
    pat = _MACRO.sub(lambda m: macros[m.group(1)], str(d["pattern"]))
    slot_types = {m.group(2): tuple(m.group(1).split("|")) for m in _SLOT.finditer(pat)}
    pat = _SLOT.sub(lambda m: compile_slot(m.group(0)), pat)
    try:
        regex = re.compile(pat, re.I if d.get("ignore_case") else 0)
    except re.error as exc:
        raise RuleError(f"rule {rid}: bad pattern: {exc}") from None
    return Rule(rid, str(d["family"]), d.get("lang"), regex, d, slot_types)


def _expand_macros(macros: dict[str, str]) -> dict[str, str]:
    def one(m: re.Match[str]) -> str:
        return macros[m.group(1)]

    return {k: _MACRO.sub(one, v) for k, v in macros.items()}


@lru_cache(maxsize=2)
def load_rules(directory: str | None = None) -> RuleSet:
    """Read ``relations.yaml`` and ``lexicon.yaml`` (cached)."""
    base = Path(directory) if directory else RULES_DIR
    with (base / "relations.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    with (base / "lexicon.yaml").open(encoding="utf-8") as fh:
        lexicon = yaml.safe_load(fh)
    macros = _macros(data.get("macros") or {})
    for _ in range(3):  # macros may use macros
        macros = _expand_macros(macros)
    return RuleSet([compile_rule(r, macros) for r in data["rules"]], lexicon)


@dataclass
class Masked:
    """A sentence with mentions replaced by placeholders, and maps back to article offsets."""

    text: str
    entities: list[Entity]
    mention_text: list[str]
    starts: list[int]
    ends: list[int]
    unknown: set[int] = field(default_factory=set)

    def orig_span(self, a: int, b: int) -> tuple[int, int]:
        return self.starts[a], self.ends[b - 1]


@dataclass(frozen=True)
class RawFact:
    """What a rule produced before evidence and attribution are attached."""

    rule: str
    family: str
    predicate: str
    label: str
    subject: Entity
    object: Entity | Value
    qualifiers: dict[str, Any]
    modality: str | None
    future_predicate: str | None = None
