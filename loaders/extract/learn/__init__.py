"""A learned relation classifier over candidate pairs of a sentence (see README, extraction method)."""
