"""SHACL validation: the seed facts conform; each kind of broken fact is caught and named."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from graph.ingest.shacl import Violation, validate_nquads, validate_quads
from loaders.model import Fact
from loaders.sources.facts import FactFile, read_fact_file
from loaders.to_rdf import article_dataset
from ontology.namespaces import RDFS, XSD, fact_iri
from ontology.vocab import ng

ROOT = Path(__file__).resolve().parents[1]
FACTS_FILE = ROOT / "api" / "seed" / "xai-memphis.fr.facts.yaml"
STAMP = "2024-06-03T12:00:00+00:00"


@pytest.fixture(scope="module")
def seed() -> FactFile:
    return read_fact_file(FACTS_FILE)


def quads_of(ff: FactFile, facts: list[Fact] | None = None) -> list[Quad]:
    return article_dataset(ff.article, facts if facts is not None else ff.facts,
                           tool_version="test", model_version=None, stamp=STAMP)


def node(ff: FactFile, fact_id: str) -> NamedNode:
    return NamedNode(fact_iri(ff.article.id, fact_id))


def replace_fact(ff: FactFile, fact_id: str, change: Callable[[Fact], Fact]) -> list[Quad]:
    return quads_of(ff, [change(f) if f.id == fact_id else f for f in ff.facts])


def only(violations: list[Violation]) -> Violation:
    assert len(violations) == 1, [str(v) for v in violations]
    return violations[0]


def test_seed_facts_conform_quickly(seed: FactFile) -> None:
    quads = quads_of(seed)
    assert len(quads) > 1000
    validate_quads(quads[:10])  # warm-up: pyshacl import and shapes parsing happen once
    start = time.perf_counter()
    assert validate_quads(quads) == []
    assert time.perf_counter() - start < 5.0


def test_seed_as_nquads_conforms(seed: FactFile) -> None:
    data = serialize(quads_of(seed), format=RdfFormat.N_QUADS)
    assert isinstance(data, bytes)
    assert validate_nquads(data) == []
    with pytest.raises(SyntaxError):
        validate_nquads(b"<http://e/a> <http://e/p> .\n")


def test_bad_modality_is_named(seed: FactFile) -> None:
    st = node(seed, "F34")
    quads = [Quad(q.subject, q.predicate, NamedNode(ng("Certain")), q.graph_name)
             if q.subject == st and q.predicate == NamedNode(ng("modality")) else q
             for q in quads_of(seed)]
    v = only(validate_quads(quads))
    assert (v.fact_id, v.path, v.constraint, v.severity) == ("F34", "ng:modality", "sh:InConstraintComponent",
                                                              "Violation")
    assert "modality" in v.message and v.value == f"<{ng('Certain')}>"
    assert "F34" in str(v) and "sh:InConstraintComponent" in str(v)


def test_missing_evidence_is_named(seed: FactFile) -> None:
    st = node(seed, "F10")
    quads = [q for q in quads_of(seed) if not (q.subject == st and q.predicate == NamedNode(ng("evidenceText")))]
    v = only(validate_quads(quads))
    assert (v.fact_id, v.path, v.constraint) == ("F10", "ng:evidenceText", "sh:MinCountConstraintComponent")
    assert "evidenceText" in v.message and "F10" in str(v)


def test_lower_case_currency_is_refused(seed: FactFile) -> None:
    quads = replace_fact(seed, "F36", lambda f: dataclasses.replace(
        f, qualifiers=dataclasses.replace(f.qualifiers, currency="usd")))
    v = only(validate_quads(quads))
    assert (v.fact_id, v.path, v.constraint) == ("F36", "ng:currency", "sh:PatternConstraintComponent")
    assert "three upper-case letters" in v.message and '"usd"' in str(v)


def test_rank_zero_is_refused(seed: FactFile) -> None:
    quads = replace_fact(seed, "F69", lambda f: dataclasses.replace(
        f, qualifiers=dataclasses.replace(f.qualifiers, rank=0)))
    v = only(validate_quads(quads))
    assert (v.fact_id, v.path, v.constraint) == ("F69", "ng:rank", "sh:MinInclusiveConstraintComponent")
    assert ">= 1" in v.message and "F69" in str(v)


@pytest.mark.parametrize(("prop", "literal", "constraint"), [
    ("confidence", Literal("1.5", datatype=NamedNode(XSD + "decimal")), "sh:MaxInclusiveConstraintComponent"),
    ("startOffset", Literal("-3", datatype=NamedNode(XSD + "integer")), "sh:MinInclusiveConstraintComponent"),
    ("endOffset", Literal("12"), "sh:DatatypeConstraintComponent"),
    ("amount", Literal("6 milliards"), "sh:DatatypeConstraintComponent"),
    ("date", Literal("2024", datatype=NamedNode(XSD + "integer")), "sh:OrConstraintComponent"),
])
def test_ill_typed_qualifiers_are_refused(seed: FactFile, prop: str, literal: Literal, constraint: str) -> None:
    st, p = node(seed, "F34"), NamedNode(ng(prop))
    quads = [q for q in quads_of(seed) if not (q.subject == st and q.predicate == p)]
    quads.append(Quad(st, p, literal, quads[0].graph_name))
    found = [v for v in validate_quads(quads) if v.constraint == constraint]
    assert found and {v.fact_id for v in found} == {"F34"} and found[0].path == f"ng:{prop}"


def test_start_after_end_is_refused(seed: FactFile) -> None:
    st, p = node(seed, "F12"), NamedNode(ng("startOffset"))
    quads = [q for q in quads_of(seed) if not (q.subject == st and q.predicate == p)]
    quads.append(Quad(st, p, Literal("9999", datatype=NamedNode(XSD + "integer")), quads[0].graph_name))
    v = only(validate_quads(quads))
    assert (v.fact_id, v.constraint) == ("F12", "sh:LessThanConstraintComponent")


def test_entity_without_label_is_refused(seed: FactFile) -> None:
    grok = next(f.subject for f in seed.facts if f.subject.label == "Grok")
    quads = [q for q in quads_of(seed)
             if not (q.subject == NamedNode(grok.iri) and q.predicate == NamedNode(RDFS + "label"))]
    v = only(validate_quads(quads))
    assert (v.focus_node, v.path, v.fact_id) == (grok.iri, "rdfs:label", None)
    assert "label" in v.message


def test_rdf_star_terms_are_refused() -> None:
    from pyoxigraph import Triple

    inner = Triple(NamedNode("http://e/a"), NamedNode("http://e/p"), NamedNode("http://e/b"))
    with pytest.raises(ValueError, match="RDF-star"):
        validate_quads([Quad(NamedNode("http://e/s"), NamedNode("http://e/says"), inner)])
