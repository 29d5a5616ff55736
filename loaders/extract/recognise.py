"""Named mentions of one parsed segment: gazetteer names (the entity ruler), the statistical NER's names
typed by their context, and, in English, capitalised-word candidates the NER missed.

Context typing of names the gazetteer does not know: a company noun before the name ("la start-up
bordelaise X", "le groupe de travaux publics X", "Britain's water regulator X") or a company word ending
it ("X Materials", "X Pension Plan") makes an organisation; the English NER's places (GPE, LOC) are
places unless such a cue says otherwise, its nationality words ("Canadian") and dates ("Dec") are no
names at all. Titles are not part of a person's name ("Me Laurent Quéméner", "Chairman Sir Peter
Lomax"); a company suffix the NER left out is ("Fintry" + "Capital"). In a wire dateline ("LONDON, Dec
1 (Agency) -") the agency placeholder is dropped and the town is a place.

Examples
--------
>>> from loaders.extract.nlp import pipeline
>>> text = "LONDON, Dec 1 (Agency) - Britain's water regulator Ofwat fined the Canadian firm."
>>> [(m.text, m.type) for m in doc_mentions(pipeline("en")(text), 0, "en")]
[('LONDON', 'Place'), ('Britain', 'Place'), ('Ofwat', 'Organization')]
"""

from __future__ import annotations

import re
from typing import Any, Final

from loaders.extract.nlp import STOP_CAPS, Mention, load_gazetteer

__all__ = ["ORG_CUE", "TITLES", "doc_mentions"]

_NER_TYPES: Final = {"PER": "Person", "PERSON": "Person", "ORG": "Organization", "LOC": "Place",
                     "GPE": "Place"}
#: English NER labels that say a capitalised word is no name ("Canadian", "Dec 1")
_NOT_NAMES: Final = ("NORP", "DATE", "TIME")
#: what a DATE or TIME entity must hold to be one (the small English NER also tags unknown names
#: "DATE": "The energy regulator Voltar on Monday ...")
_DATE_LIKE: Final = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s|$)|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:year|month|week|day|quarter|decade|century|"
    r"spring|summer|autumn|fall|winter|today|yesterday|tomorrow|tonight|morning|afternoon|evening|"
    r"night|noon|midnight|hour|minute|christmas|easter|ago|annual|daily|weekly|monthly|fiscal)s?\b",
    re.IGNORECASE)
_LEADING_JUNK: Final = re.compile(r"^(?:(?:[LlDd]['’]|[Ll]es? |[Ll]a |[Tt]he |[Dd]u |[Dd]es? |@)\s*)+")
_PROPN: Final = re.compile(
    r"(?<![\w@#])(?:[A-Z][\w&.\-]*[A-Za-z0-9]|[A-Z])(?:\s+(?:(?:of|de|du|des|la|&|for)\s+(?:the\s+)?)?"
    r"(?:[A-Z][\w&.\-]*[A-Za-z0-9]))*"
)
#: "for" joins two capitalised runs only after a body's head ("State Administration for Market Regulation")
_FOR_HEADS: Final = re.compile(r"(?:Administration|Agency|Office|Commission|Council|Institute|Centre|Center"
                               r"|Department|Ministry|Authority|Bureau|Foundation|Association|Alliance|Fund"
                               r"|Coalition|Federation|Union|Committee|Board|Trust|Society|Organi[sz]ation"
                               r"|Chamber|Court|Service|Inspectorate|Directorate|Commissioner|Ombudsman)$")
#: "and" continues a body's name after its "for"/"of" ("Department for Business and Trade", "Authority for
#: Consumers and Markets"), with one or two more capitalised words no recogniser typed
_BODY_OF: Final = re.compile(r"\b(?:" + _FOR_HEADS.pattern[3:-2] + r")\s(?:for|of)\s")
_AND_MORE: Final = re.compile(r" and ((?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?![\w-]| [A-Z])")
_COMPANY_NOUNS: Final = (
    r"société|groupe|entreprise|start-?up|association|fonds|opérateur|fabricant|laboratoire|constructeur"
    r"|équipementier|consortium|compagnie|firme|PME|filiale|company|firm|group|carrier|operator|maker|fund"
    r"|startup|utility|airline|developer|manufacturer|drugmaker|subsidiary|rival|competitor|concurrent"
    r"|unit|insurer|lender|bank|banque|transporteur|fournisseur|supplier|distributeur|biotech|chimiste|assureur"
    r"|shipper|retailer|distributor|automaker|pharmacien|énergéticien|exploitant|client|customer"
    r"|regulator|watchdog|régulateur|loueur|lessor|chipmaker|distributor|conglomerate|conglomérat|holding"
    r"|investor|investisseur|broker|courtier|contractor|sous-traitant|armateur|cimentier|sidérurgiste")
