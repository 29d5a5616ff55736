"""The store and everything computed over it. Never imports FastAPI or reads the environment."""
