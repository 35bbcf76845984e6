"""`basewatch evaluate`: extraction measured against the gold labels of the bundled archive.

Runs the whole pipeline on the archive into a temporary warehouse, then scores per
language: relevance precision/recall; incident precision/recall/F1 over the incidents
each page reports (a predicted incident matches a gold one on date and base, or on date
and country where the gold base is unknown); accuracy of every other field on matched
incidents. Merged incidents (core.incidents) are scored against the de-duplicated gold
list the same way. Misses are listed with page and evidence so a developer sees what to fix.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.config import DATA_DIR
from pipelines.gold import ARCHIVE_DIR, FIELDS, GOLD_DIR, dedupe, load_gold

FLOORS_FILE = GOLD_DIR / "floors.json"
# dev: the bundled archive the extractor is developed on. unseen: pages from other outlets,
# written apart and never read while tuning; it measures whether extraction generalizes.
SPLITS: dict[str, tuple[Path, Path]] = {
    "dev": (ARCHIVE_DIR, GOLD_DIR),
    "unseen": (DATA_DIR / "unseen" / "archive", DATA_DIR / "unseen" / "gold"),
}
GENERALIZATION_GAP = 0.05


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    pages: int = 0
    relevance: Tally = field(default_factory=Tally)
    incidents: Tally = field(default_factory=Tally)
    field_hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        matched = self.incidents.tp
        out = {
            "relevance_precision": self.relevance.precision(), "relevance_recall": self.relevance.recall(),
            "incident_precision": self.incidents.precision(), "incident_recall": self.incidents.recall(),
            "incident_f1": self.incidents.f1(),
        }
        for name in FIELDS:
            out[f"{name}_accuracy"] = self.field_hits[name] / matched if matched else 1.0
        return {k: round(v, 4) for k, v in out.items()}


def _same(name: str, gold: object, pred: object) -> bool:
    if name == "weapons":
        return sorted(gold or []) == sorted(pred or [])
    return gold == pred


def _matches(gold: dict, pred: dict) -> bool:
    if gold["incident_date"] != pred["incident_date"]:
        return False
    if gold.get("base_id"):
        return pred.get("base_id") == gold["base_id"]
    return pred.get("country") == gold.get("country")


def match(gold: list[dict], pred: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """One-to-one matches, unmatched gold, unmatched predictions (exact base matches first)."""
    pairs: list[tuple[dict, dict]] = []
    free = list(pred)
    missed = []
    for g in sorted(gold, key=lambda g: g.get("base_id") is None):
        hit = next((p for p in free if _matches(g, p)), None)
        if hit is None:
            missed.append(g)
        else:
            free.remove(hit)
            pairs.append((g, hit))
    return pairs, missed, free


def score_pages(records: dict[str, dict], predicted: dict[str, dict]) -> dict[str, Scores]:
    """Scores per language and overall ('all'). `predicted`: page -> {relevant, mentions}."""
    scores: dict[str, Scores] = defaultdict(Scores)
    for page, record in sorted(records.items()):
        pred = predicted.get(page, {"relevant": False, "mentions": []})
        gold_rel, pred_rel = bool(record["relevant"]), bool(pred["relevant"])
        news = [m for m in pred["mentions"] if not m["is_background"]]
        pairs, missed, extra = match(record.get("incidents", []), news)
        misses = [f"MISSED  {page}  {g['incident_date']} {g.get('base_id') or g.get('country')}"
                  f"  gold evidence: {g.get('evidence', '')[:160]}" for g in missed]
        misses += [f"EXTRA   {page}  {p['incident_date']} {p.get('base_id') or p.get('country')}"
                   f"  evidence: {(p.get('evidence') or '')[:160]}" for p in extra]
        hits: dict[str, int] = defaultdict(int)
        for g, p in pairs:
            for name in FIELDS:
                if _same(name, g.get(name), p.get(name)):
                    hits[name] += 1
                else:
                    misses.append(f"FIELD   {page}  {g['incident_date']} {g.get('base_id') or g['country']}"
                                  f"  {name}: gold {g.get(name)!r} got {p.get(name)!r}"
                                  f"  evidence: {(p.get('evidence') or '')[:160]}")
        for lang in (record["language"], "all"):
            s = scores[lang]
            s.pages += 1
            s.relevance.tp += gold_rel and pred_rel
            s.relevance.fp += pred_rel and not gold_rel
            s.relevance.fn += gold_rel and not pred_rel
            s.incidents.tp += len(pairs)
            s.incidents.fn += len(missed)
            s.incidents.fp += len(extra)
            for name, n in hits.items():
                s.field_hits[name] += n
            s.misses.extend(misses)
    return dict(scores)


def score_merged(records: dict[str, dict], incidents: list[dict]) -> dict[str, float]:
    gold = dedupe(records)
    pairs, missed, extra = match(gold, incidents)
    tally = Tally(len(pairs), len(extra), len(missed))
    return {"incident_precision": round(tally.precision(), 4), "incident_recall": round(tally.recall(), 4),
            "incident_f1": round(tally.f1(), 4), "gold_incidents": len(gold), "predicted_incidents": len(incidents)}


def run_archive(archive: Path = ARCHIVE_DIR, workdir: Path | None = None) -> tuple[dict[str, dict], list[dict]]:
    """Run the pipeline over the archive into a temp warehouse; predictions per page file."""
    import dagster as dg
    import duckdb
    from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

    from pipelines.definitions import ALL_ASSETS
    from pipelines.resources import ReportsResource, SourcesResource, WarehouseResource

    workdir = workdir or Path(tempfile.mkdtemp(prefix="basewatch-eval-"))
    sources = workdir / "sources.yaml"
    sources.write_text(f"sources:\n  - name: bundled\n    kind: archive\n    path: {archive}\n", encoding="utf-8")
    db = workdir / "warehouse.duckdb"
    resources = {"warehouse": WarehouseResource(path=str(db)),
                 "sources": SourcesResource(sources_file=str(sources), raw_dir=str(workdir / "raw")),
                 "reports": ReportsResource(path=str(workdir / "reports"))}
    result = dg.materialize(ALL_ASSETS, resources=resources, instance=dg.DagsterInstance.ephemeral(),
                            tags={ASSET_PARTITION_RANGE_START_TAG: "2023-10-01",
                                  ASSET_PARTITION_RANGE_END_TAG: "2024-02-29"},
                            run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}})
    if not result.success:
        raise RuntimeError("the pipeline run failed")
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""SELECT p.location, a.is_relevant, a.language FROM core.pages p
                              JOIN core.articles a USING (article_id)""").fetchall()
        cursor = con.execute("""SELECT p.location, m.* FROM core.incident_mentions m
                                JOIN core.pages p USING (article_id)""")
        names = [d[0] for d in cursor.description]
        mentions = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        merged = [{"incident_date": d, "base_id": b, "country": c} for d, b, c in
                  con.execute("SELECT incident_date, base_id, country FROM core.incidents").fetchall()]
    predicted: dict[str, dict] = {Path(loc).name: {"relevant": rel, "language": lang, "mentions": []}
                                  for loc, rel, lang in rows}
    for m in mentions:
        m["weapons"] = list(m["weapons"] or [])
        predicted[Path(m["location"]).name]["mentions"].append(m)
    return predicted, merged


