"""Great Expectations suites (suites/<source>.json, one per source) and the code that runs them
inside PostgreSQL on each loaded batch."""
