"""graph.ingest.load: every kind of source through one all-or-nothing path; entity resolution across articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import UnsupportedSource, ValidationFailed
from graph.ingest.load import load_paths
from graph.store import open_store
from tests.conftest import ROOT, SEED_FACTS

ARTICLES = ROOT / "tests" / "data" / "articles"


def test_same_entity_in_two_articles_is_one_node(tmp_path: Path) -> None:
    gs = open_store(tmp_path / "s")
    load_paths(gs, [SEED_FACTS, ARTICLES / "gridline-texas.en.txt", ARTICLES / "vaucanson-calcul.fr.txt"])
    res = gs.query("""SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE {
        GRAPH ?g { ?e rdfs:label ?l } FILTER(STRSTARTS(STR(?g), STR(ngid:graph\\/article\\/))) }
        GROUP BY ?e HAVING (COUNT(DISTINCT ?g) > 1)""", union=False)
    shared = {str(sol["e"]).strip("<>").rsplit("/", 2)[-1] for sol in res}
    assert "nvidia" in shared
    # aliases survive as skos:altLabel and one IRI carries one type
    types = gs.query("SELECT ?e (COUNT(DISTINCT ?c) AS ?n) WHERE { ?e a ?c . "
                     "FILTER(STRSTARTS(STR(?c), STR(ng:))) FILTER NOT EXISTS { ?e a ng:Fact } } GROUP BY ?e "
                     "HAVING (COUNT(DISTINCT ?c) > 1)")
    assert [str(s["e"]) for s in types] == []


def test_a_bad_article_among_good_sources_writes_nothing(tmp_path: Path) -> None:
    gs = open_store(tmp_path / "s")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(UnsupportedSource) as info:
        load_paths(gs, [SEED_FACTS, ARTICLES / "gridline-texas.en.txt", empty])
    assert info.value.path == str(empty)
    assert gs.is_empty() and gs.generation == 0


def test_shacl_failure_names_the_fact(tmp_path: Path) -> None:
    bad = tmp_path / "bad.facts.yaml"
    text = SEED_FACTS.read_text(encoding="utf-8").replace("rank: 2", "rank: 0")
    (tmp_path / "xai-memphis.fr.txt").write_text((SEED_FACTS.parent / "xai-memphis.fr.txt").read_text(
        encoding="utf-8"), encoding="utf-8")
    bad.write_text(text, encoding="utf-8")
    gs = open_store("memory")
    with pytest.raises(ValidationFailed) as info:
        load_paths(gs, [bad])
    assert any("F69" in v and "rank" in v for v in info.value.violations)
    assert len(gs) == 0
