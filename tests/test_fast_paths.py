"""The page pass's cheaper paths give what the plain ones gave (issue 7: speed without a
change of rows): shared trafilatura options, sized file reads, sidecars by string, frames
built a column at a time."""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from trafilatura.settings import Extractor

from pipelines import html
from pipelines.articles import Outcome, frame
from pipelines.sources import read_archive_file, read_sidecar


def test_shared_extractor_has_the_options_extract_would_build():
    # what trafilatura.extract(include_comments=False, include_tables=False, deduplicate=False,
    # with_metadata=False) builds for itself on every call
    built = Extractor(comments=False, tables=False, dedup=False, with_metadata=False, output_format="txt",
                      fast=False, precision=False, recall=False, formatting=None, links=False, images=False,
                      lang=None, url=None, only_with_metadata=False, tei_validation=False)
    for name in Extractor.__slots__:
        if name != "date_params":  # today's date; only read with metadata, which is off
            assert getattr(html._EXTRACTOR, name) == getattr(built, name), name


def test_extract_text_is_the_same_with_shared_options():
    import trafilatura

    page = ("<html><head><title>t</title></head><body><nav><a href='/'>Home</a></nav><article>"
            + "".join(f"<p>Paragraph {i} of the article says something long enough to be kept as text.</p>"
                      for i in range(8))
            + "<table><tr><td>cell text in a table</td></tr></table></article></body></html>")
    plain = trafilatura.extract(page, include_comments=False, include_tables=False, deduplicate=False,
                                with_metadata=False)
    assert plain and html.extract_text(page) == plain
    assert html.extract_text(html.parse_html(page)) == plain


def test_a_file_read_by_its_size_is_read_whole(tmp_path: Path):
    page = tmp_path / "a.html"
    page.write_bytes(b"<p>x</p>" * 5000)
    assert read_archive_file(str(page)) == b"<p>x</p>" * 5000
    assert read_archive_file(page) == b"<p>x</p>" * 5000
    with pytest.raises(ValueError, match="too large"):
        read_archive_file(str(page), max_bytes=39_999)
    assert read_archive_file(str(page), max_bytes=40_000) == b"<p>x</p>" * 5000


def test_a_file_whose_stat_says_more_than_it_holds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    page = tmp_path / "a.html"
    page.write_bytes(b"<p>x</p>" * 10)
    real_fstat = os.fstat

    class Large:
        def __init__(self, st: os.stat_result) -> None:
            self._st = st

        def __getattr__(self, name: str) -> object:
            return 500 if name == "st_size" else getattr(self._st, name)

    monkeypatch.setattr(os, "fstat", lambda fd: Large(real_fstat(fd)))
    assert read_archive_file(str(page)) == b"<p>x</p>" * 10


@pytest.mark.parametrize("name", ["a.html", "a.b.html", ".html", "a."])
def test_sidecar_named_as_path_with_suffix(tmp_path: Path, name: str):
    page = tmp_path / name
    sidecar = page.with_suffix(".json") if page.suffix else Path(f"{page}.json")
    sidecar.write_text('{"url": "https://example.com/a", "published": "2024-01-02", "source": 3}')
    expected = ({"url": "https://example.com/a", "published": "2024-01-02"},
                f"sidecar {sidecar.name}: ignored source 3 is not a string")
    assert read_sidecar(page) == expected
    assert read_sidecar(str(page)) == expected


def test_sidecar_missing_or_a_link(tmp_path: Path):
    assert read_sidecar(tmp_path / "none.html") == ({}, None)
    (tmp_path / "l.json").symlink_to(tmp_path / "nowhere.json")  # a broken link is refused, not absent
    kept, problem = read_sidecar(str(tmp_path / "l.html"))
    assert kept == {} and problem is not None and "symbolic link" in problem


