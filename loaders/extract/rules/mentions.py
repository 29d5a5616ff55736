"""Mentions of a sentence resolved to entities: gazetteer and NER names, acronym definitions,
unnamed facilities ("la gigafactory", "the data center") and organisation anaphors ("la société").

The :class:`Discourse` object carries what earlier sentences established (last entities by type,
known facilities, aliases seen, person surnames) so that later mentions resolve to the same IRIs.

Examples
--------
>>> d = Discourse("en", load_rules().lexicon)
>>> e = d.entity_for(Mention(0, 6, "Nvidia", "Organization", "Nvidia"))
>>> e.iri, e.same_as
('https://w3id.org/newsgraph/id/organization/nvidia', ('http://www.wikidata.org/entity/Q182477',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Final

from loaders.extract.nlp import Mention, load_gazetteer
from loaders.extract.rules.anaphora import (
    clause_subject,
    head_noun,
    is_public,
    note_description,
    note_subject,
    resolve_anaphor,
)
from loaders.extract.rules.descriptors import (
    descriptor_anaphors,
    family_mentions,
    intro_nouns,
    resolve_descriptor,
)
from loaders.extract.rules.engine import load_rules
from loaders.extract.rules.facilities import place_after, resolve_facility
from loaders.extract.rules.finders import acronym_mentions, anaphor_mentions
from loaders.extract.rules.implicit import parse_only_mentions, resolve_parse_only
from loaders.extract.rules.masking import PARSE_ONLY, mask
from loaders.extract.rules.references import (
    MACHINE_REACH,
    MACHINE_VERB,
    body_mentions,
    facility_kinds,
    locality_cue,
    machine_mentions,
    named_facilities,
)
from loaders.model import Entity
from ontology.namespaces import WD

_OBLIQUE: Final = re.compile(
    r"(?:[Ss]elon|[Dd]['’]après|[Aa]ccording to|\bpar|\bby|\bfrom|\bwith|\bavec|\bauprès d['’]|comme)"
    r"\s+(?:(?:les?|la|l['’]|the|des|a|an)\s*)?(?:[\w-]+\s+){0,3}$")
SALIENCE_DECAY: Final = 0.6
_NAMED: Final = ("ner", "propn", "gazetteer")

__all__ = ["Discourse", "Mention", "load_rules", "mask"]


@dataclass
class Discourse:
    """State carried from sentence to sentence within one article."""

    lang: str
    lexicon: dict[str, Any]
    history: list[Entity] = field(default_factory=list)
    facilities: dict[str, list[Entity]] = field(default_factory=dict)
    aliases: dict[str, set[str]] = field(default_factory=dict)
    surnames: dict[str, Entity] = field(default_factory=dict)
    acronyms: dict[str, Entity] = field(default_factory=dict)
    topics: list[Entity] = field(default_factory=list)
    salience: dict[str, float] = field(default_factory=dict)
    _by_iri: dict[str, Entity] = field(default_factory=dict)
    localities: list[tuple[int, Entity]] = field(default_factory=list)
    machines: list[tuple[int, Entity]] = field(default_factory=list)
    segment_no: int = 0
    determiners: dict[int, str] = field(default_factory=dict)
    subjects: dict[int, Entity] = field(default_factory=dict)
    org_places: dict[str, set[str]] = field(default_factory=dict)
    known: dict[str, Entity] = field(default_factory=dict)
    descriptions: dict[str, set[str]] = field(default_factory=dict)
    prev_orgs: list[Entity] = field(default_factory=list)
    open_nouns: set[str] = field(default_factory=set)  # "maison" after "la maison de champagne X"

    def _alias(self, e: Entity, surface: str) -> None:
        self.aliases.setdefault(e.iri, set()).add(surface)

    def entity_for(self, m: Mention) -> Entity:
        """Entity of a named mention: gazetteer entry, earlier full name, or a new entity."""
        gaz = load_gazetteer()
        if m.canonical and m.canonical in gaz.by_name:
            g = gaz.by_name[m.canonical]
            e = Entity(g.name, g.type, aliases=g.aliases,
                       same_as=(WD + g.qid,) if g.qid else ())
        elif m.label:  # "Verdane", named in full "Ciments Verdane" in the article
            e = Entity(m.label, "Organization", lang=None)
        elif m.text in self.acronyms:
            e = self.acronyms[m.text]
        elif m.text in self.surnames and m.type != "Place" and " " not in m.text:
            # "Aldridge" after "Fiona Aldridge", whatever type the NER gives the lone surname
            e = self.surnames[m.text]
        elif m.type in ("Organization", "Unknown") and (prior := self._prefix_match(m.text)) is not None:
            e = prior
        else:
            label = m.text.strip()
            e = Entity(label, m.type if m.type != "Unknown" else "Concept", lang=None)
            if m.type == "Person" and " " in label:
                self.surnames.setdefault(label.split()[-1], e)
        self._alias(e, m.text)
        return e

    def _prefix_match(self, text: str) -> Entity | None:
        """An organisation named earlier whose name starts with ``text`` ("Gridline" for "Gridline Labs"),
        unless ``text`` already names an organisation of its own."""
        if any(e.label == text and e.type == "Organization" for e in self.history):
            return None
        return next((e for e in reversed(self.history) if e.type == "Organization"
                     and e.label.startswith(text + " ") and len(text) >= 3), None)

    def with_aliases(self, e: Entity) -> Entity:
        """The entity with every surface form seen in the article as an alias."""
        extra = sorted(self.aliases.get(e.iri, set()) - {e.label} - set(e.aliases))
        return replace(e, aliases=(*e.aliases, *extra)) if extra else e

    def last(self, types: tuple[str, ...]) -> Entity | None:
        return next((e for e in reversed(self.history) if e.type in types), None)

    # ---------------------------------------------------------------- per sentence
    def mentions(self, text: str, seg_start: int, seg_end: int, named: list[Mention]) -> list[Mention]:
        """Named mentions plus acronym definitions, facility nouns and anaphors, non-overlapping."""
        seg = text[seg_start:seg_end]
        named = named_facilities(text, named, self.lexicon)
        extra: list[Mention] = [m for m, _ in body_mentions(seg, seg_start, self.lexicon)]
        extra += machine_mentions(seg, seg_start, self.lexicon)
        extra += acronym_mentions(seg, seg_start)
        lex = self.lexicon
        nouns = sorted(facility_kinds(lex), key=len, reverse=True)
        fac = re.compile(r"(?<!\w)(?P<det>" + lex["facility_determiners"] + r")\s?(?:[«\"“]\s*)?"
                         + lex["facility_superlative"] + lex["facility_measure"] + "(?P<noun>"
                         + "|".join(map(re.escape, nouns)) + r")(?![\w-])")
        named_starts = {m.start for m in named}
        for fm in fac.finditer(seg):
            a = seg_start + fm.start("noun")
            noun = fm.group("noun")
            if seg_start + fm.end() + 1 in named_starts:  # "le supercalculateur Jean Zay": a category word
                continue
            extra.append(Mention(a, a + len(noun), noun, "Facility", noun.lower(), "facility"))
            self.determiners[a] = fm.group("det").lower().rstrip("'’")
        extra += anaphor_mentions(seg, seg_start, lex, self.lang, named_starts)
        extra += descriptor_anaphors(seg, seg_start, self.open_nouns, named_starts)
        extra += family_mentions(seg, seg_start, self.lang)
        out: list[Mention] = []
        for m in sorted([*named, *extra], key=lambda x: (x.start, -(x.end - x.start))):
            if out and m.start < out[-1].end:
                prior = out[-1]
                if m.source in ("acronym", "acronym-short") and prior.source in _NAMED \
                        and not prior.canonical and (m.source == "acronym" or m.start == prior.start):
                    out[-1] = m
                continue
            out.append(m)
        # last, so the others keep their order (the rules read these as words, see masking)
        return out + parse_only_mentions(seg, seg_start, self.lang, lex, out)

    def resolve(self, text: str, seg_start: int, mentions: list[Mention]) -> list[Entity | None]:
        """Entities of a sentence's mentions, in order (None where nothing resolves)."""
        out: list[Entity | None] = []
        sentence_orgs: list[Entity] = []
        subject_orgs: list[Entity] = []
        prev_long: Entity | None = None
        subjects_at: list[tuple[int, Entity]] = []
        orgs_at: list[tuple[int, Entity]] = []
        mentions_end = {m.start: m.end for m in mentions}
        for k, m in enumerate(mentions):
            e: Entity | None
            if m.source in PARSE_ONLY:  # "sa directrice", "German utility", "le projet": not in the discourse
                out.append(resolve_parse_only(self, m, subjects_at, orgs_at))
                continue
            oblique = bool(_OBLIQUE.search(text[max(0, m.start - 30):m.start]))
            gap = text[mentions[k - 1].end:m.start] if k else ""
            appos = out[-1] if out and re.fullmatch(r",\s(?:[\w’']+\s?)?", gap) else None
            if appos is not None and re.search(self.lexicon["reporting_verbs"], text[m.end:m.end + 20]):
                appos = None  # "X, the company said": a new clause, not an appositive
            if m.source == "latter":
                kinds = ("Person",) if m.text in ("He", "She") else ("Person", "Organization")
                e = next((x for x in reversed([*self.history, *(x for x in out if x is not None)])
                          if x.type in kinds), None)
            elif m.source == "machine":
                e = self._recent_machine()
                if e is not None:
                    self._alias(e, m.text)
            elif m.source == "anaphor" and appos is not None and appos in sentence_orgs \
                    and not m.text.lower().startswith("it"):
                e = appos  # "xAI, the company founded by ...": the same organisation
            elif m.source == "anaphor" and m.text.lower() in ("it", "elle", "il") and sentence_orgs:
                e = sentence_orgs[0]  # "X competes with Y, and it depends on Z"
            elif m.source == "anaphor" and m.text.lower() in ("it", "il", "elle") and (
                    (m.text[0].isupper() and (mach := self._machine_topic()))
                    or (MACHINE_VERB.match(text, m.end) and (mach := self._recent_machine()))):
                e = mach  # "Frontier delivers 1.35 exaflops. It was built by HPE": the machine
            elif m.source == "anaphor" and head_noun(m.text) in self.open_nouns:
                e = resolve_descriptor(self.descriptions, {x.iri: x for x in self.history}, self.salience,
                                       head_noun(m.text), {x.iri for x in sentence_orgs})
            elif m.source == "anaphor":
                genitives = tuple(g for start, g in orgs_at
                                  if text[mentions_end[start]:mentions_end[start] + 2] in ("'s", "’s"))
                e = resolve_anaphor(self, text, m, sentence_orgs, genitives)
            elif m.source == "facility" and appos is not None and appos.type in ("Supercomputer", "Facility"):
                e = appos  # "Colossus, its supercomputer": the same machine
                self._alias(e, m.text)
            elif m.source == "facility":
                e = resolve_facility(self, text, m, subject_orgs or sentence_orgs,
                                     place_after(text, m, mentions[k + 1:], self.lang), self.lang)
            elif m.source == "acronym-short" and prev_long is not None:
                e = prev_long
                self.acronyms[m.text] = prev_long
                self._alias(e, m.text)
            else:
                e = self.entity_for(m)
                if m.source == "acronym":
                    prev_long = e
                if m.source == "body":
                    self._body_locality(text, m)
                elif e.type == "Place" and locality_cue(text, m, self.lexicon):
                    self.localities.append((self.segment_no, e))
            if e is not None:
                self.history.append(e)
                if e.type == "Organization":
                    orgs_at.append((m.start, e))
                if e.type == "Supercomputer":
                    self.machines.append((self.segment_no, e))
                if e.type == "Organization" and m.source in _NAMED:
                    note_description(self, text, m, e)
                    for noun in intro_nouns(text, m.start, m.end, self.lang):
                        self.descriptions.setdefault(e.iri, set()).add(noun)
                        self.open_nouns.add(noun)
                if e.type == "Organization" and m.source != "anaphor" and not oblique:
                    sentence_orgs.append(e)
                    note_subject(self, text, m, e)
                    self.known[e.iri] = e
                if e.type == "Organization" and not oblique and clause_subject(text, m):
                    subject_orgs.append(e)
                    subjects_at.append((m.start, e))
                    self.subjects.setdefault(self.segment_no, e)
            out.append(e)
        self.segment_no += 1
        self.prev_orgs = [e for _, e in orgs_at]
        if sentence_orgs:
            self.topics.append(sentence_orgs[0])
        for iri in self.salience:
            self.salience[iri] *= SALIENCE_DECAY
        subject_iris = [e.iri for e in subject_orgs]
        for e in {e.iri: e for e in [*subject_orgs, *sentence_orgs]}.values():  # subjects weigh most
            self._by_iri[e.iri] = e
            weight = 0.5 if e.iri not in subject_iris else 2.0 if e.iri == subject_iris[0] else 1.0
            self.salience[e.iri] = self.salience.get(e.iri, 0.0) + weight
        return out

    def _machine_topic(self) -> Entity | None:
        """The machine named in the previous segment when that segment had no organisation as subject."""
        if self.machines and self.machines[-1][0] == self.segment_no - 1 \
                and self.subjects.get(self.segment_no - 1) is None:
            return self.machines[-1][1]
        return None

    def _recent_machine(self) -> Entity | None:
        """The last supercomputer named in the last :data:`MACHINE_REACH` segments, if any."""
        if self.machines and self.machines[-1][0] >= self.segment_no - MACHINE_REACH:
            return self.machines[-1][1]
        return None

    def _body_locality(self, text: str, m: Mention) -> None:
        for bm, place in body_mentions(text[m.start:m.end], m.start, self.lexicon):
            if bm.start == m.start and place:
                self.localities.append((self.segment_no, Entity(place, "Place")))

    def locality(self) -> Entity | None:
        """The town the article last named as such (a council's, "mayor of X"), if recent enough."""
        if self.localities and self.localities[-1][0] >= self.segment_no - MACHINE_REACH:
            return self.localities[-1][1]
        return None

    def topic(self, exclude: tuple[str, ...] = ()) -> Entity | None:
        """The most salient organisation (recent subject-position mentions weigh most), if any."""
        ranked = sorted(((s, iri) for iri, s in self.salience.items()
                         if iri not in exclude and not is_public(self._by_iri[iri].label, self.lexicon)),
                        reverse=True)
        return self._by_iri[ranked[0][1]] if ranked else None
