"""The package installs anywhere: ``pip install .`` and the wheel of ``make dist``, into fresh venvs,
extract, load and serve from outside the source tree exactly as the checkout does.

How the fresh venvs get their dependencies (a speed trade-off): a fully fresh ``pip install`` of
spaCy, its French model, pyoxigraph and the rest takes minutes, so each venv here is made with
``python -m venv --without-pip`` and given the dependencies already installed in the project's
``.venv``: a ``newsgraph-deps.pth`` file holds one path line to a folder of symlinks to that
site-packages' entries, minus everything of newsgraph itself (its dist-info and the editable
install's finder and ``.pth``). A path line only puts the folder on ``sys.path``; ``.pth`` files in
it are not processed, so the checkout is not importable in the fresh venv (asserted before the
install). newsgraph itself is then installed non-editably, ``--no-deps --no-index`` (pip and, for
``pip install .``, setuptools with ``--no-build-isolation`` come from that folder too), so what is
under test is exactly what the package ships: its modules, data files and npm assets. Not tested
here: resolving the dependency list from an index (``make install`` does that for every test).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app, seed_if_empty
from graph.store import open_store
from tests.conftest import ROOT, start_server, stop_server

PACKAGES = ("graph", "loaders", "api", "ontology")
ARTICLE = ROOT / "tests" / "data" / "articles" / "vaucanson-calcul.fr.txt"
YASGUI_JS = ROOT / "web" / "node_modules" / "@zazuko" / "yasgui" / "build" / "yasgui.min.js"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
# what a wheel must carry besides the tracked package files (named in the issue)
NAMED = ("loaders/extract/gazetteer.yaml", "loaders/extract/rules/relations.yaml",
         "api/seed/xai-memphis.fr.txt", "api/seed/xai-memphis.fr.facts.yaml",
         "ontology/newsgraph.ttl", "api/vendor/yasgui/yasgui.min.js")


@dataclass(frozen=True)
class Venv:
    """A fresh virtual environment with newsgraph installed in it."""

    root: Path
    site: Path

    @property
    def python(self) -> str:
        return str(self.root / "bin" / "python")

    @property
    def newsgraph(self) -> str:
        return str(self.root / "bin" / "newsgraph")


def _env() -> dict[str, str]:
    """The environment a new user has: no PYTHONPATH, no venv activated, no newsgraph settings."""
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    return {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("NEWSGRAPH_")}


def _run(argv: list[str], cwd: Path) -> str:
    proc = subprocess.run(argv, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{argv}: {proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def deps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Symlinks to the project .venv's installed distributions, newsgraph's own excluded."""
    site = Path(sysconfig.get_paths()["purelib"])
    out = tmp_path_factory.mktemp("deps")
    for entry in site.iterdir():
        name = entry.name.lower()
        if "newsgraph" in name or entry.suffix == ".pth" or entry.name in PACKAGES:
            continue
        (out / entry.name).symlink_to(entry)
    return out


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory outside the source tree, holding a copy of a test article."""
    where = tmp_path_factory.mktemp("elsewhere")
    assert ROOT not in where.parents
    shutil.copy(ARTICLE, where / ARTICLE.name)
    return where


def _fresh_venv(where: Path, deps: Path) -> Venv:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    site = Path(_run([str(where / "bin" / "python"), "-c", "import site; print(site.getsitepackages()[0])"],
                     where).strip())
    (site / "newsgraph-deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    probe = ("import importlib.util as u; import spacy, pyoxigraph; "
             f"print([m for m in {PACKAGES!r} if u.find_spec(m)])")
    assert _run([str(where / "bin" / "python"), "-c", probe], where).strip() == "[]"  # checkout unreachable
    return Venv(where, site)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make dist`` into a temporary folder (with .venv's setuptools, no fresh build env)."""
    out = tmp_path_factory.mktemp("dist")
    _run(["make", "-s", "dist", f"DIST={out}", "BUILD_FLAGS=--no-isolation"], ROOT)
    return out


@pytest.fixture(scope="module", params=["pip install .", "wheel from make dist"])
def installed(request: pytest.FixtureRequest, deps: Path, dist: Path,
              tmp_path_factory: pytest.TempPathFactory) -> Venv:
    venv = _fresh_venv(tmp_path_factory.mktemp("venv") / "v", deps)
    pip = [venv.python, "-m", "pip", "install", "-q", "--no-deps", "--no-index"]
    if request.param == "pip install .":
        _run([*pip, "--no-build-isolation", str(ROOT)], venv.root)
    else:
        _run([*pip, str(next(dist.glob("newsgraph-*.whl")))], venv.root)
    return venv


