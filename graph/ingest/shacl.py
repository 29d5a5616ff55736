"""SHACL validation of newsgraph quads against ``ontology/shapes.ttl``.

The quads of every graph are merged into one rdflib graph (SHACL sees the union, so a fact in
an article graph and the article in the metadata graph are checked together), the ontology
``ontology/newsgraph.ttl`` is given to pyshacl as ``ont_graph`` so that ``sh:targetClass`` also
reaches subclasses (an ``ng:FundingRound`` is an ``ng:Fact``), and each SHACL result becomes a
:class:`Violation` naming the fact (``ng:factId``) where the focus node is a fact.

Examples
--------
>>> from pyoxigraph import Literal, NamedNode, Quad
>>> from ontology.namespaces import RDF
>>> from ontology.vocab import ng
>>> fact = NamedNode("https://w3id.org/newsgraph/id/fact/a/f1")
>>> quads = [Quad(fact, NamedNode(RDF + "type"), NamedNode(ng("Fact"))),
...          Quad(fact, NamedNode(ng("factId")), Literal("F1"))]
>>> violations = validate_quads(quads)
>>> {v.fact_id for v in violations}
{'F1'}
>>> "ng:modality" in {v.path for v in violations}
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse
from rdflib.term import Node

from ontology.namespaces import NG, ONTOLOGY_FILE, SH, SHAPES_FILE, XSD, compact

_SH = rdflib.Namespace(SH)
_XSD_STRING = XSD + "string"
_FACT_ID = rdflib.URIRef(NG + "factId")

__all__ = ["Violation", "validate_graph", "validate_nquads", "validate_quads"]


@dataclass(frozen=True)
class Violation:
    """One SHACL result: what node, which property, which constraint, and why.

    ``constraint`` is the constraint component (``sh:InConstraintComponent``), ``path`` the
    compacted property path (``ng:modality``) or ``None`` for node constraints, ``severity``
    ``Violation``, ``Warning`` or ``Info``; ``fact_id`` is the fact's ``ng:factId`` when the
    focus node is a fact; ``value`` the offending value, when SHACL names one.
    """

    focus_node: str
    path: str | None
    constraint: str
    message: str
    severity: str = "Violation"
    fact_id: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        who = f"fact {self.fact_id} <{self.focus_node}>" if self.fact_id else f"<{self.focus_node}>"
        where = f" {self.path}" if self.path else ""
        got = f"; value {self.value}" if self.value is not None else ""
        return f"{self.severity}: {who}{where}: {self.message} [{self.constraint}{got}]"


def validate_quads(quads: Iterable[Quad], *, shapes: Path | None = None) -> list[Violation]:
    """Validate quads (all graphs together) against the SHACL shapes; ``[]`` means they conform.

    Parameters
    ----------
    quads
        pyoxigraph quads, for instance from ``loaders.to_rdf.article_dataset``.
    shapes
        A shapes file other than ``ontology/shapes.ttl``.

    Raises
    ------
    ValueError
        If a quad holds an RDF-star triple term, which the shapes do not cover.
    """
    return validate_graph(_to_rdflib(quads), shapes=shapes)


def validate_nquads(data: bytes, *, shapes: Path | None = None) -> list[Violation]:
    """Validate an N-Quads document; raises ``SyntaxError`` if it does not parse."""
    return validate_quads(parse(data, format=RdfFormat.N_QUADS), shapes=shapes)


def validate_graph(data: rdflib.Graph, *, shapes: Path | None = None) -> list[Violation]:
    """Validate an rdflib graph (modified in place: the ontology is mixed into it)."""
    from pyshacl import validate  # imported here: it takes ~0.5 s and only validation needs it

    _conforms, results, _text = validate(
        data,
        shacl_graph=_graph(shapes or SHAPES_FILE),
        ont_graph=_graph(ONTOLOGY_FILE),
        inference="none",
        inplace=True,
        allow_warnings=True,
    )
    assert isinstance(results, rdflib.Graph)
    out = [_violation(results, r, data) for r in results.subjects(rdflib.RDF.type, _SH.ValidationResult)]
    return sorted(out, key=lambda v: (v.fact_id or "", v.focus_node, v.path or "", v.constraint))


@lru_cache(maxsize=4)
def _graph(path: Path) -> rdflib.Graph:
    """Parse a Turtle file once per process (pyshacl does not modify shapes or ontology)."""
    return rdflib.Graph().parse(path, format="turtle")


def _violation(results: rdflib.Graph, r: Node, data: rdflib.Graph) -> Violation:
    focus = results.value(r, _SH.focusNode)
    path = results.value(r, _SH.resultPath)
    component = results.value(r, _SH.sourceConstraintComponent)
    severity = results.value(r, _SH.resultSeverity)
    message = results.value(r, _SH.resultMessage)
    value = results.value(r, _SH.value)
    fact_id = data.value(focus, _FACT_ID) if focus is not None else None
    return Violation(
        focus_node=str(focus),
        path=compact(str(path)) if isinstance(path, rdflib.URIRef) else None,
        constraint=_sh_name(component),
        message=str(message) if message is not None else f"fails {_sh_name(component)}",
        severity=_sh_name(severity).removeprefix("sh:") if severity is not None else "Violation",
        fact_id=str(fact_id) if fact_id is not None else None,
        value=value.n3() if isinstance(value, rdflib.term.Identifier) else None,
    )


def _sh_name(node: Node | None) -> str:
    text = str(node)
    return "sh:" + text[len(SH):] if text.startswith(SH) else text


def _to_rdflib(quads: Iterable[Quad]) -> rdflib.Graph:
    g = rdflib.Graph()
    add = g.add
    for q in quads:
        add((_term(q.subject), _term(q.predicate), _term(q.object)))
    return g


def _term(t: object) -> rdflib.term.Identifier:
    if isinstance(t, NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, BlankNode):
        return rdflib.BNode(t.value)
    if isinstance(t, Literal):
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        dtype = t.datatype.value
        # a plain rdflib literal is an xsd:string; pyshacl checks it as one
        return rdflib.Literal(t.value) if dtype == _XSD_STRING else rdflib.Literal(
            t.value, datatype=rdflib.URIRef(dtype))
    raise ValueError(f"cannot validate RDF-star term {t!r}")

