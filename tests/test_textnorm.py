from pipelines.textnorm import detect_language, normalize, split_sentences


def test_hamza_alef_diacritics_tatweel_and_digits_fold():
    assert normalize("قاعدةُ عينِ الأسـد") == normalize("قاعده عين الاسد")
    assert normalize("إطلاق") == normalize("اطلاق")
    assert normalize("٢٠٢٣ و۲") == "2023 و2"
    assert normalize("مستشفى") == "مستشفي"


def test_english_hyphens_apostrophes_and_case():
    assert normalize("Al-Asad’s AIRBASE") == "al asad s airbase"


def test_sentences_keep_abbreviations_together():
    parts = split_sentences("U.S. officials said Gen. Ryder spoke on Oct. 21. Two drones hit. قال مصدر؟ نعم")
    assert parts == ["U.S. officials said Gen. Ryder spoke on Oct. 21.", "Two drones hit.", "قال مصدر؟", "نعم"]


def test_language_detection():
    assert detect_language("هاجمت طائرة مسيرة قاعدة عين الأسد (Ain al-Asad)") == "ar"
    assert detect_language("A drone attacked Ain al-Asad (عين الأسد)") == "en"


def test_normalize_many_equals_normalizing_each_text():
    from pipelines.textnorm import normalize_many

    texts = ["  Al-Asad’s base ", "- قاعدةُ عينِ الأسد -", "٢٠٢٣ drones.", "", "x\u200c", "ﻻ ﷲ", "ΟΔΟΣ end",
             "a\u00a0\u2003b"]
    assert normalize_many(texts) == [normalize(t) for t in texts]
    assert normalize_many(["a\x00b", "c"]) == [normalize("a\x00b"), "c"]


def test_normalize_many_collapses_every_kind_of_whitespace_as_normalize_does():
    from pipelines.textnorm import normalize_many

    # printable texts take a short cut (only their ends trimmed); every other whitespace
    # character makes a text unprintable and takes the long way
    texts = [" a b ", "a  b", "a\tb", "a\u2028b", "a\u1680b", "a\x85b", "a\x1fb", "ا  ب ", "a \u3000 b", " ",
             "a\n\n b", "a" + " " * 7 + "b", "\n a \n", "a \r\n b", "a\x0bb\x0cc"]
    assert normalize_many(texts) == [normalize(t) for t in texts]
    # and as str.split() would (none of these has a character the fold changes; NFKC makes
    # U+3000 a space)
    assert [normalize(t) for t in texts] == [" ".join(t.replace("\u3000", " ").split()) for t in texts]


def test_sentence_split_after_abbreviation_far_into_a_long_sentence():
    text = "x " * 200 + "said Gen. Smith. Next one."
    assert split_sentences(text) == [("x " * 200 + "said Gen. Smith.").strip(), "Next one."]


def test_quotation_marks_are_dropped_so_a_quoted_name_reads_as_the_name():
    assert normalize('قاعدة «الحرير» الجوية') == normalize("قاعدة الحرير الجوية")
    assert normalize("موقع “التنف” العسكري") == normalize("موقع التنف العسكري")
    assert normalize('the "occupation base" at Harir') == "the occupation base at harir"
    assert normalize("لـ«قسد»") == "لقسد"


def test_no_sentence_starts_in_lower_case():
    text = "Four years ago Monday, shortly after 1:30 a.m. local time, missiles hit the base. Troops had been warned."
    assert split_sentences(text) == [
        "Four years ago Monday, shortly after 1:30 a.m. local time, missiles hit the base.",
        "Troops had been warned.",
    ]
