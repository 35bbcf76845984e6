"""Hostile pages in an archive folder (issue 8): each is recorded with its reason and the
run goes on.

Each case writes hostile files beside the fixture archive (conftest's `workdir`), runs the
real asset graph on a temp DuckDB file (`materialize_range`) and asserts on the warehouse:
the run succeeds, every good fixture page is an article, and the hostile page is either an
article row (with extraction_error saying why when it yielded no text) or a core.fetch_log
row whose error names the reason. The hostile files are generated here, never committed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import time
import tracemalloc
from pathlib import Path

import duckdb
import pytest

from pipelines.sources import MAX_PAGE_BYTES, Source, archive_files, read_archive_file

from .conftest import materialize_range

START, END = "2023-10-01", "2023-10-31"
# The fixture pages that are articles of October 2023 (en_undated.html is logged undated).
GOOD = {"ar_alqaeda.html": "القاعدة", "ar_asad_drones.html": "عين الأسد",
        "ar_omar_cp1256.html": "حقل العمر", "en_tanf_rockets.html": "al-Tanf"}
COUNTED = ["core.pages", "core.articles", "core.incident_mentions", "core.incidents"]
SECRET = "SECRET-OUTSIDE-THE-ARCHIVE-7f3a"


def page(body: str, date: str | None = "2023-10-20", title: str = "A page", lang: str = "en",
         charset: str | None = "utf-8", head: str = "") -> str:
    """A small HTML page; `date` goes in article:published_time when given."""
    meta = f'<meta charset="{charset}">' if charset else ""
    when = f'<meta property="article:published_time" content="{date}T10:00:00Z">' if date else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head>{meta}<title>{title}</title>{when}{head}</head>\n'
            f"<body>{body}</body></html>\n")


ARTICLE = ("<article><h1>Drones target Harir air base</h1>"
           "<p>Two drones targeted Harir air base in Erbil province early on Thursday, Kurdish security "
           "officials said, adding that one of them was shot down by the base's air defences.</p>"
           "<p>There were no casualties and no damage was reported, the officials said in a statement "
           "issued a few hours after the attack on the base north-east of the regional capital.</p></article>")


def run(resources: dict, workdir: Path, start: str = START, end: str = END) -> duckdb.DuckDBPyConnection:
    """Materialize the graph for start..end; the run must succeed and every good page be an
    article with text. Returns a read-only connection to the warehouse."""
    began = time.monotonic()
    result = materialize_range(resources, start, end)
    assert result.success
    assert time.monotonic() - began < 120, "a hostile page must not make the run crawl"
    con = duckdb.connect(str(workdir / "warehouse.duckdb"), read_only=True)
    for name, word in GOOD.items():
        row = article(con, name)
        assert row is not None, f"good page {name} is not in core.articles"
        assert row["extraction_error"] is None and word in row["text"], name
    return con


def article(con: duckdb.DuckDBPyConnection, name: str) -> dict | None:
    """The core.articles row of the archive file `name` (through core.pages.location)."""
    cur = con.execute("""SELECT a.* FROM core.articles a JOIN core.pages p USING (article_id)
                         WHERE p.location LIKE '%/' || ?""", [name])
    rows = cur.fetchall()
    assert len(rows) <= 1, f"{name}: {len(rows)} article rows"
    return dict(zip([d[0] for d in cur.description], rows[0], strict=True)) if rows else None


def logged(con: duckdb.DuckDBPyConnection, name: str) -> list[str | None]:
    """The errors of the fetch-log rows of the archive file `name`."""
    return [r[0] for r in con.execute("SELECT error FROM core.fetch_log WHERE location LIKE '%/' || ?",
                                      [name]).fetchall()]


def refused(con: duckdb.DuckDBPyConnection, name: str, reason: str) -> str:
    """The file is not an article, and its fetch-log rows all give an error matching reason."""
    assert article(con, name) is None, f"{name} became an article"
    errors = logged(con, name)
    assert errors, f"{name} is not in core.fetch_log"
    assert all(e and re.search(reason, e) for e in errors), errors
    return errors[0]


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    out = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
    out["fetch_log distinct"] = con.execute("SELECT count(*) FROM (SELECT DISTINCT url, location, error "
                                            "FROM core.fetch_log)").fetchone()[0]
    return out


def sidecar(folder: Path, name: str, **fields: str) -> None:
    (folder / name).with_suffix(".json").write_text(json.dumps(fields), encoding="utf-8")


# ---------------------------------------------------------------- unreadable files


def test_empty_file_is_logged_unreadable(resources: dict, workdir: Path):
    (workdir / "archive" / "empty.html").write_bytes(b"")
    sidecar(workdir / "archive", "empty.html", published="2023-10-20")
    with run(resources, workdir) as con:
        refused(con, "empty.html", r"^unreadable: empty file")


def test_binary_files_named_html_are_logged_not_html(resources: dict, workdir: Path):
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
           + random.Random(8).randbytes(4000))
    noise = bytes(random.Random(9).randrange(256) for _ in range(50_000)) + b"\x00" * 16
    (workdir / "archive" / "image.html").write_bytes(png)
    (workdir / "archive" / "noise.html").write_bytes(b"\x00" + noise)
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + b"stream x" * 300
    (workdir / "archive" / "report.html").write_bytes(pdf)
    for name in ("image.html", "noise.html", "report.html"):
        sidecar(workdir / "archive", name, published="2023-10-20", url=f"https://bin.test/{name}")
    with run(resources, workdir) as con:
        refused(con, "image.html", r"not HTML")
        refused(con, "noise.html", r"not HTML")
        refused(con, "report.html", r"not HTML")


def test_a_folder_named_html_is_logged_not_a_file(resources: dict, workdir: Path):
    (workdir / "archive" / "folder.html").mkdir()
    with run(resources, workdir) as con:
        refused(con, "folder.html", r"^unreadable: not a regular file")


def test_truncated_page_cut_mid_tag_is_still_an_article(resources: dict, workdir: Path):
    full = page(ARTICLE + "<p>More paragraphs follow with further detail about the base.</p>" * 5)
    cut = full[:full.index("There were no casualties") + 60]
    cut = cut[:cut.rindex(" ")] + '</p><p class="x" data-y="unterminated'
    (workdir / "archive" / "truncated.html").write_text(cut, encoding="utf-8")
    sidecar(workdir / "archive", "truncated.html", published="2023-10-20", url="https://cut.test/a")
    with run(resources, workdir) as con:
        row = article(con, "truncated.html")
        assert row is not None and row["url"] == "https://cut.test/a"
        assert row["extraction_error"] is None and "Two drones targeted Harir" in row["text"]
        assert logged(con, "truncated.html") == [None]


# ---------------------------------------------------------------- too large


def test_a_20_mb_page_is_refused_as_too_large_and_logged(resources: dict, workdir: Path):
    size = 20 * 1024 * 1024
    with (workdir / "archive" / "huge.html").open("w", encoding="utf-8") as out:
        out.write(page(ARTICLE, date="2023-10-20")[:-len("</body></html>\n")])
        filler = "<p>" + "padding words in a very long page " * 100 + "</p>\n"
        while out.tell() < size:
            out.write(filler)
        out.write("</body></html>\n")
    with run(resources, workdir) as con:
        error = refused(con, "huge.html", r"^unreadable: too large")
        assert str(MAX_PAGE_BYTES) in error


def test_reading_an_oversized_file_holds_no_more_than_the_cap_in_memory(tmp_path: Path):
    huge = tmp_path / "huge.html"
    with huge.open("wb") as out:
        out.truncate(20 * 1024 * 1024)
    cap = 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="too large"):
            read_archive_file(str(huge), max_bytes=cap)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < cap + 64 * 1024, peak


def test_a_file_that_grows_after_it_is_listed_is_still_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The size on disk is not trusted: a file that grows between stat and read (or whose
    stat lies, like /proc files) is read up to the cap and refused past it."""
    grows = tmp_path / "grows.html"
    grows.write_bytes(b"<p>x</p>" * 1000)  # 8000 bytes; stat will say 80

    class Small:
        def __init__(self, st: os.stat_result) -> None:
            self._st = st

        def __getattr__(self, name: str) -> object:
            return 80 if name == "st_size" else getattr(self._st, name)

    real_stat, real_fstat = os.stat, os.fstat
    monkeypatch.setattr(os, "stat", lambda *a, **k: Small(real_stat(*a, **k)))
    monkeypatch.setattr(os, "fstat", lambda fd: Small(real_fstat(fd)))
    with pytest.raises(ValueError, match="too large"):
        read_archive_file(str(grows), max_bytes=1000)
    assert read_archive_file(str(grows), max_bytes=8000) == b"<p>x</p>" * 1000


