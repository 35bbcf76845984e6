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


def _missing(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, float) and pd.isna(value))


def registry_problems(bases: pd.DataFrame) -> list[str]:
    """What is wrong with a registry, one line per bad row, naming the base and its entry
    number in the file (1 = first): duplicate or missing ids, missing coordinates or
    country, aliases that two bases claim."""
    problems: list[str] = []
    entries: dict[str, list[int]] = {}
    for n, base_id in enumerate(bases["base_id"], start=1):
        if _missing(base_id):
            problems.append(f"entry #{n} has no base_id")
        else:
            entries.setdefault(str(base_id), []).append(n)
    for base_id, where in entries.items():
        if len(where) > 1:
            problems.append(f"base_id {base_id!r} appears {len(where)} times (entries "
                            + ", ".join(f"#{n}" for n in where) + ")")
    for n, row in enumerate(bases.itertuples(), start=1):
        for col in ("latitude", "longitude", "country"):
            if _missing(getattr(row, col)):
                problems.append(f"base {row.base_id!r} has no {col} (entry #{n})")
    owners: dict[str, set[str]] = {}
    for row in bases.itertuples():
        for alias in [row.name_en, row.name_ar, *(row.aliases if isinstance(row.aliases, list) else [])]:
            if not _missing(alias) and not _missing(row.base_id):
                owners.setdefault(normalize(str(alias)), set()).add(str(row.base_id))
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

    @property
    def spellings(self) -> dict[str, str]:
        """Every normalized spelling find() matches (each may also carry one or two Arabic
        clitic letters in front: و ب ل ف ك), with its base id; for scanners that look for
        bases together with other phrases in one pass."""
        return dict(self._variant_to_base)

    def find(self, norm: str) -> list[BaseHit]:
        hits = []
        for m in self._pattern.finditer(norm):
            base_id = self._variant_to_base[m.group(1)]
            hits.append(BaseHit(base_id, self._country[base_id], m.start(), m.end(), m.group(0)))
        return hits

    def country_of(self, base_id: str) -> str:
        return self._country[base_id]
