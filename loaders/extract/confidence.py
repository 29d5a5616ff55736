"""Confidence of an extracted fact: the precision its method and family had on the development gold.

``calibration.yaml`` (written by ``python -m loaders.extract.calibrate``, from the development articles
only: the seed and ``tests/data/articles/dev*/``) gives, per method kind (``rule`` or ``parse``), per
relation family and per rule id or parse predicate, the share of predictions that matched the gold,
smoothed towards the level above (``(correct + K * prior) / (predictions + K)``), and the same per
language (``fr|rule:funding``, smoothed towards the figure of both languages: a rule or a parse path is
not as often right in French as in English). A fact's confidence is that figure for its most specific
key, in its language where there is one (a parse family with no development gold falls back to the
precision of all parse facts with as short a path, ``parse:d`` for at most four tokens, else
``parse:i``), times a small fixed factor for its weakest mention (a pronoun or an unknown capitalised
word is less sure than a gazetteer name) and for speculative modality. ``DEFAULT_MIN_CONFIDENCE`` is
what ``extract``, ``load`` and the article route keep unless told otherwise.

Examples
--------
>>> 0.0 < confidence("parse:acquired:acquire", "acquisition", "acquired", ["gazetteer"], "asserted") <= 1.0
True
>>> key_parts("rule:raise-fr", "funding", "raisedFunding")
('rule', 'rule:funding', 'rule:funding:raise-fr')
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

import yaml

if TYPE_CHECKING:
    from loaders.model import Fact

CALIBRATION_FILE: Final = Path(__file__).resolve().parent / "calibration.yaml"
DEFAULT_MIN_CONFIDENCE: Final = 0.5
SMOOTHING: Final = 3.0
_PRIOR: Final = {"rule": 0.9, "parse": 0.6}
_SOURCE_FACTOR: Final = {
    "gazetteer": 1.0,
    "acronym": 1.0,
    "acronym-short": 1.0,
    "ner": 0.97,
    "facility": 0.95,
    "body": 0.95,
    "machine": 0.93,
    "anaphor": 0.92,
    "propn": 0.9,
}


def key_parts(method: str, family: str, predicate: str) -> tuple[str, str, str]:
    """Calibration keys from the most general to the most specific."""
    kind = "parse" if method.startswith("parse:") else "rule"
    specific = predicate if kind == "parse" else method.removeprefix("rule:")
    return kind, f"{kind}:{family}", f"{kind}:{family}:{specific}"


def reach_of(method: str) -> str:
    """The key of all facts of a method's kind with as short a path: ``parse:d`` (at most four tokens) or
    ``parse:i`` for a parse fact, the kind itself for a rule.

    >>> reach_of("parse:acquired:acquire:d"), reach_of("rule:raise-fr")
    ('parse:d', 'rule')
    """
    return f"parse:{method.rsplit(':', 1)[-1]}" if method.startswith("parse:") else "rule"


@lru_cache(maxsize=2)
def load_calibration(path: str | None = None) -> dict[str, float]:
    """Key -> calibrated precision (empty when the file is absent)."""
    p = Path(path) if path else CALIBRATION_FILE
    if not p.exists():
        return {}
    data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    return {str(k): float(v) for k, v in (data.get("precision") or {}).items()}


def confidence(method: str, family: str, predicate: str, sources: list[str], modality: str,
               lang: str | None = None) -> float:
    """Calibrated confidence in [0, 1] (see the module docstring)."""
    table = load_calibration()
    kind, fam_key, specific = key_parts(method, family, predicate)
    keys = [k2 for k in (specific, fam_key, reach_of(method), kind)
            for k2 in ((f"{lang}|{k}", k) if lang else (k,))]
    value = next((table[k] for k in keys if k in table), _PRIOR[kind])
    factor = min([_SOURCE_FACTOR.get(s, 0.95) for s in sources] or [1.0])
    if modality == "speculative":
        factor *= 0.85
    return round(max(0.0, min(1.0, value * factor)), 3)


_ACTIVE: ContextVar[float] = ContextVar("min_confidence", default=DEFAULT_MIN_CONFIDENCE)


@contextmanager
def threshold(min_confidence: float | None) -> Iterator[None]:
    """Run the block with another minimum confidence for :func:`keep` (None: leave it as it is).

    >>> with threshold(0.9):
    ...     active()
    0.9
    >>> active() == DEFAULT_MIN_CONFIDENCE
    True
    """
    if min_confidence is None:
        yield
        return
    if not 0.0 <= min_confidence <= 1.0:
        raise ValueError(f"min_confidence must be between 0 and 1, not {min_confidence}")
    token = _ACTIVE.set(min_confidence)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active() -> float:
    """The minimum confidence in force (``DEFAULT_MIN_CONFIDENCE`` unless :func:`threshold` says so)."""
    return _ACTIVE.get()


def keep(facts: list[Fact], min_confidence: float | None = None) -> list[Fact]:
    """The facts at or above ``min_confidence`` (the :func:`active` threshold when None)."""
    limit = active() if min_confidence is None else min_confidence
    return [f for f in facts if f.confidence >= limit]
