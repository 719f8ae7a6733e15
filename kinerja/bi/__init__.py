"""BI beside the warehouse: Apache Superset in its own virtual environment, with the dashboard of
`dashboards/`, reading the marts as the read-only role `kinerja_bi`."""
