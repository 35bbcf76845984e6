import datetime as dt

import pytest

from pipelines.dates import find_dateline, find_dates, find_months
from pipelines.textnorm import normalize

SAT = dt.date(2023, 10, 21)  # a Saturday


def first(text: str, published: dt.date = SAT) -> dt.date | None:
    refs = [r for r in find_dates(normalize(text), published) if r.kind != "year"]
    return refs[0].date if refs else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ظهر السبت", dt.date(2023, 10, 21)),
        ("فجر الأربعاء", dt.date(2023, 10, 18)),
        ("late Sunday", dt.date(2023, 10, 15)),
        ("yesterday", dt.date(2023, 10, 20)),
        ("أمس", dt.date(2023, 10, 20)),
        ("الليلة الماضية", dt.date(2023, 10, 20)),
        ("أول أمس", dt.date(2023, 10, 19)),
        ("on Oct. 19", dt.date(2023, 10, 19)),
        ("١٩ تشرين الأول", dt.date(2023, 10, 19)),
        ("18 أكتوبر/تشرين الأول 2023", dt.date(2023, 10, 18)),
        ("السبت الماضي", dt.date(2023, 10, 14)),
    ],
)
def test_relative_and_explicit_dates_resolve_against_publication(text: str, expected: dt.date):
    assert first(text) == expected


def test_never_in_the_future():
    # "25 December" without a year, read on 21 October 2023, is last December
    assert first("25 December") == dt.date(2022, 12, 25)
    assert first("25 December 2023") is None


def test_monday_needs_context_because_alithnayn_also_means_the_two():
    assert first("قصف الاثنين") is None
    assert first("يوم الاثنين") == dt.date(2023, 10, 16)


def test_dateline_in_visible_text():
    assert find_dateline("بغداد - السومرية نيوز - الأحد ٢٨ كانون الثاني ٢٠٢٤", dt.date(2024, 3, 1)) == \
        dt.date(2024, 1, 28)


# ---------------------------------------------------------------- issue 8: days out of range

def test_a_day_before_2000_is_unknown_but_keeps_its_year():
    (ref,) = find_dates(normalize("On 18 October 1999, rockets hit the base"), SAT)
    assert (ref.date, ref.year, ref.kind) == (None, 1999, "explicit")
    (ref,) = find_dates(normalize("في 18 تشرين الأول 1999"), SAT)
    assert (ref.date, ref.year) == (None, 1999)
    assert first("1/1/0001") is None and first("Oct 5 1899") is None


def test_a_future_day_is_unknown():
    (ref,) = find_dates(normalize("on December 25, 2024"), SAT)
    assert ref.date is None and ref.year == 2024
    assert first("2 يناير 2099") is None


@pytest.mark.parametrize("published", [dt.date.min, dt.date(1, 1, 3), dt.date.max, dt.date(1999, 12, 31)])
@pytest.mark.parametrize("text", ["yesterday on Monday", "أول أمس", "last Sunday", "25 December", "on 2 January",
                                  "0000-00-00", "31/02/2024", "1/1/0001", "في 5 كانون الثاني 0000", "today"])
def test_dates_at_the_ends_of_the_calendar_never_crash(text: str, published: dt.date):
    for ref in find_dates(normalize(text), published):
        assert ref.date is None or dt.date(2000, 1, 1) <= ref.date <= published


def _dates_of(text: str, published: dt.date, matcher) -> list:
    from pipelines.extract import extract_mentions

    return [(m.incident_date, m.is_background) for m in extract_mentions(text, published, matcher)]


def test_an_attack_in_1999_is_no_news_and_no_mention_is_dated_then(matcher):
    published = dt.date(2024, 1, 10)
    for text in ("On 18 October 1999, rockets hit Ain al-Asad air base.",
                 "في 18 تشرين الأول 1999 سقطت صواريخ على قاعدة عين الأسد."):
        found = _dates_of(text, published, matcher)
        assert found and all(background for _, background in found)
        assert all(day is None or dt.date(2000, 1, 1) <= day <= published for day, _ in found)