# ---------------------------------------------------------------- markup and text


def test_deeply_nested_markup_does_not_stop_the_run(resources: dict, workdir: Path):
    depth = 100_000
    body = "<div>" * depth + "<p>Rockets hit near the Conoco gas field base in Deir ez-Zor on Friday.</p>" + \
        "</div>" * depth
    (workdir / "archive" / "nested.html").write_text(page(body, date="2023-10-20"), encoding="utf-8")
    with run(resources, workdir) as con:
        # dated in its head, so an article: with the text, or an error saying why there is none
        row = article(con, "nested.html")
        assert row is not None and row["published_date"] == dt.date(2023, 10, 20)
        assert (row["extraction_error"] is None and "Conoco gas field" in row["text"]) or \
            (row["text"] is None and row["extraction_error"]), row
        assert "RecursionError" not in (row["extraction_error"] or "")


DEEP_JSON_LD = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"


def test_deeply_nested_json_ld_does_not_stop_the_run(resources: dict, workdir: Path):
    """json.loads raises RecursionError on it: the page is accounted for, the run goes on."""
    (workdir / "archive" / "jsonld.html").write_text(page(ARTICLE, date="2023-10-20", head=DEEP_JSON_LD),
                                                     encoding="utf-8")
    with run(resources, workdir) as con:
        row = article(con, "jsonld.html")
        if row is None:
            refused(con, "jsonld.html", r"RecursionError")
        else:
            assert row["published_date"] == dt.date(2023, 10, 20)
            assert (row["text"] and "Harir" in row["text"]) or row["extraction_error"], row


