"""Dates in news text, resolved against the publication date, never into the future and
never before 2000 (EARLIEST): such a date reads as unknown (date None, its year kept).

Recognizes explicit dates (English and Arabic month names, Levantine كانون/تشرين/شباط,
numeric forms), weekday names ("late Sunday", "ظهر السبت", "فجر الثلاثاء"), relative days
("yesterday", "last night", "أمس", "الليلة الماضية", "أول أمس") and bare years ("in 2020").
Works on normalized text (textnorm.normalize).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from pipelines.numbers import word_value
from pipelines.phrases import trie_alternation
from pipelines.textnorm import normalize

# No incident this project tracks happened before this day: earlier dates are history.
EARLIEST = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class DateRef:
    """A date found in a sentence. kind: explicit | weekday | relative | year."""

    date: dt.date | None
    kind: str
    start: int
    text: str
    year: int | None = None
    reporting: bool = False  # the day something was said ("told reporters on Tuesday"), not done
    month: int | None = None  # kind "month": a month named without its day ("in November")


# Arabic verbs of saying, shared by the reporting patterns below (each adds its own).
_AR_SAID = "افاد|افادت|اعلن|اعلنت|قال|قالت|ذكر|ذكرت|اكد|اكدت"
# A date right after these words is when a source spoke, which is often not the day of the attack.
_REPORTING = re.compile(
    r"(?:\b(?:said|says|told reporters|told|announced|added|confirmed|stated|reported|disclosed|revealed)"
    # "told ABC News on Friday", "said in a statement on"; not "said rockets were fired on" (a clause's verb)
    r"(?:(?:\s+(?!(?:that|was|were|had|has|have|been)\b)\S+){0,3}?\s+(?:on|late|early))?"
    rf"|(?<!\w)(?:{_AR_SAID}|كشف|كشفت|صرح|صرحت|اوضح|اوضحت|نقلت|رفع|رفعت)"
    r"(?:\s+\S+){0,4}?\s*,(?:\s*(?:فجر|صباح|مساء|ظهر|عصر|ليل|ليله|ظهيره|منتصف ليل))?"  # "أعلنت، فجر اليوم الأحد،"
    # "no comment until Monday morning", "by Monday evening, officials said": as of when, not when
    r"|(?<!\w)(?:حتي|until|as of|by)(?:\s+\S+)?)\s*$"
)

_AR_REPORTED_TODAY = re.compile(
    rf"(?<!\w)(?:{_AR_SAID}|كشف|كشفت)"
    r"(?:\s+(?!(?:ان|بان|انه|انها|عن|استهداف|هجوم|قصف)(?!\w))\S+){1,5}?\s*$")
_REPORTING_AFTER = re.compile(
    r"\s*,\s*(?:\S+\s+){0,4}?(?:said|says|told|announced|confirmed|added|"
    rf"{_AR_SAID}|اوضح|اوضحت)(?!\w)")

_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_AR_MONTHS_RAW = {
    "كانون الثاني": 1, "يناير": 1, "شباط": 2, "فبراير": 2, "آذار": 3, "مارس": 3,
    "نيسان": 4, "أبريل": 4, "إبريل": 4, "أيار": 5, "مايو": 5, "حزيران": 6, "يونيو": 6,
    "تموز": 7, "يوليو": 7, "آب": 8, "أغسطس": 8, "أيلول": 9, "سبتمبر": 9,
    "تشرين الأول": 10, "أكتوبر": 10, "تشرين الثاني": 11, "نوفمبر": 11,
    "كانون الأول": 12, "ديسمبر": 12,
    # Maghrebi names: Moroccan (نونبر، دجنبر) and Tunisian/Algerian (جانفي، فيفري)
    # (not the short "ماي", "أوت", "جوان": they are other words too)
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "يوليوز": 7, "جويلية": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
}
_AR_MONTHS = {normalize(k): v for k, v in _AR_MONTHS_RAW.items()}
_MONTHS = {**_EN_MONTHS, **_AR_MONTHS}

_EN_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_AR_WEEKDAYS = {normalize(k): v for k, v in {
    "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6,
}.items()}
# Every weekday name, normalized, for callers that only ask whether a text names a day.
EN_WEEKDAY_WORDS = tuple(_EN_WEEKDAYS)
WEEKDAY_WORDS = (*_EN_WEEKDAYS, *_AR_WEEKDAYS)
# "الاثنين" is also "the two": only a weekday after a time word or before "الماضي".
_AR_TIME_WORDS = "|".join(normalize(w) for w in (
    "يوم", "فجر", "ظهر", "عصر", "مساء", "صباح", "ليل", "ليلة", "ضحى", "منتصف ليل", "اليوم", "غداة", "منذ",
))

# a trie matches what the flat longest-first alternation matches, several times faster
# (phrases.trie_alternation): the explicit-date patterns run on every sentence with a digit
_month_alt = trie_alternation(_MONTHS)
_CLITIC = r"(?:[وبلف]{0,2})"
_EXPLICIT_DMY = re.compile(
    rf"(?<!\w){_CLITIC}(\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?({_month_alt})\.?(?:\s*[/(]\s*(?:{_month_alt})\s*\)?)?"
    rf"(?:\s*,?\s*(?:عام\s+|سنه\s+)?(\d{{4}}))?(?!\w)"
)
# "Oct. 18", "Oct 18", and "Oct.18" with no space after the abbreviation's period
_EXPLICIT_MDY = re.compile(
    rf"(?<!\w)({_month_alt})(?:\.\s*|\s+)(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s*(\d{{4}}))?(?!\w)")
# Days written as Arabic ordinals: "في الخامس والعشرين من كانون الأول", "الثامن من يناير 2020".
_AR_UNIT_ORDINALS = ["الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
_AR_ORDINAL_DAYS: dict[str, int] = {"الاول": 1, "العاشر": 10, "العشرين": 20, "الثلاثين": 30}
for _n, _word in enumerate(_AR_UNIT_ORDINALS, start=1):
    if _n > 1:
        _AR_ORDINAL_DAYS[_word] = _n
    _AR_ORDINAL_DAYS[f"{_word} عشر"] = 10 + _n
    _AR_ORDINAL_DAYS[f"{_word} والعشرين"] = 20 + _n
_AR_ORDINAL_DAYS["الحادي والثلاثين"] = 31
_AR_ORDINAL_DAYS = {normalize(k): v for k, v in _AR_ORDINAL_DAYS.items()}
_ordinal_alt = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _AR_ORDINAL_DAYS), key=len, reverse=True))
_AR_ORDINAL_DATE = re.compile(
    rf"(?<!\w){_CLITIC}(?:في\s+)?({_ordinal_alt})\s+من\s+(?:شهر\s+)?({_month_alt})"
    rf"(?:\s*[/(]\s*(?:{_month_alt})\s*\)?)?(?:\s*,?\s*(?:عام\s+|سنه\s+)?(\d{{4}}))?(?!\w)"
)
_FROM_MONTH = re.compile(rf"من\s+(?:شهر\s+)?(?:{_month_alt})(?!\w)")
def _thanksgiving(year: int) -> dt.date:
    november_first = dt.date(year, 11, 1)
    return november_first + dt.timedelta(days=(3 - november_first.weekday()) % 7 + 21)  # 4th Thursday


# holidays a report dates an attack by ("on Thanksgiving Day", "ليلة رأس السنة"): the
# pattern, a needle that must be in the sentence, and the holiday's day in a given year
_HOLIDAYS: list[tuple[re.Pattern[str], tuple[str, ...], Callable[[int], dt.date]]] = [
    (re.compile(rf"(?<!\w)(?:christmas(?:\s+day)?|{_CLITIC}(?:عيد|يوم)\s+الميلاد)(?!\w)"),
     ("christmas", "الميلاد"), lambda year: dt.date(year, 12, 25)),
    (re.compile(rf"(?<!\w)(?:thanksgiving(?:\s+day)?|{_CLITIC}(?:عيد|يوم)\s+الشكر)(?!\w)"),
     ("thanksgiving", "الشكر"), _thanksgiving),
    (re.compile(rf"(?<!\w)(?:new\s+year\W?s?\s+day|{_CLITIC}(?:اول\s+)?(?:يوم|ايام)\s+(?:العام|السنه)\s+الجديد(?:ه)?)(?!\w)"),
     ("new year", "الجديد"), lambda year: dt.date(year, 1, 1)),
    (re.compile(rf"(?<!\w)(?:new\s+year\W?s?\s+eve|{_CLITIC}ليله\s+راس\s+السنه)(?!\w)"),
     ("new year", "راس السنه"), lambda year: dt.date(year, 12, 31)),
]
_HOLIDAY_NEEDLES = tuple(n for _, needles, _ in _HOLIDAYS for n in needles)
_NUMERIC = re.compile(r"(?<![\d/.])(?:(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2})[/.](\d{1,2})[/.](\d{4}))(?![\d/.])")
# "In November, a missile struck ...", "في تشرين الثاني الماضي": a month without its day (kind
# "month", date None). Full names only: "may" is a verb and abbreviations come with a day.
_MONTH_WORDS = "|".join(sorted((re.escape(m) for m in _MONTHS
                                 if len(m) > 4 or m in ("june", "july") or (len(m) > 2 and not m.isascii())),
                               key=len, reverse=True))
_MONTH_ONLY = re.compile(
    rf"(?<!\w)(?:in|during|early|late|mid|last|[وف]?(?:في|خلال|منتصف|اواخر|مطلع|اوائل|اول))\s+(?:شهر\s+)?({_MONTH_WORDS})"
    rf"(?!\w)(?!\.?\s*,?\s*\d)")
# "the January drone attack", "هجوم كانون الثاني": a month naming an attack, without its day
_MONTH_ATTACK = re.compile(
    rf"(?<!\w)(?:the\s+({_MONTH_WORDS})(?=\s+(?:\S+\s+)?(?:attack|attacks|strike|strikes|barrage|assault)(?!\w))"
    rf"|(?:هجوم|هجمات|ضربه|ضربات|استهداف)\s+(?:شهر\s+)?({_MONTH_WORDS})(?!\w)(?!\.?\s*,?\s*\d))")
# Every month name holds one of these (first words, de-duplicated): a sentence with none is not scanned.
_MONTH_NEEDLES = tuple(sorted({m.split()[0] for m in _MONTHS
                               if len(m) > 4 or m in ("june", "july") or (len(m) > 2 and not m.isascii())}))
_EN_MONTH_NEEDLES = tuple(m for m in _MONTH_NEEDLES if m.isascii())
# Words that name a month on their own, for telling a day or a year from a count ("5 كانون
# الثاني 2024", "Jan. 20"): "may" and "mar" are left out, they are English words too.
MONTH_WORDS = frozenset(m.split()[0] for m in _MONTHS if m not in ("may", "mar") and len(m) > 2)
_AR_MONTH_NEEDLES = tuple(m for m in _MONTH_NEEDLES if not m.isascii())
_SINCE_BEFORE = re.compile(r"(?<!\w)(?:since|منذ|began|بدات|بدء|started)(?!\w)")
# The check of the character before comes after "19"/"20" (a width-3 look-behind), so that the
# pattern starts with a literal and the regex engine skips ahead to a "1" or "2": 3x faster
# than "(?<![\d/.])((?:19|20)\d{2})", with the same matches.
_YEAR = re.compile(r"((?:19|20)(?<![\d/.]..)\d{2})(?![\d/.])")
_EN_WEEKDAY = re.compile(rf"\b(last\s+)?({'|'.join(_EN_WEEKDAYS)})\b")
_BOUND_BEFORE = re.compile(r"(?<!\w)(?:before|prior to|until)\s+$")
_ar_weekday_alt = "|".join(re.escape(w) for w in _AR_WEEKDAYS)
_AR_WEEKDAY = re.compile(
    rf"(?<!\w)((?:{_AR_TIME_WORDS})\s+)?{_CLITIC}({_ar_weekday_alt})(\s+(?:الماضي|المنصرم|الفايت))?(?!\w)"
)
# "أفاد مصدر، الاثنين، بأن": a weekday set off by commas is a day, never "the two".
_AR_WEEKDAY_COMMAS = re.compile(rf"[,(]\s*({_ar_weekday_alt})\s*[,)]")
# Each with words one of which a match must contain: a sentence holding none is not scanned.
_RELATIVE = [
    # "after midnight last night" is the small hours of the day of the report
    (re.compile(r"(?<!\w)(?:بعد\s+منتصف\s+(?:الليله\s+الماضيه|ليل\s+امس|ليله\s+امس)|after\s+midnight\s+last\s+night)(?!\w)"),
     0, ("منتصف", "midnight")),
    (re.compile(r"\b(?:the\s+)?day\s+before\s+yesterday\b"), -2, ("yesterday",)),
    (re.compile(r"\byesterday\b|\blast\s+night\b"), -1, ("yesterday", "night")),
    # "overnight" in a report is the night that ended on its day: the attack came after midnight
    (re.compile(r"\bovernight\b"), 0, ("overnight",)),
    (re.compile(r"\btoday\b|\bthis\s+(?:morning|afternoon|evening)\b|\btonight\b|\bearlier\s+today\b"), 0,
     ("today", "this", "tonight")),
    (re.compile(rf"(?<!\w){_CLITIC}اول\s+(?:امس|من\s+امس)(?!\w)"), -2, ("امس",)),
    (re.compile(rf"(?<!\w){_CLITIC}(?:امس|البارحه|الليله\s+الماضيه|ليل\s+امس|ليله\s+امس)(?!\w)"), -1,
     ("امس", "البارحه", "الليله")),
    # not "اليوم نفسه/ذاته" (the same day) nor "اليوم التالي" (the next day)
    (re.compile(rf"(?<!\w){_CLITIC}اليوم(?!\w)(?!\s+(?:نفسه|ذاته|عينه|التالي|السابق))"), 0, ("اليوم",)),
]
_RELATIVE_NEEDLES = tuple(dict.fromkeys(n for _, _, needles in _RELATIVE for n in needles))
# Explicit, numeric and year forms all hold a digit; every weekday name holds one of these.
_DIGIT = re.compile(r"\d")
_NUMERIC_HINT = re.compile(r"\d[-/.]\d")  # every numeric date holds a digit, a separator and a digit
_EN_WEEKDAY_NEEDLE = "day"
_AR_WEEKDAY_NEEDLES = tuple(_AR_WEEKDAYS)


_DUAL_YEARS = {normalize(w) for w in ("سنتين", "عامين", "سنتان", "عامان")}
# "four years ago", "four years on", "قبل أربع سنوات", "أربع سنوات على" (an anniversary)
_YEARS_AGO = re.compile(
    r"(?<!\w)(?:(\w+) (years?) (?:ago|on)"
    r"|قبل (?:(\w+) )?(سنوات|اعوام|سنه|عام|سنتين|عامين)"
    r"|(?:(\w+) )?(سنوات|اعوام|عام|سنتين|عامين) علي)(?!\w)")
_YEARS_AGO_NEEDLES = (" ago", "قبل ", " years on", "ات علي", "ام علي", "ين علي")  # سنوات/عام/عامين علي


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _with_year(month: int, day: int, year: int | None, published: dt.date) -> dt.date | None:
    if year is not None:
        return _safe_date(year, month, day)
    guess = _safe_date(published.year, month, day)
    if guess is not None and guess > published:
        guess = _safe_date(published.year - 1, month, day)
    return guess


def _weekday_on_or_before(published: dt.date, weekday: int, strictly_before: bool) -> dt.date | None:
    back = (published.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return _days_after(published, -back)


def _days_after(day: dt.date, days: int) -> dt.date | None:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:  # before 1 January of year 1 or after 9999
        return None


def holds_any(text: str, needles: tuple[str, ...]) -> bool:
    # a plain loop: any() over a generator costs more than the substring tests themselves
    for needle in needles:  # noqa: SIM110
        if needle in text:
            return True
    return False


def find_dates(norm: str, published: dt.date) -> list[DateRef]:
    """All dates in a normalized sentence, each resolved (date None when it would be in the future)."""
    refs: list[DateRef] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], date: dt.date | None, kind: str, year: int | None = None) -> None:
        if any(s < match.end() and match.start() < e for s, e in taken):
            return
        taken.append((match.start(), match.end()))
        if date is not None and not (EARLIEST <= date <= published):
            # a report cannot describe a day after its publication, and no day before 2000 is
            # news of this war: the day is unknown, but an explicit year stays (a recap's year)
            year, date = year or date.year, None
        before = norm[max(0, match.start() - 60): match.start()]
        reporting = bool(_REPORTING.search(before)) or (
            # "أعلنت وزارة الدفاع (البنتاغون) اليوم الاثنين ارتفاع عدد ...": today, right after the
            # one who reports, is when they spoke
            match.group(0).startswith("اليوم") and _AR_REPORTED_TODAY.search(before) is not None)
        if not reporting and match.start() <= 8:
            # "On Tuesday, Singh said eight personnel ...": the day opens the sentence and a
            # source speaks right after it
            reporting = bool(_REPORTING_AFTER.match(norm, match.end()))
        refs.append(DateRef(date, kind, match.start(), match.group(0), year or (date.year if date else None),
                            reporting))

    has_digit = _DIGIT.search(norm) is not None
    for m in _NUMERIC.finditer(norm) if has_digit and _NUMERIC_HINT.search(norm) else ():
        if m.group(1):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            d, mo, y = int(m.group(4)), int(m.group(5)), int(m.group(6))
        add(m, _safe_date(y, mo, d), "explicit")
    for m in _EXPLICIT_DMY.finditer(norm) if has_digit else ():
        year = int(m.group(3)) if m.group(3) else None
        add(m, _with_year(_MONTHS[m.group(2)], int(m.group(1)), year, published), "explicit")
    for m in _EXPLICIT_MDY.finditer(norm) if has_digit else ():
        if m.group(1) == "may" and not m.group(3):
            continue  # "may 2" is too often the verb
        year = int(m.group(3)) if m.group(3) else None
        add(m, _with_year(_MONTHS[m.group(1)], int(m.group(2)), year, published), "explicit")
    # found from the month ("من كانون الأول", a literal the regex engine finds fast), then read
    # backwards to the ordinal; the full pattern run from there gives the match
    for month in _FROM_MONTH.finditer(norm) if " من " in norm else ():
        m = _AR_ORDINAL_DATE.search(norm, max(0, month.start() - 40), month.end() + 30)
        if m is None or m.end() < month.end() or m.start() > month.start():
            continue
        year = int(m.group(3)) if m.group(3) else None
        day = _AR_ORDINAL_DAYS[" ".join(m.group(1).split())]
        add(m, _with_year(_MONTHS[m.group(2)], day, year, published), "explicit")
    for pattern, needles, day_in in _HOLIDAYS if holds_any(norm, _HOLIDAY_NEEDLES) else ():
        for m in pattern.finditer(norm) if holds_any(norm, needles) else ():
            day = day_in(published.year)
            add(m, day if day <= published else day_in(published.year - 1), "explicit")
    for m in _EN_WEEKDAY.finditer(norm) if _EN_WEEKDAY_NEEDLE in norm else ():
        if _BOUND_BEFORE.search(norm, max(0, m.start() - 10), m.start()):
            continue  # "the most serious before Sunday came eight days earlier": a bound, not the day told
        add(m, _weekday_on_or_before(published, _EN_WEEKDAYS[m.group(2)], bool(m.group(1))), "weekday")
    for m in _AR_WEEKDAY.finditer(norm) if holds_any(norm, _AR_WEEKDAY_NEEDLES) else ():
        weekday = _AR_WEEKDAYS[m.group(2)]
        set_off = _AR_WEEKDAY_COMMAS.search(norm, max(0, m.start() - 2), m.end() + 2)
        if weekday == 0 and not (m.group(1) or m.group(3) or set_off):
            continue
        add(m, _weekday_on_or_before(published, weekday, bool(m.group(3))), "weekday")
    for pattern, offset, needles in _RELATIVE if holds_any(norm, _RELATIVE_NEEDLES) else ():
        if not holds_any(norm, needles):
            continue
        for m in pattern.finditer(norm):
            add(m, _days_after(published, offset), "relative")
    for m in _YEARS_AGO.finditer(norm) if holds_any(norm, _YEARS_AGO_NEEDLES) else ():
        # "four years ago Monday", "قبل أربع سنوات": a year back, whatever weekday follows
        words = m.group(1) or m.group(3) or m.group(5)
        unit = m.group(2) or m.group(4) or m.group(6)
        count = 2 if unit in _DUAL_YEARS else 1 if words is None else word_value(words)
        if count is not None and 0 < count < 100:
            add(m, None, "year", published.year - count)
    for m in _YEAR.finditer(norm) if has_digit else ():
        year = int(m.group(1))
        add(m, None, "year", year)
    refs.sort(key=lambda r: r.start)
    if len(refs) > 1 and holds_any(norm, _NIGHT_NEEDLES):
        refs = _night_spans(norm, refs)
    return refs


def find_months(norm: str, published: dt.date) -> list[DateRef]:
    """Months named without their day ("In November, a missile struck ...", "في تشرين الثاني
    الماضي"): kind "month", date None, year and month set. Read apart from find_dates, only for
    the sentences the resolver asks about; a month after "since/منذ/began" starts a count."""
    refs: list[DateRef] = []
    # an article's sentences are in its language: ask only its months ("ا" in any Arabic sentence)
    if not holds_any(norm, _AR_MONTH_NEEDLES if "ا" in norm[:40] else _EN_MONTH_NEEDLES):
        return []
    for m in (*_MONTH_ONLY.finditer(norm), *_MONTH_ATTACK.finditer(norm)):
        if _SINCE_BEFORE.search(norm, 0, m.start()):
            continue  # "since the wave of attacks began in October": where a count starts
        month = _MONTHS[m.group(1) or m.group(2)]
        refs.append(DateRef(None, "month", m.start(), m.group(0), published.year - (month > published.month),
                            False, month))
    return refs


# "ليل السبت - الأحد", "ليلة السبت على الأحد", "Saturday night into Sunday": a night named by
# the two days it spans is the later day (the attack came after midnight)
_NIGHT_NEEDLES = ("ليل", "night")
_NIGHT_BEFORE = re.compile(r"(?:ليل|ليله|night|overnight)\s*$")
# ("بعد منتصف ليل السبت، فجر الأحد": the second day named after a comma, at dawn)
_NIGHT_GAP = re.compile(r"^\s*,?\s*(?:night\s+)?(?:[-–—/]|علي|الي|to|into|and\s+early)?\s*"
                        r"(?:early\s+|فجر\s+|صباح\s+)?$")


def _night_spans(norm: str, refs: list[DateRef]) -> list[DateRef]:
    out = []
    for ref, nxt in zip(refs, [*refs[1:], None], strict=True):
        if (nxt is not None and ref.kind == "weekday" == nxt.kind and ref.date is not None
                and nxt.date is not None and (nxt.date - ref.date).days == 1):
            gap = norm[ref.start + len(ref.text):nxt.start]
            at_night = ("ليل" in ref.text or gap.lstrip().startswith("night")
                        or _NIGHT_BEFORE.search(norm, max(0, ref.start - 14), ref.start) is not None)
            if at_night and _NIGHT_GAP.match(gap):
                continue
        out.append(ref)
    return out


def parse_iso_date(value: str | None) -> dt.date | None:
    """A date from an ISO date or timestamp string ('2023-10-21', '2023-10-21T08:00:00+03:00')."""
    if not value:
        return None
    match = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(value))
    if not match:
        return None
    return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def find_dateline(text: str, today: dt.date | None = None) -> dt.date | None:
    """The first full date (day, month, year) written in visible text, for undated pages."""
    norm = normalize(text[:3000])
    horizon = today or dt.date.today()
    for ref in find_dates(norm, horizon):
        if ref.kind == "explicit" and ref.date is not None and str(ref.date.year) in ref.text:
            return ref.date
    return None