def test_frame_holds_plain_values_and_none_for_missing():
    rows = [{"a": "x", "n": 3, "d": dt.date(2024, 1, 2), "t": dt.datetime(2024, 1, 2, 3, 4), "w": ["drone"]},
            {"a": None, "n": None, "d": None, "t": None, "w": []},
            {"a": "y", "n": float("nan"), "d": pd.NaT, "t": pd.NaT, "w": None, "ignored": 1},
            {}]
    out = frame(rows, ["a", "n", "d", "t", "w"])
    assert list(out.columns) == ["a", "n", "d", "t", "w"]
    assert out.to_dict("records") == [
        {"a": "x", "n": 3, "d": dt.date(2024, 1, 2), "t": dt.datetime(2024, 1, 2, 3, 4), "w": ["drone"]},
        {"a": None, "n": None, "d": None, "t": None, "w": []},
        {"a": "y", "n": None, "d": None, "t": None, "w": None},
        {"a": None, "n": None, "d": None, "t": None, "w": None}]
    assert isinstance(out["n"].iloc[0], int) and not any(isinstance(v, float) and math.isnan(v) for v in out["n"])
    assert frame([], ["a", "n"]).empty and list(frame([], ["a", "n"]).columns) == ["a", "n"]


def test_frame_writes_the_same_rows_as_pandas_inference():
    rows = [{"id": f"k{i}", "n": (i if i % 3 else None), "d": dt.date(2024, 1, 1 + i % 28),
             "t": dt.datetime(2024, 1, 1, i % 24), "w": (["drone", "rocket"] if i % 2 else []),
             "b": bool(i % 2), "s": ("نص" if i % 5 else None)} for i in range(50)]
    columns = ["id", "n", "d", "t", "w", "b", "s"]
    inferred = pd.DataFrame(rows, columns=columns)
    inferred = inferred.astype(object).where(inferred.notna(), None)  # how frame() used to build it
    con = duckdb.connect()
    con.execute("CREATE TABLE x (id VARCHAR, n INTEGER, d DATE, t TIMESTAMP, w VARCHAR[], b BOOLEAN, s VARCHAR)")
    got = []
    for built in (inferred, frame(rows, columns)):
        con.execute("DELETE FROM x")
        con.register("_in", built)
        con.execute("INSERT INTO x BY NAME SELECT * FROM _in")
        con.unregister("_in")
        got.append(con.execute("SELECT * FROM x ORDER BY id").fetchall())
    assert got[0] == got[1]


def _outcome(article_id: str, title: str) -> Outcome:
    article = {"article_id": article_id, "url": f"https://example.com/{article_id}", "source": "s",
               "published_date": dt.date(2024, 1, 2), "title": title, "language": "en", "text": "t",
               "is_relevant": True, "extraction_error": None, "content_sha": "c",
               "extracted_at": dt.datetime(2024, 1, 2), "extractor_version": "v", "mentions_version": "m"}
    mention = {"mention_id": f"{article_id}-{title}", "article_id": article_id, "incident_date": dt.date(2024, 1, 1),
               "weapons": ["drone"], "published_date": dt.date(2024, 1, 2), "source": "s"}
    return Outcome(article=article, mentions=[mention])


@pytest.mark.parametrize("held", [False, True])
def test_writer_replaces_an_article_written_twice(monkeypatch: pytest.MonkeyPatch, held: bool):
    """New ids into empty tables skip the DELETE; an id written again (or any id, once the
    tables held rows before the pass) still replaces its rows."""
    from pipelines import page_pass
    from pipelines import warehouse as wh

    con = duckdb.connect()
    wh.ensure_schema(con)
    if held:
        before = page_pass._Writer(con)
        before.add(_outcome("old", "before"))
        before.flush()
    monkeypatch.setattr(page_pass, "BATCH_SIZE", 2)
    writer = page_pass._Writer(con)
    assert (writer.written is None) == held
    for outcome in [_outcome("a", "1"), _outcome("b", "1"), _outcome("a", "2"), _outcome("c", "1")]:
        writer.add(outcome)
    writer.flush()
    assert con.execute("SELECT article_id, title FROM core.articles ORDER BY 1").fetchall() == [
        ("a", "2"), ("b", "1"), ("c", "1"), *([("old", "before")] if held else [])]
    assert con.execute("SELECT mention_id FROM core.incident_mentions ORDER BY 1").fetchall() == [
        ("a-2",), ("b-1",), ("c-1",), *([("old-before",)] if held else [])]
