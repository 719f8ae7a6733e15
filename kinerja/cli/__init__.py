"""The `kinerja` command: `main` assembles one module per command group (`db`, `synth`, `ingest`,
`build`, `run`, `bench`)."""
