"""Relations from the dependency parse: trigger lexicons, paths between mentions, values."""
