"""Training data of the learned classifier: non-cold gold articles, their candidates and labels.

Only development and held-out batches are read: the seed article, ``tests/data/articles/{dev,dev2..dev7,
heldout,heldout2..heldout4}/``, the two loose articles (gridline, vaucanson) and the fresh batches
``dev8/`` to ``dev12/`` (dealt together into four folds, :data:`FRESH_DIRS`). The cold batches are
never listed. A candidate's label is the newsgraph predicate with which it would match a gold fact
under the scorer's own rule (:func:`loaders.extract.evaluate.matches`), else ``NONE``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from loaders.extract.calibrate import CALIBRATION_DIRS, ROOT, development_articles
from loaders.extract.evaluate import Gold, load_gold, load_mapping, matches, norm
from loaders.extract.learn.candidates import Candidate
from loaders.extract.learn.hook import Record, collecting, disabled
from loaders.model import Entity, Evidence, Fact, Predicate, Qualifiers
from ontology.namespaces import article_id_for
from ontology.vocab import ng

__all__ = ["Article", "batches", "collect", "fact_of", "fresh", "label_of"]

HELDOUT_DIRS: Final = ("heldout", "heldout2", "heldout3", "heldout4")
#: development batches written blind and never tuned on by hand (no rule, lexicon or gazetteer entry was
#: made from them; the rules' confidences are calibrated on them): the classifier learns from them, and
#: its calibration table is fitted on its out-of-fold predictions there only, the nearest thing to new
#: text the development gold has
FRESH_DIRS: Final = (*CALIBRATION_DIRS, "dev11")
FRESH_FOLDS: Final = 4
FRESH: Final = "fresh"  # the folds' batch names: fresh/1 .. fresh/4
LOOSE: Final = ("gridline-texas.en", "vaucanson-calcul.fr")
NONE: Final = "NONE"


@dataclass
class Article:
    """One gold article as the extractor saw it: its base facts (rules and parse) and its sentences."""

    batch: str
    path: Path
    gold: Gold
    lang: str
    base: list[Fact]
    records: list[Record]
    labels: list[list[str]]  # per record, per candidate


def batches(root: Path = ROOT) -> list[tuple[str, Path, Path]]:
    """(batch, article, gold) for every non-cold gold article, in a fixed order."""
    out: list[tuple[str, Path, Path]] = []
    for article, gold in development_articles(root):
        batch = article.parent.name if article.parent.parent.name == "articles" else "seed"
        out.append((batch, article, gold))
    arts = root / "tests" / "data" / "articles"
    for d in HELDOUT_DIRS:
        out += [(d, p, p.with_name(p.stem + ".gold.json")) for p in sorted((arts / d).glob("*.txt"))]
    out += [("loose", arts / f"{n}.txt", arts / f"{n}.gold.json") for n in LOOSE]
    for k, p in _folds([arts / d for d in FRESH_DIRS]):
        out.append((f"{FRESH}/{k + 1}", p, p.with_name(p.stem + ".gold.json")))
    return [(b, a, g) for b, a, g in out if a.exists() and g.exists()]


def fresh(batch: str) -> bool:
    """Whether a batch name is a fold of a fresh batch (:data:`FRESH_DIRS`)."""
    return batch.split("/")[0] == FRESH


def _folds(folders: list[Path]) -> list[tuple[int, Path]]:
    """(fold, article) for the fresh folders: each language's articles, folder by folder in name order,
    dealt in turn to :data:`FRESH_FOLDS` folds (the deal goes on from one folder to the next), so every
    fold holds both languages, a large batch lands in every fold and a small one is spread out."""
    out: list[tuple[int, Path]] = []
    for lang in ("fr", "en"):
        paths = [p for folder in folders for p in sorted(folder.glob(f"*.{lang}.txt"))]
        out += [(i % FRESH_FOLDS, p) for i, p in enumerate(paths)]
    return sorted(out, key=lambda x: (x[0], x[1].parent.name, x[1].name))


def fact_of(article_id: str, rec: Record, c: Candidate, predicate: str, confidence: float = 1.0) -> Fact:
    """The fact a candidate states under ``predicate`` (evidence: its sentence)."""
    quals = {k: v for k, v in c.qualifiers.items() if not k.startswith("_")}
    return Fact(id=f"{article_id}-learn", subject=c.subject, predicate=Predicate(ng(predicate), predicate),
                object=c.object, evidence=Evidence(article_id, rec.seg_text, rec.seg_start, rec.seg_end),
                qualifiers=Qualifiers.from_dict(quals), modality="asserted", attribution=None,
                confidence=confidence, method=f"learn:{predicate}")


def label_of(article_id: str, rec: Record, c: Candidate, gold: Gold) -> str:
    """The predicate with which the candidate matches a gold fact of its sentence, else ``NONE`` (the
    gold predicate's own, or a converse one stating it the other way round).

    The scorer does not compare a free-text gold object ("Thermavor instanceOf fabricant de pompes"), so
    any prediction on that subject would match it; a candidate whose object is a named entity is not
    that fact's object and is not labelled with it (else it teaches ``category`` for an acquisition).
    Nor does it compare the object of a gold fact with an amount ("RTCA customerOf Carélec, 78 million
    euros"): an entity candidate is labelled with such a fact only if its object is the gold fact's other
    entity (not the place of the same sentence)."""
    mapping = load_mapping()["predicates"]
    for g in gold.facts:
        if not any(rec.seg_start < int(b) and int(a) < rec.seg_end for a, b in g.get("offsets", [])):
            continue
        m = mapping.get(str(g["p"]).split("(")[0].strip())
        if not m or (isinstance(c.object, Entity) and not _may_be_object(c.object, g, m, gold)):
            continue
        for pred in (str(m["predicate"]), *map(str, m.get("converse", ()))):  # "X foundedBy A" too
            if matches(fact_of(article_id, rec, c, pred), g, gold):
                return pred
    return NONE


def _may_be_object(e: Entity, g: dict[str, object], m: dict[str, object], gold: Gold) -> bool:
    """Whether an entity object may be labelled with the gold fact: one of its two ends when the fact
    links entities, else named in its free-text object."""
    if _names_entities(g, m, gold):
        return bool(gold.resolve(e) & (gold.candidates(str(g["s"])) | gold.candidates(str(g["o"]))))
    return _says(e, str(g["o"]))


def _says(e: Entity, text: str) -> bool:
    """Whether the free-text gold object contains the entity's name ("Allemagne" in "Allemagne")."""
    t = f" {norm(text)} "
    return any(f and f" {f} " in t for f in (norm(e.label), *map(norm, e.aliases)))


def _names_entities(g: dict[str, object], m: dict[str, object], gold: Gold) -> bool:
    """Whether the gold fact's object (its subject for an inverse or symmetric mapping too) is an entity."""
    ends = [str(g["o"]), str(g["s"])] if m.get("inverse") or m.get("symmetric") else [str(g["o"])]
    return any(gold.candidates(e) for e in ends)


def collect(items: list[tuple[str, Path, Path]], progress: bool = False) -> list[Article]:
    """Extract each article once (rules and parse only), recording its candidates and their labels."""
    from loaders.extract.article import extract_text
    from loaders.sources.text import read_document

    out: list[Article] = []
    for batch, path, gold_path in items:
        doc = read_document(path)
        lang = doc.language if doc.language in ("fr", "en") else path.stem.rsplit(".", 1)[-1]
        aid = article_id_for(path)
        with disabled(), collecting() as records:
            base = extract_text(doc.text, article_id=aid, lang=lang)
        # the aliases the article gave its entities, as extract_text's facts carry them
        records = [_aliased(r) for r in records]
        gold = load_gold(gold_path)
        labels = [[label_of(aid, r, c, gold) for c in r.candidates] for r in records]
        out.append(Article(batch, path, gold, lang, base, records, labels))
        if progress:
            print(f"  {batch}/{path.name}: {sum(map(len, labels))} candidates, "
                  f"{sum(x != NONE for ls in labels for x in ls)} positive", flush=True)
    return out


def _aliased(rec: Record) -> Record:
    if rec.discourse is None:
        return rec
    with_aliases = rec.discourse.with_aliases
    cands = [replace(c, subject=with_aliases(c.subject),
                     object=with_aliases(c.object) if isinstance(c.object, Entity) else c.object)
             for c in rec.candidates]
    return replace(rec, candidates=cands)