def test_a_page_with_deeply_nested_json_ld_is_read_by_its_other_metadata(resources: dict, workdir: Path):
    (workdir / "archive" / "jsonld.html").write_text(page(ARTICLE, date="2023-10-20", head=DEEP_JSON_LD),
                                                     encoding="utf-8")
    with run(resources, workdir) as con:
        row = article(con, "jsonld.html")
        assert row is not None and row["published_date"] == dt.date(2023, 10, 20)
        assert row["extraction_error"] is None and "Two drones targeted Harir" in row["text"]
        assert logged(con, "jsonld.html") == [None]


def test_page_with_only_navigation_is_an_article_with_no_text_error(resources: dict, workdir: Path):
    nav = ("<header><a href='/'>Home</a> <a href='/world'>World</a></header>"
           "<nav><ul>" + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(30)) + "</ul></nav>"
           "<footer><a href='/about'>About</a> © Example News</footer>")
    (workdir / "archive" / "navonly.html").write_text(page(nav, date="2023-10-20"), encoding="utf-8")
    with run(resources, workdir) as con:
        row = article(con, "navonly.html")
        assert row is not None
        assert row["text"] is None and row["extraction_error"] == "no article text found in the page"


ARABIC = ("<article><h1>هجوم على قاعدة حرير</h1>"
          "<p>أفاد مصدر أمني بأن طائرة مسيرة استهدفت فجر الخميس قاعدة حرير الجوية في محافظة أربيل "
          "شمالي العراق، حيث تتمركز قوات التحالف الدولي، من دون أن تسفر عن إصابات.</p>"
          "<p>وأضاف المصدر أن الدفاعات الجوية تصدت للطائرة قبل وصولها إلى سياج القاعدة.</p></article>")


