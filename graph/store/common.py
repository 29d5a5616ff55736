"""Small pieces of the store's I/O: progress reading, parser errors, update text, user IRIs."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from pyoxigraph import DefaultGraph, NamedNode, Quad, Triple

ProgressFn = Callable[[int], None]
#: characters of update text: a longer update is not read for its data block (and is flushed at once)
LARGE_UPDATE_TEXT = 1 << 20


class ProgressReader:
    """A binary reader that reports bytes read, so ``bulk_load`` can drive a progress bar."""

    STEP = 4 << 20  # report every 4 MiB: a call per read would cost more than the bar is worth

    def __init__(self, f: IO[bytes], progress: ProgressFn) -> None:
        self._f, self._progress, self._pending = f, progress, 0

    def read(self, n: int = -1) -> bytes:
        chunk = self._f.read(n)
        self._pending += len(chunk)
        if self._pending >= self.STEP or not chunk:
            self._progress(self._pending)
            self._pending = 0
        return chunk

    def readable(self) -> bool:
        return True


_AT = re.compile(r"^error at (\d+):(\d+): ")


def positioned(exc: SyntaxError, cls: type[Any], path: str | None = None) -> Any:
    """Convert pyoxigraph's ``SyntaxError`` into ``cls`` with line and column filled in."""
    msg = str(exc.msg or exc)
    line, column = exc.lineno, exc.offset
    m = _AT.match(msg)
    if m:  # the SPARQL parser puts the position in the message only
        line, column, msg = int(m.group(1)), int(m.group(2)), msg[m.end():]
    return cls(msg, path=path, line=line, column=column)


def term_text(term: Any) -> str:
    """A term in SPARQL update syntax; RDF 1.2 triple terms as ``<<( s p o )>>``."""
    if isinstance(term, Triple):
        return f"<<( {term_text(term.subject)} {term.predicate} {term_text(term.object)} )>>"
    return str(term)


def quads_text(quads: Iterable[Quad]) -> str:
    """Quads as the body of ``INSERT DATA``, grouped by graph (terms escaped by pyoxigraph)."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        g = "" if isinstance(q.graph_name, DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(g, []).append(f"{term_text(q.subject)} {q.predicate} {term_text(q.object)} .")
    parts = []
    for g, triples in by_graph.items():
        body = "\n".join(triples)
        parts.append(f"GRAPH {g} {{\n{body}\n}}\n" if g else body + "\n")
    return "".join(parts)


def graph_name(g: Any) -> str:
    """A quad's graph as the interface names it: its IRI, ``""`` for the default graph."""
    return "" if isinstance(g, DefaultGraph) else str(g.value)


def graph_ref(graph: str) -> str:
    """``DEFAULT`` or ``GRAPH <iri>`` for update text."""
    return "DEFAULT" if graph == "" else f"GRAPH <{graph}>"


def graph_term(graph: str) -> NamedNode | DefaultGraph:
    """The graph term an interface graph name stands for (``""``: the default graph)."""
    return DefaultGraph() if graph == "" else NamedNode(graph)


def in_graph(quads: Iterable[Quad], graph: str) -> list[Quad]:
    """The quads moved into ``graph`` (``""``: the default graph)."""
    term = graph_term(graph)
    return [Quad(q.subject, q.predicate, q.object, term) for q in quads]


@dataclass(frozen=True)
class GraphUpdate:
    """One update replacing graphs (see :func:`replace_graphs_update`): its text, the quads it
    inserts and the graphs whose content it changes."""

    text: str
    inserted: list[Quad]
    graphs: frozenset[str]


def replace_graphs_update(graph_quads: dict[str, list[Quad]],
                          drop_subjects: dict[str, list[str]] | None = None,
                          extra: Iterable[Quad] = (), drop_used_by: Sequence[tuple[str, str]] = ()
                          ) -> GraphUpdate:
    """The SPARQL update behind ``GraphStore.replace_graphs`` (one transaction on any engine).

    ``graph_quads`` maps a graph IRI to its new content; ``drop_subjects`` maps a graph IRI to
    subjects whose triples there are removed first; ``drop_used_by`` pairs ``(graph, iri)``
    remove, in that graph, the descriptions of nodes that ``prov:used`` the IRI (the earlier load
    activities of an article); ``extra`` quads are added.

    >>> u = replace_graphs_update({"http://e/g": []}, {"http://e/m": ["http://e/a"]})
    >>> print(u.text)
    DROP SILENT GRAPH <http://e/g>;
    DELETE WHERE { GRAPH <http://e/m> { <http://e/a> ?p ?o } };
    INSERT DATA {
    }
    >>> sorted(u.graphs)
    ['http://e/g', 'http://e/m']
    """
    from ontology.namespaces import PROV_USED

    ops = [f"DROP SILENT GRAPH <{g}>" for g in graph_quads]
    for g, subjects in (drop_subjects or {}).items():
        ops += [f"DELETE WHERE {{ GRAPH <{g}> {{ <{s}> ?p ?o }} }}" for s in subjects]
    for g, used in drop_used_by:
        ops.append(f"DELETE {{ GRAPH <{g}> {{ ?a ?p ?o }} }} WHERE {{ GRAPH <{g}> "
                   f"{{ ?a <{PROV_USED}> <{used}> ; ?p ?o }} }}")
    new = [*(q for qs in graph_quads.values() for q in qs), *extra]
    ops.append("INSERT DATA {\n" + quads_text(new) + "}")
    touched = {*graph_quads, *(drop_subjects or {}), *(g for g, _ in drop_used_by),
               *(graph_name(q.graph_name) for q in new)}
    return GraphUpdate(";\n".join(ops), new, frozenset(touched))


def replace_graph_update(graph: str, quads: Sequence[Quad]) -> GraphUpdate:
    """The update making ``quads`` the whole content of ``graph`` (a named graph is created even
    when empty), as for a Graph Store ``PUT``."""
    moved = in_graph(quads, graph)
    ops = [f"DROP SILENT {graph_ref(graph)}"]
    if graph:
        ops.append(f"CREATE SILENT GRAPH <{graph}>")
    if moved:
        ops.append("INSERT DATA {\n" + quads_text(moved) + "}")
    return GraphUpdate(" ;\n".join(ops), moved, frozenset([graph]))


def user_iri(value: str, what: str = "graph IRI") -> str:
    """Check an IRI that came from a user (a graph name, a dataset IRI) and return it.

    pyoxigraph's ``NamedNode`` refuses malformed IRIs but takes any scheme, so the scheme is
    checked here against :data:`ontology.namespaces.GRAPH_SCHEMES`.

    >>> user_iri("urn:notes")
    'urn:notes'
    >>> user_iri("javascript:alert(1)")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    graph.errors.BadRequest: graph IRI 'javascript:alert(1)': scheme must be one of ...
    """
    from pyoxigraph import NamedNode

    from graph.errors import BadRequest
    from ontology.namespaces import GRAPH_SCHEMES

    try:
        NamedNode(value)
    except (ValueError, TypeError) as exc:
        raise BadRequest(f"{what} {value!r} is not a valid absolute IRI: {exc}") from None
    scheme = value.split(":", 1)[0].lower()
    if scheme not in GRAPH_SCHEMES:
        raise BadRequest(f"{what} {value!r}: scheme must be one of {', '.join(GRAPH_SCHEMES)}")
    return value
