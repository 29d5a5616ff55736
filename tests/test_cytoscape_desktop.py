"""The ``cytoscape`` export keeps to what Cytoscape desktop's JSON reader takes.

Cytoscape desktop cannot run here, so its reader's rules are written out and checked instead.
Source read (not copied): ``cytoscape/cytoscape-impl``, commit
7bf86d6ae77ae40b5eb836691285d69cdfd0cf7a (the last before "Remove json-impl - this has been
moved to a core app", b48400c03, 2016), files under ``json-impl/src/main/java/org/cytoscape/io/``:
``internal/read/json/CytoscapejsMapper.java`` (how elements and ``data`` become rows),
``internal/read/json/CytoscapeJsNetworkReader.java`` (object or element-array root, positions),
``internal/write/json/serializer/CytoscapeJsToken.java`` (the key names) and
``internal/CyActivator.java`` (the file filter: ``.cyjs``/``.json``, ``application/json``).
https://github.com/cytoscape/cytoscape-impl/tree/7bf86d6ae77ae40b5eb836691285d69cdfd0cf7a/json-impl

The rules, as that code reads a document (R numbers are used in the messages below):

R1  the root is an object whose ``elements`` holds both ``nodes`` and ``edges`` as arrays (both
    are iterated without a null check); ``data``, when present, is an object (the network row).
R2  ``columnTypes``, optional, is ``{"node"|"edge"|"network": [{"columnName", "type"}]}`` with
    ``type`` one of String, Double, Integer, Long, Boolean, List (List also needs ``listType``).
R3  every node's ``data.id`` is a JSON string (read with ``textValue``: a number gives null);
    ids are unique (a repeated id is merged into the first node and its data dropped).
R4  ``position`` is optional; when present its ``x`` and ``y`` are numbers (``doubleValue``;
    a missing one is a NullPointerException).
R5  every edge's ``data.source`` and ``data.target`` are strings naming nodes of the same file
    (otherwise ``addEdge`` gets a null node and the import fails).
R6  every other ``data`` key except ``SUID`` and ``selected`` becomes a column typed from the
    first value seen: array -> List (of the first item's type), boolean -> Boolean, number ->
    Double, anything else -> String read with ``asText`` (a nested object becomes "", a null
    "null"); later values are coerced to that type (a string in a Double column reads as 0).
    So: no objects, no nulls, and one JSON type per key across the nodes (and the edges).
R7  a column created from ``columnTypes`` keeps that type, so values must fit it (Integer and
    Long: integral numbers; Double: numbers; Boolean: booleans; String: strings).
R8  the tables' own columns (``name``, ``shared_name``, and the edges' ``interaction``) are
    String: values for them must be strings.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from graph.export.records import ExportOptions
from graph.export.registry import export, get_format
from graph.projection.shape import Edge, Node, PredicateRef, Subgraph
from graph.store import GraphStore
from tests.export_support import seed_subgraph, tricky_subgraph

CY_TYPES = {"String", "Double", "Integer", "Long", "Boolean", "List"}
OWN_STRING_COLUMNS = {"name", "shared_name", "interaction"}
IGNORED = {"SUID", "selected"}


def _json_type(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int | float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object" if isinstance(v, dict) else "null"


def _fits(declared: str, v: Any) -> bool:
    if declared in ("Integer", "Long"):
        return isinstance(v, int) and not isinstance(v, bool)
    if declared == "Double":
        return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
    if declared == "Boolean":
        return isinstance(v, bool)
    if declared == "List":
        return isinstance(v, list)
    return isinstance(v, str)


def _rows(table: str, rows: list[dict[str, Any]], declared: dict[str, str]) -> list[str]:
    """R6-R8 over the ``data`` of one table's rows."""
    bad: list[str] = []
    first: dict[str, str] = {}
    for row in rows:
        for key, v in row.items():
            if key in IGNORED:
                continue
            kind = _json_type(v)
            if kind in ("object", "null"):
                bad.append(f"R6 {table}.{key}: a JSON {kind} would be read as a string ({v!r})")
            elif kind == "array" and any(_json_type(x) in ("object", "null", "array") for x in v):
                bad.append(f"R6 {table}.{key}: a list of non-scalars")
            if first.setdefault(key, kind) != kind:
                bad.append(f"R6 {table}.{key}: {kind} after {first[key]} (would be coerced)")
            if key in declared and not _fits(declared[key], v):
                bad.append(f"R7 {table}.{key}: {v!r} does not fit the declared {declared[key]}")
            if key in OWN_STRING_COLUMNS and not isinstance(v, str):
                bad.append(f"R8 {table}.{key}: Cytoscape's own String column, got {v!r}")
    return bad


