"""loaders.extract.parse: relations from dependency paths, the new families, confidence and thresholds.

The sentences are written for these tests (none comes from an article with gold); each checks that a
construction lands in the right family and direction without a rule for that phrase.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from loaders.extract.article import extract_text
from loaders.extract.calibrate import Outcome, annotated_families, smoothed
from loaders.extract.confidence import DEFAULT_MIN_CONFIDENCE, active, confidence, keep, threshold
from loaders.extract.evaluate import load_gold, pair_recall, score
from loaders.extract.nlp import pipeline
from loaders.extract.parse.lexicon import Arg
from loaders.extract.parse.relations import relations
from loaders.model import Entity, Fact

ORG, PER = "Organization", "Person"


def _rel(lang: str, text: str, ents: dict[str, str]) -> set[tuple[str, str, str]]:
    args = [Arg(text.index(k), text.index(k) + len(k), Entity(k, t)) for k, t in ents.items()]
    out = set()
    nlp = pipeline(lang)
    doc = nlp.make_doc(text)
    for tok in doc[1:]:
        tok.is_sent_start = False  # as loaders.extract.article parses a segment: one sentence
    for f in relations(nlp(doc), args, lang):
        obj = f.object.label if isinstance(f.object, Entity) else f.object.value
        out.add((f.subject.label, f.predicate, obj))
    return out


@pytest.mark.parametrize(
    ("lang", "text", "ents", "fact"),
    [
        (
            "en",
            "Acme was acquired by Globex in 2021.",
            {"Acme": ORG, "Globex": ORG},
            ("Globex", "acquired", "Acme"),
        ),
        (
            "en",
            "Globex took a 20% stake in Acme.",
            {"Globex": ORG, "Acme": ORG},
            ("Globex", "hasStake", "Acme"),
        ),
        (
            "en",
            "Globex named Jane Doe its chief executive.",
            {"Globex": ORG, "Jane Doe": PER},
            ("Jane Doe", "ceoOf", "Globex"),
        ),
        (
            "en",
            "Acme, a subsidiary of Globex, builds turbines.",
            {"Acme": ORG, "Globex": ORG},
            ("Globex", "owns", "Acme"),
        ),
        (
            "en",
            "Globex and Acme formed a joint venture.",
            {"Globex": ORG, "Acme": ORG},
            ("Globex", "jointVenture", "Acme"),
        ),
        (
            "en",
            "The Federal Trade Commission sued Globex over the deal.",
            {"Federal Trade Commission": ORG, "Globex": ORG},
            ("Federal Trade Commission", "sued", "Globex"),
        ),
        (
            "fr",
            "Le groupe Vinci a racheté la société Cofiroute.",
            {"Vinci": ORG, "Cofiroute": ORG},
            ("Vinci", "acquired", "Cofiroute"),
        ),
        (
            "fr",
            "Orano détient 40 % de Sodima.",
            {"Orano": ORG, "Sodima": ORG},
            ("Orano", "hasStake", "Sodima"),
        ),
        (
            "fr",
            "Sodima est contrôlée par Bpifrance.",
            {"Sodima": ORG, "Bpifrance": ORG},
            ("Bpifrance", "owns", "Sodima"),
        ),
        (
            "fr",
            "Marie Dupont dirige Alstom depuis 2020.",
            {"Marie Dupont": PER, "Alstom": ORG},
            ("Marie Dupont", "ceoOf", "Alstom"),
        ),
        (
            "fr",
            "Sodima, filiale d'Engie, exploite le site.",
            {"Sodima": ORG, "Engie": ORG},
            ("Engie", "owns", "Sodima"),
        ),
    ],
)
def test_paths_land_in_families(
    lang: str, text: str, ents: dict[str, str], fact: tuple[str, str, str]
) -> None:
    assert fact in _rel(lang, text, ents)


def test_direction_and_types_are_checked() -> None:
    # the passive subject is the one acquired, not the acquirer
    assert ("Acme", "acquired", "Globex") not in _rel(
        "en", "Acme was acquired by Globex.", {"Acme": ORG, "Globex": ORG}
    )
    # a place is not acquired
    assert not _rel("en", "Globex bought Ohio.", {"Globex": ORG, "Ohio": "Place"})
    # a subject's modifier is not the subject ("XAI d'Elon Musk va construire")
    assert ("Elon Musk", "develops", "Colossus") not in _rel(
        "fr", "XAI d'Elon Musk va construire Colossus.", {"Elon Musk": PER, "Colossus": "Facility"}
    )


def test_stake_percent_and_deal_amount_are_qualifiers() -> None:
    facts = extract_text(
        "Veridian Energy took a 30% stake in Solmar Renewables. Veridian Energy agreed to buy "
        "Solmar Renewables for $1.2 billion.",
        article_id="t",
        lang="en",
    )
    stake = next(f for f in facts if f.predicate.iri.endswith("#hasStake"))
    assert (stake.qualifiers.quantity, stake.qualifiers.unit) == (Decimal("30"), "%")
    deal = next(f for f in facts if f.predicate.iri.endswith("#acquired"))
    assert (deal.qualifiers.amount, deal.qualifiers.currency) == (Decimal("1200000000"), "USD")
    assert deal.method.startswith("parse:acquired:")


def test_figures_are_values_of_the_company() -> None:
    facts = extract_text(
        "Solmar Renewables employs about 600 people and reported revenue of $310 million.",
        article_id="t",
        lang="en",
    )
    got = {
        (f.predicate.iri.rsplit("#")[-1], f.object.value)
        for f in facts
        if f.subject.label == "Solmar Renewables"
    }
    assert ("employees", "600") in got and ("revenue", "310000000") in got


def test_coreference_reaches_the_parse() -> None:
    """ "le groupe" resolves to the company named before; the fine goes to it, not to the regulator."""
    text = (
        "Le groupe Hélior exploite trois parcs. La Commission européenne a infligé une amende de 30 millions "
        "d'euros à Hélior en 2021. Le groupe a signé un contrat d'approvisionnement avec le chimiste Novachem."
    )
    facts = extract_text(text, article_id="t", lang="fr")
    rel = {
        (f.subject.label, f.predicate.iri.rsplit("#")[-1], getattr(f.object, "label", None)) for f in facts
    }
    assert ("European Commission", "fined", "Hélior") in rel
    assert ("Hélior", "customerOf", "Novachem") in rel


def test_rules_win_over_the_parse_for_the_same_pair() -> None:
    facts = extract_text("Maria Chen, Veridian Energy's chief executive, spoke.", article_id="t", lang="en")
    pair = [
        f
        for f in facts
        if {f.subject.label, getattr(f.object, "label", "")} == {"Maria Chen", "Veridian Energy"}
    ]
    assert len(pair) == 1


def test_confidence_is_the_calibrated_precision() -> None:
    table = smoothed(
        [Outcome("parse:acquired:buy:d", "acquisition", "acquired", ok) for ok in (True,) * 9 + (False,)]
    )
    assert 0.7 < table["parse:acquisition:acquired"] < 0.95
    low = smoothed([Outcome("parse:develops:build:d", "development", "develops", False)] * 10)
    assert low["parse:development:develops"] < 0.3
    c = confidence("parse:acquired:buy:d", "acquisition", "acquired", ["gazetteer"], "asserted")
    assert c > confidence("parse:acquired:buy:d", "acquisition", "acquired", ["anaphor"], "asserted")
    assert 0.0 <= c <= 1.0


def test_annotated_families_include_equivalents() -> None:
    fams = annotated_families([{"p": "holdsRole", "s": "a", "o": "b"}])
    assert {"role", "leadership", "board"} <= fams and "acquisition" not in fams


def _fact(conf: float) -> Fact:
    return Fact.from_dict(
        {
            "id": "x",
            "subject": {"label": "A", "type": ORG},
            "predicate": {"iri": "ng:owns"},
            "object": {"label": "B", "type": ORG},
            "confidence": conf,
            "evidence": {"source": "a", "text": "x", "start": 0, "end": 1},
        }
    )


def test_threshold_context_and_keep() -> None:
    facts = [_fact(0.3), _fact(0.8)]
    assert len(keep(facts)) == 1 and active() == DEFAULT_MIN_CONFIDENCE
    with threshold(0.2):
        assert len(keep(facts)) == 2
    assert len(keep(facts, 0.9)) == 0
    with pytest.raises(ValueError), threshold(1.5):
        pass


def test_pair_recall_and_unjudged_families(tmp_path: Path) -> None:
    p = tmp_path / "g.json"
    p.write_text(
        json.dumps(
            {
                "scope": ["ownership"],
                "facts": [
                    {"id": "G1", "s": "Acme", "p": "owns", "o": "Beta", "kind": "core", "offsets": [[0, 5]]},
                    {
                        "id": "G2",
                        "s": "Acme",
                        "p": "partnerOf",
                        "o": "Gamma",
                        "kind": "core",
                        "offsets": [[0, 5]],
                    },
                ],
                "entities": [{"name": "Acme"}, {"name": "Beta"}, {"name": "Gamma"}],
            }
        )
    )
    gold = load_gold(p)
    wrong_name = Fact.from_dict(
        {
            "id": "p",
            "subject": {"label": "Beta", "type": ORG},
            "predicate": {"iri": "ng:owns"},
            "object": {"label": "Acme", "type": ORG},
            "evidence": {"source": "a", "text": "xxxxx", "start": 0, "end": 5},
        }
    )
    outside = Fact.from_dict({**wrong_name.to_dict(), "predicate": {"iri": "ng:acquired"}})
    assert pair_recall([wrong_name], gold) == {"gold": 2, "found": 1, "recall": 0.5}
    r = score([wrong_name, outside], gold)
    assert r["overall"]["pred"] == 1 and len(r["unjudged"]) == 1  # ng:acquired is outside the file's scope


def test_min_confidence_option_on_extract(tmp_path: Path) -> None:
    art = tmp_path / "a.en.txt"
    art.write_text("Globex took a 20% stake in Acme Renewables. Acme Renewables employs 300 people.\n")
    runner = CliRunner()
    every = runner.invoke(app, ["extract", str(art), "--min-confidence", "0"])
    strict = runner.invoke(app, ["extract", str(art), "--min-confidence", "1"])
    assert every.exit_code == 0 and strict.exit_code == 0
    assert len(every.stdout.splitlines()) > len(strict.stdout.splitlines()) == 0
    bad = runner.invoke(app, ["extract", str(art), "--min-confidence", "2"])
    assert bad.exit_code == 2


def test_article_route_takes_min_confidence(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.config import Settings

    text = "Globex took a 20% stake in Acme Renewables. Acme Renewables employs 300 people.\n"
    app = create_app(Settings(store=str(tmp_path / "s"), token="t0ken", query_workers=0))
    with TestClient(app) as client:
        auth = {"Authorization": "Bearer t0ken", "Content-Type": "text/plain"}
        every = client.post("/api/articles?id=a&min_confidence=0", content=text, headers=auth)
        none = client.post("/api/articles?id=b&min_confidence=1", content=text, headers=auth)
        bad = client.post("/api/articles?id=c&min_confidence=3", content=text, headers=auth)
    assert every.status_code == 201 and none.status_code == 201
    assert len(every.json()["facts"]) > len(none.json()["facts"]) == 0
    assert bad.status_code in (400, 422) and "error" in bad.json()


# ---------------------------------------------------------------- round 7: constructions that generalise
def _facts(lang: str, text: str) -> set[tuple[str, str, str]]:
    out = set()
    for f in extract_text(text, article_id="t", lang=lang):
        obj = f.object.label if isinstance(f.object, Entity) else f.object.value
        out.add((f.subject.label, f.predicate.iri.rsplit("#")[-1], obj))
    return out


def test_a_segment_is_parsed_as_one_sentence() -> None:
    """The French parser used to cut "Lumen Santé || détient" and lose the stake."""
    got = _facts("fr", "Veyrane Santé détient déjà 15 % de Cobalis depuis 2021.")
    assert ("Veyrane Santé", "hasStake", "Cobalis") in got


def test_a_figure_takes_the_value_noun_nearest_it() -> None:
    facts = extract_text("Solmar Renewables reported revenue of $11.2 billion and net income of $1.9 billion "
                         "last year.", article_id="t", lang="en")
    got = {(f.predicate.iri.rsplit("#")[-1], f.object.value) for f in facts}
    assert ("revenue", "11200000000") in got and ("profit", "1900000000") in got
    assert ("revenue", "1900000000") not in got


def test_losses_are_negative_profits_and_job_cuts_no_headcount() -> None:
    got = _facts("en", "Solmar Renewables said its net loss narrowed to $38 million. Solmar Renewables "
                       "will cut 900 jobs. Solmar Renewables employs 240 technicians in the fiscal year ended "
                       "September 30.")
    assert ("Solmar Renewables", "profit", "-38000000") in got
    assert ("Solmar Renewables", "employees", "900") not in got
    assert ("Solmar Renewables", "employees", "240") in got
    sure = {(f.subject.label, f.predicate.iri.rsplit("#")[-1], f.object.value)
            for f in keep(extract_text("Solmar Renewables employs 240 technicians in the fiscal year ended "
                                       "September 30.", article_id="t", lang="en"))}
    assert ("Solmar Renewables", "employees", "30") not in sure  # a day of the month is no headcount


def test_a_count_is_not_the_headcount_of_the_noun_coordinated_with_its_own() -> None:
    """ "198 hôtels et 9 100 salariés": 198 counts hotels, 9,100 the staff."""
    for lang, text in (("fr", "Orvanne compte 198 hôtels et 9 100 salariés en Europe."),
                       ("en", "Orvanne Hotels has 198 hotels and 9,100 employees across Europe.")):
        got = {(p, o) for _, p, o in _facts(lang, text)}
        assert ("employees", "9100") in got, (lang, got)
        assert ("employees", "198") not in got, (lang, got)


def test_a_regulator_rules_on_both_parties_and_buys_nothing() -> None:
    rel = _rel("fr", "La Commission européenne a autorisé mardi le rachat de Cobalis par son concurrent Veyrane.",
               {"Commission européenne": ORG, "Cobalis": ORG, "Veyrane": ORG})
    assert ("Commission européenne", "regulatoryDecision", "Veyrane") in rel
    assert not any(p == "acquired" and s == "Commission européenne" for s, p, _ in rel)


def test_datelines_are_segments_without_facts() -> None:
    from loaders.extract.sentences import split_segments

    segs = split_segments("LYON, 2 mars (Agence) - Veyrane a racheté Cobalis.")
    assert [s.kind for s in segs] == ["dateline", "sentence"]
    assert segs[1].text == "Veyrane a racheté Cobalis."


@pytest.mark.parametrize(
    ("lang", "text", "name", "category"),
    [
        ("en", "Torvane Capital, an activist fund, opposed the deal.", "Torvane Capital", "activist fund"),
        ("en", "Globex agreed to buy chip-design software developer Acme Labs.", "Acme Labs",
         "chip-design software developer"),
        ("fr", "Le fonds Meridio a investi dans le groupe de travaux publics Bardane.", "Bardane",
         "groupe de travaux publics"),
    ],
)
def test_categories_from_descriptors_and_appositives(lang: str, text: str, name: str, category: str) -> None:
    from loaders.extract.parse.describe import categories

    args = [Arg(text.index(name), text.index(name) + len(name), Entity(name, ORG))]
    got = [(f.subject.label, f.object.value) for f in categories(pipeline(lang)(text), args, lang)]
    assert got == [(name, category)]


def test_relation_nouns_and_verb_homographs_are_no_category() -> None:
    from loaders.extract.parse.describe import categories

    for lang, text, name in (("en", "Acme, a subsidiary of Globex, grew.", "Acme"),
                             ("fr", "Selon Les Echos, l'opération valorise Cobalis à 1 milliard.", "Cobalis")):
        args = [Arg(text.index(name), text.index(name) + len(name), Entity(name, ORG))]
        assert categories(pipeline(lang)(text), args, lang) == []


@pytest.mark.parametrize(
    ("lang", "text", "ents", "fact"),
    [
        ("fr", "Le loueur irlandais Nordvane a signé un contrat avec Cobalis.", {"Nordvane": ORG, "Cobalis": ORG},
         ("Nordvane", "locatedIn", "Irlande")),
        ("en", "German utility Rheinvale Energie signed the deal.", {"Rheinvale Energie": ORG},
         ("Rheinvale Energie", "locatedIn", "Germany")),
        ("en", "The deal was signed with Taiwan's Merivane Electronics.", {"Merivane Electronics": ORG},
         ("Merivane Electronics", "locatedIn", "Taiwan")),
        ("en", "Torvane, a Chicago-based start-up, raised money.", {"Torvane": ORG, "Chicago": "Place"},
         ("Torvane", "locatedIn", "Chicago")),
        ("en", "Torvane, which is based in San Jose, California, grew.",
         {"Torvane": ORG, "San Jose": "Place", "California": "Place"}, ("Torvane", "locatedIn", "San Jose")),
    ],
)
def test_locations_from_nationalities_possessives_and_based(
    lang: str, text: str, ents: dict[str, str], fact: tuple[str, str, str]
) -> None:
    rel = _rel(lang, text, ents)
    assert fact in rel
    assert ("Torvane", "locatedIn", "California") not in rel


@pytest.mark.parametrize(
    ("lang", "text", "ents", "fact"),
    [
        ("en", "Goldman Sachs advised Globex on the deal.", {"Goldman Sachs": ORG, "Globex": ORG},
         ("Globex", "partnerOf", "Goldman Sachs")),
        ("fr", "Veyrane est conseillé par Lazard.", {"Veyrane": ORG, "Lazard": ORG},
         ("Veyrane", "partnerOf", "Lazard")),
        ("en", "Tom Ashby, a utilities analyst at Barclays, was sceptical.", {"Tom Ashby": PER, "Barclays": ORG},
         ("Tom Ashby", "holdsRole", "Barclays")),
        ("en", "Cobalis is 60% owned by the pension fund Meridio Pension.", {"Cobalis": ORG, "Meridio Pension": ORG},
         ("Meridio Pension", "hasStake", "Cobalis")),
        ("en", "Veyrane sold its subsidiary, Signara, to Ibervane.", {"Veyrane": ORG, "Signara": ORG},
         ("Veyrane", "owns", "Signara")),
    ],
)
def test_advisers_roles_percent_ownership_and_possessive_determiners(
    lang: str, text: str, ents: dict[str, str], fact: tuple[str, str, str]
) -> None:
    assert fact in _rel(lang, text, ents)


def test_co_founded_by_gives_each_person_a_cofounder_and_a_founder() -> None:
    got = _facts("en", "Cobalis Software was co-founded in 2011 by Ravi Menon and Clara Jung.")
    assert ("Ravi Menon", "cofounded", "Cobalis Software") in got
    assert ("Clara Jung", "cofounded", "Cobalis Software") in got
    assert ("Cobalis Software", "foundedBy", "Ravi Menon") in got
    assert ("Cobalis Software", "cofounded", "Ravi Menon") not in got


@pytest.mark.parametrize(
    ("lang", "text", "ents", "fact"),
    [
        ("en", "Cobalis Telecom was co-founded by Ruth Ellis, who chairs its board.",
         {"Cobalis Telecom": ORG, "Ruth Ellis": PER}, ("Ruth Ellis", "chairOf", "Cobalis Telecom")),
        ("en", "Cobalis hired Clara Jung, who has served as its CEO since 2017.",
         {"Cobalis": ORG, "Clara Jung": PER}, ("Clara Jung", "ceoOf", "Cobalis")),
    ],
)
def test_possessives_of_role_nouns_refer_to_the_organisation(
    lang: str, text: str, ents: dict[str, str], fact: tuple[str, str, str]
) -> None:
    assert fact in _rel(lang, text, ents)


def test_a_possessive_of_capital_is_not_the_holder() -> None:
    rel = _rel("fr", "Veyrane détient déjà 15 % de son capital.", {"Veyrane": ORG})
    assert not rel


def test_a_fine_with_its_amount_as_second_object() -> None:
    """ "fined X 104 million pounds": the lemmatizer reads "fin", the parser hangs X from the amount."""
    facts = extract_text("The energy regulator Voltar on Monday fined Corvane Water 12 million pounds for "
                         "sewage spills.", article_id="t", lang="en")
    fine = next(f for f in facts if f.predicate.iri.endswith("#fined"))
    assert fine.object.label == "Corvane Water" and fine.qualifiers.amount == Decimal("12000000")
