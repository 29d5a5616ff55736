"""newsgraph.ttl and shapes.ttl: they parse, and declare every term that code and data use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from loaders.model import ENTITY_TYPES, Entity
from loaders.sources.facts import read_fact_file
from ontology.namespaces import NG, ONTOLOGY_FILE, ORG, PROV, SCHEMA, SH, SHAPES_FILE, class_iri
from ontology.vocab import EVENT_CLASSES, MODALITY_INDIVIDUALS, STATEMENT_CLASSES, STATEMENT_PROPERTIES

ROOT = Path(__file__).resolve().parents[1]
FACTS_FILE = ROOT / "api" / "seed" / "xai-memphis.fr.facts.yaml"
TO_RDF = ROOT / "loaders" / "to_rdf.py"

ng = Namespace(NG)
sh = Namespace(SH)
schema = Namespace(SCHEMA)
prov = Namespace(PROV)
org = Namespace(ORG)

PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def is_class(g: Graph, term: URIRef) -> bool:
    return (term, RDF.type, OWL.Class) in g


def is_property(g: Graph, term: URIRef) -> bool:
    return any((term, RDF.type, t) in g for t in PROPERTY_TYPES)


#: axioms of the imported vocabularies that the range checks below rely on (from PROV-O)
EXTERNAL_AXIOMS = [(URIRef(PROV + "Person"), RDFS.subClassOf, URIRef(PROV + "Agent"))]


def superclasses(g: Graph, cls: Node) -> set[Node]:
    closed = Graph()
    for t in (*g.triples((None, RDFS.subClassOf, None)), *EXTERNAL_AXIOMS):
        closed.add(t)
    return {c for c in closed.transitive_objects(cls, RDFS.subClassOf) if c is not None}


def test_both_files_parse_and_are_not_trivial(onto: Graph, shapes: Graph) -> None:
    assert (URIRef(NG.rstrip("#")), RDF.type, OWL.Ontology) in onto
    assert len(onto) > 400 and len(shapes) > 100


def test_entity_types_are_classes(onto: Graph) -> None:
    for t in ENTITY_TYPES:
        assert is_class(onto, URIRef(class_iri(t))), t


def test_statement_and_event_classes_are_declared(onto: Graph) -> None:
    for name in {*STATEMENT_CLASSES, *EVENT_CLASSES.values()}:
        assert is_class(onto, ng[name]), name
    for event_class in set(EVENT_CLASSES.values()):
        assert ng.Fact in superclasses(onto, ng[event_class]), event_class


def test_statement_properties_are_declared(onto: Graph) -> None:
    for name in (*STATEMENT_PROPERTIES, "factCount"):
        assert is_property(onto, ng[name]), name


def test_every_ng_term_written_by_to_rdf_is_declared(onto: Graph) -> None:
    used = set(re.findall(r'ng\("(\w+)"\)', TO_RDF.read_text(encoding="utf-8")))
    assert {"Fact", "modality", "evidenceText"} <= used, "the pattern still finds to_rdf's terms"
    missing = {n for n in used if not (is_class(onto, ng[n]) or is_property(onto, ng[n]))}
    assert not missing


def test_event_predicates_link_to_their_event_class(onto: Graph) -> None:
    for pred, cls in EVENT_CLASSES.items():
        assert is_property(onto, ng[pred]), pred
        assert (ng[pred], ng.eventClass, ng[cls]) in onto, pred
    assert (ng.eventClass, RDF.type, OWL.AnnotationProperty) in onto


def test_modalities_form_a_skos_scheme(onto: Graph) -> None:
    in_scheme = set(onto.subjects(SKOS.inScheme, ng.ModalityScheme))
    assert in_scheme == {URIRef(i) for i in MODALITY_INDIVIDUALS.values()}
    for iri in in_scheme:
        assert (iri, RDF.type, ng.Modality) in onto and (ng.ModalityScheme, SKOS.hasTopConcept, iri) in onto
    assert skos_concept_in(onto, ng.Modality)


def skos_concept_in(g: Graph, cls: URIRef) -> bool:
    return SKOS.Concept in superclasses(g, cls)


def test_every_predicate_of_the_curated_file_is_declared(onto: Graph) -> None:
    ff = read_fact_file(FACTS_FILE)
    preds = {URIRef(f.predicate.iri) for f in ff.facts}
    assert len(preds) > 30
    assert {p for p in preds if not is_property(onto, p)} == set()


def test_curated_objects_fit_property_kinds_and_ranges(onto: Graph) -> None:
    """Entity objects go with object properties whose range they fit; literals with datatype ones."""
    for f in read_fact_file(FACTS_FILE).facts:
        p = URIRef(f.predicate.iri)
        if isinstance(f.object, Entity):
            assert (p, RDF.type, OWL.ObjectProperty) in onto, f.id
            ranges = set(onto.objects(p, RDFS.range))
            if ranges:
                cls = URIRef(class_iri(f.object.type))
                assert ranges & superclasses(onto, cls), (f.id, f.object.type, ranges)
        else:
            assert (p, RDF.type, OWL.DatatypeProperty) in onto, f.id
        domains = set(onto.objects(p, RDFS.domain))
        if domains and all(str(d).startswith(NG) for d in domains):
            assert domains & superclasses(onto, URIRef(class_iri(f.subject.type))), (f.id, domains)


def test_every_ng_term_has_english_and_french_labels_and_a_comment(onto: Graph) -> None:
    terms = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(NG)}
    assert len(terms) > 100
    for t in terms:
        langs = {lit.language for lit in onto.objects(t, RDFS.label) if isinstance(lit, Literal)}
        assert {"en", "fr"} <= langs, t
        if is_class(onto, t) or is_property(onto, t):
            assert onto.value(t, RDFS.comment) is not None, t


@pytest.mark.parametrize(("sub", "rel", "sup"), [
    (ng.Organization, RDFS.subClassOf, schema.Organization),
    (ng.Organization, RDFS.subClassOf, org.Organization),
    (ng.Person, RDFS.subClassOf, prov.Person),
    (ng.RoleAssignment, RDFS.subClassOf, org.Membership),
    (ng.Fact, RDFS.subClassOf, RDF.Statement),
    (ng.Load, RDFS.subClassOf, prov.Activity),
    (ng.Concept, RDFS.subClassOf, SKOS.Concept),
    (ng.attributedTo, RDFS.subPropertyOf, prov.wasAttributedTo),
    (ng.statedIn, RDFS.subPropertyOf, prov.hadPrimarySource),
    (ng.manufacturedBy, RDFS.subPropertyOf, schema.manufacturer),
])
def test_alignments(onto: Graph, sub: URIRef, rel: URIRef, sup: URIRef) -> None:
    assert (sub, rel, sup) in onto


def test_every_shape_constraint_has_a_message(shapes: Graph) -> None:
    prop_shapes = set(shapes.objects(None, sh.property))
    assert len(prop_shapes) >= 20
    for ps in prop_shapes:
        msg = shapes.value(ps, sh.message)
        assert isinstance(msg, Literal) and len(str(msg)) > 20, ps


def test_modality_shape_lists_exactly_the_scheme(shapes: Graph) -> None:
    ps = next(s for s in shapes.subjects(sh.path, ng.modality))
    head = shapes.value(ps, sh["in"])
    assert head is not None
    allowed = set(Collection(shapes, head))
    assert allowed == {URIRef(i) for i in MODALITY_INDIVIDUALS.values()}


def test_shapes_only_use_declared_ng_terms(shapes: Graph, onto: Graph) -> None:
    shape_nodes = set(shapes.subjects(RDF.type, sh.NodeShape)) | set(shapes.subjects(RDF.type, sh.PropertyShape))
    used = {o for o in shapes.objects() if isinstance(o, URIRef) and str(o).startswith(NG)} - shape_nodes
    assert ng.Fact in used and ng.currency in used
    undeclared = {u for u in used if not (is_class(onto, u) or is_property(onto, u)
                                          or (u, RDF.type, ng.Modality) in onto)}
    assert not undeclared
