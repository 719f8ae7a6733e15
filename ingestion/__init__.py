"""Kinerja: landing, loading, ledger and the CLI of the ASN performance warehouse."""

__version__ = "0.1.0"
