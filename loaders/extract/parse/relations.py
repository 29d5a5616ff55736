"""Relations read off the dependency parse: two mentions, the path between them, a trigger lemma on it.

For every pair of resolved mentions in a sentence the path between their anchors
(:mod:`loaders.extract.parse.paths`) is searched for a trigger of ``triggers.yaml``: a verb or noun lemma
of one relation family. The roles the two mentions play relative to the trigger (subject, object,
"by"/"par" agent, "of"/"de" oblique, possessive...) must be one of the predicate's accepted role pairs,
and the entity types must fit; then the fact is emitted in the predicate's direction. A trigger off the
path counts when it hangs from the common ancestor as its object or complement (light verbs: "took a
stake in", "a finalisé le rachat de", "signed a deal to acquire"); naming verbs ("named X its chief
executive", "a nommé X directeur général") take their role noun from their complements. Amounts and
counts (revenue, profit, headcount) are values joined to an organisation through a trigger noun.

Examples
--------
>>> from loaders.model import Entity
>>> from loaders.extract.nlp import pipeline
>>> doc = pipeline("en")("Globex took a 20% stake in Acme.")
>>> args = [Arg(0, 6, Entity("Globex", "Organization")), Arg(27, 31, Entity("Acme", "Organization"))]
>>> [(f.subject.label, f.predicate, f.object.label, f.qualifiers) for f in relations(doc, args, "en")]
[('Globex', 'hasStake', 'Acme', {'quantity': Decimal('20'), 'unit': '%'})]
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Final

from loaders.extract import normalize as nz
from loaders.extract.parse.clauses import NAMING, adjusted, conjuncts, lookup, named_role, typed
from loaders.extract.parse.deals import REGULATOR, decisions, is_regulator_verb, ruling_lemmas
from loaders.extract.parse.describe import categories
from loaders.extract.parse.lexicon import Arg, Lexicon, ParseFact, Spec, load_lexicon
from loaders.extract.parse.paths import Token, adjectival_passive, ancestors, path, role_at, surface_anchor
from loaders.extract.parse.places import places
from loaders.extract.parse.possessives import virtual
from loaders.extract.parse.values import values
from loaders.model import Entity

MAX_PATH: Final = 8
_LIGHT: Final = frozenset(
    {
        "obj",
        "dobj",
        "attr",
        "xcomp",
        "acl",
        "oprd",
        "ccomp",
        "acl:relcl",
        "relcl",
        "nmod",
        "prep",
        "pobj",
        "obl",
        "obl:arg",
        "obl:mod",
        "conj",
    }
)
_GOVERNED: Final = frozenset(
    {"obj", "dobj", "attr", "oprd", "acl", "xcomp", "nmod", "pobj", "prep", "obl:arg", "acomp"}
)
_VERB_POS: Final = frozenset({"VERB", "AUX"})
_NOUN_POS: Final = frozenset({"NOUN", "PROPN", "X", "SYM", "ADJ"})
_PERCENT: Final = re.compile(r"^(?:%|percent|per\s?cent|pour\s?cent|pourcent)$", re.I)


def _args(doc: Any, args: list[Arg]) -> list[tuple[Token, Arg]]:
    out: list[tuple[Token, Arg]] = []
    for a in args:
        span = doc.char_span(a.start, a.end, alignment_mode="expand")
        if span is not None and len(span) and not _adjective(span):
            out.append((surface_anchor(span.root), a))
    return out


def _adjective(span: Any) -> bool:
    """A mention that is a nationality adjective ("the Danish pension fund") names no party."""
    return len(span) == 1 and span.root.pos_ == "ADJ" and span.root.ent_type_ in ("NORP", "")


def _percent(trigger: Token, p: list[Token]) -> Decimal | None:
    for t in [*p, *trigger.subtree]:
        if _PERCENT.match(t.text) or _PERCENT.match(t.lemma_):
            nums = [c for c in (*t.children, t.doc[max(0, t.i - 1)]) if c.like_num]
            if nums:
                try:
                    return nz.parse_number(nums[0].text, "fr" if "," in nums[0].text else "en")
                except ValueError:
                    return None
    return None


def _candidates(p: list[Token], a: Token, b: Token) -> list[tuple[Token, Token | None]]:
    """Trigger tokens on the path, and light-verb complements of the common ancestor (with it)."""
    inner = [t for t in p if t.i not in (a.i, b.i)]
    top = next(
        (
            t
            for t in p
            if t.i not in {x.i for x in ancestors(t)[1:]} and all(t in ancestors(x) for x in (a, b))
        ),
        None,
    )
    out: list[tuple[Token, Token | None]] = [(t, None) for t in inner]
    on_path = {t.i for t in p}
    for t in inner:  # "a créé avec X une coentreprise": the object of a verb on the path
        out += [(c, t) for c in t.children if c.dep_ in ("obj", "dobj") and c.i not in on_path]
    if top is not None:
        for c in top.children:
            if c.dep_ in _LIGHT and c.i not in {t.i for t in p}:
                out.append((c, top))
    return out


def relations(doc: Any, args: list[Arg], lang: str) -> list[ParseFact]:
    """Facts between the resolved mentions of one parsed sentence (offsets relative to ``doc``)."""
    lex = load_lexicon()
    args = [a for a in args if not _place_adjective(doc.text[a.start:a.end], a, lang, lex)]
    anchored = _args(doc, args)
    anchored += virtual(doc, anchored, lang)
    out: list[ParseFact] = []
    for i, (ta, aa) in enumerate(anchored):
        for tb, ab in anchored[i + 1 :]:
            if aa.entity.iri == ab.entity.iri:
                continue
            if ta.i == tb.i:
                out += conjuncts(ta, aa, ab, lang, lex)
                continue
            p = path(ta, tb)
            if not p or len(p) > MAX_PATH:
                continue
            found = [f for f in _pair(p, ta, aa, tb, ab, lang, lex)
                     if not (f.predicate == "locatedIn" and _second_place(ta if f.object is aa.entity else tb,
                                                                          anchored))]
            for preferred in _PREFERRED:  # "owns a 19% stake" is a stake, "chairs its board" a chair
                if any(f.predicate == preferred for f in found):
                    found = [f for f in found if f.predicate == preferred]
                    break
            out += found[:1]
    out += values(doc, anchored, lang, lex)
    out += decisions(doc, anchored, lang, lex)
    out += categories(doc, args, lang)
    out += places(doc, args, lang)
    return out


def _place_adjective(surface: str, a: Arg, lang: str, lex: Any) -> bool:
    """An adjective of place the recogniser made a mention ("le loueur irlandais", "German utility"): for
    the relation classifier; the parse reads it as a word of the description (:mod:`.places`)."""
    return a.entity.type == "Place" and (surface[:1].islower()
                                         or surface.lower() in lex.nationalities.get(lang, {}))


def _second_place(tok: Token, anchored: list[tuple[Token, Arg]]) -> bool:
    """ "based in San Jose, California": the region after the city is not where the company is."""
    return any(a.entity.type == "Place" and t.i == tok.head.i and t.i < tok.i for t, a in anchored)


def _roles(a: Token, b: Token, t: Token, top: Token | None) -> tuple[str | None, str | None]:
    ra, rb = role_at(a, t), role_at(b, t)
    if top is not None or ra is None or rb is None:
        lca = top or t
        ra = ra or _owner(_via_top(a, t, lca), t)
        rb = rb or _owner(_via_top(b, t, lca), t)
    return ra, rb


_POSS_DET: Final = frozenset({"son", "sa", "ses", "leur", "leurs", "its", "their", "his", "her"})


def _owner(role: str | None, t: Token) -> str | None:
    """The subject of the verb governing "sa filiale", "its stake" is the noun's possessor."""
    if role == "agent" and any(c.lower_ in _POSS_DET and c.dep_ in ("det", "poss", "det:poss")
                               for c in t.children):
        return "poss"
    return role


