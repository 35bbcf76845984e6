"""basewatch: attacks on military bases tracked from the news.

Pure logic lives in plain modules here (no Dagster imports): sources, html, textnorm,
numbers, dates, extract, registry, merge, warehouse. The Dagster wiring lives in
resources, partitions, definitions and cli.
"""
