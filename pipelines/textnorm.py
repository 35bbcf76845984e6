"""Text normalization for matching Arabic and English news text.

Matching runs on a normalized copy of each sentence; evidence keeps the original.
Arabic: diacritics and tatweel removed, hamza/alef, alef maqsura and ta marbuta folded,
Arabic-Indic and Persian digits turned into ASCII. English: lower case, hyphens and
apostrophes become spaces so "al-Asad", "al Asad" and "Al-Asad's" match alike. Quotation
marks are dropped, so a quoted name matches as the name.
"""

from __future__ import annotations

import re
import unicodedata

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # harakat, tatweel
_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه", "ۀ": "ه",
        "ک": "ك", "ی": "ي",
        "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4",
        "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
        "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4",
        "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
        "٬": ",", "٫": ".", "،": ",", "؛": ";", "؟": "?",
        "’": " ", "'": " ", "‘": " ", "`": " ",
        "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ",
        # quotation marks are dropped: a name in quotes ('قاعدة "الأسد" الجوية', 'موقع دعم المهمة
        # «الفرات»', 'لـ«قسد»') reads as the name
        "«": "", "»": "", "“": "", "”": "", '"': "", "„": "",
        "\u200c": "", "\u200d": "", "\u200e": "", "\u200f": "", "\ufeff": "",
    }
)
_SPACES = re.compile(r"\s+")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
# The fold as (character, replacement) pairs. No replacement is itself folded, so replacing
# the characters a text holds one by one (str.replace runs in C) equals str.translate with
# the table, which looks every character up in a dict and is ten times slower.
_FOLD_PAIRS = {chr(k): v or "" for k, v in _FOLD.items()}
_FOLD_LIST = tuple(_FOLD_PAIRS.items())
assert not set(_FOLD_PAIRS) & set("".join(_FOLD_PAIRS.values()))


def _fold(text: str) -> str:
    """normalize() but for the collapse of whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text)
    for ch, replacement in _FOLD_LIST:
        if ch in text:
            text = text.replace(ch, replacement)
    return text.lower()


def normalize(text: str) -> str:
    """Fold a text for matching: NFKC, no diacritics, folded letters, ASCII digits, lower case."""
    return _collapse_spaces(_fold(text))


def _collapse_spaces(text: str) -> str:
    r"""" ".join(text.split()) (str.split() splits on exactly the characters regex \s matches),
    without splitting the text into words when it holds no whitespace but spaces and line
    breaks: with those made spaces, a printable text holds no other (every other is a control
    character or a separator), and its runs of spaces are halved by C-level replaces until none
    is left. Three to five times cheaper on sentences and pages (the prefilter normalizes every
    page whole)."""
    if "\n" in text:
        text = text.replace("\n", " ")
    if not text.isprintable():
        return " ".join(text.split())
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


_SEPARATOR = "\x00"  # NFKC, the fold and lower() leave it alone; it is no space and joins nothing


def normalize_many(texts: list[str]) -> list[str]:
    """[normalize(t) for t in texts], folded in one pass: the texts are joined by a separator
    every step treats as a character of its own, then cut apart again and trimmed."""
    if len(texts) < 2 or any(_SEPARATOR in t for t in texts):
        return [normalize(t) for t in texts]
    return [_collapse_spaces(piece) for piece in _fold(_SEPARATOR.join(texts)).split(_SEPARATOR)]


_NOT_LETTER = re.compile(r"[\W\d_]+")
_NOT_ARABIC = re.compile("[^\u0600-\u06ff]+")


def arabic_share(text: str) -> float:
    """Share of letters that are Arabic, 0.0 for a text with no letters. Counted by the
    regex engine: a Python loop over characters cost a fifth of trafilatura's time."""
    letters = _NOT_LETTER.sub("", text)
    if not letters:
        return 0.0
    return len(_NOT_ARABIC.sub("", letters)) / len(letters)


def detect_language(text: str) -> str:
    """'ar' when most letters are Arabic, else 'en' (the two languages basewatch reads)."""
    return "ar" if arabic_share(text) >= 0.5 else "en"


# A sentence ends at . ! ? ؟ or a line break; not after common English abbreviations,
# initials or a decimal point.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Rep|Sen|Gov|Adm|Brig|St|Jan|Feb|Mar|Apr|Jun|Jul|"
    r"Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|No|Fla|Inc|Co|vs|approx)\.|\b[A-Z]\.)$"
)
_ABBREV_SPAN = 12  # longer than any abbreviation above with the character before it
# Written to start with one character class, the stop or the line break, before any
# alternation: only then does the regex engine skip ahead to candidate characters (it does
# not for "[.!?؟]...|\n...", whose branches start with different classes), twice as fast.
# The stop's own run of . ! ? ؟ is read by _STOP_RUN.
_SENT_END = re.compile(r"[.!?؟\n](?:(?<=\n)\n*|(?<=[.!?؟])[.!?؟]*[\"'”»)]*\s+)")
_STOP_RUN = re.compile(r"[.!?؟]+")


def _may_end_abbreviation(text: str, start: int, stop: int) -> bool:
    return stop - start >= 2 and text[stop - 1] == "." and ("a" <= text[stop - 2].lower() <= "z")


def split_sentences(text: str) -> list[str]:
    """Split article text into sentences, keeping each sentence's original characters."""
    sentences: list[str] = []
    start = 0
    for match in _SENT_END.finditer(text):
        end = match.end()
        piece = text[start:end]
        stop_run = _STOP_RUN.match(text, match.start())
        # an abbreviation is a Latin letter and the stop's last dot; it can only be in the last
        # few characters before the stop, and searching from there (never before the
        # sentence's start) reads the same as searching the piece
        if stop_run and _may_end_abbreviation(text, start, stop_run.end()) \
                and _ABBREV.search(text, max(start, stop_run.end() - _ABBREV_SPAN), stop_run.end()):
            continue
        if stop_run and end < len(text) and "a" <= text[end] <= "z" and "\n" not in match.group():
            continue  # "shortly after 1:30 a.m. local time": no sentence starts in lower case
        if piece.strip():
            sentences.append(piece.strip())
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences
