"""Gold labels of the bundled archive (docs/gold_labels.md): load, validate, de-duplicate.

`python -m pipelines.gold` checks every record and writes data/gold/incidents.csv, the
de-duplicated incidents with the pages that report each.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

from pipelines.config import DATA_DIR
from pipelines.quality import CLAIMANTS, COUNTRIES, DAMAGE, WEAPONS

GOLD_DIR = DATA_DIR / "gold"
ARCHIVE_DIR = DATA_DIR / "archive"
FIELDS = ["base_id", "weapons", "projectiles", "intercepted", "killed", "wounded", "damage", "claimed_by"]


def load_gold(gold_dir: Path = GOLD_DIR) -> dict[str, dict]:
    """Page file name -> its gold record, from every *.jsonl file of the folder."""
    records: dict[str, dict] = {}
    for path in sorted(gold_dir.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise ValueError(f"{path.name}:{n}: not JSON: {exc}") from exc
            if record["page"] in records:
                raise ValueError(f"{path.name}:{n}: page {record['page']} labelled twice")
            for incident in record.get("incidents", []):
                incident["incident_date"] = dt.date.fromisoformat(incident["incident_date"])
            records[record["page"]] = record
    return records


def problems(records: dict[str, dict], archive: Path = ARCHIVE_DIR) -> list[str]:
    """Everything wrong with the labels, one line each."""
    out: list[str] = []
    pages = {p.name for p in archive.glob("*.html")}
    out += [f"page {p} has no gold record" for p in sorted(pages - set(records))]
    out += [f"record {p} has no page" for p in sorted(set(records) - pages)]
    for page, record in records.items():
        if record.get("language") not in ("ar", "en"):
            out.append(f"{page}: language {record.get('language')!r}")
        if bool(record.get("incidents")) != bool(record.get("relevant")):
            n = len(record.get("incidents", []))
            out.append(f"{page}: relevant is {record.get('relevant')} but it lists {n} incidents")
        for inc in record.get("incidents", []):
            where = f"{page} {inc.get('incident')}"
            if inc.get("country") not in COUNTRIES:
                out.append(f"{where}: country {inc.get('country')!r}")
            if any(w not in WEAPONS for w in inc.get("weapons") or []):
                out.append(f"{where}: weapons {inc.get('weapons')}")
            if inc.get("damage") not in (None, *DAMAGE):
                out.append(f"{where}: damage {inc.get('damage')!r}")
            if inc.get("claimed_by") not in (None, *CLAIMANTS):
                out.append(f"{where}: claimed_by {inc.get('claimed_by')!r}")
            published = dt.date.fromisoformat(record["published"])
            if inc["incident_date"] > published:
                out.append(f"{where}: incident dated after publication")
    return out


def dedupe(records: dict[str, dict]) -> list[dict]:
    """One row per gold incident key: the most-reported date, base and country, and its pages."""
    by_key: dict[str, list[tuple[str, dict]]] = {}
    for page, record in records.items():
        for inc in record.get("incidents", []):
            by_key.setdefault(inc["incident"], []).append((page, inc))
    rows = []
    for key, reports in sorted(by_key.items()):
        dates = Counter(inc["incident_date"] for _, inc in reports)
        bases = Counter(inc["base_id"] for _, inc in reports if inc.get("base_id"))
        countries = Counter(inc["country"] for _, inc in reports)
        rows.append({
            "incident": key,
            "incident_date": max(dates.items(), key=lambda kv: (kv[1], -kv[0].toordinal()))[0],
            "base_id": bases.most_common(1)[0][0] if bases else None,
            "country": countries.most_common(1)[0][0],
            "n_pages": len({p for p, _ in reports}),
            "pages": " ".join(sorted({p for p, _ in reports})),
        })
    return rows


def main() -> int:
    records = load_gold()
    found = problems(records)
    for line in found:
        print(line)
    rows = dedupe(records)
    with (GOLD_DIR / "incidents.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["incident"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(records)} pages, {sum(bool(r.get('incidents')) for r in records.values())} relevant, "
          f"{len(rows)} distinct incidents -> {GOLD_DIR / 'incidents.csv'}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
