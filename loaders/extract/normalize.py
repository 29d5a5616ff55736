"""Normalising numbers, money, quantities, units, durations and dates in French and English.

Dates keep the precision of the text: a day gives ``YYYY-MM-DD``, a month ``YYYY-MM``, a year
``YYYY``; a month without a year or a relative expression is kept as text (never invented).

Examples
--------
>>> parse_money("6 milliards de dollars", "fr")
(Decimal('6000000000'), 'USD')
>>> parse_money("$1.5 billion", "en")
(Decimal('1500000000'), 'USD')
>>> parse_quantity("100k H100")
(Decimal('100000'), False)
>>> parse_quantity("environ 12 000 GPU", "fr")
(Decimal('12000'), True)
>>> parse_measure("1.206 exaflops", "en")
(Decimal('1.206'), 'exaFLOPS')
>>> parse_measure("1,2 GW", "fr")
(Decimal('1.2'), 'GW')
>>> parse_date("2 juin 2024", "fr"), parse_date("in March 2024", "en"), parse_date("depuis 2021", "fr")
('2024-06-02', '2024-03', '2021')
>>> parse_date("l'été prochain", "fr")
"l'été prochain"
>>> parse_duration("quatre mois", "fr")
(Decimal('4'), 'month')
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

SPACES: Final = " \u00a0\u202f\u2009"
NUMBER_RE: Final = (
    r"(?:\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d+(?:[.,]\d+)?)"
)
SCALE_RE: Final = (
    r"(?:milliards?|millions?|mille|billions?|trillions?|thousand|bn|mds?|md|mn|m|k|b|g)"
)
_WORDS: Final[dict[str, int]] = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "cent": 100,
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six_": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}
WORD_NUMBER_RE: Final = "(?:" + "|".join(sorted((w.rstrip("_") for w in _WORDS), key=len, reverse=True)) + ")"
_HUNDRED_RE: Final = r"(?:\s+(?:cents?|hundred))?"
# a count written in words ("deux mille", "trois cents", "two thousand"); articles ("a", "un") excluded
_COUNT_WORDS: Final = sorted((w.rstrip("_") for w in _WORDS if w not in ("a", "an", "un", "une")),
                             key=len, reverse=True)
COUNT_WORD_RE: Final = (r"\b(?:" + "|".join(_COUNT_WORDS) + r")" + _HUNDRED_RE
                        + r"(?:\s+(?:mille|thousand|millions?))?\b")
_SCALES: Final[dict[str, int]] = {
    "k": 10**3, "mille": 10**3, "thousand": 10**3,
    "m": 10**6, "mn": 10**6, "million": 10**6, "millions": 10**6,
    "md": 10**9, "mds": 10**9, "milliard": 10**9, "milliards": 10**9, "bn": 10**9, "b": 10**9,
    "billion": 10**9, "billions": 10**9, "g": 10**9,
    "trillion": 10**12, "trillions": 10**12,
}
#: currency names after a number, most specific first ("dollars canadiens" before "dollars"); a bare
#: "crowns" or "francs" names no one currency and is not read as money
_CURRENCIES: Final[tuple[tuple[str, str], ...]] = (
    (r"dollars? canadiens?|canadian dollars?|cad|c\$", "CAD"),
    (r"dollars? australiens?|australian dollars?|aud|a\$", "AUD"),
    (r"dollars? de hong kong|hong kong dollars?|hkd", "HKD"),
    (r"dollars? de singapour|singapore dollars?|sgd", "SGD"),
    (r"\$|dollars?(?: américains| us)?|usd|us\$", "USD"),
    (r"€|euros?|eur", "EUR"),
    (r"£|livres?(?: sterling)?|pounds?(?: sterling)?|gbp", "GBP"),
    (r"¥|yens?|jpy", "JPY"),
    (r"yuans?|cny|rmb|renminbi", "CNY"),
    (r"francs? suisses?|swiss francs?|chf", "CHF"),
    (r"couronnes? suédoises?|swedish (?:crowns?|kronor|krona)|kronor|sek", "SEK"),
    (r"couronnes? norvégiennes?|norwegian (?:crowns?|kroner|krone)|nok", "NOK"),
    (r"couronnes? danoises?|danish (?:crowns?|kroner|krone)|dkk", "DKK"),
    (r"roupies?(?: indiennes?)?|(?:indian )?rupees?|inr", "INR"),
    (r"wons?(?: sud-coréens?)?|(?:south korean )?won|krw", "KRW"),
    (r"réals?(?: brésiliens?)?|reais|(?:brazilian )?real|brl", "BRL"),
    (r"zlotys?|złotys?|pln", "PLN"),
)
#: the names of :data:`_CURRENCIES` that may follow a number in running text (not the bare codes)
_CURRENCY_WORDS: Final = (
    r"dollars? (?:canadiens?|australiens?|de hong kong|de singapour)"
    r"|(?:[Cc]anadian|[Aa]ustralian|[Hh]ong [Kk]ong|[Ss]ingapore) dollars?"
    r"|dollars?(?: américains)?|euros?|livres sterling|pounds?(?: sterling)?|yens?|yuans?"
    r"|francs? suisses?|[Ss]wiss francs?|couronnes? (?:suédoises?|norvégiennes?|danoises?)"
    r"|(?:[Ss]wedish|[Nn]orwegian|[Dd]anish) (?:crowns?|kronor|krona|kroner|krone)|kronor"
    r"|roupies?|(?:[Ii]ndian )?rupees|zlotys?|USD|EUR|GBP|CHF|SEK|NOK|DKK|JPY|CNY|CAD|AUD")
_UNITS: Final[dict[str, str]] = {
    "exaflops": "exaFLOPS", "exaflop": "exaFLOPS", "ef": "exaFLOPS", "eflops": "exaFLOPS",
    "petaflops": "petaFLOPS", "petaflop": "petaFLOPS", "pf": "petaFLOPS", "pflops": "petaFLOPS",
    "pétaflops": "petaFLOPS", "pétaflop": "petaFLOPS",
    "teraflops": "teraFLOPS", "tflops": "teraFLOPS", "téraflops": "teraFLOPS",
    "gw": "GW", "mw": "MW", "kw": "kW", "twh": "TWh", "gwh": "GWh", "mwh": "MWh",
    "gigawatts": "GW", "gigawatt": "GW", "mégawatts": "MW", "megawatts": "MW", "megawatt": "MW",
    "mégawatt": "MW", "kilowatts": "kW",
}
#: no machine reaches this many exaFLOPS: a larger figure with a comma has a decimal comma
EXA_MAX: Final = 100
#: a measure in the text: number then a power or computing-speed unit (see :func:`parse_measure`)
MEASURE_RE: Final = (
    r"(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"
    r"[ \u00a0\u202f-]?(?:[Ee]xaflops?|[Pp][ée]taflops?|[Tt][ée]raflops?|EFLOPS|PFLOPS|TFLOPS"
    r"|[Ee]xaFLOPS|[Pp]etaFLOPS|GW|MW|kW|[Gg]igawatts?|[Mm][ée]gawatts?)(?![\w-])"
)
_MONTHS: Final[dict[str, int]] = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
MONTH_RE: Final = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DURATION_UNITS: Final[dict[str, str]] = {
    "jour": "day", "jours": "day", "day": "day", "days": "day",
    "semaine": "week", "semaines": "week", "week": "week", "weeks": "week",
    "mois": "month", "month": "month", "months": "month",
    "an": "year", "ans": "year", "année": "year", "années": "year", "year": "year", "years": "year",
}
_APPROX: Final = re.compile(
    r"\b(?:environ|près de|quelque|quelques|approximativement|plus de|about|around|roughly|nearly|"
    r"approximately|some|over|more than|~)\s*|~", re.I)


def parse_number(text: str, lang: str = "en") -> Decimal:
    """A number with optional scale word: ``12 000``, ``1,5``, ``1.206``, ``100k``, ``quatre``.

    >>> parse_number("12 000"), parse_number("1,5", "fr"), parse_number("1,500", "en")
    (Decimal('12000'), Decimal('1.5'), Decimal('1500'))
    >>> parse_number("2,5 milliards", "fr"), parse_number("100k")
    (Decimal('2500000000'), Decimal('100000'))
    >>> parse_number("trois cents", "fr"), parse_number("two thousand")
    (Decimal('300'), Decimal('2000'))

    Raises
    ------
    ValueError
        If no number is found.
    """
    s = text.strip().lower()
    word = re.fullmatch(WORD_NUMBER_RE + r"(\s+(?:cents?|hundred))?(?:\s+(" + SCALE_RE + r"))?", s)
    if word:
        base = Decimal(_WORDS.get(s.split()[0], _WORDS.get(s.split()[0] + "_", 0)))
        base *= 100 if word.group(1) else 1
        scale = word.group(2)
        return base * _SCALES[scale] if scale else base
    m = re.match(r"(" + NUMBER_RE + r")\s*(" + SCALE_RE + r")?\b", s)
    if not m:
        raise ValueError(f"no number in {text!r}")
    raw = m.group(1)
    for sp in SPACES:
        raw = raw.replace(sp, "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw) and lang != "fr":
        raw = raw.replace(",", "")
    else:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"no number in {text!r}") from None
    scale = m.group(2)
    return _clean(value * _SCALES[scale] if scale else value)


def _clean(d: Decimal) -> Decimal:
    """Drop a spurious fractional part: ``2500000000.0`` -> ``2500000000``."""
    return Decimal(int(d)) if d == d.to_integral_value() else d.normalize()


def _currency(text: str) -> str | None:
    prefixed = re.search(r"(?<![A-Za-z])(C|A|HK|S)\$", text)
    if prefixed:
        return {"C": "CAD", "A": "AUD", "HK": "HKD", "S": "SGD"}[prefixed.group(1)]
    for symbol, code in (("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY")):
        if symbol in text:
            return code
    for pattern, code in _CURRENCIES:
        if re.search(r"(?<![A-Za-z])(?:" + pattern + r")(?![A-Za-z])", text, re.I):
            return code
    return None


MONEY_RE: Final = (
    r"(?:(?:(?<![A-Za-z])(?:C|A|HK|S|US)\$|[$€£])\s?" + NUMBER_RE + r"(?:\s?(?:" + SCALE_RE + r"))?\b"
    r"|" + NUMBER_RE + r"\s?(?:" + SCALE_RE + r")?\s?(?:de |d['’])?\s?"
    r"(?:\$|€|£|" + _CURRENCY_WORDS + r")(?![\w-]))"
)


def parse_money(text: str, lang: str = "en") -> tuple[Decimal, str]:
    """Amount and ISO currency of ``6 milliards de dollars``, ``$6bn``, ``500 M€``.

    >>> parse_money("€500 million")
    (Decimal('500000000'), 'EUR')
    >>> parse_money("1,2 Md€", "fr")
    (Decimal('1200000000'), 'EUR')
    """
    cur = _currency(text)
    if cur is None:
        raise ValueError(f"no currency in {text!r}")
    num = re.sub(r"^[^\d]*?(?=\d)", "", text.strip())
    num = re.sub(r"\s*(?:de |d['’])?\s*(?:€|\$|£)\s*$", "", num)
    return parse_number(num, lang), cur


CURRENCY_CODES: Final = frozenset(code for _, code in _CURRENCIES)
MEASURE_UNITS: Final = frozenset(_UNITS.values())


def is_approximate(text: str) -> bool:
    """Whether the text marks its number as approximate ("about 30 MW", "environ 3 MW").

    >>> is_approximate("environ 3 MW"), is_approximate("3 MW")
    (True, False)
    """
    return bool(_APPROX.search(text))


def parse_quantity(text: str, lang: str = "en") -> tuple[Decimal, bool]:
    """A count of things and whether the text marks it as approximate."""
    approx = bool(_APPROX.search(text))
    rest = _APPROX.sub("", text).strip()
    return parse_number(rest, lang), approx


def parse_measure(text: str, lang: str = "en") -> tuple[Decimal, str]:
    """A physical or computing measure: ``1 GW``, ``1.206 exaflops``, ``125,9 pétaflops``, ``300-megawatt``.

    >>> parse_measure("125,9 pétaflops", "fr"), parse_measure("300-megawatt")
    ((Decimal('125.9'), 'petaFLOPS'), (Decimal('300'), 'MW'))
    """
    bare = _APPROX.sub("", text)
    m = re.match(r"\s*(" + NUMBER_RE + "|" + WORD_NUMBER_RE + r")[\s-]+([A-Za-zé]+)", bare, re.I) \
        or re.match(r"\s*(" + NUMBER_RE + r")[\s-]*([A-Za-zé]+)", bare)
    if not m or m.group(2).lower() not in _UNITS:
        raise ValueError(f"no measure in {text!r}")
    unit = _UNITS[m.group(2).lower()]
    value = parse_number(m.group(1), lang)
    if unit == "exaFLOPS" and value >= EXA_MAX and "," in m.group(1):  # "1,206 exaflops": a decimal comma
        value = parse_number(m.group(1), "fr")
    return value, unit


def parse_duration(text: str, lang: str = "en") -> tuple[Decimal, str]:
    """A duration: ``quatre mois``, ``18 months``."""
    m = re.search(r"(" + NUMBER_RE + "|" + WORD_NUMBER_RE + r")\s+(\w+)", text, re.I)
    if not m or m.group(2).lower() not in _DURATION_UNITS:
        raise ValueError(f"no duration in {text!r}")
    return parse_number(m.group(1), lang), _DURATION_UNITS[m.group(2).lower()]


DATE_RE: Final = (
    r"(?:\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}(?:er)?\s+" + MONTH_RE + r"\s+\d{4}"
    r"|" + MONTH_RE + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|" + MONTH_RE + r"\s+\d{4}"
    r"|(?:19|20)\d{2})"
)


def parse_date(text: str, lang: str = "en") -> str:
    """ISO date at the text's precision, or the stripped text when it is relative or partial."""
    s = text.strip()
    low = s.lower()
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", low)
    if m:
        return m.group(0)
    m = re.search(r"(\d{1,2})(?:er)?\s+(" + MONTH_RE + r")\s+(\d{4})", low)
    if m and m.group(2).rstrip(".") in _MONTHS:
        return f"{m.group(3)}-{_MONTHS[m.group(2).rstrip('.')]:02d}-{int(m.group(1)):02d}"
    m = re.search(r"(" + MONTH_RE + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", low)
    if m and m.group(1).rstrip(".") in _MONTHS:
        return f"{m.group(3)}-{_MONTHS[m.group(1).rstrip('.')]:02d}-{int(m.group(2)):02d}"
    m = re.search(r"\b(" + MONTH_RE + r")\s+(\d{4})\b", low)
    if m and m.group(1).rstrip(".") in _MONTHS:
        return f"{m.group(2)}-{_MONTHS[m.group(1).rstrip('.')]:02d}"
    m = re.fullmatch(r"(?:\w+\s+)?((?:19|20)\d{2})", low)
    if m:
        return m.group(1)
    return s
