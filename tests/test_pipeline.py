"""The assets through Dagster on a real temp DuckDB file and an ephemeral instance."""

import base64
import io
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
from PIL import Image

from pipelines.config import PROJECT_ROOT

from .conftest import materialize_range

CONTRACT_CHECK = PROJECT_ROOT.parent / "shared" / "tools" / "check_contract.py"
TABLES = ["core.pages", "core.articles", "core.incident_mentions", "core.incidents", "core.incident_links",
          "core.bases", "core.troop_presence", "analytics.incidents_enriched", "analytics.daily_attacks",
          "analytics.base_summary", "analytics.claimant_summary", "analytics.attack_tempo",
          "analytics.attacks_per_troops"]


def counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_definitions_load_with_all_groups_jobs_and_schedule():
    from pipelines.definitions import defs

    graph = defs.resolve_asset_graph()
    groups = {graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert groups == {"ingest", "extract", "incidents", "registry", "analytics"}
    assert defs.resolve_job_def("daily_refresh").partitions_def is not None
    schedule = defs.resolve_schedule_def("daily_refresh_schedule")
    assert schedule.cron_schedule == "0 3 * * *"
    for key in (["core", "pages"], ["core", "articles"], ["core", "incident_mentions"]):
        assert graph.get(dg.AssetKey(key)).backfill_policy == dg.BackfillPolicy.single_run()


def test_a_range_run_fills_every_contract_table(resources: dict, workdir: Path):
    result = materialize_range(resources, "2023-10-01", "2023-10-31")
    assert result.success
    db = workdir / "warehouse.duckdb"
    n = counts(db)
    assert all(v > 0 for v in n.values()), n
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM core.articles WHERE is_relevant").fetchone()[0] == 3
        undated = con.execute("SELECT error FROM core.fetch_log WHERE url LIKE '%en_undated%'").fetchall()
        assert undated and undated[0][0].startswith("undated")
        row = con.execute("""SELECT base_id, weapons, projectiles, intercepted, claimed_by, country_us_troops
                             FROM analytics.incidents_enriched WHERE base_id = 'ain_al_asad'""").fetchone()
        assert row == ("ain_al_asad", ["drone"], 2, 1, "islamic_resistance_in_iraq", 2500)
    checks = {(e.asset_key.to_user_string(), e.check_name): e.passed for e in result.get_asset_check_evaluations()}
    # 16: the 15 data checks and core/fetch_log every_source_available
    assert len(checks) == 16 and all(checks.values()), checks
    for chart in ("attacks_per_week.png", "attacks_per_base.png"):
        assert (workdir / "reports" / chart).read_bytes().startswith(b"\x89PNG")
    # the metadata, stored once per partition, holds a small copy of each chart
    charts_md = next(e.materialization.metadata for e in result.get_asset_materialization_events()
                     if e.asset_key == dg.AssetKey(["analytics", "attack_charts"]))
    for name, path in (("weekly_chart", "attacks_per_week.png"), ("base_chart", "attacks_per_base.png")):
        thumbnail = base64.b64decode(charts_md[name].value.split("base64,", 1)[1].rstrip(")"))
        full = (workdir / "reports" / path).read_bytes()
        assert thumbnail.startswith(b"\x89PNG") and len(thumbnail) < len(full) / 3
        assert Image.open(io.BytesIO(thumbnail)).width == 640
    with duckdb.connect(str(db), read_only=True) as con:
        # three incidents on 21 and 24 October: the 7-day mean on the 24th counts both countries' days
        tempo = dict(con.execute("""SELECT country, attacks_7d_mean FROM analytics.attack_tempo
                                    WHERE day = DATE '2023-10-24'""").fetchall())
        assert tempo == {"SY": round(2 / 4, 3), "IQ": round(1 / 4, 3)}
        per_troops = dict(con.execute("SELECT country, attacks_per_1000_troops FROM analytics.attacks_per_troops")
                          .fetchall())
        assert per_troops["IQ"] == round(1000 * 1 / 3500, 3)
    if CONTRACT_CHECK.exists():
        out = subprocess.run([sys.executable, str(CONTRACT_CHECK), str(db)], capture_output=True, text=True)
        assert out.returncode == 0, out.stdout


def test_rerunning_a_partition_changes_no_row_count_and_keeps_incident_ids(resources: dict, workdir: Path):
    db = workdir / "warehouse.duckdb"
    assert materialize_range(resources, "2023-10-01", "2023-10-31").success
    before = counts(db)
    with duckdb.connect(str(db), read_only=True) as con:
        ids = sorted(r[0] for r in con.execute("SELECT incident_id FROM core.incidents").fetchall())
    assert materialize_range(resources, "2023-10-24", "2023-10-24").success
    assert materialize_range(resources, "2023-10-01", "2023-10-31").success
    assert counts(db) == before
    with duckdb.connect(str(db), read_only=True) as con:
        assert sorted(r[0] for r in con.execute("SELECT incident_id FROM core.incidents").fetchall()) == ids
        # the fetch log is a log: each run's attempts are new rows, never rewritten
        assert con.execute("SELECT count(DISTINCT run_id) FROM core.fetch_log").fetchone()[0] == 3


def test_one_day_partition_holds_only_that_day(resources: dict, workdir: Path):
    assert materialize_range(resources, "2023-10-21", "2023-10-21").success
    with duckdb.connect(str(workdir / "warehouse.duckdb"), read_only=True) as con:
        days = con.execute("SELECT DISTINCT published_date::VARCHAR FROM core.articles").fetchall()
    assert days == [("2023-10-21",)]


def test_a_registry_with_a_duplicate_base_blocks_downstream(resources: dict, tmp_path: Path, monkeypatch):
    import assets.registry
    from pipelines.config import REGISTRY_DIR
    from pipelines.definitions import ALL_ASSETS

    broken = tmp_path / "registry"
    broken.mkdir()
    text = (REGISTRY_DIR / "bases.yaml").read_text(encoding="utf-8")
    first_entry = text[text.index("  - base_id: ain_al_asad"): text.index("  - base_id: harir")]
    (broken / "bases.yaml").write_text(text + first_entry, encoding="utf-8")
    (broken / "troop_presence.csv").write_bytes((REGISTRY_DIR / "troop_presence.csv").read_bytes())
    monkeypatch.setattr(assets.registry, "REGISTRY_DIR", broken)

    result = dg.materialize(ALL_ASSETS, resources=resources, instance=dg.DagsterInstance.ephemeral(),
                            selection=dg.AssetSelection.groups("registry", "analytics"), raise_on_error=False)
    evaluations = [e for e in result.get_asset_check_evaluations() if e.check_name == "registry_is_consistent"]
    assert evaluations and not evaluations[0].passed
    assert "'ain_al_asad' appears 2 times" in evaluations[0].metadata["offending problems"].text
    # blocking: nothing that reads the registry is built from it
    built = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "analytics/incidents_enriched" not in built and "analytics/base_summary" not in built


def articles_metadata(result: dg.ExecuteInProcessResult) -> dict:
    # a range run records one materialization per partition, all with the run's metadata
    events = [e for e in result.get_asset_materialization_events() if e.asset_key == dg.AssetKey(["core", "articles"])]
    assert len(events) == 31
    return {k: v.value for k, v in events[0].materialization.metadata.items()}


def test_a_rerun_extracts_no_unchanged_page_again(resources: dict, workdir: Path):
    first = articles_metadata(materialize_range(resources, "2023-10-01", "2023-10-31"))
    assert first["extracted_now"] == 4
    second = articles_metadata(materialize_range(resources, "2023-10-01", "2023-10-31"))
    assert (second["extracted_now"], second["unchanged_skipped"], second["articles"]) == (0, 4, 4)
    # a changed page is extracted again, and only that one
    page = workdir / "archive" / "en_tanf_rockets.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Three rockets", "Four rockets"), encoding="utf-8")
    third = articles_metadata(materialize_range(resources, "2023-10-01", "2023-10-31"))
    assert third["extracted_now"] == 1
    with duckdb.connect(str(workdir / "warehouse.duckdb"), read_only=True) as con:
        row = con.execute("SELECT projectiles FROM core.incident_mentions WHERE base_id = 'al_tanf'").fetchone()
    assert row == (4,)