def _via_top(m: Token, t: Token, lca: Token) -> str | None:
    """Role at the light verb that governs the trigger ("Y took a stake", "X was named chief executive")."""
    chain = ancestors(t)
    for k, top in enumerate(chain[1:3], start=1):
        if chain[k - 1].dep_ not in _GOVERNED:
            return None  # only objects and complements of a light verb, not clauses it reports
        if top in ancestors(m)[1:]:
            if top.lemma_.lower() in ruling_lemmas():
                return None  # "the Commission authorised the takeover of X": no party to the takeover
            r = role_at(m, top)
            if r == "patient" and top.lemma_.lower() in NAMING:
                return "agent"
            if r == "agent" and adjectival_passive(chain[k - 1], top):
                return "patient"  # "X is 60% owned by Y"
            return r
    return None


def _pair(p: list[Token], ta: Token, aa: Arg, tb: Token, ab: Arg, lang: str, lex: Lexicon) -> list[ParseFact]:
    out: list[ParseFact] = []
    cands = _candidates(p, ta, tb)
    cands.sort(key=lambda c: -abs(c[0].i - ta.i) if c[1] is None else 99)  # nearest the object side first
    for t, top in cands:
        if top is not None and (
            any(c.dep_ in _POSS_DEPS for c in t.children) or is_regulator_verb(top, lang, lex)
        ):
            continue  # "approved Brightwave's purchase of X": the noun's own possessor is its agent, the
            # regulator no party (its decision: loaders.extract.parse.deals)
        for spec in lookup(t, lang, lex):
            if spec.family == "jointventure" and _describes(t, ta, tb):
                continue  # "X, a joint venture with Y": X is the venture, not a partner in it
            ra, rb = _roles(ta, tb, t, top)
            if ra is None or rb is None:
                continue
            fact = _oriented(spec, ra, aa.entity, rb, ab.entity, t, len(p))
            if fact is not None:
                out.append(adjusted(fact, spec, t, top))
        if t.lemma_.lower() in NAMING and t.pos_ in _VERB_POS:
            out += named_role(t, ta, aa, tb, ab, lang, lex)
    return out


