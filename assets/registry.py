"""Registry group: bases and troop presence from the editable files under data/registry/."""

import os
from pathlib import Path

import dagster as dg

from assets._common import check, spec
from pipelines import quality, registry
from pipelines import warehouse as wh
from pipelines.config import REGISTRY_DIR, registry_dir
from pipelines.resources import WarehouseResource

BASES = ["core", "bases"]
TROOPS = ["core", "troop_presence"]


def _registry_dir() -> Path:
    """BASEWATCH_REGISTRY_DIR when set, else this module's REGISTRY_DIR (read at run time so a
    test or a staging registry can point elsewhere)."""
    return registry_dir() if os.environ.get("BASEWATCH_REGISTRY_DIR") else REGISTRY_DIR


@dg.asset(
    key=BASES, group_name="registry", kinds={"duckdb"}, pool="warehouse",
    code_version=registry.file_version(registry_dir() / "bases.yaml"),
    check_specs=[spec("registry_is_consistent", BASES,
                      "No duplicate base id, no missing coordinate, no alias claimed by two bases.", blocking=True)],
)
def bases(warehouse: WarehouseResource):
    """The base registry (data/registry/bases.yaml): ids, Arabic and English names, aliases,
    province, coordinates and who is hosted."""
    path = _registry_dir() / "bases.yaml"
    frame = registry.load_bases(path)
    problems = registry.registry_problems(frame)
    with warehouse.connect() as con:
        # An inconsistent file is not written: later runs (extraction reads core.bases) keep
        # matching against the last consistent registry until the file is fixed.
        if not problems:
            wh.replace_table(con, "core.bases", frame)
        preview = wh.markdown_preview(con, "SELECT base_id, name_en, name_ar, country, province FROM core.bases",
                                      limit=30)
    yield dg.MaterializeResult(metadata={
        "bases": len(frame), "file": str(path), "written": not problems, "preview": dg.MetadataValue.md(preview)})
    yield check("registry_is_consistent", BASES, problems, blocking=True, what="problems")


@dg.asset(
    key=TROOPS, group_name="registry", kinds={"duckdb"}, pool="warehouse",
    code_version=registry.file_version(registry_dir() / "troop_presence.csv"),
    check_specs=[spec("troop_totals_as_registered", TROOPS,
                      "The table holds exactly the registered presence rows (Iraq: 2,500 US, 1,000 coalition, "
                      "three bases).", blocking=True)],
)
def troop_presence(warehouse: WarehouseResource):
    """Troop presence by country, each row valid from `as_of` until `valid_to`."""
    frame = registry.load_troop_presence(_registry_dir() / "troop_presence.csv")
    with warehouse.connect() as con:
        wh.replace_table(con, "core.troop_presence", frame)
        problems = quality.troop_presence_mismatch(con, registry.presence_rows(frame))
        iraq = con.execute("SELECT count(*) FROM core.troop_presence WHERE country = 'IQ' AND us_troops = 2500 "
                           "AND coalition_troops = 1000 AND n_bases = 3").fetchone()[0]
        preview = wh.markdown_preview(con, "SELECT * FROM core.troop_presence")
    if not iraq:
        problems.append("no Iraq row of 2,500 US and 1,000 coalition troops in three bases")
    yield dg.MaterializeResult(metadata={"rows": len(frame), "preview": dg.MetadataValue.md(preview)})
    yield check("troop_totals_as_registered", TROOPS, problems, blocking=True, what="problems")
