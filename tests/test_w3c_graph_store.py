"""The W3C SPARQL 1.1 Graph Store HTTP Protocol manifests (direct and indirect identification,
POST graph creation) against a real ``newsgraph serve``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Server, start_server, stop_server
from tests.w3c_runner import W3CTest, graph_store_tests, run_test

TESTS = graph_store_tests()


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start_server(Path(tmp_path_factory.mktemp("w3c-gsp")) / "store")
    yield srv
    stop_server(srv)


def test_manifest_covers_every_feature() -> None:
    assert len(TESTS) == 14  # 13 listed + head_non_existing_direct, defined but unlisted
    needs = {r for t in TESTS for r in t.requires}
    assert {"DirectGraphIdentification", "IndirectGraphIdentification", "POSTGraphCreation"} <= needs


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_graph_store(empty_server: Server, test: W3CTest) -> None:
    run_test(test, empty_server.url, empty_server.token)
