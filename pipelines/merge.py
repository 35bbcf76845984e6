"""Merging mentions of the same real-world incident across articles and outlets.

Rule (docs/merging.md): mentions at the same registry base whose dates lie within
MERGE_WINDOW_DAYS of each other are one incident; mentions with no known base merge with
others of the same country and day, and join a named-base incident of that country when
it is the only one within the window. Figures are reconciled by the most-reported value
(ties: the larger), with min and max kept beside them. Sorting per place keeps the merge
O(n log n): no mention is compared with every other.

incident_id is stable: a cluster keeps the id its mentions had before, so an incident
keeps its id when later reports arrive or the pipeline reruns.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

import pandas as pd

MERGE_WINDOW_DAYS = 1
FIGURES = ["projectiles", "intercepted", "killed", "wounded"]
WEAPON_ORDER = ["drone", "rocket", "missile", "mortar", "ied"]


def _clusters_for_place(group: pd.DataFrame) -> list[list[int]]:
    """Split one place's mentions into runs of dates no more than the window apart."""
    clusters: list[list[int]] = []
    anchor = None
    for idx, date in group["incident_date"].sort_values(kind="stable").items():
        if anchor is not None and (date - anchor).days <= MERGE_WINDOW_DAYS:
            clusters[-1].append(idx)
        else:
            clusters.append([idx])
            anchor = date
    return clusters


def cluster_mentions(mentions: pd.DataFrame) -> list[list[int]]:
    """Groups of mention row labels, one group per incident."""
    news = mentions[~mentions["is_background"] & mentions["incident_date"].notna()]
    named = news[news["base_id"].notna()]
    clusters: list[list[int]] = []
    for _, group in named.groupby("base_id", sort=True):
        clusters.extend(_clusters_for_place(group))
    by_country_day: dict[tuple, list[list[int]]] = {}
    for cluster in clusters:
        row = mentions.loc[cluster[0]]
        by_country_day.setdefault(row["country"], []).append(cluster)
    unnamed = news[news["base_id"].isna()]
    for (country, _day), group in unnamed.groupby([unnamed["country"].fillna(""), "incident_date"], sort=True):
        candidates = [c for c in by_country_day.get(country or None, [])
                      if any(abs((mentions.loc[i, "incident_date"] - _day).days) <= MERGE_WINDOW_DAYS for i in c)]
        if len(candidates) == 1:
            candidates[0].extend(group.index)
        else:
            clusters.append(list(group.index))
    return clusters


def _reconcile(values: Iterable) -> tuple[object, object, object]:
    present = [v for v in values if v is not None and not pd.isna(v)]
    if not present:
        return None, None, None
    counts = Counter(present)
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
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
        for figure in FIGURES:
            best, low, high = _reconcile(group[figure])
            row[figure], row[f"{figure}_min"], row[f"{figure}_max"] = best, low, high
        rows.append(row)
        links.extend({"incident_id": incident_id, "mention_id": m} for m in group["mention_id"])
    columns = ["incident_id", "incident_date", "base_id", "country", "weapons", *FIGURES, "damage", "claimed_by",
               "n_mentions", "n_articles", "n_sources", "first_reported", "location_text",
               *[f"{f}_{b}" for f in FIGURES for b in ("min", "max")]]
    incidents = pd.DataFrame(rows, columns=columns).sort_values(["incident_date", "incident_id"])
    return incidents.reset_index(drop=True), pd.DataFrame(links, columns=["incident_id", "mention_id"])
