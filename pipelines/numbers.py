"""Numbers as news writes them: digits (any script), English and Arabic number words.

Works on normalized tokens (see textnorm.normalize): Arabic-Indic digits are already
ASCII, ta marbuta is ه and hamza seats are folded. "several", "dozens", "عدة", "عشرات"
are ranges, not numbers: they parse as VAGUE so callers can tell them from silence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from pipelines.textnorm import normalize

VAGUE = -1  # a quantity the text gives only as a range ("several", "عدة")

_EN_UNITS = {
    "zero": 0, "no": 0, "one": 1, "single": 1, "two": 2, "both": 2, "pair": 2, "couple": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "dozen": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_EN_VAGUE = {"several", "dozens", "multiple", "many", "numerous", "scores", "few", "some", "hundreds"}

_AR_UNITS = {
    "واحد": 1, "واحده": 1, "واحدا": 1, "احد": 1, "احدى": 1, "احدي": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثنتين": 2, "اثنا": 2, "اثني": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5,
    "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8,
    "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10,
}
_AR_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
_AR_HUNDREDS = {"مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200}
_AR_VAGUE = {"عده", "عشرات", "بضع", "بضعه", "مئات", "العديد", "عديد"}
_AR_CLITICS = ("وب", "ول", "وف", "و", "ب", "ل", "ف")
_HUNDRED_STEMS = tuple({normalize(w) for w in ("مئة", "مائة")})

# Tables are written in plain Arabic and folded once, so they match normalized tokens.
_AR_UNITS = {normalize(k): v for k, v in _AR_UNITS.items()}
_AR_TENS = {normalize(k): v for k, v in _AR_TENS.items()}
_AR_HUNDREDS = {normalize(k): v for k, v in _AR_HUNDREDS.items()}
_AR_VAGUE = {normalize(k) for k in _AR_VAGUE}
_DIGITS = re.compile(r"^\d{1,6}$")
# Number words that are part of a compound (normalized: "one-way" is "one way").
_NOT_A_COUNT_AFTER = {"one": ("way", "sided", "off", "another")}


def _strip_clitic(token: str, table: dict[str, int] | set[str]) -> str | None:
    if token in table:
        return token
    for clitic in _AR_CLITICS:
        if token.startswith(clitic) and token[len(clitic):] in table:
            return token[len(clitic):]
    return None


def _ar_hundreds(token: str) -> int | None:
    """مئه, ثلاثمئه / ثلاثمائه, with an optional clitic."""
    for clitic in ("", *_AR_CLITICS):
        if clitic and not token.startswith(clitic):
            continue
        word = token[len(clitic):]
        if word in _AR_HUNDREDS:
            return _AR_HUNDREDS[word]
        for stem in _HUNDRED_STEMS:
            if word.endswith(stem) and word[: -len(stem)] in _AR_UNITS:
                return _AR_UNITS[word[: -len(stem)]] * 100
    return None


@lru_cache(maxsize=65536)
def word_value(token: str) -> int | None:
    """The value of one token: a digit string or a simple number word; VAGUE for ranges."""
    if _DIGITS.match(token):
        return int(token)
    if token in _EN_UNITS:
        return _EN_UNITS[token]
    if token in _EN_TENS:
        return _EN_TENS[token]
    if token in _EN_VAGUE:
        return VAGUE
    for table in (_AR_UNITS, _AR_TENS):
        hit = _strip_clitic(token, table)
        if hit is not None:
            return table[hit]
    if _strip_clitic(token, _AR_VAGUE) is not None:
        return VAGUE
    return _ar_hundreds(token)


def parse_number(tokens: Sequence[str], i: int) -> tuple[int, int] | None:
    """Parse the number starting at tokens[i]: (value, tokens consumed), or None.

    Handles compounds: "twenty five", "twenty-five" (hyphen already a space), "one hundred
    and five", "خمسه وعشرين", "احد عشر", "ثلاث مئه", "مئه وعشرين".
    """
    if i >= len(tokens):
        return None
    if tokens[i] in _NOT_A_COUNT_AFTER and i + 1 < len(tokens) and tokens[i + 1] in _NOT_A_COUNT_AFTER[tokens[i]]:
        return None  # "one-way attack drones", "one side": a compound word, not a number
    first = word_value(tokens[i])
    if first is None:
        return None
    if first == VAGUE:
        return VAGUE, 1
    value, used = first, 1
    while i + used < len(tokens):
        nxt = tokens[i + used]
        # Arabic teens: "ثلاثه عشر", "احد عشر" (عشر/عشره after a unit means +10)
        if nxt in ("عشر", "عشره") and 0 < value < 10:
            value, used = value + 10, used + 1
            continue
        if nxt in ("hundred", "hundreds") and 0 < value < 10:
            value, used = value * 100, used + 1
            continue
        if nxt in _HUNDRED_STEMS and 0 < value < 10:
            value, used = value * 100, used + 1
            continue
        if nxt == "and" and i + used + 1 < len(tokens) and value >= 100:
            extra = word_value(tokens[i + used + 1])
            if extra is not None and extra > 0:
                value, used = value + extra, used + 2
                continue
        if nxt in _EN_UNITS and value in _EN_TENS.values() and 0 < _EN_UNITS[nxt] < 10:
            value, used = value + _EN_UNITS[nxt], used + 1
            continue
        if nxt.startswith("و") and len(nxt) > 1 and value > 0:
            extra = word_value(nxt[1:])
            if extra is not None and extra > 0 and (extra >= 20 or value >= 100):
                value, used = value + extra, used + 1
                continue
        break
    return value, used
