"""Landing -> raw: discovery and readers (`landing`), the COPY loader (`loader`), the ledger and raw
partitions (`ledger`), the quarantine (`quarantine`) and the source contracts (`sources`).

It knows nothing of Great Expectations: the loader takes a validator (`ingestion.validation`),
and `kinerja.run.ingest` hands it the one in `expectations.gates`."""
