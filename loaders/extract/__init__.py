"""Extraction of fact records from article text: sentences, NLP, normalisation, rules, scoring."""
