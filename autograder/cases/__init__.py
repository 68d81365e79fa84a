"""Seeded inputs for the hidden checks, one module per assignment (`CASES`).

Seeds and shapes here are never shown in the notebooks, so reading the visible cells does
not reveal what the hidden checks compare.
"""