def test_an_older_warehouse_gains_new_columns_and_keeps_its_rows(tmp_path: Path):
    from pipelines import warehouse

    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE SCHEMA core; CREATE TABLE core.articles (article_id VARCHAR, url VARCHAR)")
        con.execute("INSERT INTO core.articles VALUES ('a1', 'https://x.test/1')")
    with warehouse.connect(db) as con:
        cols = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                          "WHERE table_name = 'articles'").fetchall()}
        assert {"is_relevant", "extractor_version", "text"} <= cols
        assert con.execute("SELECT count(*) FROM core.articles").fetchone()[0] == 1


def built_assets(result: dg.ExecuteInProcessResult) -> set[str]:
    return {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}


def test_a_run_that_changes_nothing_skips_every_step_after_the_pass(resources: dict, workdir: Path):
    (workdir / "archive" / "en_undated.html").unlink()  # a page that fails is read again on every run
    db = workdir / "warehouse.duckdb"
    assert materialize_range(resources, "2023-10-01", "2023-10-31").success
    before = counts(db)
    again = materialize_range(resources, "2023-10-01", "2023-10-31")
    assert again.success
    # the ephemeral instance gets no record of the unchanged tables: only the registry,
    # which is read from its files on every run, is materialized
    assert built_assets(again) == {"core/bases", "core/troop_presence"}
    skipped = {e.step_key for e in again.all_events if e.event_type_value == "STEP_SKIPPED"}
    assert {"core__incidents", "analytics__base_summary", "analytics__attack_charts"} <= skipped
    assert counts(db) == before


