-- First start of the compose PostgreSQL: Airflow's metadata database beside the warehouse. The
-- warehouse's roles, schemas and grants are not here: `kinerja db start` (service kinerja-init)
-- applies kinerja/warehouse/sql/roles.sql, the one source the embedded server uses too, with
-- passwords generated into the shared state volume.
create database airflow;
