"""Mentions found by pattern in a segment: acronyms with their long form and the descriptions and
pronouns that refer back to an organisation or a person.

* **Acronyms**: a long form before its acronym in brackets, its words capitalised ("Commission nationale
  du débat public (CNDP)") or not ("Direction générale de l'aviation civile (DGAC)", "Autorité de contrôle
  prudentiel et de résolution (ACPR)"): the longest tail starting with a capital whose initials spell it.
* **Organisation anaphors**: the lexicon's ("la société", "the company", pronouns before company verbs)
  and a few more descriptions ("la banque", "l'établissement", "the bank"), the merged company after a
  deal ("le nouvel ensemble", "the enlarged group"), the noun of "the Reading-based utility". A noun
  right before a name, after one adjective or a "de" complement, is a category, not an anaphor ("la
  compagnie espagnole Celtair", "le groupe de travaux publics Duvernay").
* **"Ce dernier", "the latter"**: the last person or organisation named.

Examples
--------
>>> [(m.text, m.source) for m in acronym_mentions("la Direction générale de l'aviation civile (DGAC) a", 0)]
[("Direction générale de l'aviation civile", 'acronym'), ('DGAC', 'acronym-short')]
"""

from __future__ import annotations

import re
from typing import Any, Final

from loaders.extract.nlp import Mention
from loaders.extract.rules.anaphora import adjective

__all__ = ["acronym_mentions", "anaphor_mentions"]

_ACRONYM: Final = re.compile(
    r"((?:[A-ZÀ-Ý][\w&’'-]*,?\s+)(?:[\w&’'-]+,?\s+){0,9}?[\w&’'-]*[\w&-])\s\(([A-Z][A-Z0-9&]{1,9})\)"
)
_SMALL_WORDS: Final = frozenset({"de", "du", "des", "la", "le", "les", "et", "en", "à", "au", "aux", "of",
                                 "and", "the", "for", "on", "in", "d'", "l'", "d’", "l’", "&"})
# one adjective between an anaphor noun and a name: "la start-up lyonnaise Brume" (not "la société avec X")
_ANAPHOR_ADJ: Final = r"(?:\s(?!(?:de|du|des|avec|et|à|par|pour|en|dans|sur)\s)[a-zàâçéèêëîïôûù-]+)?\s"
#: more descriptions of organisations than the lexicon's ("la banque", "l'établissement bordelais")
_MORE_ANAPHORS: Final = (r"(?<!, )(?:[Ll]a banque|[Ll]['’]établissement|[Ll]e cimentier|[Ll]e loueur"
                         r"|[Ll]a biotech|[Tt]he bank|[Tt]he chipmaker|[Tt]he lessor"
                         # a fund, a public body, a union: resolved among organisations of that kind only
                         r"|[Ll]e fonds|[Tt]he fund|[Tt]he regulator|[Ll]e régulateur|[Ll]e gendarme"
                         r"|[Tt]he watchdog|[Ll]e syndicat|[Tt]he union|[Tt]he agency|[Ll]['’]autorité"
                         r"|[Tt]he authority"
                         # the merged company after a takeover is the buyer's
                         r"|[Ll]e nouvel ensemble|[Ll]e nouveau groupe|[Tt]he enlarged (?:group|company)"
                         r"|[Tt]he combined (?:group|company|entity)|[Tt]he merged (?:group|company|entity))"
                         r"(?![\w-])")
_BASED_ANAPHOR: Final = re.compile(
    r"\b[Tt]he [A-Z][\w-]*-based (?P<noun>company|group|firm|utility|startup|start-up|maker|bank|lender"
    r"|operator|developer|manufacturer|carrier|airline|insurer|supplier)\b")
