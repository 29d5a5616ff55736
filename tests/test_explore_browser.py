"""The explorer and the browser-side exports in real headless Chromium, against a real server.

Each test saves a screenshot under ``tests/artifacts/`` (path printed). Skipped when
``/usr/bin/chromium`` is missing, unless ``NEWSGRAPH_REQUIRE_BROWSER=1`` (CI), then it fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import pytest

from graph.export.mermaid import RENDER_CONFIG
from graph.export.registry import export
from graph.projection.shape import Edge, Node, PredicateRef, Subgraph
from tests.conftest import ROOT, Server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTEFACTS = Path(os.environ.get("NEWSGRAPH_ARTEFACTS", ROOT / "tests" / "artifacts"))
TESLA, XAI, GROK = "organization/tesla", "organization/xai", "aimodel/grok"
H100_FACT = "fact/xai-memphis.fr/f64"  # Tesla -> xAI, "environ 12 000 GPU H100"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("NEWSGRAPH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is required (NEWSGRAPH_REQUIRE_BROWSER=1)")
        pytest.skip(f"{CHROMIUM} not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Tab:
    """A laptop-sized page that may only reach the test server; page errors are collected."""

    def __init__(self, browser: Any, capsys: pytest.CaptureFixture[str], name: str) -> None:
        self.page = browser.new_page(viewport={"width": 1366, "height": 768})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.name, self.capsys = name, capsys
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._only_loopback)

    def _only_loopback(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname in ("127.0.0.1", "localhost") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, url: str) -> Any:
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready='1']", timeout=20000)
        return self.page

    def js(self, expr: str, arg: Any = None) -> Any:
        return self.page.evaluate(expr, arg)

    def click_element(self, ident: str) -> None:
        """A real mouse click where Cytoscape draws node or edge ``ident``."""
        x, y = self.js("""id => { const el = cy.getElementById(id);
            const p = el.isNode() ? el.renderedPosition() : el.renderedMidpoint();
            const r = document.getElementById('cy').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""",
                       ident)
        self.page.mouse.click(x, y)

    def shot(self) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"explore-{self.name}.png"
        self.page.screenshot(path=str(path))
        with self.capsys.disabled():
            print(f"\n  screenshot: {path}")
        return path

    def close(self) -> None:
        assert not self.errors, self.errors
        assert self.outside == [], f"the page tried to reach other hosts: {self.outside}"
        self.page.close()


@pytest.fixture
def tab(browser: Any, capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest) -> Iterator[Tab]:
    t = Tab(browser, capsys, request.node.name.removeprefix("test_"))
    yield t
    t.shot()
    t.close()


def node_ids(t: Tab) -> set[str]:
    return set(t.js("cy.nodes().map(n => n.id())"))


def test_explorer_loads(tab: Tab, server: Server) -> None:
    page = tab.open(server.url + "/explore")
    assert page.locator("#legend li").count() == 14  # 13 entity types and Other
    assert page.locator("#export-buttons button").count() == 10
    assert page.evaluate("typeof cytoscape === 'function' && !!window.cytoscapeFcose")
    assert page.evaluate("document.activeElement.id") == "search"


def test_search_for_xai_finds_it(tab: Tab, server: Server) -> None:
    page = tab.open(server.url + "/explore")
    page.keyboard.type("xAI")
    option = page.locator("#search-list [role=option]").first
    option.wait_for()
    assert option.inner_text().startswith("xAI")
    assert page.get_attribute("#search", "aria-expanded") == "true"
    page.keyboard.press("Enter")
    page.wait_for_function(f"window.cy && cy.getElementById('{XAI}').nonempty() && "
                           "document.body.dataset.ready === '1'")
    assert f"entity={quote(XAI, safe='')}" in page.url or f"entity={XAI}" in page.url
    assert "xAI" in page.inner_text("#details h2")


def test_expanding_shows_tesla(tab: Tab, server: Server) -> None:
    page = tab.open(server.url + f"/explore?entity={GROK}&depth=1")
    assert XAI in node_ids(tab) and TESLA not in node_ids(tab)
    tab.click_element(XAI)
    page.wait_for_selector("#act-expand")
    page.click("#act-expand")
    page.wait_for_function(f"cy.getElementById('{TESLA}').nonempty()")
    assert tab.js(f"cy.getElementById('{TESLA}').data('label')") == "Tesla"
    assert "expand=" in page.url


def test_clicking_the_tesla_xai_edge_shows_its_sentence(tab: Tab, server: Server) -> None:
    page = tab.open(server.url + f"/explore?entity={XAI}&depth=1")
    assert tab.js(f"[cy.getElementById('{H100_FACT}').source().id(), cy.getElementById('{H100_FACT}').target().id()]") \
        == [TESLA, XAI]
    tab.click_element(H100_FACT)
    page.wait_for_selector("#evidence mark")
    marked = page.inner_text("#evidence mark")
    assert "12 000 GPU H100" in marked
    paragraph = page.inner_text("#evidence .paragraph")
    assert len(paragraph) > len(marked) + 50  # the sentence inside its paragraph
    assert "Memphis" in page.inner_text("#evidence .headline")
    details = page.inner_text("#details")
    assert "reported" in details and "CNBC" in details


def test_path_finder_highlights_tesla_to_xai(tab: Tab, server: Server) -> None:
    page = tab.open(server.url + f"/explore?entity={GROK}&depth=1")
    for box, text in (("#path-from", "Tesla"), ("#path-to", "xAI")):
        page.click(box)
        page.keyboard.type(text)
        page.locator(f"{box}-list [role=option]").first.wait_for()
        page.keyboard.press("Enter")
    page.click("#path-go")
    page.wait_for_selector("#paths li.active")
    lit = set(tab.js("cy.$('.highlight').map(e => e.id())"))
    assert {TESLA, XAI} <= lit
    edges = tab.js("cy.edges('.highlight').map(e => [e.source().id(), e.target().id()])")
    assert edges and all(set(e) == {TESLA, XAI} for e in edges)
    chain = page.inner_text("#paths li.active")
    assert "Tesla" in chain and "[xai-memphis.fr" in chain  # the cited sentence
    assert tab.js("cy.$('.faded').length") > 0 and "path=" in page.url


def test_url_reopens_the_same_view(tab: Tab, browser: Any, server: Server) -> None:
    page = tab.open(server.url + f"/explore?entity={GROK}&depth=1")
    tab.click_element(XAI)
    page.click("#act-expand")
    page.wait_for_function(f"cy.getElementById('{TESLA}').nonempty()")
    page.click(f"#details button[data-edge='{H100_FACT}']")  # xAI's panel lists its facts in view
    page.wait_for_selector("#evidence mark")
    page.select_option("#layout", "concentric")
    before = (node_ids(tab), tab.js("cy.edges().length"), page.inner_text("#evidence mark"))
    link = page.url
    other = Tab(browser, tab.capsys, "url-reopened")
    try:
        again = other.open(link)
        again.wait_for_selector("#evidence mark")
        assert (node_ids(other), other.js("cy.edges().length"), again.inner_text("#evidence mark")) == before
        assert again.input_value("#layout") == "concentric"
        other.shot()
    finally:
        other.close()


def test_exported_html_draws_offline(tab: Tab, server: Server, tmp_path: Path) -> None:
    r = httpx.get(server.url + "/api/export", params={"format": "html", "seeds": XAI, "depth": 1})
    assert r.status_code == 200
    page_file = tmp_path / "xai.html"
    page_file.write_bytes(r.content)
    tab.page.unroute("**/*")
    blocked: list[str] = []

    def no_network(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    tab.page.route("**/*", no_network)
    page = tab.open(page_file.as_uri())
    assert tab.js("cy.nodes().length") == int(r.headers["x-export-nodes"])
    assert tab.js("cy.edges().length") == int(r.headers["x-export-edges"])
    tab.click_element(H100_FACT)
    assert "12 000 GPU H100" in page.inner_text("#evidence")
    assert blocked == []  # nothing was even attempted


def test_exported_cytoscape_json_loads_in_cytoscape(tab: Tab, server: Server) -> None:
    tab.open(server.url + "/explore")
    doc = httpx.get(server.url + "/api/export", params={"format": "cytoscape", "seeds": XAI}).json()
    counts = tab.js("""doc => {
        const box = document.createElement('div'); box.style.cssText = 'position:fixed;inset:60px 360px 40px 260px;background:#fff';
        document.body.appendChild(box);
        const other = cytoscape({container: box, elements: doc.elements, layout: {name: 'preset'},
                                 style: [{selector: 'node', style: {'background-color': 'data(color)', label: 'data(name)'}}]});
        const tesla = other.getElementById('organization/tesla');
        return [other.nodes().length, other.edges().length, tesla.data('color'), tesla.position('x')];
    }""", doc)
    assert counts[:2] == [len(doc["elements"]["nodes"]), len(doc["elements"]["edges"])]
    tesla = next(n for n in doc["elements"]["nodes"] if n["data"]["id"] == TESLA)
    assert counts[2:] == [tesla["data"]["color"], tesla["position"]["x"]]


def test_exported_mermaid_renders(tab: Tab, server: Server) -> None:
    page = tab.open(server.url + "/explore")
    r = httpx.get(server.url + "/api/export", params={"format": "mermaid", "seeds": XAI})
    assert r.status_code == 200
    page.add_script_tag(url="/static/mermaid/mermaid.min.js")
    drawn = tab.js("""async ([text, limits]) => {
        mermaid.initialize({startOnLoad: false, securityLevel: 'strict', ...limits});
        await mermaid.parse(text);
        const {svg} = await mermaid.render('exported', text);
        const box = document.createElement('div'); box.id = 'mermaid-box';
        box.style.cssText = 'position:fixed;inset:50px 10px 30px 260px;background:#fff;z-index:50;overflow:auto';
        box.innerHTML = svg; document.body.appendChild(box);
        const root = box.querySelector('svg'); root.style.width = '100%'; root.style.height = '100%';
        return [root.querySelectorAll('g.node').length, root.textContent.includes('Tesla')];
    }""", [r.text, RENDER_CONFIG])
    assert drawn == [int(r.headers["x-export-nodes"]), True]


def test_parallel_edges_patch_agrees_with_cytoscape(tab: Tab, server: Server) -> None:
    """cy-parallel.js finds, for every edge, the same parallel and codirected edges as
    Cytoscape.js's own functions, on a multigraph with a hub, antiparallel edges and loops."""
    tab.open(server.url + "/explore")
    result = tab.js("""() => {
        const lib = window.cytoscapeLibraryParallel;
        const other = cytoscape({headless: true});
        const els = [];
        for (let i = 0; i < 40; i++) { els.push({group: 'nodes', data: {id: 'n' + i}}); }
        let k = 0;
        const edge = (s, t) => els.push({group: 'edges', data: {id: 'e' + (k++), source: 'n' + s, target: 'n' + t}});
        for (let i = 1; i < 40; i++) { edge(0, i); if (i % 3 === 0) { edge(i, 0); edge(0, i); } }
        for (let i = 1; i < 39; i++) { edge(i, i + 1); if (i % 5 === 0) { edge(i, i); } }
        other.add(els);
        const ids = c => c.map(e => e.id()).sort().join(',');
        let same = 0, withParallels = 0;
        other.edges().forEach(e => {
            const mine = [ids(e.parallelEdges()), ids(e.codirectedEdges())];
            const theirs = [ids(lib.parallelEdges.call(e)), ids(lib.codirectedEdges.call(e))];
            if (mine[0] === theirs[0] && mine[1] === theirs[1]) { same++; }
            if (e.parallelEdges().length > 1) { withParallels++; }
        });
        const all = [ids(other.edges().parallelEdges()), ids(lib.parallelEdges.call(other.edges()))];
        return [same, other.edges().length, withParallels, all[0] === all[1],
                cytoscape({headless: true}).collection().parallelEdges !== lib.parallelEdges];
    }""")
    assert result[0] == result[1] and result[2] > 20 and result[3:] == [True, True], result


def test_large_mermaid_needs_and_gets_the_renderer_limits(tab: Tab, server: Server) -> None:
    """A file over Mermaid's 500-edge default: refused under the defaults (as its note says),
    parsed and drawn under the limits the project initialises Mermaid with."""
    nodes = [Node(f"person/p{i}", f"urn:p{i}", f"Person {i}", "Person") for i in range(200)]
    edges = [Edge(f"f{i}", nodes[i % 200].id, nodes[(i * 7 + 1) % 200].id, PredicateRef("urn:k", "knows"),
                  modality="asserted" if i % 2 else "reported") for i in range(520)]
    text = export(Subgraph(1, nodes, edges), "mermaid").decode()
    assert text.startswith("%% newsgraph: 520 edges")
    page = tab.open(server.url + "/explore")
    page.add_script_tag(url="/static/mermaid/mermaid.min.js")
    refused = tab.js("""async text => {
        mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
        try { await mermaid.parse(text); return 'parsed'; } catch (e) { return String(e.message || e); }
    }""", text)
    assert "Edge limit exceeded" in refused and "maxEdges" in refused
    drawn = tab.js("""async ([text, limits]) => {
        mermaid.initialize({startOnLoad: false, securityLevel: 'strict', ...limits});
        await mermaid.parse(text);
        const {svg} = await mermaid.render('large', text);
        const box = document.createElement('div');
        box.style.cssText = 'position:fixed;inset:50px 10px 30px 260px;background:#fff;z-index:50;overflow:auto';
        box.innerHTML = svg; document.body.appendChild(box);
        const root = box.querySelector('svg'); root.style.width = '100%'; root.style.height = '100%';
        return [root.querySelectorAll('g.node').length, root.querySelectorAll('.edgePaths path, path.flowchart-link').length];
    }""", [text, RENDER_CONFIG])
    assert drawn[0] == 200 and drawn[1] >= 520
