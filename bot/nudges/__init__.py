"""Nudges: when each DM prompt is due (policy) and the sweep that sends due ones (dispatcher)."""
