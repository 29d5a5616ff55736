"""Readers of the sources newsgraph takes: article text (txt, md, html) and curated fact files."""
