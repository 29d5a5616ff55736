"""Apply the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` to SPARQL update text.

pyoxigraph's ``Store.update`` takes no dataset, so the protocol dataset is written into the
update itself: ``USING <g>`` / ``USING NAMED <g>`` clauses are inserted before the ``WHERE`` of
every ``DELETE/INSERT ... WHERE`` operation (SPARQL 1.1 Protocol §2.2.3). An operation that
already has ``USING`` or ``WITH`` conflicts with them and is refused, as the protocol requires.
``DELETE WHERE { P }`` is rewritten to the equivalent ``DELETE { P } USING ... WHERE { P }``.

The scan only looks at the top level of the text (outside braces, IRIs, strings and comments),
where update keywords live.

>>> apply_using("INSERT { ?s a <http://c> } WHERE { ?s ?p ?o }", ["http://g"], [])
'INSERT { ?s a <http://c> } USING <http://g> WHERE { ?s ?p ?o }'
>>> apply_using("CLEAR ALL", ["http://g"], [])
'CLEAR ALL'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.errors import DatasetConflict

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


@dataclass
class _Token:
    word: str  # upper-cased keyword, or "{" / "}" for a top-level group
    start: int
    end: int


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        while end != -1 and _escaped(text, end):
            end = text.find(quote * 3, end + 1)
        return len(text) if end == -1 else end + 3
    j = i + 1
    while j < len(text) and text[j] != quote and text[j] != "\n":
        j += 2 if text[j] == "\\" else 1
    return j + 1


def _escaped(text: str, i: int) -> bool:
    n = 0
    while i - n - 1 >= 0 and text[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def top_level_tokens(text: str) -> list[_Token]:
    """Keywords at brace depth 0, plus the outermost ``{`` and ``}`` of each group.

    >>> [t.word for t in top_level_tokens('WITH <http://g> DELETE { ?s ?p "WHERE" } WHERE { }')]
    ['WITH', 'DELETE', '{', '}', 'WHERE', '{', '}']
    """
    out: list[_Token] = []
    depth, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            nl = text.find("\n", i)
            i = n if nl == -1 else nl + 1
        elif c in "\"'":
            i = _skip_string(text, i)
        elif c == "<" and (depth == 0 or _iri_at(text, i)):
            end = text.find(">", i)
            i = n if end == -1 else end + 1
        elif c == "{":
            if depth == 0:
                out.append(_Token("{", i, i + 1))
            depth, i = depth + 1, i + 1
        elif c == "}":
            depth = max(0, depth - 1)
            if depth == 0:
                out.append(_Token("}", i, i + 1))
            i += 1
        elif depth == 0 and (m := _WORD.match(text, i)) and (i == 0 or not _name_char(text[i - 1])):
            end = m.end()
            if end < n and text[end] == ":":  # a prefixed name, not a keyword
                i = end + 1
                continue
            out.append(_Token(m.group().upper(), i, end))
            i = end
        else:
            i += 1
    return out


def _name_char(c: str) -> bool:
    return c.isalnum() or c in "_-:?$.@"


_IRI_BODY = re.compile(r"<[^<>\"{}|^`\\\s]*>")


def _iri_at(text: str, i: int) -> bool:
    """Inside a group a ``<`` may be "less than"; it starts an IRI only if one follows."""
    return _IRI_BODY.match(text, i) is not None


_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)


def has_dataset_clause(query: str) -> bool:
    """Whether a query names its own dataset (``FROM`` / ``FROM NAMED`` at the top level), which
    must then win over the union default graph (pyoxigraph's union flag would override it).

    >>> has_dataset_clause("SELECT * FROM <http://g> WHERE { ?s ?p ?o }")
    True
    >>> has_dataset_clause('SELECT * WHERE { ?s ?p "FROM" } # FROM')
    False
    """
    return bool(_FROM.search(query)) and any(t.word == "FROM" for t in top_level_tokens(query))


def apply_using(update: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """Return ``update`` with the protocol dataset written in as ``USING`` clauses."""
    if not using and not using_named:
        return update
    clause = " ".join([*(f"USING <{g}>" for g in using), *(f"USING NAMED <{g}>" for g in using_named)])
    tokens = top_level_tokens(update)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied right to left
    for k, tok in enumerate(tokens):
        if tok.word in ("USING", "WITH"):
            raise DatasetConflict(
                f"{tok.word} in the update conflicts with using-graph-uri/using-named-graph-uri")
        if tok.word != "WHERE":
            continue
        prev = tokens[k - 1].word if k > 0 else ""
        if prev == "DELETE":  # DELETE WHERE { P }  ->  DELETE { P } USING ... WHERE { P }
            close = next((t for t in tokens[k + 1:] if t.word == "}"), None)
            if close is None:
                continue  # unterminated: let the SPARQL parser report it
            body = update[tokens[k + 1].start:close.end]
            edits.append((tok.start, tok.end, f"{body} {clause} WHERE"))
        else:
            edits.append((tok.start, tok.start, clause + " "))
    for start, end, repl in sorted(edits, reverse=True):
        update = update[:start] + repl + update[end:]
    return update


__all__ = ["DatasetConflict", "apply_using", "has_dataset_clause", "top_level_tokens"]
