"""Property-based tests: text helpers never crash and keep their invariants on any Unicode."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.dates import find_dates
from pipelines.numbers import VAGUE, parse_number, word_value
from pipelines.textnorm import normalize, split_sentences

arabic = st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=60)
anything = st.text(max_size=200)
mixed = st.one_of(anything, arabic, st.lists(st.sampled_from(
    ["ثلاثة", "صواريخ", "طائرتين", "السبت", "أمس", "21", "تشرين", "الأول", "2023", "Oct.", "late", "Sunday",
     "twenty", "five", "drones", "و", "عشر", "مئة", "at", "least", "٣", "/", "-", "."]), max_size=30).map(" ".join))
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))


@given(mixed)
def test_normalize_is_idempotent_and_drops_marks(text: str):
    once = normalize(text)
    assert normalize(once) == once
    assert not any("\u064b" <= c <= "\u0652" for c in once)  # no harakat left
    assert not any("\u0660" <= c <= "\u0669" for c in once)  # no Arabic-Indic digits left


@given(mixed)
def test_sentences_lose_no_words(text: str):
    words = "".join(text.split())
    assert "".join("".join(s.split()) for s in split_sentences(text)) == words


@given(st.lists(st.sampled_from(normalize("ثلاثة وعشرين مئة عشر twenty five one hundred and two عدة 7 ١٢").split()),
                max_size=8), st.integers(min_value=0, max_value=8))
def test_parse_number_consumes_what_it_reads(tokens: list[str], i: int):
    parsed = parse_number(tokens, i)
    if parsed is None:
        assert i >= len(tokens) or word_value(tokens[i]) is None
    else:
        value, used = parsed
        assert 1 <= used <= len(tokens) - i
        assert value == VAGUE or value >= 0


@settings(max_examples=300)
@given(mixed, days)
def test_dates_never_resolve_into_the_future(text: str, published: dt.date):
    for ref in find_dates(normalize(text), published):
        assert ref.date is None or ref.date <= published