@pytest.mark.parametrize("charset", ["utf-8", None], ids=["declared-utf-8", "no-charset"])
def test_windows_1256_arabic_comes_out_readable(resources: dict, workdir: Path, charset: str | None):
    raw = page(ARABIC, date="2023-10-20", lang="ar", charset=charset).encode("cp1256")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    (workdir / "archive" / "cp1256.html").write_bytes(raw)
    with run(resources, workdir) as con:
        row = article(con, "cp1256.html")
        assert row is not None and row["extraction_error"] is None
        assert "قاعدة حرير" in row["text"] and "الدفاعات الجوية" in row["text"]
        assert row["language"] == "ar"


def test_mixed_scripts_in_one_article_survive(resources: dict, workdir: Path):
    body = ("<article><h1>Harir 🚀 حرير</h1>"
            "<p>A drone targeted Harir air base in Erbil province on Thursday, officials said 🚀💥.</p>"
            "<p>وقال مسؤول كردي إن الطائرة المسيرة أسقطت قبل وصولها إلى القاعدة في محافظة أربيل.</p>"
            "<p>Le porte-parole a déclaré à Zürich que «la base» n'a subi aucun dégât — naïve café.</p>"
            "</article>")
    (workdir / "archive" / "mixed.html").write_text(page(body, date="2023-10-20"), encoding="utf-8")
    with run(resources, workdir) as con:
        row = article(con, "mixed.html")
        assert row is not None and row["extraction_error"] is None
        for piece in ("🚀💥", "الطائرة المسيرة", "Zürich", "«la base»", "naïve café", "Harir air base"):
            assert piece in row["text"], piece


def test_a_page_listing_fifty_past_attacks_is_not_fifty_news_incidents(resources: dict, workdir: Path):
    published = dt.date(2023, 10, 25)
    bases = ["Ain al-Asad air base", "Harir air base", "al-Tanf garrison", "the Conoco gas field base",
             "Erbil air base"]
    past = [published - dt.timedelta(days=3 * (i + 2)) for i in range(50)]
    items = "".join(f"<li>On {d.day} {d:%B %Y} a drone hit {bases[i % len(bases)]}.</li>"
                    for i, d in enumerate(past))
    body = ("<article><h1>A timeline of attacks on US forces</h1>"
            "<p>A drone hit the al-Omar oil field base in Deir ez-Zor on Tuesday, officials said. "
            "It was the latest in a long series of attacks; earlier ones are listed below.</p>"
            f"<ul>{items}</ul></article>")
    (workdir / "archive" / "timeline.html").write_text(page(body, date=published.isoformat()), encoding="utf-8")
    began = time.monotonic()
    with run(resources, workdir) as con:
        assert time.monotonic() - began < 60
        row = article(con, "timeline.html")
        assert row is not None and row["extraction_error"] is None
        mentions = con.execute("""SELECT mention_id, incident_date, base_id, is_background, evidence
                                  FROM core.incident_mentions WHERE article_id = ?""",
                               [row["article_id"]]).fetchall()
        stated = {f"On {d.day} {d:%B %Y} ": d for d in past}
        news = [(m[1], m[2]) for m in mentions if not m[3]]
        # the one attack the page reports as news: Tuesday before publication, at al-Omar
        assert news == [(dt.date(2023, 10, 24), "al_omar")], news
        recaps = [m for m in mentions if m[3]]
        assert len(recaps) == len(past)
        for _, incident_date, _, _, evidence in recaps:
            said = [d for text, d in stated.items() if text in evidence]
            assert said == [incident_date], (incident_date, evidence)  # each recap dated as its line says
        # and only the news becomes an incident
        merged = con.execute("""SELECT DISTINCT i.incident_date, i.base_id FROM core.incidents i
                                JOIN core.incident_links l USING (incident_id)
                                JOIN core.incident_mentions m USING (mention_id)
                                WHERE m.article_id = ?""", [row["article_id"]]).fetchall()
        assert merged == [(dt.date(2023, 10, 24), "al_omar")], merged


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("date", ["2031-06-01", "1999-06-15"], ids=["future", "before-2000"])
def test_implausible_publication_dates_are_logged(resources: dict, workdir: Path, date: str):
    (workdir / "archive" / "when.html").write_text(page(ARTICLE, date=date), encoding="utf-8")
    with run(resources, workdir) as con:
        refused(con, "when.html", rf"^implausible publication date {date}$")


