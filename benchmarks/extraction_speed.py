"""Incident extraction's cost against trafilatura's, per relevant page (issue 7).

    .venv/bin/python benchmarks/extraction_speed.py [--archive data/archive] [--repeat 7]

Reads every saved page of the dev archive, runs trafilatura once per page (through
pipelines.html.decode_html + extract_text, as the pipeline does; the timing covers
extract_text; --trafilatura-repeat N keeps the fastest of N runs, steadier on a busy
machine) to get the texts and trafilatura's time, then times `extract_mentions` over the texts of the pages that report
at least one mention (best of --repeat passes) and `might_report_incident` over every
text. Prints ms/page for each and the ratio extraction / trafilatura on the relevant pages.
The target is a ratio of at most 0.2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.config import REGISTRY_DIR  # noqa: E402
from pipelines.dates import parse_iso_date  # noqa: E402
from pipelines.extract import extract_mentions, might_report_incident  # noqa: E402
from pipelines.html import decode_html, extract_text, page_metadata  # noqa: E402
from pipelines.registry import BaseMatcher, load_bases  # noqa: E402

FALLBACK_DATE = dt.date(2024, 1, 1)


def _published(path: Path, html: str) -> dt.date:
    sidecar = path.with_suffix(".json")
    if sidecar.exists():
        date = parse_iso_date(json.loads(sidecar.read_text(encoding="utf-8")).get("published"))
        if date:
            return date
    return page_metadata(html).published or FALLBACK_DATE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, default=ROOT / "data" / "archive")
    parser.add_argument("--repeat", type=int, default=7, help="passes over the texts; the best counts")
    parser.add_argument("--trafilatura-repeat", type=int, default=1,
                        help="runs of trafilatura per page, the fastest counting (1: once per page)")
    args = parser.parse_args(argv)

    matcher = BaseMatcher(load_bases(REGISTRY_DIR / "bases.yaml"))
    pages = sorted(args.archive.glob("*.html"))
    if pages:
        extract_text(decode_html(pages[0].read_bytes()))  # trafilatura's first call sets itself up
    texts: list[tuple[str, dt.date, float]] = []  # text, published, trafilatura seconds
    decode_s: dict[int, float] = {}  # decode_html's time, by text index
    for path in pages:
        raw = path.read_bytes()
        decoding = float("inf")
        elapsed = float("inf")
        for _ in range(max(1, args.trafilatura_repeat)):
            start = time.perf_counter()
            html = decode_html(raw)
            decoding = min(decoding, time.perf_counter() - start)
            start = time.perf_counter()
            text = extract_text(html)
            elapsed = min(elapsed, time.perf_counter() - start)
        published = _published(path, html)
        if text and text.strip():
            decode_s[len(texts)] = decoding
            texts.append((text, published, elapsed))

    extract_mentions(texts[0][0], texts[0][1], matcher)  # warm the lexicon caches
    relevant_ix = [i for i, (t, p, _s) in enumerate(texts) if extract_mentions(t, p, matcher)]
    relevant = [texts[i] for i in relevant_ix]
    if not relevant:
        print("no page with a mention: nothing to time")
        return 1
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        for text, published, _s in relevant:
            extract_mentions(text, published, matcher)
        best = min(best, time.perf_counter() - start)
    pre_best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        for text, _p, _s in texts:
            might_report_incident(text)
        pre_best = min(pre_best, time.perf_counter() - start)

    traf_ms = 1000 * sum(s for _t, _p, s in relevant) / len(relevant)
    decode_ms = 1000 * sum(decode_s[i] for i in relevant_ix) / len(relevant)
    extract_ms = 1000 * best / len(relevant)
    pre_ms = 1000 * pre_best / len(texts)
    flagged = sum(might_report_incident(t) for t, _p, _s in texts)
    print(f"pages: {len(pages)} read, {len(texts)} with text, {len(relevant)} with at least one mention")
    print(f"trafilatura (extract_text), relevant pages:       {traf_ms:8.3f} ms/page"
          + (f" (best of {args.trafilatura_repeat})" if args.trafilatura_repeat > 1 else ""))
    print(f"extract_mentions, relevant pages (best of {args.repeat}):     {extract_ms:8.3f} ms/page")
    print(f"decode_html, relevant pages:                      {decode_ms:8.3f} ms/page")
    print(f"ratio extract_mentions / trafilatura:             {extract_ms / traf_ms:8.3f}  (target <= 0.2)")
    print(f"ratio extract_mentions / (decode_html + trafilatura): {extract_ms / (traf_ms + decode_ms):5.3f}")
    print(f"might_report_incident, all pages (best of {args.repeat}):   {pre_ms:8.4f} ms/page; "
          f"True on {flagged} of {len(texts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
