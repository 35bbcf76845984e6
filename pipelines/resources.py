"""Resources for the outside world: the warehouse file and the sources with their raw cache.

Configured from the contract's env variables when they are set (dg.EnvVar, so the UI
shows where a value came from), else from the contract's defaults.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipelines import warehouse
from pipelines.config import DEFAULTS, resolve_path
from pipelines.ingest import RawCache
from pipelines.sources import Source, load_sources


def env_or_default(name: str) -> str | dg.EnvVar:
    """dg.EnvVar(name) when the variable is set, else the contract's default path."""
    return dg.EnvVar(name) if os.environ.get(name) else DEFAULTS[name]


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file (BASEWATCH_WAREHOUSE, default data/warehouse.duckdb)."""

    path: str = DEFAULTS["BASEWATCH_WAREHOUSE"]

    @property
    def db_path(self) -> Path:
        return resolve_path(self.path)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with warehouse.connect(self.db_path, read_only=read_only) as con:
            yield con


class SourcesResource(dg.ConfigurableResource):
    """The source list (BASEWATCH_SOURCES) and the raw page cache (BASEWATCH_RAW_DIR)."""

    sources_file: str = DEFAULTS["BASEWATCH_SOURCES"]
    raw_dir: str = DEFAULTS["BASEWATCH_RAW_DIR"]

    def load(self) -> list[Source]:
        return load_sources(resolve_path(self.sources_file))

    def cache(self) -> RawCache:
        return RawCache(resolve_path(self.raw_dir))


class ReportsResource(dg.ConfigurableResource):
    """Where charts and reports are written (BASEWATCH_REPORTS, default data/reports)."""

    path: str = DEFAULTS["BASEWATCH_REPORTS"]

    @property
    def dir(self) -> Path:
        folder = resolve_path(self.path)
        folder.mkdir(parents=True, exist_ok=True)
        return folder


def default_resources() -> dict[str, dg.ConfigurableResource]:
    return {
        "warehouse": WarehouseResource(path=env_or_default("BASEWATCH_WAREHOUSE")),
        "sources": SourcesResource(sources_file=env_or_default("BASEWATCH_SOURCES"),
                                   raw_dir=env_or_default("BASEWATCH_RAW_DIR")),
        "reports": ReportsResource(path=env_or_default("BASEWATCH_REPORTS")),
    }
