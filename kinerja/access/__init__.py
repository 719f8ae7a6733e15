"""Roles and row-level security: the loader, transformer, BI and inspectorate logins (to come)."""
