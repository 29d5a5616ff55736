"""One colour per entity type: the single palette every export and the explorer's legend use.

Colours are chosen to stay apart for the common colour-vision deficiencies (after Okabe-Ito and
Tol's "muted" scheme) and each comes with the text colour readable on it.

>>> colour("Organization")
'#0072B2'
>>> colour("Spaceship")  # types outside the palette share one neutral grey
'#8C8C8C'
>>> rgb("#0072B2")
(0, 114, 178)
>>> text_colour("#F0E442")
'#000000'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from loaders.model import ENTITY_TYPES

#: entity type -> fill colour (``#RRGGBB``)
PALETTE: Final[dict[str, str]] = {
    "Organization": "#0072B2",
    "Person": "#D55E00",
    "Place": "#009E73",
    "Product": "#CC79A7",
    "AIModel": "#882255",
    "Hardware": "#E69F00",
    "Facility": "#117733",
    "Supercomputer": "#56B4E9",
    "Project": "#AA4499",
    "Event": "#F0E442",
    "Ranking": "#999933",
    "Document": "#44AA99",
    "Concept": "#BBBBBB",
}
OTHER: Final = "#8C8C8C"
#: modality -> line style shared by the exports that draw edges (DOT, Mermaid, HTML, explorer)
MODALITY_STYLE: Final[dict[str, str]] = {
    "asserted": "solid", "reported": "dashed", "planned": "dotted", "pending": "dotted",
    "expected": "dotted", "speculative": "dotted", "opinion": "dashed",
}

assert set(PALETTE) == set(ENTITY_TYPES), "every entity type needs a colour"


@dataclass(frozen=True)
class Swatch:
    """A legend entry: the type, its fill and the text colour readable on that fill."""

    type: str
    colour: str
    text: str


def colour(entity_type: str) -> str:
    """The fill colour of ``entity_type`` (grey for a type the palette does not name)."""
    return PALETTE.get(entity_type, OTHER)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``#RRGGBB`` as three integers 0-255."""
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def text_colour(hex_colour: str) -> str:
    """Black or white, whichever contrasts more with ``hex_colour`` (WCAG relative luminance)."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(hex_colour))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#FFFFFF"


def legend() -> list[Swatch]:
    """Every type with its colours, in palette order, then the catch-all ``Other``."""
    return [Swatch(t, c, text_colour(c)) for t, c in [*PALETTE.items(), ("Other", OTHER)]]