_ADJ: Final = (r"[a-zà-ÿ][\w-]*(?:aise|ais|oise|ois|ienne|ien|aine|ain|ique|ale|al|ée|ante|ente|elle|euse|ive"
               r"|ole|ande|onne|based|ish|ese|ic|an|ed|ing|aire)")
#: a generic organisation noun right before a name types it: "la start-up bordelaise X", "the Lyon-based
#: maker X", "l'association X", "le groupe de travaux publics X", "la compagnie aérienne régionale X",
#: "gas distributor X"
ORG_CUE: Final = re.compile(
    r"(?i:\b(?:" + _COMPANY_NOUNS + r"))"
    r"(?:\s(?:(?:de|du|des|of)\s|d['’])[a-zà-ÿ][\w-]*(?:\s[a-zà-ÿ][\w-]*)?|(?:\s" + _ADJ + r"){1,2})?\s$")
#: a name right after "in", "near", "outside" is more often a town than the company the NER says
_LOCATIVE: Final = re.compile(r"\b(?:in|near|outside|at|across)\s$")
_IN_PLACE: Final = re.compile(r"\b(?:in|near|outside)\s$")
_LOCATIVE_FR: Final = re.compile(
    r"(?i:\b(?:à|au|aux|en|près de|dans|vers|ville de|sur)(?:\s(?:le|la|les))?(?:\s|\sl['’]|l['’])$)")
_CIVIC: Final = re.compile(r"\s(?:city|county|town|state|area|region|mayor|council|voters|residents"
                            r"|cluster|campus|site|plant|facility|data|project|factory|wind|solar|mine|terminal|airport|port)\b")
_PARTICIPLE: Final = re.compile(
    r"(?:(?:Install|Bas|Implant|Situ|Cré|Fond|Exploit|Financ)ée?s?|(?:Détenu|Soutenu|Établi)e?s?)")
#: words before a person's name that are not part of it
TITLES: Final = frozenset({
    "Me", "Maître", "Sir", "Dame", "Lord", "Lady", "Chairman", "Chairwoman", "Chair", "Interim", "Acting",
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Prof", "Prof.", "Professor", "M.", "Mme", "Mlle",
    "Judge", "Former", "Deputy", "Vice"})
#: a wire dateline: "LONDON, Dec 1 (Agency) - ", "BRUXELLES, 1er décembre (Agence) - "
_DATELINE: Final = re.compile(r"^(?P<town>[A-ZÀ-Ý][\w' .-]{0,30}[\wÀ-Ý])(?:, [A-Z][\w .]+?)?"
                              r"(?P<date>, [^()\n]{1,30}?)? \((?P<agency>[^()\n]{2,30})\) ?[-–—]")
#: first words that make a multi-word name an organisation's ("Laboratoires Merval", "Groupe Calmont")
_FRONT_HEADS: Final = re.compile(
    r"(?:Laboratoires?|Groupe|Group|Banque|Bank|Compagnie|Société|Ciments|[ÉE]ditions|Transports|[ÉE]tablissements"
    r"|Chantiers|Caisse|Crédit|Mutuelle|Fondation|Institut|Université|University|Cabinet|Agence|Autorité"
    r"|Commission|Conseil|Tribunal|Cour|Office|Constructions|Industries|Assurances) ")
_NATIONALITY: Final = re.compile(r"[A-Z][a-z]+(?:ish|ese|ian|ean)|French|Dutch|Czech|German|American|Mexican"
                                 r"|Korean|African|Moroccan|Cuban|Chilean|Thai|Greek|Swiss")
_FUND_HEADS: Final = ("Fund", "Capital", "Ventures", "Partners", "Investments", "Commission", "Council",
                      "Board", "Authority", "Foundation", "Cloud", "Labs", "Research", "Department")


