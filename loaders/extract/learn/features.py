"""Sparse features of a candidate pair: strings, later mapped to weights by the model's vocabulary.

Nothing names an entity: the features are the dependency path between the two anchors (lemmas and
labels; for French also the word clusters of its verbs and nouns, :mod:`.clusters`), the lemmas between
the mentions, the word governing each end and the preposition introducing it ("commandé ... au constructeur",
"bought from"), trigger-lexicon hits (``parse/triggers.yaml``) on the path
and in the sentence, the two types (an organisation's also refined by its name: court, public body,
family, fund, bank, union) and the object kind, order, distance, negation and modality cues
and the language.

Examples
--------
>>> from loaders.extract.nlp import pipeline
>>> from loaders.extract.learn.candidates import candidates
>>> from loaders.extract.parse.lexicon import Arg
>>> from loaders.model import Entity
>>> doc = pipeline("en")("Acme acquired Globex.")
>>> acme, globex = Entity("Acme", "Organization"), Entity("Globex", "Organization")
>>> c = candidates(doc, [Arg(0, 4, acme), Arg(14, 20, globex)], "en")[0]
>>> f = features(doc, c, "en")
>>> "pl=acquire" in f and "tt=Organization>Organization" in f and f == features(doc, c, "en")
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final

from loaders.extract.learn.candidates import Candidate
from loaders.extract.learn.clusters import cluster_of
from loaders.extract.parse.lexicon import keys, load_lexicon
from loaders.extract.parse.paths import Token, marker, path, role_at

__all__ = ["features", "sentence_context"]

_NEG: Final = frozenset({"not", "never", "no", "pas", "jamais", "aucun", "aucune", "ni", "n't", "non"})
_MODAL: Final = frozenset({
    "will", "would", "could", "may", "might", "should", "plan", "expect", "aim", "intend", "propose",
    "pouvoir", "devoir", "prévoir", "envisager", "viser", "projeter", "compter", "aller", "sera", "serait"})
_MAX_PATH: Final = 12
#: kinds of organisation by name, which relations care about (a fund holds stakes, a court or an authority
#: fines and approves, a family controls)
_KINDS: Final = (
    ("court", re.compile(r"(?i)\b(?:tribunal|cour|court|conseil d['’]état|prud['’]hommes)\b")),
    ("public", re.compile(r"(?i)\b(?:autorité|authority|commission|ministère|ministry|department|agence"
                          r"|agency|préfecture|régulateur|regulator|office|conseil|council|board|administration"
                          r"|gouvernement|government|état|state|région|city|ville|métropole|cnil|amf|acpr|arcep"
                          r"|ofcom|ofwat|fca|sec|ftc|cma|fda|ema|doj)\b")),
    ("family", re.compile(r"(?i)^famille\b|\bfamily$")),
    ("fund", re.compile(r"(?i)\b(?:capital|partners|ventures|fund|fonds|equity|investments?|investissements?"
                        r"|invest|gestion|asset management|infrastructure)\b")),
    ("bank", re.compile(r"(?i)\b(?:bank|banque|crédit|bnp|société générale|natixis|lazard|rothschild)\b")),
    ("union", re.compile(r"(?i)\b(?:syndicat|union|cgt|cfdt)\b")),
)


def _type(x: Any) -> str:
    return str(getattr(x, "type", "Value"))


def _kind(x: Any) -> str:
    """The type of an end, an organisation's refined by its name (court, public body, family, fund...)."""
    t = _type(x)
    if t != "Organization":
        return t
    label = str(getattr(x, "label", ""))
    return next((k for k, rx in _KINDS if rx.search(label)), "company")