def test_a_future_day_in_the_text_falls_back_to_the_news_day(matcher):
    published = dt.date(2024, 1, 10)
    found = _dates_of("Rockets hit Ain al-Asad air base on 25 December 2024, officials said.", published, matcher)
    assert found == [(published, False)]


def test_no_mention_outside_2000_to_publication_even_for_odd_publication_days(matcher):
    text = "Two drones struck Ain al-Asad air base yesterday."
    for published in (dt.date(1999, 6, 1), dt.date(2000, 1, 1), dt.date(2024, 1, 10)):
        for day, _ in _dates_of(text, published, matcher):
            assert day is None or dt.date(2000, 1, 1) <= day <= published


def test_the_same_day_is_not_today():
    assert first("تعرضت في اليوم نفسه لهجومين") is None
    assert first("خلال اليوم ذاته") is None
    assert first("وقع الهجوم اليوم") == SAT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ففي الخامس والعشرين من كانون الأول، أصيب ثلاثة جنود", dt.date(2022, 12, 25)),
        ("وفي العشرين من كانون الثاني 2023", dt.date(2023, 1, 20)),
        ("في الساعات الأولى من الثامن من يناير (كانون الثاني) 2020", dt.date(2020, 1, 8)),
        ("في الحادي عشر من أكتوبر", dt.date(2023, 10, 11)),
        ("On Christmas Day, a drone hit Erbil air base", dt.date(2022, 12, 25)),
        ("كما شهد يوم عيد الميلاد إصابة ثلاثة عسكريين", dt.date(2022, 12, 25)),
    ],
)
def test_arabic_ordinal_days_and_christmas(text: str, expected: dt.date):
    assert first(text) == expected


def test_years_ago_is_an_earlier_year():
    import datetime as _dt

    from pipelines.dates import find_dates
    from pipelines.textnorm import normalize
    refs = find_dates(normalize("Three years ago Tuesday, rockets hit the base."), _dt.date(2024, 1, 9))
    assert any(r.kind == "year" and r.year == 2021 for r in refs)
    refs = find_dates(normalize("قبل عامين، سقطت صواريخ على القاعدة."), _dt.date(2024, 1, 9))
    assert any(r.kind == "year" and r.year == 2022 for r in refs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a night named by the two days it spans is the later day
        ("سقطت المسيرة بعد منتصف ليل الجمعة - السبت قرب الموقع", dt.date(2023, 10, 21)),
        ("قصفت القاعدة ليلة الجمعة على السبت", dt.date(2023, 10, 21)),
        ("rockets hit the outpost Friday night into Saturday", dt.date(2023, 10, 21)),
        # "overnight" in a report is the night that ended on its day
        ("a drone struck the garrison overnight, an official said", dt.date(2023, 10, 21)),
    ],
)
def test_night_spanning_two_days_is_the_later_day(text, expected):
    assert first(text) == expected


def test_two_days_without_a_night_stay_two_days():
    refs = find_dates(normalize("attacks on Friday and Saturday"), SAT)
    assert [r.date for r in refs] == [dt.date(2023, 10, 20), dt.date(2023, 10, 21)]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # Thanksgiving is the fourth Thursday of November, the year's own
        ("US forces came under fire repeatedly on Thanksgiving Day", dt.date(2023, 11, 24), dt.date(2023, 11, 23)),
        ("هجمات يوم عيد الشكر على القواعد الأمريكية", dt.date(2024, 1, 5), dt.date(2023, 11, 23)),
        ("drones were launched on Thanksgiving", dt.date(2022, 11, 30), dt.date(2022, 11, 24)),
        ("rockets landed near the base on New Year's Day", dt.date(2024, 1, 3), dt.date(2024, 1, 1)),
        ("سقطت صواريخ ليلة رأس السنة قرب القاعدة", dt.date(2024, 1, 2), dt.date(2023, 12, 31)),
    ],
)
def test_holidays_name_their_day(text: str, published: dt.date, expected: dt.date):
    assert first(text, published) == expected


