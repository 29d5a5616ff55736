"""Round trips of the export writers: other tools read back what we write."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import networkx as nx
import pytest

from graph.errors import ExportTooLarge, RendererUnavailable, UnknownFormat
from graph.export import dot as dot_module
from graph.export import mermaid
from graph.export.layout import extent, positions
from graph.export.palette import PALETTE
from graph.export.records import ExportOptions
from graph.export.registry import FORMATS, export, get_format
from graph.projection.shape import Edge, Node, PredicateRef, Subgraph
from graph.store import GraphStore
from tests.export_support import seed_subgraph, tricky_subgraph

DOT = shutil.which("dot")


@pytest.fixture(scope="module")
def dot() -> str:
    """Graphviz's ``dot``; skipped when missing, unless NEWSGRAPH_REQUIRE_GRAPHVIZ=1 (CI), then failed."""
    if DOT is None:
        if os.environ.get("NEWSGRAPH_REQUIRE_GRAPHVIZ") == "1":
            pytest.fail("Graphviz's dot is required (NEWSGRAPH_REQUIRE_GRAPHVIZ=1)")
        pytest.skip("Graphviz not installed")
    return DOT


@pytest.fixture(scope="module")
def seed(seed_store: GraphStore) -> Subgraph:
    return seed_subgraph(seed_store)


@pytest.fixture(params=["seed", "tricky"])
def sub(request: pytest.FixtureRequest, seed: Subgraph) -> Subgraph:
    return seed if request.param == "seed" else tricky_subgraph()


def _by_id(sub: Subgraph) -> tuple[dict[str, Node], dict[str, Edge]]:
    return {n.id: n for n in sub.nodes}, {e.id: e for e in sub.edges}


