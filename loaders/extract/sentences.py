"""Segmenting article text into sentences, headlines, captions, quoted posts and signatures.

Every segment carries exact offsets: ``text[seg.start:seg.end] == seg.text``. Kinds:

``headline``   a short line without final punctuation (titles, section heads)
``caption``    image credits, captions, "Source:" lines
``signature``  the "– Author (@handle) date" line closing a quoted post
``post``       a line of a quoted post (the lines just above a signature)
``dateline``   a wire dateline opening a paragraph ("AUSTIN, Texas, Dec 1 (Agency) -"), no fact of its own
``sentence``   a sentence of running text

Examples
--------
>>> text = "Big news\\nNvidia sold 10 GPUs. It grew 5 %.\\n\\nShip it soon.\\n– Jane Doe (@jd) 2 June 2024"
>>> [(s.kind, s.text) for s in split_segments(text)]  # doctest: +NORMALIZE_WHITESPACE
[('headline', 'Big news'), ('sentence', 'Nvidia sold 10 GPUs.'), ('sentence', 'It grew 5 %.'),
 ('post', 'Ship it soon.'), ('signature', '– Jane Doe (@jd) 2 June 2024')]
>>> [(s.kind, s.text) for s in split_segments("AUSTIN, Texas, Dec 1 (Agency) - Acme said so.")]
[('dateline', 'AUSTIN, Texas, Dec 1 (Agency) -'), ('sentence', 'Acme said so.')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

POST_MAX_CHARS: Final = 300
POST_MAX_LINES: Final = 6
HEADLINE_MAX_CHARS: Final = 160

SIGNATURE: Final = re.compile(
    r"^\s*[–—-]{1,2}\s*(?P<author>[^()\n]{2,80}?)\s*\((?P<handle>@\w{1,30})\)\s*(?P<date>[^\n]{0,40}?)\s*$"
)
_CAPTION: Final = re.compile(
    r"^\s*(?:Crédit|Credit|Photo|Image|Illustration|Légende|Caption|Source|Sources)\b[^:\n]{0,40}:", re.I
)
#: "BRUXELLES, 1er décembre (Agence) - ", "AUSTIN, Texas, Dec 1 (Agency) — ": an upper-case place, an
#: optional region, a date, the agency in brackets, a dash
DATELINE: Final = re.compile(
    r"[A-ZÀ-Þ][A-ZÀ-Þ'’. -]{1,40}(?:,\s*[A-ZÀ-Þ][\w'’. -]{1,30})?,"
    r"\s*[^,()\n]{1,30}?\s*\([^()\n]{1,40}\)\s*[-–—]+\s*"
)
_END_PUNCT: Final = ".!?…:;»\"”)"
_ABBREV: Final = frozenset({
    "m", "mm", "mme", "mr", "mrs", "ms", "dr", "st", "vs", "etc", "inc", "corp", "ltd", "co", "jr", "sr",
    "no", "fig", "p", "u.s", "e.g", "i.e", "av", "ca", "env", "approx", "dept", "gen", "prof", "sept",
})
# a sentence may open with a capital, a digit, a handle or a name like "xAI"
_BOUNDARY: Final = re.compile(
    r"([.!?…]+)([»”\"')\]]*)(\s+)(?=[«“\"'(\[]?\s*(?:[A-ZÀ-ÖØ-Þ0-9@#]|[a-z]{1,3}[A-Z]))"
)


@dataclass(frozen=True)
class Segment:
    """A span of the article: ``text == article[start:end]``."""

    start: int
    end: int
    text: str
    kind: str = "sentence"
    post_group: int | None = None


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


def split_sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (abbreviations and decimals do not end sentences).

    >>> t = "M. Dupont a 1.5 GW. Il part. Ensuite U.S. firms grow."
    >>> [t[a:b] for a, b in split_sentences(t, 0, len(t))]
    ['M. Dupont a 1.5 GW.', 'Il part.', 'Ensuite U.S. firms grow.']
    """
    chunk = text[start:end]
    cur = 0
    for m in _BOUNDARY.finditer(chunk):
        before = chunk[cur:m.start(1)]
        word = re.search(r"([\w.]+)$", before)
        if m.group(1) == "." and word:
            w = word.group(1).lower().rstrip(".")
            if w in _ABBREV or (len(w) == 1 and w.isalpha()) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):
                continue
        stop = m.end(2)
        if chunk[cur:stop].strip():
            yield start + cur, start + stop
        cur = m.end(3)
    if chunk[cur:].strip():
        yield start + cur, end


def _is_headline(line: str) -> bool:
    s = line.strip()
    return (
        (len(s) <= HEADLINE_MAX_CHARS
        and s[-1] not in _END_PUNCT
        and len(s.split()) >= 2
        and not s.startswith(("-", "*", "•")))
        or s.startswith("#")
    )


def split_segments(text: str) -> list[Segment]:
    """Segments of the whole text, in order, with exact offsets."""
    lines = list(_lines(text))
    kinds: list[str] = []
    groups: list[int | None] = [None] * len(lines)
    for a, b in lines:
        line = text[a:b]
        if SIGNATURE.match(line):
            kinds.append("signature")
        elif _CAPTION.match(line):
            kinds.append("caption")
        elif _is_headline(line):
            kinds.append("headline")
        else:
            kinds.append("para")
    for i, kind in enumerate(kinds):
        if kind != "signature":
            continue
        groups[i] = i
        j = i - 1
        while j >= 0 and i - j <= POST_MAX_LINES and kinds[j] == "para" and groups[j] is None \
                and lines[j][1] - lines[j][0] <= POST_MAX_CHARS \
                and "\n\n" not in text[lines[j][1]:lines[j + 1][0]].replace(" ", ""):
            kinds[j], groups[j] = "post", i
            j -= 1
    out: list[Segment] = []
    for (a, b), kind, group in zip(lines, kinds, groups, strict=True):
        dl = DATELINE.match(text, a, b) if kind == "para" else None
        if dl:
            out.append(Segment(a, a + len(dl.group(0).rstrip()), dl.group(0).rstrip(), "dateline"))
            a = dl.end()
        if kind == "para":
            out.extend(Segment(s, e, text[s:e], "sentence") for s, e in split_sentences(text, a, b))
        elif kind == "post":
            out.extend(Segment(s, e, text[s:e], "post", group) for s, e in split_sentences(text, a, b))
        else:
            out.append(Segment(a, b, text[a:b], kind, group))
    return out