@pytest.mark.parametrize("text", ["استهدف هجوم بطائرة مسيرة بعد منتصف الليلة الماضية القاعدة",
                                  "a drone hit the base after midnight last night"])
def test_after_midnight_last_night_is_the_day_of_the_report(text: str):
    assert first(text, dt.date(2024, 2, 4)) == dt.date(2024, 2, 4)


def test_last_night_alone_is_yesterday():
    assert first("استهدف الليلة الماضية القاعدة", dt.date(2024, 2, 4)) == dt.date(2024, 2, 3)


def test_yawm_al_milad_is_christmas_day():
    assert first("وفي يوم الميلاد أصيب جنديان", dt.date(2024, 1, 10)) == dt.date(2023, 12, 25)


def test_a_month_without_its_day_is_read_as_a_month():
    (ref,) = find_months(normalize("In December, a rocket struck the outpost."), dt.date(2024, 2, 10))
    assert (ref.kind, ref.date, ref.year, ref.month) == ("month", None, 2023, 12)
    (ref,) = find_months(normalize("وفي شهر كانون الثاني الماضي سقطت قذائف على القاعدة"), dt.date(2024, 3, 2))
    assert (ref.kind, ref.year, ref.month) == ("month", 2024, 1)
    # with its day or year it is no bare month; after "since" it is where a count starts; "may" is a verb
    assert find_months(normalize("in December 3 rockets"), dt.date(2024, 2, 10)) == []
    assert find_months(normalize("in December 2023 rockets"), dt.date(2024, 2, 10)) == []
    assert find_months(normalize("attacks since the war began in October"), dt.date(2024, 2, 10)) == []
    assert find_months(normalize("officials said the strikes in may continue"), dt.date(2024, 2, 10)) == []


def test_years_on_is_an_earlier_year():
    assert [(r.kind, r.year) for r in find_dates(normalize("خمس سنوات على ليلة القصف"), dt.date(2024, 3, 1))] \
        == [("year", 2019)]
    assert [(r.kind, r.year) for r in find_dates(normalize("Three years on, the base"), dt.date(2024, 3, 1))] \
        == [("year", 2021)]
    assert find_dates(normalize("the troops stayed for years on end"), dt.date(2024, 3, 1)) == []
    assert find_dates(normalize("خدم ثلاث سنوات في القاعدة"), dt.date(2024, 3, 1)) == []


def test_an_abbreviated_month_glued_to_its_day_is_a_date():
    refs = find_dates(normalize("On Oct.18, drones were launched at Ain al-Asad."), dt.date(2023, 10, 28))
    assert [(r.date, r.kind) for r in refs] == [(dt.date(2023, 10, 18), "explicit")]


def test_a_day_after_a_clauses_verb_is_the_days_not_the_speakers():
    refs = find_dates(normalize("The official said rockets were fired on Thursday at a site in Syria."),
                      dt.date(2023, 10, 28))
    assert [(r.date, r.reporting) for r in refs] == [(dt.date(2023, 10, 26), False)]
    said = find_dates(normalize("The official said in a statement on Thursday that rockets were fired."),
                      dt.date(2023, 10, 28))
    assert [(r.date, r.reporting) for r in said] == [(dt.date(2023, 10, 26), True)]


def test_maghrebi_month_names():
    published = dt.date(2024, 2, 10)
    for text, want in (("ففي 20 نونبر الماضي سقط صاروخ", dt.date(2023, 11, 20)),
                       ("يوم 4 جانفي الماضي", dt.date(2024, 1, 4)),
                       ("منذ 18 أكتوبر وحتى 25 دجنبر", dt.date(2023, 12, 25))):
        assert want in [r.date for r in find_dates(normalize(text), published)], text
