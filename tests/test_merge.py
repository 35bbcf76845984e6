import datetime as dt

import pandas as pd

from pipelines.merge import merge_incidents


def mention(mid: str, day: int, base: str | None, country: str = "IQ", source: str = "a", pub: int | None = None,
            projectiles: int | None = None, weapons: tuple = ("drone",)) -> dict:
    return {"mention_id": mid, "article_id": f"art_{mid}", "incident_date": dt.date(2023, 10, day), "base_id": base,
            "location_text": None, "country": country, "weapons": list(weapons), "projectiles": projectiles,
            "intercepted": None, "killed": None, "wounded": None, "damage": None, "claimed_by": None,
            "is_background": False, "published_date": dt.date(2023, 10, pub or day), "source": source}


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows).astype(object)


def test_reports_of_one_attack_merge_across_outlets_and_a_day_of_lag():
    rows = [mention("m1", 18, "ain_al_asad", projectiles=2, source="afp"),
            mention("m2", 19, "ain_al_asad", projectiles=2, source="reuters"),
            mention("m3", 18, "ain_al_asad", projectiles=3, source="rudaw"),
            mention("m4", 25, "ain_al_asad", source="afp"),
            mention("m5", 18, "harir")]
    incidents, links = merge_incidents(frame(rows))
    assert len(incidents) == 3
    asad = incidents[(incidents["base_id"] == "ain_al_asad") & (incidents["n_mentions"] == 3)].iloc[0]
    assert asad["incident_date"] == dt.date(2023, 10, 18)
    assert (asad["projectiles"], asad["projectiles_min"], asad["projectiles_max"]) == (2, 2, 3)
    assert asad["n_sources"] == 3 and asad["first_reported"] == dt.date(2023, 10, 18)
    assert set(links["mention_id"]) == {"m1", "m2", "m3", "m4", "m5"}


def test_unnamed_base_joins_the_only_named_incident_of_its_country():
    rows = [mention("m1", 18, "al_tanf", country="SY"), mention("m2", 18, None, country="SY"),
            mention("m3", 18, None, country="IQ")]
    incidents, _ = merge_incidents(frame(rows))
    assert sorted(incidents["n_mentions"]) == [1, 2]


def test_incident_ids_are_stable_when_reports_arrive_and_on_rerun():
    first, links = merge_incidents(frame([mention("m1", 18, "harir", pub=18)]))
    later_rows = [mention("m0", 18, "harir", pub=18, source="b"), mention("m1", 18, "harir", pub=18),
                  mention("m9", 30, "harir")]
    again, links2 = merge_incidents(frame(later_rows), links)
    harir_18 = again[again["incident_date"] == dt.date(2023, 10, 18)].iloc[0]
    assert harir_18["incident_id"] == first.iloc[0]["incident_id"]
    rerun, _ = merge_incidents(frame(later_rows), links2)
    assert sorted(rerun["incident_id"]) == sorted(again["incident_id"])


def test_merge_checks_find_what_they_guard(tmp_path):
    from pipelines import quality, warehouse

    with warehouse.connect(tmp_path / "w.duckdb") as con:
        con.execute("""INSERT INTO core.incidents (incident_id, incident_date, base_id, projectiles, projectiles_min,
                       projectiles_max) VALUES ('a', DATE '2023-10-18', 'harir', 5, 1, 3),
                       ('b', DATE '2023-10-19', 'harir', 2, 2, 2)""")
        con.execute("INSERT INTO core.incident_links VALUES ('b', 'm1')")
        con.execute("INSERT INTO core.incident_mentions (mention_id) VALUES ('m1')")
        assert quality.incidents_the_merge_would_join(con, 1) == [
            ("a", "b", "harir", dt.date(2023, 10, 18), dt.date(2023, 10, 19))]
        assert quality.incidents_the_merge_would_join(con, 0) == []
        assert quality.untraceable_incidents(con) == [("a",)]
        assert quality.figures_outside_range(con) == [("a",)]


def test_two_attacks_one_article_reports_on_one_base_and_day_stay_two():
    morning = mention("m1", 20, "ain_al_asad", projectiles=2) | {"article_id": "same"}
    evening = mention("m2", 20, "ain_al_asad", projectiles=5, weapons=("rocket",)) | {"article_id": "same"}
    other = mention("m3", 20, "ain_al_asad", projectiles=2, source="b")  # another outlet's report of one of them
    incidents, links = merge_incidents(frame([morning, evening, other]))
    assert len(incidents) == 2
    assert sorted(incidents["n_mentions"]) == [1, 2]
    assert links.groupby("incident_id")["mention_id"].apply(set).map(lambda s: s >= {"m1", "m2"}).sum() == 0


def test_incompatible_weapons_on_one_base_and_day_are_two_incidents():
    rows = [mention("m1", 20, "harir", weapons=("drone",)), mention("m2", 20, "harir", weapons=("rocket",), source="b"),
            mention("m3", 20, "harir", weapons=(), source="c")]
    incidents, _ = merge_incidents(frame(rows))
    assert len(incidents) == 2 and sorted(incidents["n_mentions"]) == [1, 2]


def test_confirmed_figures_outvote_claims_and_the_range_stays_visible():
    claims = [mention(f"c{i}", 20, "al_tanf", country="SY", projectiles=5, source=f"s{i}") | {"claim_only": True}
              for i in range(3)]
    official = mention("o1", 20, "al_tanf", country="SY", projectiles=2, source="centcom") | {"claim_only": False}
    incidents, _ = merge_incidents(frame([*claims, official]))
    row = incidents.iloc[0]
    assert (row["projectiles"], row["projectiles_min"], row["projectiles_max"]) == (2, 2, 5)


def test_weapons_arrive_as_numpy_arrays_from_duckdb():
    import numpy as np

    rows = [mention("m1", 20, "harir") | {"weapons": np.array(["drone"])},
            mention("m2", 20, "harir", source="b") | {"weapons": np.array(["drone", "rocket"])},
            mention("m3", 20, "harir", source="c") | {"weapons": None}]
    incidents, _ = merge_incidents(frame(rows))
    assert len(incidents) == 1 and incidents.iloc[0]["weapons"] == ["drone", "rocket"]


def test_reconciled_interceptions_never_exceed_reconciled_projectiles():
    rows = [mention("m1", 20, "harir", projectiles=2) | {"intercepted": 2},
            mention("m2", 20, "harir", projectiles=2, source="b") | {"intercepted": 3},
            mention("m3", 20, "harir", projectiles=5, source="c") | {"intercepted": 3}]
    row = merge_incidents(frame(rows))[0].iloc[0]
    assert (row["projectiles"], row["intercepted"]) == (2, 2)
    assert (row["intercepted_min"], row["intercepted_max"]) == (2, 3)
