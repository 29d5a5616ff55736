"""Sources to facts to quads: text, curated fact files and RDF files."""