def _describes(t: Token, *mentions: Token) -> bool:
    """Whether the noun ``t`` stands in apposition to one of the mentions ("X, une coentreprise")."""
    return any(t.dep_ == "appos" and t.head.i == m.i for m in mentions)


def _oriented(spec: Spec, ra: str, ea: Entity, rb: str, eb: Entity, t: Token, hops: int) -> ParseFact | None:
    if spec.symmetric:
        ok = {"agent", "partner", "patient", "poss"}
        if ra in ok and rb in ok and not (ra == rb == "patient"):
            s, o = ea, eb
        else:
            return None
    else:
        ways = [(x, y) for (rx, x), (ry, y) in (((ra, ea), (rb, eb)), ((rb, eb), (ra, ea)))
                if (rx, ry) in spec.roles and typed(x, spec.types[0]) and typed(y, spec.types[1])]
        if not ways:
            return None
        s, o = ways[0]
    if not (typed(s, spec.types[0]) and typed(o, spec.types[1])):
        return None
    if spec.regulator and not REGULATOR.search(s.label):
        return None
    quals: dict[str, Any] = {}
    if spec.percent:
        pct = _percent(t, [])
        if pct is None and t.lemma_.lower() not in _STAKE_WORDS:
            return None
        if pct is not None:
            quals = {"quantity": pct, "unit": "%"}
    if spec.money:
        quals.update(_money_near(t))
    if spec.role:
        if any(c.lower_ in _FORMER for c in t.children) or t.doc[max(0, t.i - 1)].lower_ in _FORMER:
            return None  # "a former Intel engineer", "ancien directeur financier de X": no longer held
        mods = [c for c in t.lefts if c.dep_ in ("compound", "amod") and not c.ent_type_]
        quals["role"] = " ".join(x.text for x in [*mods, t]).lower()  # "utilities analyst"
    if spec.inverse:
        s, o = o, s
    if spec.predicate == "owns" and not spec.inverse and t.pos_ in _VERB_POS:
        pct = _percent(t, [])
        if pct is not None:  # "60% owned by X", "owns 22% of Y": a stake, not control
            return ParseFact("hasStake", "shareholding", "holds a stake in", s, o,
                             {"quantity": pct, "unit": "%"}, t.lemma_.lower(), hops)
    return spec.fact(s, o, t.lemma_.lower(), hops, quals)


_MONEY: Final = re.compile(nz.MONEY_RE)
_PREFERRED: Final = ("hasStake", "chairOf", "ceoOf", "cofounded")
_FORMER: Final = frozenset({"former", "ex", "ex-", "ancien", "ancienne", "onetime", "erstwhile"})
_POSS_DEPS: Final = frozenset({"poss", "nmod:poss"})
_STAKE_WORDS: Final = frozenset({"stake", "participation", "shareholding", "shareholder", "actionnaire"})


def _money_near(t: Token) -> dict[str, Any]:
    """The amount stated in the trigger's clause ("for $1.2 billion", "une amende de 30 millions d'euros")."""
    clause = ancestors(t)[min(2, len(ancestors(t)) - 1)]
    lo, hi = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text)
    text = t.doc.text
    for m in sorted(_MONEY.finditer(text, lo, hi), key=lambda m: abs(m.start() - t.idx)):
        try:
            amount, cur = nz.parse_money(m.group(0), "fr" if "," in m.group(0) or "€" in m.group(0) else "en")
        except ValueError:
            continue
        return {"amount": amount, "currency": cur}
    return {}
