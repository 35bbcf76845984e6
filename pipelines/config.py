"""Paths and defaults from ../shared/CONTRACT.md, resolved from the project root, never the cwd."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
REGISTRY_DIR = DATA_DIR / "registry"
LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"

# env variable -> default path relative to the project root (the contract's table)
DEFAULTS: dict[str, str] = {
    "BASEWATCH_WAREHOUSE": "data/warehouse.duckdb",
    "BASEWATCH_SOURCES": "data/sources.yaml",
    "BASEWATCH_RAW_DIR": "data/raw",
    "BASEWATCH_REPORTS": "data/reports",
}

# First publication day the pipeline partitions (the war's first attacks came on 17 October 2023).
PARTITIONS_START = "2023-10-01"


def resolve_path(value: str | os.PathLike[str]) -> Path:
    """An absolute path as given, a relative one against the project root."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def setting(name: str) -> Path:
    """The path for one of the contract's env variables, falling back to its default."""
    return resolve_path(os.environ.get(name) or DEFAULTS[name])


def registry_dir() -> Path:
    """The base registry folder: BASEWATCH_REGISTRY_DIR when set (tests, a staging registry),
    else data/registry."""
    value = os.environ.get("BASEWATCH_REGISTRY_DIR")
    return resolve_path(value) if value else REGISTRY_DIR
