"""Build hooks that copy the pages' npm assets into the package; everything else is in pyproject.toml.

The front-end libraries come from npm (``web/package.json``) and are never checked in. So that an
installed ``newsgraph`` serves its pages offline without the source tree, the files listed in
:data:`NPM_ASSETS` are copied from ``web/node_modules`` into ``api/vendor/<name>/`` (served at
``/static/<name>/``) whenever the package is built:

- ``build_py`` (every wheel, ``pip install .``) copies them into the build directory;
- ``sdist`` copies them into the source tree's ``api/vendor/`` first, so the sdist carries them and a
  wheel built from it needs neither ``web/`` nor npm;
- ``python setup.py vendor_assets`` (run by ``make install``) refreshes ``api/vendor/`` in the
  checkout, which an editable install serves from.

When ``web/node_modules`` is missing, ``npm install`` is run in ``web/`` once; when that is not
possible and no copy exists, the build fails (a package with a blank query page is not shipped).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from setuptools import Command, setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
WEB = HERE / "web"
VENDOR = Path("api") / "vendor"


@dataclass(frozen=True)
class NpmAsset:
    """Files of one npm package served by the pages."""

    name: str  #: folder under ``api/vendor/`` and URL under ``/static/``
    source: str  #: folder under ``web/node_modules``
    files: tuple[str, ...]  #: glob patterns, relative to ``source``


#: The one list of shipped npm assets: adding a library to a page is one line here (and its
#: ``web/package.json`` entry); it is then served at ``/static/<name>/<file>``.
NPM_ASSETS: tuple[NpmAsset, ...] = (
    NpmAsset("yasgui", "@zazuko/yasgui/build", ("yasgui.min.js", "yasgui.min.css")),
    NpmAsset("cytoscape", "cytoscape/dist", ("cytoscape.min.js",)),
    NpmAsset("layout-base", "layout-base", ("layout-base.js", "LICENSE")),
    NpmAsset("cose-base", "cose-base", ("cose-base.js", "LICENSE")),
    NpmAsset("cytoscape-fcose", "cytoscape-fcose", ("cytoscape-fcose.js", "LICENSE")),
    NpmAsset("mermaid", "mermaid/dist", ("mermaid.min.js",)),
)


def _npm_install() -> None:
    if not (WEB / "package.json").is_file() or shutil.which("npm") is None:
        return
    print("web/node_modules missing: running npm install in web/")
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=WEB, check=True)


def _sources(asset: NpmAsset) -> list[Path]:
    root = WEB / "node_modules" / asset.source
    return sorted({p for pattern in asset.files for p in root.glob(pattern) if p.is_file()})


def copy_npm_assets(dest: Path) -> None:
    """Copy every :data:`NPM_ASSETS` entry into ``dest/<name>/``, removing files no longer listed."""
    if any(not _sources(a) for a in NPM_ASSETS):
        _npm_install()
    for asset in NPM_ASSETS:
        files = _sources(asset)
        target = dest / asset.name
        shipped = HERE / VENDOR / asset.name
        if not files:
            if shipped.is_dir() and any(shipped.iterdir()):  # building from an sdist: already copied
                if target.resolve() != shipped.resolve():
                    shutil.copytree(shipped, target, dirs_exist_ok=True)
                continue
            raise SystemExit(f"npm asset {asset.name!r} not found in web/node_modules/{asset.source} "
                             "(run `npm install` in web/, or `make install`)")
        root = WEB / "node_modules" / asset.source
        wanted = {target / f.relative_to(root): f for f in files}
        for out, f in wanted.items():  # overwrite in place: a server on the checkout never sees a gap
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, out)
        for stale in [p for p in target.rglob("*") if p.is_file() and p not in wanted]:
            stale.unlink()


class BuildPy(build_py):
    """``build_py`` that also puts the npm assets into the built package (not in editable mode)."""

    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            copy_npm_assets(Path(self.build_lib) / VENDOR)


class Sdist(sdist):
    """``sdist`` that refreshes ``api/vendor/`` first, so the archive carries the npm assets."""

    def run(self) -> None:
        copy_npm_assets(HERE / VENDOR)
        super().run()


class VendorAssets(Command):
    """``python setup.py vendor_assets``: refresh ``api/vendor/`` in the checkout."""

    description = "copy the pages' npm assets from web/node_modules into api/vendor/"
    user_options: ClassVar[list[tuple[str, str | None, str]]] = []

    def initialize_options(self) -> None:
        pass

    def finalize_options(self) -> None:
        pass

    def run(self) -> None:
        copy_npm_assets(HERE / VENDOR)


setup(cmdclass={"build_py": BuildPy, "sdist": Sdist, "vendor_assets": VendorAssets})
