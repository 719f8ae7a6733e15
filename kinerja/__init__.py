"""Kinerja: the application around the ASN performance warehouse.

One folder per job; imports only go down this list, so no room depends on one above it
(tests/test_layout.py checks it):

    core        settings and errors (imports nothing of the project)
    warehouse   the PostgreSQL connection, the embedded server, the SQL functions every layer uses
    ingestion/, expectations/ (top-level packages)   landing -> raw, and its Great Expectations gate
    build       dbt runs, the rebuild window of incremental models, the national calendar
    synth       the synthetic landing-file generator
    stack       the production-shaped stack as supervised local processes; the Airflow API client
    access      the inspectorate logins and the instansi each may read (row-level security)
    publish     the monthly publication: frozen, append-only revisions in `laporan`
    report      the inspectorate report (XLSX, PDF) of a publication, and `explain`
    run         a night's loading step, its verdict and notifications, and the chain through Airflow
    bench       the speed figures of docs/performance.md
    cli         the `kinerja` command, one module per command group
"""

__version__ = "0.1.0"
