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
