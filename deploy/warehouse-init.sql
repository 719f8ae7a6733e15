-- First start of the compose PostgreSQL: the warehouse and Airflow databases, and the roles of
-- published.md. Passwords here are for a local stack only; set real ones through the environment.
create database airflow;
create role kinerja_bi login password 'kinerja_bi';
\connect kinerja
create schema if not exists marts;
create schema if not exists laporan;
grant usage on schema marts, laporan to kinerja_bi;
alter default privileges in schema marts grant select on tables to kinerja_bi;
alter default privileges in schema laporan grant select on tables to kinerja_bi;
