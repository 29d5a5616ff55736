"""The W3C SPARQL 1.1 Graph Store HTTP Protocol manifests (direct and indirect identification,
POST graph creation) against a real ``newsgraph serve``, on
each store backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import Server, served_empty
from tests.w3c_runner import W3CTest, graph_store_tests, run_test

TESTS = graph_store_tests()


@pytest.fixture(scope="module")
def empty_server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``newsgraph serve`` over an empty store: embedded, or in front of ``oxigraph serve``."""
    with served_empty(tmp_path_factory.mktemp(f"w3c-gsp-{backend}"), backend) as srv:
        yield srv


def test_manifest_covers_every_feature() -> None:
    assert len(TESTS) == 14  # 13 listed + head_non_existing_direct, defined but unlisted
    needs = {r for t in TESTS for r in t.requires}
    assert {"DirectGraphIdentification", "IndirectGraphIdentification", "POSTGraphCreation"} <= needs


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_graph_store(empty_server: Server, test: W3CTest) -> None:
    run_test(test, empty_server.url, empty_server.token)
