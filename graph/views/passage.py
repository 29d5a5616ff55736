"""The paragraph around an evidence sentence, with its article's headline (the explorer's panel).

>>> p = paragraph_around("Titre\\n\\nA dit ceci. B a fait cela.\\nSuite.\\n\\nFin.", 19, 33)
>>> p.text, p.text[p.start:p.end]
('A dit ceci. B a fait cela.\\nSuite.', 'B a fait cela.')
>>> paragraph_around("Titre\\nA dit ceci. B a fait cela.\\nSuite.", 18, 32).text
'A dit ceci. B a fait cela.'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from pyoxigraph import Literal, NamedNode, Variable

from graph.errors import InvalidParameter, NotFound
from graph.store import GraphStore
from ontology.namespaces import META_GRAPH, article_iri

#: characters of context kept on each side when a paragraph is very long
CONTEXT: Final = 600

_ARTICLE = f"""
SELECT ?a ?text ?headline ?lang WHERE {{ GRAPH <{META_GRAPH}> {{
  ?a schema:text ?text . OPTIONAL {{ ?a schema:headline ?headline }} OPTIONAL {{ ?a schema:inLanguage ?lang }}
}} }} LIMIT 1"""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph's text; ``text[start:end]`` is the sentence; ``offset`` is where it begins."""

    text: str
    start: int
    end: int
    offset: int


@dataclass(frozen=True)
class Passage:
    article: str
    headline: str | None
    language: str | None
    paragraph: Paragraph


def paragraph_around(text: str, start: int, end: int) -> Paragraph:
    """The paragraph holding ``text[start:end]`` (cut to :data:`CONTEXT` characters either side
    of the sentence when longer). Paragraphs end at blank lines in texts that have them, at line
    breaks in the others (one paragraph a line)."""
    brk = "\n\n" if "\n\n" in text else "\n"
    lo = text.rfind(brk, 0, start)
    lo = 0 if lo < 0 else lo + len(brk)
    hi = text.find(brk, end)
    hi = len(text) if hi < 0 else hi
    lo, hi = max(lo, start - CONTEXT), min(hi, end + CONTEXT)
    return Paragraph(text[lo:hi], start - lo, end - lo, lo)


def passage(store: GraphStore, article_id: str, start: int, end: int) -> Passage:
    """The paragraph of article ``article_id`` around characters ``start:end``."""
    if not 0 <= start < end:
        raise InvalidParameter("start", f"need 0 <= start < end, not {start}:{end}")
    rows = list(store.select(_ARTICLE, union=False,
                            substitutions={Variable("a"): NamedNode(article_iri(article_id))}))
    if not rows:
        raise NotFound(f"no text for article {article_id!r}")
    text, headline, lang = (_text(rows[0][name]) for name in ("text", "headline", "lang"))
    if text is None or end > len(text):
        raise InvalidParameter("end", f"article {article_id!r} has {len(text or '')} characters, not {end}")
    return Passage(article_id, headline, lang, paragraph_around(text, start, end))


def _text(term: object) -> str | None:
    return term.value if isinstance(term, Literal) else None
