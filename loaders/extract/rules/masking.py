"""The masked form of a sentence: each resolved mention replaced by a ``⟨i|Type⟩`` placeholder."""

from __future__ import annotations

from typing import Final

from loaders.extract.nlp import Mention
from loaders.extract.rules.engine import Masked
from loaders.model import Entity

__all__ = ["PARSE_ONLY", "UNRESOLVED", "mask"]

#: what an unresolved anaphor ("la société" when unsure which) becomes in the masked sentence
UNRESOLVED: Final = "⟨?⟩"
#: mention sources for the parse and the relation classifier only (:mod:`.implicit`): possessives,
#: adjectives of place, references to the project or the round
PARSE_ONLY: Final = frozenset({"possessive", "demonym", "project", "round", "figure", "capital"})


def mask(text: str, seg_start: int, seg_end: int, mentions: list[Mention],
         entities: list[Entity | None]) -> tuple[Masked, set[int]]:
    """The masked sentence; also the indices of mentions whose type is still unknown."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    ents: list[Entity] = []
    surf: list[str] = []
    unknown: set[int] = set()
    pos = seg_start
    for m, e in zip(mentions, entities, strict=True):
        if m.source in PARSE_ONLY:  # the rules read "sa présidente", "its CEO", "irlandais" as words
            continue
        if e is None and m.source != "anaphor":
            continue
        chunk = text[pos:m.start]
        parts.append(chunk)
        starts.extend(range(pos, m.start))
        ends.extend(range(pos + 1, m.start + 1))
        if e is None:  # an anaphor left unresolved: a barrier no slot or gap crosses
            parts.append(UNRESOLVED)
            starts.extend([m.start] * len(UNRESOLVED))
            ends.extend([m.end] * len(UNRESOLVED))
            pos = m.end
            continue
        i = len(ents)
        ph = f"⟨{i}|{'Unknown' if m.type == 'Unknown' else e.type}⟩"
        if m.type == "Unknown":
            unknown.add(i)
        parts.append(ph)
        starts.extend([m.start] * len(ph))
        ends.extend([m.end] * len(ph))
        ents.append(e)
        surf.append(m.text)
        pos = m.end
    parts.append(text[pos:seg_end])
    starts.extend(range(pos, seg_end))
    ends.extend(range(pos + 1, seg_end + 1))
    return Masked("".join(parts), ents, surf, starts, ends, unknown), unknown