def _descriptors(t: Token) -> list[str]:
    """Common nouns that describe a name in the tree: its appositions and the noun it names ("le
    constructeur Carélec", "Pellinor, a contract manufacturer")."""
    out = [c.lemma_.lower() for c in t.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if t.dep_ in ("appos", "flat", "flat:name", "compound", "nmod") and t.head.pos_ == "NOUN":
        out.append(t.head.lemma_.lower())
    return out


def _bucket(n: int) -> str:
    return str(n) if n <= 4 else ("5-7" if n <= 7 else ("8-12" if n <= 12 else "13+"))


@lru_cache(maxsize=1)
def _trigger_tables() -> dict[str, dict[str, list[str]]]:
    """lang -> lookup key -> names of the predicates or values it triggers."""
    lex = load_lexicon()
    out: dict[str, dict[str, list[str]]] = {}
    for table in (lex.verbs, lex.nouns):
        for lang, words in table.items():
            for w, specs in words.items():
                out.setdefault(lang, {}).setdefault(w, []).extend(s.predicate for s in specs)
    for lang, vwords in lex.values.items():
        for w, vspecs in vwords.items():
            out.setdefault(lang, {}).setdefault(w, []).extend(f"v:{s.name}" for s in vspecs)
    return {lang: {w: sorted(set(n)) for w, n in t.items()} for lang, t in out.items()}


def _hits(tok: Token, lang: str) -> list[str]:
    table = _trigger_tables().get(lang, {})
    return sorted({n for k in keys(tok) for n in table.get(k, ())})


def sentence_context(doc: Any, lang: str) -> dict[int, list[str]]:
    """Token index -> trigger names, for the tokens of the sentence that are triggers."""
    return {t.i: h for t in doc if t.pos_ in ("VERB", "NOUN", "ADJ", "AUX") and (h := _hits(t, lang))}


def _lemma(t: Token) -> str:
    return t.lemma_.lower() if t.pos_ not in ("PROPN", "NUM") else t.pos_


def features(doc: Any, c: Candidate, lang: str, triggers: dict[int, list[str]] | None = None) -> list[str]:
    """Feature strings of one candidate (sorted, no duplicates)."""
    trig = sentence_context(doc, lang) if triggers is None else triggers
    a, b = doc[c.s_tok], doc[c.o_tok]
    tt = f"{_type(c.subject)}>{c.kind if c.kind != 'entity' else _type(c.object)}"
    f = {f"lang={lang}", f"tt={tt}", f"kind={c.kind}", f"ord={'ab' if c.s_span[0] < c.o_span[0] else 'ba'}",
         f"adep={a.dep_}", f"bdep={b.dep_}", f"tt|adep={tt}|{a.dep_}", f"tt|bdep={tt}|{b.dep_}"}
    for end, t in (("a", a), ("b", b)):  # what governs each end, and the preposition that introduces it
        f.add(f"{end}head={_lemma(t.head)}|{t.dep_}")
        for d in _descriptors(t):
            f.add(f"{end}desc={d}")
        if (m := marker(t)) is not None:
            f.add(f"{end}case={m}")
            f.add(f"{end}case|head={m}|{_lemma(t.head if t.dep_ != 'pobj' else t.head.head)}")
    kt = f"{_kind(c.subject)}>{c.kind if c.kind != 'entity' else _kind(c.object)}"
    f |= {f"kt={kt}", f"ks={_kind(c.subject)}"}
    unit = getattr(c.object, "unit", None)
    if unit:
        f.add(f"unit={unit if unit in ('%', 'MW', 'GW') else 'cur' if len(unit) == 3 else 'perf'}")
    if c.kind == "desc":
        f.add(f"ob={b.lemma_.lower()}")
    lo, hi = sorted((c.s_span, c.o_span))
    between = [t for t in doc if lo[1] <= t.idx < hi[0]]
    f.add(f"dist={_bucket(len(between))}")
    for t in between[:10]:
        if not t.is_punct:
            f.add(f"bw={_lemma(t)}")
    if between and between[0].is_punct:
        f.add(f"bw0={between[0].text}")
    if not between:
        f.add("adjacent")
    p = path(a, b) if a.i != b.i else [a]
    if not p or len(p) > _MAX_PATH:
        f.add("path=far")
        p = []
    else:
        f.add(f"plen={_bucket(len(p))}")
        inner = p[1:-1]
        lca = min(p, key=lambda t: len(list(t.ancestors)))
        f.add(f"lca={_lemma(lca)}")
        f.add(f"tt|lca={tt}|{_lemma(lca)}")
        f.add(f"kt|lca={kt}|{_lemma(lca)}")
        deps = "/".join(t.dep_ for t in p)
        f.add(f"pdeps={deps}")
        if len(inner) <= 4:
            f.add("path=" + "/".join(f"{_lemma(t)}:{t.dep_}" for t in inner))
            f.add(f"tt|path={tt}|" + "/".join(_lemma(t) for t in inner))
        for t in inner:
            f.add(f"pl={_lemma(t)}")
            f.add(f"tt|pl={tt}|{_lemma(t)}")
            if t.pos_ in ("VERB", "NOUN") and (k := cluster_of(t)) is not None:  # kin words (French only)
                f.add(f"pc={k}")
                f.add(f"tt|pc={tt}|{k}")
            for h in trig.get(t.i, ()):
                f.add(f"tp={h}")
                f.add(f"tt|tp={tt}|{h}")
                ra, rb = role_at(a, t), role_at(b, t)
                f.add(f"tp|roles={h}|{ra}|{rb}")
    for i, names in trig.items():
        near = abs(i - a.i) <= 6 or abs(i - b.i) <= 6
        for h in names:
            f.add(f"ts={h}")
            if near:
                f.add(f"tn={h}")
    window = [t for t in doc if min(a.i, b.i) - 3 <= t.i <= max(a.i, b.i) + 3]
    if any(t.dep_ == "neg" or t.lower_ in _NEG for t in window):
        f.add("neg")
    for t in window:
        if t.lemma_.lower() in _MODAL or t.lower_ in _MODAL:
            f.add(f"mod={t.lemma_.lower()}")
    return sorted(f)
