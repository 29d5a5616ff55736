"""Read models computed over the store: articles, stats."""
