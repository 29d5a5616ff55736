"""Query and update text for a remote engine: newsgraph's predeclared prefixes, ``BASE`` and
bound variables written in, since the SPARQL protocol carries none of them.

The additions go on line 1, before the client's text, so an engine's ``error at L:C`` points
into the client's text once ``shift`` characters are taken off line-1 columns. Bound variables
(``substitutions``) become a trailing ``VALUES`` block, which SPARQL allows after every query form.

>>> t = with_prologue("SELECT * { ?s a ng:Fact }")
>>> t.text
'PREFIX ng: <https://w3id.org/newsgraph/ontology#> SELECT * { ?s a ng:Fact }'
>>> t.shift
50
>>> with_prologue("PREFIX ng: <x:> ASK {}", prefixes={"ng": "y:"}).text
'PREFIX ng: <x:> ASK {}'
>>> from pyoxigraph import NamedNode, Variable
>>> with_values("ASK { ?a ?p ?o }", {Variable("a"): NamedNode("http://e/a")})
'ASK { ?a ?p ?o }\\nVALUES (?a) { (<http://e/a>) }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.store.common import term_text
from ontology.namespaces import PREFIXES

_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.\-]*)?\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Prepared:
    """Text to send, and how many characters were put before the client's line 1."""

    text: str
    shift: int


def with_prologue(text: str, *, base_iri: str | None = None,
                  prefixes: Mapping[str, str] = PREFIXES) -> Prepared:
    """``text`` with ``BASE`` and the prefixes it uses without declaring them, on its first line."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)}
    head = "".join(f"PREFIX {p}: <{iri}> " for p, iri in prefixes.items()
                   if p not in declared and f"{p}:" in text)
    if base_iri:
        head = f"BASE <{base_iri}> " + head
    return Prepared(head + text, len(head))


def with_values(text: str, substitutions: Mapping[Any, Any] | None) -> str:
    """``text`` with a trailing ``VALUES`` block binding each variable of ``substitutions``."""
    if not substitutions:
        return text
    names = " ".join(f"?{getattr(v, 'value', v)}" for v in substitutions)
    row = " ".join(term_text(t) for t in substitutions.values())
    return f"{text}\nVALUES ({names}) {{ ({row}) }}"


__all__ = ["Prepared", "with_prologue", "with_values"]
