"""Extra mentions that no recogniser finds: public bodies, named facilities and machine references.

* **Public bodies** named by a kind and a place ("the Mesa city council", "le conseil municipal de
  Crolles", "la préfecture de l'Isère", "the Laramie County commission") become organisations; the
  place in their name is remembered as the *locality* the article is talking about, so that a bare
  title ("Mayor Dana Whitcomb") can name the place it belongs to.
* **Named facilities**: a name right before a facility noun after a determiner ("the 1.2 GW Stargate
  campus") is one facility, "Stargate campus".
* **Machine references**: "cette machine", "ce système", "this system", "the machine" refer back to the
  last supercomputer named in the last few segments (see :class:`~loaders.extract.rules.mentions.Discourse`).

The patterns are data (``public_bodies``, ``machine_nouns`` and ``localities`` in ``lexicon.yaml``).

Examples
--------
>>> from loaders.extract.rules.engine import load_rules
>>> lex = load_rules().lexicon
>>> text = "Le conseil municipal de Crolles a approuvé le permis. The Mesa city council agreed."
>>> [(m.text, place) for m, place in body_mentions(text, 0, lex)]
[('conseil municipal de Crolles', 'Crolles'), ('Mesa city council', 'Mesa')]
>>> [m.text for m in machine_mentions("Cette machine atteint 1 exaflops.", 0, lex)]
['machine']
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final

from loaders.extract.nlp import Mention

__all__ = ["body_mentions", "facility_kinds", "locality_cue", "machine_mentions", "named_facilities"]

#: how many segments back a machine reference may reach
MACHINE_REACH: Final = 3
# what only a machine does: "…, il doit entrer en service en 2026", "it is expected to come online"
MACHINE_VERB: Final = re.compile(
    r" (?:doit|devrait|va) (?:entrer en service|être mise? en service)"
    r"| (?:will|should|is expected to|is due to) (?:come online|enter service|be switched on)"
    r"| (?:atteint|atteindra|delivers|reaches|will reach)\b")


#: more nouns that make "the X plant" one facility named X plant, besides the lexicon's ("the Sonning plant")
_MORE_NAMED_FACILITY_NOUNS: Final = ("plant", "factory", "wind farm", "solar farm", "power plant", "refinery",
                                     "terminal", "mine", "smelter", "works", "yard", "depot")


#: more facility nouns (and their kind) than the lexicon's: "la cimenterie de X", "the assembly plant"
_MORE_FACILITY_NOUNS: Final = {
    "cimenterie": "cement plant", "centre de broyage": "grinding plant",
    "site de production": "production site",
    "assembly plant": "assembly plant", "engineering center": "office", "engineering centre": "office",
    "blade factory": "factory", "treatment works": "treatment works", "aciérie": "steelworks",
    "steelworks": "steelworks", "smelter": "smelter", "entrepôt logistique": "warehouse",
}


def facility_kinds(lex: dict[str, Any]) -> dict[str, str]:
    """Facility noun -> the kind of facility it names, the lexicon's and this module's."""
    return {**_MORE_FACILITY_NOUNS, **{str(k): str(v) for k, v in lex["facility_nouns"].items()}}


@lru_cache(maxsize=4)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def body_mentions(seg: str, seg_start: int, lex: dict[str, Any]) -> list[tuple[Mention, str]]:
    """Public-body mentions of a segment (its text and its offset), each with the place its name contains."""
    out: list[tuple[Mention, str]] = []
    for pattern in lex["public_bodies"]:
        for bm in _compiled(pattern).finditer(seg):
            a, b = seg_start + bm.start("name"), seg_start + bm.end("name")
            out.append((Mention(a, b, bm.group("name"), "Organization", None, "body"), bm.group("place")))
    return sorted(out, key=lambda mp: mp[0].start)


def machine_mentions(seg: str, seg_start: int, lex: dict[str, Any]) -> list[Mention]:
    """Demonstrative or definite references to a machine ("cette machine", "the system") in a segment."""
    rx = _compiled(r"(?<![\w-])" + lex["machine_determiners"] + r"\s(?:" + lex["facility_superlative"]
                   + r")?(" + "|".join(map(re.escape, lex["machine_nouns"])) + r")(?![\w-])")
    return [Mention(seg_start + m.start(1), seg_start + m.end(1), m.group(1), "Facility", m.group(1).lower(),
                    "machine") for m in rx.finditer(seg)]


def named_facilities(text: str, named: list[Mention], lex: dict[str, Any]) -> list[Mention]:
    """Named mentions followed by a facility noun after a determiner, widened to a facility mention."""
    nouns = "|".join(map(re.escape, sorted({*lex["named_facility_nouns"], *_MORE_NAMED_FACILITY_NOUNS},
                                           key=len, reverse=True)))
    after = _compiled(r" (?:" + nouns + r")(?![\w-])")
    before = _compiled(r"(?:\b(?:the|its|their|le|la|son|sa|leur)\s(?:(?:planned|proposed|future|new|existing"
                       r"|offshore|onshore|former)\s)?(?:" + lex["facility_measure"] + r")?)$")
    out: list[Mention] = []
    for m in named:
        tail = after.match(text, m.end)
        if m.type in ("Unknown", "Organization", "Place", "Person") and m.source != "gazetteer" and tail \
                and before.search(text, max(0, m.start - 40), m.start):
            end = tail.end()
            out.append(Mention(m.start, end, text[m.start:end], "Facility", None, "named-facility"))
        else:
            out.append(m)
    return out


def locality_cue(text: str, m: Mention, lex: dict[str, Any]) -> bool:
    """Whether a place mention names a town the article is about ("mayor of X", "X, Texas")."""
    cues = lex["localities"]
    return bool(_compiled("(?:" + cues["before"] + ")$").search(text, max(0, m.start - 40), m.start)
                or _compiled(cues["after"]).match(text, m.end))
