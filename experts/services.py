"""Writes of the experts app (being written)."""
