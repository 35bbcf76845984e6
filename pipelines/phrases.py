"""Phrase matching over normalized text, with Arabic clitics in front of a phrase.

Every lexicon entry is normalized once (textnorm.normalize) and compiled into one
alternation, longest first, so "صاروخ باليستي" wins over "صاروخ" and "Erbil airport"
over "Erbil". Regex alternation handles Arabic word boundaries itself; flashtext would
not, as it treats only ASCII as word characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from pipelines.config import LEXICON_DIR
from pipelines.textnorm import normalize

_CLITICS = r"(?:[وبلفك]{1,2}(?=[\u0600-\u06ff]))?"


@dataclass(frozen=True)
class Hit:
    label: str
    phrase: str
    start: int
    end: int


class PhraseSet:
    """Labelled phrases; `find` returns non-overlapping hits, longest phrase first."""

    def __init__(self, phrases: Mapping[str, Iterable[str]]) -> None:
        self._label: dict[str, str] = {}
        for label, items in phrases.items():
            for item in items:
                norm = normalize(str(item))
                if norm:
                    self._label.setdefault(norm, label)
        alternation = "|".join(re.escape(p) for p in sorted(self._label, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<!\w){_CLITICS}({alternation})(?!\w)") if self._label else None

    def find(self, norm: str) -> list[Hit]:
        if self._pattern is None:
            return []
        return [Hit(self._label[m.group(1)], m.group(1), m.start(), m.end()) for m in self._pattern.finditer(norm)]

    def search(self, norm: str) -> bool:
        return bool(self._pattern and self._pattern.search(norm))


def load_yaml(name: str, directory: Path = LEXICON_DIR) -> dict:
    return yaml.safe_load((directory / name).read_text(encoding="utf-8")) or {}


@cache
def cue_sets() -> dict[str, PhraseSet]:
    """One PhraseSet per cue list of cues.yaml (nested lists become labelled sets)."""
    sets: dict[str, PhraseSet] = {}
    for name, value in load_yaml("cues.yaml").items():
        sets[name] = PhraseSet(value if isinstance(value, dict) else {name: value})
    return sets


@cache
def weapon_set() -> PhraseSet:
    """Weapon phrases labelled 'weapon:number' (number: singular, dual, plural)."""
    labelled: dict[str, list[str]] = {}
    for weapon, forms in load_yaml("weapons.yaml").items():
        for number, items in forms.items():
            labelled[f"{weapon}:{number}"] = items
    return PhraseSet(labelled)


@cache
def place_set() -> PhraseSet:
    return PhraseSet(load_yaml("places.yaml"))


@cache
def claimant_set() -> PhraseSet:
    return PhraseSet(load_yaml("claimants.yaml"))
