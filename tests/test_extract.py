"""Incident extraction on real sentences: the seed page, fixture pages and hard cases."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.extract import extract_mentions, is_relevant, might_report_incident
from pipelines.gold import ARCHIVE_DIR

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


# ---------------------------------------------------------------- speed (issue 7)

@pytest.fixture(scope="module")
def dev_texts() -> list[tuple[str, str, dt.date]]:
    """(page name, trafilatura text, publication date) for every page of the dev archive."""
    from pipelines.dates import parse_iso_date
    from pipelines.html import decode_html, extract_text, page_metadata

    out = []
    for path in sorted(ARCHIVE_DIR.glob("*.html")):
        html = decode_html(path.read_bytes())
        sidecar = path.with_suffix(".json")
        published = parse_iso_date(json.loads(sidecar.read_text(encoding="utf-8")).get("published")) \
            if sidecar.exists() else None
        text = extract_text(html)
        if text:
            out.append((path.name, text, published or page_metadata(html).published or dt.date(2024, 1, 1)))
    assert len(out) >= 100
    return out


def test_prefilter_keeps_every_page_with_a_mention(dev_texts, matcher):
    with_mentions = 0
    for name, text, published in dev_texts:
        if extract_mentions(text, published, matcher):
            with_mentions += 1
            assert might_report_incident(text), name
            assert might_report_incident(text, matcher), name
    assert with_mentions >= 50


@pytest.mark.parametrize("text", [
    "The central bank raised interest rates by half a point on Tuesday, citing inflation.",
    "افتتح وزير التربية العراقي اليوم الأحد مدرسة جديدة في بغداد بحضور عدد من المسؤولين.",
    "Ain al-Asad is a large air base in Anbar province.",  # a base, but nothing happened to it
    "",
])
def test_prefilter_rejects_text_about_nothing_of_the_kind(text):
    assert not might_report_incident(text)


def test_prefilter_with_matcher_needs_a_place(matcher):
    text = "Russian drones struck the port of Odesa overnight."
    assert might_report_incident(text)
    assert not might_report_incident(text, matcher)
    assert might_report_incident("A drone struck Ain al-Asad.", matcher)
    assert might_report_incident("طائرة مسيرة استهدفت قاعدة عسكرية.", matcher)


def test_one_scan_finds_what_each_phrase_set_finds(dev_texts):
    """The article-wide scanner equals every set's own finditer, hit for hit."""
    from pipelines.extract import _joined, _scanner
    from pipelines.textnorm import normalize, split_sentences

    scanner = _scanner()
    for _name, text, _published in dev_texts:
        joined, _ = _joined([normalize(s) for s in split_sentences(text)])
        found = scanner.scan(joined)
        for name, phrase_set in zip(scanner.names, scanner._sets, strict=True):
            assert found[name] == phrase_set.find(joined), name


def test_trie_alternation_matches_the_flat_longest_first_alternation():
    import re

    from pipelines.phrases import trie_alternation

    phrases = ["a", "ab", "abc", "abd", "b", "ba", "u.s.", "u.s. base", "قاعدة", "قاعدة عسكرية", "قا"]
    flat = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    texts = ["abc ab a abd abx", "u.s. base u.s. bases", "قاعدة عسكرية وقاعدة قا", "ba b bab"]
    for wrap in (r"(?<!\w)({})(?!\w)", r"({})"):
        for text in texts:
            assert [m.span(1) for m in re.finditer(wrap.format(trie_alternation(phrases)), text)] == \
                [m.span(1) for m in re.finditer(wrap.format(flat), text)]


def test_whole_words_matches_a_look_behind_in_front():
    import re

    from pipelines.phrases import whole_words

    words = ["said", "says", "on board", "and", "منذ", "a"]
    texts = ["said it", "unsaid said", "x,said", "onboard on board", "band and sand", "ومنذ منذ", "a ba a",
             "\nsaid", "said\nsays", "", "sa", "9said", "_and"]
    for text in texts:
        for start in range(len(text) + 1):
            assert [m.span() for m in re.compile(whole_words(words) + r"(?!\w)").finditer(text, start)] == \
                [m.span() for m in re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
                 .finditer(text, start)], (text, start)


def test_phrase_set_search_agrees_with_its_pattern():
    from pipelines.phrases import PhraseSet

    phrases = PhraseSet({"base": ["the base", "القاعدة"], "crew": ["crew"]})
    for text in ["at the base", "bathe base", "وبالقاعده", "القاعدهx", "screw crew", "screw", "", "ك القاعده"]:
        assert phrases.search(text) == bool(phrases._pattern.search(text)), text


def test_read_sentence_still_reads_one_sentence_in_full(matcher):
    from pipelines.extract import read_sentence

    facts = read_sentence(4, "Two drones struck al-Tanf on Sunday, wounding three US troops.", dt.date(2023, 10, 24),
                          matcher)
    assert facts.index == 4 and facts.attack and facts.weapons == {"drone": 2} and facts.wounded == 3
    assert [b.base_id for b in facts.bases] == ["al_tanf"] and facts.dates


# ---------------------------------------------------------------- quality rules (issue 4)

def test_negated_outcome_words_mean_none(matcher):
    (m,) = news("طائرة مسيرة واحدة هاجمت قاعدة حرير الجوية يوم الخميس، والهجوم لم يوقع أي إصابات ولم يلحق أي أضرار.",
                dt.date(2023, 11, 17), matcher)
    assert (m.killed, m.wounded, m.damage) == (0, 0, "none")
    (m,) = news("Ain al-Asad air base was targeted by rockets on Friday, with neither attack causing casualties.",
                dt.date(2023, 12, 8), matcher)
    assert (m.killed, m.wounded) == (0, 0)


def test_wala_khasaer_is_no_casualties_and_no_damage(matcher):
    (m,) = news("أربعة صواريخ كاتيوشا استهدفت قاعدة عين الأسد يوم الاثنين ولا خسائر.", dt.date(2023, 10, 30), matcher)
    assert (m.projectiles, m.killed, m.wounded, m.damage) == (4, 0, 0, "none")


def test_a_share_intercepted_is_no_count(matcher):
    text = ("Militants fired ballistic missiles and rockets at Al-Asad Airbase on Saturday evening. "
            "Most of the missiles were intercepted by the base's air defences.")
    (m,) = news(text, dt.date(2024, 1, 21), matcher)
    assert m.intercepted is None


def test_all_of_them_were_shot_down_is_every_projectile(matcher):
    text = "Three rockets were fired at Al-Asad Air Base on Monday. All of them were shot down, the official said."
    (m,) = news(text, dt.date(2023, 10, 31), matcher)
    assert (m.projectiles, m.intercepted) == (3, 3)


def test_comes_after_sentence_is_a_recap(matcher):
    text = ("سقط صاروخان قرب معسكر فكتوريا في مطار بغداد اليوم الخميس. "
            "ويأتي ذلك غداة هجومين بطائرات مسيرة طالا أمس الأربعاء قاعدتي عين الأسد وحرير.")
    found = news(text, dt.date(2023, 10, 19), matcher)
    assert [m.base_id for m in found] == ["victory"]


