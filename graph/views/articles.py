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


def _text(term: Any) -> str:
    """The value of a bound IRI or literal (the query makes these variables bound)."""
    return str(term.value)


def list_articles(store: GraphStore) -> list[dict[str, Any]]:
    """Every article with its headline, language, date, source and fact count."""
    out = []
    for sol in store.select(_LIST, union=False):
        row = {n: _plain(v) for n, v in sol.as_dict().items()}
        row["graph"] = article_graph_iri(row["id"])
        out.append(row)
    return out


def article_facts(store: GraphStore, article_id: str) -> list[dict[str, Any]]:
    """The facts of one article, in text order, with evidence and attribution."""
    if not store.ask("ASK { GRAPH ?m { ?a a schema:NewsArticle } }",
                     substitutions={Variable("a"): NamedNode(article_iri(article_id)),
                                    Variable("m"): NamedNode(META_GRAPH)}):
        raise NotFound(f"no article {article_id!r}")
    res = store.select(_FACTS, union=False,
                       substitutions={Variable("g"): NamedNode(article_graph_iri(article_id))})
    facts = []
    for sol in res:
        facts.append({
            "iri": _text(sol["fact"]), "id": _text(sol["fid"]),
            "subject": {"iri": _text(sol["s"]), "label": _plain(sol["sl"])},
            "predicate": {"iri": _text(sol["p"]), "label": _plain(sol["pl"])},
            "object": ({"iri": _text(sol["o"]), "label": _plain(sol["ol"])}
                       if isinstance(sol["o"], NamedNode) else {"value": _plain(sol["o"])}),
            "modality": _text(sol["modality"]).rsplit("#", 1)[-1].lower(),
            "attributed_to": _plain(sol["who"]),
            "evidence": {"text": _text(sol["text"]), "start": _plain(sol["start"]),
                         "end": _plain(sol["end"])},
            "confidence": _plain(sol["conf"]), "method": _text(sol["method"]),
        })
    return facts
