"""The ``newsgraph`` command, driven as a subprocess against real on-disk stores."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import NEWSGRAPH, SEED_FACTS, Recorder


def ng(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSGRAPH, *args], capture_output=True, text=True, input=stdin, timeout=120)


@pytest.fixture
def store(seeded_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(seeded_dir, target)
    return target


def count(store: Path) -> int:
    out = ng("stats", "--store", str(store), "--json")
    assert out.returncode == 0, out.stderr
    return int(json.loads(out.stdout)["quads"])


def test_load_prints_what_was_added(tmp_path: Path) -> None:
    out = ng("load", "--store", str(tmp_path / "s"), str(SEED_FACTS))
    assert out.returncode == 0, out.stderr
    assert "facts (curated)" in out.stdout and "wrote" in out.stdout
    assert count(tmp_path / "s") > 1000


def test_reloading_an_article_replaces_its_graph(store: Path) -> None:
    before = count(store)
    out = ng("load", "--store", str(store), str(SEED_FACTS))
    assert out.returncode == 0, out.stderr
    assert count(store) == before


@pytest.mark.parametrize("fmt,check", [
    ("json", lambda s: json.loads(s)["results"]["bindings"][0]["n"]["value"] == "76"),
    ("csv", lambda s: list(csv.reader(io.StringIO(s)))[1] == ["76"]),
    ("tsv", lambda s: s.splitlines() == ["?n", "76"]),
    ("table", lambda s: "76" in s),
])
def test_query_formats(store: Path, fmt: str, check: object) -> None:
    out = ng("query", "--store", str(store), "-f", fmt, "SELECT (COUNT(?f) AS ?n) WHERE { ?f a ng:Fact }")
    assert out.returncode == 0, out.stderr
    assert check(out.stdout)  # type: ignore[operator]


def test_query_from_file_and_stdin(store: Path, tmp_path: Path) -> None:
    q = tmp_path / "q.rq"
    q.write_text("ASK { ?x rdfs:label 'Frontier' }")
    assert json.loads(ng("query", "--store", str(store), "-f", "json", f"@{q}").stdout)["boolean"] is True
    out = ng("query", "--store", str(store), "-f", "json", stdin="ASK { ?x rdfs:label 'Nowhere' }")
    assert json.loads(out.stdout)["boolean"] is False


def test_query_syntax_error_has_position(store: Path) -> None:
    out = ng("query", "--store", str(store), "SELECT ?x WHERE { ?x ?y }")
    assert out.returncode == 1
    assert "1:" in out.stderr and "error" in out.stderr


def test_malformed_turtle_reports_file_line_column(store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix e: <http://e/> .\ne:a e:b e:c .\ne:a e:b \"unterminated .\n")
    before = count(store)
    out = ng("load", "--store", str(store), str(bad))
    assert out.returncode == 1
    assert f"{bad}:3:" in out.stderr
    assert count(store) == before


def test_malformed_ntriples_reports_line_and_column(store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> <c> .\n")
    before = count(store)
    out = ng("load", "--store", str(store), str(bad))
    assert out.returncode == 1
    assert f"{bad}:2:" in out.stderr
    assert count(store) == before


def test_fact_file_failing_shacl_names_fact_and_constraint(store: Path, tmp_path: Path) -> None:
    text = SEED_FACTS.read_text(encoding="utf-8")
    bad = tmp_path / "bad.facts.yaml"
    (tmp_path / "xai-memphis.fr.txt").write_text(
        (SEED_FACTS.parent / "xai-memphis.fr.txt").read_text(encoding="utf-8"), encoding="utf-8")
    bad.write_text(text.replace("currency: USD", "currency: dollars", 1), encoding="utf-8")
    before = count(store)
    out = ng("load", "--store", str(store), str(bad))
    assert out.returncode == 1, out.stdout
    assert "currency" in out.stderr and "SHACL" in out.stderr
    assert "F34" in out.stderr or "f34" in out.stderr
    assert count(store) == before


def test_fact_file_yaml_error_has_line_and_column(store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("facts:\n  - id: F1\n    subject: [unclosed\n")
    out = ng("load", "--store", str(store), str(bad))
    assert out.returncode == 1
    assert f"{bad}:" in out.stderr


def test_unknown_extension_and_missing_file(store: Path, tmp_path: Path) -> None:
    before = count(store)
    weird = tmp_path / "data.xlsx"
    weird.write_bytes(b"PK\x03\x04")
    out = ng("load", "--store", str(store), str(weird))
    assert out.returncode == 1 and "unknown extension" in out.stderr
    out = ng("load", "--store", str(store), str(tmp_path / "nope.ttl"))
    assert out.returncode == 1 and "no such file" in out.stderr
    assert count(store) == before


def test_one_bad_file_among_good_ones_loads_nothing(store: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.nt"
    good.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://e/a> <http://e/b> .\n")
    before = count(store)
    out = ng("load", "--store", str(store), str(good), str(SEED_FACTS), str(bad))
    assert out.returncode == 1
    assert count(store) == before


def test_dump_restore_and_validate(store: Path, tmp_path: Path) -> None:
    dump = tmp_path / "all.nq"
    out = ng("dump", "--store", str(store), str(dump))
    assert out.returncode == 0 and dump.stat().st_size > 10_000
    fresh = tmp_path / "fresh"
    out = ng("restore", "--store", str(fresh), str(dump))
    assert out.returncode == 0, out.stderr
    assert count(fresh) == count(store)
    out = ng("validate", "--store", str(fresh))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "conform" in out.stdout


def test_large_load_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import os
    import pty

    big = tmp_path / "big.nt"
    with big.open("w") as f:
        for i in range(30_000):
            f.write(f"<http://e/s{i}> <http://e/label> \"entity number {i} with some text\" .\n")
    assert big.stat().st_size > 1_000_000
    master, slave = pty.openpty()
    proc = subprocess.Popen([NEWSGRAPH, "load", "--store", str(tmp_path / "s"), str(big)],
                            stdout=subprocess.PIPE, stderr=slave, text=True)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    out, _ = proc.communicate(timeout=120)
    os.close(master)
    assert proc.returncode == 0 and "the store now holds 30000" in out
    assert b"loading" in seen and b"MB" in seen


def test_seeding_loads_the_article_and_the_vocabulary_once(tmp_path: Path) -> None:
    from api.cli import seed_if_empty
    from graph.store import open_store

    gs = open_store(tmp_path / "s")
    try:
        assert seed_if_empty(gs) > 1500
        labels = gs.select("SELECT ?l WHERE { ng:Pending skos:prefLabel|rdfs:label ?l FILTER(lang(?l) = 'en') }")
        assert len(labels) and "ending" in str(labels.column("l")[0])
        assert gs.count("SELECT (COUNT(*) AS ?n) WHERE { ?f a ng:Fact }") == 76
        assert seed_if_empty(gs) == 0
    finally:
        gs.close()


def test_query_service_to_a_host_not_allowed_is_refused(tmp_path: Path, loopback: Recorder) -> None:
    out = ng("query", "--store", str(tmp_path / "s"),
             f"SELECT * {{ SERVICE <http://127.0.0.1:{loopback.server_port}/sparql> {{ ?s ?p ?o }} }}")
    assert out.returncode == 1 and "not an allowed host" in out.stderr
    assert loopback.hits == []
