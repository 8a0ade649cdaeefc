"""Thin Bolt listeners, one module per surface; each module has `register(app)`."""
