"""Inspectorate reports rendered from a publication (XLSX and PDF), and `explain`."""
