"""Which graphs a SPARQL update can change, found before it runs (so write listeners need not
rebuild everything after a ``DELETE/INSERT ... WHERE``).

:func:`touched` reads the update's top level (operations, their keywords, graph names and the
outer braces of their templates, skipping strings, IRIs and comments) and returns an
:class:`UpdateGraphs`: whether the default graph or every graph may change, and SELECT queries
whose solutions name the other graphs. Graph names are never resolved here: a constant one is
asked back through ``VALUES`` with the update's own prologue, so prefixes and ``BASE`` resolve
exactly as the engine resolves them; a variable one (``GRAPH ?g`` in a template) is asked from the
operation's ``WHERE`` with its ``USING`` clauses as ``FROM`` — the same solutions the update will
use, when the queries run just before it in the same critical section. Anything this scanner does
not follow (``WITH`` together with a variable graph, a variable graph in a request of several
operations, text it cannot split) gives ``None``: "not known", and the listeners rebuild.

>>> t = touched('PREFIX e: <http://e/> DELETE { GRAPH ?g { ?s e:p ?o } } INSERT { ?s e:q 1 } '
...             'WHERE { GRAPH ?g { ?s e:p ?o } }')
>>> t.default, t.every, t.queries
(True, False, ['PREFIX e: <http://e/> SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s e:p ?o } }'])
>>> touched("CLEAR GRAPH <http://e/g>").queries
['SELECT DISTINCT ?g WHERE { VALUES ?g { <http://e/g> } }']
>>> touched("DROP ALL").every, touched("ADD DEFAULT TO <http://e/b>").default
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import NamedNode

from graph.sparql.dataset import _iri_at, _skip_string

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_PNAME = re.compile(r"[A-Za-z_0-9][\w.\-]*:[\w.:%\-]*|:[\w.:%\-]*")
_VAR = re.compile(r"[?$][A-Za-z_0-9]+")
_GRAPH_TERM = re.compile(r"GRAPH\s+(<[^<>\"{}|^`\\\s]*>|[?$][A-Za-z_0-9]+|[A-Za-z_0-9][\w.\-]*:[\w.:%\-]*"
                         r"|:[\w.:%\-]*)\s*\{", re.IGNORECASE)


@dataclass
class UpdateGraphs:
    """What an update may change: ``default`` graph, ``every`` graph, and the graphs named by
    the solutions of ``queries`` (every bound IRI of every column)."""

    default: bool = False
    every: bool = False
    queries: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Tok:
    kind: str  # "word" (upper-cased), "iri", "pname", "var", ";", "group"
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok] | None:
    """The top-level tokens; a ``{ ... }`` group is one token (its text includes the braces)."""
    out: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            nl = text.find("\n", i)
            i = n if nl == -1 else nl + 1
        elif c == "<":
            end = text.find(">", i)
            if end == -1 or not _iri_at(text, i):
                return None
            out.append(_Tok("iri", text[i:end + 1], i, end + 1))
            i = end + 1
        elif c == "{":
            close = _group_end(text, i)
            if close is None:
                return None
            out.append(_Tok("group", text[i:close], i, close))
            i = close
        elif c == ";":
            out.append(_Tok(";", c, i, i + 1))
            i += 1
        elif (m := _VAR.match(text, i)) is not None:
            out.append(_Tok("var", m.group(), i, m.end()))
            i = m.end()
        elif (m := _PNAME.match(text, i)) is not None:
            out.append(_Tok("pname", m.group(), i, m.end()))
            i = m.end()
        elif (m := _WORD.match(text, i)) is not None:
            out.append(_Tok("word", m.group().upper(), i, m.end()))
            i = m.end()
        else:
            return None
    return out


def _group_end(text: str, i: int) -> int | None:
    """The index just past the ``}`` closing the group opened at ``i``."""
    depth, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            nl = text.find("\n", i)
            i = n if nl == -1 else nl + 1
            continue
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c == "<" and _iri_at(text, i):
            i = text.find(">", i) + 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


_TOKEN = re.compile(r"[^\s\"'<{}#]+")


def _template_graphs(group: str) -> tuple[list[str], bool] | None:
    """A template's (or data block's) graph terms, and whether it has triples outside ``GRAPH``."""
    body, terms, default, i = group[1:-1], [], False, 0
    n = len(body)
    while i < n:  # always at the start of a token
        c = body[i]
        if c.isspace() or c == ".":
            i += 1
        elif c == "#":
            nl = body.find("\n", i)
            i = n if nl == -1 else nl + 1
        elif (m := _GRAPH_TERM.match(body, i)) is not None:
            end = _group_end(body, m.end() - 1)
            if end is None:
                return None
            terms.append(m.group(1))
            i = end
        elif c in "{}":
            return None  # a group that is not a GRAPH block: not a template this follows
        else:
            default = True  # a triple in the default graph (or WITH's)
            if c in "\"'":
                i = _skip_string(body, i)
            elif c == "<" and _iri_at(body, i):
                i = body.find(">", i) + 1
            else:
                m2 = _TOKEN.match(body, i)
                i = i + 1 if m2 is None else m2.end()
    return terms, default


def touched(update: str) -> UpdateGraphs | None:
    """The graphs ``update`` may change (see the module docstring), or ``None`` if unknown."""
    toks = _tokens(update)
    if not toks:
        return None
    out, k = UpdateGraphs(), 0
    prologue: list[str] = []
    constants: list[str] = []
    ops: list[list[_Tok]] = [[]]
    for t in toks:
        if t.kind == ";":
            ops.append([])
        else:
            ops[-1].append(t)
    ops = [op for op in ops if op]
    for op in ops:
        while op and op[0].text in ("PREFIX", "BASE"):  # prologue declarations
            size = 3 if op[0].text == "PREFIX" else 2
            prologue.append(update[op[0].start:op[size - 1].end])
            op = op[size:]
        if not op:
            continue
        k += 1
        got = _operation(op, constants, out)
        if got is None:
            return None
        if got:  # a WHERE-based query: only when it is the request's one operation
            if len(ops) > 1:
                return None
            out.queries.append(" ".join([*prologue, got]))
    if constants:
        values = f"SELECT DISTINCT ?g WHERE {{ VALUES ?g {{ {' '.join(constants)} }} }}"
        out.queries.insert(0, " ".join([*prologue, values]))
    return out if k else None


def _operation(op: list[_Tok], constants: list[str], out: UpdateGraphs) -> str | None:
    """Note one operation's graphs; return ``""``, or a SELECT for its variable template graphs,
    or ``None`` when it cannot be followed."""
    words = [t.text for t in op if t.kind == "word"]
    head = words[0] if words else ""
    rest = [t for t in op[1:] if t.text != "SILENT"]
    if head in ("CLEAR", "DROP", "CREATE"):
        if rest and rest[0].text == "GRAPH" and len(rest) == 2 and rest[1].kind in ("iri", "pname"):
            constants.append(rest[1].text)
        elif [t.text for t in rest] == ["DEFAULT"] and head != "CREATE":
            out.default = True
        elif [t.text for t in rest] in (["NAMED"], ["ALL"]) and head != "CREATE":
            out.every = True
        else:
            return None
        return ""
    if head == "LOAD":
        if len(rest) == 1 and rest[0].kind in ("iri", "pname"):
            out.default = True
        elif (len(rest) == 4 and [t.text for t in rest[1:3]] == ["INTO", "GRAPH"]
              and rest[3].kind in ("iri", "pname")):
            constants.append(rest[3].text)
        else:
            return None
        return ""
    if head in ("ADD", "MOVE", "COPY"):
        ends = [t for t in rest if t.text != "GRAPH"]
        if len(ends) != 3 or ends[1].text != "TO":
            return None
        for t in (ends[0], ends[2]):
            if t.text == "DEFAULT":
                out.default = True
            elif t.kind in ("iri", "pname"):
                constants.append(t.text)
            else:
                return None
        return ""
    return _modify(op, constants, out)


def _modify(op: list[_Tok], constants: list[str], out: UpdateGraphs) -> str | None:
    """``INSERT/DELETE DATA``, ``DELETE WHERE`` and
    ``(WITH g)? DELETE {..}? INSERT {..}? USING* WHERE {..}``."""
    i, with_graph, templates, using, where = 0, None, [], [], None
    if op[0].text == "WITH":
        if len(op) < 2 or op[1].kind not in ("iri", "pname"):
            return None
        with_graph, i = op[1].text, 2
    while i < len(op):
        t = op[i]
        nxt = op[i + 1] if i + 1 < len(op) else None
        if t.text in ("INSERT", "DELETE") and nxt is not None and nxt.text in ("DATA", "WHERE"):
            grp = op[i + 2] if i + 2 < len(op) else None
            if grp is None or grp.kind != "group" or with_graph is not None:
                return None
            templates.append(grp.text)
            if nxt.text == "WHERE":
                where = grp.text
            i += 3
        elif t.text in ("INSERT", "DELETE") and nxt is not None and nxt.kind == "group":
            templates.append(nxt.text)
            i += 2
        elif t.text == "USING":
            named = nxt is not None and nxt.text == "NAMED"
            g = op[i + 2] if named and i + 2 < len(op) else nxt
            if g is None or g.kind not in ("iri", "pname"):
                return None
            using.append(f"FROM NAMED {g.text}" if named else f"FROM {g.text}")
            i += 3 if named else 2
        elif t.text == "WHERE" and nxt is not None and nxt.kind == "group":
            where = nxt.text
            i += 2
        else:
            return None
    if not templates:
        return None
    variables: list[str] = []
    for tpl in templates:
        got = _template_graphs(tpl)
        if got is None:
            return None
        terms, default = got
        if default:
            if with_graph is not None:
                constants.append(with_graph)
            else:
                out.default = True
        for term in terms:
            (variables if term[0] in "?$" else constants).append(term)
    if not variables:
        return ""
    if where is None or with_graph is not None:
        return None
    cols = " ".join(dict.fromkeys("?" + v[1:] for v in variables))
    return " ".join(["SELECT DISTINCT", cols, *using, "WHERE", where])




def graphs_before(update: str, solutions: Callable[[str], Iterable[Iterable[Any]]],
                  named_graphs: Callable[[], Iterable[str]]) -> frozenset[str] | None:
    """The graphs ``update`` may change, asked of the store just before it runs (in the same
    critical section): ``solutions(select)`` runs a query (no union default graph, the
    predeclared prefixes), ``named_graphs()`` lists the named graphs. ``None``: not known."""
    plan = touched(update)
    if plan is None:
        return None
    graphs: set[str] = {""} if plan.default or plan.every else set()
    if plan.every:
        graphs.update(named_graphs())
    try:
        for q in plan.queries:
            for row in solutions(q):
                graphs.update(t.value for t in row if isinstance(t, NamedNode))
    except (SyntaxError, OSError, ValueError, RuntimeError):
        return None  # the update will report its own error
    return frozenset(graphs)


__all__ = ["UpdateGraphs", "graphs_before", "touched"]
