import pandas as pd

from pipelines.config import REGISTRY_DIR
from pipelines.registry import BaseMatcher, load_bases, load_troop_presence, registry_problems
from pipelines.textnorm import normalize

CONTRACT_BASES = {
    "ain_al_asad", "harir", "erbil_air_base", "victory", "union_iii", "al_tanf", "conoco", "al_omar",
    "green_village", "shaddadi", "rumeilan", "qasrak", "tell_beydar", "kharab_al_jir", "mss_euphrates", "tower_22",
}


def test_registry_holds_every_contract_base_with_names_and_coordinates():
    bases = load_bases(REGISTRY_DIR / "bases.yaml")
    assert set(bases["base_id"]) >= CONTRACT_BASES
    assert registry_problems(bases) == []
    assert bases["name_ar"].str.contains("[\u0600-\u06ff]").all()
    assert bases["latitude"].between(29, 38).all() and bases["longitude"].between(35, 49).all()
    assert set(bases["country"]) == {"IQ", "SY", "JO"}


def test_iraq_troop_presence_is_registered():
    presence = load_troop_presence(REGISTRY_DIR / "troop_presence.csv")
    iq = presence[presence["country"] == "IQ"].iloc[0]
    assert (iq["us_troops"], iq["coalition_troops"], iq["n_bases"]) == (2500, 1000, 3)
    assert set(presence["country"]) == {"IQ", "SY", "JO"}


def test_problems_name_the_bad_rows():
    bases = load_bases(REGISTRY_DIR / "bases.yaml")
    dup = bases.iloc[[0]].copy()
    broken = bases.iloc[[1]].copy()
    broken["latitude"] = float("nan")
    stolen = bases.iloc[[2]].copy()
    stolen.loc[:, "base_id"] = "new_base"
    stolen.loc[:, "latitude"] = 35.0
    problems = registry_problems(pd.concat([bases, dup, broken.assign(base_id="no_coords"), stolen]))
    assert any("'ain_al_asad' appears 2 times" in p for p in problems)
    assert any("'no_coords' has no latitude" in p for p in problems)
    assert any("claimed by" in p and "new_base" in p for p in problems)


def test_matcher_handles_clitics_variants_and_longest_alias(matcher: BaseMatcher):
    def ids(text: str) -> list[str]:
        return [h.base_id for h in matcher.find(normalize(text))]

    assert ids("وبقاعدة عين الاسد") == ["ain_al_asad"]
    assert ids("Ayn al-Asad") == ["ain_al_asad"]
    assert ids("للتنف") == ["al_tanf"]
    assert ids("near Erbil airport") == ["erbil_air_base"]
    assert ids("في أربيل") == []
    assert ids("Rmelan and Tell Baydar") == ["rumeilan", "tell_beydar"]


def test_enrichment_joins_the_presence_and_hosting_in_force_on_the_incident_date(tmp_path):
    import datetime as dt

    from pipelines import warehouse

    bases = load_bases(REGISTRY_DIR / "bases.yaml")
    bases.loc[bases["base_id"] == "conoco", "hosting_to"] = dt.date(2024, 6, 1)  # as if the base were handed over
    presence = load_troop_presence(REGISTRY_DIR / "troop_presence.csv")
    incidents = pd.DataFrame({
        "incident_id": ["a", "b", "c"],
        "incident_date": [dt.date(2024, 1, 5), dt.date(2025, 1, 5), dt.date(2024, 1, 5)],
        "base_id": ["conoco", "conoco", "ain_al_asad"], "country": ["SY", "SY", "IQ"]})
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.replace_table(con, "core.bases", bases)
        warehouse.replace_table(con, "core.troop_presence", presence)
        warehouse.replace_table(con, "core.incidents", incidents)
        warehouse.build_analytics(con, "incidents_enriched")
        rows = con.execute("""SELECT incident_id, country_us_troops, base_hosting_on_date, troops_as_of
                              FROM analytics.incidents_enriched ORDER BY incident_id""").fetchall()
    assert rows == [("a", 900, True, dt.date(2019, 10, 31)), ("b", 2000, False, dt.date(2024, 12, 19)),
                    ("c", 2500, True, dt.date(2021, 12, 9))]


# Registry faults through Dagster (issue 8): BASEWATCH_REGISTRY_DIR points the assets at a broken copy.
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402


