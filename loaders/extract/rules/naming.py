"""Document-level naming: a name recognised once is a name everywhere, with one type voted from cues.

Statistical NER (French) and capitalised-word rules (English) miss names in some sentences and give
the same name different types in others. This pass looks at every non-gazetteer mention of the whole
article, votes a type for each surface form from the words around its occurrences (``type_cues`` in
``lexicon.yaml``: "la start-up X", "X, a cloud startup", "founded by X", "mayor of X", "le
supercalculateur X", "X (@handle)") and from the NER labels, then

* gives every occurrence of that surface the voted type,
* adds the occurrences the recognisers missed (whole words, same capitalisation),
* adds the first word of multi-word organisation names ("Northwind" for "Northwind Compute") and the
  surnames of people ("Chen" for "Maya Chen"), which :class:`~loaders.extract.rules.mentions.Discourse` then
  resolves to the full name,
* ties a short form the article uses on its own to the one organisation whose full name starts or ends
  with it, before or after the full name ("Calmont" and "Groupe Calmont", "Verdane" and "Ciments
  Verdane", "Vantor" and "Vantor Capital"): the short form is that organisation whatever the NER said,
  unless the article used it alone three times before the full name (then the full name is another
  organisation: "Orsenne", then its subsidiary "Orsenne Wines & Spirits"),
* drops English one-word capitalised candidates that only ever occur at the start of a sentence and
  have no cue (sentence-initial common words such as "Elsewhere" or "Racks").

Examples
--------
>>> from loaders.extract.nlp import Mention
>>> text = "La start-up Brume Calcul grandit. Brume Calcul a levé 5 millions d'euros."
>>> segs = [(0, 33), (34, len(text))]
>>> ms = [[Mention(12, 24, "Brume Calcul", "Person", None, "ner")], []]
>>> out = propagate(text, segs, ms, "fr", load_rules().lexicon)
>>> [(m.text, m.type) for seg in out for m in seg]
[('Brume Calcul', 'Organization'), ('Brume Calcul', 'Organization')]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any, Final

from loaders.extract.nlp import STOP_CAPS, Mention, load_gazetteer
from loaders.extract.recognise import ORG_CUE
from loaders.extract.rules.engine import load_rules

__all__ = ["load_rules", "propagate"]

CUE_WEIGHT: Final = 2
NER_WEIGHT: Final = 1
_WINDOW: Final = 60
_OPEN: Final = ("ner", "propn")
#: a short form the article used on its own this often before a longer name that starts with it names
#: another organisation ("le groupe Orsenne" three times, then "Orsenne Wines & Spirits, sa filiale")
LONE_BEFORE_FULL: Final = 3
_FRONTED: Final = re.compile(r"(?:^|[.!?:]\s+|\n)(?:In|At|From|Across|Outside|Inside|Within|Dans|En|À|Au|Aux"
                             r"|Depuis|Chez)\s(?:the\s|le\s|la\s|les\s|l['’])?$")
_CLAUSE_AFTER: Final = re.compile(r",?\s(?:où|where|when|quand|lorsque|dont|whose)\b")
#: an apposition naming a kind of company, after a name no recogniser found ("X, une filiale de")
_APPOSED_FR: Final = (r",\s(?:une?|la|le|l['’])\s?(?:[a-zà-ÿ-]+\s){0,2}?"
                      r"(?:filiale|société|entreprise|start-?up|jeune pousse|PME|fabricant|opérateur"
                      r"|éditeur|cabinet"
                      r"|banque|holding|coopérative"
                      r"|enseigne|exploitant|gestionnaire|développeur|constructeur|équipementier|distributeur"
                      r"|fournisseur|prestataire|sous-traitant|spécialiste)(?![\w-])")
_NAME: Final = r"(?P<name>[A-ZÀ-Ý][\w&’'-]*\w(?:\s[A-ZÀ-Ý][\w&-]*\w){0,3})(?![\w-])"


def _compiled(lex: dict[str, Any]) -> list[tuple[str, str, re.Pattern[str]]]:
    out = []
    for etype, sides in lex["type_cues"].items():
        for side, pattern in sides.items():
            anchor = f"(?:{pattern})$" if side == "before" else f"^(?:{pattern})"
            out.append((str(etype), str(side), re.compile(anchor)))
    return out


def _places_after() -> re.Pattern[str]:
    names = sorted((a for e in load_gazetteer().entries if e.type == "Place" for a in (e.name, *e.aliases)),
                   key=len, reverse=True)
    return re.compile(r"^,\s(?:dans (?:le |la |l['’])?)?(?:" + "|".join(map(re.escape, names)) + r")\b")


def _votes(text: str, m: Mention, cues: list[tuple[str, str, re.Pattern[str]]],
           place_after: re.Pattern[str], heads: re.Pattern[str]) -> Counter[str]:
    v: Counter[str] = Counter()
    before = text[max(0, m.start - _WINDOW):m.start]
    after = text[m.end:m.end + _WINDOW]
    # "In Asia, the company ...", "Illkirch, où la société ...": no appositive follows the name
    fronted = bool(_FRONTED.search(before)) or bool(_CLAUSE_AFTER.match(after))
    for etype, side, rx in cues:
        if side == "after" and fronted:
            continue
        if rx.search(before if side == "before" else after):
            v[etype] += CUE_WEIGHT
    if place_after.search(after):
        v["Place"] += CUE_WEIGHT
    if ORG_CUE.search(before):  # "Britain's water regulator Ofwat": outweighs the NER's places elsewhere
        v["Organization"] += 4 * CUE_WEIGHT
    if heads.match(m.text) or (" " in m.text and m.text.rsplit(" ", 1)[1] in load_gazetteer().org_suffixes):
        v["Organization"] += 2 * CUE_WEIGHT
    if m.source == "ner" and m.type != "Unknown":
        v[m.type] += NER_WEIGHT
    return v


def _occurrences(text: str, surface: str, start: int, end: int) -> list[tuple[int, int]]:
    rx = re.compile(r"(?<![\w@#-])" + re.escape(surface) + r"(?![\w-])")
    return [(start + x.start(), start + x.end()) for x in rx.finditer(text[start:end])]


def propagate(text: str, segments: list[tuple[int, int]], mentions: list[list[Mention]], lang: str,
              lex: dict[str, Any]) -> list[list[Mention]]:
    """Per-segment mentions after document-level typing and propagation (see the module docstring)."""
    cues = _compiled(lex)
    place_after = _places_after()
    heads = re.compile(lex["org_head_names"])
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    cue_votes: dict[str, Counter[str]] = defaultdict(Counter)
    initial_only: dict[str, bool] = {}
    seg_starts = {a for a, _ in segments}
    for seg_ms in mentions:
        for m in seg_ms:
            if m.source in _OPEN and m.source == "ner" and m.type != "Unknown":
                votes[m.text][m.type] += NER_WEIGHT
            if m.source in _OPEN:
                votes.setdefault(m.text, Counter())
    for _etype, side, rx in cues:  # names no recogniser found, right after a strong cue
        if side != "before":
            continue
        for dm in re.finditer(rx.pattern[:-1] + _NAME, text):
            name = dm.group("name")
            if len(name) >= 3 and not load_gazetteer().resolve(name) and name not in votes:
                votes[name] = Counter()
    follow = lex["org_name_follow_fr"] + "|" + _APPOSED_FR
    if lang == "fr":  # names right before a verb only companies use ("Tramontane Calcul a bouclé") or an
        # apposition that says what company it is ("Watteo, une filiale d'Engie")
        for dm in re.finditer(r"(?<![\w@#-])" + _NAME + f"(?:{follow})", text):
            name = dm.group("name")
            if len(name) >= 3 and name.split()[0] not in STOP_CAPS and not re.match(r"[LDQ]['’]", name) \
                    and name not in votes \
                    and not load_gazetteer().resolve(name):
                votes[name] = Counter()
    for surface in list(votes):
        for s, e in _occurrences(text, surface, 0, len(text)):
            occ = Mention(s, e, surface, "Unknown", None, "text")
            v = _votes(text, occ, cues, place_after, heads)
            votes[surface] += v
            cue_votes[surface] += v
            at_start = s in seg_starts or bool(re.search(r"[«“\"]\s*$", text[max(0, s - 3):s]))
            initial_only[surface] = initial_only.get(surface, True) and at_start
    types = {s: v.most_common(1)[0][0] for s, v in votes.items() if +v}
    drop = {s for s, only in initial_only.items()
            if only and lang == "en" and " " not in s and s not in types and not s.isupper()}
    extra: dict[str, str] = {}
    for surface, t in types.items():
        words = surface.split()
        if t == "Organization" and len(words) >= 2 and len(words[0]) >= 4 and words[0][0].isupper() \
                and words[0] not in types and not load_gazetteer().resolve(words[0]) \
                and words[0] not in load_gazetteer().org_suffixes:
            extra.setdefault(words[0], "Organization")
        if t == "Person" and len(words) >= 2 and len(words[-1]) >= 3 and words[-1] not in types:
            extra.setdefault(words[-1], "Person")
    short = _short_forms(types, cue_votes, text)
    drop -= set(short)  # "Skelda's largest shareholder": a short form even at a sentence's start
    extra.update({s: "Organization" for s in short})
    wanted = {**{s: t for s, t in types.items() if len(s) >= 3}, **extra}
    out: list[list[Mention]] = []
    for (a, b), seg_ms in zip(segments, mentions, strict=True):
        kept = [(replace(m, type="Organization", label=short[m.text]) if m.text in short
                 else replace(m, type=types.get(m.text, m.type))) if m.source in _OPEN else m
                for m in seg_ms if not (m.source == "propn" and m.text in drop)]
        taken = [(m.start, m.end) for m in seg_ms]
        for surface, t in sorted(wanted.items(), key=lambda kv: -len(kv[0])):
            for s, e in _occurrences(text, surface, a, b):
                if any(s < te and ts < e for ts, te in taken):
                    continue
                kept.append(Mention(s, e, surface, t, None, "ner", short.get(surface)))
                taken.append((s, e))
        out.append(sorted(kept, key=lambda m: m.start))
    return out


def _alone_before(text: str, short: str, full: str) -> int:
    """How often ``short`` stands alone before ``full`` first appears (its occurrences inside ``full``
    do not count).

    >>> _alone_before("Orsenne buys. Orsenne will. Orsenne Wines & Spirits sells.", "Orsenne",
    ...               "Orsenne Wines & Spirits")
    2
    """
    first = text.find(full)
    inside = _occurrences(text, full, 0, len(text))
    return sum(1 for s, _ in _occurrences(text, short, 0, first if first >= 0 else len(text))
               if not any(a <= s < b for a, b in inside))


def _short_forms(types: dict[str, str], cue_votes: dict[str, Counter[str]], text: str) -> dict[str, str]:
    """Short form -> the one organisation's full name it stands for: the first word of a multi-word name,
    or the last word of a two-word name whose last word is no company suffix ("Groupe Calmont"), when the
    article uses it on its own and no cue types it otherwise; a multi-word name that is another one less its
    company suffixes ("Skjold Wind", "Skjold Wind Systems")."""
    gaz = load_gazetteer()
    claims: dict[str, set[str]] = defaultdict(set)
    people = {w for s, t in types.items() if t == "Person" for w in s.split()}
    for surface, t in types.items():
        words = surface.split()
        if t != "Organization" or len(words) < 2 or gaz.resolve(surface):
            continue
        cands = [words[0]]
        if len(words) == 2 and words[1] not in gaz.org_suffixes:
            cands.append(words[1])
        for w in cands:
            if len(w) >= 4 and w[0].isupper() and w not in STOP_CAPS and w not in gaz.org_suffixes \
                    and not gaz.resolve(w) and w not in people:
                claims[w].add(surface)
    out: dict[str, str] = {}
    for w, longs in claims.items():
        other = cue_votes.get(w, Counter())
        org = other["Organization"] + 2 * CUE_WEIGHT  # being part of the full name counts as a strong cue
        if (types.get(w) == "Person" and other["Person"]) or any(n > org for k, n in other.items()
                                                                 if k != "Organization"):
            continue
        if not _occurrences(text, w, 0, len(text)):
            continue
        full = min(longs, key=lambda s: (text.find(s), s))  # of two full names, the one named first
        if _alone_before(text, w, full) < LONE_BEFORE_FULL:
            out[w] = full
    orgs = [s for s, t in types.items() if t == "Organization" and len(s.split()) >= 2 and not gaz.resolve(s)]
    for s in orgs:  # "Skjold Wind" in the headline for "Skjold Wind Systems": the name less its suffixes
        longer = [x for x in orgs if x.startswith(s + " ")
                  and all(w in gaz.org_suffixes for w in x[len(s) + 1:].split())]
        if len(longer) == 1:
            out[s] = longer[0]
    for w, full in list(out.items()):  # "Skjold" -> "Skjold Wind" -> "Skjold Wind Systems"
        seen = {w}
        while full in out and full not in seen:
            seen.add(full)
            full = out[full]
        out[w] = full
    return out
