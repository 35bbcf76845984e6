"""Phrase matching over normalized text, with Arabic clitics in front of a phrase.

Every lexicon entry is normalized once (textnorm.normalize) and compiled into one
alternation, longest first, so "صاروخ باليستي" wins over "صاروخ" and "Erbil airport"
over "Erbil". Regex alternation handles Arabic word boundaries itself; flashtext would
not, as it treats only ASCII as word characters. The alternation is written as a trie
(`trie_alternation`), which matches exactly what the flat longest-first alternation
matches, several times faster.

`PhraseScanner` runs many phrase sets over one text in a single pass: one union scan finds
the places where any phrase may start, and each set's own pattern is tried only there,
only for the sets that have a phrase beginning with the word found at that place. The hits
are exactly those of running every set's `find` on its own (tests/test_extract.py checks).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import NamedTuple

import yaml

from pipelines.config import LEXICON_DIR
from pipelines.textnorm import normalize

_CLITIC_CHARS = "وبلفك"
CLITICS = _CLITICS = rf"(?:[{_CLITIC_CHARS}]{{1,2}}(?=[\u0600-\u06ff]))?"
_WORD_RUN = re.compile(r"\w+")
_FIRST_RUN = re.compile(r"^\w+")


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff"


# Branches of a trie node start with different characters, so at most one can match and
# their order changes nothing but speed: the regex engine tries them in turn, so common
# letters (Arabic and English, interleaved by frequency in news text) go first.
_COMMON_FIRST = "اeلtيaمoوiنnهsرhتrعdدlسuفcكmقwحfجyشpطbصgزvخkضxثjذqغzظء0123456789"
_RANK = {ch: i for i, ch in enumerate(_COMMON_FIRST)}


def trie_alternation(phrases: Iterable[str]) -> str:
    """A regex matching the same strings as the alternation of `phrases` sorted longest first:
    at every node the longer continuation is tried before the phrase ending there, so the
    longest phrase that the rest of the pattern accepts wins, as in the flat alternation."""
    root: dict = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = []
        for ch in sorted((k for k in node if k), key=lambda c: (_RANK.get(c, len(_RANK)), c)):
            child, text = node[ch], re.escape(ch)
            while "" not in child and len(child) == 1:
                (nxt,) = child
                text += re.escape(nxt)
                child = child[nxt]
            branches.append(text + build(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def whole_words(words: Iterable[str]) -> str:
    """A regex for any of `words` with no word character before it, as "(?<!\\w)(?:w1|w2|...)",
    written literal-first: each word is followed by a look-behind as long as the word and one
    character more. A pattern that begins with literals lets the regex engine skip ahead to
    where one may start; one that begins with a look-behind is tried at every position, two to
    three times slower over a sentence. Put "(?!\\w)" after it for the word's end."""
    return "(?:" + "|".join(rf"{re.escape(word)}(?<!\w.{{{len(word)}}})" for word in words) + ")"


class Hit(NamedTuple):
    """A phrase found: its label, the phrase, and where the match (clitics included) lies.
    A named tuple, not a frozen dataclass: articles make many, and tuples are made fast."""

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
        self._compile()

    def _compile(self) -> None:
        self._pattern = re.compile(rf"(?<!\w){_CLITICS}({trie_alternation(self._label)})(?!\w)") \
            if self._label else None
        # the phrases alone, no word bounds nor clitics: a pattern that begins with a literal, so
        # the regex engine skips ahead to where one may start (twice as fast as _pattern); a text
        # it finds nothing in holds no phrase, and `search` asks it first (see there)
        self._anywhere = re.compile(trie_alternation(self._label)) if self._label else None

    @property
    def phrases(self) -> list[str]:
        return list(self._label)

    def find(self, norm: str) -> list[Hit]:
        if self._pattern is None:
            return []
        return [Hit(self._label[m.group(1)], m.group(1), m.start(), m.end()) for m in self._pattern.finditer(norm)]

    def search(self, norm: str) -> bool:
        if self._pattern is None or self._anywhere is None:
            return False
        first = self._anywhere.search(norm)
        if first is None:
            return False
        # every match holds a phrase, so none starts before the first phrase found anywhere, less
        # the two clitic letters it may have in front (the look-behind still sees the text before)
        return self._pattern.search(norm, max(0, first.start() - 2)) is not None


