"""The export formats: name -> media type, file extension, size caps and writer.

Every writer takes a :class:`~graph.projection.shape.Subgraph` and
:class:`~graph.export.records.ExportOptions` and returns the file's bytes. :func:`export` checks
the format and its caps first (:class:`~graph.errors.UnknownFormat`, 422;
:class:`~graph.errors.ExportTooLarge`, 413), so no writer starts on a graph it must refuse.

>>> fmt = get_format("gexf")
>>> fmt.media_type, fmt.filename("tesla")
('application/gexf+xml', 'tesla.gexf')
>>> get_format("pdf")
Traceback (most recent call last):
...
graph.errors.UnknownFormat: format: unknown export format 'pdf'; one of csv, cytoscape, d3, ...
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from graph.errors import ExportTooLarge, UnknownFormat
from graph.export import cytoscape, d3, dot, gexf, graphml, html, mermaid, neo4j_csv
from graph.export.records import ExportOptions
from graph.projection import caps
from graph.projection.shape import Subgraph

Writer = Callable[[Subgraph, ExportOptions], bytes]

#: caps for the data and text formats (Mermaid too); drawings (Graphviz, the HTML page) get lower ones
DATA_NODES: Final = 20_000
DATA_EDGES: Final = 100_000
#: caps of the Graphviz drawings: the traversal's own answer caps, so any subgraph answer draws
DRAWN_NODES: Final = caps.MAX_NODES + caps.MAX_SEEDS
DRAWN_EDGES: Final = caps.MAX_EDGES


@dataclass(frozen=True)
class ExportFormat:
    """One export format and where its output opens."""

    name: str
    media_type: str
    extension: str
    writer: Writer
    opens_in: str
    max_nodes: int = DATA_NODES
    max_edges: int = DATA_EDGES

    def filename(self, stem: str) -> str:
        """``stem`` made safe for a file name, with this format's extension."""
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "newsgraph"
        return f"{safe[:80]}.{self.extension}"

    def check(self, sub: Subgraph) -> None:
        """Raise :class:`ExportTooLarge` if ``sub`` is over this format's caps."""
        n, e = len(sub.nodes), len(sub.edges)
        if n > self.max_nodes or e > self.max_edges:
            raise ExportTooLarge(
                f"{self.name}: the subgraph has {n} nodes and {e} edges; this format is capped at "
                f"{self.max_nodes} nodes and {self.max_edges} edges (choose seeds, a smaller depth or "
                "a modality filter)")


FORMATS: Final[dict[str, ExportFormat]] = {f.name: f for f in (
    ExportFormat("graphml", "application/graphml+xml", "graphml", graphml.write,
                 "yEd, Gephi, Cytoscape desktop, networkx, igraph"),
    ExportFormat("gexf", "application/gexf+xml", "gexf", gexf.write, "Gephi (laid out), networkx"),
    ExportFormat("cytoscape", "application/json", "cyjs", cytoscape.write,
                 "Cytoscape.js, Cytoscape desktop (Import Network from File)"),
    ExportFormat("d3", "application/json", "json", d3.write, "D3 (d3-force), networkx node_link_graph"),
    ExportFormat("dot", "text/vnd.graphviz", "gv", dot.write, "Graphviz (dot, neato), Gephi, yEd"),
    ExportFormat("svg", "image/svg+xml", "svg", dot.write_svg, "any browser, Inkscape",
                 max_nodes=DRAWN_NODES, max_edges=DRAWN_EDGES),
    ExportFormat("png", "image/png", "png", dot.write_png, "any image viewer",
                 max_nodes=DRAWN_NODES, max_edges=DRAWN_EDGES),
    ExportFormat("csv", "application/zip", "zip", neo4j_csv.write,
                 "neo4j-admin database import, spreadsheets, pandas"),
    ExportFormat("mermaid", "text/plain", "mmd", mermaid.write,
                 "Mermaid (GitHub/GitLab Markdown, mermaid.live, mermaid-cli; over 500 edges with "
                 "the renderer setting named in the file)"),
    ExportFormat("html", "text/html", "html", html.write, "any browser, offline",
                 max_nodes=10_000, max_edges=50_000),
)}


def get_format(name: str) -> ExportFormat:
    """The format called ``name``; :class:`UnknownFormat` lists the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise UnknownFormat("format", f"unknown export format {name!r}; one of {known}") from None


def export(sub: Subgraph, name: str, options: ExportOptions | None = None) -> bytes:
    """``sub`` written in format ``name`` (caps checked first)."""
    fmt = get_format(name)
    fmt.check(sub)
    return fmt.writer(sub, options or ExportOptions())
