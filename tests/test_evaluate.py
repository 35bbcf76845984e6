"""Scoring of `basewatch evaluate`: matching rules and figures on hand-made cases."""

import datetime as dt

from pipelines.evaluate import below_floors, match, score_pages

D = dt.date(2023, 10, 21)


def gold_incident(**kw) -> dict:
    base = {"incident": "I07", "incident_date": D, "base_id": "ain_al_asad", "country": "IQ", "weapons": ["drone"],
            "projectiles": 2, "intercepted": 1, "killed": 0, "wounded": 0, "damage": "none",
            "claimed_by": "islamic_resistance_in_iraq", "evidence": "..."}
    return base | kw


def predicted(**kw) -> dict:
    return gold_incident(**kw) | {"is_background": kw.get("is_background", False)}


def test_match_on_date_and_base_or_date_and_country_when_base_unknown():
    pairs, missed, extra = match([gold_incident(), gold_incident(base_id=None, country="SY")],
                                 [predicted(base_id=None, country="SY"), predicted()])
    assert len(pairs) == 2 and not missed and not extra
    pairs, missed, extra = match([gold_incident()], [predicted(incident_date=D - dt.timedelta(days=1))])
    assert not pairs and len(missed) == 1 and len(extra) == 1


def test_figures_per_language_with_field_accuracy_and_misses():
    records = {
        "a.html": {"page": "a.html", "language": "ar", "relevant": True, "incidents": [gold_incident()]},
        "b.html": {"page": "b.html", "language": "ar", "relevant": False, "incidents": []},
        "c.html": {"page": "c.html", "language": "en", "relevant": True, "incidents": [gold_incident()]},
    }
    preds = {
        "a.html": {"relevant": True, "mentions": [predicted(projectiles=3), predicted(is_background=True,
                                                                                   base_id="harir")]},
        "b.html": {"relevant": True, "mentions": [predicted(base_id="harir")]},
        "c.html": {"relevant": False, "mentions": []},
    }
    scores = score_pages(records, preds)
    ar, en, overall = scores["ar"].figures(), scores["en"].figures(), scores["all"].figures()
    assert (ar["relevance_precision"], ar["relevance_recall"]) == (0.5, 1.0)
    assert (ar["incident_precision"], ar["incident_recall"]) == (0.5, 1.0)
    assert ar["projectiles_accuracy"] == 0.0 and ar["weapons_accuracy"] == 1.0
    assert (en["relevance_recall"], en["incident_recall"]) == (0.0, 0.0)
    assert overall["incident_recall"] == 0.5 and scores["all"].pages == 3
    assert any(m.startswith("FIELD   a.html") and "projectiles: gold 2 got 3" in m for m in scores["ar"].misses)
    assert any(m.startswith("MISSED  c.html") for m in scores["en"].misses)


def test_floors_report_every_figure_below():
    figures = {"ar": {"incident_recall": 0.8, "incident_precision": 0.95}}
    assert below_floors(figures, {"ar": {"incident_recall": 0.9, "incident_precision": 0.95}}) == \
        ["ar incident_recall: 0.8 < floor 0.9"]