def doc_mentions(doc: Any, offset: int, lang: str) -> list[Mention]:
    """Mentions found by the ruler, the statistical NER and (English) proper-noun rules, sorted."""
    text = doc.text
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    typed: dict[tuple[int, int], str] = {}
    not_names: list[tuple[int, int]] = []
    dl = _DATELINE.match(text)
    if dl and (dl.group("town").isupper() or dl.group("date")):  # not "Halvern Semiconductor (HLV) -"
        # the agency placeholder is nobody; the town is a place
        not_names.append(dl.span("agency"))
        out.append(Mention(offset + dl.start("town"), offset + dl.end("town"), dl.group("town"), "Place",
                           None, "dateline"))
        taken.append(dl.span("town"))
    for ent in doc.ents:
        if any(a <= ent.start_char < b for a, b in [*not_names, *taken]):
            continue
        if lang == "en" and not ent.ent_id_:
            if ent.label_ in _NER_TYPES:  # types for the proper-noun candidates below
                typed[(ent.start_char, ent.end_char)] = _NER_TYPES[ent.label_]
                over = re.search(r" (?:[\d$£€]|(?:a|an|the|for|in|on)\b)", ent.text)
                if over and ent.label_ == "ORG":  # "Harrowdene Water 104 million pounds": the name before
                    typed.setdefault((ent.start_char, ent.start_char + over.start()), "Organization")
            elif ent.label_ in _NOT_NAMES and (ent.label_ == "NORP" or _DATE_LIKE.search(ent.text)):
                not_names.append((ent.start_char, ent.end_char))
            continue
        if ent.ent_id_:
            out.append(Mention(offset + ent.start_char, offset + ent.end_char, ent.text, ent.label_,
                               ent.ent_id_, "gazetteer"))
        elif ent.label_ in _NER_TYPES or (ent.label_ == "MISC" and (
                (" " in ent.text and ent.text.rsplit(" ", 1)[1] in load_gazetteer().org_suffixes)
                or ORG_CUE.search(text[max(0, ent.start_char - 60):ent.start_char]))):
            m = _ner_mention(text, ent.start_char, ent.end_char, ent.label_, lang, offset)
            if m is None:
                continue
            out.append(m)
        else:
            continue
        taken.append((out[-1].start - offset, out[-1].end - offset))
    if lang != "fr":
        verbs = {t.idx for t in doc if t.pos_ in ("VERB", "AUX")}
        out += _propn_mentions(text, offset, taken, typed, not_names, verbs)
    out = [_extend_known(m, text, offset) for m in out]
    return _merge_place_prefixes(sorted(out, key=lambda m: m.start))


#: the shape of a French place name: hyphenated capitalised parts, "-sur-", "-de-" ("Puy-de-Dôme",
#: "Mareuil-sur-Aÿ", "Loire-Atlantique", "Côtes-d'Armor", "Saint-Ouen")
_PLACE_SHAPE: Final = re.compile(r"^[A-ZÀ-Ý][\w’']+(?:-(?:sur|sous|en|de|du|des|lès|lez|le|la|les|d['’]"
                                 r"|l['’])?-?[A-ZÀ-Ý][\w’']+)+$")
#: a region or country in brackets after a town ("Issoire (Puy-de-Dôme)", "Brno (République tchèque)")
_PLACE_AFTER: Final = re.compile(r"\b[A-ZÀ-Ý][\w’'-]+\s\($")


