"""Inspectorate reports rendered from a publication (to come)."""
