"""Vocabulary, SHACL shapes and IRI minting shared by every layer."""
