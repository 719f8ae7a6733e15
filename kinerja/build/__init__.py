"""Building the warehouse: dbt runs (`dbt`), the rebuild window of the incremental attendance
models (`bangun_ulang`) and the national holiday calendar (`kalender`)."""
