"""Articles in the store: listing them and reading one back with its facts."""

from __future__ import annotations

from typing import Any

from pyoxigraph import Literal, NamedNode, Variable

from graph.errors import NotFound
from graph.store import GraphStore
from ontology.namespaces import META_GRAPH, article_graph_iri, article_iri

_LIST = f"""
SELECT ?id ?headline ?lang ?date ?source ?facts WHERE {{
  GRAPH <{META_GRAPH}> {{
    ?a a schema:NewsArticle ; schema:identifier ?id ; ng:articleGraph ?g .
    OPTIONAL {{ ?a schema:headline ?headline }} OPTIONAL {{ ?a schema:inLanguage ?lang }}
    OPTIONAL {{ ?a schema:datePublished ?date }} OPTIONAL {{ ?a dct:source ?source }}
    OPTIONAL {{ ?g prov:wasGeneratedBy/ng:factCount ?facts }}
  }}
}} ORDER BY ?id"""

_FACTS = """
SELECT ?g ?fact ?fid ?s ?sl ?p ?pl ?o ?ol ?modality ?text ?start ?end ?conf ?method ?who WHERE {
  GRAPH ?g { ?fact a ng:Fact ; ng:factId ?fid ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      ng:modality ?modality ; ng:evidenceText ?text ; ng:startOffset ?start ; ng:endOffset ?end ;
      ng:confidence ?conf ; ng:method ?method .
    OPTIONAL { ?s rdfs:label ?sl } OPTIONAL { ?o rdfs:label ?ol } OPTIONAL { ?fact rdfs:label ?pl }
    OPTIONAL { ?fact ng:attributedTo/rdfs:label ?who } }
} ORDER BY ?start ?fid"""


def _plain(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        if dt in ("integer", "decimal"):
            return int(term.value) if dt == "integer" or term.value.isdigit() else float(term.value)
        return term.value
    return term.value


def list_articles(store: GraphStore) -> list[dict[str, Any]]:
    """Every article with its headline, language, date, source and fact count."""
    res = store.query(_LIST, union=False)
    names = [v.value for v in res.variables]
    out = []
    for sol in res:
        row = {n: _plain(sol[n]) for n in names}
        row["graph"] = article_graph_iri(row["id"])
        out.append(row)
    return out


def article_facts(store: GraphStore, article_id: str) -> list[dict[str, Any]]:
    """The facts of one article, in text order, with evidence and attribution."""
    if not store.select("ASK { GRAPH ?m { ?a a schema:NewsArticle } }",
                        substitutions={Variable("a"): NamedNode(article_iri(article_id)),
                                       Variable("m"): NamedNode(META_GRAPH)})[1][0][0] == "true":
        raise NotFound(f"no article {article_id!r}")
    res = store.query(_FACTS, union=False,
                      substitutions={Variable("g"): NamedNode(article_graph_iri(article_id))})
    facts = []
    for sol in res:
        facts.append({
            "iri": sol["fact"].value, "id": sol["fid"].value,
            "subject": {"iri": sol["s"].value, "label": _plain(sol["sl"])},
            "predicate": {"iri": sol["p"].value, "label": _plain(sol["pl"])},
            "object": ({"iri": sol["o"].value, "label": _plain(sol["ol"])}
                       if isinstance(sol["o"], NamedNode) else {"value": _plain(sol["o"])}),
            "modality": sol["modality"].value.rsplit("#", 1)[-1].lower(),
            "attributed_to": _plain(sol["who"]),
            "evidence": {"text": sol["text"].value, "start": _plain(sol["start"]),
                         "end": _plain(sol["end"])},
            "confidence": _plain(sol["conf"]), "method": sol["method"].value,
        })
    return facts
