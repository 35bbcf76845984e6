"""Incident extraction on real sentences: the seed page, fixture pages and hard cases."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from pipelines.extract import extract_mentions, is_relevant

from .conftest import FIXTURES, SATURDAY_21_OCT_2023


def news(text: str, published: dt.date, matcher) -> list:
    return [m for m in extract_mentions(text, published, matcher) if not m.is_background]


def test_seed_page_yields_exactly_the_reported_incident(seed_text, matcher):
    found = news(seed_text, SATURDAY_21_OCT_2023, matcher)
    assert len(found) == 1
    m = found[0]
    assert (m.incident_date, m.base_id, m.country, m.weapons) == (SATURDAY_21_OCT_2023, "ain_al_asad", "IQ", ["drone"])
    assert (m.projectiles, m.intercepted, m.killed, m.wounded) == (2, 1, 0, 0)
    assert m.damage == "none"
    assert m.claimed_by == "islamic_resistance_in_iraq"
    assert "طائرتين مسيرتين" in m.evidence


def test_seed_recap_of_earlier_attacks_is_background(seed_text, matcher):
    recaps = [m for m in extract_mentions(seed_text, SATURDAY_21_OCT_2023, matcher) if m.is_background]
    assert {m.base_id for m in recaps} >= {"harir"}
    assert all(m.incident_date < SATURDAY_21_OCT_2023 for m in recaps if m.incident_date)


def test_cli_extract_prints_the_seed_incident_as_json(seed_text, tmp_path: Path):
    page = tmp_path / "seed.txt"
    page.write_text(seed_text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "pipelines.cli", "extract", str(page), "--published", "2023-10-21"],
                         capture_output=True, text=True, check=True)
    incidents = json.loads(out.stdout)
    assert [(i["base_id"], i["projectiles"], i["claimed_by"]) for i in incidents] == \
        [("ain_al_asad", 2, "islamic_resistance_in_iraq")]


def test_english_wire_dateline_is_not_the_attack_day(matcher):
    text = ("AMMAN, Oct 24 - Three rockets were fired late Monday toward the al-Tanf garrison in southern Syria, "
            "two US officials said. One rocket was shot down. No US personnel were injured.")
    (m,) = news(text, dt.date(2023, 10, 24), matcher)
    assert (m.incident_date, m.base_id, m.weapons, m.projectiles, m.intercepted) == \
        (dt.date(2023, 10, 23), "al_tanf", ["rocket"], 3, 1)
    assert (m.killed, m.wounded) == (0, 0)


def test_silence_on_casualties_is_null_not_zero(matcher):
    (m,) = news("سقطت ثلاثة صواريخ فجر الثلاثاء على قاعدة حقل العمر شرقي سوريا.", dt.date(2023, 10, 24), matcher)
    assert (m.base_id, m.projectiles, m.killed, m.wounded, m.damage) == ("al_omar", 3, None, None, None)
    assert m.incident_date == dt.date(2023, 10, 24)


def test_arabic_indic_digits_and_clitics(matcher):
    (m,) = news("واستهدفت ٤ صواريخ كاتيوشا قاعدة عين الاسد مساء الأحد.", dt.date(2023, 10, 23), matcher)
    assert (m.base_id, m.weapons, m.projectiles, m.incident_date) == \
        ("ain_al_asad", ["rocket"], 4, dt.date(2023, 10, 22))


def test_killed_and_wounded_numbers(matcher):
    text = ("A one-way attack drone struck Tower 22 in northeastern Jordan on Sunday, killing three US service "
            "members. More than 40 troops were wounded, officials said.")
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert (m.base_id, m.country, m.killed, m.wounded, m.projectiles) == ("tower_22", "JO", 3, 40, 1)
    assert m.incident_date == dt.date(2024, 1, 28)
    assert "us" in (m.casualty_groups or "")


def test_two_incidents_in_one_article(matcher):
    text = ("Drones attacked Harir air base on Thursday, officials said. "
            "Separately, two rockets hit al-Shaddadi in Hasakah province the same day.")
    found = news(text, dt.date(2023, 11, 17), matcher)
    assert sorted(m.base_id for m in found) == ["harir", "shaddadi"]


def test_al_qaeda_and_databases_are_not_bases(matcher):
    text = ("بدأت محكمة في بغداد محاكمة خمسة متهمين بالانتماء إلى تنظيم القاعدة. "
            "وأنشأت السلطات قاعدة بيانات للمطلوبين بعد هجمات في الأنبار.")
    assert not is_relevant(extract_mentions(text, dt.date(2023, 10, 22), matcher))


def test_attack_years_ago_is_background_only(matcher):
    text = "In January 2020, Iran fired more than a dozen ballistic missiles at Ain al-Asad air base."
    found = extract_mentions(text, dt.date(2024, 1, 8), matcher)
    assert found and all(m.is_background for m in found)


def test_unnamed_base_keeps_country_and_place(matcher):
    (m,) = news("Two drones targeted a US base in eastern Syria on Friday, a monitor said.",
                dt.date(2023, 10, 28), matcher)
    assert m.base_id is None and m.country == "SY" and "base" in (m.location_text or "")


def test_fixture_page_end_to_end_through_html(matcher):
    from pipelines.articles import process_article

    raw = (FIXTURES / "archive" / "ar_asad_drones.html").read_bytes()
    result = process_article({"article_id": "x", "url": "u", "source": "s",
                              "published_date": SATURDAY_21_OCT_2023}, raw, matcher)
    assert result.row["is_relevant"] and result.row["language"] == "ar"
    (m,) = [m for m in result.mentions if not m.is_background]
    assert (m.base_id, m.projectiles, m.intercepted, m.killed, m.damage) == ("ain_al_asad", 2, 1, 0, "none")