# ---------------------------------------------------------------- sidecars and paths


def test_a_sidecar_that_is_not_json_is_noted_and_the_page_still_read(resources: dict, workdir: Path):
    (workdir / "archive" / "badside.html").write_text(page(ARTICLE, date="2023-10-20"), encoding="utf-8")
    (workdir / "archive" / "badside.json").write_text('{"url": "https://x.test/a", "published": ', encoding="utf-8")
    with run(resources, workdir) as con:
        row = article(con, "badside.html")
        assert row is not None and "Harir" in row["text"]
        assert row["url"] == "archive://fixtures/badside.html"
        note = con.execute("SELECT note FROM core.pages WHERE article_id = ?", [row["article_id"]]).fetchone()[0]
        assert note and "badside.json" in note and "ignored" in note


@pytest.mark.parametrize("url", ["file:///etc/passwd", "../../etc/passwd", "/etc/passwd"])
def test_a_sidecar_url_naming_a_local_path_is_not_used(resources: dict, workdir: Path, url: str):
    outside = workdir / "outside.html"
    outside.write_text(page(f"<p>{SECRET}</p>"), encoding="utf-8")
    (workdir / "archive" / "pathside.html").write_text(page(ARTICLE, date="2023-10-20"), encoding="utf-8")
    sidecar(workdir / "archive", "pathside.html", url=url, published="2023-10-20", source="../../etc/passwd")
    with run(resources, workdir) as con:
        row = article(con, "pathside.html")
        assert row is not None and "Harir" in row["text"]
        assert row["url"] == "archive://fixtures/pathside.html"
        note = con.execute("SELECT note FROM core.pages WHERE article_id = ?", [row["article_id"]]).fetchone()[0]
        assert note and "not an http or https url" in note
        assert not con.execute("SELECT count(*) FROM core.articles WHERE text LIKE '%root:%' OR url LIKE '%passwd%'"
                               ).fetchone()[0]


@pytest.mark.parametrize("href", ["file:///etc/passwd", "../../etc/passwd"])
def test_a_canonical_link_naming_a_local_path_is_not_used(resources: dict, workdir: Path, href: str):
    head = f'<link rel="canonical" href="{href}">'
    (workdir / "archive" / "canon.html").write_text(page(ARTICLE, date="2023-10-20", head=head), encoding="utf-8")
    with run(resources, workdir) as con:
        row = article(con, "canon.html")
        assert row is not None and "Harir" in row["text"]
        assert row["url"] == "archive://fixtures/canon.html"


