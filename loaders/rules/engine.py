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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import yaml

from loaders import normalize as nz
from loaders.model import Entity, Value

RULES_DIR: Final = Path(__file__).resolve().parent
_SLOT: Final = re.compile(r"\{([A-Za-z|*]+):(\w+)\}")
_MACRO: Final = re.compile(r"\{\{(\w+)\}\}")
_OPEN_TYPES: Final = ("Organization", "Person", "Place")
_CONJ: Final = re.compile(
    r"^(?:,\s*|\s+(?:et|and|ou|or|ainsi que|as well as)\s+(?:de |d['’]|of )?|,\s*(?:et|and)\s+)$"
)


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
    out = {"MONEY": nz.MONEY_RE, "DATE": nz.DATE_RE, "NUMBER": nz.NUMBER_RE,
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


Context = Callable[[str, Any], Entity | None]


def _unmask(m: Masked, article: str, a: int, b: int) -> str:
    s, e = m.orig_span(a, b)
    return article[s:e]


def _value(spec: Any, match: re.Match[str], m: Masked, article: str, lang: str, ctx: Context,
           lex: dict[str, Any]) -> Entity | Value | None:
    if isinstance(spec, str):
        idx = match.group(spec)
        return m.entities[int(idx)] if idx is not None else None
    if not isinstance(spec, dict):
        raise RuleError(f"bad subject/object spec {spec!r}")
    if "slot" in spec and match.groupdict().get(spec["slot"]) is not None:
        return m.entities[int(match.group(spec["slot"]))]
    if "last" in spec:
        return ctx("last", tuple(spec["last"]))
    if "sentence" in spec:
        return ctx("sentence", tuple(spec["sentence"]))
    if "prev" in spec:
        return ctx("prev", spec["prev"])
    if "literal" in spec:
        return Value(str(spec["literal"]), "xsd:string", lang="en")
    key = next((k for k in ("money", "text", "map", "date", "duration", "new", "text_of") if k in spec), None)
    if key is None:
        return None
    g = spec[key]
    if match.group(g) is None:
        return None
    if key == "text_of":
        return Value(m.mention_text[int(match.group(g))], "xsd:string")
    raw = _unmask(m, article, *match.span(g)).strip()
    if key == "money":
        amount, cur = nz.parse_money(raw, lang)
        return Value(str(amount), "xsd:decimal", unit=cur)
    if key == "duration":
        n, unit = nz.parse_duration(raw, lang)
        return Value(str(n), "xsd:decimal", unit=unit)
    if key == "date":
        return Value(nz.parse_date(raw, lang), "xsd:string")
    if key == "map":
        table = lex.get(spec["table"], {})
        norm = table.get(raw) or table.get(raw.lower()) or table.get(raw.capitalize())
        return Value(str(norm), "xsd:string", lang="en") if norm else Value(raw, "xsd:string", lang=lang)
    if key == "new":
        label = re.sub(r"^(?:(?:le|la|les|l['’]|the|d['’])\s*)+", "", raw, flags=re.I).strip()
        return Entity(label=label, type=str(spec.get("type", "Organization")), lang=lang) if label else None
    return Value(raw, "xsd:string", lang=lang)


def _qualifiers(spec: dict[str, Any], match: re.Match[str], m: Masked, article: str, lang: str,
                ctx: Context, lex: dict[str, Any]) -> dict[str, Any]:
    q: dict[str, Any] = {}
    groups = match.groupdict()
    if spec.get("quantity") and groups.get(spec["quantity"]):
        n, approx = nz.parse_quantity(_unmask(m, article, *match.span(spec["quantity"])), lang)
        q["quantity"], q["approximate"] = n, approx
    unit = spec.get("unit")
    if unit and "quantity" in q:
        ent = _value(unit, match, m, article, lang, ctx, lex) if isinstance(unit, dict) else (
            m.entities[int(groups[unit])] if groups.get(unit) else None)
        if isinstance(ent, Entity):
            q["unit"] = ent.label
    if spec.get("role") and groups.get(spec["role"]):
        r = _unmask(m, article, *match.span(spec["role"]))
        q["role"] = lex["roles"].get(r) or lex["roles"].get(r.lower()) or r
    if spec.get("rank") and groups.get(spec["rank"]):
        r = groups[spec["rank"]].lower()
        q["rank"] = int(r) if r.isdigit() else lex["ordinals"].get(r)
    if spec.get("rank_value"):
        q["rank"] = int(spec["rank_value"])
    if spec.get("date") and groups.get(spec["date"]):
        q["date"] = nz.parse_date(groups[spec["date"]], lang)
    return {k: v for k, v in q.items() if v is not None}


def _emit(spec: dict[str, Any], rule: Rule, match: re.Match[str], m: Masked, article: str, lang: str,
          ctx: Context, lex: dict[str, Any], overrides: dict[str, int]) -> RawFact | None:
    if spec.get("requires") and not match.groupdict().get(spec["requires"]):
        return None

    def pick(which: str) -> Entity | Value | None:
        s = spec[which]
        if isinstance(s, str):
            idx = overrides.get(s)
            if idx is None and match.groupdict().get(s) is not None:
                idx = int(match.group(s))
            if idx is None:
                return None
            e = m.entities[idx]
            if idx in m.unknown:
                e = Entity(e.label, rule.slot_types.get(s, ("Concept",))[0], lang=e.lang)
            return e
        return _value(s, match, m, article, lang, ctx, lex)

    try:
        subj, obj = pick("subject"), pick("object")
        quals = _qualifiers(spec, match, m, article, lang, ctx, lex)
    except ValueError:
        return None
    if not isinstance(subj, Entity) or obj is None or (isinstance(obj, Entity) and obj.iri == subj.iri):
        return None
    if isinstance(obj, Value) and obj.datatype == "xsd:decimal" and obj.unit and obj.unit.isupper():
        quals.setdefault("amount", Decimal(obj.value))
        quals.setdefault("currency", obj.unit)
    return RawFact(rule.id, rule.family, str(spec["predicate"]), str(spec.get("label", "")), subj, obj,
                   quals, spec.get("modality"), spec.get("future_predicate"))


def _spread(rule: Rule, role: str, match: re.Match[str], m: Masked, clause: bool) -> list[int]:
    """Indices of further mentions conjoined to (or, with ``clause``, following) the role's mention."""
    idx = match.group(role)
    if idx is None:
        return []
    types = rule.slot_types.get(role, ())
    allowed = set(types) | ({"Unknown"} if any(t in _OPEN_TYPES for t in types) else set())
    out: list[int] = []
    end = m.text.index("⟩", match.end(role)) + 1
    for mm in re.finditer(r"⟨(\d+)\|(\w+)⟩", m.text[end:]):
        gap = m.text[end:end + mm.start()]
        if ";" in gap or (not clause and not _CONJ.match(gap) and not gap.startswith(" (")):
            break
        if mm.group(2) in allowed or "*" in types:
            out.append(int(mm.group(1)))
        if not clause:
            end = end + mm.end()
    return out


def apply_rules(rules: Sequence[Rule], m: Masked, article: str, lang: str, ctx: Context,
                lex: dict[str, Any]) -> list[RawFact]:
    """All facts the rules find in one masked sentence."""
    out: list[RawFact] = []
    for rule in rules:
        for match in rule.regex.finditer(m.text):
            variants: list[dict[str, int]] = [{}]
            for key, clause in (("spread", False), ("clause_spread", True)):
                role = rule.spec.get(key)
                if role:
                    variants += [{role: i} for i in _spread(rule, role, match, m, clause)]
            for ov in variants:
                for spec in [rule.spec, *(rule.spec.get("emit_also") or [])]:
                    full = {**{k: rule.spec[k] for k in ("subject", "object") if k not in spec}, **spec}
                    f = _emit(full, rule, match, m, article, lang, ctx, lex, ov)
                    if f:
                        out.append(f)
    return out
