"""loaders.extract.normalize: numbers, money, quantities, measures, dates (fr and en)."""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest

import loaders.extract.normalize as nz


def test_doctests() -> None:
    assert doctest.testmod(nz).failed == 0


@pytest.mark.parametrize(("text", "lang", "amount", "cur"), [
    ("6 milliards de dollars", "fr", "6000000000", "USD"),
    ("24 milliards de dollars", "fr", "24000000000", "USD"),
    ("450 millions d'euros", "fr", "450000000", "EUR"),
    ("2,1 milliards d'euros", "fr", "2100000000", "EUR"),
    ("$1.2 billion", "en", "1200000000", "USD"),
    ("$9bn", "en", "9000000000", "USD"),
    ("€500 million", "en", "500000000", "EUR"),
    # other named currencies, found in running text
    ("Revenue reached 41 billion Norwegian crowns last year", "en", "41000000000", "NOK"),
    ("un prêt de 1,2 milliard de couronnes suédoises", "fr", "1200000000", "SEK"),
    ("une amende de 3 millions de francs suisses", "fr", "3000000", "CHF"),
    ("a C$40 million grant", "en", "40000000", "CAD"),
    ("500 million Danish kroner", "en", "500000000", "DKK"),
    ("2 milliards de yuans", "fr", "2000000000", "CNY"),
])
def test_money(text: str, lang: str, amount: str, cur: str) -> None:
    import re

    found = re.search(nz.MONEY_RE, text)
    assert found is not None, text
    assert nz.parse_money(found.group(0), lang) == (Decimal(amount), cur)


def test_a_bare_crown_or_franc_is_no_currency() -> None:
    import re

    assert re.search(nz.MONEY_RE, "a grant of 240 million crowns") is None  # Swedish, Danish or Norwegian?


@pytest.mark.parametrize(("text", "lang", "n", "approx"), [
    ("100k", "en", 100000, False), ("12 000", "fr", 12000, False), ("environ 85 000", "fr", 85000, True),
    ("roughly 50,000", "en", 50000, True), ("8,000", "en", 8000, False),
])
def test_quantities(text: str, lang: str, n: int, approx: bool) -> None:
    assert nz.parse_quantity(text, lang) == (Decimal(n), approx)


@pytest.mark.parametrize(("text", "lang", "iso"), [
    ("2 juin 2024", "fr", "2024-06-02"), ("1er mars 2025", "fr", "2025-03-01"),
    ("June 2, 2024", "en", "2024-06-02"), ("in March 2024", "en", "2024-03"), ("en mai 2023", "fr", "2023-05"),
    ("2021", "fr", "2021"), ("l'été prochain", "fr", "l'été prochain"), ("next summer", "en", "next summer"),
    ("en avril", "fr", "en avril"),
])
def test_dates_keep_precision(text: str, lang: str, iso: str) -> None:
    assert nz.parse_date(text, lang) == iso


def test_measures_and_durations() -> None:
    assert nz.parse_measure("1.206 exaflops", "en") == (Decimal("1.206"), "exaFLOPS")
    assert nz.parse_measure("40 MW", "fr") == (Decimal(40), "MW")
    assert nz.parse_measure("125,9 pétaflops", "fr") == (Decimal("125.9"), "petaFLOPS")
    assert nz.parse_measure("1,206 exaflops", "en") == (Decimal("1.206"), "exaFLOPS")  # decimal comma
    assert nz.parse_measure("about 30 MW", "en") == (Decimal(30), "MW")
    assert nz.parse_measure("300-megawatt", "en") == (Decimal(300), "MW")
    assert nz.is_approximate("environ 3 MW") and not nz.is_approximate("3 MW")
    assert nz.parse_duration("six months", "en") == (Decimal(6), "month")
    with pytest.raises(ValueError):
        nz.parse_measure("40 bananas")
    with pytest.raises(ValueError):
        nz.parse_number("beaucoup")
