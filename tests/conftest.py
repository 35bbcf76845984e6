"""Shared fixtures: a temp warehouse, raw cache and sources file over real saved pages."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from pipelines.config import PROJECT_ROOT, REGISTRY_DIR
from pipelines.registry import BaseMatcher, load_bases
from pipelines.resources import ReportsResource, SourcesResource, WarehouseResource

FIXTURES = Path(__file__).parent / "fixtures"
SEED_DIR = PROJECT_ROOT.parent / "shared" / "seed"


@pytest.fixture(scope="session")
def matcher() -> BaseMatcher:
    return BaseMatcher(load_bases(REGISTRY_DIR / "bases.yaml"))


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A temp folder holding a copy of the fixture archive and a sources file naming it."""
    shutil.copytree(FIXTURES / "archive", tmp_path / "archive")
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - name: fixtures\n    kind: archive\n    path: archive\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def resources(workdir: Path) -> dict:
    return {
        "warehouse": WarehouseResource(path=str(workdir / "warehouse.duckdb")),
        "sources": SourcesResource(sources_file=str(workdir / "sources.yaml"), raw_dir=str(workdir / "raw")),
        "reports": ReportsResource(path=str(workdir / "reports")),
    }


def materialize_range(resources: dict, start: str, end: str, instance: dg.DagsterInstance | None = None
                      ) -> dg.ExecuteInProcessResult:
    """Materialize the whole graph for publication dates start..end in one run, as a
    single-run backfill would."""
    from pipelines.definitions import ALL_ASSETS

    return dg.materialize(
        ALL_ASSETS, resources=resources, instance=instance or dg.DagsterInstance.ephemeral(),
        tags={ASSET_PARTITION_RANGE_START_TAG: start, ASSET_PARTITION_RANGE_END_TAG: end},
    )


@pytest.fixture
def seed_text() -> str:
    files = sorted(SEED_DIR.glob("*.txt"))
    if not files:
        pytest.skip("../shared/seed is not beside this checkout")
    return files[0].read_text(encoding="utf-8")


SATURDAY_21_OCT_2023 = dt.date(2023, 10, 21)