def test_graphml_reads_back_in_networkx(sub: Subgraph, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    path.write_bytes(export(sub, "graphml"))
    g = nx.read_graphml(path)
    nodes, edges = _by_id(sub)
    assert set(g.nodes) == set(nodes)
    assert g.number_of_edges() == len(edges)
    for nid, data in g.nodes(data=True):
        n = nodes[nid]
        assert (data["label"], data["type"], data["iri"], data["color"]) == (n.label, n.type, n.iri, PALETTE[n.type])
        assert isinstance(data["degree"], int) and isinstance(data["x"], float)
        assert data["degree"] == sum((e.source == nid) + (e.target == nid) for e in sub.edges)
    for s, t, key, data in g.edges(keys=True, data=True):
        e = edges[key]
        assert (s, t, data["label"], data["modality"]) == (e.source, e.target, e.predicate.label, e.modality)
        assert data.get("confidence") == e.confidence
        assert json.loads(data["qualifiers"]) == e.qualifiers
        if e.evidence:
            assert (data["evidence"], data["article"], data["start"]) == (e.evidence.text, e.evidence.article,
                                                                          e.evidence.start)


def test_gexf_reads_back_with_viz(sub: Subgraph, tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    path.write_bytes(export(sub, "gexf"))
    g = nx.read_gexf(path, version="1.3")
    nodes, edges = _by_id(sub)
    assert set(g.nodes) == set(nodes)
    assert g.number_of_edges() == len(edges)
    sizes = set()
    for nid, data in g.nodes(data=True):
        n = nodes[nid]
        assert (data["label"], data["type"], data["iri"]) == (n.label, n.type, n.iri)
        viz = data["viz"]
        r, gr, b = (int(PALETTE[n.type][i:i + 2], 16) for i in (1, 3, 5))
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == (r, gr, b)
        bound = extent(len(sub.nodes)) + 0.01  # positions are rounded to 2 decimals
        assert abs(viz["position"]["x"]) <= bound and abs(viz["position"]["y"]) <= bound
        sizes.add(viz["size"])
    assert len(sizes) > 1  # sized by degree, not all alike
    for s, t, key, data in g.edges(keys=True, data=True):
        e = edges[key]
        assert (s, t, data["label"], data["modality"]) == (e.source, e.target, e.predicate.label, e.modality)
        if e.evidence:
            assert data["evidence"] == e.evidence.text


def test_gexf_size_by_pagerank_when_known() -> None:
    a, b = Node("p/a", "urn:a", "A", "Person", {"pagerank": 0.9}), Node("p/b", "urn:b", "B", "Person", {"pagerank": 0.1})
    g = Subgraph(1, [a, b], [Edge("f", a.id, b.id, PredicateRef("urn:p", "knows"))])  # equal degrees
    doc = ET.fromstring(export(g, "gexf", ExportOptions(size_by="pagerank")))
    sizes = [float(el.get("value") or 0) for el in doc.iter("{http://gexf.net/1.3/viz}size")]
    assert sizes[0] > sizes[1]


def test_json_formats(sub: Subgraph) -> None:
    nodes, edges = _by_id(sub)
    d3 = json.loads(export(sub, "d3"))
    g = nx.node_link_graph(d3, edges="links")
    assert set(g.nodes) == set(nodes) and g.number_of_edges() == len(edges)
    cy = json.loads(export(sub, "cytoscape"))
    assert {n["data"]["id"] for n in cy["elements"]["nodes"]} == set(nodes)
    for el in cy["elements"]["edges"]:
        d = el["data"]
        e = edges[d["id"]]
        assert (d["source"], d["target"], d["label"], json.loads(d["qualifiers"])) == (
            e.source, e.target, e.predicate.label, e.qualifiers)
    assert all("x" in n["position"] for n in cy["elements"]["nodes"])


def test_dot_renders_with_graphviz(sub: Subgraph, dot: str) -> None:
    text = export(sub, "dot")
    plain = subprocess.run([dot, "-Tplain"], input=text, capture_output=True, check=True).stdout.decode()
    kinds = [line.split(" ", 1)[0] for line in plain.splitlines()]
    assert kinds.count("node") == len(sub.nodes) and kinds.count("edge") == len(sub.edges)
    svg = ET.fromstring(export(sub, "svg"))
    groups = [g for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("class") in ("node", "edge")]
    assert sum(g.get("class") == "node" for g in groups) == len(sub.nodes)
    png = export(sub, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width > 100 and height > 50


def test_large_graph_renders_from_server_layout(dot: str) -> None:
    nodes = [Node(f"p/{i}", f"urn:{i}", f"N{i}", "Person") for i in range(300)]
    edges = [Edge(f"f{i}", nodes[i].id, nodes[(i * 7 + 1) % 300].id, PredicateRef("urn:p", "knows"))
             for i in range(300)]
    svg = ET.fromstring(export(Subgraph(1, nodes, edges), "svg"))
    assert sum(g.get("class") == "node" for g in svg.iter("{http://www.w3.org/2000/svg}g")) == 300
    text = dot_module._drawn(Subgraph(1, nodes, edges), ExportOptions(), "png")
    assert b"tooltip=" not in text and b"URL=" not in text and b"pos=" in text  # only what is drawn
    png = export(Subgraph(1, nodes, edges), "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[25] == 3  # colour type 3: 256 colours (gd's writer)


def test_large_png_without_the_gd_writer_falls_back(dot: str, monkeypatch: pytest.MonkeyPatch) -> None:
    nodes = [Node(f"p/{i}", f"urn:{i}", f"N{i}", "Person") for i in range(200)]
    monkeypatch.setattr(dot_module, "LARGE_PNG_DEVICE", "png:nosuch:writer")  # Graphviz: "not recognized"
    png = export(Subgraph(1, nodes, []), "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[25] == 6  # cairo's own writer: RGBA


def test_missing_graphviz_is_a_clear_error(sub: Subgraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(RendererUnavailable, match="apt-get install graphviz"):
        export(sub, "svg")
    assert export(sub, "dot").startswith(b"digraph")  # the text format needs no Graphviz


def test_csv_zip_for_neo4j(sub: Subgraph) -> None:
    z = zipfile.ZipFile(io.BytesIO(export(sub, "csv")))
    assert set(z.namelist()) == {"nodes.csv", "edges.csv", "README.txt"}
    nodes = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode())))
    rels = list(csv.DictReader(io.StringIO(z.read("edges.csv").decode())))
    assert len(nodes) == len(sub.nodes) and len(rels) == len(sub.edges)
    assert {"id:ID", ":LABEL", "degree:int", "pagerank:double"} <= set(nodes[0])
    assert {":START_ID", ":END_ID", ":TYPE", "confidence:double", "start:int"} <= set(rels[0])
    ids = {n["id:ID"] for n in nodes}
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in rels)
    assert all(r[":TYPE"].isupper() and " " not in r[":TYPE"] for r in rels)
    assert all(n[":LABEL"].startswith("Entity;") for n in nodes)
    evidence = {e.id: e.evidence.text for e in sub.edges if e.evidence}
    assert all(r["evidence"] == evidence.get(r["id"], "") for r in rels)


def test_mermaid_text(sub: Subgraph) -> None:
    text = export(sub, "mermaid").decode()
    assert text.splitlines()[3] == "flowchart LR"
    assert sum(" -->|" in line or " -.->|" in line for line in text.splitlines()) == len(sub.edges)
    assert '"' not in "".join(line.split('"', 1)[1].rsplit('"', 1)[0] for line in text.splitlines()
                              if line.startswith("  n") and "([" in line)


def test_mermaid_over_the_renderer_defaults() -> None:
    """Over 500 edges: still a diagram, led by the renderer setting it needs (front matter would
    have to come first, so the title is ``accTitle``); the note's numbers cover the file."""
    nodes = [Node(f"p/{i}", f"urn:{i}", f"Person {i}", "Person") for i in range(600)]
    edges = [Edge(f"f{i}", nodes[i % 600].id, nodes[(i * 7 + 1) % 600].id, PredicateRef("urn:p", "knows"))
             for i in range(1_200)]
    text = export(Subgraph(1, nodes, edges), "mermaid", ExportOptions(title="big one")).decode()
    lines = text.splitlines()
    note = [x for x in lines if x.startswith("%%")]
    assert lines[:len(note)] == note and len(note) == 4
    assert lines[len(note)] == "flowchart LR" and lines[len(note) + 1] == "  accTitle: big one"
    conf = json.loads(note[2].split("config.json ", 1)[1].split("}", 1)[0] + "}")
    assert conf["maxEdges"] == 1_200 >= sum("-->|" in x for x in lines)
    assert len(text) <= conf["maxTextSize"] <= len(text) + 2_000
    assert "mmdc" in note[1] and "-c config.json" in note[1] and "front matter cannot" in note[3]
    assert mermaid.RENDER_CONFIG["maxEdges"] == FORMATS["mermaid"].max_edges
    small = export(Subgraph(1, nodes[:3], edges[:1]), "mermaid").decode()
    assert small.startswith("---\ntitle:") and "%%" not in small


def test_html_inlines_everything(sub: Subgraph) -> None:
    page = export(sub, "html").decode()
    assert "<script src" not in page and "http://" not in page.split("<script>")[0]
    assert "cytoscape" in page and len(page) > 400_000


def test_unknown_format_and_caps() -> None:
    with pytest.raises(UnknownFormat):
        get_format("pdf")
    over = [Node(f"p/{i}", f"urn:{i}", f"N{i}", "Person") for i in range(FORMATS["mermaid"].max_nodes + 1)]
    with pytest.raises(ExportTooLarge, match="capped at 20000 nodes and 100000 edges"):
        export(Subgraph(1, over, []), "mermaid")
    many = [Node(f"p/{i}", f"urn:{i}", f"N{i}", "Person") for i in range(FORMATS["svg"].max_nodes + 1)]
    with pytest.raises(ExportTooLarge):
        export(Subgraph(1, many, []), "svg")
    assert export(Subgraph(1, many, []), "d3")  # under the data formats' cap


def test_layout_is_deterministic_and_spread() -> None:
    edges = [(i % 1500, (i * 13 + 5) % 1500) for i in range(3000)]
    one, two = positions(1500, edges, seed=3), positions(1500, edges, seed=3)
    assert one == two
    assert positions(1500, edges, seed=4) != one
    xs = sorted(x for x, _ in one)
    assert xs[-1] - xs[0] > extent(1500)  # spread over the canvas, not collapsed
    assert len(set(one)) == 1500
