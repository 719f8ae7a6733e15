"""Running the pipeline: a night's loading step with its validation gate (`ingest`), the Airflow
Assets the DAGs share (`assets`) and `kinerja run`, the whole chain through the DAGs (`chain`)."""
