"""The base registry: bases, aliases and troop presence, loaded from data/registry/.

`BaseMatcher` finds registry bases in normalized text. Arabic aliases match behind the
clitics و ب ل ف ك (and ال folded into لل, as in "للتنف"); English aliases match on word
boundaries. Longer aliases win, so "Erbil airport" is never read as a bare "Erbil".
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from pipelines.textnorm import normalize

BASE_COLUMNS = ["base_id", "name_en", "name_ar", "aliases", "country", "province",
                "latitude", "longitude", "hosts_us", "hosts_coalition", "hosting_from", "hosting_to"]
PRESENCE_COLUMNS = ["country", "as_of", "valid_to", "us_troops", "coalition_troops", "n_bases", "source"]


def load_bases(path: Path) -> pd.DataFrame:
    """The bases file as a DataFrame with the contract's columns (aliases a list)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rows = []
    for entry in doc.get("bases", []):
        row = {col: entry.get(col) for col in BASE_COLUMNS}
        row["aliases"] = [str(a) for a in (entry.get("aliases") or [])]
        rows.append(row)
    frame = pd.DataFrame(rows, columns=BASE_COLUMNS)
    # the period the base hosted US or coalition forces; empty ends are open
    for col in ("hosting_from", "hosting_to"):
        frame[col] = pd.to_datetime(frame[col]).dt.date.astype(object).where(frame[col].notna(), None)
    return frame


def load_troop_presence(path: Path) -> pd.DataFrame:
    """Troop presence rows, each valid from `as_of` until `valid_to` (open when empty)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    frame = pd.DataFrame(rows)
    frame = frame.rename(columns={"valid_from": "as_of"})
    for col in ("as_of", "valid_to"):
        frame[col] = pd.to_datetime(frame[col].replace("", None)).dt.date
    for col in ("us_troops", "coalition_troops", "n_bases"):
        frame[col] = pd.to_numeric(frame[col].replace("", None)).astype("Int64")
    return frame[PRESENCE_COLUMNS]


def presence_rows(frame: pd.DataFrame) -> list[tuple]:
    """(country, as_of, us_troops, coalition_troops, n_bases) with plain Python values."""
    def plain(value: object) -> object:
        return None if value is None or pd.isna(value) else (int(value) if hasattr(value, "__index__") else value)
    return [tuple(plain(v) for v in row)
            for row in frame[["country", "as_of", "us_troops", "coalition_troops", "n_bases"]].itertuples(index=False)]


def file_version(path: Path) -> str:
    """A short hash of a registry file: its assets' code_version, so an edit marks them stale."""
    return hashlib.sha1(path.read_bytes()).hexdigest()[:12] if path.exists() else "missing"


def registry_problems(bases: pd.DataFrame) -> list[str]:
    """What is wrong with a registry, one line per bad row: duplicate ids, missing
    coordinates or country, aliases that two bases claim."""
    problems: list[str] = []
    for base_id, count in bases["base_id"].value_counts().items():
        if count > 1:
            problems.append(f"base_id {base_id!r} appears {count} times")
    for row in bases.itertuples():
        for col in ("latitude", "longitude", "country"):
            value = getattr(row, col)
            if value is None or (isinstance(value, float) and pd.isna(value)):
                problems.append(f"base {row.base_id!r} has no {col}")
    owners: dict[str, set[str]] = {}
    for row in bases.itertuples():
        for alias in [row.name_en, row.name_ar, *row.aliases]:
            if alias:
                owners.setdefault(normalize(str(alias)), set()).add(row.base_id)
    for alias, ids in sorted(owners.items()):
        if len(ids) > 1:
            problems.append(f"alias {alias!r} is claimed by {sorted(ids)}")
    return problems


@dataclass(frozen=True)
class BaseHit:
    base_id: str
    country: str
    start: int
    end: int
    text: str


@dataclass
class BaseMatcher:
    """Finds registry bases in normalized text."""

    bases: pd.DataFrame
    _pattern: re.Pattern[str] = field(init=False)
    _alias_to_base: dict[str, str] = field(init=False)
    _country: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self._alias_to_base = {}
        self._country = dict(zip(self.bases["base_id"], self.bases["country"], strict=True))
        for row in self.bases.itertuples():
            for alias in [row.name_en, row.name_ar, *row.aliases]:
                if alias:
                    self._alias_to_base[normalize(str(alias))] = row.base_id
        variants: dict[str, str] = {}
        for alias, base_id in self._alias_to_base.items():
            variants[alias] = base_id
            if alias.startswith("ال"):
                variants["ل" + alias[1:]] = base_id  # ل + التنف is written للتنف
        self._variant_to_base = variants
        alternation = "|".join(re.escape(a) for a in sorted(variants, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<!\w)(?:[وبلفك]{{1,2}}(?=[\u0600-\u06ff]))?({alternation})(?!\w)")

    def find(self, norm: str) -> list[BaseHit]:
        hits = []
        for m in self._pattern.finditer(norm):
            base_id = self._variant_to_base[m.group(1)]
            hits.append(BaseHit(base_id, self._country[base_id], m.start(), m.end(), m.group(0)))
        return hits

    def country_of(self, base_id: str) -> str:
        return self._country[base_id]