class PhraseScanner:
    """Several named PhraseSets run over one text at once (see the module docstring).

    `scan(text)` returns, per name, exactly what `PhraseSet.find(text)` returns;
    `scan_sentences(norms)` does so for each of several texts, in one pass over all."""

    def __init__(self, sets: Mapping[str, PhraseSet]) -> None:
        self.names = list(sets)
        self._sets = [sets[n] for n in self.names]
        self._patterns = [s._pattern for s in self._sets]
        self._labels = [s._label for s in self._sets]
        self._by_first_run: dict[str, list[int]] = {}
        self._always: tuple[int, ...] = ()  # sets with a phrase that starts with no word character
        self._memo: dict[str, tuple[int, ...]] = {}
        everything: set[str] = set()
        for k, phrase_set in enumerate(self._sets):
            for phrase in phrase_set.phrases:
                everything.add(phrase)
                run = _FIRST_RUN.match(phrase)
                if run is None:
                    if k not in self._always:
                        self._always += (k,)
                    continue
                owners = self._by_first_run.setdefault(run.group(0), [])
                if k not in owners:
                    owners.append(k)
        self._owners: dict[str, frozenset[int]] = {
            phrase: frozenset(k for k, phrase_set in enumerate(self._sets) if phrase in phrase_set._label)
            for phrase in everything}
        # Every place where some phrase of some set starts: at the text's start, or after a
        # non-word character (a class the regex engine skips ahead to); captured are the
        # clitics and the longest phrase of any set there (as each set's own pattern would
        # read them, when the phrase is the set's), and the word there.
        union = trie_alternation(everything)
        self._at_start = re.compile(rf"(?=({_CLITICS})({union})(?!\w))(\w*)") if everything else None
        self._starts = re.compile(rf"\W(?=({_CLITICS})({union})(?!\w))(?=(\w*))") if everything else None

    def _candidates(self, word: str) -> tuple[int, ...]:
        """The sets that may have a phrase starting at a word (after its clitics, if any)."""
        cached = self._memo.get(word)
        if cached is not None:
            return cached
        found = set(self._always)
        found.update(self._by_first_run.get(word, ()))
        # the phrase may start after one or two clitics (و ب ل ف ك before an Arabic letter)
        for c in (1, 2):
            if len(word) > c and word[c - 1] in _CLITIC_CHARS and _is_arabic(word[c]):
                found.update(self._by_first_run.get(word[c:], ()))
            else:
                break
        result = tuple(sorted(found))
        if len(self._memo) < 100_000:
            self._memo[word] = result
        return result

    def scan(self, text: str) -> dict[str, list[Hit]]:
        found = self.scan_sentences([text])[0]
        return {name: found.get(name, []) for name in self.names}

    def scan_sentences(self, norms: list[str]) -> list[dict[str, list[Hit]]]:
        """Per text, {set name: hits} for the sets with hits, positions within that text.
        The texts are scanned joined by newlines: no phrase holds one, and a newline bounds
        words as a text's ends do, so the hits are those of scanning each text alone.

        Where the union scan's longest phrase belongs to a set, that is the set's own match
        there too (the set's pattern tries the same clitics in the same order and finds no
        longer phrase of its own), so only the other candidate sets are asked."""
        # a leading newline lets the one pattern find a phrase at the first text's start too
        text = "\n" + "\n".join(norms)
        ends, pos = [], 0
        for norm in norms:
            pos += len(norm) + 1
            ends.append(pos)  # where each text's newline (or the end) is
        out: list[dict[str, list[Hit]]] = [{} for _ in norms]
        if self._starts is None or self._at_start is None or not norms:
            return out
        resume = [0] * len(self._sets)
        patterns, labels, names, owners_of = self._patterns, self._labels, self.names, self._owners
        memo, candidates, always, new_hit = self._memo, self._candidates, self._always, _new_hit
        i, offset = 0, 1
        for m in self._starts.finditer(text):
            clitics, phrase, word = m.groups()
            p = m.start() + 1  # the match is the non-word character before the phrase
            while p > ends[i]:
                offset = ends[i] + 1
                i += 1
            owners = owners_of[phrase]
            end = p + len(clitics) + len(phrase)
            for k in (memo.get(word) or candidates(word)) if word else always:
                if p < resume[k]:
                    continue  # inside the set's previous hit: finditer would not look here
                if k in owners:
                    out[i].setdefault(names[k], []).append(
                        new_hit(Hit, (labels[k][phrase], phrase, p - offset, end - offset)))
                    resume[k] = end
                    continue
                m = patterns[k].match(text, p)
                if m is not None:
                    found = m.group(1)
                    out[i].setdefault(names[k], []).append(
                        new_hit(Hit, (labels[k][found], found, m.start() - offset, m.end() - offset)))
                    resume[k] = m.end()
        return out


_new_hit = tuple.__new__  # Hit(...) without the named tuple's Python-level constructor


def normalized_phrase_set(phrases: Mapping[str, str]) -> PhraseSet:
    """A PhraseSet over phrases already normalized (phrase -> label), kept as given."""
    out = PhraseSet({})
    out._label = dict(phrases)
    out._compile()
    return out


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
