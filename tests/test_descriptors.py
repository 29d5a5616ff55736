"""Organisations an article describes with its own nouns, and short names that are another company.

Both are read through the candidate pairs the extractor builds for each sentence (the learned
classifier's input), so the tests see what every later stage sees.
"""

from __future__ import annotations

import doctest

import loaders.extract.rules.descriptors as descriptors
from loaders.extract.article import extract_text
from loaders.extract.learn.hook import collecting, disabled


def _pairs(text: str, lang: str, needle: str) -> set[tuple[str, str, str]]:
    with disabled(), collecting() as records:
        extract_text(text, article_id="t", lang=lang)
    return {(c.subject.label, c.kind, str(getattr(c.object, "label", getattr(c.object, "value", ""))))
            for r in records if needle in r.seg_text for c in r.candidates}


def test_doctests() -> None:
    assert doctest.testmod(descriptors).failed == 0


def test_the_noun_an_organisation_was_introduced_with_refers_back_to_it() -> None:
    text = ("Le groupe de luxe Orsenne rachète 85 % de la maison de champagne Roussillac, a annoncé la société. "
            "Roussillac a réalisé un chiffre d'affaires de 126 millions d'euros. "
            "Fondée en 1872, la maison emploie 210 salariés.")
    assert ("Roussillac", "count", "210") in _pairs(text, "fr", "la maison emploie")


def test_an_english_apposition_teaches_its_last_noun() -> None:
    text = "The regulator fined Pellory, an online homeware retailer, on Monday. The retailer employs 900 people in Leeds."
    assert ("Pellory", "count", "900") in _pairs(text, "en", "The retailer employs")


def test_a_deal_noun_before_a_name_teaches_nothing() -> None:
    text = "Orsenne a annoncé le rachat de Roussillac. Le rachat emploie 210 salariés."
    assert not any(s == "Roussillac" for s, _, _ in _pairs(text, "fr", "Le rachat emploie"))


def test_a_short_name_used_alone_before_a_longer_one_stays_its_own_company() -> None:
    text = ("Le groupe Orsenne rachète Roussillac. Orsenne paiera 420 millions d'euros. "
            "Les bouteilles seront vendues par Orsenne. Selon Orsenne, la demande est forte. "
            "Orsenne Wines & Spirits, la filiale américaine, les distribuera. "
            "Orsenne emploie 21 000 salariés.")
    pairs = _pairs(text, "fr", "Orsenne emploie")
    assert ("Orsenne", "count", "21000") in pairs
    assert not any(s == "Orsenne Wines & Spirits" for s, _, _ in pairs)


def test_a_family_is_one_organisation_named_as_the_article_names_it() -> None:
    pairs = _pairs("Ardanne est contrôlé par la famille Dorvillier et par le fonds Siparex.", "fr", "Ardanne")
    assert ("Ardanne", "entity", "famille Dorvillier") in pairs
    assert not any(o == "Dorvillier" for _, _, o in pairs)  # not a person called Dorvillier
    en = _pairs("Askerud Group is controlled by the Askerud family, its chairman said.", "en", "Askerud")
    assert ("Askerud Group", "entity", "Askerud family") in en


def test_a_name_before_an_apposition_of_its_kind_is_an_organisation() -> None:
    text = "Les bornes seront installées par Watteo, une filiale d'Engie, dans le cadre d'un contrat."
    assert ("Watteo", "entity", "Engie") in _pairs(text, "fr", "Watteo")


def test_a_headcount_in_personnes_is_a_count_not_a_percentage() -> None:
    pairs = _pairs("Le groupe Hallerbach emploie 14 000 personnes en Hesse.", "fr", "Hallerbach")
    assert ("Hallerbach", "count", "14000") in pairs


def test_elle_opening_a_sentence_before_a_company_verb_is_the_company() -> None:
    text = ("La start-up Livrago a été placée en liquidation. "
            "Elle avait réalisé un chiffre d'affaires de 41 millions d'euros.")
    assert ("Livrago", "money", "41000000") in _pairs(text, "fr", "Elle avait")


