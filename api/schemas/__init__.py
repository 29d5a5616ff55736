"""Pydantic response models of the REST API (``/api/...``), with OpenAPI examples."""
