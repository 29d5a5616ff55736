"""Declarative relation rules (YAML) and the engine that applies them to masked sentences."""