def test_a_run_with_unchanged_pages_still_rebuilds_what_a_registry_edit_or_lost_chart_made_stale(
        resources: dict, workdir: Path, monkeypatch):
    import assets.registry
    from pipelines.config import REGISTRY_DIR

    (workdir / "archive" / "en_undated.html").unlink()
    db = workdir / "warehouse.duckdb"
    assert materialize_range(resources, "2023-10-01", "2023-10-31").success
    registry = workdir / "registry"
    registry.mkdir()
    (registry / "bases.yaml").write_bytes((REGISTRY_DIR / "bases.yaml").read_bytes())
    presence = (REGISTRY_DIR / "troop_presence.csv").read_text(encoding="utf-8")
    more_us_troops = presence.replace("SY,2019-10-31,2024-12-19,900,", "SY,2019-10-31,2024-12-19,1200,")
    assert more_us_troops != presence
    (registry / "troop_presence.csv").write_text(more_us_troops, encoding="utf-8")
    monkeypatch.setattr(assets.registry, "REGISTRY_DIR", registry)
    edited = materialize_range(resources, "2023-10-01", "2023-10-31")
    assert edited.success and "analytics/attacks_per_troops" in built_assets(edited)
    with duckdb.connect(str(db), read_only=True) as con:
        sql = "SELECT us_troops FROM analytics.attacks_per_troops WHERE country = 'SY'"
        assert con.execute(sql).fetchone() == (1200,)

    chart = workdir / "reports" / "attacks_per_week.png"
    chart.unlink()
    redrawn = materialize_range(resources, "2023-10-01", "2023-10-31")
    assert "analytics/attack_charts" in built_assets(redrawn) and chart.exists()


def test_an_instance_that_keeps_history_records_every_run(resources: dict, workdir: Path):
    (workdir / "archive" / "en_undated.html").unlink()
    with dg.instance_for_test() as instance:
        assert not instance.is_ephemeral
        assert materialize_range(resources, "2023-10-01", "2023-10-31", instance=instance).success
        again = materialize_range(resources, "2023-10-01", "2023-10-31", instance=instance)
        assert again.success and {"core/articles", "core/incidents", "analytics/base_summary"} <= built_assets(again)
