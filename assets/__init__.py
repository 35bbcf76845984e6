"""Asset definitions only: thin wrappers that read resources, call pipelines/ logic and
write tables. One module per group: ingest, extract, incidents, registry, analytics."""
