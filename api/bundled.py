"""The bundled seed (what ``serve --seed`` loads into an empty store) and the backend line of the CLI.

The article and its curated facts ship inside the package (``api/seed/``), read through
``importlib.resources`` so an installed wheel needs no source tree.
"""

from __future__ import annotations

from pathlib import Path

from graph.errors import SourceNotFound
from graph.store import GraphStore

SEED_PACKAGE = "api"
SEED_DIR = "seed"  # the bundled article and its curated facts ship inside the package (api/seed/)


def backend_line(gs: GraphStore) -> str:
    """``remote store: <layout>`` for a remote store (how its URLs were found), else ``""``."""
    described = getattr(gs, "describe", None)
    if not callable(described):
        return ""
    return f"remote store: {described()['summary']}"


def seed_if_empty(gs: GraphStore) -> int:
    """Load the bundled curated article(s) and the vocabulary (into its own graph, so the labels
    of ``ng:`` terms can be queried) when the store is empty; return quads added."""
    from importlib.resources import as_file, files

    from graph.ingest.load import load_paths
    from ontology.namespaces import ONTOLOGY_FILE, ONTOLOGY_GRAPH

    if not gs.is_empty():
        return 0
    with as_file(files(SEED_PACKAGE) / SEED_DIR) as seed_dir:
        facts = sorted(Path(seed_dir).glob("*.facts.yaml"))
        if not facts:  # a broken install: say so rather than serve the vocabulary alone
            raise SourceNotFound(f"no bundled article in {seed_dir} (the package is incomplete)")
        load_paths(gs, facts)
    gs.load_files([ONTOLOGY_FILE], graph=ONTOLOGY_GRAPH)
    return len(gs)
