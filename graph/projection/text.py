"""Text folding, tokens and edit distance for the search indexes.

>>> fold("MÉMPHIS")
'memphis'
>>> words("Memphis Light, Gas and Water")
['memphis', 'light', 'gas', 'and', 'water']
>>> distance("nvidai", "nvidia")
1
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[\w@]+", re.UNICODE)
_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'"})


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on demand: each non-ASCII character's NFKD form without
    combining marks, case-folded (``É`` -> ``e``, ``ß`` -> ``ss``, ``’`` -> ``'``)."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        if code < 128:
            folded = c
        else:
            bare = "".join(x for x in unicodedata.normalize("NFKD", c.translate(_APOS))
                           if not unicodedata.combining(x))
            folded = bare.casefold()
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case without accents (NFKD, combining marks dropped), spaces collapsed."""
    if not text.isascii():
        text = text.translate(_TABLE)
    return " ".join(text.lower().split())


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD.findall(fold(text))


def stem(word: str) -> str:
    """A light plural stem shared by French and English (``courriels`` -> ``courriel``).

    >>> stem("courriels"), stem("chips"), stem("gas")
    ('courriel', 'chip', 'gas')
    """
    if len(word) > 4 and word[-1] in "sx" and word[-2] not in "su":
        return word[:-1]
    return word


def trigrams(word: str) -> set[str]:
    """Character trigrams of a word padded with spaces.

    >>> sorted(trigrams("ab"))
    ['  a', ' ab', 'ab ']
    """
    padded = f"  {word} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def distance(a: str, b: str, cap: int = 3) -> int:
    """Optimal string alignment distance (a transposition counts as one edit), capped at ``cap``."""
    if abs(len(a) - len(b)) >= cap:
        return cap
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        if min(cur) >= cap:
            return cap
        prev2, prev = prev, cur
    return min(prev[-1], cap)
