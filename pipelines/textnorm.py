"""Text normalization for matching Arabic and English news text.

Matching runs on a normalized copy of each sentence; evidence keeps the original.
Arabic: diacritics and tatweel removed, hamza/alef, alef maqsura and ta marbuta folded,
Arabic-Indic and Persian digits turned into ASCII. English: lower case, hyphens and
apostrophes become spaces so "al-Asad", "al Asad" and "Al-Asad's" match alike.
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
        "«": '"', "»": '"', "“": '"', "”": '"',
        "\u200c": "", "\u200d": "", "\u200e": "", "\u200f": "", "\ufeff": "",
    }
)
_SPACES = re.compile(r"\s+")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def normalize(text: str) -> str:
    """Fold a text for matching: NFKC, no diacritics, folded letters, ASCII digits, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text)
    text = text.translate(_FOLD).lower()
    return _SPACES.sub(" ", text).strip()


def arabic_share(text: str) -> float:
    """Share of letters that are Arabic, 0.0 for a text with no letters."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _ARABIC_LETTER.match(c)) / len(letters)


def detect_language(text: str) -> str:
    """'ar' when most letters are Arabic, else 'en' (the two languages basewatch reads)."""
    return "ar" if arabic_share(text) >= 0.5 else "en"


# A sentence ends at . ! ? ؟ or a line break; not after common English abbreviations,
# initials or a decimal point.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Rep|Sen|Gov|Adm|Brig|St|Jan|Feb|Mar|Apr|Jun|Jul|"
    r"Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|No|Fla|Inc|Co|vs|approx)\.|\b[A-Z]\.)$"
)
_SENT_END = re.compile(r"([.!?؟]+)[\"'”»)]*\s+|\n+")


def split_sentences(text: str) -> list[str]:
    """Split article text into sentences, keeping each sentence's original characters."""
    sentences: list[str] = []
    start = 0
    for match in _SENT_END.finditer(text):
        end = match.end()
        piece = text[start:end]
        if match.group(1) and _ABBREV.search(text[start : match.start() + len(match.group(1))]):
            continue
        if piece.strip():
            sentences.append(piece.strip())
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences
