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