def _broken_registry(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    """A copy of the registry with `edit` applied to the bases file's text."""
    folder = tmp_path / "registry"
    folder.mkdir()
    text = (REGISTRY_DIR / "bases.yaml").read_text(encoding="utf-8")
    (folder / "bases.yaml").write_text(edit(text), encoding="utf-8")
    (folder / "troop_presence.csv").write_bytes((REGISTRY_DIR / "troop_presence.csv").read_bytes())
    return folder


def _entry(text: str, base_id: str) -> str:
    start = text.index(f"  - base_id: {base_id}\n")
    end = text.find("\n  - base_id:", start + 1)
    return text[start:] if end < 0 else text[start: end + 1]


@pytest.mark.parametrize(("edit", "named"), [
    (lambda t: t + _entry(t, "harir"), "base_id 'harir' appears 2 times (entries #2, #"),
    (lambda t: t.replace(_entry(t, "harir"), "\n".join(
        line for line in _entry(t, "harir").splitlines() if "latitude" not in line) + "\n"),
     "base 'harir' has no latitude (entry #2)"),
    (lambda t: t + _entry(t, "harir").replace("base_id: harir", "base_id: harir_copy"),
     "is claimed by ['harir', 'harir_copy']"),
], ids=["duplicate-id", "missing-coordinate", "alias-claimed-twice"])
def test_an_inconsistent_registry_blocks_downstream_and_keeps_the_last_good_table(
        tmp_path, monkeypatch, resources, edit, named):
    import dagster as dg
    import duckdb

    from pipelines.definitions import ALL_ASSETS

    registry_only = dg.AssetSelection.groups("registry", "analytics")
    first = dg.materialize(ALL_ASSETS, resources=resources, instance=dg.DagsterInstance.ephemeral(),
                           selection=dg.AssetSelection.groups("registry"))
    assert first.success
    db = resources["warehouse"].db_path
    with duckdb.connect(str(db), read_only=True) as con:
        good = con.execute("SELECT base_id FROM core.bases ORDER BY 1").fetchall()

    monkeypatch.setenv("BASEWATCH_REGISTRY_DIR", str(_broken_registry(tmp_path, edit)))
    result = dg.materialize(ALL_ASSETS, resources=resources, instance=dg.DagsterInstance.ephemeral(),
                            selection=registry_only, raise_on_error=False)
    evaluation = next(e for e in result.get_asset_check_evaluations() if e.check_name == "registry_is_consistent")
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR
    assert named in evaluation.metadata["offending problems"].text
    built = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    # blocking: what reads the registry is not built from it
    assert "core/bases" in built and not {"analytics/incidents_enriched", "analytics/base_summary"} & built
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT base_id FROM core.bases ORDER BY 1").fetchall() == good


def test_a_registry_edit_rematerializes_only_what_depends_on_it(tmp_path, monkeypatch, resources, workdir):
    """A new alias: the registry, articles' relevance and mentions, incidents and analytics
    are rebuilt; no page is read or fetched and trafilatura runs on none."""
    import shutil

    import dagster as dg
    import duckdb
    from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

    from pipelines.definitions import ALL_ASSETS, apply_registry_edit

    registry = tmp_path / "registry"
    shutil.copytree(REGISTRY_DIR, registry)
    full = (registry / "bases.yaml").read_text(encoding="utf-8")
    tanf_aliases = next(line for line in full.splitlines() if line.strip().startswith("aliases: [al-Tanf"))
    # before the edit the registry knows al-Tanf only by its Arabic names
    before = full.replace(tanf_aliases, "    aliases: [التنف, قاعدة التنف]").replace(
        "name_en: al-Tanf Garrison", "name_en: Tanf Garrison Base")
    (registry / "bases.yaml").write_text(before, encoding="utf-8")
    monkeypatch.setenv("BASEWATCH_REGISTRY_DIR", str(registry))
    tags = {ASSET_PARTITION_RANGE_START_TAG: "2023-10-01", ASSET_PARTITION_RANGE_END_TAG: "2023-10-31"}
    instance = dg.DagsterInstance.ephemeral()
    first = dg.materialize(ALL_ASSETS, resources=resources, instance=instance, tags=tags)
    assert first.success
    db = workdir / "warehouse.duckdb"

    def tanf_bases() -> list:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute("""SELECT m.base_id FROM core.incident_mentions m JOIN core.articles a
                                  USING (article_id) WHERE a.url LIKE '%tanf%' AND NOT m.is_background""").fetchall()

    with duckdb.connect(str(db), read_only=True) as con:
        log_rows = con.execute("SELECT count(*) FROM core.fetch_log").fetchone()[0]
    assert ("al_tanf",) not in tanf_bases()

    (registry / "bases.yaml").write_text(full, encoding="utf-8")  # the edit: al-Tanf's English aliases
    edited = dg.Definitions(assets=ALL_ASSETS, jobs=[apply_registry_edit], resources=resources)
    result = edited.resolve_job_def("apply_registry_edit").execute_in_process(instance=instance, tags=tags)
    assert result.success
    built = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "core/pages" not in built and "core/fetch_log" not in built
    assert {"core/bases", "core/articles", "core/incident_mentions", "core/incidents",
            "analytics/base_summary"} <= built
    articles = next(e for e in result.get_asset_materialization_events()
                    if e.asset_key == dg.AssetKey(["core", "articles"])).materialization.metadata
    assert articles["extracted_now"].value == 0  # trafilatura ran on no page
    assert articles["mentions_redone"].value == articles["articles"].value == 4
    assert ("al_tanf",) in tanf_bases()
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM core.fetch_log").fetchone()[0] == log_rows  # nothing read
        assert con.execute("SELECT attacks FROM analytics.base_summary WHERE base_id = 'al_tanf'").fetchone()[0] >= 1


def test_the_intercept_rate_counts_only_incidents_with_both_figures(tmp_path):
    import duckdb

    from pipelines import warehouse

    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.replace_table(con, "core.bases", load_bases(REGISTRY_DIR / "bases.yaml"))
        warehouse.replace_table(con, "core.troop_presence", load_troop_presence(REGISTRY_DIR / "troop_presence.csv"))
        con.execute("""INSERT INTO core.incidents (incident_id, incident_date, base_id, country, projectiles,
                                                   intercepted) VALUES
                       ('a', DATE '2024-01-02', 'shaddadi', 'SY', NULL, 2),   -- shot down, but of how many?
                       ('b', DATE '2024-01-03', 'shaddadi', 'SY', 4, 1),
                       ('c', DATE '2024-01-04', 'shaddadi', 'SY', 3, NULL)""")
        warehouse.build_analytics(con, "base_summary")
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        row = con.execute("SELECT attacks, projectiles, intercepted, intercept_rate FROM analytics.base_summary "
                          "WHERE base_id = 'shaddadi'").fetchone()
    assert row == (3, 7, 3, 0.25)
