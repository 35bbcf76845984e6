import datetime as dt

import pytest

from pipelines.dates import find_dateline, find_dates
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
