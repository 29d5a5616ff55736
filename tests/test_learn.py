"""The learned relation classifier (``loaders/extract/learn``): features, the shipped model, training."""

from __future__ import annotations

import itertools
import json
import tomllib
from pathlib import Path
from typing import cast

import numpy as np
import pytest

from loaders.extract.article import extract_text
from loaders.extract.evaluate import Gold, load_gold
from loaders.extract.learn import data, hook
from loaders.extract.learn.candidates import candidates
from loaders.extract.learn.data import NONE, batches, collect
from loaders.extract.learn.features import features
from loaders.extract.learn.hook import disabled
from loaders.extract.learn.model import MODEL_FILE, load_model
from loaders.extract.learn.signature import allowed
from loaders.extract.learn.train import sample, train
from loaders.extract.nlp import pipeline
from loaders.extract.parse.lexicon import Arg
from loaders.model import Entity
from tests.conftest import ROOT


def _pair(lang: str, text: str, a: str, b: str) -> list[list[str]]:
    doc = pipeline(lang)(text)
    args = [Arg(text.index(n), text.index(n) + len(n), Entity(n, "Organization")) for n in (a, b)]
    return [features(doc, c, lang) for c in candidates(doc, args, lang) if c.kind == "entity"]


def test_features_are_deterministic_and_name_no_entity() -> None:
    text = "Ondrel Systems a racheté la société Pivane pour 40 millions d'euros."
    first = _pair("fr", text, "Ondrel Systems", "Pivane")
    again = _pair("fr", text, "Ondrel Systems", "Pivane")
    assert first == again and len(first) == 2  # both directions
    flat = " ".join(f for fs in first for f in fs).lower()
    assert "ondrel" not in flat and "pivane" not in flat
    assert "lang=fr" in first[0] and any(f.startswith("pl=") for f in first[0])


def test_the_model_loads_and_ships_in_package_data() -> None:
    model = load_model()
    assert model.classes[0] == NONE and len(model.classes) > 10
    assert model.weights.shape == (len(model.vocab), len(model.classes))
    assert model.edges and len(model.precision) == len(model.edges)
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = data["tool"]["setuptools"]["package-data"]
    assert MODEL_FILE.name in globs["loaders.extract.learn"]
    assert MODEL_FILE.parent == ROOT / "loaders" / "extract" / "learn" and MODEL_FILE.stat().st_size < 5_000_000


@pytest.mark.parametrize(("lang", "text", "subject", "predicate"), [
    ("fr", "Le groupe Tarvane, dont le siège se trouve à Rennes, a confirmé ses objectifs.", "Tarvane",
     "locatedIn"),
    ("en", "Brennick Analytics, whose headquarters sit in Denver, confirmed its targets.", "Brennick Analytics",
     "locatedIn"),
])
def test_the_model_states_a_fact_no_rule_covers(lang: str, text: str, subject: str, predicate: str) -> None:
    with disabled():
        base = extract_text(text, article_id="t", lang=lang)
    facts = extract_text(text, article_id="t", lang=lang)
    new = [f for f in facts if f.method.startswith("learn:")]
    assert not any(f.predicate.iri.endswith(predicate) and f.subject.label == subject for f in base)
    assert any(f.predicate.iri.endswith(predicate) and f.subject.label == subject for f in new), facts
    assert all(0.0 <= f.confidence <= 1.0 and f.method == f"learn:{f.predicate.iri.rsplit('#')[-1]}"
               for f in new)