def test_a_sentence_opening_on_a_figure_is_the_figure_of_the_company_just_named() -> None:
    text = "Kelvane Wind Systems cut 600 jobs on Monday. Revenue fell 14% to 3.1 billion euros last year."
    with disabled():
        facts = extract_text(text, article_id="t", lang="en")
    assert any(f.subject.label == "Kelvane Wind Systems" and f.predicate.label == "revenue"
               and getattr(f.object, "value", "") == "3100000000" for f in facts)
    named = _pairs("Revenue at Acme Corp fell 14% to 3.1 billion euros.", "en", "Revenue at")
    assert not any(s == "Kelvane Wind Systems" for s, _, _ in named)  # an organisation is named: no guess


def test_a_public_body_keeps_the_and_and_the_of_its_name() -> None:
    labels = {s for s, _, _ in _pairs("The Department for Business and Trade said it would support Draymoor Nitrogen.",
                                      "en", "Department")}
    assert "Department for Business and Trade" in labels
    labels = {s for s, _, _ in _pairs("Celtamar needs a permit from Spain's Ministry for the Ecological Transition.",
                                      "en", "Ministry")}
    assert "Ministry for the Ecological Transition" in labels
    both = {s for s, _, _ in _pairs("Bank of America and Citi led the loan to Acme Corp.", "en", "Bank")}
    assert "Bank of America" in both and not any(" and " in s for s in both)  # two lenders, not one name


def test_a_facility_said_to_be_somewhere_is_named_by_its_place_one_per_place() -> None:
    text = ("Le groupe Hallerbach rachète Thermavor. Hallerbach exploite une usine de pompes à chaleur à Brno. "
            "Thermavor exploite aussi une usine à Sarreguemines.")
    pairs = _pairs(text, "fr", "usine")
    assert ("usine de Brno", "entity", "Brno") in pairs and ("usine de Sarreguemines", "entity", "Sarreguemines") in pairs
    en = _pairs("Draymoor Nitrogen will close its factory in Szczecin, Poland.", "en", "factory")
    assert ("Szczecin factory", "entity", "Szczecin") in en
    assert not any(s == "Leeds warehouse" for s, _, _ in _pairs(
        "Quillfeather makes warehouse robots in Leeds.", "en", "warehouse"))


def test_a_share_of_an_unnamed_capital_is_of_the_company_the_article_is_about() -> None:
    text = ("Le fabricant de pompes Thermavor emploie 900 salariés à Sarreguemines. "
            "Le fonds Orvanne Capital, qui détient 72 % du capital depuis 2019, cherche un acheteur.")
    pairs = _pairs(text, "fr", "72 %")
    assert ("Orvanne Capital", "entity", "Thermavor") in pairs
    assert not any(s == o for s, _, o in pairs)  # never the holder's own capital
    named = _pairs("Orvanne Capital détient 72 % du capital de Thermavor.", "fr", "72 %")
    assert {s for s, _, _ in named} == {"Orvanne Capital", "Thermavor"}  # the named one, no guess


def test_places_the_ner_half_knows_are_places() -> None:
    from loaders.extract.nlp import pipeline
    from loaders.extract.recognise import doc_mentions

    def types(text: str, lang: str) -> dict[str, str]:
        return {m.text: m.type for m in doc_mentions(pipeline(lang)(text), 0, lang)}

    fr = types("Les bus seront assemblés dans l'usine de Carélec à Issoire (Puy-de-Dôme), qui emploie 380 personnes.",
               "fr")
    assert fr.get("Puy-de-Dôme") == "Place" and fr.get("Issoire") == "Place"
    en = types("It will close its plant at Immingham in north-east Lincolnshire by the end of June.", "en")
    assert en.get("Lincolnshire") == "Place"
    assert types("He sued it in the High Court in Copenhagen last year.", "en").get("Copenhagen") == "Place"
