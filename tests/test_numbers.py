import pytest

from pipelines.numbers import VAGUE, parse_number
from pipelines.textnorm import normalize


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("three", 3), ("twenty five", 25), ("twenty-five", 25), ("one hundred and five", 105),
        ("ثلاثة", 3), ("خمس", 5), ("خمسة وعشرين", 25), ("احد عشر", 11), ("اثنا عشر", 12),
        ("ثلاثمائة", 300), ("ثلاث مئة", 300), ("مئة وعشرين", 120), ("بثلاث", 3), ("وأربعة", 4),
        ("١٧", 17), ("۱۴", 14), ("several", VAGUE), ("عدة", VAGUE), ("عشرات", VAGUE),
    ],
)
def test_number_words_digits_and_ranges(text: str, value: int):
    tokens = normalize(text).split(" ")
    parsed = parse_number(tokens, 0)
    assert parsed is not None and parsed[0] == value


def test_not_a_number():
    assert parse_number(["قاعدة"], 0) is None
    assert parse_number(["base"], 0) is None


def test_one_way_is_a_word_not_a_number():
    assert parse_number(["one", "way", "attack", "drone"], 0) is None
    assert parse_number(["one", "drone"], 0) == (1, 1)
