"""Merging mentions of the same real-world incident across articles and outlets.

The rule (docs/merging.md):
- Mentions at the same registry base join one incident when their dates lie within
  MERGE_WINDOW_DAYS of the incident's first date and their weapons are compatible (one
  side unknown, or the two share a weapon). Two mentions from one article never join:
  the extractor kept them apart because the article reports two attacks, so two attacks
  on the same base on the same day stay two.
- Mentions with no known base join a named-base incident of their country when exactly
  one lies within the window; otherwise they form incidents of their own by country,
  place text and day.
- Figures: reports that are not mere claims outvote claims; then the most-reported value
  wins (ties: the larger). The min and max over all reports stay beside each figure.

Mentions are sorted per place and compared only with the incidents still open within the
window, so the merge is O(n log n), never every mention against every other.

incident_id is stable: a cluster keeps the id its mentions had before, so an incident
keeps its id when later reports arrive or the pipeline reruns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

MERGE_WINDOW_DAYS = 1
FIGURES = ["projectiles", "intercepted", "killed", "wounded"]
WEAPON_ORDER = ["drone", "rocket", "missile", "mortar", "ied"]


def code_version() -> str:
    """A hash of this module: a changed merge rule re-merges even when no mention changed."""
    return hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:12]


def weapons_compatible(a: Iterable[str] | None, b: Iterable[str] | None) -> bool:
    """Unknown weapons fit anything; known ones must share at least one kind."""
    a, b = set(a or ()), set(b or ())
    return not a or not b or bool(a & b)


@dataclass
class _Cluster:
    first: dt.date
    rows: list[int] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)
    weapons: set[str] = field(default_factory=set)

    def accepts(self, date: dt.date, article: str, weapons: Iterable[str] | None) -> bool:
        return (abs((date - self.first).days) <= MERGE_WINDOW_DAYS and article not in self.articles
                and weapons_compatible(self.weapons, weapons))

    def add(self, row: int, article: str, weapons: Iterable[str] | None) -> None:
        self.rows.append(row)
        self.articles.add(article)
        self.weapons |= set(weapons or ())


def _weapons(value: object) -> list[str]:
    """A mention's weapons as a list: DuckDB hands lists over as numpy arrays, NULL as None or NaN."""
    return [] if value is None or isinstance(value, float) else [str(w) for w in value]


def _clusters_for_place(group: pd.DataFrame) -> list[_Cluster]:
    """One place's mentions in date order, each joining the nearest open incident that
    accepts it (within the window, compatible weapons, not from an article already in it)."""
    clusters: list[_Cluster] = []
    ordered = group.sort_values(["incident_date", "published_date", "mention_id"], kind="stable")
    for idx, row in ordered.iterrows():
        date, article, weapons = row["incident_date"], row["article_id"], _weapons(row["weapons"])
        # only the last few clusters can still be within the window: dates are sorted
        open_ = [c for c in clusters[-8:] if c.accepts(date, article, weapons)]
        if open_:
            target = min(open_, key=lambda c: (abs((date - c.first).days), -len(c.rows)))
        else:
            target = _Cluster(first=date)
            clusters.append(target)
        target.add(idx, article, weapons)
    return clusters


def cluster_mentions(mentions: pd.DataFrame) -> list[list[int]]:
    """Groups of mention row labels, one group per incident."""
    news = mentions[~mentions["is_background"].astype(bool) & mentions["incident_date"].notna()]
    named = news[news["base_id"].notna()]
    clusters: list[_Cluster] = []
    for _, group in named.groupby("base_id", sort=True):
        clusters.extend(_clusters_for_place(group))
    by_country: dict[object, list[_Cluster]] = {}
    for cluster in clusters:
        by_country.setdefault(mentions.loc[cluster.rows[0], "country"], []).append(cluster)
    unnamed = news[news["base_id"].isna()]
    leftover = []
    for idx, row in unnamed.iterrows():
        date, article, weapons = row["incident_date"], row["article_id"], _weapons(row["weapons"])
        candidates = [c for c in by_country.get(row["country"], []) if c.accepts(date, article, weapons)]
        if len(candidates) == 1:
            candidates[0].add(idx, article, weapons)
        else:
            leftover.append(idx)
    if leftover:
        rest = unnamed.loc[leftover]
        place = rest["country"].fillna("").astype(str)
        for _, group in rest.groupby(place, sort=True):
            clusters.extend(_clusters_for_place(group))
    return [c.rows for c in clusters]