def _secret_anywhere(workdir: Path, con: duckdb.DuckDBPyConnection) -> list[str]:
    found = [str(p) for p in (workdir / "raw").rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    found += [r[0] for r in con.execute("SELECT url FROM core.articles WHERE text LIKE ? OR url LIKE ?",
                                        [f"%{SECRET}%", "%secret.test%"]).fetchall()]
    return found


def test_a_symlink_pointing_outside_the_archive_is_not_followed(resources: dict, workdir: Path):
    outside = workdir / "outside"
    outside.mkdir()
    (outside / "secret.html").write_text(page(f"<article><p>{SECRET} " + "words " * 40 + "</p></article>",
                                              date="2023-10-20"), encoding="utf-8")
    (workdir / "archive" / "link.html").symlink_to(outside / "secret.html")
    (workdir / "archive" / "passwd.html").symlink_to("/etc/passwd")
    with run(resources, workdir) as con:
        refused(con, "link.html", r"^unreadable: refused: a symbolic link")
        refused(con, "passwd.html", r"^unreadable: refused: a symbolic link")
        assert not _secret_anywhere(workdir, con)


def test_a_sidecar_symlink_pointing_outside_is_not_followed(resources: dict, workdir: Path):
    outside = workdir / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text(json.dumps({"url": "https://secret.test/leak", "published": "2023-10-20",
                                                     "source": SECRET}), encoding="utf-8")
    (workdir / "archive" / "sidelink.html").write_text(page(ARTICLE, date="2023-10-21"), encoding="utf-8")
    (workdir / "archive" / "sidelink.json").symlink_to(outside / "secret.json")
    with run(resources, workdir) as con:
        row = article(con, "sidelink.html")
        assert row is not None and row["published_date"] == dt.date(2023, 10, 21)
        assert row["source"] != SECRET and not _secret_anywhere(workdir, con)
        note = con.execute("SELECT note FROM core.pages WHERE article_id = ?", [row["article_id"]]).fetchone()[0]
        assert note and "symbolic link" in note


def test_archive_files_lists_every_html_name_symlinks_included(tmp_path: Path):
    """Refused files are still offered, so each is logged with its reason, not silently skipped."""
    (tmp_path / "a.html").write_text("<p>a</p>")
    (tmp_path / "b.html").symlink_to("/etc/passwd")
    names = [p.name for p in archive_files(Source(name="s", kind="archive", path=tmp_path))]
    assert names == ["a.html", "b.html"]
    with pytest.raises(ValueError, match="symbolic link"):
        read_archive_file(str(tmp_path / "b.html"))


# ---------------------------------------------------------------- all of them, twice


def _write_all(folder: Path) -> None:
    (folder / "empty.html").write_bytes(b"")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "navonly.html").write_text(page("<nav><a href='/'>Home</a></nav>"), encoding="utf-8")
    (folder / "cp1256.html").write_bytes(page(ARABIC, lang="ar", charset=None).encode("cp1256"))
    (folder / "future.html").write_text(page(ARTICLE, date="2031-06-01"), encoding="utf-8")
    (folder / "old.html").write_text(page(ARTICLE, date="1999-06-15"), encoding="utf-8")
    (folder / "badside.html").write_text(page(ARTICLE, date="2023-10-22"), encoding="utf-8")
    (folder / "badside.json").write_text("{nope", encoding="utf-8")
    (folder / "pathside.html").write_text(page(ARTICLE, date="2023-10-23"), encoding="utf-8")
    sidecar(folder, "pathside.html", url="file:///etc/passwd")
    (folder / "link.html").symlink_to("/etc/passwd")
    with (folder / "huge.html").open("wb") as out:
        out.truncate(MAX_PAGE_BYTES + 1)


def test_rerunning_with_hostile_pages_present_changes_no_row_count(resources: dict, workdir: Path):
    _write_all(workdir / "archive")
    with run(resources, workdir) as con:
        first = counts(con)
        assert first["core.articles"] == len(GOOD) + 4  # navonly, cp1256, badside, pathside
        log_rows = con.execute("SELECT count(*) FROM core.fetch_log").fetchone()[0]
    with run(resources, workdir) as con:
        assert counts(con) == first
        # the fetch log is a log: the second run's attempts are new rows, the same ones again
        assert con.execute("SELECT count(*) FROM core.fetch_log").fetchone()[0] == 2 * log_rows
