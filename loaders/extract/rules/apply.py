"""Applying compiled rules to a masked sentence: slot filling, qualifiers, conjunction spreading.

Subject slots are checked for position: a subject mention right after a preposition ("from Nvidia",
"à AMD", "par Eviden") is not the subject of a clause, so it is replaced by the clause subject (the
first mention of an allowed type before it that is not itself after a preposition), or the match is
dropped. ``spread`` may name one role or a list of roles.

Examples
--------
>>> from loaders.extract.nlp import Mention
>>> from loaders.extract.rules.engine import load_rules
>>> from loaders.extract.rules.mentions import mask
>>> text = "Acme, a cloud startup based in Ohio, raised $5 million."
>>> m, _ = mask(text, 0, len(text), [Mention(0, 4, "Acme", "Organization"), Mention(31, 35, "Ohio", "Place")],
...             [Entity("Acme", "Organization"), Entity("Ohio", "Place")])
>>> rules = [r for r in load_rules().rules if r.id == "raise-en"]
>>> [(f.subject.label, f.object.value) for f in apply_rules(rules, m, text, "en", lambda k, a: None, {})]
[('Acme', '5000000')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final

from loaders.extract import normalize as nz
from loaders.extract.rules.engine import _OPEN_TYPES, Masked, RawFact, Rule, RuleError
from loaders.model import Entity, Value

__all__ = ["Context", "apply_rules"]

_CONJ: Final = re.compile(
    r"^(?:,\s*|\s+(?:et|and|ou|or|ainsi que|as well as)\s+"
    r"(?:de |d['’]|of |par (?:le |la |l['’])?|by (?:the )?|dans |in |from |à |to )?|,\s*(?:et|and)\s+)$"
)
_PREP_BEFORE: Final = re.compile(
    r"(?:\b(?:from|by|to|with|of|for|at|in|into|than|à|au|aux|de|du|des|par|avec|pour|chez|contre|vers|sur)"
    r"\s(?:(?:la|le|les|the)\s)?|\bd['’])$", re.I)
_PLACEHOLDER: Final = re.compile(r"⟨(\d+)\|(\w+)⟩")
_VALUE_KEYS: Final = ("money", "measure", "text", "map", "date", "duration", "new", "text_of", "place_of")
_CONJOINED: Final = re.compile(r"⟨\d+\|(\w+)⟩(?:,\s*|\s+(?:and|et|or|ou)\s+)$")

# "et concurrence X", "and has partnered with X": a second verb, so a new clause
_NEW_VERB: Final = re.compile(
    r"\s(?:et|and)\s(?!(?:de|d['’]|du|des|la|le|les|l['’]|sur|à|aux?|un|une|the|of|on|from|with|to|upon)\b)[a-zé]")

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
    if "topic" in spec:
        return ctx("topic", None)
    if "prev_subject" in spec:
        return ctx("prev_subject", None)
    if "locality" in spec:
        return ctx("locality", None)
    if "last" in spec:
        return ctx("last", tuple(spec["last"]))
    if "sentence" in spec:
        return ctx("sentence", tuple(spec["sentence"]))
    if "prev" in spec:
        return ctx("prev", spec["prev"])
    if "literal" in spec:
        return Value(str(spec["literal"]), "xsd:string", lang="en")
    key = next((k for k in _VALUE_KEYS if k in spec), None)
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
    if key == "measure":
        n, unit = nz.parse_measure(raw, lang)
        return Value(str(n), "xsd:decimal", unit=unit)
    if key == "place_of":  # a demonym ("grenobloise") to the place it names, through a lexicon table
        place = lex.get(spec["table"], {}).get(raw.lower())
        return Entity(label=str(place), type="Place") if place else None
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
    if spec.get("note"):
        note = spec["note"]
        if not isinstance(note, dict):
            q["note"] = str(note)
        elif groups.get(group := str(note.get("map") or note.get("group"))):
            word = str(groups[group])
            q["note"] = lex.get(note["table"], {}).get(word.lower(), word) if "table" in note else word
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
                if which == "subject" and rule.spec.get("clause_subject"):
                    idx = _clause_subject(rule, s, match, m)
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
    if isinstance(obj, Value) and obj.datatype == "xsd:decimal" and obj.unit in nz.CURRENCY_CODES:
        quals.setdefault("amount", Decimal(obj.value))
        quals.setdefault("currency", obj.unit)
    elif isinstance(obj, Value) and obj.datatype == "xsd:decimal" and obj.unit in nz.MEASURE_UNITS:
        quals.setdefault("quantity", Decimal(obj.value))
        quals.setdefault("unit", obj.unit)
        if "m" in match.groupdict() and match.group("m") and nz.is_approximate(match.group("m")):
            quals["approximate"] = True
    return RawFact(rule.id, rule.family, str(spec["predicate"]), str(spec.get("label", "")), subj, obj,
                   quals, spec.get("modality"), spec.get("future_predicate"))


def _clause_subject(rule: Rule, role: str, match: re.Match[str], m: Masked) -> int | None:
    """The role's mention, or the clause subject when the mention follows a preposition."""
    idx = int(match.group(role))
    prefix = m.text[:match.start(role) - 1]
    head = prefix
    own = _PLACEHOLDER.match(m.text, match.start(role) - 1)
    while (conj := _CONJOINED.search(head)) is not None:  # "for OpenAI and Oracle": Oracle follows "for" too
        if own is not None and "Unknown" not in (own.group(2), conj.group(1)) \
                and own.group(2) != conj.group(1):
            break  # "In Ohio, Ironvale Data bought": a fronted place, not a list
        head = head[:conj.start()]
    if not _PREP_BEFORE.search(head[-40:]):
        return idx
    types = set(rule.slot_types.get(role, ())) | {"Unknown"}
    clause = prefix[max(prefix.rfind(";"), prefix.rfind(". ")) + 1:]
    for ph in _PLACEHOLDER.finditer(clause):
        if ph.group(2) in types and not _PREP_BEFORE.search(clause[max(0, ph.start() - 40):ph.start()]):
            return int(ph.group(1))
    return None


