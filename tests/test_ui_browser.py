"""The query page in real headless Chromium: type a query into YASGUI, run it, see the rows.

Skipped when ``/usr/bin/chromium`` is missing, unless ``NEWSGRAPH_REQUIRE_BROWSER=1`` (CI), then it fails.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import Server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
QUERY = """PREFIX ng: <https://w3id.org/newsgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?system ?rank WHERE {
?e a ng:RankingEntry ; rdf:subject/rdfs:label ?system ; rdf:object/rdfs:label "TOP500" ; ng:rank ?rank
} ORDER BY ?rank"""


@pytest.fixture(scope="module")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("NEWSGRAPH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is required (NEWSGRAPH_REQUIRE_BROWSER=1)")
        pytest.skip(f"{CHROMIUM} not installed")
    return CHROMIUM


def test_type_a_query_run_it_and_see_rows(server: Server, chromium_path: Path) -> None:
    from playwright.sync_api import Route, sync_playwright

    outside: list[str] = []

    def offline(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_path), args=ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", offline)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server.sparql, wait_until="load")
            page.wait_for_selector(".CodeMirror", timeout=15000)
            examples = page.locator("#examples button")
            assert examples.count() >= 4
            page.click(".CodeMirror")
            page.keyboard.press("Control+A")
            page.keyboard.press("Delete")
            page.keyboard.type(QUERY)
            typed = page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
            assert "RankingEntry" in typed
            page.click(".yasqe_queryButton")
            rows = page.locator(".yasr table tbody tr")
            rows.first.wait_for(timeout=15000)
            texts = rows.all_inner_texts()
            expected = httpx.post(server.sparql, data={"query": QUERY}).json()["results"]["bindings"]
            assert len(expected) >= 2 and len(texts) == len(expected)
            for shown, want in zip(texts, expected, strict=True):  # same rows, same order
                assert want["system"]["value"] in shown and want["rank"]["value"] in shown
            assert not errors, errors
            assert outside == [], f"the page tried to reach other hosts: {outside}"
        finally:
            browser.close()
