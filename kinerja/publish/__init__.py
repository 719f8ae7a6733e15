"""Monthly publication into `laporan`: frozen, append-only revisions (to come)."""
