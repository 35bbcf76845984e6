import datetime as dt
from pathlib import Path

import pytest

from pipelines.html import decode_html, page_metadata
from pipelines.ingest import RawCache
from pipelines.sources import SourceConfigError, article_id, canonical_url, load_sources

from .conftest import FIXTURES


def test_sources_file_resolves_paths_against_its_folder(workdir: Path):
    (source,) = load_sources(workdir / "sources.yaml")
    assert source.kind == "archive" and source.path == (workdir / "archive").resolve()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("sources:\n  - kind: archive\n    path: x\n", "has no name"),
        ("sources:\n  - name: a\n    kind: ftp\n", "kind 'ftp'"),
        ("sources:\n  - name: a\n    kind: archive\n    path: x\n  - name: a\n    kind: archive\n    path: y\n",
         "used twice"),
        ("sources:\n  - name: a\n    kind: rss\n", "needs a url"),
    ],
)
def test_bad_sources_file_gives_a_clear_error(tmp_path: Path, body: str, message: str):
    (tmp_path / "s.yaml").write_text(body)
    with pytest.raises(SourceConfigError, match=message):
        load_sources(tmp_path / "s.yaml")


def test_canonical_url_strips_tracking_and_fragment():
    assert canonical_url("HTTPS://Example.test/a?utm_source=x&id=3#top") == "https://example.test/a?id=3"
    assert article_id("https://example.test/a?utm_medium=y") == article_id("https://example.test/a")


def test_windows_1256_page_decodes():
    raw = (FIXTURES / "archive" / "ar_omar_cp1256.html").read_bytes()
    assert "حقل العمر" in decode_html(raw)
    # the same bytes with a lying utf-8 declaration still decode
    assert "حقل العمر" in decode_html(raw.replace(b"windows-1256", b"utf-8"))


def test_metadata_order_canonical_meta_jsonld():
    meta = page_metadata((FIXTURES / "archive" / "ar_asad_drones.html").read_text(encoding="utf-8"))
    assert meta.url.startswith("https://example-news.test/iraq/asad-drones")
    assert meta.published == dt.date(2023, 10, 21) and meta.site_name == "وكالة الاختبار"
    meta = page_metadata((FIXTURES / "archive" / "en_tanf_rockets.html").read_text(encoding="utf-8"))
    assert meta.published == dt.date(2023, 10, 24) and meta.published_from == "json-ld datePublished"


def test_every_offered_page_is_accounted_for(workdir: Path):
    from pipelines import page_pass, warehouse
    from pipelines.config import REGISTRY_DIR
    from pipelines.registry import load_bases

    (workdir / "archive" / "empty.html").write_bytes(b"")
    (workdir / "archive" / "bad.json").write_text("{not json")
    (workdir / "archive" / "bad.html").write_bytes((FIXTURES / "archive" / "ar_alqaeda.html").read_bytes())
    with warehouse.connect(workdir / "w.duckdb") as con:
        done = page_pass.run_pass(con, load_sources(workdir / "sources.yaml"), dt.date(2023, 10, 1),
                                  dt.date(2023, 10, 31), RawCache(workdir / "raw"),
                                  load_bases(REGISTRY_DIR / "bases.yaml"), today=dt.date(2024, 1, 1), workers=1)
    log = done.attempts.to_dict("records")
    pages = done.pages.to_dict("records")
    offered = {p.name for p in (workdir / "archive").glob("*.html")}
    logged = {Path(e["location"]).name for e in log}
    assert logged == offered
    errors = {Path(e["location"]).name: e["error"] for e in log if isinstance(e["error"], str)}
    assert errors["empty.html"].startswith("unreadable: empty file")
    assert errors["en_undated.html"].startswith("undated")
    assert {Path(p["location"]).name for p in pages} == offered - set(errors)
    note = next(p["note"] for p in pages if p["location"].endswith("bad.html"))
    assert "sidecar bad.json ignored" in note


def test_extracting_the_same_page_twice_in_one_process_gives_the_same_text():
    from pipelines.html import extract_text

    html = (FIXTURES / "archive" / "en_tanf_rockets.html").read_text(encoding="utf-8")
    first = extract_text(html)
    assert first and "al-Tanf" in first
    assert extract_text(html) == first


def test_a_date_only_in_a_byline_outside_the_article_text_dates_the_page():
    import datetime as dt

    from pipelines.html import dateline

    body = "<p>يشكو سكان في ريف دير الزور من ارتفاع أسعار المازوت في الأسواق مع تراجع الكميات الموزعة.</p>" * 6
    html = (f"<html><body><nav>الرئيسية 1 كانون الثاني 2020</nav><div class='meta'><span class='date'>"
            f"الثلاثاء 16 كانون الثاني 2024</span></div><article>{body}</article></body></html>")
    assert dateline(html, dt.date(2024, 3, 1)) == dt.date(2024, 1, 16)
    assert dateline("<html><body><article><p>no date here at all</p></article></body></html>",
                    dt.date(2024, 3, 1)) is None
