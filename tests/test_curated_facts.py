"""The curated fact file of the seed article: evidence, coverage, modalities, numbers, attributions."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from loaders.model import MODALITIES, Entity, Fact, Value
from loaders.sources.facts import FactFile, read_fact_file
from ontology.namespaces import NG, WD

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "api" / "seed"
FACTS_FILE = ARTICLES / "xai-memphis.fr.facts.yaml"
TEXT_FILE = ARTICLES / "xai-memphis.fr.txt"
GOLD_FILE = Path(__file__).resolve().parents[1] / "data" / "reference" / "seed-gold-facts.json"

#: SHA-256 of the seed article as published in the shared seeds (offsets index into these bytes)
SEED_SHA256 = "138a48a7c142c83b1dd5d0971739afb8291831f53e80988a03ce57efab901391"

#: ids of the reference set's "eval" and "meta" facts; every other id F01..F76 is a "core" fact
NOT_CORE = {"F14", "F21", "F38", "F72", "F73", "F39", "F40", "F74", "F75", "F76"}
CORE_IDS = {f"F{n:02d}" for n in range(1, 77)} - NOT_CORE

MUSK_POST = ("post by @elonmusk on 2 June 2024", "SocialMediaPosting", "2024-06-02")


@pytest.fixture(scope="module")
def ff() -> FactFile:
    return read_fact_file(FACTS_FILE)


@pytest.fixture(scope="module")
def text() -> str:
    return TEXT_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def by_id(ff: FactFile) -> dict[str, Fact]:
    return {f.id: f for f in ff.facts}


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def test_article_text_is_the_unaltered_seed(text: str, ff: FactFile) -> None:
    raw = TEXT_FILE.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SEED_SHA256
    assert ff.article.text == text and ff.article.id == "xai-memphis.fr"
    assert text.rstrip("\n").endswith("Source: XAI d’Elon Musk prévoit un méga hub de supercalculateurs à Memphis")


def test_sources_file_credits_the_article() -> None:
    sources = (ARTICLES / "SOURCES.md").read_text(encoding="utf-8")
    for needed in ("XAI d’Elon Musk prévoit un méga hub de supercalculateurs à Memphis",
                   "William Daigneault", "Unsplash", "xai-memphis.fr.txt", "research"):
        assert needed in sources


def test_every_evidence_is_the_exact_text_at_its_offsets(ff: FactFile, text: str) -> None:
    for f in ff.facts:
        ev = f.evidence
        assert text[ev.start:ev.end] == ev.text, f.id
        assert ev.text == ev.text.strip() and ev.source == "xai-memphis.fr", f.id


def test_all_core_reference_facts_are_present(ff: FactFile) -> None:
    assert len(CORE_IDS) == 66
    gold = json.loads(GOLD_FILE.read_text(encoding="utf-8"))  # the reference set, copied in data/
    assert {g["id"] for g in gold["facts"] if g["kind"] == "core"} == CORE_IDS
    ids = [f.id for f in ff.facts]
    assert len(ids) == len(set(ids)), "fact ids must be unique"
    assert set(ids) >= CORE_IDS, sorted(CORE_IDS - set(ids))


def test_extra_facts_are_suffixed_reference_ids(ff: FactFile) -> None:
    for f in ff.facts:
        assert re.fullmatch(r"F\d\d[a-z]?", f.id), f.id
        if len(f.id) == 4:
            assert f.id[:3] in CORE_IDS, f"{f.id} extends a core fact"


def test_modalities_are_valid_and_match_the_text(by_id: dict[str, Fact]) -> None:
    assert all(f.modality in MODALITIES for f in by_id.values())
    expected = {
        "F02": "planned", "F23": "expected", "F24": "pending", "F25": "pending", "F26": "pending",
        "F29": "reported", "F33": "opinion", "F34": "asserted", "F43": "opinion", "F44": "planned",
        "F45": "expected", "F46": "speculative", "F47": "speculative", "F59": "reported", "F64": "reported",
    }
    assert {k: by_id[k].modality for k in expected} == expected


def test_implied_facts_have_lower_confidence_and_a_note(by_id: dict[str, Fact]) -> None:
    for fid in ("F27", "F53", "F66"):
        f = by_id[fid]
        assert f.modality == "asserted" and f.confidence == pytest.approx(0.7)
        assert f.qualifiers.note and "implied" in f.qualifiers.note
    assert all(f.confidence == 1.0 for f in by_id.values() if "implied" not in (f.qualifiers.note or ""))


@pytest.mark.parametrize(("fid", "pred", "qty", "unit", "approx"), [
    ("F64", "transferredHardwareTo", 12000, "Nvidia H100", True),
    ("F59", "purchasedHardware", 85000, "Nvidia H100", True),
    ("F44", "plansToBuild", 100000, "Nvidia H100", False),
    ("F46", "plansToBuild", 300000, "B200", True),
    ("F43", "assessment", 1, "GW", False),
])
def test_quantities_carry_units(by_id: dict[str, Fact], fid: str, pred: str, qty: int, unit: str,
                                approx: bool) -> None:
    f = by_id[fid]
    assert local(f.predicate.iri) == pred
    assert (f.qualifiers.quantity, f.qualifiers.unit, f.qualifiers.approximate) == (Decimal(qty), unit, approx)


@pytest.mark.parametrize(("fid", "pred", "amount"), [
    ("F34", "raisedFunding", 6_000_000_000), ("F36", "valuedAt", 24_000_000_000)])
def test_money_carries_currency(by_id: dict[str, Fact], fid: str, pred: str, amount: int) -> None:
    f = by_id[fid]
    assert local(f.predicate.iri) == pred and f.subject.label == "xAI"
    assert (f.qualifiers.amount, f.qualifiers.currency) == (Decimal(amount), "USD")
    assert isinstance(f.object, Value)
    assert (Decimal(f.object.value), f.object.datatype, f.object.unit) == (Decimal(amount), "xsd:decimal", "USD")


def test_musk_post_attributions(ff: FactFile) -> None:
    from_post = [f for f in ff.facts if f.attribution and f.attribution.via == MUSK_POST[0]]
    assert {f.id for f in from_post} >= {"F43", "F44", "F45", "F46", "F47"}
    for f in from_post:
        a = f.attribution
        assert a is not None and a.agent.label == "Elon Musk"
        assert (a.via, a.via_type, a.date) == MUSK_POST
        assert 2420 <= f.evidence.start < f.evidence.end <= 2787, "the embedded post's lines"


def test_cnbc_and_tesla_attributions(by_id: dict[str, Fact]) -> None:
    cnbc = by_id["F64"]
    assert cnbc.attribution is not None
    assert (cnbc.subject.label, cnbc.object.label if isinstance(cnbc.object, Entity) else None) == ("Tesla", "xAI")
    assert (cnbc.attribution.agent.label, cnbc.attribution.via, cnbc.attribution.via_type) == (
        "CNBC", "courriels obtenus par CNBC", "Message")
    call = by_id["F59"].attribution
    assert call is not None
    assert (call.agent.label, call.via, call.via_type) == (
        "Tesla", "appel aux résultats du premier trimestre", "Event")


def test_approval_location_and_ranking_facts(by_id: dict[str, Fact]) -> None:
    edge = by_id["F25"]
    assert local(edge.predicate.iri) == "awaitsApprovalFrom" and edge.modality == "pending"
    assert isinstance(edge.object, Entity) and "EDGE" in edge.object.aliases
    where = by_id["F04"]
    assert (where.subject.type, local(where.predicate.iri), where.modality) == (
        "Supercomputer", "locatedIn", "planned")
    assert isinstance(where.object, Entity) and where.object.label == "Memphis"
    ranks = {by_id[k].subject.label: by_id[k].qualifiers.rank for k in ("F68", "F69")}
    assert ranks == {"Frontier": 1, "Aurora": 2}
    assert {local(by_id[k].predicate.iri) for k in ("F68", "F69")} == {"rankedIn"}


def test_dates_keep_the_texts_precision(by_id: dict[str, Fact]) -> None:
    assert by_id["F56"].object == Value("2021", "xsd:gYear")
    assert by_id["F58"].object == Value("2023", "xsd:gYear")
    assert by_id["F43"].attribution is not None and by_id["F43"].attribution.date == "2024-06-02"
    # "avril" and "mai" come without a year: they stay in notes, and no year is invented
    for fid in ("F59", "F62", "F68"):
        note = by_id[fid].qualifiers.note or ""
        assert "year" in note and by_id[fid].qualifiers.date is None
    raw = FACTS_FILE.read_text(encoding="utf-8")
    assert "2025" not in raw and "2024-04" not in raw and "2024-05" not in raw


def test_predicates_and_entities_are_well_formed(ff: FactFile) -> None:
    for f in ff.facts:
        assert f.predicate.iri.startswith(NG) and f.predicate.label, f.id
        entities = [f.subject, *([f.object] if isinstance(f.object, Entity) else [])]
        for e in entities:
            assert all(s.startswith(WD + "Q") for s in e.same_as), e.label
    sure = {f.subject.label: f.subject.same_as for f in ff.facts}
    assert sure["Elon Musk"] == (WD + "Q317521",) and sure["Tesla"] == (WD + "Q478214",)