def test_the_same_day_takes_the_day_just_discussed(matcher):
    text = ("Two drones targeted al-Tanf garrison on Wednesday, officials said. "
            "On the same day, another pair of drones approached Ain al-Asad air base.")
    found = {m.base_id: m.incident_date for m in news(text, dt.date(2023, 10, 20), matcher)}
    assert found == {"al_tanf": dt.date(2023, 10, 18), "ain_al_asad": dt.date(2023, 10, 18)}
    text = ("أعلنت وزارة الدفاع، الثلاثاء، أن قاعدة عين الأسد تعرضت لهجوم بطائرة مسيرة يوم الاثنين. "
            "وتعرضت قاعدة الرميلان في اليوم نفسه لهجوم بصاروخ.")
    found = {m.base_id: m.incident_date for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert found["rumeilan"] == dt.date(2024, 1, 22)


def test_recap_relative_clause_does_not_date_the_sentence(matcher):
    text = ("In Iraq, a one-way attack drone targeted Al-Asad Air Base on Monday, the installation that was hit "
            "by the barrage on Saturday.")
    (m,) = news(text, dt.date(2024, 1, 23), matcher)
    assert m.incident_date == dt.date(2024, 1, 22)


def test_since_date_is_not_the_event_day(matcher):
    text = ("U.S. troops were targeted at Al-Asad Air Base on Monday, pushing the count of attacks since Oct. 17 "
            "to 16, an official said.")
    (m,) = news(text, dt.date(2023, 10, 31), matcher)
    assert m.incident_date == dt.date(2023, 10, 30)


def test_claims_need_a_claim_word_and_are_not_recaps(matcher):
    # Kataib Hezbollah as the target of US strikes claims nothing
    text = ("A drone struck Erbil air base on Monday. The U.S. strikes hit three facilities used by Kataib Hezbollah.")
    (m,) = news(text, dt.date(2023, 12, 25), matcher)
    assert m.claimed_by is None
    text = ("Militants launched missiles at Al Asad Airbase on Saturday evening. The Islamic Resistance in Iraq said "
            "in a Telegram statement that it had targeted the base in response to US support for Israel.")
    (m,) = news(text, dt.date(2024, 1, 21), matcher)
    assert m.claimed_by == "islamic_resistance_in_iraq"
    assert all(not x.is_background for x in extract_mentions(text, dt.date(2024, 1, 21), matcher))


def test_a_claim_of_several_attacks_covers_every_attack_of_the_day(matcher):
    text = ("هاجمت طائرة مسيرة قاعدة حرير الجوية يوم الخميس. "
            "وتعرضت قاعدة تل بيدر في ريف الحسكة لهجوم بطائرة مسيرة يوم الخميس. "
            "وكانت المقاومة الإسلامية في العراق قد تبنت في بيانات على تلغرام الهجمات.")
    found = news(text, dt.date(2023, 11, 17), matcher)
    assert {m.base_id: m.claimed_by for m in found} == {"harir": "islamic_resistance_in_iraq",
                                                         "tell_beydar": "islamic_resistance_in_iraq"}


def test_undated_attack_after_an_earlier_year_stays_in_that_year(matcher):
    text = ("في الساعات الأولى من يناير 2020 أطلقت إيران صواريخ باليستية على العراق. "
            "سقطت معظم الصواريخ على قاعدة عين الأسد في صحراء الأنبار.")
    assert not is_relevant(extract_mentions(text, dt.date(2024, 1, 8), matcher))


def test_lead_with_a_running_count_still_dates_the_news(matcher):
    text = ("U.S. troops in Iraq and Syria were targeted three separate times on Monday, pushing the count of attacks "
            "since Oct. 17 to 16. At Mission Support Site Euphrates in eastern Syria, militants launched rockets.")
    (m,) = news(text, dt.date(2023, 10, 31), matcher)
    assert m.incident_date == dt.date(2023, 10, 30)


def test_a_fact_about_another_day_does_not_redate_the_incident(matcher):
    text = ("A one-way attack drone targeted Al-Asad Air Base on Monday. "
            "Separately, several rockets were launched at Mission Support Site Euphrates in eastern Syria. "
            "On Saturday, U.S. Central Command said that most of the missiles were intercepted.")
    found = {m.base_id: m.incident_date for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert found["mss_euphrates"] == dt.date(2024, 1, 22)


def test_unnamed_sites_are_places(matcher):
    text = ("وفي سوريا، قال المسؤول يوم الخميس إن موقعين يضمان قوات أميركية في شمال شرقي البلاد "
            "تعرضا لهجوم بعدة صواريخ.")
    (m,) = news(text, dt.date(2023, 11, 24), matcher)
    assert (m.base_id, m.country, m.incident_date) == (None, "SY", dt.date(2023, 11, 23))


def test_an_outcome_of_several_attacks_goes_to_each(matcher):
    text = ("At Mission Support Site Euphrates in eastern Syria, militants launched rockets on Monday. "
            "At Mission Support Site Green Village, a rocket attack was attempted on Monday. "
            "There was no damage to infrastructure in any of the three attacks, the official said.")
    found = news(text, dt.date(2023, 10, 31), matcher)
    assert {m.base_id: m.damage for m in found} == {"mss_euphrates": "none", "green_village": "none"}


def test_two_bases_in_separate_clauses_keep_their_own_weapons_and_counts(matcher):
    text = ("Singh said a one-way attack drone was launched at Al-Asad Air Base on Monday, while in northeastern "
            "Syria, a single rocket was fired at Rmelan Landing Zone.")
    found = {m.base_id: (m.weapons, m.projectiles) for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert found == {"ain_al_asad": (["drone"], 1), "rumeilan": (["rocket"], 1)}
    # joined by "and" with no clause break, two bases share the sentence's facts
    text = "هاجمت طائرتان مسيرتان أمس الأربعاء قاعدتي عين الأسد وحرير."
    found = {m.base_id: m.projectiles for m in news(text, dt.date(2023, 10, 19), matcher)}
    assert found == {"ain_al_asad": 2, "harir": 2}


def test_the_base_refers_to_the_one_base_named(matcher):
    text = ("أسقطت الدفاعات الجوية في قاعدة عين الأسد فجر اليوم الاثنين طائرة مسيرة. "
            "وقال المصدر إن المنظومة رصدت مساء الأحد طائرة مسيرة أخرى وأسقطتها على مسافة من القاعدة.")
    found = sorted(m.incident_date for m in news(text, dt.date(2023, 11, 6), matcher) if m.base_id == "ain_al_asad")
    assert found == [dt.date(2023, 11, 5), dt.date(2023, 11, 6)]
    # with two bases named, "the base" could be either: it anchors nothing
    text = ("A drone targeted Al-Asad Air Base on Monday. A rocket was fired at Rmelan Landing Zone on Monday. "
            "On Saturday, missiles hit the base.")
    assert {m.base_id for m in news(text, dt.date(2024, 1, 23), matcher)} == {"ain_al_asad", "rumeilan"}
    assert all(m.incident_date == dt.date(2024, 1, 22) for m in news(text, dt.date(2024, 1, 23), matcher))


def test_arabic_pluperfect_is_a_recap(matcher):
    text = ("سقطت صواريخ كاتيوشا على قاعدة عين الأسد مساء الأحد. "
            "إذ كانت مصادر أمنية قد أفادت بأن طائرة مسيرة سقطت داخل قاعدة حرير.")
    assert [m.base_id for m in news(text, dt.date(2023, 10, 23), matcher)] == ["ain_al_asad"]


def test_a_negated_claim_is_no_claim(matcher):
    text = ("Rockets hit the Union III base on Friday. No group has claimed the attack, which differs from the strikes "
            "claimed by the Islamic Resistance in Iraq.")
    (m,) = news(text, dt.date(2023, 12, 9), matcher)
    assert m.claimed_by is None


def test_a_country_in_a_group_name_is_not_the_place(matcher):
    text = "The Islamic Resistance in Iraq said Thursday that it had attacked a US base in eastern Syria with drones."
    (m,) = news(text, dt.date(2024, 1, 5), matcher)
    assert m.country == "SY"


def test_a_wire_dateline_is_not_the_attack_day(matcher):
    text = ("WASHINGTON/BAGHDAD, Nov 21 (Reuters) - Militants fired a close-range ballistic missile at Ain al-Asad air "
            "base. The missile hit the base on Monday evening.")
    (m,) = news(text, dt.date(2023, 11, 21), matcher)
    assert m.incident_date == dt.date(2023, 11, 20)


def test_the_day_a_source_spoke_yields_to_the_news_day(matcher):
    text = ("Rockets were fired at the US embassy area in Baghdad early on Friday. "
            "The rockets came down around the adjacent Union III base, the official said on Saturday.")
    (m,) = news(text, dt.date(2023, 12, 9), matcher)
    assert m.incident_date == dt.date(2023, 12, 8)


def test_a_recap_takes_its_earliest_day(matcher):
    text = ("A drone fell inside Ain al-Asad air base on Saturday. Saturday's incident is the latest in a series that "
            "began on Wednesday, when drones targeted Harir air base.")
    assert [m.base_id for m in news(text, dt.date(2023, 10, 21), matcher)] == ["ain_al_asad"]


def test_another_account_of_the_attack_stays_with_it(matcher):
    text = ("A drone attack killed three US soldiers at Tower 22 in Jordan on Sunday. "
            "A Jordanian government spokesman said the attack targeted the al-Tanf base in Syria, not Jordan.")
    assert [m.base_id for m in news(text, dt.date(2024, 1, 28), matcher)] == ["tower_22"]


def test_an_unnamed_base_in_a_country(matcher):
    text = "A one-way attack drone launched at a base in Iraq hosting US troops on Thursday crashed into a barracks."
    (m,) = news(text, dt.date(2023, 10, 27), matcher)
    assert (m.base_id, m.country, m.incident_date) == (None, "IQ", dt.date(2023, 10, 26))


def test_an_outcome_stated_before_the_attacks_goes_to_each(matcher):
    text = ("None of Monday's attacks caused injuries or damage, the Pentagon said. "
            "A one-way attack drone targeted Al-Asad Air Base on Monday. "
            "In northeastern Syria, a single rocket was fired at Rmelan Landing Zone on Monday.")
    found = {m.base_id: (m.killed, m.wounded, m.damage) for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert found == {"ain_al_asad": (0, 0, "none"), "rumeilan": (0, 0, "none")}


def test_the_factions_are_the_group_named_before(matcher):
    text = ("تبنت المقاومة الإسلامية في العراق في بيان هجومين على قاعدتين في سوريا يوم السبت. "
            "وقالت الفصائل في البيان الأول إنها هاجمت قاعدة خراب الجير بطائرة مسيرة يوم السبت.")
    (m,) = news(text, dt.date(2023, 12, 31), matcher)
    assert (m.base_id, m.claimed_by) == ("kharab_al_jir", "islamic_resistance_in_iraq")


def test_a_claim_of_attacks_in_general_is_no_claim_of_this_one(matcher):
    text = ("Four Katyusha rockets targeted Ain al-Asad air base on Monday. "
            "Most attacks since mid-October have been claimed by the Islamic Resistance in Iraq.")
    (m,) = news(text, dt.date(2023, 10, 31), matcher)
    assert m.claimed_by is None


def test_damage_assessments_are_no_damage_report(matcher):
    text = "Militants fired missiles at Al Asad Airbase on Saturday evening. Damage assessments were continuing."
    (m,) = news(text, dt.date(2024, 1, 21), matcher)
    assert m.damage is None


def test_a_sentence_dated_only_by_its_report_is_news_not_a_recap(matcher):
    text = ("The missile hit the sprawling base in Anbar province on Monday evening. "
            "A U.S. gunship struck militants after they fired a close-range ballistic missile at Al Asad Airbase, "
            "the Pentagon said on Tuesday, in the first use of such a weapon since tensions flared in mid-October.")
    found = news(text, dt.date(2023, 11, 21), matcher)
    assert [(m.base_id, m.incident_date) for m in found if m.base_id] == [("ain_al_asad", dt.date(2023, 11, 20))]


def test_a_claim_of_the_attack_naming_another_base_stays_with_the_attack(matcher):
    text = ("سقطت طائرة مسيرة داخل قاعدة مطار أربيل الدولي مساء اليوم الاثنين. "
            "وفي وقت لاحق، تبنت المقاومة الإسلامية في العراق الهجوم، وقالت في بيان إن مقاتليها استهدفوا "
            "قاعدة حرير قرب مطار أربيل بطائرة مسيرة.")
    found = news(text, dt.date(2023, 12, 25), matcher)
    assert [(m.base_id, m.claimed_by) for m in found] == [("erbil_air_base", "islamic_resistance_in_iraq")]


def test_definite_arabic_attack_words_are_attack_words(matcher):
    text = "لم يكن مقتل ثلاثة جنود أميركيين في الهجوم على موقع البرج 22 فجر أمس الأحد حدثا معزولا."
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert (m.base_id, m.incident_date, m.killed) == ("tower_22", dt.date(2024, 1, 28), 3)


def test_a_claim_made_the_next_day_does_not_date_the_news(matcher):
    text = ("هزت انفجارات متتالية قاعدة عين الأسد الجوية مساء أمس الخميس، في أحدث حلقة من سلسلة هجمات تستهدف منذ "
            "أيام مواقع للتحالف. وسارعت حسابات مقربة من حركة النجباء اليوم الجمعة إلى تبني الهجوم.")
    (m,) = news(text, dt.date(2023, 10, 20), matcher)
    assert (m.base_id, m.incident_date, m.claimed_by) == ("ain_al_asad", dt.date(2023, 10, 19), "harakat_al_nujaba")


def test_no_personnel_hurt_is_no_casualties(matcher):
    text = "Rockets were fired at Mission Support Site Euphrates on Monday. No U.S. personnel were hurt."
    (m,) = news(text, dt.date(2023, 10, 31), matcher)
    assert (m.killed, m.wounded) == (0, 0)


def test_intercept_words_with_an_attached_object_and_all_of_them(matcher):
    text = ("أربعة صواريخ أطلقت باتجاه قاعدة عين الأسد يوم الاثنين، "
            "وقد تعاملت معها منظومة الدفاع الجوي وأسقطتها جميعاً.")
    (m,) = news(text, dt.date(2023, 10, 30), matcher)
    assert (m.projectiles, m.intercepted) == (4, 4)


def test_not_intercepted_is_zero(matcher):
    text = "A one-way attack drone crashed into a barracks at Ain al-Asad air base on Thursday. It was not intercepted."
    (m,) = news(text, dt.date(2023, 10, 27), matcher)
    assert m.intercepted == 0


def test_a_number_in_parentheses_counts_nothing(matcher):
    text = ("الحسكة (كوردستان 24)- أسقطت الدفاعات الجوية الأمريكية، اليوم الجمعة، "
            "طائرة مسيرة حاولت استهداف قاعدة الشدادي.")
    (m,) = news(text, dt.date(2024, 1, 5), matcher)
    assert (m.projectiles, m.intercepted) == (1, 1)


def test_the_day_a_source_spoke_does_not_date_the_news_when_another_day_does(matcher):
    text = ("The rockets came down around the Union III base, the official said on Saturday. "
            "Ain al-Asad air base was targeted twice on Friday.")
    found = {m.base_id: m.incident_date for m in news(text, dt.date(2023, 12, 9), matcher)}
    assert found == {"union_iii": dt.date(2023, 12, 8), "ain_al_asad": dt.date(2023, 12, 8)}


def test_a_negated_outcome_verb_reaches_across_its_object(matcher):
    text = ("استهدفت مسيرة قاعدة حرير يوم الأحد، وقال مسؤول إن الضربة لم تسفر أي منها عن إصابات في صفوف "
            "الحراس أو أضرار في المباني.")
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert (m.killed, m.wounded, m.damage) == (0, 0, "none")
    text = "A drone hit the al-Tanf garrison on Sunday but did not cause any injuries among the troops or damage."
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert (m.killed, m.wounded, m.damage) == (0, 0, "none")


def test_an_unknown_outcome_is_no_negation(matcher):
    text = ("A drone hit the al-Tanf garrison on Sunday. Officials did not say whether the troops were hurt. "
            "Ryder did not give a figure for the injured.")
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert (m.killed, m.wounded) == (None, None)
    text = "سقط صاروخ داخل قاعدة حرير مساء الأحد، ولم يتضح بعد ما إذا كان قد أوقع إصابات."
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert (m.killed, m.wounded) == (None, None)


def test_human_losses_are_no_damage_report(matcher):
    text = "سقطت طائرة مسيرة داخل قاعدة حرير مساء الأحد، ولم يسفر الحادث عن أي خسائر بشرية."
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert (m.killed, m.wounded, m.damage) == (0, 0, None)
    text = "سقطت طائرة مسيرة داخل قاعدة حرير مساء الأحد، من دون خسائر بشرية أو مادية."
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert (m.killed, m.wounded, m.damage) == (0, 0, "none")


def test_a_share_of_the_casualties_is_not_their_number(matcher):
    text = ("Four soldiers were wounded, two of them seriously, when a drone hit the al-Tanf garrison on Sunday. "
            "Three of the wounded were flown to Germany.")
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert m.wounded == 4


def test_a_number_after_a_casualty_word_follows_it_directly(matcher):
    text = "At least 12 others were hurt when a one-way drone hit the al-Tanf garrison on Sunday."
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert m.wounded == 12
    text = "استهدفت مسيرة قاعدة حرير يوم الأحد، ما أدى إلى إصابة جندي أمريكي واحد بجروح طفيفة."
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert m.wounded == 1


def test_no_deaths_denies_only_the_deaths(matcher):
    text = "A drone hit the al-Tanf garrison on Sunday. It caused injuries but no deaths."
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert (m.killed, m.wounded) == (0, None)


def test_the_us_response_gives_the_attack_no_facts(matcher):
    text = ("A drone hit the al-Tanf garrison on Sunday, wounding two soldiers. "
            "Hours later, retaliatory strikes killed five militants and destroyed drone launchers.")
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert (m.killed, m.wounded, m.weapons) == (None, 2, ["drone"])


def test_the_dead_of_the_us_response_are_not_the_attacks_even_beside_a_claim(matcher):
    text = ("أصيب ثلاثة جنود أمريكيين بجروح طفيفة في هجوم بطائرة مسيرة على قاعدة حرير مساء الأحد. "
            "ونعت إحدى الفصائل أحد عناصرها وقالت إنه قتل بضربة أمريكية قرب بغداد، "
            "فيما تبنت المقاومة الإسلامية في العراق الهجوم على القاعدة.")
    (m,) = news(text, dt.date(2023, 12, 25), matcher)
    assert (m.killed, m.wounded) == (None, 3)
    english = ("A drone struck the al-Tanf garrison on Sunday, wounding two soldiers. "
               "One militant was killed in a US airstrike hours later, while the group claimed the attack.")
    (m,) = news(english, dt.date(2023, 11, 5), matcher)
    assert (m.killed, m.wounded) == (None, 2)


def test_the_claimant_is_the_group_named_right_after_the_claim_word(matcher):
    text = ("استهدفت طائرة مسيرة قاعدة حرير مساء الأحد. "
            "ونعت كتائب حزب الله أحد عناصرها في بيان منفصل، فيما تبنت المقاومة الإسلامية في العراق الهجوم على القاعدة.")
    (m,) = news(text, dt.date(2023, 12, 25), matcher)
    assert m.claimed_by == "islamic_resistance_in_iraq"
    # the subject before the verb stays the claimant when nothing follows the claim word
    english = ("A drone struck the al-Tanf garrison on Sunday. The Islamic Resistance in Iraq, an umbrella group "
               "that includes Kataib Hezbollah, claimed the attack.")
    (m,) = news(english, dt.date(2023, 11, 5), matcher)
    assert m.claimed_by == "islamic_resistance_in_iraq"


def test_a_superseded_figure_does_not_count(matcher):
    text = ("A drone hit the al-Tanf garrison on Sunday. Officials initially said 30 troops were hurt. "
            "The Pentagon said on Monday that 12 had been wounded.")
    (m,) = news(text, dt.date(2023, 11, 6), matcher)
    assert m.wounded == 12


def test_weapons_come_from_the_sentences_that_place_the_attack(matcher):
    text = ("Militants fired two rockets at Mission Support Site Euphrates on Sunday. "
            "The groups have mostly used cheap drones and mortars in recent weeks. "
            "No one was hurt.")
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert (m.weapons, m.projectiles) == (["rocket"], 2)


def test_an_attached_sentence_names_the_weapon_when_the_placing_one_does_not(matcher):
    text = "Mission Support Site Euphrates came under attack on Sunday. Two rockets were fired, the official said."
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert m.weapons == ["rocket"]


def test_an_anniversary_is_no_news(matcher):
    text = "Three years ago Tuesday, rockets slammed into Ain al-Asad air base, wounding dozens."
    assert news(text, dt.date(2024, 1, 9), matcher) == []


def test_a_site_in_a_country_is_a_place_and_the_us_response_is_no_attack(matcher):
    text = ("Hours later, a site in Syria where US troops are stationed came under rocket fire on Thursday. "
            "On Friday, American warplanes hit 40 targets at five locations in Iraq.")
    (m,) = news(text, dt.date(2023, 10, 27), matcher)
    assert (m.country, m.base_id, m.weapons) == ("SY", None, ["rocket"])


def test_a_claim_by_the_group_named_before_in_its_own_voice(matcher):
    # "«المقاومة»" and "أعلنت أنها ضربت": the group the article named, even in a sentence that
    # was no claim ("the group usually claims its attacks")
    text = ("تبنت المقاومة الإسلامية في العراق يوم الأحد هجوما على قاعدة حرير. "
            "وقالت «المقاومة» في بيان إنها استهدفت قاعدة حرير بطائرة مسيرة. "
            "وفي المساء أعلنت أنها ضربت قاعدة الشدادي بطائرة مسيرة أخرى.")
    found = news(text, dt.date(2023, 12, 31), matcher)
    assert {m.base_id: m.claimed_by for m in found} == {"harir": "islamic_resistance_in_iraq",
                                                         "shaddadi": "islamic_resistance_in_iraq"}
    text = ("No group has come forward yet, although Kataib Hezbollah usually announces its operations quickly. "
            "Later the group said in a statement it had attacked Erbil air base with a drone on Monday.")
    (m,) = news(text, dt.date(2023, 12, 26), matcher)
    assert m.claimed_by == "kataib_hezbollah"


def test_an_official_saying_it_struck_is_no_claim_of_a_group(matcher):
    text = ("هاجمت طائرة مسيرة قاعدة حرير يوم الأحد. "
            "وأعلنت القيادة المركزية الأمريكية أنها ضربت مواقع في العراق بعد الهجوم.")
    (m,) = news(text, dt.date(2023, 12, 31), matcher)
    assert m.claimed_by is None


def test_a_base_named_in_quotes_is_found(matcher):
    text = 'سقطت ثلاثة صواريخ على قاعدة "عين الأسد" الجوية في الأنبار يوم الأحد.'
    (m,) = news(text, dt.date(2023, 11, 5), matcher)
    assert (m.base_id, m.weapons, m.projectiles) == ("ain_al_asad", ["rocket"], 3)


def test_a_relative_clause_on_the_attack_itself_dates_it(matcher):
    # "the attack that targeted ... at dawn on Friday": the attack's own day, no earlier attack
    text = ("لم يكن الهجوم الذي استهدف فجر الجمعة موقعا عسكريا أمريكيا حدثا عابرا. "
            "وقال مسؤول إن طائرة مسيرة ضربت قاعدة حرير وأصابت جنديين.")
    (m,) = news(text, dt.date(2023, 12, 2), matcher)
    assert (m.base_id, m.incident_date) == ("harir", dt.date(2023, 12, 1))
    # a clause on a place hit before still keeps its day out of the sentence
    text = "Late on Friday rockets hit Harir base, which was targeted by a drone on Monday."
    (m,) = news(text, dt.date(2023, 12, 2), matcher)
    assert m.incident_date == dt.date(2023, 12, 1)


def test_the_verb_struck_places_an_attack_in_arabic(matcher):
    text = "ضربت صواريخ قاعدة حرير مساء الجمعة. وفي يوم الميلاد ضربت مسيرة قاعدة أربيل الجوية."
    found = {m.base_id: m.incident_date for m in extract_mentions(text, dt.date(2023, 12, 30), matcher)}
    assert found == {"harir": dt.date(2023, 12, 29), "erbil_air_base": dt.date(2023, 12, 25)}


def test_one_way_is_no_count_of_the_weapon_beside_it(matcher):
    # "rockets and one-way attack drones": "one" is part of the drone's name, not a count of rockets
    text = "Several rockets and one-way attack drones were launched at Harir air base late on Tuesday."
    (m,) = news(text, dt.date(2023, 11, 15), matcher)
    assert (m.base_id, m.projectiles, sorted(m.weapons)) == ("harir", None, ["drone", "rocket"])


def test_a_count_of_attacks_is_no_count_of_casualties(matcher):
    text = ("Rockets hit Harir air base and a drone targeted al-Shaddadi on Wednesday. "
            "None of the two attacks caused injuries.")
    found = news(text, dt.date(2023, 11, 16), matcher)
    assert sorted((m.base_id, m.wounded) for m in found) == [("harir", 0), ("shaddadi", 0)]
    text = "استهدفت صواريخ قاعدة حرير الأربعاء. ولم تسفر الهجمات الثلاث عن إصابات."
    (m,) = news(text, dt.date(2023, 11, 16), matcher)
    assert m.wounded == 0


def test_a_base_named_to_locate_another_is_no_target(matcher):
    text = "On Friday a drone targeted Mission Support Site Green Village, close to the al-Omar oil field."
    assert [m.base_id for m in news(text, dt.date(2023, 11, 4), matcher)] == ["green_village"]
    text = "وسقط صاروخان الجمعة على قاعدة القرية الخضراء المجاورة لحقل العمر في دير الزور."
    assert [m.base_id for m in news(text, dt.date(2023, 11, 4), matcher)] == ["green_village"]
    # two targets, the second named in its own right, stay two
    text = "On Friday drones targeted Green Village and rockets were fired at al-Omar oil field."
    assert sorted(m.base_id for m in news(text, dt.date(2023, 11, 4), matcher)) == ["al_omar", "green_village"]


def test_an_earlier_month_named_without_its_day_is_a_recap(matcher):
    text = ("Two drones struck Harir air base on Sunday, officials said. "
            "In December, a rocket hit the base and wounded five people.")
    found = news(text, dt.date(2024, 2, 12), matcher)
    assert [(m.base_id, m.wounded, m.weapons) for m in found] == [("harir", None, ["drone"])]


def test_a_casualty_figure_revised_upward_is_the_count(matcher):
    text = ("A drone struck al-Tanf garrison on Tuesday and officials first said 12 troops were hurt. "
            "The Pentagon later raised the figure to 19, adding that two had been flown to Germany.")
    (m,) = news(text, dt.date(2023, 11, 8), matcher)
    assert (m.base_id, m.wounded) == ("al_tanf", 19)
    text = "سقطت مسيرة على قاعدة حرير مساء الأربعاء. وارتفع عدد المصابين إلى ستة جنود."
    (m,) = news(text, dt.date(2023, 11, 9), matcher)
    assert m.wounded == 6
    # a tally of attacks that rose is no head count
    text = "Rockets hit Harir air base on Friday. The number rose to 90 attacks since October."
    (m,) = news(text, dt.date(2023, 12, 2), matcher)
    assert m.wounded is None


def test_a_number_before_the_next_casualty_word_is_not_the_first_ones(matcher):
    text = "Two soldiers killed, dozens injured as a drone hits Tower 22 in Jordan on Sunday."
    (m,) = news(text, dt.date(2024, 1, 28), matcher)
    assert (m.killed, m.wounded) == (2, None)


def test_an_article_across_modifiers_and_another_count_one(matcher):
    text = "The group said it had launched an explosive-laden drone at Harir air base on Monday."
    (m,) = news(text, dt.date(2023, 11, 14), matcher)
    assert m.projectiles == 1
    text = "Rockets hit Harir air base on Monday. On Sunday another one-way attack drone targeted al-Shaddadi."
    found = {m.base_id: m.projectiles for m in news(text, dt.date(2023, 11, 14), matcher)}
    assert found["shaddadi"] == 1
    # "the drone" is one when nothing says more
    text = "An attack hurt troops at Tower 22 in Jordan on Sunday. The one-way attack drone struck the living quarters."
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert m.projectiles == 1


def test_a_count_before_were_shot_down_is_the_interceptions(matcher):
    text = "On Friday, four drones flew at Harir air base: three were shot down and one crashed outside."
    (m,) = news(text, dt.date(2023, 11, 18), matcher)
    assert (m.projectiles, m.intercepted) == (4, 3)


def test_an_undated_attack_takes_the_day_of_the_attack_just_told(matcher):
    # the lead dates the first attack; the second is dated; the third, undated, follows the second
    text = ("Rockets hit Harir air base on Saturday night, officials said. "
            "Early on Sunday a drone was shot down near Ain al-Asad. "
            "Across the border, air defenses at al-Tanf also downed a drone approaching the base.")
    found = {m.base_id: m.incident_date for m in news(text, dt.date(2023, 11, 13), matcher)}
    assert found == {"harir": dt.date(2023, 11, 11), "ain_al_asad": dt.date(2023, 11, 12),
                     "al_tanf": dt.date(2023, 11, 12)}


def test_arabic_definite_and_adjective_weapon_forms(matcher):
    text = "أعلنت المقاومة الإسلامية في العراق أنها استهدفت قاعدة حرير بالطائرات المسيرة مساء الخميس."
    (m,) = news(text, dt.date(2023, 11, 17), matcher)
    assert m.weapons == ["drone"]
    text = "تعرضت قاعدة الشدادي مساء الأحد لقصف صاروخي، وسقط أحد الصواريخ قرب السياج."
    (m,) = news(text, dt.date(2023, 11, 20), matcher)
    assert (m.weapons, m.projectiles) == (["rocket"], None)
    text = "تعرضت قاعدة حرير مساء الأحد لهجوم صاروخي باليستي."
    (m,) = news(text, dt.date(2023, 11, 20), matcher)
    assert m.weapons == ["missile"]


def test_one_person_named_by_a_singular_noun_is_one_casualty(matcher):
    text = "سقطت صواريخ على قاعدة حرير مساء الأحد، ما أدى إلى إصابة جندي عراقي من قوة الحماية."
    (m,) = news(text, dt.date(2023, 11, 20), matcher)
    assert m.wounded == 1
    text = "استهدفت صواريخ قاعدة حرير مساء الأحد. وقال البيان إن عسكرياً كردياً في الأقل أصيب بجروح."
    (m,) = news(text, dt.date(2023, 11, 20), matcher)
    assert m.wounded == 1
    text = "Rockets struck Harir air base on Sunday and a Kurdish soldier was wounded, officials said."
    (m,) = news(text, dt.date(2023, 11, 20), matcher)
    assert m.wounded == 1
    # "the soldier" counts no one new; a plural noun without a number stays unknown
    text = "Rockets struck Harir air base on Sunday and soldiers were wounded, officials said."
    (m,) = news(text, dt.date(2023, 11, 20), matcher)
    assert m.wounded is None


def test_a_claim_told_after_the_attacks_covers_both_and_a_claim_of_most_covers_none(matcher):
    text = ("Drones were fired at Harir air base on Friday, officials said. "
            "A drone also hit Tell Beydar in Hasakah on Friday. "
            "The Islamic Resistance in Iraq said on Telegram that it had launched drone attacks on the two bases.")
    found = news(text, dt.date(2023, 11, 18), matcher)
    assert {m.base_id: m.claimed_by for m in found} == {"harir": "islamic_resistance_in_iraq",
                                                         "tell_beydar": "islamic_resistance_in_iraq"}
    text = ("Rockets were fired at Harir air base on Friday, officials said. "
            "Iran-aligned militias have claimed most of them through the Islamic Resistance in Iraq.")
    (m,) = news(text, dt.date(2023, 11, 18), matcher)
    assert m.claimed_by is None
    text = "سقطت صواريخ على قاعدة حرير يوم الجمعة. وتبنت المقاومة الإسلامية في العراق معظمها في بيانات سابقة."
    (m,) = news(text, dt.date(2023, 11, 18), matcher)
    assert m.claimed_by is None


def test_a_claim_naming_the_base_by_its_short_name_lands_on_that_attack(matcher):
    text = ("Two drones were fired at Al-Asad Air Base on Wednesday, officials said. "
            "Separately, a drone was shot down near Harir air base on Wednesday. "
            "The Islamic Resistance in Iraq said on Telegram it was behind the Al-Asad attack.")
    found = news(text, dt.date(2023, 10, 19), matcher)
    assert {m.base_id: m.claimed_by for m in found} == {"ain_al_asad": "islamic_resistance_in_iraq",
                                                         "harir": None}
    # a base the claim says it left out is not claimed, and anchors no attack of its own
    text = ("A drone was launched at Al-Asad Air Base on Monday, while a rocket was fired at the Rmelan "
            "Landing Zone in Syria. The Islamic Resistance in Iraq claimed the drone attack on Al-Asad on "
            "Telegram, but did not mention the Rmelan strike.")
    found = news(text, dt.date(2024, 1, 23), matcher)
    assert {m.base_id: (m.claimed_by, m.weapons) for m in found} == \
        {"ain_al_asad": ("islamic_resistance_in_iraq", ["drone"]), "rumeilan": (None, ["rocket"])}


def test_interceptions_asked_about_shared_out_or_evaded(matcher):
    # asked about, not reported: no count
    text = "A drone targeted Harir air base on Tuesday. Officials did not say whether the drone was shot down."
    (m,) = news(text, dt.date(2023, 10, 31), matcher)
    assert m.intercepted is None
    text = "سقطت طائرة مسيرة قرب قاعدة حرير يوم الثلاثاء، ولم يتضح ما إذا تم إسقاطها."
    (m,) = news(text, dt.date(2023, 10, 31), matcher)
    assert m.intercepted is None
    # a share several words back is no count
    text = ("Rockets and missiles were fired at Harir air base on Tuesday. Most of the incoming projectiles were "
            "intercepted, officials said.")
    (m,) = news(text, dt.date(2023, 10, 31), matcher)
    assert m.intercepted is None
    # through the defenses: none intercepted; one of two downed is still one
    text = "A drone evaded the air defenses of Harir air base on Tuesday and hit a hangar."
    (m,) = news(text, dt.date(2023, 10, 31), matcher)
    assert m.intercepted == 0
    text = "تمكنت طائرة مسيرة من تجاوز الدفاعات الجوية لقاعدة حرير يوم الثلاثاء."
    (m,) = news(text, dt.date(2023, 10, 31), matcher)
    assert m.intercepted == 0
    text = ("Two drones targeted Harir air base on Tuesday. One was shot down and the other slipped past the "
            "defenses.")
    (m,) = news(text, dt.date(2023, 10, 31), matcher)
    assert m.intercepted == 1


def test_one_person_after_the_casualty_word_and_a_concussion(matcher):
    text = "A drone struck Harir air base on Wednesday, lightly wounding a member of the Kurdish guard force."
    (m,) = news(text, dt.date(2023, 11, 2), matcher)
    assert m.wounded == 1
    text = "Rockets hit Harir air base on Wednesday, injuring a single Iraqi soldier at the gate."
    (m,) = news(text, dt.date(2023, 11, 2), matcher)
    assert m.wounded == 1
    text = "A drone crashed into a hangar at Harir air base on Wednesday. One airman suffered a concussion."
    (m,) = news(text, dt.date(2023, 11, 2), matcher)
    assert m.wounded == 1
    # "a" before a thing, not a person: no count
    text = "A drone struck Harir air base on Wednesday, wounding a number of guards."
    (m,) = news(text, dt.date(2023, 11, 2), matcher)
    assert m.wounded is None


def test_a_year_before_the_intercept_word_is_no_count(matcher):
    text = "أعلن مصدر أمني، اليوم الأحد (19 تشرين الثاني 2023)، إسقاط طائرة مسيرة كانت متجهة نحو قاعدة حرير."
    (m,) = news(text, dt.date(2023, 11, 19), matcher)
    assert m.intercepted == 1


# ---- rules from the u and v batches (folded into dev), each on sentences written for the test

def test_a_day_of_the_month_is_no_count_of_drones(matcher):
    text = "أسقطت الدفاعات الجوية، مساء الجمعة ٥ كانون الثاني ٢٠٢٤، طائرة مسيرة فوق قاعدة الشدادي."
    (m,) = news(text, dt.date(2024, 1, 5), matcher)
    assert (m.base_id, m.projectiles, m.intercepted) == ("shaddadi", 1, 1)


def test_the_number_in_a_base_name_is_no_count_of_the_dead(matcher):
    text = 'قُتل ثلاثة جنود في هجوم بطائرة مسيرة فجر الأحد على موقع يعرف باسم "البرج 22"، في أول هجوم يسقط فيه قتلى.'
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert (m.base_id, m.killed) == ("tower_22", 3)


def test_a_group_announcing_its_own_dead_neither_claims_nor_adds_the_dead(matcher):
    text = ("استهدف صاروخ باليستي قاعدة عين الأسد مساء الاثنين، ما أدى إلى إصابة أربعة جنود. "
            "وأعلنت كتائب حزب الله لاحقا مقتل أحد عناصرها في الضربة الأمريكية.")
    (m,) = news(text, dt.date(2023, 11, 21), matcher)
    assert (m.base_id, m.wounded, m.killed, m.claimed_by) == ("ain_al_asad", 4, None, None)


def test_the_number_of_the_dead_is_not_the_number_of_the_wounded(matcher):
    text = "سقطت طائرة مسيرة على قاعدة حقل العمر فجر الأحد، ما أدى إلى مقتل 5 من الحراس وإصابة آخرين."
    (m,) = news(text, dt.date(2024, 2, 4), matcher)
    assert (m.base_id, m.killed, m.wounded) == ("al_omar", 5, None)


def test_an_intercept_verb_with_a_dual_object_downs_two(matcher):
    text = "اقتربت طائرات مسيرة من قاعدة الشدادي فجر الخميس، وتمكنت الدفاعات الجوية من إسقاطهما."
    (m,) = news(text, dt.date(2023, 11, 9), matcher)
    assert m.intercepted == 2


def test_destroying_a_drone_is_an_interception_not_damage(matcher):
    text = "دمرت القوات الأمريكية طائرة مسيرة كانت متجهة نحو قاعدة حرير مساء الأربعاء، من دون أن تتسبب بأي أضرار."
    (m,) = news(text, dt.date(2023, 10, 19), matcher)
    assert (m.base_id, m.intercepted, m.damage) == ("harir", 1, "none")


def test_several_of_one_weapon_leave_the_total_unknown(matcher):
    text = "Several rockets and two drones were fired at the Shaddadi base on Thursday."
    (m,) = news(text, dt.date(2023, 11, 9), matcher)
    assert (m.weapons, m.projectiles) == (["drone", "rocket"], None)


def test_neither_attack_said_beside_one_base_is_both_attacks_outcome(matcher):
    text = ("هاجمت طائرات مسيرة قاعدة عين الأسد أمس الخميس. "
            "وفي اليوم ذاته، استهدفت طائرة مسيرة مطار أربيل، ولم يسفر أي من الهجومين عن إصابات أو أضرار.")
    found = {m.base_id: m for m in news(text, dt.date(2023, 11, 24), matcher)}
    assert set(found) == {"ain_al_asad", "erbil_air_base"}
    assert all((m.killed, m.wounded, m.damage) == (0, 0, "none") for m in found.values())


def test_an_unnamed_outpost_takes_the_one_base_the_article_names_in_its_country(matcher):
    text = ("A drone struck a small US military outpost in north-eastern Jordan early on Sunday. "
            "Officials later identified the site as Tower 22.")
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert (m.base_id, m.country) == ("tower_22", "JO")


def test_an_earlier_attack_after_days_after_is_no_place_of_the_news(matcher):
    text = ("US forces came under attack on Monday, days after a missile barrage on a base in western Iraq. "
            "A drone targeted Al-Asad Air Base, officials said. "
            "On Saturday, militants fired ballistic missiles at Al-Asad Air Base.")
    m = next(m for m in news(text, dt.date(2024, 1, 23), matcher) if m.incident_date == dt.date(2024, 1, 22))
    assert (m.base_id, m.incident_date, m.weapons) == ("ain_al_asad", dt.date(2024, 1, 22), ["drone"])


def test_a_claim_of_two_operations_before_the_bases_is_each_ones(matcher):
    text = ("أعلنت المقاومة الإسلامية في العراق، اليوم الأحد، تنفيذ عمليتين ضد قاعدتين في الحسكة. "
            "وقالت إن مجاهديها استهدفوا قاعدة خراب الجير بطائرة مسيرة. "
            "ثم ضربت قاعدة الشدادي بطائرة مسيرة أخرى.")
    found = news(text, dt.date(2023, 12, 31), matcher)
    assert {m.base_id for m in found} == {"kharab_al_jir", "shaddadi"}
    assert {m.claimed_by for m in found} == {"islamic_resistance_in_iraq"}
    assert {m.incident_date for m in found} == {dt.date(2023, 12, 31)}


def test_the_totals_of_two_bases_are_neither_ones(matcher):
    text = ("تصدت القوات الأمريكية لثلاث طائرات مسيرة استهدفت أمس قاعدتين عسكريتين في العراق. "
            "وقال مسؤول إن الهجوم استهدف قاعدة عين الأسد. "
            "ودمرت القوات طائرة مسيرة ثالثة كانت متجهة نحو قاعدة حرير.")
    found = {m.base_id: m for m in news(text, dt.date(2023, 10, 19), matcher)}
    assert set(found) == {"ain_al_asad", "harir"}
    assert found["ain_al_asad"].projectiles is None and found["harir"].projectiles == 1


def test_none_of_the_attacks_mid_sentence_denies_injuries(matcher):
    text = ("U.S. forces came under fire twice on Thursday, an official said, and none of the attacks caused injuries. "
            "At Al Asad Airbase, several drones targeted U.S. forces. "
            "Near Erbil airport, a single drone was launched at coalition troops.")
    found = news(text, dt.date(2023, 11, 24), matcher)
    assert {m.base_id for m in found} == {"ain_al_asad", "erbil_air_base"}
    assert all((m.killed, m.wounded) == (0, 0) for m in found)


def test_a_series_of_attacks_without_injuries_gives_each_attack_the_outcome_only(matcher):
    text = ("تعرضت القوات الأمريكية الخميس لسلسلة هجمات بطائرات مسيرة وصواريخ لم تسفر عن إصابات أو أضرار. "
            "وقال مسؤول إن طائرتين مسيرتين استهدفتا قاعدة عين الأسد، فيما استهدف صاروخ قاعدة حرير.")
    found = {m.base_id: m for m in news(text, dt.date(2023, 11, 24), matcher)}
    assert set(found) == {"ain_al_asad", "harir"}
    assert [(m.killed, m.wounded, m.damage) for m in found.values()] == [(0, 0, "none")] * 2
    assert (found["ain_al_asad"].weapons, found["harir"].weapons) == (["drone"], ["rocket"])


def test_a_count_of_projectiles_of_every_kind_is_the_total(matcher):
    text = ("Militants fired ballistic missiles and rockets at Al-Asad Airbase on Saturday evening. "
            "A US official said 12 projectiles were fired at the base, and two missiles got through.")
    (m,) = news(text, dt.date(2024, 1, 21), matcher)
    assert (m.weapons, m.projectiles) == (["rocket", "missile"], 12)


def test_a_count_said_to_span_two_kinds_is_the_total(matcher):
    text = ("أطلق المهاجمون مساء السبت اثني عشر صاروخاً بين باليستي وقذيفة صاروخية على قاعدة عين الأسد، "
            "وسقط صاروخان باليستيان داخلها.")
    (m,) = news(text, dt.date(2024, 1, 21), matcher)
    assert m.projectiles == 12


def test_a_lead_set_in_context_dates_the_news_before_a_later_uncued_day(matcher):
    text = ("Militias fired drones at US forces at two locations in Iraq on Thursday, the latest in a series of "
            "attacks since the war began. At Ain al Asad air base, two drones were destroyed before reaching it. "
            "On Wednesday, US forces engaged drones near Ain al Asad.")
    news_day = {m.incident_date for m in news(text, dt.date(2023, 10, 20), matcher) if m.base_id == "ain_al_asad"}
    assert dt.date(2023, 10, 19) in news_day


def test_one_of_the_rockets_intercepted_is_one(matcher):
    text = ("At least two rockets were fired at Victory base near Baghdad airport on Thursday. "
            "One of the rockets was intercepted by the base's air defense system, an official said.")
    (m,) = news(text, dt.date(2023, 10, 19), matcher)
    assert (m.base_id, m.projectiles, m.intercepted) == ("victory", 2, 1)


def test_casualties_not_reported_are_unknown_not_none(matcher):
    text = ("A US base in Shaddadi came under rocket attack on Thursday, a war monitor said. "
            "The monitor did not report casualties.")
    (m,) = news(text, dt.date(2023, 11, 9), matcher)
    assert (m.base_id, m.killed, m.wounded) == ("shaddadi", None, None)


def test_also_after_a_recap_goes_on_with_the_recap(matcher):
    text = ("Drones targeted the Conoco gas field base late Thursday, a monitor said. "
            "Earlier this week, US forces at the Al-Tanf garrison were targeted by drones. "
            "Harir air base in Iraq also came under drone attack.")
    found = news(text, dt.date(2023, 10, 20), matcher)
    assert {m.base_id for m in found} == {"conoco"}


def test_one_in_the_accusative_counts_one_wounded(matcher):
    text = "تعرضت قاعدة عين الأسد مساء السبت لهجوم صاروخي، وأفاد البيان أن جنديا عراقيا واحدا على الأقل أصيب في الهجوم."
    (m,) = news(text, dt.date(2024, 1, 21), matcher)
    assert m.wounded == 1


def test_a_risen_figure_of_the_injured_in_the_attack_is_their_number(matcher):
    text = ("A drone struck Tower 22 in Jordan on Sunday, killing three soldiers. "
            "The number of service members injured in the attack has risen to at least 34, an official said.")
    (m,) = news(text, dt.date(2024, 1, 28), matcher)
    assert (m.killed, m.wounded) == (3, 34)


def test_another_account_told_before_the_base_is_named_is_no_second_attack(matcher):
    text = ("Three US troops were killed in a drone attack in Jordan on Sunday. "
            "A Jordanian spokesman told state TV that the attack did not take place inside Jordan "
            "but targeted the al-Tanf base in Syria. "
            "US officials said the drone struck Tower 22 in northeast Jordan.")
    (m,) = news(text, dt.date(2024, 1, 28), matcher)
    assert (m.base_id, m.killed) == ("tower_22", 3)


def test_a_groups_count_gives_way_to_the_officials(matcher):
    text = ("A one-way attack drone struck the al-Tanf garrison on Wednesday, the Pentagon said. "
            "A Telegram channel close to the factions said two drones had been launched at the garrison.")
    (m,) = news(text, dt.date(2023, 11, 2), matcher)
    assert (m.base_id, m.projectiles) == ("al_tanf", 1)


def test_a_total_told_as_had_been_fired_is_news_and_beats_multiple(matcher):
    text = ("Multiple ballistic missiles and rockets were launched at Al-Asad Airbase on Saturday evening. "
            "A US official later told reporters that 17 projectiles had been fired in total.")
    (m,) = news(text, dt.date(2024, 1, 21), matcher)
    assert m.projectiles == 17


def test_projectiles_that_came_down_are_no_total(matcher):
    text = ("Two ballistic missiles and two rockets were launched at Al-Asad Airbase on Saturday evening. "
            "An Iraqi official said at least five projectiles came down inside the perimeter.")
    (m,) = news(text, dt.date(2024, 1, 21), matcher)
    assert m.projectiles == 4


def test_has_since_returned_is_no_recap(matcher):
    text = ("A US official said a drone attack took place on Thursday against a small outpost at Tell Beydar. "
            "An explosive-laden drone hit the site, injuring a single US soldier, who has since returned to duty.")
    (m,) = news(text, dt.date(2023, 11, 17), matcher)
    assert (m.base_id, m.projectiles, m.wounded) == ("tell_beydar", 1, 1)


def test_most_of_the_attacks_causing_no_injuries_is_no_outcome_of_this_one(matcher):
    text = ("Three US service members were injured early Monday when a drone struck Erbil Air Base. "
            "Most of those attacks caused no injuries or only minor ones.")
    (m,) = news(text, dt.date(2023, 12, 25), matcher)
    assert (m.killed, m.wounded) == (None, 3)


def test_a_day_opening_a_sentence_before_a_source_speaks_is_the_day_it_spoke(matcher):
    text = ("Militants fired a ballistic missile at Al-Asad Air Base on Monday night. "
            "On Tuesday, Singh said eight U.S. personnel suffered minor injuries.")
    (m,) = news(text, dt.date(2023, 11, 21), matcher)
    assert (m.incident_date, m.wounded) == (dt.date(2023, 11, 20), 8)


def test_a_count_in_all_is_the_total(matcher):
    text = "They launched rockets and two ballistic missiles, 12 in all, at Al Asad Airbase on Saturday evening."
    (m,) = news(text, dt.date(2024, 1, 22), matcher)
    assert m.projectiles == 12


def test_a_late_disclosure_is_the_news_of_a_report_with_nothing_newer(matcher):
    text = ("Two dozen US troops were injured in drone attacks last week, Central Command said Tuesday. "
            "Most injuries came at the al-Tanf garrison, where two drones targeted US forces last Wednesday.")
    (m,) = news(text, dt.date(2023, 10, 24), matcher)
    assert (m.base_id, m.incident_date) == ("al_tanf", dt.date(2023, 10, 18))


def test_most_attacks_causing_no_injuries_mid_sentence_is_a_tallys(matcher):
    text = ("Three American service members were wounded when a drone struck Erbil Air Base early Monday. "
            "US forces have been targeted more than 100 times, with most attacks causing no injuries.")
    (m,) = news(text, dt.date(2023, 12, 26), matcher)
    assert (m.killed, m.wounded) == (None, 3)


def test_a_sentence_right_after_an_earlier_years_attack_tells_of_that_one(matcher):
    text = ("A barrage of ballistic missiles hit Al-Asad Air Base on Saturday, wounding one Iraqi soldier. "
            "In January 2020, Iran fired a barrage of ballistic missiles at the base. "
            "That strike caused no deaths but left more than 100 troops with brain injuries.")
    (m,) = news(text, dt.date(2024, 1, 22), matcher)
    assert (m.killed, m.wounded) == (None, 1)


def test_a_source_telling_a_newsroom_on_a_day_dates_the_telling(matcher):
    text = ("US troops came under attack several times on Thursday, a US official told ABC News on Friday, "
            "though none of the attacks caused injuries or damage. "
            "In northern Iraq, a single drone targeted US forces at the base near Erbil airport.")
    (m,) = news(text, dt.date(2023, 11, 24), matcher)
    assert (m.base_id, m.incident_date, m.killed, m.wounded, m.damage) == (
        "erbil_air_base", dt.date(2023, 11, 23), 0, 0, "none")


def test_the_attacks_a_response_came_after_date_the_news_before_the_day_officials_spoke(matcher):
    text = ("US jets struck two facilities in eastern Syria, the Pentagon said early Friday, in retaliation "
            "for a string of drone and rocket attacks. The strikes came hours after two more attacks on US troops "
            "on Thursday. "
            "Separately, a rocket attack targeted US forces at a site in Syria, causing no injuries.")
    (m,) = news(text, dt.date(2023, 10, 27), matcher)
    assert (m.country, m.incident_date) == ("SY", dt.date(2023, 10, 26))


def test_and_before_a_new_count_sets_bases_apart(matcher):
    text = ("On Monday, a drone was launched at Al Asad Airbase, while in Syria militants fired a rocket at "
            "the Rumalyn Landing Zone and several rockets at Mission Support Site Euphrates.")
    found = {m.base_id: m for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert [(b, found[b].weapons, found[b].projectiles) for b in ("ain_al_asad", "rumeilan", "mss_euphrates")] == [
        ("ain_al_asad", ["drone"], 1), ("rumeilan", ["rocket"], 1), ("mss_euphrates", ["rocket"], None)]


def test_a_claim_of_two_attacks_by_their_short_names_is_each_ones(matcher):
    text = ("Several drones were launched at Al-Asad Air Base on Thursday. "
            "A single drone targeted US forces at the base near Erbil airport. "
            "The Islamic Resistance in Iraq claimed responsibility for the Al-Asad and Erbil attacks.")
    found = news(text, dt.date(2023, 11, 24), matcher)
    assert {(m.base_id, m.claimed_by) for m in found} == {
        ("ain_al_asad", "islamic_resistance_in_iraq"), ("erbil_air_base", "islamic_resistance_in_iraq")}


def test_destroying_one_of_two_drones_intercepts_one(matcher):
    text = "At Al-Asad Air Base on Wednesday, US forces engaged two drones, destroying one and damaging the other."
    (m,) = news(text, dt.date(2023, 10, 19), matcher)
    assert (m.projectiles, m.intercepted) == (2, 1)


def test_a_drone_that_penetrated_the_air_defenses_was_not_intercepted(matcher):
    text = "On Thursday a one-way attack drone penetrated the air defenses of Al-Asad Air Base and hit a barracks."
    (m,) = news(text, dt.date(2023, 10, 27), matcher)
    assert m.intercepted == 0


def test_a_claim_of_several_of_the_attacks_is_no_claim_of_one(matcher):
    text = ("Two drones targeted the al-Tanf garrison on Wednesday, injuring 20 troops. "
            "The Islamic Resistance in Iraq has claimed responsibility for several of the attacks.")
    (m,) = news(text, dt.date(2023, 10, 19), matcher)
    assert m.claimed_by is None


def test_a_third_drone_is_one_drone(matcher):
    text = "In northern Iraq, a third drone headed for US troops at Harir was destroyed on Wednesday."
    (m,) = news(text, dt.date(2023, 10, 19), matcher)
    assert (m.base_id, m.projectiles) == ("harir", 1)


def test_three_drone_attacks_count_attacks_not_drones(matcher):
    text = ("The attack on Tell Beydar on Thursday was one of three drone attacks on US forces. "
            "An explosive-laden drone hit the site, injuring a single US soldier.")
    (m,) = news(text, dt.date(2023, 11, 17), matcher)
    assert (m.base_id, m.projectiles) == ("tell_beydar", 1)


def test_a_count_before_suffered_reaches_the_injuries(matcher):
    text = ("Two drones targeted the al-Tanf garrison on Wednesday, and 20 US personnel suffered what officials "
            "described as minor injuries.")
    (m,) = news(text, dt.date(2023, 10, 19), matcher)
    assert m.wounded == 20


def test_neither_attack_after_a_sentence_placing_two_is_those_twos(matcher):
    text = ("On Thursday a drone hit the outpost at Tell Beydar, wounding a US soldier. "
            "The same day drones were launched at Al-Asad Air Base and at Harir air base. "
            "Neither attack caused casualties or damage, the official said.")
    found = {m.base_id: m for m in news(text, dt.date(2023, 11, 17), matcher)}
    assert (found["tell_beydar"].wounded, found["tell_beydar"].damage) == (1, None)
    assert (found["harir"].wounded, found["harir"].damage) == (0, "none")


def test_a_claims_day_is_the_attacks_when_no_other_is_named(matcher):
    text = ('أسقطت الدفاعات الأمريكية صباح الجمعة طائرة مسيرة فوق قاعدة الشدادي. '
            'وأعلنت "المقاومة الإسلامية في العراق"، مساء الخميس، أنها استهدفت بطائرة مسيرة قاعدة حقل العمر.')
    found = {m.base_id: m.incident_date for m in news(text, dt.date(2024, 1, 5), matcher)}
    assert found == {"shaddadi": dt.date(2024, 1, 5), "al_omar": dt.date(2024, 1, 4)}


def test_until_a_day_is_as_of_when_not_when(matcher):
    text = ("أعلنت المقاومة الإسلامية في العراق مساء أمس الأحد استهداف قاعدة خراب الجير بطائرة مسيرة. "
            "ولم تصدر القيادة المركزية أي تعليق على الهجوم حتى صباح اليوم الاثنين.")
    (m,) = news(text, dt.date(2024, 1, 1), matcher)
    assert (m.base_id, m.incident_date) == ("kharab_al_jir", dt.date(2023, 12, 31))


def test_weapons_in_storage_are_no_attacks(matcher):
    text = ("US jets struck 85 targets on Friday. Targets included storage sites for rockets, missiles and drones, "
            "three of the sites in Iraq.")
    assert news(text, dt.date(2024, 2, 3), matcher) == []


def test_a_pluperfect_claim_of_an_earlier_day_is_a_recap(matcher):
    text = ("أعلنت المقاومة الإسلامية في العراق اليوم الأحد استهداف قاعدة رميلان بطائرة مسيرة. "
            "وكانت المقاومة قد أعلنت مساء السبت استهداف قاعدة حرير الجوية بطائرات مسيرة.")
    assert {m.base_id for m in news(text, dt.date(2023, 12, 31), matcher)} == {"rumeilan"}


def test_a_strike_that_was_a_response_to_saturdays_barrage_recaps_it(matcher):
    text = ("Austin said the strikes were a response to a series of attacks, including Saturday's barrage on "
            "Al-Asad Air Base. Militants targeted US forces three more times on Monday, a spokesperson said. "
            "A one-way attack drone was launched at Al-Asad Air Base in western Iraq.")
    found = {(m.base_id, m.incident_date) for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert found == {("ain_al_asad", dt.date(2024, 1, 22))}


def test_no_comment_until_this_morning_is_no_day_of_the_attack(matcher):
    text = ("أعلنت المقاومة الإسلامية في العراق، في بيان صدر مساء أمس الأحد، تنفيذ عملية بالطيران المسير. "
            "وجاء في البيان أن المجاهدين استهدفوا قاعدة خراب الجير بطائرة مسيرة. "
            "ولم تصدر القيادة المركزية أي تعليق على الهجوم حتى صباح اليوم الاثنين.")
    (m,) = news(text, dt.date(2024, 1, 1), matcher)
    assert (m.base_id, m.incident_date) == ("kharab_al_jir", dt.date(2023, 12, 31))


def test_a_claim_told_in_a_sentence_opening_as_a_recap_is_a_recap(matcher):
    text = ("أسقطت الدفاعات الجوية الأمريكية صباح الجمعة طائرة مسيرة فوق قاعدة الشدادي. "
            "ويأتي ذلك بعد يوم واحد من تبني المقاومة الإسلامية في العراق هجوما على قاعدة حقل العمر.")
    assert {m.base_id for m in news(text, dt.date(2024, 1, 5), matcher)} == {"shaddadi"}


def test_harder_to_intercept_is_no_interception(matcher):
    text = ("Militants fired a close-range ballistic missile at Al-Asad Air Base on Monday evening. "
            "Ballistic missiles are harder to intercept than the small drones militants have relied on.")
    (m,) = news(text, dt.date(2023, 11, 21), matcher)
    assert m.intercepted is None


def test_multiple_rockets_and_a_drone_leave_the_total_unsaid(matcher):
    text = ("In northeastern Syria, a coalition base was hit with multiple rockets and a one-way attack drone "
            "on Thursday.")
    (m,) = news(text, dt.date(2023, 11, 24), matcher)
    assert set(m.weapons) == {"drone", "rocket"}
    assert m.projectiles is None


def test_casualties_over_that_period_are_a_tally(matcher):
    text = ("A single drone targeted coalition forces at the Erbil airport base on Thursday. "
            "The Pentagon says American troops have been targeted more than 70 times since Oct. 17. "
            "Roughly 60 personnel have been hurt over that period.")
    (m,) = news(text, dt.date(2023, 11, 24), matcher)
    assert (m.base_id, m.wounded) == ("erbil_air_base", None)


def test_intercepting_most_of_a_salvo_gives_no_number(matcher):
    text = ("أطلقت عشرة صواريخ على الأقل باتجاه قاعدة عين الأسد مساء السبت، وتصدت الدفاعات الجوية لمعظمها، "
            "في حين سقط صاروخان داخل القاعدة.")
    (m,) = news(text, dt.date(2024, 1, 20), matcher)
    assert m.intercepted is None


def test_imperfect_negated_interception_is_none_intercepted(matcher):
    text = "قال مسؤولون أميركيون إن المسيّرة أصابت مساكن الجنود في البرج 22 فجر اليوم، وإن الدفاعات الجوية لم تعترضها."
    (m,) = news(text, dt.date(2024, 1, 28), matcher)
    assert m.intercepted == 0


def test_accusative_ballistic_missile_and_no_deaths(matcher):
    text = ("أعلنت وزارة الدفاع الأميركية أن صاروخاً باليستياً أُطلق مساء أمس على قاعدة عين الأسد، ما أدى إلى إصابة "
            "ثمانية أشخاص. وقالت المتحدثة إنه لم تسجل أي وفيات في صفوف العسكريين.")
    (m,) = news(text, dt.date(2023, 11, 21), matcher)
    assert (m.weapons, m.killed, m.wounded) == (["missile"], 0, 8)


def test_a_distance_is_no_count(matcher):
    text = "الدفاعات الأمريكية تسقط مسيرة على بعد 3 كيلومترات من قاعدة عين الأسد اليوم الجمعة."
    (m,) = news(text, dt.date(2023, 10, 27), matcher)
    assert (m.projectiles, m.intercepted) == (1, 1)


def test_definite_casualty_nouns_and_toll_verbs(matcher):
    text = ("استهدف هجوم بطائرة مسيرة فجر الأحد موقع البرج 22 في الأردن، وارتفع عدد القتلى إلى ثلاثة. "
            "وأوضحت القيادة المركزية أن عدد المصابين بلغ 34 عسكرياً.")
    (m,) = news(text, dt.date(2024, 1, 28), matcher)
    assert (m.killed, m.wounded) == (3, 34)


def test_ages_of_the_named_dead_are_no_toll(matcher):
    text = ("Sergeant William Rivers, 46, and Specialist Kennedy Sanders, 24, died when a one-way attack drone "
            "hit the living quarters at Tower 22 early on Sunday.")
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert m.killed is None


def test_confronting_smuggling_is_no_interception(matcher):
    text = ("استهدفت طائرة مسيرة فجر الأحد موقع البرج 22. وقال الناطق إن المملكة ستستمر في التصدي بكل حزم "
            "لمحاولات تهريب الأسلحة عبر الحدود.")
    (m,) = news(text, dt.date(2024, 1, 28), matcher)
    assert m.intercepted is None


def test_an_attack_days_earlier_is_a_recap(matcher):
    text = ("A drone struck Tower 22 in Jordan early on Sunday, killing three US soldiers. "
            "The most serious before it came eight days earlier, when ballistic missiles struck the Ain al-Asad "
            "air base, wounding an Iraqi soldier.")
    assert {m.base_id for m in news(text, dt.date(2024, 1, 29), matcher)} == {"tower_22"}


def test_what_a_source_had_said_of_the_attack_is_news_of_it(matcher):
    text = ("دان الناطق باسم الحكومة الهجوم الذي استهدف فجر أمس الأحد موقع البرج 22 على الحدود. "
            "وكان الرئيس الأميركي قد أعلن مساء الأحد مقتل ثلاثة من جنود بلاده في هجوم بطائرة مسيرة.")
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert (m.base_id, m.killed, m.weapons) == ("tower_22", 3, ["drone"])


def test_an_earlier_statement_of_another_day_stays_a_recap(matcher):
    text = ("استهدفت طائرة مسيرة فجر اليوم الأحد موقع البرج 22. "
            "وكانت القيادة المركزية قد أعلنت في 20 كانون الثاني إصابة أربعة جنود بصواريخ باليستية.")
    (m,) = news(text, dt.date(2024, 1, 28), matcher)
    assert (m.base_id, m.wounded) == ("tower_22", None)


def test_one_american_service_member_suffered_injuries_is_one(matcher):
    text = ("On Thursday a one-way attack drone struck near US troops at Tell Beydar. "
            "One American service member suffered minor injuries, a spokesperson said.")
    (m,) = news(text, dt.date(2023, 11, 17), matcher)
    assert (m.base_id, m.wounded) == ("tell_beydar", 1)


def test_a_sentence_dating_earlier_attacks_dates_the_next_one_that_places_them(matcher):
    text = ("Two one-way attack drones were launched at Erbil air base on Monday. "
            "The Pentagon also gave a fuller accounting on Tuesday of the Oct. 18 attacks. "
            "At al-Tanf garrison, 20 US service members sustained minor injuries when drones struck the base.")
    found = {m.base_id: m for m in extract_mentions(text, dt.date(2023, 10, 24), matcher)}
    assert found["erbil_air_base"].is_background is False
    assert (found["al_tanf"].incident_date, found["al_tanf"].is_background) == (dt.date(2023, 10, 18), True)


def test_the_toll_after_the_us_strikes_is_theirs(matcher):
    text = ("The strikes, ordered by President Joe Biden, hit three facilities used by Kataib Hezbollah. "
            "Iraqi officials said at least one person was killed and more than a dozen were wounded. "
            "They followed an attack in which a one-way attack drone struck Erbil air base early on Monday, "
            "wounding three US service members. The Islamic Resistance in Iraq said it carried out the attack.")
    (m,) = news(text, dt.date(2023, 12, 26), matcher)
    assert (m.base_id, m.killed, m.wounded, m.claimed_by) == ("erbil_air_base", None, 3, "islamic_resistance_in_iraq")


def test_a_claim_timed_at_dawn_today_dates_the_attack_by_last_night(matcher):
    text = ("أعلنت المقاومة الإسلامية في العراق، فجر اليوم الأحد، أن مجاهديها استهدفوا ليل أمس السبت قاعدة التنف "
            "بطائرتين مسيرتين.")
    (m,) = news(text, dt.date(2023, 10, 29), matcher)
    assert (m.base_id, m.incident_date) == ("al_tanf", dt.date(2023, 10, 28))


def test_a_tally_spread_over_three_bases_recaps_them(matcher):
    text = ("تعرضت قاعدة الشدادي صباح اليوم الخميس لقصف صاروخي. "
            "وبحسب المرصد، فإن هجوم اليوم هو السادس والعشرون منذ تشرين الأول، وقد توزعت الهجمات بين حقل كونيكو "
            "ورميلان وحامية التنف.")
    assert {m.base_id for m in news(text, dt.date(2023, 11, 9), matcher)} == {"shaddadi"}


def test_a_claim_naming_three_bases_is_no_tally(matcher):
    text = ("أسقطت القوات الأمريكية أمس الاثنين طائرتين مسيرتين قرب قاعدة التنف. "
            "ويأتي ذلك بعد ساعات من تبني المقاومة الإسلامية في العراق سلسلة هجمات أمس، قالت إنها استهدفت "
            "قاعدة التنف وقاعدة حقل العمر وقاعدة الشدادي.")
    found = {m.base_id for m in extract_mentions(text, dt.date(2023, 10, 24), matcher)}
    assert {"al_tanf", "al_omar", "shaddadi"} <= found


def test_two_drones_shot_down_of_an_uncounted_salvo_leave_the_launch_count_unsaid(matcher):
    text = ("A US base in al-Shaddadi came under rocket and drone attack on Thursday. The monitor said the base was "
            "targeted with rockets and explosive-laden drones, and that US air defenses shot down two drones.")
    (m,) = news(text, dt.date(2023, 11, 9), matcher)
    assert (m.projectiles, m.intercepted) == (None, 2)


def test_two_drones_shot_down_and_nothing_else_said_were_two_launched(matcher):
    text = ("أعلنت القيادة المركزية الأمريكية أن قواتها أسقطت أمس الاثنين طائرتين مسيرتين كانتا تستهدفان قاعدة "
            "التنف. وتبنت المقاومة الإسلامية في العراق الهجوم، وقالت إنها استهدفت قاعدة التنف بالطائرات المسيرة.")
    (m,) = news(text, dt.date(2023, 10, 24), matcher)
    assert (m.projectiles, m.intercepted) == (2, 2)


def test_ten_rockets_count_a_barrage_of_ballistic_missiles_and_rockets(matcher):
    text = ("تعرضت قاعدة عين الأسد مساء السبت لهجوم بصواريخ باليستية وقذائف صاروخية. "
            "وأوضحت المصادر أن عشرة صواريخ أطلقت باتجاه القاعدة.")
    (m,) = news(text, dt.date(2024, 1, 20), matcher)
    assert m.projectiles == 10


@pytest.mark.parametrize("sentence", [
    "Officials said the drone had not been intercepted, and were investigating whether it had been confused "
    "with a US drone.",
    "The base's defenses didn't intercept it.",
    "The Pentagon said it was still investigating how the attack had not been stopped.",
])
def test_the_drone_was_not_intercepted(matcher, sentence: str):
    text = "Three US soldiers were killed when a one-way attack drone struck Tower 22 early on Sunday. " + sentence
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert m.intercepted == 0


def test_prevented_from_intercepting_it_is_none_intercepted(matcher):
    text = ("قتل ثلاثة جنود أمريكيين في هجوم بطائرة مسيرة استهدف فجر الأحد موقع البرج 22. وقال مسؤولون إن الطائرة "
            "اقتربت مع عودة طائرة أمريكية، ما أربك الدفاعات الجوية ومنعها من اعتراضها.")
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert m.intercepted == 0


def test_since_a_year_when_it_happened_frames_what_follows(matcher):
    text = ("Ballistic missiles and rockets struck Al-Asad Air Base on Saturday, and one Iraqi service member was "
            "wounded. Al-Asad has hosted Patriot batteries since 2020, when they were rushed to Iraq after Iran "
            "fired more than a dozen ballistic missiles at the base. That strike caused no deaths but left more "
            "than 100 US troops with traumatic brain injuries.")
    (m,) = news(text, dt.date(2024, 1, 22), matcher)
    assert (m.base_id, m.wounded) == ("ain_al_asad", 1)


@pytest.mark.parametrize("text", [
    "ضربت المسيرة قاعدة صغيرة تعرف باسم البرج 22، تقع عند المثلث الحدودي بين الأردن وسورية والعراق، وتؤدي دوراً "
    "لوجستياً في دعم حامية التنف القريبة، فجر الأحد. وأصيب 34 جريحاً.",
    "A drone struck Tower 22 early on Sunday; the outpost is one of the smallest sites in the network, supporting "
    "the larger garrison at al-Tanf. Officials said 34 were wounded.",
])
def test_the_base_another_supports_is_no_place_of_the_attack(matcher, text: str):
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert (m.base_id, m.wounded) == ("tower_22", 34)


def test_a_toll_raised_to_34_wounded(matcher):
    text = ("استهدف هجوم بطائرة مسيرة فجر الأحد موقع البرج 22. وتحدث البيان الأول عن 25 مصاباً، قبل أن يرفع "
            "مسؤولون الحصيلة مساءً إلى 34 جريحاً.")
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert m.wounded == 34


def test_a_tally_led_by_the_bulk_of_them_gives_no_toll(matcher):
    text = ("Militants launched a one-way attack drone at Al-Asad Air Base on Thursday, causing no casualties. "
            "US forces have been attacked more than 70 times since Oct. 17. The bulk of them caused no casualties, "
            "but about 60 US personnel have reported minor injuries.")
    (m,) = news(text, dt.date(2023, 11, 24), matcher)
    assert m.wounded == 0


def test_most_of_them_with_minor_injuries_is_a_share_of_the_wounded(matcher):
    text = ("A drone struck Tower 22 early on Sunday. The Pentagon said on Tuesday that at least 40 service members "
            "had been wounded, most of them with minor injuries.")
    (m,) = news(text, dt.date(2024, 1, 30), matcher)
    assert m.wounded == 40


def test_what_follows_an_earlier_unplaced_attack_is_that_attacks(matcher):
    text = ("A single rocket was fired at Rumalyn Landing Zone on Monday, causing no casualties. "
            "The attacks came two days after a far more serious barrage at Al-Asad on Saturday evening. "
            "Most were intercepted, but some struck the base. "
            "Four US service members were evaluated for traumatic brain injuries, and an Iraqi service member "
            "was wounded.")
    (m,) = news(text, dt.date(2024, 1, 23), matcher)
    assert (m.base_id, m.wounded, m.intercepted) == ("rumeilan", 0, None)


def test_a_service_member_suffered_minor_injuries_is_one_wounded(matcher):
    text = ("A U.S. service member suffered minor injuries Thursday when a one-way attack drone targeted Tal Baydar, "
            "a small outpost in northeastern Syria.")
    (m,) = news(text, dt.date(2023, 11, 17), matcher)
    assert (m.base_id, m.wounded) == ("tell_beydar", 1)


def test_an_outlet_tag_dateline_is_the_report_day_not_the_attack_day(matcher):
    text = ("Nov. 24 (UPI) -- Iran-backed militants launched drones at U.S. forces in Iraq on Thanksgiving Day, "
            "the Pentagon said Friday. In a separate attack, a single one-way drone targeted U.S. and coalition "
            "troops at Erbil airport.")
    (m,) = news(text, dt.date(2023, 11, 24), matcher)
    assert (m.base_id, m.incident_date, m.projectiles) == ("erbil_air_base", dt.date(2023, 11, 23), 1)


def test_a_toll_after_an_earlier_figure_is_news(matcher):
    text = ("أعلنت وزارة الدفاع الأمريكية ارتفاع عدد العسكريين الذين أصيبوا في هجوم الطائرة المسيرة على موقع البرج 22 "
            "إلى 40 على الأقل، بعد أن كانت الحصيلة الأولية قد تحدثت عن 34 مصابا. ووقع الهجوم فجر الأحد الماضي.")
    (m,) = news(text, dt.date(2024, 1, 30), matcher)
    assert (m.base_id, m.incident_date) == ("tower_22", dt.date(2024, 1, 28))


def test_al_harir_with_the_article_and_drone_aviation(matcher):
    text = "أعلنت المقاومة الإسلامية في العراق، مساء اليوم السبت، استهداف قاعدة الحرير في أربيل بالطيران المسيّر."
    (m,) = extract_mentions(text, dt.date(2023, 12, 30), matcher)
    assert (m.base_id, m.weapons, m.projectiles) == ("harir", ["drone"], None)


def test_martyrdom_words_count_the_dead(matcher):
    text = "قالت قوات سوريا الديمقراطية إن 6 من مقاتليها استشهدوا في هجوم بطائرة مسيّرة استهدف حقل العمر فجر اليوم."
    (m,) = news(text, dt.date(2024, 2, 4), matcher)
    assert m.killed == 6


def test_forces_destroyed_two_one_way_drones_at_an_unnamed_base(matcher):
    text = ("U.S. and coalition forces destroyed two one-way attack drones on Oct. 23 before they could reach their "
            "targets at a base in southwest Syria, U.S. Central Command said. The command did not say which group "
            "launched the drones.")
    (m,) = news(text, dt.date(2023, 10, 24), matcher)
    assert (m.base_id, m.country, m.projectiles, m.intercepted) == (None, "SY", 2, 2)


def test_the_latest_in_a_string_of_attacks_at_the_us_embassy_is_news(matcher):
    text = ("At least three rockets were fired at the US embassy in Baghdad before dawn on Friday, Iraqi security "
            "sources said, the latest in a string of attacks on American interests since October. "
            "There was no immediate word on casualties or damage.")
    (m,) = news(text, dt.date(2023, 12, 8), matcher)
    assert (m.base_id, m.country, m.projectiles) == (None, "IQ", 3)
    assert (m.killed, m.wounded, m.damage) == (None, None, None)


def test_what_follows_a_recapped_attack_is_not_the_news_attacks(matcher):
    text = ("أصاب هجوم بطائرة مسيرة صباح الإثنين قاعدة أربيل الجوية وأدى إلى إصابة ثلاثة عسكريين أمريكيين. "
            "كما سقطت صواريخ كاتيوشا في 8 ديسمبر في محيط السفارة الأمريكية ببغداد. "
            "وقال مصدر إن الفصائل كانت تراهن على أن الهجمات لا توقع قتلى.")
    found = {m.base_id: m for m in news(text, dt.date(2023, 12, 26), matcher)}
    assert set(found) == {"erbil_air_base"}
    assert (found["erbil_air_base"].killed, found["erbil_air_base"].wounded) == (None, 3)


def test_a_claim_of_the_attacks_naming_one_base_and_other_places_covers_the_days_attacks(matcher):
    text = ("استهدفت عدة طائرات مسيرة أمس الخميس قاعدة عين الأسد. وهاجمت مسيرة واحدة القوات الأمريكية في قاعدة حرير. "
            "وسارعت المقاومة الإسلامية في العراق إلى تبني الهجمات، مؤكدة أنها استهدفت قواعد الاحتلال في عين الأسد "
            "وأربيل وسورية.")
    found = {m.base_id: m.claimed_by for m in news(text, dt.date(2023, 11, 24), matcher)}
    assert found == {"ain_al_asad": "islamic_resistance_in_iraq", "harir": "islamic_resistance_in_iraq"}


def test_a_claim_of_one_named_attack_is_not_another_account_of_the_current_one(matcher):
    text = ("أطلقت طائرة مسيرة يوم الاثنين على قاعدة عين الأسد، وأطلق صاروخ على قاعدة رميلان. "
            "وتبنت المقاومة الإسلامية في العراق الهجوم على عين الأسد، من دون أن تشير إلى الهجوم في سورية.")
    found = {m.base_id: m.claimed_by for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert found == {"ain_al_asad": "islamic_resistance_in_iraq", "rumeilan": None}


def test_a_pluperfect_claim_before_the_attack_is_placed_is_the_articles_one_attacks(matcher):
    text = ("وكانت المقاومة الإسلامية في العراق قد أعلنت في بيان مسؤوليتها عن هجوم بمسيرة على القوات الأميركية. "
            "وأصيب ثلاثة عسكريين أمريكيين صباح أمس الاثنين في هجوم بطائرة مسيرة على قاعدة أربيل الجوية.")
    (m,) = news(text, dt.date(2023, 12, 26), matcher)
    assert (m.base_id, m.claimed_by) == ("erbil_air_base", "islamic_resistance_in_iraq")


def test_no_party_claiming_one_base_keeps_the_claim_off_it(matcher):
    text = ("سقط صاروخان قرب معسكر فكتوريا، واستهدفت مسيرتان قاعدة عين الأسد اليوم الخميس. "
            "وتبنت حركة النجباء الهجوم على عين الأسد، في حين لم تعلن أي جهة مسؤوليتها عن استهداف معسكر فكتوريا.")
    found = {m.base_id: m.claimed_by for m in news(text, dt.date(2023, 10, 19), matcher)}
    assert found == {"ain_al_asad": "harakat_al_nujaba", "victory": None}


@pytest.mark.parametrize("text", [
    "Ballistic missiles struck Al-Asad Air Base on Saturday. Four American service members were treated for "
    "traumatic brain injuries and later returned to duty, and one Iraqi service member was wounded, officials said.",
    "تعرضت قاعدة عين الأسد مساء السبت لهجوم بصواريخ باليستية. وأضاف المسؤولون أن ٤ من العسكريين الأمريكيين أصيبوا "
    "بارتجاجات دماغية طفيفة، كما أصيب جندي عراقي واحد على الأقل كان متواجداً في القاعدة.",
])
def test_two_groups_wounded_in_one_sentence_add_up(matcher, text: str):
    (m,) = news(text, dt.date(2024, 1, 21), matcher)
    assert m.wounded == 5


def test_a_revised_toll_of_the_same_people_does_not_add_up(matcher):
    text = ("A drone struck Tower 22 early on Sunday. Central Command first said 25 US troops were wounded; "
            "officials later said 34 US service members were wounded.")
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert m.wounded == 34


def test_a_place_with_no_country_is_no_mention(matcher):
    text = "ويقول باحث إن الحديث عن استهداف قواعد أمريكية في المنطقة بطائرات مسيرة مبالغ فيه."
    assert extract_mentions(text, dt.date(2023, 11, 14), matcher) == []


def test_a_casualty_figure_beyond_any_attack_on_a_base_is_dropped(matcher):
    text = ("Iranian ballistic missiles slammed into Al-Asad Air Base on Monday; hours later Iran shot down "
            "Flight 752, killing 176 people, and officials said 752 were killed.")
    (m,) = extract_mentions(text, dt.date(2024, 1, 8), matcher)
    assert m.killed is None or m.killed <= 200


def test_a_sentence_with_only_a_place_and_an_old_date_frames_what_follows(matcher):
    text = ("In the early hours of January 8, 2020, soldiers at Ain Al Asad airbase had a few hours' warning. "
            "Iran's Revolutionary Guard fired a volley of ballistic missiles, most of them striking Ain Al Asad. "
            "Within weeks more than 100 service members had been diagnosed with brain injuries.")
    assert news(text, dt.date(2024, 1, 8), matcher) == []


def test_as_for_the_third_attack_is_news_not_a_recap(matcher):
    text = ("تعرضت القوات الأمريكية أمس الاثنين لثلاثة هجمات. استهدفت طائرة مسيرة قاعدة عين الأسد، وأطلق صاروخ على "
            "قاعدة رميلان. أما الهجوم الثالث فطال موقع دعم المهمة الفرات في دير الزور، واستخدمت فيه عدة صواريخ.")
    found = {m.base_id for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert found == {"ain_al_asad", "rumeilan", "mss_euphrates"}


def test_two_sites_where_us_soldiers_are_stationed_is_an_unnamed_place(matcher):
    text = ("أما في سوريا، فقد تعرض أمس الخميس موقعان يتمركز فيهما جنود أميركيون في شمال شرقي البلاد لهجوم بصواريخ "
            "متعددة وطائرة مسيرة.")
    (m,) = news(text, dt.date(2023, 11, 24), matcher)
    assert (m.base_id, m.country) == (None, "SY")


def test_the_last_day_of_last_year_is_recent_news_in_january(matcher):
    text = ("أعلنت المقاومة الإسلامية في العراق أنها استهدفت أمس الأحد، في اليوم الأخير من عام 2023، قاعدتين للاحتلال. "
            "وذكرت المقاومة أن مقاتليها هاجموا قاعدة خراب الجير بطائرة مسيرة.")
    (m,) = news(text, dt.date(2024, 1, 1), matcher)
    assert (m.base_id, m.incident_date) == ("kharab_al_jir", dt.date(2023, 12, 31))


def test_a_year_long_past_still_frames_a_recap(matcher):
    text = "In January 2020, Iran fired more than a dozen ballistic missiles at Al-Asad Air Base."
    assert news(text, dt.date(2024, 1, 8), matcher) == []


def test_a_military_post_near_the_border_is_an_unnamed_place_of_its_own_country(matcher):
    text = ("US President Joe Biden says three American service members have been killed in a drone attack on US "
            "forces in northeastern Jordan. The US Central Command says a one-way attack drone struck a base near "
            "the Syrian border on Sunday.")
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert (m.base_id, m.country, m.incident_date) == (None, "JO", dt.date(2024, 1, 28))


def test_a_toll_raised_on_monday_dates_nothing(matcher):
    text = "رفعت القيادة المركزية، الاثنين، عدد العسكريين الذين أصيبوا في هجوم فجر الأحد على موقع البرج 22 إلى 34."
    (m,) = news(text, dt.date(2024, 1, 29), matcher)
    assert (m.base_id, m.incident_date) == ("tower_22", dt.date(2024, 1, 28))


@pytest.mark.parametrize(("text", "killed", "wounded"), [
    ("Six fighters from the US-backed Syrian Democratic Forces (SDF) were killed early on Sunday when a drone "
     "struck the Al-Omar oil field base.", 6, None),
    ("أعلنت وزارة الدفاع الأمريكية أن ٨ من العسكريين العاملين في قاعدة عين الأسد الجوية بمحافظة الأنبار أصيبوا "
     "بجروح غير خطيرة إثر هجوم بصاروخ باليستي مساء الاثنين.", None, 8),
])
def test_the_count_at_the_head_of_a_long_clause(matcher, text: str, killed, wounded):
    (m,) = news(text, dt.date(2023, 11, 21) if "الاثنين" in text else dt.date(2024, 2, 5), matcher)
    assert (m.killed, m.wounded) == (killed, wounded)


def test_a_site_housing_us_troops_confirmed_that_on_thursday(matcher):
    text = ("US forces shot down a drone near Ain Al-Asad air base on Friday, an official said. The official also "
            "confirmed that on Thursday a site housing US troops in Syria came under a multi-rocket attack.")
    found = {(m.base_id or m.country, m.incident_date) for m in news(text, dt.date(2023, 10, 28), matcher)}
    assert found == {("ain_al_asad", dt.date(2023, 10, 27)), ("SY", dt.date(2023, 10, 26))}


def test_it_had_carried_out_is_a_claim(matcher):
    text = ("The Islamic Resistance in Iraq said on Thursday it had carried out a drone operation against Ain al-Asad "
            "airbase.")
    (m,) = extract_mentions(text, dt.date(2023, 11, 24), matcher)
    assert (m.base_id, m.claimed_by) == ("ain_al_asad", "islamic_resistance_in_iraq")


def test_a_verb_between_weapon_and_number_keeps_the_number_off_the_weapon(matcher):
    text = ("Late Monday, militants fired a close-range ballistic missile at Al-Asad Air Base. The missile caused "
            "eight non-serious injuries and minor damage to infrastructure.")
    (m,) = news(text, dt.date(2023, 11, 21), matcher)
    assert (m.projectiles, m.wounded) == (1, 8)


def test_the_militia_said_in_a_statement_is_the_group_named_before(matcher):
    text = ("أعلنت المقاومة الإسلامية في العراق، أمس الأحد، استهداف قاعدتين. وقالت الميليشيا في بيان أول إنها هاجمت "
            "قاعدة خراب الجير بطائرة مسيرة.")
    (m,) = extract_mentions(text, dt.date(2024, 1, 1), matcher)
    assert (m.base_id, m.claimed_by) == ("kharab_al_jir", "islamic_resistance_in_iraq")


@pytest.mark.parametrize("recap", [
    "Just over a week ago, a salvo of ballistic missiles and rockets struck Ain al-Asad air base.",
    "He also said US forces had engaged drones targeting the Ain al-Asad and Harir air bases earlier in the week.",
])
def test_a_week_ago_and_earlier_in_the_week_are_recaps(matcher, recap: str):
    text = "A drone struck Tower 22 in Jordan early on Sunday, killing three US soldiers. " + recap
    assert {m.base_id for m in news(text, dt.date(2024, 1, 29), matcher)} == {"tower_22"}


def test_what_follows_whether_is_asked_not_told(matcher):
    text = ("Two drones targeted the al-Tanf garrison on Saturday, the group said. It did not say whether the drones "
            "caused damage.")
    (m,) = extract_mentions(text, dt.date(2023, 10, 29), matcher)
    assert m.damage is None


def test_a_lead_saying_no_attack_hurt_anyone_covers_each_attack_placed_after_it(matcher):
    text = ("أعلنت وزارة الدفاع الأمريكية أن قواتها تعرضت أمس الاثنين لثلاث هجمات منفصلة، مؤكدة أنه لم يسجل فيها قتلى "
            "أو إصابات أو أضرار. واستهدفت طائرة مسيرة قاعدة عين الأسد. وسقط صاروخ واحد على رميلان.")
    found = {m.base_id: (m.killed, m.wounded, m.damage) for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert found == {"ain_al_asad": (0, 0, "none"), "rumeilan": (0, 0, "none")}


def test_the_same_day_of_an_earlier_year_without_its_year_is_that_years(matcher):
    text = ("Flight PS752 was struck by two missiles minutes after taking off from Tehran on January 8, 2020. "
            "Relatives held vigils in Kyiv. Five days earlier, a US drone strike had killed Qasem Soleimani. "
            "Iran's foreign ministry issued a statement. In the early hours of January 8, Iran retaliated by firing "
            "more than a dozen ballistic missiles at Ain al-Asad air base.")
    assert news(text, dt.date(2024, 1, 8), matcher) == []


def test_a_claim_the_group_had_made_of_an_earlier_day_is_a_recap_even_without_qad(matcher):
    text = ("أعلنت المقاومة الإسلامية في العراق أنها استهدفت أمس بطائرة مسيرة قاعدة رميلان. "
            "وكانت المقاومة الإسلامية في العراق أعلنت مساء السبت استهداف قاعدة حرير في محافظة أربيل.")
    assert {m.base_id for m in news(text, dt.date(2024, 1, 1), matcher)} == {"rumeilan"}


@pytest.mark.parametrize("earlier", [
    "On Wednesday, US troops shot down drones targeting Ain al-Asad air base in western Iraq.",
    "وفي يوم الأربعاء، أسقطت القوات الأمريكية طائرات مسيرة كانت تستهدف قاعدة عين الأسد غربي العراق.",
])
def test_an_earlier_day_opening_a_sentence_after_the_news_is_its_background(matcher, earlier: str):
    text = ("Two rockets were fired at the Conoco gas field in eastern Syria on Thursday, US officials said. "
            "No one was hurt. " + earlier)
    found = extract_mentions(text, dt.date(2023, 10, 20), matcher)
    assert {m.base_id: m.is_background for m in found} == {"conoco": False, "ain_al_asad": True}


def test_an_earlier_day_told_with_its_count_stays_news(matcher):
    text = ("Katyusha rockets were fired at Ain al-Asad air base on Sunday, two Iraqi army sources said. "
            "On Saturday, three drones headed for Harir air base: two were shot down before reaching it.")
    found = {(m.base_id, m.incident_date) for m in news(text, dt.date(2023, 10, 22), matcher)}
    assert found == {("ain_al_asad", dt.date(2023, 10, 22)), ("harir", dt.date(2023, 10, 21))}


def test_an_interception_asked_about_far_after_whether_is_not_told(matcher):
    text = ("استهدفت طائرتان مسيرتان قاعدة عين الأسد الجوية فجر الثلاثاء. "
            "ولم تذكر المصادر ما إذا كانت دفاعات القاعدة، التي يتمركز فيها مستشارون من التحالف، قد نجحت في "
            "اعتراض المسيرتين أم أنهما سقطتا في منطقة مفتوحة.")
    (m,) = news(text, dt.date(2023, 10, 31), matcher)
    assert (m.base_id, m.projectiles, m.intercepted) == ("ain_al_asad", 2, None)


def test_the_attack_a_response_answers_is_its_cause_not_news(matcher):
    text = ("شن الطيران الأمريكي ليل الجمعة عدوانا جويا واسعا على بلدات في البادية السورية قرب الحدود مع العراق. "
            "وبررت واشنطن الغارات بالرد على الهجوم الذي استهدف موقع البرج 22 في شمال شرق الأردن "
            "في الثامن والعشرين من كانون الثاني وأدى إلى مقتل ثلاثة من جنودها.")
    assert news(text, dt.date(2024, 2, 3), matcher) == []


@pytest.mark.parametrize("syria", [
    "In northeastern Syria, rockets and a one-way drone were fired at US forces, the official said.",
    "وفي سوريا، استهدفت صواريخ وطائرة مسيرة موقعا تتمركز فيه قوات التحالف في شمال شرقي البلاد.",
])
def test_an_attack_set_in_another_country_unnamed_is_an_incident_of_its_own(matcher, syria: str):
    text = ("US forces came under attack twice on Thursday, a defense official said. "
            "Two drones were launched at Ain al-Asad air base in western Iraq. " + syria)
    found = {(m.base_id, m.country, m.incident_date) for m in news(text, dt.date(2023, 11, 24), matcher)}
    assert found == {("ain_al_asad", "IQ", dt.date(2023, 11, 23)), (None, "SY", dt.date(2023, 11, 23))}


def test_a_claim_of_the_attacks_in_one_country_is_not_the_other_countrys(matcher):
    text = ("US forces came under attack twice on Thursday, a defense official said. "
            "Two drones were launched at Ain al-Asad air base in western Iraq. "
            "In northeastern Syria, rockets and a one-way drone were fired at US forces. "
            "Kataib Hezbollah took credit for the two attacks in Iraq on its Telegram channel.")
    found = {m.country: m.claimed_by for m in news(text, dt.date(2023, 11, 24), matcher)}
    assert found == {"IQ": "kataib_hezbollah", "SY": None}


def test_an_outcome_in_any_of_the_days_attacks_is_every_attacks(matcher):
    text = ("US forces came under attack twice on Thursday, a defense official said. "
            "Two drones were launched at Ain al-Asad air base in western Iraq. "
            "A single drone was later launched at Erbil air base. "
            "There were no casualties and no damage in any of the Thursday attacks, the official said.")
    found = {m.base_id: (m.killed, m.wounded, m.damage) for m in news(text, dt.date(2023, 11, 24), matcher)}
    assert found == {"ain_al_asad": (0, 0, "none"), "erbil_air_base": (0, 0, "none")}


@pytest.mark.parametrize(("lead", "third"), [
    ("تعرضت القوات الأمريكية أمس الاثنين لثلاث هجمات. استهدفت طائرة مسيرة قاعدة عين الأسد. "
     "وسقط صاروخ واحد على رميلان.",
     "وفي الهجوم الثالث، أطلقت عدة صواريخ باتجاه موقع دعم المهمات «الفرات» في ريف دير الزور."),
    ("US forces came under three attacks on Monday. A drone targeted Ain al-Asad air base. "
     "A single rocket landed at Rumalyn.",
     "In the third attack, several rockets were fired at Mission Support Site Euphrates in Deir ez-Zor."),
])
def test_the_third_attack_told_in_turn_is_news_not_a_recap(matcher, lead: str, third: str):
    found = {m.base_id for m in news(f"{lead} {third}", dt.date(2024, 1, 23), matcher)}
    assert found == {"ain_al_asad", "rumeilan", "mss_euphrates"}


def test_a_claim_of_one_attack_denied_for_the_other_two_is_not_theirs(matcher):
    text = ("تعرضت القوات الأمريكية أمس الاثنين لثلاث هجمات. استهدفت طائرة مسيرة قاعدة عين الأسد. "
            "وسقط صاروخ واحد على رميلان في محافظة الحسكة. "
            "وتبنت المقاومة الإسلامية في العراق الهجوم على عين الأسد، "
            "فيما لم تعلن أي جهة مسؤوليتها عن الهجومين الآخرين.")
    found = {m.base_id: m.claimed_by for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert found == {"ain_al_asad": "islamic_resistance_in_iraq", "rumeilan": None}


def test_a_site_where_us_forces_are_stationed_is_an_unnamed_base(matcher):
    text = ("أعلنت القيادة المركزية الأمريكية أن قواتها دمرت أمس الاثنين طائرتين مسيرتين هجوميتين قبل وصولهما "
            "إلى موقع تتمركز فيه قوات أمريكية في جنوب سوريا.")
    (m,) = news(text, dt.date(2023, 10, 24), matcher)
    assert (m.base_id, m.country, m.incident_date, m.intercepted) == (None, "SY", dt.date(2023, 10, 23), 2)


def test_a_city_dateline_with_the_outlets_tag_is_not_where_the_attack_was(matcher):
    text = ("أربيل (كوردستان 24)- أعلنت فصائل المقاومة الإسلامية في العراق، اليوم الأحد، أنها استهدفت موقعين "
            "يضمان قوات أمريكية في ريف الحسكة بسوريا. وقالت الفصائل إنها هاجمت قاعدة خراب الجير "
            "بطائرة مسيرة، فيما استهدفت طائرة أخرى قاعدة رميلان.")
    found = {(m.base_id, m.country) for m in news(text, dt.date(2023, 12, 31), matcher)}
    assert found == {("kharab_al_jir", "SY"), ("rumeilan", "SY")}


def test_losses_most_earlier_attacks_avoided_are_a_tallys_not_the_attacks(matcher):
    text = ("قتل ستة من مقاتلي قسد فجر اليوم الأحد بهجوم بطائرة مسيرة على قاعدة حقل العمر. "
            "وتعرض حقل العمر لهجمات متكررة بالصواريخ والمسيرات، من دون أن تسفر معظمها عن خسائر بشرية.")
    (m,) = news(text, dt.date(2024, 2, 4), matcher)
    assert (m.base_id, m.killed, m.wounded) == ("al_omar", 6, None)


@pytest.mark.parametrize("generic", [
    "Most of the attacks have involved one-way drones and rockets that were shot down or caused little harm.",
    "Until now, the militias had relied on small drones and rockets, which US air defenses have intercepted.",
])
def test_what_most_attacks_or_attacks_until_now_met_is_no_interception_of_this_one(matcher, generic: str):
    text = ("Militants fired a close-range ballistic missile at Al-Asad Air Base in western Iraq on Monday evening, "
            "the Pentagon said. " + generic)
    (m,) = news(text, dt.date(2023, 11, 21), matcher)
    assert (m.base_id, m.weapons, m.intercepted) == ("ain_al_asad", ["missile"], None)


def test_a_claim_verb_with_its_object_pronoun_is_a_claim(matcher):
    text = ("تعرضت قاعدة الشدادي بريف الحسكة الجنوبي، اليوم، لهجوم بالقذائف الصاروخية، في استهداف تبنته "
            "المقاومة الإسلامية في العراق عبر معرفاتها.")
    (m,) = news(text, dt.date(2023, 11, 9), matcher)
    assert (m.base_id, m.claimed_by) == ("shaddadi", "islamic_resistance_in_iraq")


def test_a_claimed_attack_of_the_day_before_opened_with_it_comes_after_is_a_recap(matcher):
    text = ("سقط صاروخان قرب معسكر فكتوريا في مطار بغداد اليوم الخميس. "
            "ويأتي ذلك غداة هجومين بطائرات مسيرة طالا أمس الأربعاء قاعدتي عين الأسد وحرير، "
            "تبنتهما المقاومة الإسلامية في العراق.")
    assert {m.base_id for m in news(text, dt.date(2023, 10, 19), matcher)} == {"victory"}


def test_a_groups_claim_of_the_strikes_is_of_every_attack_that_day(matcher):
    text = ("US forces in Iraq and Syria came under attack three times on Thursday, a defense official said. "
            "Multiple drones targeted Al-Asad Air Base in western Iraq. "
            "A single drone was also launched at the Erbil air base in northern Iraq. "
            "The Islamic Resistance in Iraq claimed responsibility for the strikes in posts on Telegram.")
    found = {m.base_id: m.claimed_by for m in news(text, dt.date(2023, 11, 24), matcher)}
    assert found == {"ain_al_asad": "islamic_resistance_in_iraq", "erbil_air_base": "islamic_resistance_in_iraq"}


@pytest.mark.parametrize(("text", "published"), [
    ("أسقطت الدفاعات الجوية طائرتين مسيرتين حاولتا استهداف قاعدة عين الأسد، بحسب مصدر أمني تحدث اليوم الاثنين. "
     "وقال المصدر إن الطائرة الأولى رصدت في وقت متأخر من مساء الأحد وهي تتجه نحو القاعدة وجرى إسقاطها.",
     dt.date(2023, 11, 6)),
    ("Two drones aimed at Ain al-Asad air base were shot down on Monday, Iraqi security sources said. "
     "The first was brought down late on Sunday at some distance from the base; the second was intercepted "
     "in the early hours of Monday.",
     dt.date(2023, 11, 6)),
])
def test_a_drone_downed_the_day_before_near_the_one_base_is_an_attack_of_its_day(matcher, text: str,
                                                                                  published: dt.date):
    found = {(m.base_id, m.incident_date, tuple(m.weapons)) for m in news(text, published, matcher)}
    assert ("ain_al_asad", dt.date(2023, 11, 5), ("drone",)) in found
    assert ("ain_al_asad", dt.date(2023, 11, 6)) in {(b, d) for b, d, _ in found}


def test_what_a_source_had_said_of_the_attack_under_discussion_is_news(matcher):
    text = ("عدّت الحكومة العراقية، اليوم الجمعة، الهجوم الصاروخي الذي استهدف فجراً محيط السفارة الأمريكية "
            "في بغداد عملاً إرهابياً. وكان مصدر أمني قد أفاد بأن 14 صاروخاً من نوع كاتيوشا أطلقت على دفعتين، "
            "وسقط عدد منها قرب مقر يونيون 3.")
    found = {(m.base_id, m.projectiles) for m in news(text, dt.date(2023, 12, 8), matcher)}
    assert found == {("union_iii", 14)}


@pytest.mark.parametrize("text", [
    "The latest came Monday, when two one-way attack drones were launched at coalition forces in southwest Syria.",
    "أعلنت القيادة المركزية الأميركية أن قواتها دمرت أمس الإثنين طائرتين مسيرتين هجوميتين استهدفتا عناصر أميركية "
    "وأخرى تابعة للتحالف في جنوب غرب سوريا.",
])
def test_an_attack_on_forces_set_in_a_country_is_an_unnamed_site_there(matcher, text: str):
    assert might_report_incident(text, matcher)
    (m,) = news(text, dt.date(2023, 10, 24), matcher)
    assert (m.base_id, m.country, m.incident_date, m.weapons) == (None, "SY", dt.date(2023, 10, 23), ["drone"])


def test_the_pluperfect_of_a_question_is_no_recap(matcher):
    text = ("قتل ثلاثة جنود أمريكيين فجر اليوم الأحد بهجوم بطائرة مسيرة على موقع البرج 22 في الأردن. "
            "وأفاد مسؤولون أمريكيون بأن 25 عسكرياً على الأقل أصيبوا في الهجوم، فيما لم يعرف ما إذا كانت "
            "الدفاعات الجوية قد حاولت اعتراض المسيرة.")
    (m,) = news(text, dt.date(2024, 1, 28), matcher)
    assert (m.base_id, m.killed, m.wounded, m.intercepted) == ("tower_22", 3, 25, None)


def test_weapons_only_asked_about_place_and_date_no_attack(matcher):
    text = ("تعرضت قاعدة حقل كونيكو بريف دير الزور لهجوم بطائرات مسيرة مساء أمس الخميس، في ثاني هجوم من نوعه "
            "خلال أقل من 48 ساعة. وأفاد المرصد السوري بأن ثلاث طائرات مسيرة استهدفت القاعدة. "
            "ولم يذكر المرصد ما إذا كانت المسيرات قد أصابت أهدافها، ولم يصدر أي تعليق حتى صباح اليوم.")
    found = {(m.base_id, m.incident_date, m.projectiles) for m in news(text, dt.date(2023, 10, 20), matcher)}
    assert found == {("conoco", dt.date(2023, 10, 19), 3)}


def test_so_far_in_a_negated_clause_is_what_is_still_unsaid_not_a_recap(matcher):
    text = ("تعرضت قاعدة عين الأسد الجوية مساء اليوم السبت لهجوم بالصواريخ الباليستية. "
            "وأوضح المصدر أن الهجوم أسفر عن إصابة جندي عراقي واحد، إضافة إلى أضرار مادية لحقت ببعض المباني، "
            "مشيرا إلى أنه لم تصدر حتى الآن حصيلة رسمية بشأن القوات الأميركية.")
    (m,) = news(text, dt.date(2024, 1, 20), matcher)
    assert (m.base_id, m.wounded, m.damage) == ("ain_al_asad", 1, "damage")


def test_partial_destruction_of_a_building_is_damage(matcher):
    text = ("قتل ستة من مقاتلي قسد فجر اليوم الأحد بهجوم بطائرة مسيرة على قاعدة حقل العمر. "
            "وذكر مراسل محلي أن الانفجار ألحق دماراً جزئياً بأحد مباني الأكاديمية.")
    (m,) = news(text, dt.date(2024, 2, 4), matcher)
    assert (m.base_id, m.damage) == ("al_omar", "damage")


@pytest.mark.parametrize("wounded", [
    "وأضاف البيان أن ٤ جنود أمريكيين وعنصراً واحداً من الجيش العراقي أصيبوا بجروح جراء الهجوم.",
    "Four US soldiers and one Iraqi service member were wounded in the attack, the statement said.",
])
def test_the_counts_of_a_coordinated_subject_add_up(matcher, wounded: str):
    text = "Ballistic missiles were fired at Ain al-Asad air base on Saturday evening. " + wounded
    (m,) = news(text, dt.date(2024, 1, 21), matcher)
    assert (m.base_id, m.wounded) == ("ain_al_asad", 5)


def test_defenses_that_did_not_engage_the_drone_intercepted_none(matcher):
    text = ("A one-way attack drone struck Tower 22 in north-east Jordan early Sunday, killing three US soldiers. "
            "Officials said the base's air defenses appear not to have engaged the drone.")
    (m,) = news(text, dt.date(2024, 1, 28), matcher)
    assert (m.base_id, m.intercepted) == ("tower_22", 0)


def test_a_statement_that_a_group_was_responsible_is_blame_not_a_claim(matcher):
    text = ("A one-way attack drone struck Erbil air base early on Monday, wounding three US service members. "
            "A National Security Council spokesperson said in a statement that Kataib Hezbollah and affiliated "
            "groups were responsible for the early morning attack.")
    (m,) = news(text, dt.date(2023, 12, 25), matcher)
    assert (m.base_id, m.claimed_by) == ("erbil_air_base", None)


def test_a_group_saying_it_was_responsible_is_a_claim(matcher):
    text = ("A one-way attack drone struck Erbil air base early on Monday. Kataib Hezbollah said in a statement "
            "that it was responsible for the attack.")
    (m,) = news(text, dt.date(2023, 12, 25), matcher)
    assert (m.base_id, m.claimed_by) == ("erbil_air_base", "kataib_hezbollah")


def test_the_attack_a_report_of_the_us_response_retells_is_no_late_disclosure(matcher):
    text = ("The US military struck back Friday at Iran-backed militias, hitting 85 targets across Iraq and Syria "
            "in retaliation for the drone attack that killed three American soldiers. The three soldiers were "
            "killed on Jan. 28 when a one-way attack drone struck their living quarters at Tower 22, a logistics "
            "outpost in northeastern Jordan.")
    assert news(text, dt.date(2024, 2, 3), matcher) == []


def test_the_attack_on_a_recapped_base_named_again_stays_a_recap(matcher):
    text = ("B-1 bombers struck 85 targets in Iraq and Syria on Friday, the opening salvo of a response to the "
            "deadly drone attack on Tower 22 last Sunday. President Joe Biden, who earlier in the day had attended "
            "the transfer of the remains of the three soldiers killed in the attack on Tower 22, said the response "
            "would continue.")
    assert news(text, dt.date(2024, 2, 3), matcher) == []


def test_weapons_aimed_at_other_unnamed_targets_stay_out_of_the_named_base(matcher):
    text = ("US forces were attacked three times on Monday, with a drone launched at Ain al-Asad air base and "
            "rockets fired at two American positions in Syria, an official said.")
    found = {m.base_id: (m.weapons, m.projectiles) for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert found["ain_al_asad"] == (["drone"], 1)
    # a later clause at the base itself is still the base's
    text = "A drone struck Ain al-Asad air base on Monday, and two rockets landed on the base's perimeter."
    found = {m.base_id: sorted(m.weapons) for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert found == {"ain_al_asad": ["drone", "rocket"]}


def test_an_outcome_in_any_of_these_attacks_goes_to_each(matcher):
    text = ("Drones targeted Ain al-Asad air base on Monday. A rocket was fired at Rmelan landing zone on Monday. "
            "There were no injuries and no damage in any of these attacks, the official said.")
    found = {m.base_id: (m.wounded, m.damage) for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert found == {"ain_al_asad": (0, "none"), "rumeilan": (0, "none")}


def test_a_damaged_drone_is_no_damage_to_the_base(matcher):
    text = ("US forces engaged two drones at Ain al-Asad air base on Wednesday, shooting down one, while the second "
            "was damaged but still reached the base.")
    assert [m.damage for m in news(text, dt.date(2023, 10, 19), matcher)] == [None]
    text = "A drone struck Ain al-Asad air base on Wednesday, and a hangar was damaged."
    assert [m.damage for m in news(text, dt.date(2023, 10, 19), matcher)] == ["damage"]


def test_an_undated_entry_title_takes_the_day_of_the_entry_that_follows(matcher):
    text = ("US troops came under drone attack at Ain al-Asad air base in Iraq on Wednesday. "
            "Drones hit al-Tanf garrison in Syria: US official. "
            "Earlier on Thursday, US forces at the al-Tanf garrison shot down two of three drones launched at the "
            "base.")
    found = sorted((m.base_id, m.incident_date) for m in news(text, dt.date(2023, 10, 19), matcher))
    assert found == [("ain_al_asad", dt.date(2023, 10, 18)), ("al_tanf", dt.date(2023, 10, 19))]


def test_a_weekday_bounding_an_earlier_attack_does_not_date_it(matcher):
    text = ("A drone killed three US soldiers at Tower 22 in Jordan on Sunday. "
            "The most serious attack before Sunday came eight days earlier, when missiles were fired at "
            "Ain al-Asad air base.")
    assert {m.base_id for m in news(text, dt.date(2024, 1, 29), matcher)} == {"tower_22"}


def test_no_one_killed_is_not_one_dead(matcher):
    text = ("A ballistic missile struck Ain al-Asad air base on Monday, injuring eight personnel. "
            "None of the injuries were serious and no one was killed, the Pentagon said.")
    found = [(m.killed, m.wounded) for m in news(text, dt.date(2023, 11, 21), matcher)]
    assert found == [(0, 8)]


@pytest.mark.parametrize("unsaid", [
    "It did not mention the SDF casualties.",
    "No one was seriously hurt, the group said.",
    "No one on board was hurt.",
])
def test_casualties_left_unsaid_or_of_others_are_not_none(matcher, unsaid: str):
    text = f"A drone struck a base hosting US troops at the Omar oil field on Sunday, killing six SDF fighters. " \
           f"{unsaid}"
    assert [m.wounded for m in news(text, dt.date(2024, 2, 5), matcher)] == [None]


def test_a_drone_that_got_through_the_defenses_was_not_intercepted(matcher):
    text = "Early on Monday, a drone got through the defenses at Erbil Air Base and exploded, wounding three soldiers."
    assert [m.intercepted for m in news(text, dt.date(2023, 12, 26), matcher)] == [0]


def test_an_undated_sentence_at_a_base_just_recapped_goes_on_with_the_recap(matcher):
    text = ("A drone wounded three US soldiers at Erbil Air Base on Monday. "
            "The attacks began on October 17 and 18, when drones were launched at Ain al-Asad and at al-Tanf. "
            "At al-Tanf, where a drone got past the defenses, around 20 US troops suffered minor injuries.")
    assert {m.base_id for m in news(text, dt.date(2023, 12, 26), matcher)} == {"erbil_air_base"}


def test_brain_injuries_and_another_groups_wounded_add_up(matcher):
    text = ("Missiles and rockets struck Ain al-Asad air base on Saturday evening. "
            "Officials said four service members had been diagnosed with TBI and had since returned to duty. "
            "At least one Iraqi service member was also wounded.")
    assert [m.wounded for m in news(text, dt.date(2024, 1, 21), matcher)] == [5]
    text = ("Missiles struck Ain al-Asad air base on Saturday. Four U.S. service members suffered traumatic brain "
            "injuries, the official said, and an Iraqi service member was also wounded.")
    assert [m.wounded for m in news(text, dt.date(2024, 1, 21), matcher)] == [5]


def test_the_count_heading_a_clause_of_people_hurt(matcher):
    text = ("A ballistic missile struck Al Asad Air Base on Monday night. According to an official, eight people "
            "at the sprawling base in Anbar province suffered minor injuries.")
    assert [m.wounded for m in news(text, dt.date(2023, 11, 21), matcher)] == [8]
    # not the dead's count: "three ... were killed and dozens more were injured"
    text = ("A drone struck Tower 22 in Jordan early Sunday. Three American service members were killed and dozens "
            "more were injured.")
    assert [(m.killed, m.wounded) for m in news(text, dt.date(2024, 1, 29), matcher)] == [(3, None)]


def test_an_american_outpost_named_later_and_its_revised_toll(matcher):
    text = ("Three U.S. soldiers were killed and dozens more were wounded when a drone slammed into a small American "
            "outpost in northeastern Jordan early Sunday. The base, known as Tower 22, sits near the Syrian border. "
            "Central Command initially said 25 service members were wounded. By Sunday evening, officials had "
            "raised that number to 34. Only last weekend, militants fired ballistic missiles at Al Asad Airbase.")
    found = [(m.base_id, m.killed, m.wounded) for m in news(text, dt.date(2024, 1, 28), matcher)]
    assert found == [("tower_22", 3, 34)]


def test_a_rocket_propelled_grenade_in_gaza_is_no_rocket_and_no_toll_of_a_base(matcher):
    text = ("Multiple rockets were fired on Monday at Mission Support Site Euphrates in eastern Syria. "
            "The Israeli military said 21 soldiers were killed on Monday when a rocket-propelled grenade hit a tank "
            "in central Gaza.")
    found = [(m.base_id, m.projectiles, m.killed) for m in news(text, dt.date(2024, 1, 23), matcher)]
    assert found == [("mss_euphrates", None, None)]


def test_no_details_of_casualties_or_damage_is_unsaid(matcher):
    text = ("The Islamic Resistance in Iraq said on Thursday it had attacked US forces at the al-Omar oil field with "
            "a drone. It gave no details of casualties or damage.")
    found = [(m.killed, m.wounded, m.damage) for m in extract_mentions(text, dt.date(2024, 1, 4), matcher)]
    assert found == [(None, None, None)]


def test_a_claim_of_the_iraqi_base_is_the_attack_in_iraq(matcher):
    text = ("U.S. forces on Friday shot down a drone as it flew towards the Ayn al-Asad air base in western Iraq. "
            "Separately, rockets were fired at U.S. forces at the Green Village base in eastern Syria on Friday. "
            "The Islamic Resistance in Iraq said on Telegram that it had targeted the Iraqi base with a drone.")
    found = {m.base_id: m.claimed_by for m in news(text, dt.date(2023, 10, 28), matcher)}
    assert found == {"ain_al_asad": "islamic_resistance_in_iraq", "green_village": None}


def test_rocket_fire_leaves_the_count_unsaid(matcher):
    text = ("In northeastern Syria, a base housing US troops came under rocket fire on Thursday and was later "
            "targeted by a drone, the official said.")
    assert [m.projectiles for m in news(text, dt.date(2023, 11, 24), matcher)] == [None]


def test_the_other_drone_damaged_is_no_damage_to_the_base(matcher):
    text = "Two drones were fired at Al-Asad air base on Wednesday. One drone was destroyed and the other damaged."
    assert [m.damage for m in news(text, dt.date(2023, 10, 19), matcher)] == [None]


def test_a_question_about_the_attacks_on_bases_in_iraq_and_syria_is_no_attack(matcher):
    text = ("Two drones targeted US forces at the al-Tanf garrison in southern Syria on Thursday. "
            "Asked about the attacks on bases in Iraq and Syria, Ryder said the United States would protect its "
            "forces.")
    assert [m.base_id for m in news(text, dt.date(2023, 10, 20), matcher)] == ["al_tanf"]


@pytest.mark.parametrize("claim", ["Kataib Hezbollah took credit for it.",
                                   "Kataib Hezbollah said it had struck the base."])
def test_english_ways_of_relaying_a_claim(matcher, claim: str):
    text = f"A drone targeted Ain al-Asad air base on Monday. {claim}"
    assert [m.claimed_by for m in news(text, dt.date(2024, 1, 2), matcher)] == ["kataib_hezbollah"]


def test_today_right_after_the_one_who_reports_is_when_they_spoke(matcher):
    text = ("أعلنت وزارة الدفاع الأمريكية (البنتاغون) اليوم الاثنين ارتفاع عدد الجنود المصابين في الهجوم الذي "
            "استهدف فجر أمس الأحد قاعدة البرج 22 في الأردن إلى 34 جندياً.")
    found = [(m.incident_date, m.wounded) for m in news(text, dt.date(2024, 1, 29), matcher)]
    assert found == [(dt.date(2024, 1, 28), 34)]


def test_a_spokesmans_other_account_of_the_attack_is_no_second_attack(matcher):
    text = ("استهدفت طائرة مسيرة فجر أمس الأحد قاعدة البرج 22 في الأردن. "
            "وكان المتحدث باسم الحكومة الأردنية قد صرح أمس بأن الهجوم لم يقع داخل الأراضي الأردنية، "
            "بل استهدف قاعدة التنف.")
    assert [m.base_id for m in news(text, dt.date(2024, 1, 29), matcher)] == ["tower_22"]


def test_the_day_after_since_bounds_a_tally_and_does_not_date_the_attack(matcher):
    text = ("قُتل ثلاثة جنود أمريكيين في هجوم بطائرة مسيّرة استهدف فجر أمس الأحد موقعاً عسكرياً أمريكياً في شمال "
            "شرقي الأردن، في أول هجوم يوقع قتلى منذ اندلاع الحرب على قطاع غزة في السابع من أكتوبر الماضي.")
    found = [(m.incident_date, m.killed) for m in news(text, dt.date(2024, 1, 29), matcher)]
    assert found == [(dt.date(2024, 1, 28), 3)]


def test_an_official_saying_a_group_stands_behind_the_attack_is_blame_not_a_claim(matcher):
    text = ("أصيب ثلاثة عسكريين أمريكيين في هجوم بطائرة مسيرة استهدف قاعدة أربيل الجوية يوم الاثنين. "
            "وقالت المتحدثة باسم مجلس الأمن القومي في بيان إن كتائب حزب الله تقف وراء الهجوم.")
    assert [m.claimed_by for m in news(text, dt.date(2023, 12, 26), matcher)] == [None]


def test_engaging_two_drones_and_destroying_one_of_them(matcher):
    text = ("قال المتحدث باسم البنتاغون إن القوات الأمريكية اشتبكت يوم الأربعاء مع طائرتين مسيرتين كانتا تتجهان نحو "
            "قاعدة عين الأسد الجوية، فدمّرت إحداهما في الجو، أما الثانية فسقطت داخل القاعدة.")
    found = [(m.projectiles, m.intercepted, m.damage) for m in news(text, dt.date(2023, 10, 19), matcher)]
    assert found == [(2, 1, None)]


def test_a_base_the_claim_says_no_one_claimed_stays_unclaimed(matcher):
    text = ("استهدفت طائرتان مسيرتان يوم الأربعاء قاعدة عين الأسد. وأسقطت القوات الأمريكية مسيرة ثالثة قرب قاعدة حرير "
            "يوم الأربعاء. وكانت المقاومة الإسلامية في العراق قد تبنت الهجومين على عين الأسد والتنف، في حين لم تعلن "
            "أي جهة مسؤوليتها عن المسيرة التي أسقطت قرب حرير.")
    found = {m.base_id: m.claimed_by for m in news(text, dt.date(2023, 10, 19), matcher)}
    assert found["ain_al_asad"] == "islamic_resistance_in_iraq" and found["harir"] is None


@pytest.mark.parametrize("claim", [
    "The Islamic Resistance in Iraq says it has targeted the base with two drones.",
    "The Islamic Resistance in Iraq, the banner under which several factions have claimed their attacks since "
    "mid-October, said it had fired the salvo in response to Israel's war in Gaza.",
    "The Islamic Resistance in Iraq, a group that has claimed several recent attacks, said in a statement on "
    "Telegram that it had targeted the base with a drone.",
])
def test_a_claim_with_the_groups_record_said_in_passing(matcher, claim: str):
    text = f"Missiles and rockets were fired at Al-Asad Air Base on Saturday evening. {claim}"
    assert [m.claimed_by for m in news(text, dt.date(2024, 1, 21), matcher)] == ["islamic_resistance_in_iraq"]


def test_a_group_that_has_claimed_most_attacks_claims_none_of_these(matcher):
    text = ("Mission Support Site Green Village was targeted with multiple rockets on Monday. "
            "The Islamic Resistance in Iraq, an umbrella for Iran-backed armed groups, has claimed most of the recent "
            "attacks through statements on Telegram, saying they are a response to Washington's support for Israel.")
    assert [m.claimed_by for m in news(text, dt.date(2023, 10, 31), matcher)] == [None]


@pytest.mark.parametrize("claim", ["The Islamic Resistance in Iraq claimed all three on Telegram.",
                                   "The Islamic Resistance in Iraq claimed both strikes on its Telegram channel."])
def test_a_claim_of_all_three_or_both_strikes_is_each_ones(matcher, claim: str):
    text = ("Drones targeted U.S. forces at Harir air base and at Al-Asad Air Base on Thursday. "
            f"A drone also struck Tell Beydar in Syria on Thursday. {claim}")
    found = {m.base_id: m.claimed_by for m in news(text, dt.date(2023, 11, 17), matcher)}
    assert set(found.values()) == {"islamic_resistance_in_iraq"}


def test_a_claim_of_two_drone_operations_is_each_ones(matcher):
    text = ("The Islamic Resistance in Iraq said on Thursday it had carried out two drone operations against US forces "
            "in Iraq. One drone targeted Ain al-Asad air base. A second drone targeted Erbil air base.")
    found = {m.base_id: m.claimed_by for m in news(text, dt.date(2023, 11, 24), matcher)}
    assert found == {"ain_al_asad": "islamic_resistance_in_iraq", "erbil_air_base": "islamic_resistance_in_iraq"}


def test_no_american_troops_hurt_beside_a_partner_wounded_says_nothing_of_deaths(matcher):
    text = ("A one-way attack drone struck the al-Tanf garrison in southern Syria on Wednesday, lightly wounding a "
            "member of the partner forces. No American troops were hurt, a defense official said.")
    assert [(m.killed, m.wounded) for m in news(text, dt.date(2023, 11, 2), matcher)] == [(None, 1)]
    # with no one else hurt, "no American troops were hurt" is none hurt
    text = "A drone struck the al-Tanf garrison on Wednesday. No American troops were hurt, a defense official said."
    assert [(m.killed, m.wounded) for m in news(text, dt.date(2023, 11, 2), matcher)] == [(0, 0)]


def test_the_toll_of_a_strike_after_the_us_response_is_the_responses(matcher):
    text = ("A drone struck Erbil air base early on Monday. "
            "Central Command said the American strikes likely killed a number of Kataib Hezbollah militants. "
            "Iraqi officials said one person was killed and 18 were injured in a strike in the city of Hillah.")
    assert [(m.killed, m.wounded) for m in news(text, dt.date(2023, 12, 26), matcher)] == [(None, None)]


def test_a_short_dated_sentence_sets_the_day_of_the_attack_told_next(matcher):
    text = ("Monday brought another reminder of how little control Baghdad has over the factions. "
            "A drone targeted Ain al-Asad air base in Anbar province, a Pentagon official said. "
            "It came only two days after the same base was hit by a barrage of ballistic missiles on Saturday evening.")
    found = [(m.incident_date, m.is_background) for m in extract_mentions(text, dt.date(2024, 1, 23), matcher)
             if not m.is_background]
    assert found == [(dt.date(2024, 1, 22), False)]


def test_the_first_deaths_since_the_war_is_a_superlative_not_a_recap(matcher):
    text = ("Three American soldiers have been killed and dozens more wounded in a drone attack on a small US outpost "
            "in north-east Jordan - the first US military deaths from enemy fire in the region since the war began. "
            "The drone hit the base, known as Tower 22, in the early hours of Sunday. "
            "US Central Command first said 25 troops had been injured. By this evening officials had raised that "
            "to at least 34. Jordan condemned the attack on a border post and said none of its own forces had been "
            "hurt. Militias have fired rockets and drones at bases hosting American troops more than 150 times.")
    found = [(m.base_id, m.killed, m.wounded) for m in news(text, dt.date(2024, 1, 28), matcher)]
    assert found == [("tower_22", 3, 34)]


def test_a_day_earlier_and_said_at_the_time_are_recaps_and_the_red_sea_is_elsewhere(matcher):
    text = ("Two drones were launched at the al-Tanf garrison on Thursday. "
            "American forces destroyed one of them, while the other was damaged but still reached the base. "
            "A day earlier, US forces engaged drones aimed at Ain al-Asad air base. "
            "One drone was brought down near Harir, Kurdish officials said at the time. "
            "Separately on Thursday, the destroyer USS Carney, operating in the northern Red Sea, shot down three "
            "cruise missiles.")
    found = [(m.base_id, m.projectiles, m.intercepted, m.damage) for m in news(text, dt.date(2023, 10, 20), matcher)]
    assert found == [("al_tanf", 2, 1, None)]


def test_the_most_serious_since_an_attack_it_names_is_that_attacks_recap(matcher):
    text = ("A drone struck Erbil Air Base on 25 December, wounding three soldiers. The Erbil attack is the most "
            "serious since late November, when a ballistic missile fired at Al-Asad Air Base injured eight people.")
    assert [m.base_id for m in news(text, dt.date(2023, 12, 27), matcher)] == ["erbil_air_base"]


def test_a_day_earlier_with_its_weekday_is_a_roundups_other_attack(matcher):
    text = ("A drone struck the al-Tanf garrison on Wednesday. A day earlier, on Tuesday, another one-way attack drone "
            "targeted US forces at al-Shaddadi in Hasakah province.")
    assert sorted(m.base_id for m in news(text, dt.date(2023, 11, 2), matcher)) == ["al_tanf", "shaddadi"]


def test_arabic_plural_killed_verb_and_an_unmentioned_toll(matcher):
    text = ("قالت قوات سوريا الديمقراطية إن ستة من مقاتليها قُتلوا صباح اليوم الأحد جراء هجوم بطائرة مسيرة استهدف "
            "قاعدة حقل العمر. وتبنت المقاومة الإسلامية في العراق استهداف حقل العمر بطائرة مسيرة، من دون أن تشير "
            "إلى سقوط قتلى.")
    assert [m.killed for m in news(text, dt.date(2024, 2, 4), matcher)] == [6]


def test_two_sites_in_a_country_are_an_unnamed_site(matcher):
    text = ("US forces came under drone and rocket fire in Iraq and Syria on Thursday. "
            "A drone targeted Erbil air base. "
            "US forces were also attacked at two sites in north-eastern Syria with multiple rockets and a drone.")
    found = {(m.base_id, m.country) for m in news(text, dt.date(2023, 11, 24), matcher)}
    assert found == {("erbil_air_base", "IQ"), (None, "SY")}


def test_the_air_base_in_erbil_and_a_us_position(matcher):
    text = ("A single one-way attack drone was launched on Thursday at U.S. forces at the air base in Erbil. "
            "On Thursday, a multi-rocket attack targeted a U.S. position in eastern Syria, a defense official said.")
    found = {(m.base_id, m.country) for m in news(text, dt.date(2023, 11, 24), matcher)}
    assert found == {("erbil_air_base", "IQ"), (None, "SY")}


def test_none_of_them_caused_injuries_or_damage_in_arabic_is_every_attacks(matcher):
    text = ("كشفت وزارة الدفاع الأمريكية عن تعرّض قواتها في العراق وسوريا لثلاث هجمات يوم أمس الاثنين، استُخدمت فيها "
            "طائرة مسيّرة وصواريخ، مؤكدة أن أياً منها لم يسفر عن إصابات أو أضرار. "
            "وأوضحت الوزارة أن طائرة مسيّرة استهدفت قاعدة عين الأسد الجوية. "
            "وفي شمال شرقي سوريا، أُطلق صاروخ واحد على منطقة الهبوط في الرميلان. "
            "أما الهجوم الثالث فطال موقع الدعم \"الفرات\" في ريف دير الزور.")
    found = {m.base_id: m.damage for m in news(text, dt.date(2024, 1, 23), matcher)}
    assert found == {"ain_al_asad": "none", "rumeilan": "none", "mss_euphrates": "none"}


def test_a_small_base_of_us_forces_at_least_25_others_and_no_jordanian_casualties(matcher):
    text = ("قُتل ثلاثة جنود أميركيين وأصيب ما لا يقل عن 25 آخرين، جراء هجوم بطائرة مسيرة استهدف فجر اليوم الأحد قاعدة "
            "صغيرة للقوات الأميركية في شمال شرق الأردن. ودانت الحكومة الهجوم، مؤكدة عدم وقوع إصابات في صفوف القوات "
            "المسلحة الأردنية.")
    found = [(m.country, m.killed, m.wounded) for m in news(text, dt.date(2024, 1, 28), matcher)]
    assert found == [("JO", 3, 25)]


def test_the_head_count_before_an_aside(matcher):
    text = ("Six members of the YPG, the Syrian wing of the PKK, were killed late Sunday when a drone hit a training "
            "academy at the al-Omar oil field base.")
    assert [m.killed for m in news(text, dt.date(2024, 2, 5), matcher)] == [6]


@pytest.mark.parametrize("share", ["Twenty of the injuries occurred at the Tanf garrison in southeastern Syria.",
                                   "Twenty of the injured were at al-Tanf, a US garrison in southern Syria."])
def test_a_bases_share_of_the_injuries(matcher, share: str):
    text = f"Drones struck the al-Tanf garrison on October 18. {share}"
    assert [m.wounded for m in news(text, dt.date(2023, 10, 20), matcher)] == [20]


def test_no_serious_injuries_is_no_count_of_none(matcher):
    text = "U.S. air defenses shot down a drone over al-Shaddadi on Friday. No serious injuries were reported."
    assert [(m.killed, m.wounded) for m in news(text, dt.date(2024, 1, 6), matcher)] == [(None, None)]


def test_a_claim_of_a_base_near_the_one_attacked_is_that_attacks_claim(matcher):
    text = ("أعلن جهاز مكافحة الإرهاب في إقليم كردستان اليوم الاثنين سقوط طائرة مسيرة داخل قاعدة مطار أربيل الدولي. "
            "من جهتها، أعلنت المقاومة الإسلامية في العراق استهداف ما وصفتها بقاعدة الاحتلال الأمريكي في حرير قرب "
            "مطار أربيل بطائرة مسيرة.")
    found = [(m.base_id, m.claimed_by) for m in news(text, dt.date(2023, 12, 25), matcher)]
    assert found == [("erbil_air_base", "islamic_resistance_in_iraq")]


def test_a_post_on_the_jordanian_border_with_syria_is_in_jordan(matcher):
    text = ("دانت الحكومة الهجوم الإرهابي الذي استهدف فجر اليوم الأحد موقعاً متقدماً على الحدود الأردنية مع سوريا، "
            "تتمركز فيه قوات أميركية. وأعلنت القيادة المركزية الأميركية أن ثلاثة من عسكرييها قُتلوا جراء هجوم بطائرة "
            "مسيّرة على قاعدة في شمال شرقي الأردن.")
    assert [m.country for m in news(text, dt.date(2024, 1, 28), matcher)] == ["JO"]


def test_the_third_targeting_in_four_days_recaps_the_first(matcher):
    text = ("أسقطت منظومات الدفاع الجوي في قاعدة عين الأسد الجوية، اليوم الثلاثاء، طائرة مسيرة حاولت الاقتراب من "
            "القاعدة. ويُعد هذا ثالث استهداف للقاعدة خلال ٤ أيام، إذ تعرضت مساء السبت الماضي لهجوم بصواريخ بالستية "
            "أسفر عن إصابة عدد من الجنود، فيما أعلن البنتاغون أن القاعدة تعرضت أمس الاثنين لهجوم بطائرة مسيرة لم "
            "يسفر عن إصابات.")
    found = [(m.incident_date, m.weapons) for m in news(text, dt.date(2024, 1, 23), matcher)]
    assert found == [(dt.date(2024, 1, 23), ["drone"])]


def test_a_later_claim_of_harir_near_erbil_airport_is_the_airport_attacks(matcher):
    text = ("A drone fell inside the compound used by the US-led coalition at Erbil International Airport on Monday. "
            "The Islamic Resistance in Iraq later said on its Telegram channel that it had targeted what it called "
            "the occupation base at Harir near Erbil airport with a drone.")
    found = [(m.base_id, m.claimed_by) for m in news(text, dt.date(2023, 12, 25), matcher)]
    assert found == [("erbil_air_base", "islamic_resistance_in_iraq")]


def test_the_widest_attack_since_the_campaign_began_is_news_and_a_site_of_us_forces(matcher):
    text = ("لم يكن مساء السبت عادياً في صحراء الأنبار. عند نحو السادسة والنصف، انهمرت على قاعدة عين الأسد الجوية رشقة "
            "من الصواريخ الباليستية، في هجوم هو الأوسع على القاعدة منذ بدأت الفصائل حملتها قبل ثلاثة أشهر.")
    assert [m.base_id for m in news(text, dt.date(2024, 1, 22), matcher)] == ["ain_al_asad"]
    text = ("أعلنت القيادة المركزية الأميركية أن قواتها أحبطت، يوم الإثنين، هجوماً بطائرتين مسيّرتين استهدف موقعاً "
            "لقوات الولايات المتحدة والتحالف الدولي في جنوب غربي سوريا، إذ جرى تدميرهما.")
    assert [(m.country, m.intercepted) for m in news(text, dt.date(2023, 10, 24), matcher)] == [("SY", 2)]


def test_the_most_violent_since_a_dated_attack_recaps_it(matcher):
    text = ("تعرّضت قاعدة عين الأسد الجوية مساء أمس السبت لهجوم بصواريخ باليستية. ويُعد الهجوم الأعنف على عين الأسد "
            "منذ ٢٠ نوفمبر الماضي، حين أصاب صاروخ باليستي القاعدة وأوقع ٨ إصابات.")
    assert [m.wounded for m in news(text, dt.date(2024, 1, 21), matcher)] == [None]


def test_a_month_earlier_is_a_recap(matcher):
    text = ("A US drone strike in Baghdad on Thursday killed a militia commander. A month earlier, a close-range "
            "ballistic missile hit Ain al-Asad in Anbar province and left eight people with minor injuries.")
    assert news(text, dt.date(2024, 1, 5), matcher) == []


def test_hours_had_barely_passed_since_another_attack_recaps_it(matcher):
    text = ("هاجمت طائرة مسيّرة قاعدة حرير الجوية في أربيل فجر اليوم الأربعاء، من دون أن تسفر عن إصابات. "
            "ولم تكد تمضي ساعات على هجوم آخر طال القاعدة ذاتها يوم الثلاثاء، حين سقط صاروخان قرب مدرجها.")
    assert [(m.incident_date, m.weapons) for m in news(text, dt.date(2023, 11, 1), matcher)] == \
        [(dt.date(2023, 11, 1), ["drone"])]


def test_the_us_bombers_response_neither_dates_nor_places_the_attack(matcher):
    text = ("The attack on al-Omar came barely a day after US bombers hit dozens of militia targets. "
            "When American B-1 bombers struck 85 targets in Iraq and Syria on Friday night, officials said it was "
            "the answer to the killing of three soldiers at a desert outpost in Jordan. "
            "Shortly after midnight on Sunday, a drone slammed into a training ground inside the al-Omar oil field.")
    found = [(m.incident_date, m.base_id) for m in news(text, dt.date(2024, 2, 5), matcher)]
    assert found == [(dt.date(2024, 2, 4), "al_omar")]


def test_a_day_after_a_clause_is_the_earlier_events_day_not_the_claims(matcher):
    text = ("قُتل أربعة من عناصر قسد فجر اليوم الأحد بهجوم بطائرة مسيّرة على قاعدة حقل العمر. "
            "وفي وقت سابق، أعلنت «المقاومة الإسلامية في العراق» استهداف قاعدة حقل العمر بطائرة مسيّرة، وذلك بعد "
            "أقل من يومين على الضربات الأمريكية التي طالت مواقع لفصائلها ليل الجمعة - السبت.")
    found = [(m.incident_date, m.claimed_by) for m in news(text, dt.date(2024, 2, 4), matcher)]
    assert found == [(dt.date(2024, 2, 4), "islamic_resistance_in_iraq")]
    # a base named within the clause is that earlier attack's, and the day is its own
    text = ("وجاءت الضربات الأمريكية بعد أقل من يومين على هجوم بصاروخ باليستي استهدف مساء الاثنين قاعدة عين الأسد "
            "وأسفر عن إصابة ثمانية أشخاص.")
    assert [m.incident_date for m in extract_mentions(text, dt.date(2023, 11, 22), matcher)] == [dt.date(2023, 11, 20)]


def test_an_updated_toll_released_a_day_later_revises_the_attack(matcher):
    text = ("تعرّضت قاعدة عين الأسد مساء السبت لهجوم بصواريخ باليستية، وأصيب جندي عراقي واحد. "
            "وفي حصيلة محدّثة صدرت أمس، قال مسؤول أمريكي إن ثلاثة عسكريين أمريكيين شُخّصت لديهم إصابات طفيفة، "
            "ليرتفع عدد المصابين في القاعدة إلى أربعة، بحسب المسؤول.")
    found = [(m.incident_date, m.wounded) for m in news(text, dt.date(2024, 1, 22), matcher)]
    assert found == [(dt.date(2024, 1, 20), 4)]


def test_a_short_dated_scene_setter_without_an_attack_word_dates_the_next(matcher):
    text = ("For weeks the militias had fired drones that did little harm. That changed on Monday evening. "
            "Militants fired a close-range ballistic missile at Ain al-Asad air base, and an AC-130 destroyed the "
            "launcher. Then, early on Wednesday, US aircraft struck two militia facilities south of Baghdad.")
    assert [m.incident_date for m in news(text, dt.date(2023, 11, 22), matcher)] == [dt.date(2023, 11, 20)]


def test_a_claim_said_of_the_group_in_passing_is_no_claim(matcher):
    text = ("A drone struck al-Tanf garrison on Thursday. The Islamic Resistance in Iraq, the umbrella name under "
            "which most attacks have been claimed since October, presents its campaign as solidarity with Gaza.")
    assert [m.claimed_by for m in news(text, dt.date(2023, 11, 3), matcher)] == [None]


def test_a_day_of_that_month_and_the_earlier_claims_are_recaps(matcher):
    text = ("تعرّضت قاعدة عين الأسد مساء الاثنين لهجوم بصاروخ باليستي قصير المدى أسفر عن ثمانية جرحى. "
            "ولا يمكن فصل ما جرى عن سلسلة بدأت في منتصف تشرين الأول الماضي. "
            "ففي الثامن عشر من ذلك الشهر هاجمت طائرتان مسيّرتان القاعدة ذاتها.")
    assert [(m.weapons, m.projectiles) for m in news(text, dt.date(2023, 11, 22), matcher)] == [(["missile"], 1)]
    text = ("A drone slammed into a US outpost in Jordan early on Sunday, killing three soldiers. "
            "Many of the earlier strikes were claimed by the Islamic Resistance in Iraq.")
    assert [m.claimed_by for m in news(text, dt.date(2024, 1, 29), matcher)] == [None]


def test_the_base_a_scene_setting_sentence_names_is_the_base_hit_next(matcher):
    text = ("That restraint came to an abrupt end in the early hours of Sunday at Tower 22, a logistics outpost in "
            "Jordan. A single drone struck the base's living quarters, killing three soldiers.")
    found = [(m.incident_date, m.base_id, m.killed) for m in news(text, dt.date(2024, 1, 29), matcher)]
    assert found == [(dt.date(2024, 1, 28), "tower_22", 3)]


def test_yesterdays_attack_in_the_report_of_todays_response_is_news(matcher):
    text = ("شنت الولايات المتحدة فجر اليوم الثلاثاء ضربات جوية على ثلاثة مواقع لفصائل مسلحة، رداً على هجوم بطائرة "
            "مسيرة استهدف قاعدة أربيل الجوية يوم أمس الاثنين وأسفر عن إصابة ثلاثة عسكريين أمريكيين. "
            "وقالت الحكومة العراقية إن الضربات أدت إلى مقتل عنصر وإصابة ثمانية عشر آخرين.")
    found = [(m.incident_date, m.base_id, m.killed, m.wounded) for m in news(text, dt.date(2023, 12, 26), matcher)]
    assert found == [(dt.date(2023, 12, 25), "erbil_air_base", None, 3)]


def test_the_outcome_told_right_after_another_wars_event_is_that_events(matcher):
    text = ("Iraqi security sources say two rockets were launched late Thursday at the Victory base complex next to "
            "Baghdad airport. One of them was brought down by the base's air defences. "
            "The USS Carney, operating in the northern Red Sea, shot down three cruise missiles launched from Yemen. "
            "He said the missiles were heading towards targets in Israel, and that there were no US casualties.")
    found = [(m.base_id, m.intercepted, m.killed, m.wounded) for m in news(text, dt.date(2023, 10, 19), matcher)]
    assert found == [("victory", 1, None, None)]


def test_damaged_the_second_drone_is_no_damage_to_the_base(matcher):
    text = ("Two drones targeted the al-Tanf garrison on Thursday. US forces destroyed one of them and damaged the "
            "second, the official said.")
    assert [(m.intercepted, m.damage) for m in news(text, dt.date(2023, 10, 19), matcher)] == [(1, None)]


def test_no_source_spoke_of_injuries_is_silence_not_none(matcher):
    text = ("قُتل خمسة من عناصر قسد بهجوم بطائرة مسيّرة على قاعدة حقل العمر فجر اليوم الأحد. "
            "ولم تتحدث أي مصادر عن إصابات في صفوف الجنود الأمريكيين المتمركزين في الحقل.")
    assert [(m.killed, m.wounded) for m in news(text, dt.date(2024, 2, 4), matcher)] == [(5, None)]


def test_no_human_losses_and_damage_limited_to_property(matcher):
    text = ("سقطت طائرة مسيّرة مفخخة عصر اليوم الاثنين داخل قاعدة التحالف في مطار أربيل الدولي، ولم تسفر عن خسائر "
            "بشرية، واقتصرت الأضرار على الجانب المادي.")
    assert [(m.killed, m.wounded, m.damage) for m in news(text, dt.date(2023, 12, 25), matcher)] == [(0, 0, "damage")]
    text = ("سقطت طائرة مسيّرة عصر اليوم الاثنين داخل قاعدة التحالف في مطار أربيل الدولي، من دون أن تسفر عن خسائر "
            "بشرية.")
    assert [(m.wounded, m.damage) for m in news(text, dt.date(2023, 12, 25), matcher)] == [(0, None)]


def test_the_weapons_of_months_of_earlier_attacks_are_not_this_ones(matcher):
    text = ("تعرضت قاعدة عين الأسد الجوية مساء أمس السبت لهجوم. فبعد أشهر من الضربات التي اعتمدت غالباً على طائرات "
            "مسيّرة منفردة، استُخدم هذه المرة خليط من الصواريخ الباليستية وصواريخ الكاتيوشا.")
    assert [sorted(m.weapons) for m in news(text, dt.date(2024, 1, 21), matcher)] == [["missile", "rocket"]]


def test_a_talk_that_had_only_just_begun_when_a_base_was_hit_recaps_it(matcher):
    text = ("Early on Sunday, a drone struck a training ground at the al-Omar oil field base in Syria. "
            "Baghdad had only just begun talks with Washington on the coalition's future when Tower 22 was hit.")
    assert [m.base_id for m in news(text, dt.date(2024, 2, 6), matcher)] == ["al_omar"]


def test_a_toll_told_after_the_us_response_and_before_any_attack_is_the_strikes(matcher):
    text = ("When American B-1 bombers struck 85 targets in Iraq and Syria on Friday night, officials called it the "
            "start of a response. The strikes hit seven facilities with more than 125 munitions. "
            "Baghdad said 16 people were killed on the Iraqi side. "
            "Early on Sunday, a drone struck a training ground at the al-Omar oil field base, killing seven SDF "
            "fighters.")
    assert [(m.base_id, m.killed) for m in news(text, dt.date(2024, 2, 6), matcher)] == [("al_omar", 7)]


def test_a_first_report_corrected_in_the_same_sentence_gives_the_corrected_count(matcher):
    text = ("تعرّض محيط السفارة الأمريكية وقاعدة يونيون 3 المجاورة في بغداد لهجوم بصواريخ الكاتيوشا فجر أمس الجمعة. "
            "وكانت الأنباء الأولية قد تحدثت عن سقوط صاروخين، قبل أن يؤكد مسؤول أمني أن عدد الصواريخ التي أُطلقت بلغ "
            "ستة صواريخ سقط بعضها في محيط القاعدة. وأوضح المسؤول أن الهجوم خلّف أضراراً مادية طفيفة، مؤكداً عدم وقوع "
            "إصابات بشرية في صفوف القوات الموجودة في القاعدة.")
    found = [(m.base_id, m.projectiles, m.wounded, m.damage) for m in news(text, dt.date(2023, 12, 9), matcher)]
    assert found == [("union_iii", 6, 0, "damage")]


def test_the_january_drone_attack_in_a_late_february_story_is_a_recap(matcher):
    text = ("The administration has spent the winter managing a widening regional conflict that included the January "
            "drone attack that killed three US soldiers at a base in Jordan.")
    assert news(text, dt.date(2024, 2, 26), matcher) == []
    text = "ويأتي ذلك بعد هجوم كانون الثاني الذي قتل ثلاثة جنود أمريكيين في قاعدة بالأردن."
    assert news(text, dt.date(2024, 2, 26), matcher) == []


def test_a_months_long_pattern_a_revised_figure_and_wrecked_housing(matcher):
    text = ("For more than three months, the attacks on US troops followed a pattern: drones shot down, rockets "
            "landing in empty desert. That pattern broke early Sunday at a small logistics outpost in Jordan. "
            "A single one-way attack drone struck Tower 22, killing three US soldiers. "
            "Central Command initially said 25 service members had been wounded, then revised that figure to 34. "
            "Officials said the drone hit the living quarters, wrecking several housing units.")
    found = news(text, dt.date(2024, 1, 29), matcher)
    assert [(m.base_id, m.intercepted, m.killed, m.wounded, m.damage) for m in found] == \
        [("tower_22", None, 3, 34, "damage")]


def test_a_mourned_fighter_killed_by_us_shelling_and_a_statement_short_of_a_claim(matcher):
    text = ("تعرضت قاعدة عين الأسد الجوية مساء الإثنين لهجوم بصاروخ باليستي قصير المدى. "
            "وفي وقت لاحق، نعت كتائب حزب الله أحد عناصرها، وقالت في بيان إنه قُتل بقصف أمريكي غادر، من دون أن تتبنى "
            "صراحة الهجوم على القاعدة. وتشير أرقام البنتاغون إلى أكثر من ٦٠ هجوماً خلال خمسة أسابيع، أُصيب خلالها "
            "عشرات العسكريين.")
    found = [(m.killed, m.wounded, m.claimed_by) for m in news(text, dt.date(2023, 11, 21), matcher)]
    assert found == [(None, None, None)]


def test_claimed_the_lives_and_a_toll_raised_after_a_first_count(matcher):
    text = ("قال المتحدث باسم الحكومة إن الهجوم بطائرة مسيرة الذي أودى بحياة ثلاثة جنود أمريكيين فجر أمس الأحد استهدف "
            "قاعدة التنف. في الأثناء، رفعت القيادة المركزية الأمريكية عدد العسكريين المصابين في الهجوم إلى 34، "
            "بعدما كانت قد أعلنت في البداية عن 25 جريحاً.")
    assert [(m.killed, m.wounded) for m in news(text, dt.date(2024, 1, 29), matcher)] == [(3, 34)]


def test_the_first_days_of_the_campaign_are_a_recap(matcher):
    text = ("Militants sent drones against Ain al-Asad air base on Thursday; no one was hurt. "
            "In the first days of the campaign, drones struck al-Tanf garrison in southern Syria, leaving about two "
            "dozen American personnel with minor injuries.")
    found = [(m.base_id, m.wounded) for m in news(text, dt.date(2023, 11, 24), matcher)]
    assert found == [("ain_al_asad", 0)]


def test_weeks_later_and_four_years_after_are_recaps(matcher):
    text = ("Militants fired a barrage of ballistic missiles at Ain al-Asad air base on Saturday evening. "
            "In November a single missile struck the same base. Weeks later, a drone critically wounded an American at "
            "Erbil air base.")
    assert [m.base_id for m in news(text, dt.date(2024, 1, 22), matcher)] == ["ain_al_asad"]
    text = "Four years after Iran's missiles rained down on Ain al-Asad, the base is still a target."
    assert news(text, dt.date(2024, 1, 8), matcher) == []


def test_the_jordanian_spokesmans_insistence_is_another_account_and_a_revised_count(matcher):
    text = ("Three US soldiers were killed in a drone attack on a small American outpost in north-eastern Jordan "
            "early on Sunday. Central Command initially said 25 had been wounded. By Sunday evening the number had "
            "been revised to 34. The outpost is known as Tower 22. A Jordanian government spokesman insisted the "
            "attack had taken place outside Jordan, at al-Tanf.")
    found = [(m.base_id, m.killed, m.wounded) for m in news(text, dt.date(2024, 1, 29), matcher)]
    assert found == [("tower_22", 3, 34)]


def test_the_raids_came_hours_after_yesterdays_attack_on_a_site_in_syria(matcher):
    text = ("غارات أمريكية قرب البوكمال بعد سلسلة هجمات على قواتها. "
            "شنت مقاتلات أمريكية فجر اليوم غارات على منشأتين قرب البوكمال، رداً على الهجمات التي تستهدف قواتها. "
            "وجاءت الغارات بعد ساعات من هجوم جديد تعرض له "
            "يوم أمس الخميس موقع يضم قوات أمريكية في سوريا، إذ أطلقت عدة صواريخ باتجاهه من دون أن تسفر عن إصابات.")
    found = [(m.incident_date, m.country, m.weapons) for m in news(text, dt.date(2023, 10, 27), matcher)]
    assert found == [(dt.date(2023, 10, 26), "SY", ["rocket"])]


def test_an_anniversary_piece_stays_in_its_year_sentence_after_sentence(matcher):
    text = ("في الساعات الأولى من الثامن من كانون الثاني 2020، انهمرت صواريخ باليستية إيرانية على قاعدة عين الأسد. "
            "أطلقت طهران على ردّها اسم عملية الشهيد سليماني. حصيلة تبدّلت. "
            "وقالت طهران إن الهجوم جاء رداً على اغتيال سليماني. "
            "وبحسب حصيلة البنتاغون، انطلق ستة عشر صاروخاً باليستياً، أصاب أحد عشر منها قاعدة الأسد. "
            "وعلى مدى الأسابيع اللاحقة أقرّت وزارة الدفاع بتشخيص 110 عسكريين بإصابات دماغية. "
            "وفي الليلة ذاتها أسقط الحرس الثوري طائرة ركاب أوكرانية، ما أودى بحياة 176 شخصاً.")
    assert news(text, dt.date(2024, 1, 8), matcher) == []


def test_after_saturday_midnight_at_dawn_sunday_is_sunday_and_a_toll_that_rose(matcher):
    text = ("أعلنت قوات سوريا الديمقراطية مقتل خمسة من مقاتليها بهجوم بطائرة مسيّرة استهدف بعد منتصف ليل السبت، "
            "فجر الأحد، أكاديمية للتدريب داخل قاعدة حقل العمر. وفي وقت لاحق، أفاد المرصد السوري بأن حصيلة القتلى "
            "ارتفعت إلى ستة.")
    found = [(m.incident_date, m.killed) for m in news(text, dt.date(2024, 2, 5), matcher)]
    assert found == [(dt.date(2024, 2, 4), 6)]


def test_f16s_hitting_sites_are_the_response_and_credit_for_both_claims_both(matcher):
    text = ("F-16s hit two sites tied to Iran's Revolutionary Guard in eastern Syria on Friday. "
            "Within hours, a one-way attack drone heading for Al-Asad Air Base in western Iraq was shot down.")
    assert [m.base_id for m in news(text, dt.date(2023, 10, 27), matcher)] == ["ain_al_asad"]
    text = ("Last Thursday, militants launched drones at Al-Asad Air Base in western Iraq, and a single drone at the "
            "air base at Erbil airport. Neither attack caused casualties or damage. The Islamic Resistance in Iraq "
            "took credit for both.")
    found = sorted((m.base_id, m.claimed_by) for m in news(text, dt.date(2023, 11, 27), matcher))
    assert found == [("ain_al_asad", "islamic_resistance_in_iraq"), ("erbil_air_base", "islamic_resistance_in_iraq")]


def test_no_precise_toll_given_is_silence_not_none(matcher):
    text = ("تعرضت قاعدة التنف أمس الأربعاء لهجوم بطائرتين مسيرتين، أصابت إحداهما القاعدة وأوقعت إصابات طفيفة. "
            "ولم يقدّم المسؤول حصيلة دقيقة لعدد المصابين، مكتفياً بالقول إن حالاتهم ليست خطيرة.")
    assert [(m.killed, m.wounded) for m in news(text, dt.date(2023, 10, 19), matcher)] == [(None, None)]


def test_all_but_two_intercepted_is_the_launched_less_two(matcher):
    text = ("Militants fired ballistic missiles and rockets at Al-Asad Air Base on Saturday evening. A US official "
            "said 17 projectiles were launched at the base and all but two were intercepted by its air defenses.")
    assert [(m.projectiles, m.intercepted) for m in news(text, dt.date(2024, 1, 21), matcher)] == [(17, 15)]
    text = ("أطلقت الفصائل 12 صاروخاً على قاعدة عين الأسد مساء السبت، واعترضت الدفاعات الجوية جميعها عدا اثنين.")
    assert [(m.projectiles, m.intercepted) for m in news(text, dt.date(2024, 1, 21), matcher)] == [(12, 10)]


def test_a_clause_on_the_attack_keeps_its_day_across_the_attack_s_adjectives(matcher):
    # "الهجوم الإرهابي بطائرة مسيّرة الذي استهدف فجر أمس": the clause tells of the attack, whatever stands
    # between the noun and its clause, so its day is the attack's, not the day the government spoke
    text = ("دانت الحكومة الهجوم الإرهابي بطائرة مسيّرة الذي استهدف فجر أمس الأحد موقع البرج 22، "
            "وأسفر عن مقتل ثلاثة جنود أميركيين.")
    assert [(m.incident_date, m.base_id) for m in news(text, dt.date(2024, 1, 29), matcher)] == \
        [(dt.date(2024, 1, 28), "tower_22")]


def test_a_border_with_syria_after_several_words_is_not_syria(matcher):
    # "على الحدود الشمالية الشرقية للمملكة مع سوريا": the neighbour across the border, however the
    # border is described, is not where the post is
    text = ("استهدف هجوم بطائرة مسيّرة فجر الأحد موقعاً متقدماً على الحدود الشمالية الشرقية للمملكة مع سوريا، "
            "وأسفر عن مقتل ثلاثة جنود أميركيين. وأوضح مسؤولون أن المسيّرة أصابت موقعاً يعرف باسم البرج 22. "
            "ويستضيف البرج 22 نحو 350 عسكرياً، وهو قريب من قاعدة التنف الواقعة على الجانب السوري من الحدود.")
    assert [m.base_id for m in news(text, dt.date(2024, 1, 29), matcher)] == ["tower_22"]


def test_a_dual_noun_counts_two_people(matcher):
    # "أصيب جنديان": two soldiers, said by the noun's dual ending with no number written
    text = "استهدفت طائرة مسيّرة قاعدة عين الأسد فجر اليوم الثلاثاء، وأصيب جنديان أمريكيان بجروح طفيفة."
    assert [m.wounded for m in news(text, dt.date(2024, 1, 2), matcher)] == [2]
    text = "أعلنت قسد مقتل عنصرين من قواتها في هجوم بطائرة مسيّرة على قاعدة حقل العمر اليوم الأحد."
    assert [m.killed for m in news(text, dt.date(2024, 2, 4), matcher)] == [2]


def test_a_phrase_between_the_verb_and_the_people_it_counts(matcher):
    # "وأصيب في عين الأسد أربعة عسكريين": verb, place, then the count; a running total over both
    # attacks later in the sentence ("ما يرفع عدد المصابين في الهجومين إلى 24") is not this attack's
    text = ("استهدفت طائرتان مسيرتان قاعدة عين الأسد الجوية اليوم الأربعاء. وأصيب في عين الأسد أربعة عسكريين "
            "أمريكيين بجروح طفيفة، ما يرفع عدد المصابين في الهجومين إلى 24 عسكرياً.")
    assert [m.wounded for m in news(text, dt.date(2023, 10, 18), matcher)] == [4]
    text = "سقطت صواريخ على قاعدة حقل العمر فجر اليوم الأحد، وقتل جراء القصف خمسة من عناصر قسد."
    assert [m.killed for m in news(text, dt.date(2024, 2, 4), matcher)] == [5]


def test_fa_lam_negates_the_interception(matcher):
    # "فلم تعترضها الدفاعات الجوية": "so the air defences did not intercept it", none intercepted
    text = ("استهدفت طائرة مسيّرة فجر اليوم الأحد موقع البرج 22، وقد أطلقت بالتزامن مع عودة طائرة أميركية إلى "
            "الموقع، فلم تعترضها الدفاعات الجوية.")
    assert [m.intercepted for m in news(text, dt.date(2024, 1, 28), matcher)] == [0]


def test_came_back_to_raise_the_toll_is_the_revised_toll(matcher):
    # "أعلنت في البداية إصابة 25، ثم عادت لترفع عدد المصابين إلى 34": the first figure superseded
    text = ("استهدفت طائرة مسيّرة فجر اليوم الأحد موقع البرج 22 ما أسفر عن مقتل ثلاثة جنود أميركيين. "
            "وأعلنت القيادة المركزية في البداية إصابة 25 عسكرياً، ثم عادت في وقت متأخر لترفع عدد المصابين إلى 34.")
    assert [(m.killed, m.wounded) for m in news(text, dt.date(2024, 1, 28), matcher)] == [(3, 34)]


def test_the_latest_in_a_series_since_october_frames_the_news(matcher):
    # "في أحدث حلقة من سلسلة عمليات تتبناها منذ منتصف تشرين الأول": the series since October is
    # the frame of today's claim, not an earlier attack
    text = ("أعلنت المقاومة الإسلامية في العراق، اليوم الأحد، أنها هاجمت قاعدة في محافظة الحسكة، في أحدث حلقة "
            "من سلسلة عمليات تتبناها منذ منتصف تشرين الأول. وقالت في بيان إن مجاهديها استهدفوا قاعدة رميلان "
            "بطائرة مسيّرة. وكانت المقاومة ذاتها قد أعلنت مساء أمس السبت استهداف قاعدة حرير بطائرات مسيّرة.")
    assert [(m.incident_date, m.base_id) for m in news(text, dt.date(2023, 12, 31), matcher)] == \
        [(dt.date(2023, 12, 31), "rumeilan")]


def test_for_on_and_then_go_on_with_the_count_of_earlier_attacks(matcher):
    # "وهذه ثالث مرة ... منذ مساء السبت. ففي 20 كانون الثاني ...، ثم أعلنت ... يوم الاثنين": the
    # sentences that go on ("ففي", "ثم") tell the earlier attacks the one before counted
    text = ("أسقطت الدفاعات الجوية في قاعدة عين الأسد اليوم الثلاثاء طائرة مسيّرة حاولت استهداف القاعدة. "
            "وهذه ثالث مرة تُستهدف فيها القاعدة منذ مساء السبت الماضي. "
            "ففي 20 كانون الثاني/يناير، أطلقت الميليشيات وابلاً من الصواريخ الباليستية على عين الأسد. "
            "ثم أعلنت وزارة الدفاع الأميركية أن مسيّرة هجومية استهدفت القاعدة يوم الاثنين.")
    found = [(m.incident_date, m.base_id) for m in news(text, dt.date(2024, 1, 23), matcher)]
    assert found == [(dt.date(2024, 1, 23), "ain_al_asad")]


def test_today_inside_a_quoted_outlet_name_is_no_day(matcher):
    # 'لـ"العراق اليوم"' is the outlet Iraq Today: the source's words are about yesterday's attack
    text = ("أفادت مصادر، اليوم الاثنين، بأن قاعدة عين الأسد تعرضت مساء أمس الأحد لقصف بصواريخ كاتيوشا. "
            "وقال مصدر عسكري لـ\"العراق اليوم\" إن \"دوي انفجار واحد على الأقل سمع من داخل القاعدة\".")
    assert [m.incident_date for m in news(text, dt.date(2023, 10, 23), matcher)] == [dt.date(2023, 10, 22)]


def test_a_coalition_site_in_syria_is_an_unnamed_base(matcher):
    text = ("قالت القيادة المركزية الأميركية إن قوات التحالف تصدّت يوم الاثنين لطائرتين مسيّرتين هجوميتين كانتا "
            "تتجهان نحو موقع للتحالف في جنوب غرب سوريا، ودمرتهما قبل أن تصلا إلى الموقع.")
    found = [(m.base_id, m.country, m.projectiles) for m in news(text, dt.date(2023, 10, 24), matcher)]
    assert found == [(None, "SY", 2)]


def test_treated_for_wounds_counts_the_people_at_the_clause_head(matcher):
    # "wounds" is a casualty word: "three U.S. service members in northern Iraq were being treated for wounds"
    text = ("While most Americans were opening presents, three U.S. service members in northern Iraq were being "
            "treated for wounds after a one-way attack drone slammed into Erbil Air Base early Monday.")
    assert [m.wounded for m in news(text, dt.date(2023, 12, 26), matcher)] == [3]


def test_that_number_had_climbed_to_is_the_revised_toll_and_a_share_flown_out_is_not_it(matcher):
    # "By Monday afternoon that number had climbed to 34": the toll revised; "Eight of the injured were
    # flown out of Jordan" is a share of them, not the toll at a base (as "Twenty of the injuries occurred
    # at the Tanf garrison" is)
    text = ("Three U.S. Army soldiers were killed when a one-way attack drone struck Tower 22 in northeastern "
            "Jordan early Sunday. U.S. Central Command initially said 25 personnel had been wounded. By Monday "
            "afternoon that number had climbed to 34, a spokeswoman said. Eight of the injured were flown out of "
            "Jordan for a higher level of care.")
    assert [(m.killed, m.wounded) for m in news(text, dt.date(2024, 1, 29), matcher)] == [(3, 34)]


def test_an_attack_carried_out_by_a_group_in_an_official_s_words_is_blame(matcher):
    # "Austin said in a statement that the attack had been carried out by Kataib Hezbollah": the US
    # attributes it, the group claims nothing
    text = ("A one-way attack drone slammed into Erbil Air Base early Monday, wounding three U.S. service members. "
            "Defense Secretary Lloyd Austin said in a statement that the Erbil attack had been carried out by "
            "Kataib Hezbollah and affiliated groups.")
    assert [m.claimed_by for m in news(text, dt.date(2023, 12, 26), matcher)] == [None]


def test_a_share_of_the_injured_flown_out_is_no_toll(matcher):
    text = ("Three U.S. Army soldiers were killed when a one-way attack drone struck Tower 22 in northeastern "
            "Jordan early Sunday. Eight of the injured were flown out of Jordan for a higher level of care.")
    assert [(m.killed, m.wounded) for m in news(text, dt.date(2024, 1, 29), matcher)] == [(3, None)]


def test_none_of_the_three_counts_no_one_and_clears_each_attack(matcher):
    # "None of the three caused casualties or damage": three attacks denied, not three people hurt
    text = ("Militants targeted American troops in Iraq and Syria three more times on Monday, the Pentagon said "
            "Tuesday. None of the three caused casualties or damage, a spokeswoman told reporters. "
            "A one-way attack drone targeted Al-Asad Air Base in western Iraq. "
            "A single rocket was fired at coalition forces at Rumeilan Landing Zone in northeastern Syria.")
    found = sorted((m.base_id, m.killed, m.wounded) for m in news(text, dt.date(2024, 1, 23), matcher))
    assert found == [("ain_al_asad", 0, 0), ("rumeilan", 0, 0)]


def test_the_toll_of_a_campaign_after_its_tally_is_not_the_attack_s(matcher):
    # "... attacked more than 60 times since Oct. 17. Roughly 60 U.S. personnel have been hurt": the
    # campaign's toll, told after its tally, not the toll of the attack the article reports
    text = ("Militants launched a close-range ballistic missile at Al-Asad Air Base late Monday, the Pentagon said. "
            "Eight personnel suffered minor injuries. By the Pentagon's count, American forces in Iraq and Syria "
            "have now been attacked more than 60 times since Oct. 17. Roughly 60 U.S. personnel have been hurt, "
            "most of them lightly.")
    assert [m.wounded for m in news(text, dt.date(2023, 11, 21), matcher)] == [8]


def test_a_claim_a_day_later_of_the_attack_on_the_same_base_is_that_attack_s(matcher):
    # "وأعلنت المقاومة، اليوم الثلاثاء، تبنيها للهجوم على قاعدة الشدادي" after Monday's salvo on the
    # base: the claim of Monday's attack, spoken on Tuesday, not a Tuesday attack
    text = ("أفادت مصادر محلية بأن رشقة كبيرة من الصواريخ سقطت مساء أمس الاثنين على قاعدة الشدادي في ريف الحسكة. "
            "وأعلنت المقاومة الإسلامية في العراق، اليوم الثلاثاء، في بيان تبنيها للهجوم على قاعدة الشدادي.")
    found = [(m.incident_date, m.base_id, m.claimed_by) for m in news(text, dt.date(2023, 12, 12), matcher)]
    assert found == [(dt.date(2023, 12, 11), "shaddadi", "islamic_resistance_in_iraq")]
