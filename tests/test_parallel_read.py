"""Reading many graphs of an on-disk store on worker processes (``map_graphs``): the same answer as
in process, in the same order, from one state of the store, and nothing left on disk."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from graph.projection import Projection
from graph.projection.reader import read_part
from graph.store import GraphStore, open_store
from graph.store.oxigraph import parallel
from graph.store.oxigraph.snapshots import SNAP_PREFIX
from ontology.namespaces import ID, RDFS

EXTRA = parallel.MIN_GRAPHS + 40


def where_read(graph: str, quads: Iterable[Quad]) -> tuple[int, int]:
    """Module level, so a spawned worker can unpickle it: the reading process and the count."""
    return os.getpid(), sum(1 for _ in quads)


def _many_graphs(gs: GraphStore) -> None:
    """Enough small article-like graphs beside the seed's for the parallel path."""
    rows = []
    for i in range(EXTRA):
        g = NamedNode(f"{ID}graph/extra-{i}")
        a, b = NamedNode(f"{ID}organization/extra-{i}"), NamedNode(f"{ID}organization/extra-{i + 1}")
        rows += [Quad(a, NamedNode(RDFS + "label"), Literal(f"Extra {i}"), g),
                 Quad(a, NamedNode("http://example.org/owns"), b, g)]
    gs.add_quads(rows)


def test_parallel_read_matches_serial_and_cleans_up(store_copy: GraphStore, tmp_path: Path) -> None:
    _many_graphs(store_copy)
    graphs = [*store_copy.named_graphs(), ""]
    assert parallel.worker_count(len(graphs), cpus=2) == 2
    serial = [(g, read_part(g, q)) for g, q in store_copy.graph_quads(graphs)]
    got = list(store_copy.map_graphs(graphs, read_part))
    assert [g for g, _ in got] == graphs  # in the order asked
    assert got == serial
    pids = {pid for _, (pid, _n) in store_copy.map_graphs(graphs, where_read)}
    assert os.getpid() not in pids and len(pids) >= 1  # read by workers, not this process
    parent = tmp_path.resolve()  # store_copy lives in tmp_path / "store"
    assert not [p for p in os.listdir(parent) if p.startswith(f"{SNAP_PREFIX}{os.getpid()}-read-")]


def test_parallel_read_sees_one_state(store_copy: GraphStore) -> None:
    """The checkpoint is taken when reading starts: a write after that is not half seen, and the
    projection built that way catches up with it on the next read."""
    _many_graphs(store_copy)
    graphs = [*store_copy.named_graphs(), ""]
    assert parallel.worker_count(len(graphs)) > 0  # this machine has 2 cores, as CI's
    reading = store_copy.map_graphs(graphs, where_read)
    first = next(reading)
    late = NamedNode(f"{ID}graph/extra-0")
    store_copy.add_quads([Quad(NamedNode(f"{ID}organization/late"), NamedNode(RDFS + "label"),
                               Literal("Late"), late)])
    counts = dict([(first[0], first[1][1]), *((g, n) for g, (_pid, n) in reading)])
    assert counts[late.value] == 2  # the state when reading started
    p = Projection(store_copy).sync()
    assert p.lookup(f"{ID}organization/late") is not None
    assert p.lookup(f"{ID}organization/extra-{EXTRA - 1}") is not None


def test_projection_same_over_parallel_and_memory(store_copy: GraphStore, tmp_path: Path) -> None:
    _many_graphs(store_copy)
    memory = open_store("memory")
    memory.add_quads(list(store_copy.quads()))
    disk_p, mem_p = Projection(store_copy).sync(), Projection(memory).sync()
    assert {n.iri: (n.label, n.type) for n in disk_p.nodes} == {n.iri: (n.label, n.type) for n in mem_p.nodes}
    assert disk_p.facts == mem_p.facts and len(disk_p.facts) > EXTRA
