"""Consistency of the cold1/ gold files (issue 10): offsets, ids, predicates, modalities, sizes.

These tests never run the extractor: the batch is scored once, cold, by ``newsgraph eval``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

COLD = Path(__file__).resolve().parent / "data" / "articles" / "cold1"
MAPPING = Path(__file__).resolve().parents[1] / "loaders" / "extract" / "gold_predicates.yaml"
NEW_FAMILIES = {
    "acquired",
    "mergedWith",
    "subsidiaryOf",
    "hasStake",
    "boardMember",
    "cofounded",
    "ceoOf",
    "chairOf",
    "jointVentureOf",
    "supplierOf",
    "customerOf",
    "purchaseAgreement",
    "revenue",
    "profit",
    "employees",
    "fined",
    "sued",
    "regulatoryDecision",
}
MODALITIES = {"asserted", "reported", "planned", "pending", "expected", "speculative", "opinion"}
MIN_CHARS = 2500
GOLDS = sorted(COLD.glob("*.gold.json"))


def _load(path: Path) -> tuple[dict[str, Any], str]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (COLD / gold["article"]).read_text(encoding="utf-8")
    return gold, text


def test_batch_is_four_french_four_english() -> None:
    texts = sorted(COLD.glob("*.txt"))
    langs = [p.name.rsplit(".", 2)[-2] for p in texts]
    assert langs.count("fr") == 4 and langs.count("en") == 4 and len(texts) == 8
    assert {p.name.removesuffix(".gold.json") for p in GOLDS} == {p.stem for p in texts}


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.name)
def test_gold_file_is_consistent(path: Path) -> None:
    gold, text = _load(path)
    assert gold["article"] == path.name.removesuffix(".gold.json") + ".txt"
    assert len(text) >= MIN_CHARS, f"{gold['article']}: {len(text)} characters"
    known = set(yaml.safe_load(MAPPING.read_text(encoding="utf-8"))["predicates"]) | NEW_FAMILIES
    facts = gold["facts"]
    ids = [f["id"] for f in facts]
    assert len(ids) == len(set(ids)), "duplicate fact ids"
    names = {e["name"] for e in gold["entities"]}
    for f in facts:
        where = f"{path.name} {f['id']}"
        assert f["p"].split("(")[0] in known, f"{where}: unknown predicate {f['p']!r}"
        assert f["modality"] in MODALITIES, f"{where}: modality {f['modality']!r}"
        assert f["kind"] in {"core", "eval"}, where
        assert f["attributed_to"], where
        assert f["s"] in names, f"{where}: subject {f['s']!r} not among the entities"
        assert isinstance(f["qualifiers"], dict), where
        assert f["evidence"] and len(f["evidence"]) == len(f["offsets"]), where
        for ev, (start, end) in zip(f["evidence"], f["offsets"], strict=True):
            assert text[start:end] == ev, f"{where}: offsets {start}:{end} do not give {ev!r}"
    core = sum(f["kind"] == "core" for f in facts)
    assert 25 <= core <= 50, f"{path.name}: {core} core facts"