def evaluate(archive: Path = ARCHIVE_DIR, gold_dir: Path = GOLD_DIR) -> tuple[dict, dict[str, Scores]]:
    records = load_gold(gold_dir)
    predicted, merged = run_archive(archive)
    scores = score_pages(records, predicted)
    figures = {lang: s.figures() | {"pages": s.pages} for lang, s in scores.items()}
    figures["merged"] = score_merged(records, merged)
    return figures, scores


def table(figures: dict) -> str:
    """The figures as a fixed-width table, one column per language."""
    langs = [k for k in ("ar", "en", "all") if k in figures]
    names = [k for k in figures["all"] if k != "pages"]
    lines = [f"{'figure':24}" + "".join(f"{lang:>10}" for lang in langs),
             f"{'pages':24}" + "".join(f"{figures[lang]['pages']:>10}" for lang in langs)]
    lines += [f"{name:24}" + "".join(f"{figures[lang][name]:>10.3f}" for lang in langs) for name in names]
    merged = figures["merged"]
    lines.append(f"merged incidents: precision {merged['incident_precision']:.3f}  recall "
                 f"{merged['incident_recall']:.3f}  F1 {merged['incident_f1']:.3f}  "
                 f"({merged['predicted_incidents']} predicted, {merged['gold_incidents']} gold)")
    return "\n".join(lines)


def below_floors(figures: dict, floors: dict) -> list[str]:
    """Every figure under its pinned floor, as 'lang figure: got < floor'."""
    out = []
    for lang, pinned in floors.items():
        for name, floor in pinned.items():
            got = figures.get(lang, {}).get(name)
            if got is None or got + 1e-9 < floor:
                out.append(f"{lang} {name}: {got} < floor {floor}")
    return out


def generalization_gaps(dev: dict, unseen: dict, gap: float = GENERALIZATION_GAP) -> list[str]:
    """Figures on which the unseen split falls more than `gap` below the developed one."""
    out = []
    for name, value in dev.get("all", {}).items():
        other = unseen.get("all", {}).get(name)
        if name != "pages" and other is not None and other + gap + 1e-9 < value:
            out.append(f"{name}: unseen {other:.3f} vs dev {value:.3f}")
    return out


def main(args: argparse.Namespace) -> int:
    splits = list(SPLITS) if args.split == "all" else [args.split]
    floors = json.loads(FLOORS_FILE.read_text(encoding="utf-8")) if FLOORS_FILE.exists() else {}
    results: dict[str, dict] = {}
    failing: list[str] = []
    for split in splits:
        archive, gold_dir = SPLITS[split]
        figures, scores = evaluate(archive, gold_dir)
        results[split] = figures
        print(f"== {split} split ({archive.relative_to(DATA_DIR.parent)})")
        print(table(figures))
        # the unseen split's misses stay hidden unless asked for: reading them would make it seen
        if args.misses > 0 and (split == "dev" or args.show_unseen_misses):
            for lang in ("ar", "en"):
                if lang in scores and scores[lang].misses:
                    print(f"\nmisses ({split}, {lang}, {len(scores[lang].misses)}; first {args.misses}):")
                    print("\n".join("  " + m for m in scores[lang].misses[: args.misses]))
        failing += [f"{split} {line}" for line in below_floors(figures, floors.get(split, {}))]
        print()
    if {"dev", "unseen"} <= set(results):
        gaps = generalization_gaps(results["dev"], results["unseen"])
        print("generalization (unseen within 0.05 of dev): " + ("held" if not gaps else "NOT held: " + "; ".join(gaps)))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    if floors:
        print("floors: " + ("all held" if not failing else "BELOW: " + "; ".join(failing)))
    return 1 if failing else 0
