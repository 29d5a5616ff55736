"""``newsgraph search | entity | neighbors | path | rank`` over a copy of the seed store: tables by
default, the routes' JSON with ``--format json``, errors as one line and exit status 1."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from tests.conftest import NEWSGRAPH

runner = CliRunner()


@pytest.fixture
def store(seeded_dir: Path, tmp_path: Path) -> str:
    """A private copy of the seeded store directory, not held open (each command opens it)."""
    target = tmp_path / "store"
    shutil.copytree(seeded_dir, target)
    return str(target)


def run(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.output


def test_search_table_and_json(store: str) -> None:
    code, text = run("search", "Nvidai", "--store", store)
    assert code == 0 and "organization/nvidia" in text and "fuzzy" in text
    code, text = run("search", "MÉMPHIS", "--store", store, "--format", "json", "--limit", "2")
    data = json.loads(text)
    assert data["results"][0]["node"]["label"] == "Memphis" and data["total"] >= 4 and len(data["results"]) == 2
    code, text = run("search", "Twitter", "--type", "Organization", "--store", store, "-f", "json")
    assert json.loads(text)["results"][0]["node"]["id"] == "organization/x"


def test_entity(store: str) -> None:
    code, text = run("entity", "organization/tesla", "--store", store)
    assert code == 0 and "Tesla" in text and "[xai-memphis.fr, 3953-4073]" in text and "per CNBC" in text
    code, text = run("entity", "organization/tesla", "--store", store, "-f", "json")
    assert json.loads(text)["same_as"] == ["http://www.wikidata.org/entity/Q478214"]


def test_neighbors(store: str) -> None:
    code, text = run("neighbors", "organization/xai", "--depth", "2", "--store", store, "-f", "json")
    labels = {n["label"] for n in json.loads(text)["nodes"]}
    assert code == 0 and {"Tesla", "Oracle", "Grok", "X"} <= labels
    code, text = run("neighbors", "organization/xai", "--types", "Organization", "--direction", "in",
                     "--store", store)
    assert code == 0 and "organization/tesla" in text and "aimodel/grok" not in text


def test_path(store: str) -> None:
    code, text = run("path", "organization/tesla", "organization/xai", "--k", "1", "--store", store)
    assert code == 0 and "12,000 Nvidia H100" in text and "(reported, per CNBC)" in text
    code, text = run("path", "organization/tesla", "organization/xai", "--direction", "in",
                     "--max-length", "1", "--store", store, "-f", "json")
    data = json.loads(text)
    assert data["paths"] == [] and "no path" in data["reason"]


def test_rank(store: str) -> None:
    code, text = run("rank", "pagerank", "--top", "10", "--store", store, "-f", "json")
    top = [r["node"]["label"] for r in json.loads(text)["results"]]
    assert code == 0 and {"Memphis", "Tennessee", "xAI"} <= set(top)
    code, text = run("rank", "degree", "--top", "1", "--store", store)
    assert code == 0 and "xAI" in text


def test_errors_are_one_line_and_status_1(store: str, tmp_path: Path) -> None:
    for args, needle in ((["neighbors", "organization/xai", "--depth", "9"], "depth: must be between 1 and 6"),
                         (["entity", "organization/nobody"], "no entity 'organization/nobody'"),
                         (["search", "x", "--format", "xml"], "--format: must be table or json"),
                         (["rank", "magic"], "name: must be one of")):
        proc = subprocess.run([NEWSGRAPH, *args, "--store", store], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1, (args, proc.stderr)
        assert needle in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
