"""Exports of the graph to other tools' formats (one module per format)."""
