"""HTTP service and command line over the graph layer."""