def _ner_mention(text: str, s: int, e: int, label: str, lang: str, offset: int) -> Mention | None:
    """A statistical NER name, cleaned of determiners and titles, widened to a company suffix, typed."""
    raw = text[s:e]
    m = _LEADING_JUNK.match(raw)
    cut = m.end() if m else 0
    if label == "LOC" and m and m.group(0) in ("La ", "Le ", "Les ") and s > 0:
        cut = 0  # "à La Rochelle", "Le Havre": the article is part of the town's name
    words = raw[cut:].split(" ")
    while len(words) > 2 and words[0] in TITLES:  # "Me Laurent Quéméner"
        cut += len(words[0]) + 1
        words = words[1:]
    name = raw[cut:].rstrip(" ,.;:)")
    suffixes = load_gazetteer().org_suffixes
    if len(name) < 2 or name in STOP_CAPS or not name[0].isupper() or _PARTICIPLE.fullmatch(name) \
            or name in suffixes:
        return None  # "nantaise", "Installée (à Lyon)", "Software" alone: not names
    a = s + cut
    b = a + len(name)
    nxt = re.match(r" ([A-ZÀ-Ý][\w&-]*)", text[b:b + 30])
    if nxt and (nxt.group(1) in suffixes or nxt.group(1) in _FUND_HEADS) and label != "LOC":
        b += nxt.end()  # "Fintry" + " Capital": the company word the NER left out
        name = text[a:b]
    etype = _NER_TYPES.get(label, "Organization")
    if (" " in name and (name.rsplit(" ", 1)[1] in suffixes or _FRONT_HEADS.match(name))) \
            or ORG_CUE.search(text[max(0, a - 60):a]):
        etype = "Organization"  # "Quandela Systèmes", "l'association Eolien Libre", "Laboratoires Merval"
    elif etype == "Person" and " " not in name and lang == "fr":
        etype = "Unknown"  # a lone word the NER calls a person is as often a company ("Orvane")
    elif etype == "Place" and " " not in name and lang == "fr" and not _LOCATIVE_FR.search(
            text[max(0, a - 12):a]) and not re.match(r"\s[A-ZÀ-Ý]", text[e:e + 2]) \
            and not _PLACE_SHAPE.search(name) and not _PLACE_AFTER.search(text[max(0, a - 40):a]):
        etype = "Unknown"  # "le capital de Tramelec": unknown places only after "à", "en", in brackets
        # after a place ("Issoire (Puy-de-Dôme)") or shaped like one ("Loire-Atlantique", "Saint-Ouen")
    return Mention(offset + a, offset + b, name, etype, None, "ner")


def _propn_mentions(text: str, offset: int, taken: list[tuple[int, int]], typed: dict[tuple[int, int], str],
                    not_names: list[tuple[int, int]], verbs: set[int]) -> list[Mention]:
    """English capitalised runs no other recogniser took, typed by context and the NER."""
    out: list[Mention] = []
    for a, b in _runs(text, typed):
        words = text[a:b].split()
        while words and (words[0] in STOP_CAPS or words[0] in TITLES):
            a += len(words[0]) + 1
            words = words[1:]
        if len(words) > 1 and a == 0 and words[0].endswith("ing") and words[0][1:].islower():
            a += len(words[0]) + 1  # "Owning Quillon gives...": a sentence-initial gerund
            words = words[1:]
        based = re.search(r"-(?:based|born|headquartered|area)\b", text[a:b])
        if based:  # "Phoenix-based AI": the place alone
            b = a + based.start()
            words = text[a:b].split()
        if words and (cover := next(((s, e) for s, e in taken if s <= a < e), None)) is not None \
                and cover[1] + 1 < b and text[cover[1]] == " " and _extensible(text[a:b]):
            a = cover[1] + 1  # "Samsung Catalyst Fund": the words after a known name, merged below
            words = text[a:b].split()
        if text[b:b + 2] in ("'s", "’s") and typed.get((a, b + 2)) == "Organization" \
                and " " not in text[a:b] and b + 3 in verbs:
            b += 2  # "Moody's downgraded": the NER's one-word name keeps its "'s" ("X's chief" is X's)
        if not words or any(a < e and s < b for s, e in taken) \
                or any(s <= a and b <= e for s, e in not_names):
            continue
        name = text[a:b]
        if len(name) < 2 or name in STOP_CAPS or name in load_gazetteer().org_suffixes \
                or (_NATIONALITY.fullmatch(name) and re.match(r" [a-z]", text[b:b + 2])
                    and typed.get((a, b)) != "Person"):
            continue  # "Danish wind-turbine maker": a nationality, not a name
        # the NER's type of this run, or of a span ending with it ("north-east Lincolnshire": GPE)
        ner_label = typed.get((a, b)) or next((t for (s, e), t in typed.items() if s < a and e == b
                                               and not re.search(r"[A-Z]", text[s:a])), None)
        ner_type = _candidate_type(text, a, b, ner_label)
        out.append(Mention(offset + a, offset + b, name, ner_type or "Unknown", None,
                           "ner" if ner_type else "propn"))
    return out


