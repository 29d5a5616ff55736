"""The W3C SPARQL 1.1 Protocol manifest (34 tests) against a real ``newsgraph serve``, on
each store backend."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest

from tests.conftest import Server, served_empty
from tests.w3c_runner import W3CTest, protocol_tests, run_test

TESTS = protocol_tests()


@pytest.fixture(scope="module")
def empty_server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``newsgraph serve`` over an empty store: embedded, or in front of ``oxigraph serve``."""
    with served_empty(tmp_path_factory.mktemp(f"w3c-protocol-{backend}"), backend) as srv:
        yield srv


def test_manifest_has_all_34_tests() -> None:
    assert len(TESTS) == 34
    assert len({t.id for t in TESTS}) == 34


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_protocol(empty_server: Server, test: W3CTest) -> None:
    run_test(test, empty_server.url, empty_server.token)


def test_runner_detects_a_wrong_answer(empty_server: Server) -> None:
    """The runner is not vacuous: the same request with the opposite expected boolean fails."""
    test = next(t for t in TESTS if t.id == "query_post_direct")
    wrong = copy.deepcopy(test)
    wrong.requests[0].expected.boolean = False
    with pytest.raises(AssertionError, match="expected boolean False"):
        run_test(wrong, empty_server.url, empty_server.token)
    status = copy.deepcopy(test)
    status.requests[0].expected.statuses = ["StatusCode4xx"]
    with pytest.raises(AssertionError, match="status 200"):
        run_test(status, empty_server.url, empty_server.token)