def test_training_is_reproducible_and_reads_no_cold_batch(tmp_path: Path) -> None:
    items = batches()
    assert items and not any("cold" in str(a) or "cold" in b for b, a, _ in items)
    arts = collect([i for i in items if i[0] == "dev5"])
    assert any(x != NONE for a in arts for ls in a.labels for x in ls)
    one, two = train(arts), train(arts)
    assert one.classes == two.classes and one.vocab == two.vocab
    assert np.array_equal(one.weights, two.weights) and np.array_equal(one.bias, two.bias)
    one.save(tmp_path / "a.npz")
    two.save(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    assert load_model(str(tmp_path / "a.npz")).classes == one.classes


def test_the_fresh_batch_is_read_in_folds_of_both_languages() -> None:
    items = batches()
    fresh = [(b, a) for b, a, _ in items if data.fresh(b)]
    folds = {b for b, _ in fresh}
    assert len({a for _, a, _ in items}) == len(items), "an article is read twice"
    on_disk = [p for d in data.FRESH_DIRS for p in (ROOT / "tests" / "data" / "articles" / d).glob("*.txt")]
    assert len(on_disk) >= 60 and len(fresh) == len(on_disk)
    assert folds == {f"fresh/{k}" for k in range(1, data.FRESH_FOLDS + 1)}
    large = {d for d in data.FRESH_DIRS if sum(p.parent.name == d for p in on_disk) >= 16}
    for fold in folds:
        members = [a for b, a in fresh if b == fold]
        langs = [a.name.rsplit(".", 2)[-2] for a in members]
        assert abs(langs.count("fr") - langs.count("en")) <= 1, fold
        assert large <= {a.parent.name for a in members}, fold  # a large batch is in every fold


def test_an_entity_is_not_labelled_with_a_free_text_gold_object(tmp_path: Path) -> None:
    """A gold ``instanceOf`` with a description object matches any prediction on its subject (the scorer
    does not compare such objects); the entity pair of the same sentence must not learn it as its label."""
    text = "Acme, a maker of pumps, bought Globex."
    gold_path = tmp_path / "g.json"
    gold_path.write_text(json.dumps({"facts": [
        {"id": "G1", "s": "Acme", "p": "instanceOf", "o": "maker of pumps", "kind": "core",
         "qualifiers": {}, "offsets": [[0, len(text)]]},
        {"id": "G2", "s": "Acme", "p": "acquired", "o": "Globex", "kind": "core", "qualifiers": {},
         "offsets": [[0, len(text)]]}],
        "entities": [{"name": "Acme", "aliases": []}, {"name": "Globex", "aliases": []}]}))
    gold = load_gold(gold_path)
    acme, globex = Entity("Acme", "Organization"), Entity("Globex", "Organization")
    doc = pipeline("en")(text)
    rec = hook.Record(0, len(text), text, "en", [], [], set())
    by_object = {}
    for c in candidates(doc, [Arg(0, 4, acme), Arg(31, 37, globex)], "en"):
        if c.subject == acme:
            by_object[getattr(c.object, "label", None) or c.kind] = data.label_of("t", rec, c, gold)
    assert by_object.get("Globex") == "acquired", by_object
    assert allowed("category", acme, globex) is False


def test_a_candidate_is_labelled_with_the_converse_that_states_its_gold_fact(tmp_path: Path) -> None:
    """Gold "Globex customerOf Acme" read from "Acme supplies Globex": the pair (Acme, Globex) learns
    ``supplierOf`` (which the scorer matches to that gold fact), the pair the other way round the gold's own."""
    text = "Acme supplies Globex."
    gold_path = tmp_path / "g.json"
    gold_path.write_text(json.dumps({"facts": [
        {"id": "G1", "s": "Globex", "p": "customerOf", "o": "Acme", "kind": "core", "qualifiers": {},
         "offsets": [[0, len(text)]]}],
        "entities": [{"name": "Acme", "aliases": []}, {"name": "Globex", "aliases": []}]}))
    gold = load_gold(gold_path)
    acme, globex = Entity("Acme", "Organization"), Entity("Globex", "Organization")
    rec = hook.Record(0, len(text), text, "en", [], [], set())
    labels = {(c.subject.label, getattr(c.object, "label", c.kind)): data.label_of("t", rec, c, gold)
              for c in candidates(pipeline("en")(text), [Arg(0, 4, acme), Arg(14, 20, globex)], "en")
              if c.kind == "entity"}
    assert labels == {("Acme", "Globex"): "supplierOf", ("Globex", "Acme"): "customerOf"}, labels


def test_a_gold_fact_with_an_amount_labels_only_its_own_pair(tmp_path: Path) -> None:
    """The scorer matches a gold fact with an amount on the amount alone; the place of the same sentence
    must not learn that fact's predicate, the seller must."""
    text = "Acme ordered 12 buses from Globex in Ohio for $40 million."
    gold_path = tmp_path / "g.json"
    gold_path.write_text(json.dumps({"facts": [
        {"id": "G1", "s": "Acme", "p": "customerOf", "o": "Globex", "kind": "core",
         "qualifiers": {"amount": 40000000, "currency": "USD"}, "offsets": [[0, len(text)]]}],
        "entities": [{"name": "Acme", "aliases": []}, {"name": "Globex", "aliases": []},
                     {"name": "Ohio", "aliases": []}]}))
    gold = load_gold(gold_path)
    acme, globex, ohio = Entity("Acme", "Organization"), Entity("Globex", "Organization"), Entity("Ohio", "Place")
    rec = hook.Record(0, len(text), text, "en", [], [], set())
    cands = candidates(pipeline("en")(text), [Arg(0, 4, acme), Arg(27, 33, globex), Arg(37, 41, ohio)], "en")
    labels = {c.object.label: data.label_of("t", rec, c, gold) for c in cands
              if c.subject == acme and isinstance(c.object, Entity)}
    assert labels == {"Globex": "customerOf", "Ohio": "NONE"}, labels


def test_features_name_what_governs_each_end_and_its_preposition() -> None:
    from loaders.extract.learn.features import features

    text = "Acme bought turbines from Globex, a Danish manufacturer."
    acme, globex = Entity("Acme", "Organization"), Entity("Globex", "Organization")
    doc = pipeline("en")(text)
    c = next(c for c in candidates(doc, [Arg(0, 4, acme), Arg(26, 32, globex)], "en")
             if c.subject == acme and c.object == globex)
    f = features(doc, c, "en")
    assert "bcase=from" in f and "bcase|head=from|buy" in f and "ahead=buy|nsubj" in f, f
    assert "bdesc=manufacturer" in f, f


def test_calibration_is_per_language_and_survives_a_save(tmp_path: Path) -> None:
    from loaders.extract.learn.model import fit
    from loaders.extract.learn.train import EDGES, calibration

    both = calibration([(0.05, True), (0.05, False)] * 10)
    en = calibration([(0.05, False)] * 10, both)  # always wrong in English: pulled under the table of both
    assert en[0] < both[0] and all(a <= b for a, b in itertools.pairwise(en))
    m = fit([["a"], ["b"]], [1, 0], ["NONE", "owns"], iterations=5)
    m.edges, m.precision, m.by_lang = list(EDGES), both, {"en": en}
    m.save(tmp_path / "m.npz")
    back = load_model(str(tmp_path / "m.npz"))
    assert back.calibrated(0.05, "en") == en[0] < back.calibrated(0.05, "fr") == both[0]
    assert load_model().by_lang.keys() == {"fr", "en"}  # the shipped model has both tables


def test_a_smaller_share_of_the_fresh_articles_lies_inside_a_larger_one() -> None:
    arts = [data.Article("fresh/1", Path(f"art{i}.fr.txt"), cast(Gold, None), "fr", [], [], []) for i in range(20)]
    quarter, half, whole = (sample(arts, s) for s in (0.25, 0.5, 1.0))
    assert (len(quarter), len(half), whole) == (5, 10, arts)
    assert {a.path for a in quarter} < {a.path for a in half}
    # the order is fixed by the file names, not by the order the articles come in
    assert {a.path for a in sample(arts[::-1], 0.5)} == {a.path for a in half}
    assert sample(arts, 0.0) == []