def _runs(text: str, typed: dict[tuple[int, int], str]) -> list[tuple[int, int]]:
    """Capitalised runs, cut at "for" unless a body's head precedes it ("Quillon Software for Halvern", not
    "State Administration for Market Regulation") and at "of" after a person ("Owen Fitch of Maple Row")."""
    out: list[tuple[int, int]] = []
    for m in _PROPN.finditer(text):
        a, b = m.span()
        for_at = text.find(" for ", a, b)
        if for_at >= 0 and not _FOR_HEADS.search(text[a:for_at]):
            out += [(a, for_at), (for_at + 5, b)]
            continue
        of_at = text.find(" of ", a, b)
        if of_at >= 0 and typed.get((a, of_at)) == "Person":
            out += [(a, of_at), (of_at + 4, b)]
            continue
        more = _AND_MORE.match(text, b)
        if more and _BODY_OF.search(text[a:b]) and not any(s == more.start(1) for s, _ in typed):
            b = more.end()
        out.append((a, b))
    return out


def _candidate_type(text: str, a: int, b: int, ner_label: str | None) -> str | None:
    """Type of an English proper-noun candidate from its context and the statistical NER, or None.

    A company cue before it or a company word ending it makes an organisation; the NER's ORG counts
    unless a locative ("in X") precedes or a civic or site noun ("X city council", "the X campus")
    follows; the NER's PERSON counts for two words or more, its GPE or LOC makes a place.
    """
    name = text[a:b]
    if ORG_CUE.search(text[max(0, a - 60):a]) or name.rsplit(" ", 1)[-1] in load_gazetteer().org_suffixes \
            or _BODY_OF.search(name):
        return "Organization"  # a company cue or suffix, or a body's head ("Coalition for Fair Tolls")
    if ner_label == "Organization" and not (_LOCATIVE.search(text[max(0, a - 12):a])
                                            or _CIVIC.match(text[b:b + 12])):
        return "Organization"
    if ner_label == "Organization" and _IN_PLACE.search(text[max(0, a - 12):a]) and " " not in name:
        return "Place"  # "a court in Copenhagen": one word after "in" the NER calls a company is the town
    if ner_label == "Place":
        return "Place"
    return "Person" if ner_label == "Person" and " " in name else None


def _extend_known(m: Mention, text: str, offset: int) -> Mention:
    """A known organisation (or machine, product) followed by a company suffix names another company
    ("Quandela Systèmes", "Summit Infrastructure")."""
    if m.source != "gazetteer" or m.type in ("Place", "Person"):
        return m
    nxt = re.match(r" ([A-ZÀ-Ý][\w&.-]*)", text[m.end - offset:m.end - offset + 30])
    suffixes = load_gazetteer().org_suffixes
    if nxt is None or nxt.group(1).rstrip(".") not in (*suffixes, *_FUND_HEADS) \
            or load_gazetteer().resolve(f"{m.text} {nxt.group(1)}"):
        return m
    return Mention(m.start, m.end + nxt.end(), f"{m.text} {nxt.group(1)}", "Organization", None, "ner")


def _extensible(span: str) -> bool:
    """Whether a capitalised run ends with a word that makes it a new organisation's name."""
    return span.split()[-1] in _FUND_HEADS


def _merge_place_prefixes(ms: list[Mention]) -> list[Mention]:
    """A known place right before another name is part of it ("Arizona Corporation Commission"), and so
    is a known organisation before a fund or body word ("Samsung Catalyst Fund", "Intel Capital") and a
    name the NER cut before a known place ("Banque de" + "France")."""
    out: list[Mention] = []
    for m in ms:
        prev = out[-1] if out else None
        if prev is not None and prev.source == "ner" and prev.type != "Person" and m.source == "gazetteer" \
                and m.type == "Place" and m.start == prev.end + 1 and re.search(r" (?:de|du|des|of)$",
                                                                                 prev.text):
            out[-1] = Mention(prev.start, m.end, f"{prev.text} {m.text}", "Organization", None, "ner")
        elif prev is not None and prev.source == "gazetteer" and prev.type == "Place" \
                and m.source != "gazetteer" and m.start == prev.end + 1 and m.type != "Place":
            out[-1] = Mention(prev.start, m.end, f"{prev.text} {m.text}", m.type, None, m.source)
        elif prev is not None and prev.source == "gazetteer" and prev.type == "Organization" \
                and m.source == "propn" and m.start == prev.end + 1 and _extensible(m.text):
            out[-1] = Mention(prev.start, m.end, f"{prev.text} {m.text}", "Organization", None, m.source)
        else:
            out.append(m)
    return out
