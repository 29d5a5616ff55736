"""The projection over the seed graph: neighbours, paths, algorithms, name and evidence search,
caps, and staying in step with writes (incremental and full)."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
from pyoxigraph import Literal, NamedNode, Quad

from graph.errors import InvalidParameter, NotFound
from graph.projection import Projection, caps
from graph.projection.algorithms import Params, nx_graph, run
from graph.projection.paths import k_shortest
from graph.projection.traverse import EdgeFilter, NodeFilter, neighbors, predicate_iris, subgraph
from graph.store import GraphStore
from graph.views.entities import entity_card, fact_by_id, search_entities, search_facts
from ontology.namespaces import ID, NG, RDF, RDFS


@pytest.fixture(scope="module")
def proj(seed_store: GraphStore) -> Iterator[Projection]:
    yield Projection(seed_store)


def labels(tr: object) -> set[str]:
    return {n.label for n in tr.graph.nodes}  # type: ignore[attr-defined]


def test_neighbours_of_xai(proj: Projection) -> None:
    one = labels(neighbors(proj, "organization/xai"))
    assert {"Tesla", "Grok", "X data centers", "Oracle cloud services"} <= one
    got = labels(neighbors(proj, "organization/xai", depth=2))  # xAI relies on X's and Oracle's services
    assert {"Tesla", "Oracle", "Grok", "X"} <= got and {"Oracle", "X"}.isdisjoint(one)
    assert "CNBC" not in got  # the source of a fact is not a neighbour of its subject
    assert not any(n.type in ("Fact", "HardwareTransfer") for n in neighbors(proj, "organization/xai").graph.nodes)


def test_neighbours_bfs_each_once_nearest_first(proj: Projection) -> None:
    full = neighbors(proj, "organization/xai", depth=2, limit=caps.MAX_NODES)
    ids = [n.id for n in full.graph.nodes]
    assert len(ids) == len(set(ids))
    depths = [n.extra["depth"] for n in full.graph.nodes]
    assert depths == sorted(depths) and max(depths) == 2
    cut = neighbors(proj, "organization/xai", depth=2, limit=3)
    assert cut.truncated and len(cut.graph.nodes) == 4
    assert all(n.extra["depth"] <= 1 for n in cut.graph.nodes)  # nearest kept first
    kept = {n.id for n in cut.graph.nodes}
    assert all(e.source in kept and e.target in kept for e in cut.graph.edges)


def test_neighbour_filters(proj: Projection) -> None:
    out = labels(neighbors(proj, "organization/xai", edges=EdgeFilter("out")))
    inc = labels(neighbors(proj, "organization/xai", edges=EdgeFilter("in")))
    assert "Tesla" in inc and "Tesla" not in out
    only = neighbors(proj, "organization/xai", nodes=NodeFilter(frozenset({"Organization"})))
    assert {n.type for n in only.graph.nodes} == {"Organization"}
    none_org = neighbors(proj, "organization/xai", nodes=NodeFilter(exclude_types=frozenset({"Organization"})))
    assert [n.type for n in none_org.graph.nodes].count("Organization") == 1  # the start only
    hw = neighbors(proj, "organization/xai", edges=EdgeFilter(predicates=predicate_iris("p", ["ng:transferredHardwareTo"])))
    assert labels(hw) == {"xAI", "Tesla"}
    reported = neighbors(proj, "organization/xai", edges=EdgeFilter(modality=frozenset({"reported"})))
    assert all(e.modality == "reported" for e in reported.graph.edges) and reported.graph.edges
    no_hw = labels(neighbors(proj, "organization/xai", edges=EdgeFilter(
        exclude_predicates=predicate_iris("p", ["transferredHardwareTo"]))))
    assert "Tesla" not in no_hw  # only hardware transfers link Tesla to xAI
    edges = neighbors(proj, "organization/xai", edges=EdgeFilter(
        exclude_predicates=predicate_iris("p", ["transferredHardwareTo"]))).graph.edges
    assert edges and all(not e.predicate.iri.endswith("transferredHardwareTo") for e in edges)


def test_include_statements_adds_statement_nodes(proj: Projection) -> None:
    tr = neighbors(proj, "organization/xai", include_statements=True)
    kinds = {n.type for n in tr.graph.nodes}
    assert "HardwareTransfer" in kinds and "CNBC" in labels(tr)
    assert any(e.predicate.iri == NG + "attributedTo" for e in tr.graph.edges)


def test_path_tesla_to_xai_told_with_its_evidence(proj: Projection) -> None:
    found = k_shortest(proj, "organization/tesla", "organization/xai", k=3)
    first = found.paths[0]
    assert first.length == 1
    e = first.edges[0]
    assert e.qualifiers["quantity"] == 12000 and e.modality == "reported" and e.attributed_to == "CNBC"
    assert e.evidence is not None and e.evidence.article == "xai-memphis.fr"
    assert first.sentences[0].startswith("Tesla redirected about 12,000 Nvidia H100 to xAI [xai-memphis.fr, chars ")
    assert first.sentences[0].endswith("(reported, per CNBC)")
    lengths = [p.length for p in found.paths]
    assert lengths == sorted(lengths) and len(found.paths) == 3
    assert len({tuple(x.id for x in p.edges) for p in found.paths}) == 3  # distinct fact chains


def test_path_filters_and_reasons(proj: Projection) -> None:
    no_rep = k_shortest(proj, "organization/tesla", "organization/xai", k=5,
                        edges=EdgeFilter(exclude_modality=frozenset({"reported"})))
    assert all(e.modality != "reported" for p in no_rep.paths for e in p.edges)
    none = k_shortest(proj, "organization/tesla", "organization/xai", max_length=1,
                      edges=EdgeFilter("in"))
    assert none.paths == [] and "no path of at most 1 hops" in (none.reason or "")
    with pytest.raises(NotFound):
        k_shortest(proj, "organization/tesla", "organization/nobody")
    with pytest.raises(InvalidParameter, match="k"):
        k_shortest(proj, "organization/tesla", "organization/xai", k=caps.MAX_K + 1)


def test_speculative_path_says_so(store_copy: GraphStore) -> None:
    g = NamedNode(ID + "graph/test-spec")
    a, b = NamedNode(ID + "organization/tesla"), NamedNode(ID + "organization/acme")
    st = NamedNode(ID + "fact/test-spec/f1")
    store_copy.add_quads([
        Quad(b, NamedNode(RDFS + "label"), Literal("Acme"), g),
        Quad(b, NamedNode(RDF + "type"), NamedNode(NG + "Organization"), g),
        Quad(a, NamedNode(NG + "mayAcquire"), b, g),
        Quad(st, NamedNode(RDF + "type"), NamedNode(NG + "Fact"), g),
        Quad(st, NamedNode(RDF + "subject"), a, g), Quad(st, NamedNode(RDF + "predicate"), NamedNode(NG + "mayAcquire"), g),
        Quad(st, NamedNode(RDF + "object"), b, g), Quad(st, NamedNode(NG + "modality"), NamedNode(NG + "Speculative"), g),
        Quad(st, NamedNode(NG + "evidenceText"), Literal("Tesla might buy Acme"), g)])
    p = Projection(store_copy)
    found = k_shortest(p, "organization/xai", "organization/acme", k=1)
    path = found.paths[0]
    assert path.speculative and "speculative" in (path.caveat or "") and "speculative" in path.text


def test_pagerank_matches_networkx_and_ranks(proj: Projection) -> None:
    res = run(proj, "pagerank", Params(top=5))
    scores = [r.score for r in res.results]
    assert scores == sorted(scores, reverse=True)
    ref = _pagerank_python(nx_graph(proj, "simple"), alpha=0.85, weight="weight")
    best = max(ref, key=ref.get)
    assert res.results[0].node.id == proj.nodes[best].id
    assert abs(res.results[0].score - ref[best]) < 1e-4
    top = {r.node.label for r in run(proj, "pagerank", Params(top=10)).results}
    assert {"Memphis", "Tennessee", "xAI"} <= top


def test_other_algorithms(proj: Projection) -> None:
    deg = run(proj, "degree", Params(top=1))
    assert deg.results[0].node.label == "xAI"
    btw = run(proj, "betweenness", Params(top=1))
    assert btw.results[0].node.label == "xAI"
    com = run(proj, "communities", Params(top=50, seed=1))
    assert sum(r.size for r in com.results) == com.nodes
    assert run(proj, "communities", Params(top=50, seed=1)).results[0].size == com.results[0].size
    comp = run(proj, "components", Params(top=50))
    assert sum(r.size for r in comp.results) == comp.nodes == len(proj.node_ids())
    sim = run(proj, "similar", Params(top=3, node="organization/tesla"))
    assert sim.results and all(0 < r.score <= 1 for r in sim.results)
    sub = run(proj, "pagerank", Params(top=50, seeds=("organization/tesla",), depth=1))
    assert sub.nodes == len(neighbors(proj, "organization/tesla", limit=caps.MAX_NODES).graph.nodes)
    with pytest.raises(InvalidParameter, match="damping"):
        run(proj, "pagerank", Params(damping=1.5))
    assert nx.number_weakly_connected_components(nx_graph(proj, "simple")) == len(comp.results)


@pytest.mark.parametrize(("q", "label", "rank"), [
    ("memphis", "Memphis", "exact"), ("MÉMPHIS", "Memphis", "exact"), ("nvidia", "Nvidia", "exact"),
    ("Nvidai", "Nvidia", "fuzzy"), ("Twitter", "X", "exact"), ("memph", "Memphis", "prefix"),
    ("shelby", "Shelby County", "prefix"), ("gigafactory", "xAI Memphis supercomputer", "exact")])
def test_search(proj: Projection, q: str, label: str, rank: str) -> None:
    page = search_entities(proj, q)
    assert page.results[0].node.label == label and page.results[0].rank == rank
    assert page.total >= len(page.results)


def test_search_ranking_filters_and_pages(proj: Projection) -> None:
    page = search_entities(proj, "memphis")
    ranks = [h.rank for h in page.results]
    order = ["exact", "prefix", "word", "fuzzy"]
    assert [order.index(r) for r in ranks] == sorted(order.index(r) for r in ranks)
    assert page.total >= 4
    assert all(h.node.type == "Place" for h in search_entities(proj, "memphis", types=["Place"]).results)
    second = search_entities(proj, "memphis", limit=1, offset=1)
    assert second.results[0].node.id == page.results[1].node.id and second.total == page.total
    assert search_entities(proj, "comté de shelby", lang="fr").results[0].node.label == "Shelby County"


def test_fulltext(proj: Projection) -> None:
    page = search_facts(proj, "courriels")
    assert page.total >= 1
    top = page.results[0]
    assert "<mark>courriels</mark>" in top.snippet
    assert all("courriel" in (h.fact.evidence.text.lower() if h.fact.evidence else "") for h in page.results)
    assert search_facts(proj, "COURRIEL").total == page.total  # case and plural folded
    assert search_facts(proj, "reacheminés").total >= 1  # accents folded
    rep = search_facts(proj, "courriels", modality=["reported"])
    assert rep.total >= 1 and all(h.fact.modality == "reported" for h in rep.results)
    assert search_facts(proj, "courriels", article="nope").total == 0
    assert search_facts(proj, "zzzunknownword").total == 0


def test_card_and_fact(proj: Projection) -> None:
    card = entity_card(proj, "organization/tesla")
    assert card.node.label == "Tesla" and "http://www.wikidata.org/entity/Q478214" in card.same_as
    groups = {g.predicate.label: g for g in card.outgoing}
    hw = groups["redirected hardware to"].facts
    f64 = next(f for f in hw if f.qualifiers.get("quantity") == 12000)
    assert f64.evidence and f64.evidence.headline and f64.evidence.article == "xai-memphis.fr"
    assert f64.attributed_to == "CNBC" and f64.modality == "reported"
    assert [a.id for a in card.articles] == ["xai-memphis.fr"]
    full = entity_card(proj, ID + "organization/tesla")
    assert full.node.id == card.node.id
    cnbc = entity_card(proj, "organization/cnbc")
    assert any(f.fact_id == "F64" for f in cnbc.attributed)
    assert fact_by_id(proj, f64.id).fact_id == "F64"
    with pytest.raises(NotFound):
        entity_card(proj, "organization/nobody")
    with pytest.raises(NotFound):
        fact_by_id(proj, "fact/none/f1")


def test_caps(proj: Projection) -> None:
    for kw, field in (({"depth": caps.MAX_DEPTH + 1}, "depth"), ({"limit": caps.MAX_NODES + 1}, "limit"),
                      ({"depth": 0}, "depth")):
        with pytest.raises(InvalidParameter) as exc:
            neighbors(proj, "organization/xai", **kw)  # type: ignore[arg-type]
        assert exc.value.field == field
    with pytest.raises(InvalidParameter, match="seeds"):
        subgraph(proj, [f"organization/x{i}" for i in range(caps.MAX_SEEDS + 1)])


def test_fanout_cap_truncates(store_copy: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(caps, "MAX_FANOUT", 2)
    p = Projection(store_copy)
    tr = neighbors(p, "organization/xai", limit=caps.MAX_NODES)
    assert tr.truncated and len(tr.graph.nodes) <= 1 + 2 * 2


def test_writes_keep_it_in_step(store_copy: GraphStore) -> None:
    p = Projection(store_copy)
    assert search_entities(p, "Zorglub").total == 0
    g = ID + "graph/test-write"
    store_copy.update(f"""INSERT DATA {{ GRAPH <{g}> {{
        <{ID}organization/zorglub> a <{NG}Organization> ; <{RDFS}label> "Zorglub" ;
            <{NG}partnerOf> <{ID}organization/xai> }} }}""")
    assert search_entities(p, "zorglub").results[0].node.label == "Zorglub"
    assert "Zorglub" in labels(neighbors(p, "organization/xai"))
    assert p.generation == store_copy.generation
    store_copy.update(f"DROP GRAPH <{g}>")
    assert search_entities(p, "zorglub").total == 0
    assert "Zorglub" not in labels(neighbors(p, "organization/xai"))


def test_incremental_refresh_of_named_graphs(store_copy: GraphStore) -> None:
    p = Projection(store_copy).sync()
    g = ID + "graph/test-inc"
    store_copy.update(f"INSERT DATA {{ GRAPH <{g}> {{ <{ID}person/ada> <{RDFS}label> \"Ada\" ; "
                      f"<{NG}worksFor> <{ID}organization/tesla> }} }}")
    before = len(p.parts)
    p.refresh({g})
    assert len(p.parts) == before + 1 and "Ada" in labels(neighbors(p, "organization/tesla"))
    assert search_facts(p, "courriels").total >= 1  # the rest was kept, not rebuilt


def test_write_events_drive_incremental_updates(store_copy: GraphStore) -> None:
    p = Projection(store_copy).sync()
    rebuilds, reads = p.rebuilds, p.graphs_read
    g = ID + "graph/test-gsp"
    a = NamedNode(ID + "organization/gspco")
    store_copy.replace_graph(g, [Quad(a, NamedNode(RDFS + "label"), Literal("Gspco")),
                                 Quad(a, NamedNode(NG + "partnerOf"), NamedNode(ID + "organization/oracle"))])
    assert "Gspco" in labels(neighbors(p, "organization/oracle"))
    assert p.rebuilds == rebuilds and p.graphs_read == reads + 1  # only the written graph was read
    store_copy.add_quads([Quad(a, NamedNode(NG + "partnerOf"), NamedNode(ID + "organization/tesla"),
                               NamedNode(g))])
    assert "Gspco" in labels(neighbors(p, "organization/tesla")) and p.rebuilds == rebuilds
    store_copy.drop_graph(g)
    assert search_entities(p, "gspco").total == 0 and p.rebuilds == rebuilds
    store_copy.update(f"INSERT DATA {{ GRAPH <{g}> {{ <{a.value}> <{RDFS}label> \"Gspco\" }} }}")
    assert search_entities(p, "gspco").total == 1  # a general update: rebuilt, still right


def test_edge_and_card_caps(proj: Projection) -> None:
    full = neighbors(proj, "organization/xai", depth=2, limit=caps.MAX_NODES, max_edges=caps.MAX_EDGES)
    cut = neighbors(proj, "organization/xai", depth=2, limit=caps.MAX_NODES, max_edges=5)
    assert not full.truncated and cut.truncated and len(cut.graph.edges) == 5 < len(full.graph.edges)
    reached = {e.target for e in cut.graph.edges} | {e.source for e in cut.graph.edges}
    assert "organization/xai" in reached  # the discovering edges come first
    card = entity_card(proj, "organization/xai", per_predicate=1)
    assert all(len(g.facts) == 1 <= g.total for g in card.outgoing)
    assert any(g.total > 1 for g in card.outgoing)
    with pytest.raises(InvalidParameter, match="max_edges"):
        neighbors(proj, "organization/xai", max_edges=caps.MAX_EDGES + 1)


def test_fulltext_pages(proj: Projection) -> None:
    everything = search_facts(proj, "xAI", limit=100)
    page = search_facts(proj, "xAI", limit=2, offset=2)
    assert page.total == everything.total > 4
    assert [h.fact.id for h in page.results] == [h.fact.id for h in everything.results[2:4]]
    scores = [h.score for h in everything.results]
    assert scores == sorted(scores, reverse=True)


def test_cached_shapes_follow_relabelled_sources(store_copy: GraphStore) -> None:
    p = Projection(store_copy)
    edge = next(e for e in neighbors(p, "organization/xai").graph.edges if e.attributed_to == "CNBC")
    g = ID + "graph/test-relabel"
    store_copy.replace_graph(g, [Quad(NamedNode(ID + "organization/cnbc"), NamedNode(RDFS + "label"),
                                      Literal("CNBC", language="en"))])
    assert p.lookup(ID + "organization/cnbc") is not None
    store_copy.drop_graph(ID + "graph/article/xai-memphis.fr")
    assert all(e.id != edge.id for e in p.sync().edges if e is not None)  # gone with its graph
    assert search_facts(p, "courriels").total == 0
