"""The quads of an update that is a single ``INSERT DATA`` or ``DELETE DATA``, read cheaply.

A store uses this to tell its write listeners exactly what such an update added or removed
(:class:`graph.store.results.WriteEvent`) without asking the engine. The data block is read by
pyoxigraph's TriG parser (``GRAPH <g> { … }`` and SPARQL-style ``PREFIX``/``BASE`` are TriG; terms
are written alike in both, and both parsers are Oxigraph's), with the predeclared prefixes.
Anything else — several operations, a ``WHERE``, blank nodes (fresh in every parse, so not
comparable), text the parser refuses — gives ``None``: "not known".

>>> block = data_block('PREFIX e: <http://e/> INSERT DATA { e:a e:p "1" . GRAPH e:g { e:a e:p 2 } }')
>>> block.insert, [str(q.graph_name) for q in block.quads]
(True, ['DEFAULT', '<http://e/g>'])
>>> data_block("DELETE WHERE { ?s ?p ?o }") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import BlankNode, Quad, RdfFormat, Triple, parse

#: the prologue (PREFIX / BASE declarations, comments) and the operation's first brace
_HEAD = re.compile(
    r"(?P<prologue>(?:\s+|#[^\n]*\n|(?:PREFIX\s+[^\s:<>]*:\s*|BASE\s*)<[^<>\s]*>)*)"
    r"(?P<op>INSERT|DELETE)\s+DATA\s*\{", re.IGNORECASE)


@dataclass(frozen=True)
class DataBlock:
    insert: bool  # INSERT DATA (True) or DELETE DATA (False)
    quads: tuple[Quad, ...]

    def changes(self, stored: Callable[[Quad], bool]) -> list[Quad]:
        """The quads this update will really add (not ``stored`` yet) or remove (``stored``)."""
        return [q for q in dict.fromkeys(self.quads) if stored(q) != self.insert]


def _has_blank(term: object) -> bool:
    if isinstance(term, BlankNode):
        return True
    return isinstance(term, Triple) and any(_has_blank(t) for t in (term.subject, term.object))


def _trig(doc: str, base_iri: str | None) -> tuple[Quad, ...] | None:
    try:
        return tuple(parse(doc.encode("utf-8"), RdfFormat.TRIG, base_iri=base_iri))
    except (SyntaxError, ValueError):
        return None


def data_block(update: str, base_iri: str | None = None) -> DataBlock | None:
    """The quads of a lone ``INSERT DATA`` / ``DELETE DATA``, or None (see the module docstring)."""
    m = _HEAD.match(update)
    end = update.rstrip()
    if m is None or not end.endswith("}"):
        return None
    from ontology.namespaces import PREFIXES

    declared = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    doc = declared + m.group("prologue") + "\n" + end[m.end():-1]  # a second operation fails in TriG
    quads = _trig(doc, base_iri)
    if quads is None:  # SPARQL may leave out the last triple's '.'; TriG may not
        quads = _trig(doc + "\n.", base_iri)
    if quads is None:
        return None
    if any(_has_blank(q.subject) or _has_blank(q.object) or isinstance(q.graph_name, BlankNode)
           for q in quads):
        return None
    return DataBlock(m.group("op").upper() == "INSERT", quads)


__all__ = ["DataBlock", "data_block"]