def _spread(rule: Rule, role: str, match: re.Match[str], m: Masked, clause: bool) -> list[int]:
    """Indices of further mentions conjoined to (or, with ``clause``, following) the role's mention."""
    idx = match.group(role)
    if idx is None:
        return []
    types = rule.slot_types.get(role, ())
    allowed = set(types) | ({"Unknown"} if any(t in _OPEN_TYPES for t in types) else set())
    out: list[int] = []
    end = m.text.index("⟩", match.end(role)) + 1
    for mm in _PLACEHOLDER.finditer(m.text, end):
        gap = m.text[end:mm.start()]
        if ";" in gap or (not clause and not _CONJ.match(gap) and not gap.startswith(" (")) \
                or (clause and _NEW_VERB.search(gap)):
            break
        if mm.group(2) in allowed or "*" in types:
            out.append(int(mm.group(1)))
        if not clause:
            end = mm.end()
    return out


def apply_rules(rules: Sequence[Rule], m: Masked, article: str, lang: str, ctx: Context,
                lex: dict[str, Any]) -> list[RawFact]:
    """All facts the rules find in one masked sentence."""
    out: list[RawFact] = []
    for rule in rules:
        for match in rule.regex.finditer(m.text):
            variants: list[dict[str, int]] = [{}]
            for key, clause in (("spread", False), ("clause_spread", True)):
                roles = rule.spec.get(key) or []
                for role in [roles] if isinstance(roles, str) else roles:
                    variants += [{role: i} for i in _spread(rule, role, match, m, clause)]
            for ov in variants:
                for spec in [rule.spec, *(rule.spec.get("emit_also") or [])]:
                    full = {**{k: rule.spec[k] for k in ("subject", "object") if k not in spec}, **spec}
                    f = _emit(full, rule, match, m, article, lang, ctx, lex, ov)
                    if f:
                        out.append(f)
    return out