def violations(doc: Any) -> list[str]:
    """Every rule of the module docstring that ``doc`` breaks (empty: Cytoscape desktop reads it)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("elements"), dict):
        return ["R1 the root is not an object with an 'elements' object"]
    els = doc["elements"]
    bad = [f"R1 elements.{k} is missing or not an array" for k in ("nodes", "edges")
           if not isinstance(els.get(k), list)]
    if bad:
        return bad
    if "data" in doc and not isinstance(doc["data"], dict):
        bad.append("R1 the network 'data' is not an object")
    declared: dict[str, dict[str, str]] = {"node": {}, "edge": {}, "network": {}}
    for table, cols in (doc.get("columnTypes") or {}).items():
        if table not in declared or not isinstance(cols, list):
            bad.append(f"R2 columnTypes.{table} is not a list for node, edge or network")
            continue
        for c in cols:
            if not isinstance(c.get("columnName"), str) or c.get("type") not in CY_TYPES:
                bad.append(f"R2 columnTypes.{table}: bad entry {c!r}")
            elif c["type"] == "List" and not isinstance(c.get("listType"), str):
                bad.append(f"R2 columnTypes.{table}.{c['columnName']}: a List needs listType")
            else:
                declared[table][c["columnName"]] = c["type"]
    ids: set[str] = set()
    for n in els["nodes"]:
        nid = n.get("data", {}).get("id")
        if not isinstance(nid, str):
            bad.append(f"R3 node id {nid!r} is not a string")
        elif nid in ids:
            bad.append(f"R3 node id {nid!r} is repeated")
        ids.add(str(nid))
        pos = n.get("position")
        if pos is not None and not all(_fits("Double", pos.get(k)) for k in ("x", "y")):
            bad.append(f"R4 node {nid!r}: position {pos!r} lacks numeric x and y")
    for e in els["edges"]:
        d = e.get("data", {})
        for end in ("source", "target"):
            if not isinstance(d.get(end), str) or d[end] not in ids:
                bad.append(f"R5 edge {d.get('id')!r}: {end} {d.get(end)!r} names no node of the file")
    bad += _rows("node", [n["data"] for n in els["nodes"]], declared["node"])
    bad += _rows("edge", [e["data"] for e in els["edges"]], declared["edge"])
    bad += _rows("network", [doc.get("data") or {}], declared["network"])
    return bad


def test_the_checker_catches_what_cytoscape_desktop_refuses() -> None:
    """Each rule fires on a document that breaks it (so a pass below means something)."""
    good = {"data": {"name": "g"}, "elements": {"nodes": [{"data": {"id": "a"}, "position": {"x": 1, "y": 2}},
                                                          {"data": {"id": "b"}}],
                                               "edges": [{"data": {"source": "a", "target": "b"}}]}}
    assert violations(good) == []
    broken = {
        "R1": {"elements": {"nodes": []}},
        "R2": {**good, "columnTypes": {"node": [{"columnName": "n", "type": "Float"}]}},
        "R3": {"elements": {"nodes": [{"data": {"id": 1}}], "edges": []}},
        "R4": {"elements": {"nodes": [{"data": {"id": "a"}, "position": {"x": 1}}], "edges": []}},
        "R5": {"elements": {"nodes": [{"data": {"id": "a"}}], "edges": [{"data": {"source": "a", "target": "z"}}]}},
        "R6": {"elements": {"nodes": [{"data": {"id": "a", "q": {"k": 1}}}], "edges": []}},
        "R7": {"columnTypes": {"node": [{"columnName": "d", "type": "Integer"}]},
               "elements": {"nodes": [{"data": {"id": "a", "d": 1.5}}], "edges": []}},
        "R8": {"elements": {"nodes": [{"data": {"id": "a", "name": 5}}], "edges": []}},
    }
    for rule, doc in broken.items():
        assert any(v.startswith(rule) for v in violations(doc)), (rule, violations(doc))
    mixed = {"elements": {"nodes": [{"data": {"id": "a", "w": 1}}, {"data": {"id": "b", "w": "1"}}], "edges": []}}
    assert any("coerced" in v for v in violations(mixed))


@pytest.fixture(params=["seed", "tricky", "empty", "pagerank"])
def sub(request: pytest.FixtureRequest, seed_store: GraphStore) -> Subgraph:
    if request.param == "seed":
        return seed_subgraph(seed_store)
    if request.param == "tricky":
        return tricky_subgraph()
    if request.param == "empty":
        return Subgraph(0, [], [])
    nodes = [Node(f"p/{i}", f"urn:{i}", f"N{i}", "Person", {"pagerank": 0.1 * i}) for i in range(4)]
    return Subgraph(2, nodes, [Edge("f", "p/0", "p/1", PredicateRef("urn:k", "knows"), {"since": [2020, 2021]})])


@pytest.mark.parametrize("lean", [False, True])
def test_cytoscape_export_follows_the_desktop_reader(sub: Subgraph, lean: bool) -> None:
    doc = json.loads(export(sub, "cytoscape", ExportOptions(size_by="pagerank", lean=lean)))
    assert violations(doc) == []
    assert len(doc["elements"]["nodes"]) == len(sub.nodes) and len(doc["elements"]["edges"]) == len(sub.edges)
    types = {c["columnName"]: c["type"] for c in doc["columnTypes"]["node"]}
    assert types["degree"] == "Integer" and types["size"] == "Double"  # not Double for everything (R6)
    by_id = {e.id: e for e in sub.edges}
    for el in doc["elements"]["edges"]:
        d = el["data"]
        if not lean:  # the explorer's lean form has neither
            assert d["interaction"] == by_id[d["id"]].predicate.label  # Cytoscape's edge type column
            # the qualifiers survive as JSON text, not as an object read as ""
            assert json.loads(d["qualifiers"]) == (by_id[d["id"]].qualifiers or {})


def test_file_name_and_media_type_are_what_the_reader_filters_on() -> None:
    fmt = get_format("cytoscape")
    assert fmt.filename("x").endswith(".cyjs") and fmt.media_type == "application/json"
