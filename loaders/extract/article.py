"""Article text in, fact records out: segments, mentions, rules, modality, attribution, resolution.

Public API: :func:`extract_text`, :func:`extract_file`, :func:`extract_files`, :func:`detect_language`,
:func:`model_version`. Evidence is the segment (sentence, headline or post line) stating the fact, so
``text[f.evidence.start:f.evidence.end] == f.evidence.text`` always.

Examples
--------
>>> facts = extract_text("La société Mistral AI a levé 600 millions d'euros.", article_id="t")
>>> [(f.subject.label, f.predicate.iri.rsplit("#")[-1], f.object.value, f.object.unit) for f in facts
...  if f.predicate.iri.endswith("raisedFunding")]
[('Mistral AI', 'raisedFunding', '600000000', 'EUR')]
>>> detect_language("The company said it will build a data center.")
'en'
>>> detect_language("Il a dit que la société va.")
'fr'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final

from loaders.extract import normalize as nz
from loaders.extract.combine import NO_RELATIONS, SKIP_KINDS, VAGUE, dedupe, parse_facts
from loaders.extract.confidence import confidence, keep
from loaders.extract.learn.hook import learned_facts
from loaders.extract.nlp import Mention, doc_mentions, model_version, pipeline
from loaders.extract.rules.engine import Masked, RawFact, load_rules
from loaders.extract.rules.mentions import Discourse, mask
from loaders.extract.rules.naming import propagate
from loaders.extract.sentences import SIGNATURE, Segment, split_segments
from loaders.model import Attribution, Entity, Evidence, Fact, Predicate, Qualifiers, Value
from loaders.sources.text import read_document
from loaders.to_rdf import ArticleMeta
from ontology.namespaces import article_id_for
from ontology.vocab import ng

__all__ = ["detect_language", "extract_file", "extract_files", "extract_text", "model_version"]

_FR_WORDS: Final = frozenset((
    "le", "la", "les", "des", "est", "une", "du", "et", "dans", "pour", "qui", "que", "avec", "sur", "au",
    "aux", "sont", "été", "pas", "cette", "ont", "il", "elle", "selon"))
_EN_WORDS: Final = frozenset((
    "the", "of", "and", "to", "in", "is", "that", "for", "with", "on", "was", "by", "has", "it", "are",
    "were", "its", "from", "this", "have", "will", "said"))
_PH: Final = r"⟨(\d+)\|(?:Organization|Person|Unknown)⟩"
_BASE_CONFIDENCE: Final = {"gazetteer": 0.95, "ner": 0.8, "acronym": 0.85, "acronym-short": 0.85,
                           "facility": 0.75, "anaphor": 0.75, "propn": 0.65}


def detect_language(text: str) -> str:
    """``fr`` or ``en`` by counting frequent function words (``en`` when unsure)."""
    words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", text.lower())
    fr = sum(w in _FR_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    return "fr" if fr > en else "en"


def _fact_id(article_id: str, raw: RawFact, start: int) -> str:
    obj = raw.object.iri if isinstance(raw.object, Entity) else f"{raw.object.value}|{raw.object.unit}"
    key = f"{raw.predicate}|{raw.subject.iri}|{obj}|{start}|{raw.qualifiers.get('quantity')}"
    return f"{article_id}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"


def _modality(raw: RawFact, lead: str, lexicon: dict[str, Any], attributed: bool) -> str:
    if raw.modality:
        return raw.modality
    for modality, cue in lexicon["modality_cues"].items():
        if re.search(cue, lead, re.I):
            return str(modality)
    return "reported" if attributed else "asserted"


def _attribution(m: Masked, seg: Segment, lexicon: dict[str, Any],
                 posts: dict[int, Attribution]) -> Attribution | None:
    if seg.kind == "post" and seg.post_group in posts:
        return posts[seg.post_group]
    before = re.search(lexicon["attribution_before"] + _PH, m.text)
    if before:
        via = before.groupdict().get("via")
        agent = m.entities[int(before.group(before.lastindex or 1))]
        return Attribution(agent, via, "CreativeWork" if via else None)
    after = re.search(lexicon["attribution_agent_after"] + r",? " + _PH, m.text) or re.search(
        _PH + r",? " + lexicon["attribution_agent_before"], m.text)
    if after:
        return Attribution(m.entities[int(next(g for g in after.groups() if g and g.isdigit()))])
    return None


def _signature(seg: Segment, disc: Discourse, lang: str) -> Attribution | None:
    sm = SIGNATURE.match(seg.text)
    if not sm:
        return None
    from loaders.extract.nlp import load_gazetteer

    g = load_gazetteer().resolve(sm.group("handle")) or load_gazetteer().resolve(sm.group("author"))
    agent = Entity(g.name, g.type) if g else Entity(sm.group("author").strip(), "Person")
    return Attribution(agent, f"post by {sm.group('handle')}", "SocialMediaPosting",
                       nz.parse_date(sm.group("date"), lang) if sm.group("date") else None)


def _account_facts(seg: Segment, m: Masked, sig: Attribution | None) -> Iterator[RawFact]:
    for ent, surface in zip(m.entities, m.mention_text, strict=True):
        if surface.startswith("@"):
            yield RawFact("account", "identity", "hasAccount", "has account", ent,
                          Value(surface, "xsd:string"), {}, "asserted")
    if sig is not None:
        sm = SIGNATURE.match(seg.text)
        if sm:
            yield RawFact("account-signature", "identity", "hasAccount", "has account", sig.agent,
                          Value(sm.group("handle"), "xsd:string"), {}, "asserted")


def _segment_facts(text: str, seg: Segment, named: list[Mention], lang: str, disc: Discourse, article_id: str,
                   posts: dict[int, Attribution], prev: dict[str, RawFact], doc: Any = None
                   ) -> list[tuple[Fact, Entity]]:
    rules = load_rules()
    lex = rules.lexicon
    mentions = disc.mentions(text, seg.start, seg.end, named)
    entities = disc.resolve(text, seg.start, mentions)
    m, _ = mask(text, seg.start, seg.end, mentions, entities)
    sig = _signature(seg, disc, lang) if seg.kind == "signature" else None
    if sig is not None and seg.post_group is not None:
        posts[seg.post_group] = sig
    sources = {i: mm.source for i, mm in enumerate(x for x, e in zip(mentions, entities, strict=True) if e)}

    def ctx(kind: str, arg: Any) -> Entity | None:
        if kind == "last":
            return disc.last(arg)
        if kind == "topic":
            return disc.topic(exclude=())
        if kind == "prev_subject":  # "Its CEO, X": the organisation the previous sentence was about
            return disc.subjects.get(disc.segment_no - 2) or disc.topic(exclude=())
        if kind == "locality":
            return disc.locality()
        if kind == "sentence":
            return next((e for e in m.entities if e.type in arg), None)
        if kind == "prev":
            pred, role = str(arg).split(".")
            raw = prev.get(pred)
            val = getattr(raw, role, None) if raw else None
            return val if isinstance(val, Entity) else None
        return None

    raws = list(_account_facts(seg, m, sig))
    if seg.kind not in (*SKIP_KINDS, "signature"):
        for r in rules.for_lang(lang):
            from loaders.extract.rules.apply import apply_rules

            for raw in apply_rules([r], m, text, lang, ctx, lex):
                raws.append(raw)
    parsed = parse_facts(doc, seg, mentions, entities, lang, raws)
    linked = {frozenset((p.subject.label, p.object.label)) for p in parsed if isinstance(p.object, Entity)}
    raws = [r for r in raws if not (r.predicate in VAGUE and isinstance(r.object, Entity)
                                    and frozenset((r.subject.label, r.object.label)) in linked)] + parsed
    learned: dict[int, float] = {}  # id of a learned fact -> its calibrated confidence
    if seg.kind not in NO_RELATIONS:
        for raw, conf in learned_facts(doc, seg.start, seg.end, seg.text, mentions, entities, lang, raws,
                                       disc):
            raws.append(raw)
            learned[id(raw)] = conf
    attribution = _attribution(m, seg, lex, posts) if seg.kind != "signature" else None
    out: list[tuple[Fact, Entity]] = []
    for raw in raws:
        if id(raw) not in learned:  # the rules' "prev" context reads rule and parse facts only
            prev[raw.predicate] = raw
        lead = m.text
        modality = _modality(raw, lead, lex, attribution is not None)
        pred = raw.predicate
        if raw.future_predicate and modality in ("planned", "expected", "speculative"):
            pred = raw.future_predicate
        srcs = [sources.get(i, "gazetteer") for i in range(len(m.entities))
                if m.entities[i] in (raw.subject, raw.object)]
        conf = learned[id(raw)] if id(raw) in learned else confidence(raw.rule, raw.family, pred, srcs,
                                                                        modality, lang)
        fact = Fact(
            id=_fact_id(article_id, raw, seg.start),
            subject=raw.subject,
            predicate=Predicate(ng(pred), raw.label),
            object=raw.object,
            evidence=Evidence(article_id, seg.text, seg.start, seg.end),
            qualifiers=Qualifiers.from_dict(raw.qualifiers),
            modality=modality,
            attribution=attribution,
            confidence=conf,
            method=raw.rule if raw.rule.startswith(("parse:", "learn:")) else f"rule:{raw.rule}",
        )
        out.append((fact, raw.subject))
    return out


def extract_text(text: str, *, article_id: str, lang: str | None = None) -> list[Fact]:
    """Facts stated in ``text``; offsets index ``text`` itself."""
    lang = lang if lang in ("fr", "en") else detect_language(text)
    nlp = pipeline(lang)
    segments = split_segments(text)
    disc = Discourse(lang, load_rules().lexicon)
    posts: dict[int, Attribution] = {}
    prev: dict[str, RawFact] = {}
    # signatures first, so post lines above them know their author
    for seg in segments:
        if seg.kind == "signature" and seg.post_group is not None:
            sig = _signature(seg, disc, lang)
            if sig:
                posts[seg.post_group] = sig
    docs = list(nlp.pipe((_one_sentence(nlp, s.text) for s in segments), batch_size=64))
    named = [doc_mentions(doc, seg.start, lang) for seg, doc in zip(segments, docs, strict=True)]
    named = propagate(text, [(s.start, s.end) for s in segments], named, lang, load_rules().lexicon)
    facts: list[Fact] = []
    for seg, seg_named, doc in zip(segments, named, docs, strict=True):
        facts.extend(f for f, _ in _segment_facts(text, seg, seg_named, lang, disc, article_id, posts, prev,
                                                  doc))
    headlines = frozenset(s.start for s in segments if s.kind == "headline")
    return [_finish(f, disc) for f in dedupe(facts, headlines)]


def _one_sentence(nlp: Any, text: str) -> Any:
    """A segment as one sentence for the parser: the French model otherwise cuts a sentence at a
    capitalised name ("Lumen || Santé détient"), leaving the mentions on either side unconnected."""
    doc = nlp.make_doc(text)
    for tok in doc[1:]:
        tok.is_sent_start = False
    return doc


def _finish(f: Fact, disc: Discourse) -> Fact:
    from dataclasses import replace

    obj = disc.with_aliases(f.object) if isinstance(f.object, Entity) else f.object
    attr = f.attribution
    if attr is not None:
        attr = replace(attr, agent=disc.with_aliases(attr.agent))
    return replace(f, subject=disc.with_aliases(f.subject), object=obj, attribution=attr)


def extract_file(path: str | Path, lang: str | None = None, min_confidence: float | None = None
                 ) -> tuple[ArticleMeta, list[Fact]]:
    """Read an article file and extract its facts at or above ``min_confidence`` (the threshold in force,
    :func:`loaders.extract.confidence.active`, when None); typed :mod:`loaders.sources.text` errors on bad
    input."""
    doc = read_document(path)
    language = lang if lang in ("fr", "en") else (doc.language if doc.language in ("fr", "en")
                                                  else detect_language(doc.text))
    aid = article_id_for(path)
    meta = ArticleMeta(id=aid, text=doc.text, title=doc.title, language=language, date=doc.date,
                       source=doc.source, url=doc.url, path=str(path))
    return meta, keep(extract_text(doc.text, article_id=aid, lang=language), min_confidence)


def extract_files(paths: Iterable[str | Path], lang: str | None = None
                  ) -> Iterator[tuple[ArticleMeta, list[Fact]]]:
    """:func:`extract_file` over many files, lazily (callers wrap it in a progress bar)."""
    for p in paths:
        yield extract_file(p, lang)