def _present(values: Iterable) -> list:
    return [v for v in values if v is not None and not pd.isna(v)]


def _reconcile(values: Iterable, confirmed: Iterable[bool] | None = None) -> tuple[object, object, object]:
    """The reconciled value, min and max: confirmed reports outvote claims, then the
    most-reported value wins, ties going to the larger."""
    values = list(values)
    present = _present(values)
    if not present:
        return None, None, None
    flags = list(confirmed) if confirmed is not None else [True] * len(values)
    trusted = _present(v for v, ok in zip(values, flags, strict=True) if ok) or present
    best = max(Counter(trusted).items(), key=lambda kv: (kv[1], kv[0]))[0]
    return best, min(present), max(present)


def _new_id(anchor_mention: str, taken: set[str]) -> str:
    base = "inc_" + hashlib.sha1(anchor_mention.encode("utf-8")).hexdigest()[:12]
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}_{n}"
    return candidate


def merge_incidents(mentions: pd.DataFrame, previous_links: pd.DataFrame | None = None
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """core.incidents rows and the incident/mention link table from all mentions.

    `mentions` needs the contract's mention columns plus published_date and source;
    `previous_links` (incident_id, mention_id) is the link table of the last merge.
    """
    mentions = mentions.reset_index(drop=True)
    old_id = dict(zip(previous_links["mention_id"], previous_links["incident_id"], strict=True)) \
        if previous_links is not None and len(previous_links) else {}
    clusters = sorted(cluster_mentions(mentions), key=len, reverse=True)  # big clusters keep ids first
    taken: set[str] = set()
    rows, links = [], []
    for cluster in clusters:
        group = mentions.loc[cluster]
        votes = Counter(old_id[m] for m in group["mention_id"] if m in old_id and old_id[m] not in taken)
        if votes:
            incident_id = max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0]
        else:
            anchor = group.sort_values(["published_date", "mention_id"]).iloc[0]["mention_id"]
            incident_id = _new_id(anchor, taken)
        taken.add(incident_id)
        date_counts = Counter(group["incident_date"])
        incident_date = max(date_counts.items(), key=lambda kv: (kv[1], -kv[0].toordinal()))[0]
        weapons = {w for ws in group["weapons"] for w in (ws if ws is not None else [])}
        named = group["base_id"].dropna()
        row = {
            "incident_id": incident_id,
            "incident_date": incident_date,
            "base_id": named.mode().iloc[0] if len(named) else None,
            "country": group["country"].dropna().mode().iloc[0] if group["country"].notna().any() else None,
            "weapons": [w for w in WEAPON_ORDER if w in weapons],
            "damage": "damage" if (group["damage"] == "damage").any()
            else ("none" if (group["damage"] == "none").any() else None),
            "claimed_by": _reconcile(group["claimed_by"])[0],
            "n_mentions": len(group),
            "n_articles": group["article_id"].nunique(),
            "n_sources": group["source"].nunique(),
            "first_reported": group["published_date"].min(),
            "location_text": group["location_text"].dropna().iloc[0] if group["location_text"].notna().any() else None,
        }
        confirmed = ~group["claim_only"].fillna(False).astype(bool) if "claim_only" in group else None
        for figure in FIGURES:
            best, low, high = _reconcile(group[figure], confirmed)
            row[figure], row[f"{figure}_min"], row[f"{figure}_max"] = best, low, high
        if row["projectiles"] is not None and row["intercepted"] is not None \
                and row["intercepted"] > row["projectiles"]:
            # figures reconciled apart can cross; more shot down than launched cannot be
            row["intercepted"] = row["projectiles"] if row["intercepted_min"] <= row["projectiles"] else None
        rows.append(row)
        links.extend({"incident_id": incident_id, "mention_id": m} for m in group["mention_id"])
    columns = ["incident_id", "incident_date", "base_id", "country", "weapons", *FIGURES, "damage", "claimed_by",
               "n_mentions", "n_articles", "n_sources", "first_reported", "location_text",
               *[f"{f}_{b}" for f in FIGURES for b in ("min", "max")]]
    incidents = pd.DataFrame(rows, columns=columns).sort_values(["incident_date", "incident_id"])
    return incidents.reset_index(drop=True), pd.DataFrame(links, columns=["incident_id", "mention_id"])