@dataclass(frozen=True)
class Reference:
    """What the checkout's own newsgraph does with the same inputs."""

    extracted: str
    loaded_stats: str
    seed_graphs: dict[str, int]
    seed_quads: int


def _checkout(*args: str) -> str:
    """The checkout's own command line, run in this process (one spaCy load for all of them)."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result.stdout


@pytest.fixture(scope="module")
def reference(elsewhere: Path, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    work = tmp_path_factory.mktemp("reference")
    article = str(elsewhere / ARTICLE.name)
    extracted = _checkout("extract", article)
    _checkout("load", article, "--store", str(work / "loaded"))
    stats = _checkout("stats", "--store", str(work / "loaded"))
    gs = open_store(work / "seeded")
    try:
        seed_if_empty(gs)
        rows = [r.values for r in gs.select(PER_GRAPH)]
        graphs = {str(g).strip("<>"): int(str(n).split('"')[1]) for g, n in rows}  # N-Triples terms
        quads = len(gs)
    finally:
        gs.close()
    return Reference(extracted, stats, graphs, quads)


def test_the_packages_resolve_inside_the_venv(installed: Venv, elsewhere: Path) -> None:
    code = f"import json, {', '.join(PACKAGES)}; print(json.dumps({{m: sys.modules[m].__file__ for m in {PACKAGES!r}}}))"
    files = json.loads(_run([installed.python, "-c", "import sys; " + code], elsewhere))
    for name, file in files.items():
        path = Path(file).resolve()
        assert installed.site.resolve() in path.parents, (name, file)
        assert ROOT not in path.parents, (name, file)


def test_extract_and_load_match_the_checkout(installed: Venv, elsewhere: Path, reference: Reference,
                                             tmp_path: Path) -> None:
    article = str(elsewhere / ARTICLE.name)
    extracted = _run([installed.newsgraph, "extract", article], elsewhere)
    assert extracted.count("\n") >= 10 and extracted == reference.extracted
    out = _run([installed.newsgraph, "load", article, "--store", str(tmp_path / "store")], elsewhere)
    assert "quads" in out  # "wrote N quads; the store now holds M" since the store merge
    assert _run([installed.newsgraph, "stats", "--store", str(tmp_path / "store")], elsewhere) \
        == reference.loaded_stats


@pytest.fixture(scope="module")
def served(installed: Venv, elsewhere: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The installed ``newsgraph serve --seed`` on an empty store, run from outside the checkout."""
    srv = start_server(tmp_path_factory.mktemp("served") / "store", args=("--seed",),
                       newsgraph=installed.newsgraph, cwd=elsewhere, env={"PYTHONPATH": ""})
    try:
        yield srv.url
    finally:
        stop_server(srv)


def test_serve_seed_loads_what_the_checkout_loads(served: str, reference: Reference) -> None:
    r = httpx.post(served + "/sparql", data={"query": PER_GRAPH},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    graphs = {b["g"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}
    assert graphs == reference.seed_graphs
    assert sum(graphs.values()) == reference.seed_quads > 1500


def test_the_query_ui_and_its_npm_assets_are_served(served: str) -> None:
    page = httpx.get(served + "/sparql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "/static/yasgui/yasgui.min.js" in page.text
    js = httpx.get(served + "/static/yasgui/yasgui.min.js")
    assert js.status_code == 200 and js.content == YASGUI_JS.read_bytes()
    for asset in ("sparql.js", "sparql.css", "examples.js"):
        assert httpx.get(f"{served}/static/{asset}").status_code == 200, asset


def _tracked_package_files() -> set[str]:
    """Every file git tracks under the four packages (what the package reads at run time)."""
    out = subprocess.run(["git", "ls-files", "-z", *PACKAGES], cwd=ROOT, capture_output=True, check=True)
    return {p for p in out.stdout.decode().split("\0") if p}


def test_make_dist_builds_an_sdist_and_a_wheel_with_every_file(dist: Path) -> None:
    wheel, = dist.glob("newsgraph-*.whl")
    sdist, = dist.glob("newsgraph-*.tar.gz")
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    with tarfile.open(sdist) as tar:
        prefix = sdist.name.removesuffix(".tar.gz") + "/"
        in_sdist = {n.removeprefix(prefix) for n in tar.getnames()}
    tracked = _tracked_package_files()
    assert len(tracked) > 50
    assert tracked <= in_wheel, sorted(tracked - in_wheel)
    assert tracked <= in_sdist, sorted(tracked - in_sdist)
    for name in NAMED:
        assert name in in_wheel and name in in_sdist, name
    assert not [n for n in in_wheel if n.startswith(("tests/", "data/", "web/"))]
