"""SPARQL 1.1 Service Description of the ``/sparql`` endpoint, in any RDF syntax we write.

>>> body = describe("http://h.example/sparql", "text/turtle").decode()
>>> "<http://h.example/sparql>" in body and "SPARQL11Update" in body
True
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pyoxigraph import BlankNode, Literal, NamedNode, Triple, serialize

from graph.formats import rdf_format_for_media_type

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
ENTAILMENT_SIMPLE = NamedNode("http://www.w3.org/ns/entailment/Simple")

#: result formats and the W3C format IRIs naming them
RESULT_FORMATS: Sequence[str] = (
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML",
)


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def describe(endpoint: str, media_type: str, *, update: bool = True, union_default_graph: bool = True,
             federated: bool = False) -> bytes:
    """The description of ``endpoint`` serialized as ``media_type`` (an RDF type)."""
    service, dataset, default = NamedNode(endpoint + "#service"), BlankNode(), BlankNode()
    node = NamedNode(endpoint)
    triples = [
        Triple(service, RDF_TYPE, _sd("Service")),
        Triple(service, _sd("endpoint"), node),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, _sd("defaultEntailmentRegime"), ENTAILMENT_SIMPLE),
        Triple(service, _sd("feature"), _sd("DereferencesURIs" if federated else "EmptyGraphs")),
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(service, RDFS_COMMENT, Literal("newsgraph: news facts with evidence as RDF")),
        Triple(dataset, RDF_TYPE, _sd("Dataset")),
        Triple(dataset, _sd("defaultGraph"), default),
        Triple(default, RDF_TYPE, _sd("Graph")),
    ]
    if update:
        triples.append(Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    if union_default_graph:
        triples.append(Triple(service, _sd("feature"), _sd("UnionDefaultGraph")))
    if federated:
        triples.append(Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    triples += [Triple(service, _sd("resultFormat"), NamedNode(FORMATS + f)) for f in RESULT_FORMATS]
    buf = io.BytesIO()
    fmt = rdf_format_for_media_type(media_type)
    if fmt is None:
        raise ValueError(f"not an RDF media type: {media_type}")
    serialize(triples, buf, fmt, prefixes={"sd": SD, "formats": FORMATS})
    return buf.getvalue()


__all__ = ["describe"]
