"""The production-shaped stack as local processes, and the Airflow API client of it."""