#: more clause-opening pronouns for the salient organisation than the lexicon's: English "It" before a modal
#: or a company verb, French "Elle" opening a sentence before one
_MORE_PRONOUNS: Final = {
    "en": r"(?:^|(?<=[.;] )|(?<=, and )|(?<=, but ))It(?= (?:also |still |now |already )?"
          r"(?:may|might|could|can|must|should|intends|aims|wants|needs|makes|sells|buys|builds|supplies|provides|serves|controls|posted"
          r"|plans|expects|agreed|announced)\b)",
    "fr": r"(?:^|(?<=[.;] ))Elle(?= (?:(?:a|avait|aura) )?(?:réalisé|réalise|prévoit|prévu|pourrait|devra"
          r"|devrait|compte|revendique|emploie|employait|exploite|exploitait|détient|détenait|annoncé|indiqué|précisé"
          r"|possède|possédait|contrôle|produit|fabrique|vend|vendu|commercialise|dispose|affiche|affichait"
          r"|enregistré|dégagé|levé|lève|racheté|rachète|acquis|cédé|signé|conclu|obtenu|remporté|investi"
          r"|investit|fournit|fourni|livre|livré|construit|développe|développé|opère|gère|dirige"
          r"|est (?:basée|implantée|installée|détenue|contrôlée|cotée|présidée|dirigée|spécialisée"
          r"|filiale))\b)",
}
_PERSON_PRONOUN: Final = re.compile(r"(?:^|(?<=[.;] )|(?<=, and )|(?<=, but ))(?:He|She)(?= [a-z])")
_LATTER: Final = re.compile(r"(?<![\w-])(?:[Cc]e dernier|[Cc]ette dernière|[Tt]he latter)(?![\w-])")
_CATEGORY_OF: Final = re.compile(r"\s(?:(?:de|du|des|of)\s|d['’])(?:[a-zà-ÿ][\w’'-]*\s){1,3}")


def initials(name: str) -> tuple[str, str]:
    """Initials of the capitalised words, and of every word but the small ones.

    >>> initials("Autorité de contrôle prudentiel et de résolution")
    ('A', 'ACPR')
    """
    words = [w for w in re.split(r"[\s,]+", name) if w]
    content = [w.split("’")[-1].split("'")[-1] for w in words if w.lower() not in _SMALL_WORDS]
    return ("".join(w[0] for w in words if w[0].isupper()),
            "".join(w[0].upper() for w in content if w and w[0].isalpha()))


def acronym_mentions(seg: str, seg_start: int) -> list[Mention]:
    """Long forms and their acronyms defined in a segment, as mention pairs."""
    out: list[Mention] = []
    for am in _ACRONYM.finditer(seg):
        long, short = am.group(1).strip(), am.group(2)
        words = list(re.finditer(r"[^\s,]+", long))
        k = next((k for k in range(len(words))
                  if words[k].group(0)[0].isupper()
                  and words[k].group(0).lower() not in _SMALL_WORDS
                  and short in initials(long[words[k].start():])), None)
        if k is not None:
            long = long[words[k].start():]
            a = seg_start + am.start(1) + words[k].start()
            out.append(Mention(a, a + len(long), long, "Organization", None, "acronym"))
            b = seg_start + am.start(2)
            out.append(Mention(b, b + len(short), short, "Organization", None, "acronym-short"))
    return out


def anaphor_mentions(seg: str, seg_start: int, lex: dict[str, Any], lang: str, named_starts: set[int]
                     ) -> list[Mention]:
    """Organisation anaphors and "ce dernier" mentions of a segment (see the module docstring)."""
    out: list[Mention] = []
    pronouns = lex["org_pronouns_en" if lang == "en" else "org_pronouns_fr"]
    anaphors = "|".join((lex["org_anaphors"], lex["org_anaphors_extra"], _MORE_ANAPHORS, pronouns,
                         _MORE_PRONOUNS.get(lang, "(?!)")))
    for an in re.finditer(anaphors, seg):
        after = re.match(_ANAPHOR_ADJ, seg[an.end():])
        if after and after.group(0).strip() and not adjective(after.group(0).strip(), lex):
            after = None  # "La start-up développe Mistou": a verb, so the anaphor stands alone
        cat = _CATEGORY_OF.match(seg[an.end():])  # "le groupe de travaux publics Duvernay": a category
        if re.match(r"\s[A-Z@]", seg[an.end():an.end() + 2]) or (
                after and seg_start + an.end() + after.end() in named_starts) or (
                cat and seg_start + an.end() + cat.end() in named_starts):
            continue
        a = seg_start + an.start()
        out.append(Mention(a, a + len(an.group(0)), an.group(0), "Organization", None, "anaphor"))
    if lang == "en":  # "She replaces X", "He will join the board": the person named last
        for an in _PERSON_PRONOUN.finditer(seg):
            a = seg_start + an.start()
            out.append(Mention(a, a + len(an.group(0)), an.group(0), "Person", None, "latter"))
    for an in _LATTER.finditer(seg):
        a = seg_start + an.start()
        out.append(Mention(a, a + len(an.group(0)), an.group(0), "Person", None, "latter"))
    for an in _BASED_ANAPHOR.finditer(seg):  # "the Reading-based utility": the noun is the anaphor
        a = seg_start + an.start("noun")
        out.append(Mention(a, a + len(an.group("noun")), an.group("noun"), "Organization", None, "anaphor"))
    return out
