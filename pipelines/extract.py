"""Incident extraction: from an article's text to the incidents it reports.

Three layers (docs/extraction.md):
1. Normalization (textnorm) and sentence splitting.
2. Recognizers, one per fact, each reading one normalized sentence: bases (registry),
   base-like places, countries, weapons with counts, dates, interceptions, casualties,
   damage, claims and recap cues. `read_sentence` runs them all into SentenceFacts.
3. A resolver (`resolve`) that walks the sentences in order, opens an incident where a
   sentence puts an attack at a place, attaches following fact sentences to the incident
   under discussion, marks recaps as background and merges a "base in western Iraq"
   into the named base the article reports on the same day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, pairwise, repeat
from operator import add

from pipelines.dates import (
    EARLIEST,
    EN_WEEKDAY_WORDS,
    MONTH_WORDS,
    WEEKDAY_WORDS,
    DateRef,
    find_dates,
    find_months,
    holds_any,
)
from pipelines.numbers import VAGUE, parse_number, word_value
from pipelines.phrases import (
    CLITICS,
    Hit,
    PhraseScanner,
    PhraseSet,
    claimant_set,
    cue_sets,
    load_yaml,
    normalized_phrase_set,
    place_set,
    trie_alternation,
    weapon_set,
    whole_words,
)
from pipelines.registry import BaseHit, BaseMatcher
from pipelines.textnorm import normalize, normalize_many, split_sentences

# A report names the day of an attack; recaps name days further back than this.
REPORTING_LAG_DAYS = 3
# How late a disclosure may come and still be the news of a report that tells of nothing newer.
DISCLOSURE_DAYS = 7
# No attack on a base in this war launched more than a few dozen projectiles; a larger
# "count" is a year, a unit number or a tally of attacks, not a salvo.
MAX_PROJECTILES = 60
# Beyond this a casualty figure is no toll of one attack on a base ("Flight 752", a war's dead).
MAX_CASUALTIES = 200
ALL = -2  # "all of them": as many as were launched
ALL_BUT = -1000  # ALL_BUT - n: "all but n of them"
WEAPON_ORDER = ["drone", "rocket", "missile", "mortar", "ied"]
_ORDINAL_ONE = {normalize(w) for w in (
    "الأولى", "الاول", "الأول", "إحداها", "احداهما", "إحداهما", "احدها", "واحدة منها", "first", "one")}
_BOTH = {normalize(w) for w in ("كلتا", "كلا", "كلتيهما", "كليهما", "both")}
_ALL = {normalize(w) for w in ("جميع", "جميعها", "جميعا", "كلها", "كل", "كافة", "all")}
_EXCEPT = {normalize(w) for w in ("but", "except", "عدا", "باستثناء", "سوى")}
_EN_ARTICLE = {"a", "an", "single", "lone", "another"}
# "أحد الصواريخ", "إحدى المسيرات": one of them, no count of the salvo.
_ONE_OF = frozenset(normalize(w) for w in ("أحد", "إحدى", "احد", "احدى", "واحد", "واحدة"))
# An outcome asked about, not reported: "not clear whether it was shot down", "لم يتضح ما إذا".
_OPEN_QUESTION = frozenset(normalize(w) for w in ("whether", "if", "هل", "إذا", "اذا"))
# Between a count and its outcome verb: "two were shot down", "three had been intercepted".
_AUXILIARIES = frozenset(("were", "was", "been", "had", "have", "being"))
# A share, not a count: "most of the missiles were intercepted", "اعترضت الدفاعات معظمها".
_SHARE = {normalize(w) for w in ("most", "majority", "some", "معظم", "معظمها", "اغلب", "اغلبها", "بعض", "بعضها")}
# Negation before an outcome word within a few words: "لم يوقعا أي إصابات", "neither attack causing casualties".
_NEGATORS = {normalize(w) for w in (
    "لم", "ولم", "فلم", "لا", "ولا", "فلا", "دون", "بدون", "ودون", "من دون", "عدم", "وعدم",
    "without", "no", "not", "neither", "nor", "never", "none",
    "didn", "doesn", "wasn", "weren", "hadn", "couldn", "don")}  # "didn't": "didn t"
_NEGATION_REACH = 3
_NEGATION_SCOPE = 12  # words a negated outcome verb reaches ("لم تسفر أي منها عن إصابات")
# A relative clause about an earlier attack: its day is not the sentence's ("Al-Asad, which
# was hit by the barrage on Saturday"; "عين الأسد التي تعرضت السبت لهجوم").
_SINCE_WORDS = ("since", "منذ")
_DAY_EARLIER = frozenset(("a day earlier", "the day before", "a day before"))
_EN_WEEKDAY_WORD = re.compile(rf"(?<!\w)(?:{'|'.join(EN_WEEKDAY_WORDS)})(?!\w)")
# (with "the latest": "في أحدث حلقة من سلسلة عمليات تتبناها منذ منتصف تشرين الأول", the series' frame)
_SUPERLATIVE = re.compile(r"(?<!\w)(?:the first|deadliest|most serious|worst|largest|biggest|the latest"
                          r"|اول|اعنف|اخطر|اكبر|الاوسع|الاعنف|الاخطر|الاكبر|الاول|احدث|الاحدث)(?!\w)")
_SINCE_AN_ATTACK = re.compile(r"[^.]{0,40}?(?:\d|(?<!\w)(?:when|حين|عندما|حينما)(?!\w))")
_SINCE_BOUND = re.compile(rf"{whole_words(('since', 'منذ'))}(?:\s+[^\s,،]+){{0,6}}\s+$")
_DATELINE = re.compile(r"^[^\W\d][\w /.]*,(?:\s*[^\W\d][\w ]*,)?\s*$")
# Arabic pluperfect, "كانت مصادر أمنية قد أفادت": what had happened before this report.
_PLUPERFECT = re.compile(r"(?<!\w)(?<!بعد ان )(?<!بعدما )(?:[وف]|اذ |حيث |فيما )?كان(?:ت)?\s+(?:\S+\s+){0,5}?قد\s")
# "Nov. 24 (UPI) --": a dateline with the outlet's tag and no city
_OUTLET_TAG = re.compile(r"\s*\(\w+\)")
# "أربيل (كوردستان 24)-", "ERBIL (Rudaw) -": a city dateline with the outlet's tag, opening the text
_CITY_TAG = re.compile(r"[^\W\d][\w ]{0,30}\s*\([^()]{1,30}\)\s*[-–—:]?\s")
_CITY_TAG_REACH = 32
_RECAP_CLAUSE_WORDS = ("that", "which", "التي", "الذي")
_QUOTED_TODAY = re.compile(r'["«“]\s*([^"«»“”\s]+(?:\s+[^"«»“”\s]+)?)\s+اليوم\s*["»”]')
_CORRECTIONS = "|".join(normalize(w) for w in ("يؤكد", "تؤكد", "يعلن", "تعلن", "يوضح", "توضح", "يعود", "تعود",
                                               "يرفع", "ترفع"))
_CORRECTED_LATER = re.compile(
    rf"(?<!\w)قبل ان (?:{_CORRECTIONS})(?!\w)"
    r"|\bbefore (?:\S+ ){0,3}?(?:confirmed|corrected|revised|raised|put)\b")
_AFTER_MONTHS_OF = re.compile(r"(?:[وف]|و?ف?)?بعد (?:\S+ )?(?:اشهر|اسابيع|سنوات|شهور)(?: \S+)? من(?!\w)"
                              r"|after (?:\S+ )?(?:months|weeks|years) of(?!\w)")
_AR_AFTER_SPAN = re.compile(
    r"(?<!\w)(?:بعد\s+(?:اقل من\s+|اكثر من\s+|نحو\s+|قرابه\s+|حوالي\s+)?(?:\S+\s+)?"
    r"(?:يوم|يومين|ايام|ساعات|ساعه|ساعتين|اسبوع|اسبوعين|اسابيع|ليله|ليلتين)\s+(?:علي|من)|غداه)(?!\w)")
_SINCE = re.compile(r"(?<!\w)(?:since|منذ)(?:\s+\S+)?\s*$")
# (whole_words: the pattern begins with literals, so the regex engine skips ahead to one)
_RECAP_CLAUSE = re.compile(
    rf"{whole_words(('that', 'which'))}\s+(?:was|were|had\s+been|has\s+been|had)\s+(?:\w+\s+){{0,2}}?"
    r"(?:hit|attacked|targeted|struck|shelled)\b"
    rf"|{whole_words(('التي', 'الذي'))}\s+(?:كانت\s+|كان\s+)?(?:قد\s+)?(?:تعرضت|تعرض|استهدفت|استهدف|شهدت|ضربت)(?!\w)")
# "the attack that targeted ... at dawn on Sunday", "الهجوم الذي استهدف فجر الأحد": a relative
# clause on the attack itself, not on a place hit before; its day is the attack's
_CLAUSE_ON_THE_ATTACK = frozenset(normalize(w) for w in (
    "الهجوم", "الهجمات", "الضربة", "الضربات", "القصف", "الاستهداف", "المسيرة", "attack", "attacks", "strike", "strikes",
    "barrage", "drone", "drones", "rocket", "rockets", "missile", "missiles"))
# Words that may stand between the attack and its clause: "الهجوم الإرهابي بطائرة مسيّرة الذي استهدف".
_ATTACK_NOUN_PHRASE = frozenset(normalize(w) for w in (
    "الإرهابي", "الأخير", "الجديد", "الدامي", "الصاروخي", "الجوي", "بطائرة", "بطائرات", "مسيرة", "مسيرات",
    "بمسيرة", "بمسيرات", "بالطائرة", "بالطائرات", "المسيرة", "المسيرات", "مفخخة", "انتحارية", "بصواريخ",
    "بالصواريخ", "بصاروخ", "الصاروخية"))


def _recap_clause(norm: str) -> re.Match[str] | None:
    for clause in _RECAP_CLAUSE.finditer(norm):
        before = norm[max(0, clause.start() - 60):clause.start()].split()
        on_the_attack = False
        for word in reversed(before[-5:]):
            if word in _CLAUSE_ON_THE_ATTACK:
                on_the_attack = True
                break
            if word not in _ATTACK_NOUN_PHRASE:
                break
        if not on_the_attack:
            return clause
    return None


_ATTACK_NOUN_AFTER = {"attack", "attacks", "strike", "strikes", "threat", "threats", "warfare", "program", "programme"}
_COUNT_MODIFIERS = {normalize(w) for w in (
    "armed", "explosive", "laden", "explosive laden", "attack", "suicide", "katyusha", "grad", "unmanned", "small",
    "second", "third", "fourth", "fifth",
    "more", "additional", "other", "hostile", "enemy", "short", "range", "close", "at", "least", "about", "around",
    "some", "nearly", "approximately", "roughly", "over", "than", "up", "to", "مسيرة", "انتحارية", "مفخخة", "نوع",
    "من", "على", "الأقل", "نحو", "حوالي", "قرابة", "أكثر", "ما", "لا", "يقل", "عن", "بنحو", "بحوالي",
)}


# What a sentence says of a group in passing, between commas after its name ("The Islamic
# Resistance in Iraq, the banner under which factions have claimed their attacks since October,
# said it had fired the salvo") or after its claim ("claimed the attack, as it has most of the
# others since October 17"): its track record, not this claim's.
_ASIDE_AFTER_CLAIM = re.compile(r"[,،]\s+(?:as it (?:has|had|did)|as they (?:have|had|did)|كما (?:فعلت|تبنت))(?!\w)")
_ASIDE_REACH = 160
# a noun phrase set off after a name ("the Islamic Resistance in Iraq, a loose alliance of ...,"), not
# the object that follows an Arabic subject ("تبنت المقاومة الإسلامية، عشرات الهجمات")
_APPOSITIVE = re.compile(r"[,،]\s+(?:a|an|the|which|وهي|وهو|التي|الذي|احد|احدي)\s")
_RESPONSE_CUES = frozenset(normalize(w) for w in (
    "in response to", "a response to", "were a response to", "ردا على", "رداً على", "الرد على"))
_MOTIVE_AFTER = re.compile(r"\s+(?:\S+\s+){0,5}?(?:israel|israeli|israel s|gaza|war|support|crimes|aggression"
                           r"|the killing|غزه|اسرائيل|الاحتلال|العدوان|المجازر|جرائم|دعم|الصهيوني|الحرب)(?!\w)")
_ASIDE_BLIND = frozenset(("generic_claim", "claim_of_most"))


def _next_comma(norm: str, start: int) -> int | None:
    """Where the next comma (Latin or Arabic) at or after `start` stands, if any."""
    return min((i for i in (norm.find(",", start), norm.find("،", start)) if i > 0), default=None)


def _asides(norm: str, claimants: list) -> list[tuple[int, int]]:
    spans = []
    for hit in claimants[:1]:
        if _APPOSITIVE.match(norm, hit.end):
            end = _next_comma(norm, hit.end + 1)
            if end is not None and 0 < end - hit.end <= _ASIDE_REACH:
                spans.append((hit.end, end))
    if "as " in norm or "كما" in norm:
        for m in _ASIDE_AFTER_CLAIM.finditer(norm):
            end = _next_comma(norm, m.end())
            spans.append((m.start(), len(norm) if end is None else end))
    return spans


@dataclass
class SentenceFacts:
    """What the recognizers found in one sentence."""

    index: int
    text: str
    norm: str
    bases: list = field(default_factory=list)          # registry.BaseHit
    generic_place: str | None = None                   # "a base in western Iraq", normalized
    countries: list[str] = field(default_factory=list)
    attack: bool = False
    weapons: dict[str, int | None] = field(default_factory=dict)   # weapon -> count (None: unknown)
    weak_counts: dict[str, int] = field(default_factory=dict)     # counts implied by a singular noun
    vague: set[str] = field(default_factory=set)                   # weapons counted vaguely ("several rockets")
    bare: set[str] = field(default_factory=set)                    # a plural with no count ("targeted with drones")
    downed: set[str] = field(default_factory=set)                  # counted only as shot down ("downed two drones")
    total: int | None = None      # projectiles of every kind together ("17 projectiles", "17 صاروخا بين ...")
    dates: list[DateRef] | None = field(default_factory=list)  # None: not read yet (see date_refs)
    intercepted: int | None = None
    killed: int | None = None
    wounded: int | None = None
    no_casualties: bool = False
    casualty_groups: set[str] = field(default_factory=set)
    damage: str | None = None
    claimant: str | None = None
    claim: bool = False
    named_group: str | None = None  # a claimant the sentence names, claiming or not
    confirm: bool = False
    background: bool = False
    response: bool = False        # the US response ("retaliatory strikes", "غارات أمريكية"), not the attack
    same_day: bool = False        # "the same day", "اليوم ذاته": the day of the incident just discussed
    revised: bool = False         # a toll revised ("raised the figure to 34", "ليرتفع عدد المصابين إلى خمسة")
    hits: dict = field(default_factory=dict, repr=False)  # phrase hits by set, for clause views
    several: bool = False         # a claim of several attacks at once ("الهجمات الثلاثة")
    asked: bool = False           # its weapons are only in a question ("whether the drones hit their targets")
    cues_read: dict = field(default_factory=dict, repr=False)  # cues read when the resolver asks (cue())
    asides: list[tuple[int, int]] = field(default_factory=list, repr=False)  # what is said of a group in passing
    none_of_group: bool = False   # its "no casualties" is of US troops only ("No American troops were hurt")
    landmarks: set[str] = field(default_factory=set)  # bases named only to locate another ("Harir near Erbil airport")
    days: dict = field(default_factory=dict, repr=False)  # best_date's answers, by question

    published: dt.date | None = field(default=None, repr=False)  # for reading dates when first asked

    def cue(self, name: str) -> bool:
        """Whether the sentence holds a phrase of cues.yaml's `name`, read when first asked. For
        cues the resolver needs on few sentences: "the base" (coref_base), "the attack"
        (the_attack), reported speech (said)."""
        found = self.cues_read.get(name)
        if found is None:
            norm = self.masked_norm() if name in _ASIDE_BLIND else self.norm
            found = self.cues_read[name] = cue_sets()[name].search(norm)
        return found

    def masked_norm(self) -> str:
        """The normalized sentence with what it says of a group in passing blanked out ("the
        banner under which factions have claimed their attacks since October")."""
        norm = self.norm
        for start, end in self.asides:
            norm = norm[:start] + " " * (end - start) + norm[end:]
        return norm

    def date_refs(self) -> list[DateRef]:
        """The sentence's dates, read when first asked: most sentences' dates are never needed."""
        if self.dates is None:
            refs = find_dates(self.norm, self.published) if self.published is not None else []
            norm = self.norm
            clause = _recap_clause(norm) if refs and holds_any(norm, _RECAP_CLAUSE_WORDS) else None
            if clause is not None:
                refs = [r for r in refs if r.start < clause.start()]
            # 'لـ"العراق اليوم"', '«روسيا اليوم»': "today" inside a quoted name (an outlet's), no day
            if refs and "اليوم" in self.text and (names := _QUOTED_TODAY.findall(self.text)):
                ends = tuple(normalize(name) + " " for name in names)
                refs = [r for r in refs if not (r.text == "اليوم" and norm.endswith(ends, 0, r.start))]
            # "WASHINGTON/BAGHDAD, Nov 21 (Reuters) -", "ERBIL, Kurdistan Region, Dec. 25, 2023 -":
            # a wire dateline is the day of the report
            if refs and refs[0].kind == "explicit" and refs[0].start < 60 and refs[0].date == self.published \
                    and (_DATELINE.match(norm[:refs[0].start])
                         or (refs[0].start == 0 and _OUTLET_TAG.match(norm, len(refs[0].text)))):
                refs = refs[1:]
            # "since October 17", "منذ منتصف أكتوبر": where a count starts, never the day of the event
            if refs and holds_any(norm, _SINCE_WORDS):
                # ... unless a "when" clause tells what happened then ("since 2020, when Iran fired")
                refs = [r for r in refs if not _SINCE.search(norm, max(0, r.start - 24), r.start)
                        or _WHEN_AFTER.match(norm, r.start + len(r.text))]
            # "استهداف قاعدة ... حقل العمر، وذلك بعد أقل من يومين على الضربات الأمريكية ليل الجمعة -
            # السبت": the day of the earlier event the clause goes back to, up to its comma, not of
            # the attack on the base named before it (one named within is that earlier attack's day)
            if refs and self.bases and ("بعد" in norm or "غداه" in norm):
                for after in _AR_AFTER_SPAN.finditer(norm):
                    end = _next_comma(norm, after.end()) or len(norm)
                    if any(b.start < after.start() for b in self.bases) \
                            and not any(after.end() <= b.start < end for b in self.bases):
                        refs = [r for r in refs if not after.end() <= r.start < end]
            self.dates = refs
        return self.dates

    @property
    def has_facts(self) -> bool:
        return bool(self.weapons or self.total is not None or self.intercepted is not None or self.killed is not None
                    or self.wounded is not None or self.no_casualties or self.damage or self.claimant)

    def best_date(self, published: dt.date | None = None, reporting: bool = True,
                  earliest: bool = False) -> dt.date | None:
        """The day this sentence gives its facts. Explicit dates beat weekday names, which
        beat 'yesterday' and 'overnight'; the day a source spoke ("said on Tuesday", "أعلنت،
        الثلاثاء، أن") gives way to any other date in the sentence; and an explicit date
        equal to the publication day beside a weekday is the dateline ("AMMAN, Oct 24 - ...
        late Monday"), so the weekday wins. With reporting=False the day a source spoke is no
        day of the facts at all; with earliest=True (a recap) the earliest day wins: "Saturday's
        incident is the latest in a series that began on Wednesday, when drones targeted ..."."""
        question = (published, reporting, earliest)
        if question not in self.days:
            self.days[question] = self._best_date(published, reporting, earliest)
        return self.days[question]

    def _best_date(self, published: dt.date | None, reporting: bool, earliest: bool) -> dt.date | None:
        dated = [r for r in self.date_refs() if r.date is not None]
        if any(not r.reporting for r in dated) or not reporting:
            dated = [r for r in dated if not r.reporting]
        # "hit a post early Sunday, the first deaths since the war began on 7 October": the day
        # after "since" bounds a tally, it is not an attack told
        told = [r for r in dated if not _SINCE_BOUND.search(self.norm, max(0, r.start - 60), r.start)]
        if told and len(told) < len(dated):
            dated = told
        if earliest and dated:
            return min(r.date for r in dated)
        if published is not None and any(r.kind != "explicit" for r in dated):
            dated = [r for r in dated if not (r.kind == "explicit" and r.date == published)]
        for kind in ("explicit", "weekday", "relative"):
            for ref in dated:
                if ref.kind == kind:
                    return ref.date
        return None


@dataclass
class Mention:
    """One incident an article reports (or recaps, when is_background)."""

    incident_date: dt.date | None
    base_id: str | None
    location_text: str | None
    country: str | None
    weapons: list[str]
    projectiles: int | None
    intercepted: int | None
    killed: int | None
    wounded: int | None
    damage: str | None
    claimed_by: str | None
    claim_only: bool
    casualty_groups: str | None
    evidence: str
    is_background: bool
    sentence_ids: list[int]

    def as_dict(self) -> dict:
        out = dict(self.__dict__)
        out["incident_date"] = self.incident_date.isoformat() if self.incident_date else None
        return out


# ---------------------------------------------------------------- recognizers

def _negated(norm: str, start: int) -> bool:
    """A negation among the few words before position `start` ("لم يلحقا أي أضرار", "caused no damage")."""
    before = norm[max(0, start - 60): start].split(" ")[-(_NEGATION_REACH + 1):]
    words = [w.strip(_PUNCT) for w in before]
    ends = _scope_ends()
    for k in range(len(words) - 1, -1, -1):
        if words[k] in ends:
            words = words[k + 1:]  # "did not report casualties", "no immediate word on casualties": unsaid
            break
    if any(w in _NEGATORS for w in words) or " ".join(words[-2:]) in _NEGATORS:
        return True
    # "None of Monday's attacks caused injuries": the subject denies the whole first clause
    if norm.startswith(("none of", "neither of", "neither attack")) and "," not in norm[:start]:
        return True
    # a negated outcome verb reaches across its object and a coordination, to the end of its
    # clause: "لم تسفر أي منها عن إصابات في صفوف الجنود أو أضرار", "did not cause any injuries or
    # damage"; a question or an unknown ("not clear whether", "لم يتضح ما إذا", "did not say
    # how many") ends the scope
    clause = norm[max(0, start - 120): start]
    cut = max(clause.rfind(","), clause.rfind(";"), clause.rfind(":"))
    words = clause[cut + 1:].split()[-_NEGATION_SCOPE:]
    for word in reversed(words):
        word = word.strip(_PUNCT)
        if word in ends:
            return False
        if word in _NEGATORS:
            return True
    return False


def _loss_kinds(after: str) -> tuple[bool, bool]:
    """Which losses the words right after "خسائر/losses" name: (human, material)."""
    words = [w.strip(_PUNCT) for w in after.split()[:3]]
    kinds = cue_sets()
    human = any(kinds["losses_human"].search(w) for w in words)
    material = any(kinds["losses_material"].search(w) for w in words)
    return human, material


@cache
def _casualty_nouns() -> frozenset[str]:
    """Words for the people hurt and who they were ("جندي", "أمريكي", "troops"), one word each."""
    words = set(cue_sets()["casualty_nouns"].phrases) | set(cue_sets()["casualty_groups"].phrases)
    return frozenset(w for w in words if " " not in w)


@cache
def _scope_ends() -> frozenset[str]:
    return frozenset(cue_sets()["negation_scope_end"].phrases)


def _tokens_with_starts(norm: str) -> tuple[list[str], list[int]]:
    tokens = norm.split(" ")
    # token i starts after the i tokens and i spaces before it
    return tokens, list(map(add, accumulate(map(len, tokens), initial=0), range(len(tokens))))


def _token_index(starts: list[int], char: int) -> int:
    """The token holding character `char` (starts rise strictly: tokens are split on single spaces)."""
    return max(bisect_right(starts, char) - 1, 0)


_PUNCT = ".,;:!?\"()[]"


def _clean(tok: str) -> str:
    return tok.strip(_PUNCT)


def _compound_ending_at(cleaned: list[str], j: int) -> int | None:
    """The value of the number whose last word is cleaned[j] ("twenty five", "خمسه وعشرين")."""
    best = None
    for k in range(j, max(-1, j - 4), -1):
        if word_value(cleaned[k]) in (None, VAGUE) and k != j:
            break
        parsed = parse_number(cleaned, k)
        if parsed and k + parsed[1] - 1 == j:
            best = parsed[0]
    return best


def _number_before(cleaned: list[str], i: int, window: int = 4) -> int | None:
    """A number standing before cleaned[i], across modifiers ("three armed drones", "٣ صواريخ").
    Token lists here are cleaned (_clean) once per sentence."""
    j = i - 1
    while j >= 0 and i - j <= window:
        value = word_value(cleaned[j])
        if value is not None:
            return VAGUE if value == VAGUE else _compound_ending_at(cleaned, j)
        if cleaned[j] not in _COUNT_MODIFIERS:
            return None
        j -= 1
    return None


def _number_after(cleaned: list[str], i: int, window: int = 2) -> int | None:
    for j in range(i, min(len(cleaned), i + window)):
        if j > i and cleaned[j - 1].isascii() and cleaned[j - 1] not in _COUNT_MODIFIERS:
            return None  # "the missile caused eight injuries": a verb between, the number is not the missile's
        parsed = parse_number(cleaned, j)
        if parsed:
            if cleaned[j] in _ONE_OF and j + 1 < len(cleaned) and cleaned[j + 1].startswith("ال"):
                return None  # "... وسقط أحد الصواريخ": one of the next noun's, not this one's
            return parsed[0]
    return None


def read_weapons(hits: list[Hit], tokens: list[str], starts: list[int], facts: SentenceFacts,
                 downed_at: tuple[int, ...] = ()) -> list[Hit]:
    for hit in hits:
        weapon, number = hit.label.split(":")
        first = _token_index(starts, hit.start)
        last = _token_index(starts, hit.end - 1)
        if tokens and not _STORED.isdisjoint(tokens[max(0, first - 7): first]):
            continue  # "storage sites for rockets, missiles and drones", "مخازن الصواريخ": none fired
        count: int | None = None
        if number == "dual":
            count = 2
        else:
            count = _number_before(tokens, first)
            if count is not None and last + 1 < len(tokens) and tokens[last + 1] in _ATTACK_NOUN_AFTER:
                count = None  # "one of three drone attacks": attacks counted, not drones
            if count == 1 and number == "plural" and first > 0 and tokens[first - 1] in _ONE_OF:
                count = None  # "أحد الصواريخ سقط": one of the rockets, a share of an uncounted salvo
            if count is None:
                after = _number_after(tokens, last + 1)
                # "طائرة مسيرة واحدة", "صاروخين اثنين": a number right after the noun
                if after is not None and after != VAGUE and after < 100:
                    count = after
            if count is None and number == "singular":
                k = first - 1
                while k > 0 and first - k < 3 and tokens[k] in _COUNT_MODIFIERS:
                    k -= 1  # "an explosive-laden drone", "a small armed drone"
                prev = tokens[k] if k >= 0 else ""
                nxt = tokens[last + 1] if last + 1 < len(tokens) else ""
                if prev in _EN_ARTICLE and nxt not in _ATTACK_NOUN_AFTER:
                    count = 1
                elif prev == "the" and nxt not in _ATTACK_NOUN_AFTER:
                    facts.weak_counts[weapon] = 1  # "the one-way attack drone struck": one, unless told more
                elif hit.phrase[0] in "ابتثجحخدذرزسشصضطظعغفقكلمنهويء" and nxt not in _ATTACK_NOUN_AFTER:
                    facts.weak_counts[weapon] = 1  # Arabic indefinite singular: one, unless told more
        if count is None and word_value(hit.phrase.split()[0]) == VAGUE:
            count = VAGUE  # the lexicon's "multiple rockets" carries its own vague count
        if count == VAGUE:
            facts.vague.add(weapon)
        if count == VAGUE or (count is not None and count > MAX_PROJECTILES):
            count = None
        if count is None and number == "plural" and not (first > 0 and tokens[first - 1] == "the"):
            facts.bare.add(weapon)  # ("the drones" points back to drones counted before)
        elif count is None and number == "singular" and last + 1 < len(tokens) and tokens[last + 1] == "fire":
            facts.bare.add(weapon)  # "came under rocket fire": how many rockets is not said
        elif count is not None and any(0 < first - at <= 3 for at in downed_at):
            facts.downed.add(weapon)  # "shot down two drones": how many were shot down, not launched
        old = facts.weapons.get(weapon)
        facts.weapons[weapon] = old if count is None else max(old or 0, count)
    return hits


def _near_count(tokens: list[str], first: int, last: int, weapon_hits: list[tuple[int, str]]) -> int | None:
    """The count an outcome word refers to, read from the words around it."""
    if not _SHARE.isdisjoint(tokens[max(0, first - 6): first - 4]):
        return None  # "most of the projectiles were intercepted": the share word before the noun
    for k in range(max(0, first - 6), first - 1):
        if tokens[k] == "one" and tokens[k + 1] == "of":
            return 1  # "one of the rockets was intercepted"
    window = tokens[max(0, first - 4): last + 6]
    for tok in window:
        if tok in _BOTH:
            return 2
        if tok in _ALL:
            at = window.index(tok)
            if at + 2 < len(window) and window[at + 1] in _EXCEPT and (left := word_value(window[at + 2])) \
                    and 0 < left < MAX_PROJECTILES:
                return ALL_BUT - left  # "all but two were intercepted": as many as were launched, less two
            return ALL  # "all of them were shot down"
        if tok in _SHARE:
            return None  # "most of the missiles were intercepted": some, not a count
    k = first - 1
    while k > 0 and first - k <= 2 and tokens[k] in _AUXILIARIES:
        k -= 1  # "two were shot down", "three had been intercepted": the count right before the verb
    if k < first - 1 and word_value(tokens[k]) not in (None, VAGUE):
        direct = _compound_ending_at(tokens, k)
        if direct is not None and direct < 100:
            return direct
    window = window[1:] if first >= 4 else window
    for k, tok in enumerate(window):
        if tok in _ORDINAL_ONE and window[k + 1: k + 2] != ["way"]:  # not "one-way attack drones"
            return 1
    for j in range(last + 1, min(len(tokens), last + 5)):
        parsed = parse_number(tokens, j)
        if parsed and parsed[0] not in (VAGUE,) and parsed[0] < 100:
            return parsed[0]
    before = _number_before(tokens, first, window=3)
    if before is not None and before != VAGUE and before < 100:  # "(23 كانون الثاني 2024)، إسقاط": a year
        return before
    for position, number in weapon_hits:
        if first - 3 <= position <= last + 5:
            return {"dual": 2, "plural": ALL}.get(number, 1)
    return 1


# A name's age set off by commas ("Rivers, 46,").
_AGE = re.compile(r"\d{1,2},$")
# ", 46, " after a name; found from the literal ", " (a pattern opening with a class is tried at
# every position of every sentence, eight times slower), the letter before it checked after
_AGE_IN_TEXT = re.compile(r", \d{1,2}, ")
_LETTER = re.compile(r"[^\W\d]")


def _ages_in(norm: str) -> bool:
    return any(m.start() > 0 and _LETTER.match(norm, m.start() - 1) for m in _AGE_IN_TEXT.finditer(norm))


# A toll's verb between the casualty word and its number ("عدد القتلى ارتفع إلى ثلاثة", "the
# number of injured rose to 34").
_TOLL_LINKS = frozenset(normalize(w) for w in (
    "بلغ", "يبلغ", "وصل", "ارتفع", "إلى", "rose", "reached", "climbed", "to"))

# A number before these counts attacks or weapons, not people ("the three attacks caused no injuries").
_COUNTED_THINGS = {normalize(w) for w in (
    "attacks", "attack", "strikes", "incidents", "times", "rockets", "drones", "missiles", "shells", "bases", "sites",
    "هجمات", "الهجمات", "هجوم", "هجومين", "ضربات", "صواريخ", "الصواريخ", "طائرات", "قذائف", "مرات", "قواعد",
    "هجوما", "صاروخا", "قذيفه", "مره", "عمليه", "عمليات", "operations")}

# How far after a claim word its subject may start: 'تبنت «المقاومة', 'claimed by the'.
_CLAIM_SUBJECT_REACH = 12


def _claimant_of(claimants: list, claims: list) -> object:
    """The group a claim is by: the one named right after the claim word ('تبنت «المقاومة
    الإسلامية» الهجوم', 'was claimed by Kataib Hezbollah'), else the sentence's first group
    ('The Islamic Resistance in Iraq, which includes Kataib Hezbollah, claimed ...'). A
    group named earlier for another reason ('نعت «كتائب حزب الله» أحد مقاتليها ... فيما تبنت
    المقاومة') is not the claimant."""
    for claim in claims:
        for hit in claimants:
            if 0 <= hit.start - claim.end <= _CLAIM_SUBJECT_REACH:
                return hit
    return claimants[0]


# Verbs that tie people to their injuries across a few words: the count stands before them.
_LINKING = frozenset(("suffered", "sustained", "treated", "diagnosed", "evaluated"))

# The group's own members, after a casualty word in a sentence naming an armed group: its
# fighters, not people at the base ("مقتل أحد عناصرها", "killed one of its fighters").
_OWN_MEMBERS = frozenset(normalize(w) for w in (
    "عناصرها", "مقاتليها", "مقاتلها", "عنصرها", "اعضائها", "its"))
# Claim words that only announce: with the group's own dead they announce the deaths.
# "in a statement": names no attack claimed (see the blame test in _fill)
_STATEMENT_WORDS = frozenset(normalize(w) for w in ("بيان", "بيانا", "statement"))
_ANNOUNCE = _STATEMENT_WORDS | {normalize("أعلنت")}
_SHORT_OF_CLAIM = re.compile(r"(?<!\w)دون ان (?:تتبني|يتبني|تتبن|يتبن)(?!\w)|\bwithout (?:explicitly )?claiming\b")

# Tokens after a casualty word within which a US-response phrase makes it the response's
# casualty: "killed (1) in (2) a (3) US airstrike", "قتل (1) بضربة أمريكية".
_RESPONSE_REACH = 4

# "one of them", "ثلاثة منهم", "eight of the wounded": a share of the casualties, not their number.
_PARTITIVE = {normalize(w) for w in ("of", "منهم", "منها", "بينهم", "among")}


def _partitive(tokens: list[str], j: int, width: int) -> bool:
    k = j + width
    return k < len(tokens) and tokens[k] in _PARTITIVE


_NONE_OF = re.compile(r"(?:^|.* )(?:none|neither) of(?: the)?$")
_OTHERS = frozenset(normalize(w) for w in ("others", "more", "other", "were", "was", "آخرون", "آخرين"))


@cache
def _two_people() -> frozenset[str]:
    return frozenset(cue_sets()["casualty_two"].phrases)


# A phrase put between a casualty verb and the people it counts: "وأصيب في الهجوم ثلاثة جنود",
# "قتل جراء القصف خمسة من عناصر قسد", "أصيب في عين الأسد أربعة عسكريين".
_FRONTED = frozenset(normalize(w) for w in ("في", "خلال", "جراء", "بسبب", "اثر", "إثر", "بفعل"))
_FRONTED_REACH = 6


def _fronted_subject_count(tokens: list[str], start: int) -> int | None:
    """The count of people standing after a fronted phrase (tokens[start:] follow its preposition):
    a number followed by a people noun, or a dual noun; None for a number of anything else ("في
    الهجوم الذي شنته 3 طائرات"). The tokens come without their punctuation (_fill strips it), so
    the phrase is bounded by _FRONTED_REACH words, not by a comma; only a figure kept in its
    parentheses ("(2024)") ends it."""
    people, two = _casualty_nouns(), _two_people()
    for k in range(start, min(len(tokens), start + _FRONTED_REACH)):
        token = tokens[k]
        if _strip_conjunction(token) in two:
            return 2
        parsed = parse_number(tokens, k)
        if parsed is not None:
            after = k + parsed[1]
            nxt = tokens[after] if after < len(tokens) else ""
            if nxt == "من" and after + 1 < len(tokens):
                nxt = tokens[after + 1]
            if nxt not in people or parsed[0] == VAGUE or _count_value(tokens[k]) is None:
                return None
            return parsed[0]
        if token[-1:] in _PUNCT:
            return None
    return None


def _strip_conjunction(token: str) -> str:
    """A token without a leading "و" or "ف" ("وجنديان" -> "جنديان"), when a word is left."""
    return token[1:] if token[:1] in ("و", "ف") and len(token) > 3 else token


@cache
def _casualty_words() -> frozenset[str]:
    sets = cue_sets()
    return frozenset(w for name in ("killed", "wounded") for w in sets[name].phrases if " " not in w)


def _counts_next_casualty(tokens: list[str], k: int) -> bool:
    """Whether the number ending before tokens[k] counts a casualty word of its own ("dozens
    injured", "34 others wounded", "و18 جريحا")."""
    words = _casualty_words()
    people = _casualty_nouns()
    for j in range(k, min(len(tokens), k + 3)):
        if tokens[j] in words:
            return True
        if tokens[j] not in people and tokens[j] not in _OTHERS:
            return False
    return False


# The people a clause counts at its head: "Six fighters from the US-backed SDF were killed",
# "أن ٨ من العسكريين العاملين في قاعدة عين الأسد أصيبوا".
_HEAD_COUNT = re.compile(
    r"(?:^|[,،]\s*|\s[-–—]\s+|(?<!\w)(?:ان|that)\s+)(\S+)\s+(?:من\s+)?(?:(?:us|u\.s\.?|american|coalition|iraqi)\s+)?"
    r"(?:ال)?(?:عسكريين|جنود|عناصر|مقاتلين|مقاتلي|منتسبي"
    r"|soldiers|troops|fighters|members|personnel|service members|people)(?!\w)")


def _count_value(token: str) -> int | None:
    """A token's number when it can count people at a base: a definite number from 1 to 999."""
    value = word_value(token)
    return value if value not in (None, VAGUE) and 0 < value < 1000 else None


def _clause_head_count(norm: str, start: int) -> int | None:
    """The count at the head of the clause a casualty word ends, when nothing stands nearer."""
    clause_start = max(norm.rfind(",", 0, start), norm.rfind("،", 0, start), 0)
    between = norm[clause_start + 1:start].split()
    # (not "، أصيب خلالها عشرات": a clause that opens with its verb has its own count, or none)
    if clause_start and between and not set(between) - _AUXILIARIES:
        # "Six members of the YPG, the Syrian wing of the PKK, were killed": the head before the aside
        clause_start = 0
    found = None
    for m in _HEAD_COUNT.finditer(norm, clause_start, start):
        found = m
    if found is None:
        return None
    if not _casualty_words().isdisjoint(w.strip(_PUNCT) for w in norm[found.end():start].split()):
        return None  # "three service members were killed and dozens more were injured": the dead's count
    return _count_value(found.group(1))


def _group_near(hits: dict[str, list[Hit]], starts: list[int], first: int) -> str | None:
    """Whose casualties a casualty word at token `first` counts: the group word nearest it,
    within eight tokens before or four after ("one Iraqi service member was wounded")."""
    near = [(abs(_token_index(starts, h.start) - first), h.label) for h in hits.get("casualty_groups", ())
            if -8 <= _token_index(starts, h.start) - first <= 4]
    return min(near)[1] if near else None


def _casualty_count(tokens: list[str], first: int, last: int) -> int | None:
    """The number of people a killed/wounded word refers to ("three US soldiers were killed",
    "مقتل ثلاثة جنود", "34 injured", "wounding at least 34"); None when no number stands near
    it. A number after the word must follow it directly (across "at least", "نحو"), and a
    share ("one of them critically", "ثلاثة منهم") is no head count."""
    cleaned = tokens
    people = _casualty_nouns()
    j = last + 1
    while j < len(tokens) and j <= last + 5 and word_value(cleaned[j]) is None \
            and (cleaned[j] in _COUNT_MODIFIERS or cleaned[j] in people or cleaned[j] in _TOLL_LINKS):
        j += 1  # "إصابة جندي أمريكي واحد", "wounding at least 34", "عدد المصابين بلغ 34"
    after_people = j
    if j < len(tokens) and _strip_conjunction(cleaned[j]) in _two_people():
        return 2  # "أصيب جنديان أمريكيان", "مقتل عنصرين"
    parsed = parse_number(cleaned, j) if j < len(tokens) else None
    if parsed and _counts_next_casualty(cleaned, j + parsed[1]):
        parsed = None  # "three soldiers killed, dozens injured": the number is the injured's
    if parsed and (parsed[0] == VAGUE or not _partitive(cleaned, j, parsed[1])):
        return None if parsed[0] == VAGUE else parsed[0]
    # (after a verb only: "عدد المصابين في الهجومين إلى 24" counts no one after its phrase)
    if parsed is None and j < len(tokens) and cleaned[j] in _FRONTED \
            and not _strip_conjunction(cleaned[last]).startswith("ال"):
        fronted = _fronted_subject_count(cleaned, j + 1)
        if fronted is not None:
            return fronted
    words = _casualty_words()
    reach = 7
    for k in range(first - 1, max(-1, first - 8), -1):
        if cleaned[k] in _LINKING:
            # "20 U.S. personnel suffered what officials described as minor injuries", "four
            # American service members were treated for ...": up to five words before the verb
            reach = first - k + 6
            break
    ends = _scope_ends()
    for j in range(first - 1, max(-1, first - reach), -1):
        if cleaned[j] in words:
            break  # "مقتل 6 من عناصره وإصابة آخرين": the 6 are the dead's, not the wounded's
        if cleaned[j] in ends:
            break  # "no immediate word on casualties": nothing said of them
        value = word_value(cleaned[j])
        if value is not None:
            if _partitive(cleaned, j, 1):
                continue
            if value == 1 and j > 0 and cleaned[j - 1] in _NO_ONE:
                return None  # "no one was killed": nobody, not one person
            if j > 1 and cleaned[j - 1] in ("of", "the") and _NONE_OF.match(" ".join(cleaned[max(0, j - 3): j])):
                return None  # "None of the three caused casualties": the attacks denied, nobody counted
            if j + 1 < len(cleaned) and cleaned[j + 1] in _COUNTED_THINGS:
                return None  # "none of the three attacks caused casualties": attacks, not people
            value = VAGUE if value == VAGUE else _compound_ending_at(cleaned, j)
            if value is None or value == VAGUE or (1900 <= value <= 2100):
                return None
            if j > 0 and cleaned[j - 1] in words:
                return None  # "مقتل 6 من عناصره وإصابة آخرين": the number of the word before it
            return value + _coordinated_count(cleaned, j, words)
    if _one_person(cleaned, last + 1, after_people, forward=True) or _one_after(cleaned, last + 1) \
            or _one_person(cleaned, max(0, first - 5), first, forward=False):
        return 1  # "إصابة جندي عراقي", "وجندي عراقي في الأقل أصيب", "a US soldier was wounded"
    return None


_NO_ONE = frozenset(("no", "not"))
# "said none of its own forces had been hurt": of one party's forces only
_OWN_FORCES = re.compile(r"(?<!\w)(?:none|no one|no member) of (?:its|their) own(?!\w)")
# "ارتفاع عدد الجنود الأمريكيين المصابين ... إلى 34": a toll revised upwards, its people named between
_AR_TOLL_ROSE = re.compile(r"(?<!\w)(?:ارتفاع|ارتفع|ارتفعت|ليرتفع|لترتفع|يرتفع|ترتفع"
                           # "رفعت القيادة المركزية عدد العسكريين المصابين في الهجوم إلى 34"
                           # "ثم عادت ... لترفع عدد المصابين إلى 34" (not "ما يرفع": a running total)
                           r"|(?:رفعت|رفع|لترفع|ليرفع)(?: \S+){0,4}?) (?:عدد|حصيله) "
                           r"(?:\S+ ){0,3}?(المصابين|الجرحي|القتلي)"
                           r"(?: \S+){0,16}? (?:الي|الى) ([^\s,.;]+)")
_AR_TOLL_ROSE_AFTER = re.compile(r"(?<!\w)حصيله (?:\S+ ){0,2}?(المصابين|الجرحي|القتلي) (?:\S+ ){0,2}?"
                                 r"(?:ارتفعت|ارتفع) (?:الي|الى) ([^\s,.;]+)")
_AR_DEAD = frozenset(("القتلي",))
_SHARE_OF_HURT = re.compile(r"(?:^|[,;]\s*|(?<=\s))(\S+) of the (?:injuries|injured|wounded|casualties) "
                            r"(?:occurred|were|came|was)(?!\w)")
_NOT_SERIOUSLY = re.compile(r"(?:seriously|critically|badly|severely|gravely|serious|critical|severe|major) $")
_ABOARD = re.compile(rf"{whole_words(('on board', 'aboard', 'crew', 'sailors'))}(?!\w)")
# How far back a coordinated subject's first count may stand: "4 US soldiers and one Iraqi".
_COORDINATION_REACH = 6


def _coordinated_count(tokens: list[str], j: int, words: frozenset[str] | set[str]) -> int:
    """The count of a subject coordinated before the one at `j`: "٤ جنود أمريكيين وعنصراً واحداً من
    الجيش العراقي أصيبوا", "four US troops and one Iraqi soldier were wounded" are five; 0 if none."""
    joined = False
    for k in range(j - 1, max(-1, j - _COORDINATION_REACH), -1):
        token = tokens[k]
        if token in words:
            return 0
        if token == "and" or (len(token) > 2 and token[0] == "و" and word_value(token) is None):
            joined = True
            continue
        value = word_value(token)
        if value is not None:
            return value if joined and 0 < value < 1000 and not _partitive(tokens, k, 1) else 0
    return 0


@cache
def _one_words() -> frozenset[str]:
    return frozenset(cue_sets()["casualty_one"].phrases)


_EN_ONE = frozenset(("a", "an", "one"))
# "A US service member suffered minor injuries": between the linking verb and the casualty word.
_INJURY_ADJECTIVES = frozenset(("minor", "slight", "light", "serious", "severe", "critical", "non", "life",
                                "threatening", "traumatic", "brain"))
# Words that may stand between a singular noun and its casualty word: "جندياً عراقياً في الأقل أصيب".
_BETWEEN_ONE = frozenset(normalize(w) for w in ("في", "الاقل", "على", "was", "has", "been", "had", "also", "member",
                                                 "service", "us", "u.s", "american", "coalition", "iraqi",
                                                 "kurdish", "syrian", "jordanian", "british", "french", "partner",
                                                 "local", "army", "military"))


_EN_ONE_AFTER = _EN_ONE | {"single", "lone"}


def _one_after(tokens: list[str], k0: int) -> bool:
    """An English object naming one person after the casualty word: "lightly wounding a member of
    the partner forces", "injuring a single US soldier"."""
    if k0 >= len(tokens) or tokens[k0] not in _EN_ONE_AFTER:
        return False
    ones = _one_words()
    for k in range(k0 + 1, min(len(tokens), k0 + 5)):
        tok = tokens[k]
        if tok in ones:
            return tok.isascii()
        if tok not in _EN_ONE_AFTER and tok not in _BETWEEN_ONE:
            return False
    return False


def _one_person(tokens: list[str], lo: int, hi: int, forward: bool) -> bool:
    """Whether tokens[lo:hi] name one person by a singular noun, next to the casualty word:
    Arabic indefinite singular, or English after a/an/one."""
    ones = _one_words()
    people = _casualty_nouns()
    span = range(lo, hi) if forward else range(hi - 1, lo - 1, -1)
    for k in span:
        tok = tokens[k]
        if (bare := _strip_conjunction(tok)) in ones:
            tok = bare  # "وجندي عراقي"
        if tok in ones:
            if tok.isascii():
                return any(tokens[m] in _EN_ONE for m in range(max(0, k - 3), k))
            return True
        if not forward and tok not in people and tok not in _BETWEEN_ONE and tok not in _COUNT_MODIFIERS \
                and tok not in _LINKING and tok not in _INJURY_ADJECTIVES \
                and not (len(tok) > 4 and tok.endswith("يا")):  # a nisba adjective: "عراقياً", "كردياً"
            return False
    return False


def _first_generic_place(norm: str, hits: list[Hit]) -> str | None:
    if not hits:
        return None
    hit = hits[0]
    tail = norm[hit.start: hit.end + 40].split(" ")
    return " ".join(tail[: len(hit.phrase.split(" ")) + 4]).strip(" .,;:")


# The phrase sets every sentence is scanned for, in one pass over the article (PhraseScanner).
_WEAPONS, _CLAIMANTS, _PLACES, _BASES = "weapons", "claimants", "places", "bases"
# A sentence with none of these can give no incident a fact: it has no attack word and no
# weapon (so it anchors nothing) and no outcome, casualty, damage or claimant. Only its
# countries matter (the article's country), so the other recognizers skip it.
_FACT_SETS = ("attack", _WEAPONS, "intercept", "killed", "wounded", "no_casualties", "damage", "no_damage",
              "losses", "revised_figure", "projectile_total", _CLAIMANTS)


def _scanner() -> PhraseScanner:
    """The lexicon's phrase sets in one scanner (no bases)."""
    return _article_scanner(None)[0]


# Cues read per sentence only when the resolver asks (SentenceFacts.cue), not scanned for.
_ASKED_CUES = frozenset(("coref_base", "the_attack", "said", "generic_claim", "negation_scope_end", "casualty_nouns",
                         "losses_human", "losses_material", "landmark",
                         "casualty_one", "claim_of_most", "base_kind_words", "elsewhere"))
_COUNTED_SETS = frozenset((_WEAPONS, "intercept", "killed", "wounded", "revised_figure", "projectile_total"))


_FACT_SET_NAMES = frozenset(_FACT_SETS)


@cache
def _lexicon_sets() -> dict[str, PhraseSet]:
    sets = {name: phrase_set for name, phrase_set in cue_sets().items() if name not in _ASKED_CUES}
    sets.update({_WEAPONS: weapon_set(), _CLAIMANTS: claimant_set(), _PLACES: place_set()})
    return sets


# Per matcher: one scanner over the lexicon and the registry's spellings, so the bases are
# found in the same pass as every other phrase (BaseMatcher.spellings); any other matcher
# is asked itself (`find`).
_SCANNERS: dict[int, tuple[object, PhraseScanner, dict[str, str] | None]] = {}


def _registry_aliases(matcher: BaseMatcher) -> dict[str, str] | None:
    return matcher.spellings or None if isinstance(matcher, BaseMatcher) else None


def _article_scanner(matcher: BaseMatcher | None) -> tuple[PhraseScanner, dict[str, str] | None]:
    known = _SCANNERS.get(id(matcher))
    if known is not None and known[0] is matcher:
        return known[1], known[2]
    sets = dict(_lexicon_sets())
    aliases = _registry_aliases(matcher) if matcher is not None else None
    if aliases is not None:
        sets[_BASES] = normalized_phrase_set(aliases)
    if len(_SCANNERS) > 16:
        _SCANNERS.clear()
    _SCANNERS[id(matcher)] = (matcher, PhraseScanner(sets), aliases)
    return _SCANNERS[id(matcher)][1], aliases


def _is_month(token: str) -> bool:
    if token[:1] in "وبلف" and token[1:] in MONTH_WORDS:
        return True  # "وشباط", "بكانون"
    return any(part in MONTH_WORDS for part in token.split("/"))  # "الثاني/يناير"


def _mask_names_and_dates(tokens: list[str], starts: list[int], bases: list[BaseHit]) -> None:
    """Blank the numbers that name something rather than count it, so no recognizer reads
    them as a count: a base's ("Tower 22", "البرج 22") and a date's day and year ("أسقطت،
    مساء الجمعة 5 كانون الثاني 2024، طائرة", "on Jan. 20, 2024, two drones")."""
    if not _MEASURE_UNITS.isdisjoint(tokens):
        for i in range(1, len(tokens)):
            if tokens[i] in _MEASURE_UNITS and word_value(tokens[i - 1]) is not None:
                tokens[i - 1] = "#"  # "على بعد 3 كيلومترات", "within 24 hours": a distance or a span
    digits = [i for i, tok in enumerate(tokens) if tok.isdigit()]
    if not digits:
        return
    for hit in bases:
        for i in range(_token_index(starts, hit.start), _token_index(starts, hit.end - 1) + 1):
            if tokens[i].isdigit():
                tokens[i] = "#"
    for i in digits:
        tok = tokens[i]
        if tok == "#":
            continue
        if len(tok) <= 2 and i + 1 < len(tokens) and _is_month(tokens[i + 1]):
            tokens[i] = "#"  # "5 كانون", "20 January"
        elif len(tok) in (1, 2, 4) and any(_is_month(tokens[j]) for j in range(max(0, i - 2), i)):
            tokens[i] = "#"  # "January 20", "كانون الثاني 2024"


# Units of distance and time: the number before one measures, it does not count weapons or people.
_MEASURE_UNITS = frozenset(normalize(w) for w in (
    "km", "kilometers", "kilometres", "kilometer", "kilometre", "miles", "mile", "meters", "metres", "yards",
    "كيلومترات", "كيلومتر", "كيلومترا", "كلم", "كم", "امتار", "متر", "مترا", "ميل", "اميال",
    "hours", "minutes", "دقائق", "دقيقه", "ساعات", "ساعه",
    # "more than 60 attacks in five weeks": the number before a span of time counts no one
    "days", "weeks", "months", "years", "ايام", "يوما", "اسابيع", "اسبوعا", "اشهر", "شهرا", "شهور", "سنوات"))


# "X, days after Y" / "X، غداة Y": Y is an earlier event, told to set X in context.
_AFTER_CUES = frozenset(normalize(w) for w in (
    "غداة", "بعد يوم واحد من", "بعد يوم من", "بعد يومين من", "بعد ساعات من", "بعد ايام من", "days after a",
    "hours after a", "a day after a", "weeks after a", "came a day after", "came days after", "came hours after",
    "comes a day after", "a day after another", "came after", "comes after", "followed the", "follows the",
    "a week after a", "less than a week after", "attacks follow", "attack follows", "strikes follow", "it follows",
    "this follows", "came two days after", "came three days after", "came only two days after",
    "came just two days after", "came only days after", "came just days after", "came only hours after",
    "came just hours after", "two days after the", "three days after the", "came barely a day after",
    "came barely days after", "came barely hours after", "came just a day after", "came only a day after",
    "barely a day after", "بعد يومين فقط من", "بعد أيام فقط من", "بعد يوم واحد فقط من",
    # "rockets were fired at the embassy on Friday, the latest in a string of attacks since October"
    "the latest in", "is the latest in"))


_CLAIM_SETS = frozenset(("claim", _CLAIMANTS, "group_ref", "self_claim"))


def _main_clause(hits: dict[str, list[Hit]], bases: list) -> tuple[dict[str, list[Hit]], list]:
    """A sentence that reports an attack and then, with its first recap cue, the earlier one it
    followed ("came under three attacks on Monday, days after a missile barrage on a base in
    western Iraq"; "تبنت ... قصف قاعدة العمر، غداة إعلانها استهداف الشدادي"): only the
    first clause is read, the earlier attack is no place or fact of this one."""
    background = hits.get("background")
    attack = hits.get("attack")
    if not background or not attack:
        return hits, bases
    first = min(background, key=lambda h: h.start)
    if first.phrase not in _AFTER_CUES or attack[0].start >= first.start:
        return hits, bases
    cut = first.start
    # a claim told in the later clause is still this attack's ("hours after the Islamic
    # Resistance claimed it"); its places, weapons and counts are the earlier attack's
    kept = {name: found if name in _CLAIM_SETS else [h for h in found if h.start < cut]
            for name, found in hits.items()}
    return {name: found for name, found in kept.items() if found}, [b for b in bases if b.start < cut]


# A later clause aimed at other, unnamed targets: "and rockets launched at two US positions in
# Syria", "، وصواريخ على موقعين في سوريا". Its determiner says the target is not the base named.
_OTHER_TARGET = re.compile(
    r"(?<!\w)(?:at|on|against|targeting|toward|towards|على|ضد|باتجاه|نحو)\s+"
    r"(?:(?:a|an|another|other|two|three|four|several|multiple|\d+|us|american|u\.s\.)\s+){1,3}(?:\S+\s+)?"
    r"(?:positions?|sites?|bases?|outposts?|facilit(?:y|ies)|installations?)(?!\w)"
    r"|(?<!\w)(?:على|ضد|باتجاه|نحو) (?:موقعين|مواقع|قاعدتين|قواعد|منشاتين|موقع اخر|قاعده اخري)(?!\w)")
# every branch begins with a literal (whole_words), so the regex engine skips ahead to one
_TARGET_BREAK = re.compile(rf",|;|،|{whole_words(('while', 'whereas', 'بينما', 'فيما'))}(?!\w)"
                           rf"|{whole_words(('and',))}(?= (?:a |an |one |two |three |several |multiple |\d+ )?"
                           r"(?:rockets?|drones?|missiles?|mortars?|shells?|projectiles?) )")
_OUTCOME_SETS = frozenset((_WEAPONS, "intercept", "killed", "wounded", "damage", "projectile_total", "revised_figure"))


def _own_target_clause(hits: dict[str, list[Hit]], bases: list, norm: str) -> dict[str, list[Hit]]:
    """Of a sentence that names one base and then, in a later clause, weapons aimed at other,
    unnamed targets ("with a drone fired at Ain al-Asad air base and rockets launched at two
    US positions in Syria"), the weapons and outcomes of the base's clause only; the later
    clause's belong to an attack the sentence does not name (told, if at all, by another)."""
    weapons = hits.get(_WEAPONS)
    if not weapons or not bases or len({b.base_id for b in bases}) != 1:
        return hits
    end = max(b.end for b in bases)
    for brk in _TARGET_BREAK.finditer(norm, end):
        cut = brk.start()
        rest = norm[cut:]
        if not any(h.start >= cut for h in weapons) or _OTHER_TARGET.search(rest) is None:
            continue
        if any(h.start >= cut for h in hits.get("coref_base", ())):
            return hits  # "and two more drones at the same base": still the one base
        kept = {name: [h for h in found if h.start < cut] if name in _OUTCOME_SETS else found
                for name, found in hits.items()}
        return {name: found for name, found in kept.items() if found}
    return hits


def _fill(facts: SentenceFacts, hits: dict[str, list[Hit]], bases: list, published: dt.date,
          everything: bool = False) -> None:
    """Run every recognizer over one sentence, from its phrase hits. Dates are read when the
    resolver first asks for them (SentenceFacts.date_refs), unless `everything`."""
    norm = facts.norm
    hits, bases = _main_clause(hits, bases)
    hits = _own_target_clause(hits, bases, norm)
    if (opening := _AFTER_MONTHS_OF.match(norm)) is not None:
        # "فبعد أشهر من الضربات التي اعتمدت على طائرات مسيّرة منفردة، استُخدم هذه المرة ...", "After weeks
        # of drone attacks, the militias fired a ballistic missile": the weapons of the attacks before
        end = _next_comma(norm, opening.end())
        if end is not None:
            _keep_hits(hits, (_WEAPONS,), lambda h: h.start > end)
    if " propelled" in norm:
        # "a rocket-propelled grenade hit a tank": a soldier's grenade, no rocket fired at a base
        _keep_hits(hits, (_WEAPONS,), lambda h: not norm.startswith(" propelled", h.end))
    facts.hits = hits
    question = _QUESTION.search(norm) if ("whether" in norm or "اذا" in norm) else None
    if question is not None:
        # "did not say whether the drone was shot down", "دون أن توضح ما إذا كانت الدفاعات قد أسقطت",
        # "لم يذكر ما إذا كانت المسيرات قد أصابت أهدافها": what follows the question is asked, not told
        _keep_hits(hits, ("intercept", "damage", "killed", "wounded", "attack"), lambda h: h.start < question.start())
        # its weapons still count ("whether the two drones were brought down"), but place no attack
        facts.asked = bool(hits.get(_WEAPONS)) and all(h.start > question.start() for h in hits[_WEAPONS])
    tokens: list[str] = []
    starts: list[int] = []
    if _COUNTED_SETS.intersection(hits):  # only counts read the tokens
        tokens, starts = _tokens_with_starts(norm)
        # every recognizer reads tokens without punctuation (_clean); a number in parentheses
        # ("Kurdistan 24", "(23 كانون الثاني 2024)") counts nothing, so it keeps them and reads as no number
        ages = [i for i in range(1, len(tokens)) if _AGE.match(tokens[i]) and tokens[i - 1][-1:] == ","
                and tokens[i - 1][:-1].isalpha()] if _ages_in(norm) else []
        if "(" in norm or ")" in norm:
            tokens = [t if (t[:1] == "(" or t[-1:] == ")") and any(c.isdigit() for c in t) else t.strip(_PUNCT)
                      for t in tokens]
        else:
            tokens = list(map(str.strip, tokens, repeat(_PUNCT, len(tokens))))
        for i in ages:
            tokens[i] = "#"  # "Sgt William Rivers, 46, and Spc Kennedy Sanders, 24, died": ages, not a toll
        _mask_names_and_dates(tokens, starts, bases)

    facts.bases = bases
    facts.generic_place = _first_generic_place(norm, hits.get("generic_base", ()))
    facts.attack = bool(hits.get("attack", ()))
    facts.asides = _asides(norm, hits.get(_CLAIMANTS, ()))
    background = [b for b in hits.get("background", ()) if not any(a <= b.start < e for a, e in facts.asides)
                  # "killed three soldiers - the first US deaths from enemy fire since the war began": a
                  # superlative's frame, not an earlier attack
                  and not (b.phrase in _SINCE_WORDS
                           and _SUPERLATIVE.search(norm, max(0, b.start - (90 if b.phrase.isascii() else 60)), b.start)
                           and not any(h.start > b.start for h in bases)
                           # not "the most violent since 20 November, when a missile hit the base": that one's recap
                           and not _SINCE_AN_ATTACK.match(norm, b.end))
                  # "A day earlier, on Tuesday, another drone targeted al-Shaddadi": a roundup's other attack,
                  # dated in full; undated, "a day earlier" recaps the attack before the news
                  and not (b.phrase in _DAY_EARLIER and _EN_WEEKDAY_WORD.search(norm))
                  # "in response to Israel's war in Gaza", "رداً على المجازر في غزة": a motive, not an earlier attack
                  and not (b.phrase in _RESPONSE_CUES and _MOTIVE_AFTER.match(norm, b.end))]
    if background and "since" in norm:
        # "who has since returned to duty": since then, no count from an earlier day
        background = [b for b in background if not (b.phrase == "since" and _SINCE_THEN.search(norm, 0, b.end))]
    if background and (hits.get("wounded", ()) or hits.get("killed", ())):
        # "officials said 40 had been wounded": reported speech, not an earlier attack
        hurt = [h.start for name in ("wounded", "killed") for h in hits.get(name, ())]
        background = [b for b in background if not (b.phrase == "had been" and b.end + 1 in hurt)]
    if background and hits.get("projectile_total", ()):
        # "told reporters that 17 projectiles had been fired in total": reported speech too
        counted = [h.end + 1 for h in hits["projectile_total"]]
        background = [b for b in background if not (b.phrase == "had been" and b.start in counted)]
    if background and (b := background[0]).start < _NTH_REACH and b.phrase in _NTH_ATTACK:
        # "أما الهجوم الثالث فطال موقع دعم المهمة", "وفي الهجوم الثالث، أطلقت عدة صواريخ", "In the
        # third attack, ...": the third of the attacks told, opening its sentence, not a recap
        background = [b for b in background if not (b.phrase in _NTH_ATTACK and norm[:b.start].strip()
                                                   in _NTH_OPENINGS)]
    if background and any(b.phrase in _SO_FAR for b in background):
        # "لم تصدر حتى الآن حصيلة رسمية", "no group has claimed it so far": what is still unsaid, not a recap
        background = [b for b in background if not (b.phrase in _SO_FAR and _in_negated_clause(norm, b.start))]
    if background and (said := _SAID_BEFORE.search(norm)) is not None:
        # "officials said the drone had not been intercepted": the tense of reported speech
        background = [b for b in background if not (b.phrase == "had been" and b.start > said.start())]
    # (the pluperfect of a question is asked: "لم يعرف ما إذا كانت الدفاعات قد حاولت اعتراضها")
    asked_at = question.start() if question is not None else len(norm)
    told_from = 0  # where what the sentence tells as its own begins
    if ("قبل ان" in norm or "before " in norm) and (later := _CORRECTED_LATER.search(norm)) is not None \
            and any(h.start > later.end() for h in hits.get(_WEAPONS, ())):
        # "وكانت الأنباء الأولية قد تحدثت عن سقوط ثلاثة صواريخ، قبل أن يؤكد مسؤول أن عددها بلغ أربعة عشر":
        # a first report corrected in the same breath: the correction, of this attack, is the news
        told_from = later.start()
        background = [b for b in background if b.start > told_from]
        _keep_hits(hits, (_WEAPONS,), lambda h: h.start > later.end())
    facts.background = bool(background) or (
        "قد" in norm and _PLUPERFECT.search(norm, told_from, max(told_from, asked_at)) is not None)
    if facts.background and hits.get("revised_figure", ()):
        facts.background = False  # "raised the figure to 34 ... eight had been evacuated": news of the attack
    facts.response = bool(hits.get("response", ())) and not hits.get("claim", ())
    facts.confirm = bool(hits.get("confirm", ()))

    downed_at = tuple(_token_index(starts, h.start) for h in hits.get("intercept", ()))
    weapon_hits = read_weapons(hits.get(_WEAPONS, ()), tokens, starts, facts, downed_at)
    weapon_positions = [(_token_index(starts, h.start), h.label.split(":")[1]) for h in weapon_hits]
    _read_total(facts, hits, weapon_hits, tokens, starts)

    evaded_spans = [(h.start, h.end) for h in hits.get("evaded", ())]
    tally_subject = _TALLY_SUBJECT.match(norm) is not None  # "Most of the attacks ...", "معظم ..."
    # "Most have been small: drones shot down far from the perimeter": a tally's, no interception told
    for hit in hits.get("intercept", ()) if not tally_subject else ():
        if any(lo <= hit.start < hi for lo, hi in evaded_spans):
            continue  # "منعها من اعتراضها", "failed to intercept": the defenses did not
        first, last = _token_index(starts, hit.start), _token_index(starts, hit.end - 1)
        if not _OPEN_QUESTION.isdisjoint(tokens[max(0, first - 5): first]):
            continue  # "did not say whether that drone was shot down", "لم يتضح ما إذا أسقطت": unknown
        if first > 0 and tokens[first - 1] in _ABILITY:
            continue  # "ballistic missiles are harder to intercept", "يصعب اعتراضها": no interception told
        if hit.phrase in _CONFRONT and not weapon_positions:
            continue  # "ستستمر في التصدي لمحاولات التهريب": confronting, with nothing fired to intercept
        # "the drone was not intercepted": none was
        if _negated(norm, hit.start):
            count: int | None = 0
        elif hit.phrase.endswith("هما"):
            count = 2  # "أسقطتهما", "تمكنت من إسقاطهما": both of them
        elif not _SHARE_WORDS.isdisjoint(tokens[last + 1: last + 4]):
            continue  # "تصدت لمعظمها", "intercepted most of them": a share, no number
        else:
            count = _near_count(tokens, first, last, weapon_positions)
        if count is not None:
            _at_least(facts, "intercepted", count)

    if facts.intercepted is None and hits.get("evaded", ()) and not _negated(norm, hits["evaded"][0].start):
        facts.intercepted = 0  # "a drone slipped past air defenses and slammed into a barracks"
    # "casualties or damage" says none only after a negation: "there was no immediate word on
    # casualties or damage" says nothing
    _keep_hits(hits, ("no_casualties", "no_damage"),
               lambda h: (not (" or " in h.phrase or " او " in h.phrase) or _negated(norm, h.start))
               # "it gave no details of casualties or damage": unsaid, not none
               and not _unsaid_before(norm, h.start))
    # "لم يسفر عن خسائر بشرية", "caused no human losses": no one hurt, nothing said of damage
    if "no_damage" in hits and "losses" in hits:
        _keep_hits(hits, ("no_damage",), lambda h: not (h.phrase.endswith(("خساير", "losses"))
                                                        and _loss_kinds(norm[h.end: h.end + 30]) == (True, False)))
    # "Most of those attacks caused no injuries", "with most attacks causing no injuries": a tally's
    tally = tally_subject or (
        bool(hits.get("no_casualties") or hits.get("no_damage") or hits.get("killed") or hits.get("wounded")
             or hits.get("losses")) and facts.cue("claim_of_most"))
    if hits.get("no_casualties", ()) and not tally:
        facts.no_casualties = True
    negated_damage = False
    for hit in hits.get("losses", ()) if not tally else ():  # "دون أن تسفر معظمها عن خسائر": a tally's
        if _negated(norm, hit.start):  # "ولا خسائر", "without losses": no one hurt, nothing damaged
            # "خسائر بشرية" is people only, "خسائر مادية" property only, "بشرية أو مادية" both
            after = norm[hit.end: hit.end + 30]
            human, material = _loss_kinds(after)
            facts.no_casualties = facts.no_casualties or human or not material
            negated_damage = negated_damage or material or not human
    # "قتل بضربة أمريكية", "killed in a US airstrike": the dead of the response, even in a
    # sentence that also relays the claim of the attack
    response_at = [_token_index(starts, h.start) for h in hits.get("response", ())]
    own_dead = False
    counted_groups: list[tuple[str | None, int]] = []  # the wounded counts read, with whose they are
    for name in ("killed", "wounded"):
        for hit in hits.get(name, ()):
            first, last = _token_index(starts, hit.start), _token_index(starts, hit.end - 1)
            if hits.get(_CLAIMANTS) and not _OWN_MEMBERS.isdisjoint(tokens[last + 1: last + 4]):
                own_dead = True  # "نعت كتائب حزب الله مقتل أحد عناصرها": the group's own fighter
                continue
            if any(0 < at - last <= _RESPONSE_REACH for at in response_at):
                continue
            if any(n.start <= hit.start < n.end for n in hits.get("no_casualties", ())):
                continue  # "مؤكداً عدم وقوع إصابات": the word of a denial, which counts nothing
            count = _casualty_count(tokens, first, last)
            if count is None and not _negated(norm, hit.start):
                count = _clause_head_count(norm, hit.start)
            if not count and _unsaid_before(norm, hit.start):
                continue  # "it did not mention the SDF casualties": nothing said of them, not none
            if not count and (_NOT_SERIOUSLY.search(norm, max(0, hit.start - 12), hit.start)
                              or _ABOARD.search(norm) is not None):
                # "no one was seriously hurt": some were; "no one on board was hurt": a ship's crew
                continue
            if count == 0 or (count is None and _negated(norm, hit.start)):
                if tally:
                    continue  # "the majority have caused no injuries": a tally's, not this attack's
                # "لم يوقعا أي إصابات", "neither attack causing casualties"; a number beats a
                # negation of something else ("لم يكن مقتل ثلاثة جنود حدثا معزولا"); "injuries
                # but no deaths" denies the deaths only
                if name == "killed":
                    facts.killed = facts.killed or 0
                else:
                    facts.no_casualties = True
                continue
            if count is not None and not tally_subject:
                # (not "the bulk of them caused no casualties, but about 60 ...": a tally's)
                group = _group_near(hits, starts, first)
                if name == "wounded" and counted_groups and group is not None \
                        and all(g is not None and g != group for g, _ in counted_groups):
                    # "four US service members were treated for TBI, and one Iraqi service member
                    # was wounded": two groups' counts add up
                    count += sum(c for _, c in counted_groups)
                    facts.wounded = None
                if name == "wounded":
                    counted_groups.append((group, count))
                _at_least(facts, name, count)
    # "Twenty of the injuries occurred at the Tanf garrison": that base's share of a total
    # (where they were hurt follows: not "Eight of the injured were flown out of Jordan")
    if " of the " in norm and (share := _SHARE_OF_HURT.search(norm)) is not None \
            and any(b.start >= share.end() for b in (*facts.bases, *hits.get("generic_base", ()))) \
            and (value := _count_value(share.group(1))) is not None:
        _at_least(facts, "wounded", value)
    # "أعلنت ... ارتفاع عدد الجنود المصابين في الهجوم الذي استهدف ... إلى 34 جندياً": the revised toll
    # ("أفاد المرصد بأن حصيلة القتلى ارتفعت إلى سبعة": the noun first, then the verb)
    rose = _AR_TOLL_ROSE.search(norm) if "عدد" in norm else \
        _AR_TOLL_ROSE_AFTER.search(norm) if "حصيله" in norm else None
    if rose is not None and (value := _count_value(rose.group(2))) is not None:
        _at_least(facts, "killed" if rose.group(1) in _AR_DEAD else "wounded", value)
        facts.revised = True
        facts.background = False  # "... إلى 34، بعدما كانت قد أعلنت في البداية عن 25": the toll now, news
    for hit in hits.get("revised_figure", ()):
        if hit.phrase in _SHORT_REVISED and not (hits.get("wounded") or hits.get("killed")):
            continue  # "the number of attacks rose to 150": no casualty figure
        # "the number had risen to 34": the figure given before, revised; of the dead when the
        # sentence speaks only of them, else of the wounded
        j = _token_index(starts, hit.end - 1) + 1
        while j < len(tokens) and tokens[j] in _COUNT_MODIFIERS and word_value(tokens[j]) is None:
            j += 1
        parsed = parse_number(tokens, j) if j < len(tokens) else None
        if parsed and 0 < parsed[0] < 1000 and (hits.get("wounded") or hits.get("killed")
                                                or not _COUNTED_THINGS.intersection(tokens)):
            name = "killed" if hits.get("killed", ()) and not hits.get("wounded", ()) else "wounded"
            _at_least(facts, name, parsed[0])
            facts.revised = True
    if facts.killed is not None or facts.wounded is not None or facts.no_casualties:
        facts.casualty_groups = {h.label for h in hits.get("casualty_groups", ())}
        # "No American troops were hurt": none of one group, said of no other
        facts.none_of_group = facts.no_casualties and facts.killed is None and facts.wounded is None \
            and (len(facts.casualty_groups) == 1 or _OWN_FORCES.search(norm) is not None)

    unknown = hits.get("damage_unknown", ())
    damage_hits = [h for h in hits.get("damage", ()) if not any(u.start <= h.start < u.end for u in unknown)]
    if damage_hits and weapon_hits:
        # "دمرت القوات الأمريكية طائرة مسيرة", "destroyed a drone": the weapon destroyed, not the base
        downed = [h for h in damage_hits if h.phrase in _DESTROY
                  and any(0 <= w.start - h.end <= _DESTROYED_WEAPON_GAP for w in weapon_hits)]
        # "اشتبكت مع طائرتين ... فدمّرت إحداهما في الجو": one of the weapons destroyed, not the base
        one_of = [h for h in damage_hits
                  if h.phrase in _DESTROY and h not in downed and _ONE_OF_THEM.match(norm, h.end)]
        for hit in one_of:
            if not _negated(norm, hit.start):
                facts.intercepted = 1  # "تصدت لطائرتين ... فدمّرت إحداهما": engaged two, downed one
        for hit in downed:
            if not _negated(norm, hit.start):
                # as many as the weapon right after counts: "دمرت ... طائرتين مسيرتين" is two downed
                weapon = next(w for w in weapon_hits if 0 <= w.start - hit.end <= _DESTROYED_WEAPON_GAP)
                _at_least(facts, "intercepted", facts.weapons.get(weapon.label.split(":")[0]) or 1)
        damage_hits = [h for h in damage_hits if h not in downed and h not in one_of]
    # "shooting down one, while the second was damaged but still reached the base": the drone damaged
    # "destroyed one of them and damaged the second": active, the weapon right after
    damage_hits = [h for h in damage_hits if not (h.phrase == "damaged" and (
        _WEAPON_DAMAGED.search(norm, max(0, h.start - 40), h.start) or _DAMAGED_WEAPON.match(norm, h.end)))]
    if tally:
        pass  # "most attacks caused no damage": a tally's, so neither "none" nor "damage" here
    elif hits.get("no_damage", ()) or negated_damage:
        facts.damage = "none"
    elif damage_hits := [h for h in damage_hits if not _unsaid_before(norm, h.start)]:
        facts.damage = "none" if all(_negated(norm, h.start) for h in damage_hits) else "damage"
    facts.same_day = bool(hits.get("same_day", ()))
    facts.several = bool(hits.get("several_attacks", ()))

    claimants = hits.get(_CLAIMANTS, ())
    if claimants:
        # "No group has claimed ...", "لم تعلن أي جهة مسؤوليتها": the sentence's first claim word
        # denied, there is no claim, whatever it says of other attacks after
        claim_hits = hits.get("claim", ())
        if facts.asides:
            # "The Islamic Resistance in Iraq, the umbrella name under which most attacks have been
            # claimed since October, presents ...": a claim said of the group in passing is none
            claim_hits = [h for h in claim_hits if not any(a <= h.start < b for a, b in facts.asides)]
        if own_dead:
            # "أعلنت الكتائب مقتل أحد عناصرها": announcing its dead is no claim of the attack
            claim_hits = [h for h in claim_hits if h.phrase not in _ANNOUNCE]
        claim_cue = bool(claim_hits) and not _negated(norm, claim_hits[0].start)
        if claim_cue and all(h.phrase in _STATEMENT_WORDS for h in claim_hits) and _SHORT_OF_CLAIM.search(norm):
            # "نعت الكتائب أحد عناصرها، وقالت في بيان ...، من دون أن تتبنى صراحة الهجوم": a statement
            # that stops short of claiming
            claim_cue = False
        # "said in a statement" names no attack claimed: with a blame ("said in a statement that Kataib
        # Hezbollah were responsible for the attack") the sentence blames
        worded = [h for h in claim_hits if h.phrase not in _STATEMENT_WORDS]
        # ("said in a statement that it was responsible": the group speaking of itself claims)
        blame = [h for h in hits.get("blame", ()) if not norm[max(0, h.start - 5): h.start].endswith(("it ", "they "))]
        blamed = bool(blame) and not (claim_cue and worded)
        if not blamed and claim_cue and not facts.cue("claim_of_most"):
            # "militias have claimed most of them": a tally's claimant, not this attack's
            facts.claimant = _claimant_of(claimants, claim_hits).label
            facts.claim = True
    elif hits.get("claim") and (hits.get("group_ref") or (hits.get("self_claim") and not facts.confirm)) \
            and not _negated(norm, hits["claim"][0].start):
        # "the factions said they attacked", "أعلنت أنها ضربت": the group named before (resolve)
        facts.claim = True
    if claimants:
        facts.named_group = claimants[0].label

    facts.published = published
    facts.dates = find_dates(norm, published) if everything else None


def _keep_hits(hits: dict[str, list[Hit]], names: tuple[str, ...], keep: Callable[[Hit], bool]) -> None:
    """Keep only the hits of the named sets that `keep` accepts; a set left empty goes."""
    for name in names:
        if name in hits:
            hits[name] = [h for h in hits[name] if keep(h)]
            if not hits[name]:
                del hits[name]


def _read_total(facts: SentenceFacts, hits: dict[str, list[Hit]], weapon_hits: list[Hit], tokens: list[str],
                starts: list[int]) -> None:
    """A count of projectiles of every kind: "17 projectiles were fired", "أطلقوا 17 مقذوفاً",
    or a count of one weapon said to span kinds ("سبعة عشر صاروخاً بين بالستي وقذيفة")."""
    if _LAUNCHED.isdisjoint(tokens):
        return  # "five projectiles came down inside the base": the ones that landed, not all fired
    heads = [_token_index(starts, h.start) for h in hits.get("projectile_total", ())]
    heads += [_token_index(starts, h.start) for h in weapon_hits
              if (k := _token_index(starts, h.end - 1) + 1) < len(tokens) and tokens[k] in _SPANNING]
    for k in range(1, len(tokens) - 1):
        if tokens[k] == "in" and tokens[k + 1] in ("all", "total"):
            heads.append(k)  # "ballistic missiles and rockets — 17 in all"
    for head in heads:
        count = _number_before(tokens, head)
        if count is not None and count != VAGUE and 0 < count <= MAX_PROJECTILES:
            facts.total = max(facts.total or 0, count)


_WHEN_AFTER = re.compile(r",?\s*(?:when|عندما|حين|حينما)(?!\w)")
_NTH_ATTACK = frozenset(normalize(w) for w in ("الهجوم الثاني", "الهجوم الثالث", "الهجوم الرابع", "the second attack",
                                                "the third attack", "the fourth attack"))
# What may come before "the third attack" opening a sentence that tells it: "أما", "وفي", "In".
_NTH_OPENINGS = frozenset(("اما", "واما", "في", "وفي", "in", "and in"))
_NTH_REACH = 12
_SAID_BEFORE = re.compile(rf"{whole_words(('said', 'says', 'told'))}(?!\w)")
_SO_FAR = frozenset(normalize(w) for w in ("so far", "to date", "until now", "up to now", "حتى الآن"))


def _in_negated_clause(norm: str, start: int) -> bool:
    """Whether a negation opens the clause that reaches `start` (from its last comma or semicolon)."""
    clause = norm[max(norm.rfind(",", 0, start), norm.rfind(";", 0, start)) + 1: start]
    return any(w.strip(_PUNCT) in _NEGATORS for w in clause.split())


# "لم تعلن أي جهة مسؤوليتها عن استهداف معسكر فكتوريا", "no group has claimed the Victory attack"
_NO_CLAIM = re.compile(r"(?:لم (?:تعلن|تتبن|يتبن|يعلن) (?:اي جهه|احد)|no (?:group|one) (?:has )?claimed"
                       r"|(?:has|have) not been claimed)(?!\w)")

_QUESTION = re.compile(r"(?<!\w)(?:whether|ما اذا|عما اذا)(?!\w)")

# An outcome asked about, not told: "there was no immediate word on casualties or damage".
_UNSAID = re.compile(
    r"(?:no (?:immediate )?(?:word|report|reports|information|details) (?:on|of|about)"
    # every branch begins with a literal, so the regex engine skips ahead to one
    r"|did not (?:say|specify|mention|give|disclose|provide)|would not (?:say|specify|mention|give|disclose|provide)"
    r"|not (?:immediately )?clear|declined to (?:say|specify|give|disclose)"
    # "من دون أن تشير إلى سقوط قتلى", "لم يذكر عدد الإصابات": not said, not none
    r"|دون ان (?:تشير|يشير|تذكر|يذكر|تحدد|يحدد)(?: الي)?|لم (?:تشر|يشر|تذكر|يذكر|تحدد|يحدد)(?: الي)?"
    r"|لم يتضح|لم تتضح|لم ترد معلومات عن|لم تعرف"
    # "ولم تتحدث أي مصادر عن إصابات", "no source mentioned casualties": silence, not none
    r"|لم (?:تتحدث|يتحدث|تتطرق|يتطرق)|no (?:source|sources) (?:spoke of|mentioned|reported)"
    # "ولم يقدّم المسؤول حصيلة دقيقة لعدد المصابين": no toll given, not none
    r"|لم (?:يقدم|تقدم|يعط|تعط)(?: \S+)? (?:حصيله|رقما|عددا))"
    r"(?:\s+\S+){0,3}?\s+$")

def _unsaid_before(norm: str, start: int) -> bool:
    """Whether the words just before `start` leave what follows unsaid ("did not mention the SDF
    casualties", "no immediate word on damage")."""
    return _UNSAID.search(norm, max(0, start - 60), start) is not None


# "To confront": an interception only when something fired is in the sentence.
_CONFRONT = frozenset(normalize(w) for w in ("التصدي", "تصدت", "تصدى"))

# An unnumbered share of a salvo ("shot down most of them", "تصدت لمعظمها").
_SHARE_WORDS = frozenset(normalize(w) for w in (
    "most", "majority", "much", "معظم", "معظمها", "لمعظمها", "اغلب", "اغلبها", "لاغلبها", "غالبيتها", "لغالبيتها",
    "معظمهما", "بعضها", "لبعضها", "some", "الغالب", "mostly", "usually"))


# A sentence about most of a tally of attacks, not about one attack.
_TALLY_SUBJECT = re.compile(r"(?:most|the majority|majority|many|the bulk|معظم|اغلب|غالبيه)(?!\w)")
_SINCE_THEN = re.compile(r"(?<!\w)(?:has|have|had) since$")
_SPANNING = frozenset(normalize(w) for w in ("بين", "ما بين", "including", "comprising"))
_LAUNCHED = frozenset(normalize(w) for w in (
    "fired", "launched", "total", "اطلق", "اطلقت", "اطلقوا", "اطلاق", "باطلاق", "واطلقوا", "اجمالي"))


def _at_least(facts: SentenceFacts, name: str, count: int) -> None:
    """Keep the larger of a sentence's counts of one thing: two figures for the same outcome
    in one sentence are a partial and a total ("one drone was downed; in all three were")."""
    old = getattr(facts, name)
    setattr(facts, name, count if old is None else max(old, count))


_SHORT_REVISED = frozenset(("has risen to", "had risen to", "risen to", "rises to", "rose to"))

# Words before an intercept verb that make it a capability, not an event.
_ABILITY = frozenset(normalize(w) for w in ("to", "يصعب", "يسهل", "صعوبة", "يمكن", "تستطيع", "يستطيع"))

# Destroying words that, before a weapon, say it was shot down ("دمرت القوات الأمريكية طائرة
# مسيرة ثالثة"), and how many characters may stand between them.
_DESTROY = frozenset(normalize(w) for w in ("دمرت", "destroyed a"))
_DESTROYED_WEAPON_GAP = 30
_ONE_OF_THEM = re.compile(r"\s+(?:احداهما|احداها|احدها|احدهما|واحده منهما|واحده منها|one of them)(?!\w)")
# "the second was damaged", "the drone was damaged": said of the weapon, right before "damaged"
_WEAPON_DAMAGED = re.compile(r"(?<!\w)(?:the (?:first|second|third|other|last|lone|single) |one |it "
                             r"|(?:the )?(?:drone|missile|rocket|projectile)s? )(?:\w+ )?(?:(?:was|were) (?:\w+ )?)?$")

_DAMAGED_WEAPON = re.compile(r" (?:the (?:first|second|third|other|last)(?: (?:one|drone|missile|rocket))?|one of them)"
                             r"(?= *(?:[,.;]|and |but |$))")

# Where one clause ends and the next begins, between two places a sentence names.
_CLAUSE_BREAK = re.compile(r"[,;]|(?<!\w)(?:while|whereas|meanwhile|بينما|في حين|فيما|اما)(?!\w)"
                           # "a rocket at Rumalyn and several rockets at MSS Euphrates"
                           r"|(?<!\w)and(?= (?:a|an|one|two|three|four|five|several|multiple|more|\d+) )")


def _clause_views(facts: SentenceFacts, published: dt.date) -> dict[str, SentenceFacts] | None:
    """One view of the sentence per base when it names several in separate clauses
    ("a drone was launched at Al-Asad, while in Syria a rocket was fired at Rmelan"): each
    base gets the weapons, counts and casualties of its own clause; the day, the recap
    cues, the claim and 'no casualties/no damage' stay the sentence's. None when the bases
    are not set apart by a clause break ("قاعدتي عين الأسد وحرير" share everything)."""
    hits = sorted(facts.bases, key=lambda b: b.start)
    if len({b.base_id for b in hits}) < 2 or not facts.hits:
        return None
    firsts: list[BaseHit] = []
    for hit in hits:
        if all(hit.base_id != f.base_id for f in firsts):
            firsts.append(hit)
    bounds = [0]
    for left, right in pairwise(firsts):
        breaks = list(_CLAUSE_BREAK.finditer(facts.norm, left.end, right.start))
        if not breaks:
            return None
        bounds.append(breaks[-1].start())
    bounds.append(len(facts.norm))
    views: dict[str, SentenceFacts] = {}
    for k, base in enumerate(firsts):
        lo, hi = bounds[k], bounds[k + 1]
        part = {name: [Hit(h.label, h.phrase, h.start - lo, h.end - lo) for h in found if lo <= h.start < hi]
                for name, found in facts.hits.items()}
        view = SentenceFacts(index=facts.index, text=facts.text, norm=facts.norm[lo:hi])
        _fill(view, {n: v for n, v in part.items() if v}, [b for b in facts.bases if b.base_id == base.base_id],
              published)
        view.norm, view.dates, view.countries = facts.norm, facts.date_refs(), facts.countries
        view.attack, view.background, view.same_day, view.several = \
            facts.attack, facts.background, facts.same_day, facts.several
        view.claimant, view.claim, view.confirm = facts.claimant, facts.claim, facts.confirm
        view.no_casualties = view.no_casualties or facts.no_casualties
        view.damage = facts.damage if facts.damage == "none" or view.damage is None else view.damage
        views[base.base_id] = view
    return views


def _joined(norms: list[str]) -> tuple[str, list[int]]:
    """Sentences joined by newlines, which no phrase crosses and which bound words like the
    ends of a string, and where each sentence starts."""
    offsets, pos = [], 0
    for norm in norms:
        offsets.append(pos)
        pos += len(norm) + 1
    return "\n".join(norms), offsets


def _names_a_base(matcher: BaseMatcher, norm: str) -> bool:
    """Whether a text names a registry base: one search that stops at the first, instead of
    finding every base of the page (the prefilter runs on every page)."""
    scanner, aliases = _article_scanner(matcher)
    if aliases is None:
        return bool(matcher.find(norm))
    return scanner._sets[scanner.names.index(_BASES)].search(norm)


@cache
def _landmark_before() -> re.Pattern[str]:
    """A landmark word right before a base (cues.yaml: landmark), with the clitic ل/لل or "من"."""
    words = trie_alternation(sorted(cue_sets()["landmark"].phrases))
    return re.compile(rf"(?<!\w)(?:{words})\s+(?:ل|لل|ال)?$")


# A landmark follows the base it locates within this many characters ("Green Village, near the").
_LANDMARK_GAP = 40


# A base the one before it serves ("Tower 22 ..., supporting the larger garrison at al-Tanf",
# "وتؤدي دوراً لوجستياً في دعم حامية التنف"), up to four words before its name; a relative
# clause may stand between the two bases.
_SUPPORTING = re.compile(
    r"(?<!\w)(?:supporting|supports|in support of|في دعم|لدعم|دعما ل|تدعم|يدعم)(?:\s+\S+){0,4}?\s+(?:ل|لل|ال)?$")
_SUPPORT_GAP = 160


def _drop_landmarks(norm: str, bases: list[BaseHit]) -> list[BaseHit]:
    """Leave out a base named only to locate the base before it ("Mission Support Site Green
    Village, near the al-Omar oil field", "قاعدة القرية الخضراء المتاخمة لحقل العمر") or as
    the one it serves."""
    out = [bases[0]]
    pattern = _landmark_before()
    for prev, hit in pairwise(bases):
        if prev.base_id != hit.base_id and hit.start - prev.end <= _LANDMARK_GAP \
                and pattern.search(norm, max(prev.end, hit.start - 30), hit.start):
            continue
        if prev.base_id != hit.base_id and hit.start - prev.end <= _SUPPORT_GAP \
                and _SUPPORTING.search(norm, max(prev.end, hit.start - 40), hit.start):
            continue
        out.append(hit)
    return out


# "its border with Syria", "على الحدود الأردنية مع سوريا": the neighbour across the border
_BORDER_WITH = re.compile(r"(?:border|borders|الحدود)(?: \S+){0,3} (?:with|مع) $")
_BORDER_WITH_ENDS = ("with ", "مع ")


def _countries(hits: dict[str, list[Hit]], norm: str) -> list[str]:
    """Countries named in a sentence, not counting those inside a group's name ("the Islamic
    Resistance in Iraq said it attacked a base in eastern Syria": Syria) nor the neighbour
    across a border ("a base near the Syrian border", "its border with Syria": not Syria)."""
    places = hits.get(_PLACES, ())
    if not places:
        return []
    names = hits.get(_CLAIMANTS, ())
    found = [h for h in places if not any(n.start <= h.start < n.end for n in names)] if names else places
    if found and found[0].start < _CITY_TAG_REACH and (tag := _CITY_TAG.match(norm)) is not None:
        found = [h for h in found if h.start >= tag.end()]  # "أربيل (كوردستان 24)-": where the outlet filed from
    # _BORDER_WITH ends with "with " or "مع " right before the place: a C-level endswith first
    # spares most places the regex search (every sentence is read for its countries)
    beyond = [h for h in found if norm[h.end: h.end + 7] == " border"
              or (norm.endswith(_BORDER_WITH_ENDS, 0, h.start)
                  and _BORDER_WITH.search(norm, max(0, h.start - 60), h.start) is not None)]
    return [h.label for h in found if h not in beyond]


# A short sentence naming a day may only set the scene for the attack told next (_introduces_next).
_SCENE_SETTER_CHARS = 120


def read_sentences(sentences: list[str], published: dt.date, matcher: BaseMatcher,
                   everything: bool = False, idle: bool = True) -> list[SentenceFacts]:
    """Every recognizer over every sentence of an article, the phrase sets (and the
    registry's aliases) scanned once for the whole article. Sentences without any fact
    phrase (_FACT_SETS) get only their countries, unless `everything`; with idle=False they
    are left out unless they name a country (the resolver reads nothing else of them)."""
    norms = normalize_many(sentences)
    scanner, aliases = _article_scanner(matcher)
    hits = scanner.scan_sentences(norms)
    live = [i for i in range(len(norms)) if everything or not _FACT_SET_NAMES.isdisjoint(hits[i])]
    bases: dict[int, list[BaseHit]] = {}
    if aliases is not None:
        country = matcher.country_of
        for i in live:
            norm = norms[i]
            found = [BaseHit(h.label, country(h.label), h.start, h.end, norm[h.start:h.end])
                     for h in hits[i].get(_BASES, ())]
            bases[i] = _drop_landmarks(norm, found) if len(found) > 1 else found
    elif live:
        bases = {i: [] for i in live}
        live_joined, live_offsets = _joined([norms[i] for i in live])
        for hit in matcher.find(live_joined):
            k = bisect_right(live_offsets, hit.start) - 1
            shift = live_offsets[k]
            bases[live[k]].append(BaseHit(hit.base_id, hit.country, hit.start - shift, hit.end - shift, hit.text))
        for i, found in bases.items():
            if len(found) > 1:
                bases[i] = _drop_landmarks(norms[i], found)
    out = []
    for i, (text, norm) in enumerate(zip(sentences, norms, strict=True)):
        if not idle and i not in bases and _PLACES not in hits[i] and _BASES not in hits[i] \
                and not (len(norm) <= _SCENE_SETTER_CHARS and holds_any(norm, WEEKDAY_WORDS)):
            continue  # (kept: "That pattern broke on Monday evening.", which dates the attack told next)
        # the published day lets the resolver read any sentence's dates when it asks ("In the
        # early hours of January 8, 2020, soldiers at Ain Al Asad ..." sets the year of what follows)
        facts = SentenceFacts(index=i, text=text, norm=norm, published=published, dates=None)
        facts.countries = _countries(hits[i], norm)
        if i in bases:
            _fill(facts, hits[i], bases[i], published, everything)
            if _BASES in hits[i]:
                kept = {b.base_id for b in bases[i]}
                facts.landmarks = {h.label for h in hits[i].get(_BASES, ())} - kept
        elif aliases is not None and _BASES in hits[i]:
            # a base named where nothing happens ("identified the site as Tower 22"): the
            # resolver may name an unnamed place by it (_name_unnamed)
            facts.bases = [BaseHit(h.label, matcher.country_of(h.label), h.start, h.end, norm[h.start:h.end])
                           for h in hits[i][_BASES]]
        out.append(facts)
    return out


def read_sentence(index: int, text: str, published: dt.date, matcher: BaseMatcher) -> SentenceFacts:
    """Run every recognizer over one sentence."""
    facts = read_sentences([text], published, matcher, everything=True)[0]
    facts.index = index
    return facts


# ---------------------------------------------------------------- resolver

@dataclass
class _Draft:
    date: dt.date | None
    date_explicit: bool
    base_id: str | None
    place: str | None
    country: str | None
    background: bool
    sentences: list[SentenceFacts] = field(default_factory=list)
    claimant: str | None = None  # from a claim sentence that names no place (used when none of its own)
    anchors: set[int] = field(default_factory=set)  # sentences that placed the attack here

    def key(self) -> tuple:
        return (self.base_id or self.place, self.date, self.background)

    def absorb(self, other: _Draft) -> None:
        """Take another draft's sentences as attached ones (not anchors), in reading order, once each."""
        self.sentences = sorted({id(f): f for f in self.sentences + other.sentences}.values(), key=lambda f: f.index)


_NON_WORD = re.compile(r"[^\w ]")


@cache
def _base_kind_words() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_yaml("cues.yaml")["base_kind_words"])


def _short_name(draft: _Draft) -> str | None:
    """The name the article gave the draft's base without its kind ("al asad air base" ->
    "al asad"), when distinctive enough to find again."""
    text = _base_text(draft)
    if text is None:
        return None
    kinds = _base_kind_words()
    core = " ".join(w for w in text.strip(_PUNCT).split() if w.strip(_PUNCT) not in kinds)
    return core if len(core) >= 4 else None


def _claimed_by_short_name(facts: SentenceFacts, drafts: list[_Draft]) -> list[_Draft]:
    """A claim naming attacks by their bases' short names ("said it was behind the Al-Asad
    attack", "claimed the Al-Asad and Erbil attacks"): those attacks."""
    padded = " " + _NON_WORD.sub(" ", facts.norm) + " "
    found: dict[int, _Draft] = {}
    for draft in drafts:
        name = _short_name(draft) if draft.base_id and not draft.background else None
        at = padded.find(f" {name} ") if name else -1
        if at >= 0 and not _negated(facts.norm, at):  # "but did not mention the Rmelan strike"
            found[id(draft)] = draft
    per_base = Counter(d.base_id for d in found.values())
    return [d for d in found.values() if per_base[d.base_id] == 1]  # two Al-Asad attacks: which one?


def _the_campaign(facts: SentenceFacts) -> bool:
    """Whether a sentence's unnamed place is the whole campaign, not one attack: "asked about the
    attacks on bases in Iraq and Syria" (no weapon), "fired rockets and drones at bases hosting
    American troops more than 150 times" (a tally)."""
    place = facts.generic_place or ""
    return bool((_BASES_IN.match(place) and not facts.weapons)
                or (_PLURAL_BASES.match(place) and _TIMES.search(facts.norm)))


_BASES_IN = re.compile(r"(?:us |u\.s\. |american )?bases in ")
_PLURAL_BASES = re.compile(r"(?:us |u\.s\. |american )?bases ")
# "fired rockets and drones at bases hosting American troops more than 150 times": a tally
_TIMES = re.compile(r"(?<!\w)(?:\d+|dozens of|scores of|hundreds of) times(?!\w)")
_COUNTRY_BASE = re.compile(r"(?<!\w)the (iraqi|syrian|jordanian) (?:air |military )?(?:base|airbase|outpost)(?!\w)")
_COUNTRY_OF_ADJECTIVE = {"iraqi": "IQ", "syrian": "SY", "jordanian": "JO"}


def _claimed_by_country(facts: SentenceFacts, drafts: list[_Draft]) -> list[_Draft]:
    """A claim of "the Iraqi base" after attacks in two countries ("said it had targeted the
    Iraqi base with a drone"): the one attack told in that country, when there is one."""
    found = _COUNTRY_BASE.search(facts.norm)
    if found is None:
        return []
    country = _COUNTRY_OF_ADJECTIVE[found.group(1)]
    named = [d for d in drafts if d.country == country and not d.background]
    return named if len(named) == 1 else []


def _only_other_attacks(facts: SentenceFacts) -> bool:
    """Whether every "attacks" the sentence names is "the other attacks" ("تبنت الهجوم على عين
    الأسد، فيما لم تعلن أي جهة مسؤوليتها عن الهجومين الآخرين"): no claim of them all."""
    norm = facts.norm
    return all(norm.startswith(" الاخر", h.end) or norm[max(0, h.start - 6): h.start] == "other "
               for h in facts.hits.get("several_attacks", ()))


# A sentence set in a country from its first words: "In Syria, ...", "In northeastern Syria,",
# "وفي سوريا،", "أما في سورية، فقد ...".
_FRAME_REACH = 24
_IN_WORDS = frozenset(("in", "في", "وفي", "ففي"))
_FORCES = frozenset(normalize(w) for w in ("forces", "troops", "personnel", "قوات", "القوات", "عناصر", "جنود"))


def _country_frame(facts: SentenceFacts, anywhere: bool = False) -> tuple[str, str] | None:
    """The place text and country a sentence opens in, if it opens in one country; with
    anywhere, the one country it sets something in ("... at coalition forces in southwest Syria")."""
    places = facts.hits.get(_PLACES, ())
    if not places or (places[0].start > _FRAME_REACH and not anywhere) or set(facts.countries) != {places[0].label}:
        return None
    head = facts.norm[:places[0].start].split()
    # the preposition right before the country, or a word or two before it ("in northeastern Syria",
    # "في جنوب غرب سوريا")
    at = next((i for i in range(len(head) - 1, len(head) - 4, -1) if i >= 0 and head[i] in _IN_WORDS), None)
    if at is None or (anywhere and _FORCES.isdisjoint(head[max(0, at - 6): at])):
        return None  # (anywhere: the forces set there, "at coalition forces in southwest Syria")
    return " ".join([*head[at:], places[0].phrase]), places[0].label


def _unnamed_site(facts: SentenceFacts, current: _Draft | None, placed: bool) -> tuple[None, str, str] | None:
    """An attack on a site the report does not name, in the country the sentence sets it in:
    "In northeastern Syria, rockets and a drone were fired at U.S. forces" after the attacks in
    Iraq, or, with nothing placed yet, "two drones were launched at coalition forces in southwest
    Syria". None for a sentence with no weapon, or one that tells the US response, a claim or a recap."""
    if not facts.weapons or facts.response or facts.claim or facts.background:
        return None
    if current is not None:
        framed = _country_frame(facts) if current.country is not None else None
        return (None, *framed) if framed is not None and framed[1] != current.country else None
    framed = _country_frame(facts, anywhere=True) if facts.attack and not placed else None
    return (None, *framed) if framed is not None else None


def _country_of(facts: SentenceFacts, fallback: str | None) -> str | None:
    return facts.countries[0] if facts.countries else fallback


def _is_recap(facts: SentenceFacts, date: dt.date | None, published: dt.date,
              news_date: dt.date | None = None) -> bool:
    """A sentence recaps earlier events when its date lies beyond the reporting lag, when it
    names an earlier year, or when it carries a recap cue ("since", "وكانت") and no date
    of the news: "fired ... on Saturday evening, in one of the largest attacks since
    October" is news; "since last Wednesday, bases were attacked five times" is a recap."""
    if date is not None and (published - date).days > REPORTING_LAG_DAYS and date != news_date:
        return True
    if facts.background and date is not None and news_date is not None and date < news_date \
            and (not facts.claim or _PLUPERFECT.search(facts.norm) or facts.norm.startswith(_HAD_SAID_OPENINGS)
                 or _OPENS_AS_RECAP.match(facts.norm)):
        return True  # "وكانت المقاومة قد أعلنت مساء السبت استهداف قاعدة حرير": had claimed, before
    if any(ref.kind == "year" and ref.year is not None and ref.year < _recent_year(published)
           for ref in facts.date_refs()):
        return True
    if date is None and _names_earlier_month(facts, published):
        return True
    if any(ref.date is None and ref.year is not None and ref.year < EARLIEST.year for ref in facts.date_refs()):
        return True  # "on 18 October 1999": history, whatever else the sentence says
    # a claim of the attack ("said in a statement it had targeted ... in response to ...") is
    # news of it unless dated otherwise; its pluperfect and motive are no recap
    return facts.background and date is None and (not facts.claim or _OPENS_AS_RECAP.match(facts.norm) is not None)


def _opens_with_day(facts: SentenceFacts, date: dt.date) -> bool:
    """Whether the sentence opens with the day it tells of ("On Wednesday, ...", "وفي يوم
    الأربعاء، ..."): set after the news, an earlier day so opened is the story behind it."""
    return any(ref.date == date and ref.kind in ("weekday", "relative") and len(facts.norm[:ref.start].split()) <= 2
               for ref in facts.date_refs())


# "ويأتي ذلك بعد يوم من تبني المقاومة هجوما على ...": the whole sentence tells what came before,
# its claim included.
_OPENS_AS_RECAP = re.compile(
    r"(?:[وف]?(?:يأتي|تأتي|ياتي|تاتي)|this comes|it comes|the attack came|the attacks came)(?!\w)")


# An undated sentence right after one set in an earlier year continues that story.
FRAME_SENTENCES = 3
# "\d\d{3}", not "\d{4}": a pattern that begins with a character class lets the regex engine skip
# ahead to a digit, one that begins with a repeat does not (a third faster on every sentence)
_FOUR_DIGITS = re.compile(r"\d\d{3}")


def _names_earlier_month(facts: SentenceFacts, published: dt.date) -> bool:
    """"In November, a missile struck the base" in a January report: an earlier month, named
    without its day, is a recap (unless the report is so early in its month that the month
    before it may still be the news)."""
    key = ("earlier_month", published)
    found = facts.cues_read.get(key)
    if found is None:
        found = False
        for ref in find_months(facts.norm, published):
            if ref.year is not None and ref.month is not None:
                months_back = (published.year - ref.year) * 12 + published.month - ref.month
                if months_back >= 2 or (months_back == 1 and published.day > REPORTING_LAG_DAYS):
                    found = True
        facts.cues_read[key] = found
    return found


def _recent_year(published: dt.date) -> int:
    """The earliest year a report may name for recent news: its own, or in January and February
    the one before ("in the last days of 2023", written on 1 January 2024)."""
    return published.year - (published.month <= 2)


def _names_earlier_year(facts: SentenceFacts, published: dt.date) -> bool:
    limit = _recent_year(published)
    if not facts.norm or not any(int(y) < limit for y in _FOUR_DIGITS.findall(facts.norm)):
        return False  # no four-digit number before the year of the news: no earlier year
    return any((year := ref.year if ref.year is not None else ref.date.year if ref.date is not None else None)
               is not None and year < limit
               and (ref.kind == "year" or _FOUR_DIGITS.search(ref.text)) for ref in facts.date_refs())


def _anniversary(facts: SentenceFacts, old_days: set[tuple[int, int]], published: dt.date) -> bool:
    """A date without its year on the month and day of an earlier year's date already told."""
    return any(ref.kind == "explicit" and ref.date is not None and not _FOUR_DIGITS.search(ref.text)
               and (ref.date.month, ref.date.day) in old_days for ref in facts.date_refs())


def _dated_on_its_own(facts: SentenceFacts, published: dt.date) -> bool:
    """A day the sentence gives in full: a weekday, "yesterday", or a date with its year."""
    return any(ref.date is not None and (ref.kind in ("weekday", "relative") or _FOUR_DIGITS.search(ref.text))
               for ref in facts.date_refs())


_CONTEXT_CUES = frozenset(normalize(w) for w in (
    "since", "منذ", "سلسلة هجمات", "series of attacks", "wave of attacks", "string of attacks", "so far", "to date",
    "حتى الان", "the latest in", "in recent weeks", "over the past"))


def _only_context(facts: SentenceFacts) -> bool:
    """The sentence's recap cues only set the news in context ("the latest in a series of
    attacks since October"), none tells of an earlier attack."""
    cues = facts.hits.get("background", ())
    return bool(cues) and all(h.phrase in _CONTEXT_CUES for h in cues) and not _PLUPERFECT.search(facts.norm)


def _tells_attack(facts: SentenceFacts) -> bool:
    """An attack word or a weapon that is not only asked about ("whether the drones hit")."""
    return facts.attack or (bool(facts.weapons) and not facts.asked)


def _dated_after_cue(facts: SentenceFacts, date: dt.date) -> bool:
    """Whether the sentence's day stands after a cue that moves to an earlier attack ("it came
    two days after the base was hit on Saturday"), so that it is that attack's day."""
    cues = [b.start for b in facts.hits.get("background", ()) if b.phrase in _AFTER_CUES]
    return bool(cues) and any(r.date == date and r.start > min(cues) for r in facts.date_refs())


def _introduces_next(all_facts: list[SentenceFacts], k: int, published: dt.date) -> dt.date | None:
    """The day of a short sentence that only sets the scene for the attack told right after it,
    undated ("On Monday evening, the pattern shifted. Militants fired a ballistic missile at Ain
    al-Asad ..."; "Monday brought another reminder ... A drone targeted Ain al-Asad air base")."""
    facts = all_facts[k]
    if k + 1 >= len(all_facts) or len(facts.norm) > _SCENE_SETTER_CHARS or facts.index + 1 != all_facts[k + 1].index:
        return None
    after = all_facts[k + 1]
    if not (after.attack or after.weapons) or after.background or after.claim \
            or not (after.bases or after.generic_place) or after.best_date(published, reporting=False) is not None:
        return None
    day = facts.best_date(published, reporting=False)
    return day if day is not None and (published - day).days <= REPORTING_LAG_DAYS else None


def _lead_date(all_facts: list[SentenceFacts], published: dt.date) -> dt.date | None:
    """The day of the news: the first date the article gives to an attack that is not a
    recap. Leads often date the attack ("came under attack four times on Monday") in a
    sentence that names no base; the sentences naming the bases follow undated."""
    for k, facts in enumerate(all_facts):
        if not _tells_attack(facts) and (day := _introduces_next(all_facts, k, published)) is not None:
            return day
        if not _tells_attack(facts) or facts.claim or (facts.response and not facts.bases and not facts.weapons):
            continue  # (the US response, "When American B-1 bombers struck 85 targets on Friday", is no attack)
        date = facts.best_date(published, reporting=False)  # not the day a source spoke, yet
        if date is None:
            continue
        if not facts.background and not _is_recap(facts, date, published):
            return date
        # a lead set in context ("fired at two locations on Thursday, the second day in a row
        # since the war began"): the first such sentence dates the news before a later,
        # uncued one ("On Wednesday, US forces engaged drones near ...")
        if facts.background and _only_context(facts) and (published - date).days <= REPORTING_LAG_DAYS \
                and not _names_earlier_year(facts, published) \
                and not _dated_after_cue(facts, date):
            # (not "It came only two days after the same base was hit on Saturday": the earlier one's day)
            return date
    for facts in all_facts:
        if _tells_attack(facts) and not facts.background and facts.claim:
            date = facts.best_date(published)
            if date is not None and not _is_recap(facts, date, published):
                return date
    # a late disclosure ("two dozen troops were injured in drone attacks last week, Central
    # Command said Tuesday"): no attack of the last days, and the first uncued attack dated
    # within a week is the news; not in a report of the US response, whose news is the strikes
    # ("struck back Friday ... The soldiers were killed on Jan. 28 when a drone struck Tower 22")
    for facts in all_facts:
        if facts.response:
            break
        if _tells_attack(facts) and not facts.background and (facts.bases or facts.generic_place):
            date = facts.best_date(published, reporting=False)
            if date is not None and (published - date).days <= DISCLOSURE_DAYS \
                    and not _names_earlier_year(facts, published) and not _names_earlier_month(facts, published):
                return date
    for facts in all_facts:  # at last, the day a source spoke of the attack
        if _tells_attack(facts) and not facts.background:
            date = facts.best_date(published)
            if date is not None and not _is_recap(facts, date, published):
                return date
    # no plain lead: a lead with a count of earlier attacks ("targeted three times on Monday,
    # pushing the count since Oct. 17 to 16") still dates the news, if recently enough
    # a day of the facts before the day a source spoke ("came hours after two more attacks on
    # Thursday" before "the Pentagon said early Friday")
    for reporting in (False, True):
        for facts in all_facts:
            if _tells_attack(facts) and facts.background:
                date = facts.best_date(published, reporting=reporting)
                if date is not None and (published - date).days <= REPORTING_LAG_DAYS \
                        and not _names_earlier_year(facts, published):
                    return date
    return None


# The toll of a campaign told right after its tally: "have been hurt", not "were hurt" on a day.
_TALLY_TENSE = re.compile(r"\bhave been (?:hurt|wounded|injured|killed)\b")
# "ففي 20 كانون الثاني ...", "ثم أعلنت ...": a sentence that goes on with the one before ("for", "then")
_GOES_ON = ("ففي ", "ثم ")


def resolve(all_facts: list[SentenceFacts], published: dt.date, matcher: BaseMatcher) -> list[_Draft]:
    """Assign sentences to incidents, in reading order."""
    drafts: list[_Draft] = []
    current: _Draft | None = None
    article_country = next((c for f in all_facts for c in f.countries), None)
    news_date = _lead_date(all_facts, published)  # the day the article's news happened
    by_index = {f.index: f for f in all_facts}

    claims: list[tuple[SentenceFacts, _Draft | None]] = []
    leads: list[SentenceFacts] = []
    common: list[tuple[SentenceFacts, dt.date | None]] = []  # outcomes of every attack of a day
    old_frame_until = -1  # sentences up to this index still speak of an earlier year
    recap_at = -2  # the last sentence that placed a recapped attack
    last_opened: list[_Draft] = []  # the attacks the last placing sentence told of
    last_named: _Draft | None = None  # the base "the base" refers to
    named_bases: set[str] = set()
    last_claimant: str | None = None
    last_group: str | None = None
    dated_before: tuple[int, dt.date] | None = None  # the last sentence dating attacks it did not place
    claims_of_day: list[tuple[SentenceFacts, dt.date | None]] = []  # claims of several attacks naming some of them
    response_at = -2  # the last sentence telling of the US response
    responded = False  # whether any sentence so far told of it
    elsewhere_at = -2  # the last sentence whose facts were another war's (Gaza, the Red Sea)
    in_recap = False  # the last attack told was an earlier one, placed nowhere
    old_days: set[tuple[int, int]] = set()  # month and day of the earlier years' dates told
    scene: tuple[SentenceFacts, tuple[str, None, str | None]] | None = None  # a base named, nothing happening yet
    for facts in all_facts:
        if facts.response and not facts.bases:
            response_at = facts.index
        responded = responded or facts.response
        if len({b.base_id for b in facts.bases}) == 1 and not _tells_attack(facts) and not facts.background:
            scene = (facts, (facts.bases[0].base_id, None, facts.bases[0].country))
        if facts.claim and facts.claimant is None and (last_claimant or last_group) is not None:
            # "الفصائل", "the group": the group named before, as a claimant or else at all
            facts.claimant = last_claimant or last_group
        elif facts.claim and facts.claimant:
            last_claimant = facts.claimant
        if facts.named_group is not None:
            last_group = facts.named_group
        if _names_earlier_year(facts, published):
            old_frame_until = facts.index + FRAME_SENTENCES
            old_days |= {(ref.date.month, ref.date.day) for ref in facts.date_refs()
                         if ref.date is not None and ref.date.year < _recent_year(published)}
        elif old_days and _anniversary(facts, old_days, published):
            # "... on January 8, 2020. [...] In the early hours of January 8, Iran retaliated": the
            # same day of the month without its year, in an anniversary piece, is that year's
            old_frame_until = facts.index + FRAME_SENTENCES
        elif facts.index <= old_frame_until and not _dated_on_its_own(facts, published):
            # an undated sentence goes on in the earlier year it follows ("... 16 ballistic missiles,
            # eleven of which hit the base. [...] That same night, the Guards shot down an airliner")
            old_frame_until = facts.index + FRAME_SENTENCES
        bases = facts.bases
        if facts.claim and bases and drafts:
            # "claimed the attack on Al-Asad but did not mention the Rmelan strike": no claim of Rmelan
            bases = [b for b in bases if not _negated(facts.norm, b.start)
                     and not _NO_CLAIM.search(facts.norm, max(0, b.start - 80), b.start)]
        if facts.claim and facts.landmarks and bases \
                and not any(d.base_id == b.base_id for d in drafts for b in bases) \
                and (near := [d for d in drafts if not d.background and d.base_id in facts.landmarks]):
            # "claimed ... what it called the 'Harir base near Erbil airport'" on the day a drone hit
            # Erbil airport: the group's name for the attack told, not another attack
            for draft in near:
                draft.sentences.append(facts)
            continue
        if facts.claim and not bases and drafts and (named := _claimed_by_short_name(facts, drafts)
                                                     or _claimed_by_country(facts, drafts)):
            for draft in named:  # "claimed the Al-Asad and Erbil attacks": each one's claim
                draft.sentences.append(facts)
            continue
        places = [(b.base_id, None, b.country) for b in bases]
        scene_day: dt.date | None = None
        if not places and facts.generic_place and not _the_campaign(facts):
            places = [(None, facts.generic_place, _country_of(facts, article_country))]
        if not places and (site := _unnamed_site(facts, current, bool(drafts))) is not None:
            places = [site]
        if not places and (facts.attack or facts.weapons) and last_named is not None and len(named_bases) == 1 \
                and not in_recap and facts.cue("coref_base"):
            # "the base", "القاعدة": the one base the article has named (with two or more, which?)
            places = [(last_named.base_id, last_named.place, last_named.country)]
        elif not places and (facts.attack or facts.weapons) and last_named is None and scene is not None \
                and scene[0].index == facts.index - 1 and not in_recap and facts.cue("coref_base"):
            # "That approach came to an abrupt end early on Sunday at Tower 22, a logistics outpost in
            # Jordan. A single drone struck the base's living quarters": the base the sentence before set
            places = [scene[1]]
            scene_day = scene[0].best_date(published, reporting=False)  # "... early on Sunday at Tower 22"
        if places and current is not None and (facts.claim or not facts.weapons) \
                and ({b or p for b, p, _ in places} != {current.base_id or current.place}) \
                and not any((d.base_id or d.place) == (b or p) and not d.background
                            for d in drafts for b, p, _ in places) \
                and not (current.base_id is None and {c for _, _, c in places} == {current.country}) \
                and facts.best_date(published, reporting=False) in (None, current.date) \
                and facts.cue("the_attack") and (facts.claim or facts.cue("said")):
            # "the attack targeted al-Tanf, not Jordanian territory, the spokesman said", "the group
            # claimed the attack on 'Harir base near Erbil airport'": another account of the attack
            # under discussion, not another attack
            current.sentences.append(facts)
            continue
        if places and current is not None and facts.claim and not current.background \
                and {b or p for b, p, _ in places} == {current.base_id or current.place} and current.date is not None \
                and (spoke := facts.best_date(published)) is not None \
                and 0 < (spoke - current.date).days <= REPORTING_LAG_DAYS and facts.cue("the_attack"):
            # "نعت كتائب حزب الله، اليوم الثلاثاء، أحد مقاتليها ...، فيما تبنّت المقاومة الهجوم على قاعدة عين
            # الأسد": the claim, a day or two later, of the attack on the base just told
            current.sentences.append(facts)
            continue
        # the US response ("American jets hit 85 targets at seven locations in Iraq") places no
        # attack, unless it names a base or the attack's weapon ("strikes hours after a drone hit a base")
        anchored = bool(places) and _tells_attack(facts) \
            and not (facts.response and not facts.bases and not facts.weapons)
        if not places and facts.attack and not facts.response:
            # "The attacks came two days after a barrage at Al-Asad on Saturday. Most were
            # intercepted ...": what follows an earlier attack told unplaced is that attack's
            earliest = facts.best_date(published, reporting=False, earliest=True)
            if earliest is not None:  # an undated "Most were intercepted" goes on with the same story
                in_recap = news_date is not None and earliest < news_date \
                    and (current is None or earliest != current.date)
            # attacks dated but placed nowhere: the next sentence may place them
            day = facts.best_date(published, reporting=False)
            # only an earlier day than the news: a sentence dated by the news day is no frame
            dated_before = (facts.index, day) if day is not None and news_date is not None \
                and day < news_date else None
        if anchored:
            # a claim's day is the day the group spoke unless it names another ("أعلنت المقاومة،
            # مساء الخميس، أنها استهدفت ...")
            date = facts.best_date(published, reporting=news_date is None or facts.claim, earliest=facts.background)
            if date is None and scene_day is not None:
                date = scene_day
            if date is None and dated_before is not None and dated_before[0] == facts.index - 1:
                date = dated_before[1]  # "... a fuller accounting of the Oct. 18 attacks. At al-Tanf, 20 were hurt"
            if date is None and facts.same_day and not facts.background and current is not None \
                    and current.date is not None:
                date = current.date  # "in a second attack the same day": the day just discussed
            # dated only by the day a source spoke ("..., the Pentagon said on Tuesday"): a report of
            # the news, not an undated recap
            reported = date is None and news_date is not None and facts.best_date(published) is not None
            recap = _is_recap(facts, news_date if reported else date, published, news_date)
            if recap and date is None and not reported and current is not None and _earlier_statement(facts) \
                    and not _names_earlier_year(facts, published):
                # "وكان مصدر أمني قد أفاد بأن 14 صاروخاً أطلقت على ..." after the news: what a source had
                # said of the attack under discussion, as in the attached sentences
                recap = False
            if recap and facts.response and (facts.bases or facts.generic_place) and date is not None \
                    and 0 < (published - date).days <= 1 \
                    and all(b.phrase in _RESPONSE_CUES or b.phrase in _AFTER_CUES
                            for b in facts.hits.get("background", ())):
                # "شنت الولايات المتحدة فجر اليوم الثلاثاء ضربات ... رداً على هجوم ... استهدف قاعدة أربيل
                # يوم أمس الاثنين": in the report of the response, yesterday's attack is news too
                recap = False
            if not recap and facts.background and len(places) >= 3 and not facts.claim:
                recap = True  # "the 26th attack since October; they were spread over Omar, Conoco, Rmelan and al-Tanf"
            if not recap and not facts.weapons and facts.cue("the_attack") \
                    and _only_recapped(drafts, places):
                recap = True  # "the remains of the three soldiers killed in the attack on Tower 22": the one recapped
            if not recap and facts.index <= old_frame_until and not _dated_on_its_own(facts, published):
                recap = True  # "In January 2020, Iran fired ... Most missiles fell on Ain al-Asad": still 2020
            if not recap and date is None and recap_at == facts.index - 1 and _ALSO.search(facts.norm):
                recap = True  # "Earlier this week, al-Tanf was targeted ... Ain al-Asad also came under attack"
            if not recap and date is None and recap_at == facts.index - 1 and not facts.claim \
                    and _only_recapped(drafts, places, dated_before=news_date, dated=True):
                # "The attacks began on October 17 and 18, at Ain al-Asad and al-Tanf. At al-Tanf, where a
                # drone got past the defenses, 20 troops were hurt": the recap goes on, at a base it named
                recap = True
            if not recap and date is not None and news_date is not None and date < news_date \
                    and current is not None and current.date == news_date and _opens_with_day(facts, date) \
                    and not any(n is not None for n in facts.weapons.values()) and facts.total is None:
                # "On Wednesday, US forces engaged drones near ...", after Thursday's news: the
                # story behind it, told in outline (a count, "three drones headed for", is news told)
                recap = True
            if not recap and date is not None and news_date is not None and date < news_date \
                    and facts.norm.startswith(_GOES_ON) and (recap_at == facts.index - 1 or (
                        (before := by_index.get(facts.index - 1)) is not None
                        and (before.background or before.cue("background")))):
                # "وهذه ثالث مرة تستهدف فيها القاعدة منذ مساء السبت. ففي 20 كانون الثاني أطلقت ... ثم أعلنت
                # الوزارة أن مسيّرة استهدفت القاعدة يوم الاثنين": the earlier attacks the sentence before counted
                recap = True
            in_recap = recap  # what follows a recapped attack is that attack's, until news is placed again
            if recap:
                recap_at = facts.index
            explicit = date is not None
            if date is None:
                date = (current.date if current is not None and current.date is not None else news_date) \
                    if not recap else None
            opened: list[_Draft] = []
            views = _clause_views(facts, published) if not recap and len(places) > 1 else None
            for base_id, place, country in dict.fromkeys(places):
                # an undated mention right before ("Drones hit al-Tanf garrison: US official", a live
                # blog's entry title) is dated by the sentence that goes on with the same base
                match = next((d for d in drafts if (d.base_id or d.place) == (base_id or place)
                              and d.background == recap and (d.date == date or not explicit or (
                                  not d.date_explicit and (d.date is None or d.date != news_date
                                                           or d.anchors == {facts.index - 1})))),
                             None)
                if match is None:
                    match = _Draft(date, explicit, base_id, place, country, recap)
                    drafts.append(match)
                elif explicit and not match.date_explicit:
                    match.date, match.date_explicit = date, True
                match.sentences.append(views.get(base_id, facts) if views and base_id else facts)
                match.anchors.add(facts.index)
                opened.append(match)
            last_opened = opened
            if facts.claim and facts.claimant and facts.several and not recap and facts.hits.get(_PLACES) \
                    and not facts.cue("generic_claim") and not _only_other_attacks(facts):
                claims_of_day.append((facts, date))  # "تبنت الهجمات ... في عين الأسد وأربيل وسورية"
            if not recap:
                current = opened[-1]
                named = [d for d in opened if d.base_id]
                if named:
                    last_named = named[-1]
                    named_bases.update(d.base_id for d in named)
                if explicit and news_date is None:
                    news_date = date
                if facts.several and len(places) == 1 and (facts.no_casualties or facts.damage == "none"):
                    common.append((facts, date))  # "... Erbil airport; neither attack caused injuries"
            continue
        if (response_at == facts.index - 1 or (responded and facts.cue("the_strikes"))) \
                and not facts.weapons and not facts.bases and not facts.generic_place \
                and (not facts.attack or not facts.cue("the_attack")) \
                and (facts.killed is not None or facts.wounded is not None):
            # (also "one person was killed and 18 were injured in a strike in Hillah": the strikes' toll)
            continue  # "The strikes hit three facilities. Officials said one person was killed": the strikes' toll
        if current is not None and facts.has_facts and not facts.response and (not in_recap or facts.claim) \
                and (not facts.background or (_earlier_statement(facts) and facts.best_date(
                    published, reporting=False) in (None, current.date))) \
                and not (facts.index <= old_frame_until and not _dated_on_its_own(facts, published)):
            # (after "In January 2020, Iran fired ...", "That strike caused no deaths but ..." is 2020's)
            if not facts.bases and not facts.countries and (
                    ((facts.killed is not None or facts.wounded is not None or facts.intercepted is not None)
                     and facts.cue("elsewhere"))
                    # "He said the projectiles were heading for Israel, and there were no US casualties":
                    # the outcome of the other war's event told right before
                    or (elsewhere_at == facts.index - 1 and not facts.generic_place
                        and (not facts.weapons or facts.cue("elsewhere")))):
                elsewhere_at = facts.index
                # "21 soldiers were killed on Monday when a grenade hit a tank in Gaza", "the USS Carney,
                # operating in the northern Red Sea, shot down three cruise missiles": another war's
                continue
            if (facts.killed is not None or facts.wounded is not None) and not facts.bases \
                    and not facts.generic_place and not facts.weapons and _TALLY_TENSE.search(facts.norm) \
                    and (before := by_index.get(facts.index - 1)) is not None and before.background:
                continue  # "... attacked more than 60 times since Oct. 17. Roughly 60 U.S. personnel have been hurt"
            date = facts.best_date(published, reporting=False)
            if date is None and _names_earlier_month(facts, published):
                continue  # "In November, a missile struck the base and injured eight": another attack
            if (facts.claim or facts.revised) and date is not None and current.date is not None \
                    and 0 <= (date - current.date).days <= REPORTING_LAG_DAYS:
                # a claim is dated by when the group spoke, a revised toll ("in an updated count
                # released yesterday, ... bringing the wounded at the base to five") by when it was
                # revised, on the day or after
                date = None
            if date is not None and date != current.date and (current.date_explicit or news_date is not None):
                told = facts.intercepted is not None or facts.killed is not None or facts.wounded is not None \
                    or facts.damage is not None
                if told and last_named is not None and len(named_bases) == 1 and not facts.claim \
                        and (published - date).days <= REPORTING_LAG_DAYS and facts.cue("coref_base"):
                    # "the first drone was spotted late on Sunday heading for the base, and was shot
                    # down" in a report of Monday's: an attack on the one base, on its own day
                    split = _on_day(drafts, last_named, date)
                    split.sentences.append(facts)
                    if not facts.weapons:  # "the first [drone]": the weapon of the attack told
                        kinds = {w: None for f in current.sentences if f.index in current.anchors for w in f.weapons}
                        split.sentences.append(SentenceFacts(index=facts.index, text=facts.text, norm=facts.norm,
                                                             weapons=kinds))
                continue  # a fact about another day belongs to no incident we know
            if date is not None and not current.date_explicit and (published - date).days <= REPORTING_LAG_DAYS:
                current.date, current.date_explicit = date, True
            if facts.several and (not facts.weapons or facts.claim):
                # "no one was hurt in any of the three attacks": an outcome of every attack that day;
                # "said it carried out drone attacks on the two bases": a claim of every one;
                # "neither attack", "both attacks" right after a sentence placing two: those two
                pair = len(last_opened) == 2 and _PAIR.search(facts.norm) is not None
                for draft in last_opened if pair else drafts:
                    if facts.countries and draft.country not in facts.countries:
                        continue  # "took credit for the two attacks in Iraq": not the one in Syria
                    if not draft.background and draft.date == current.date and facts not in draft.sentences:
                        draft.sentences.append(facts)
                if (facts.no_casualties or facts.damage == "none") and not pair:
                    common.append((facts, current.date))  # and of the attacks placed after it
                continue
            current.sentences.append(facts)
        elif facts.claim and facts.background and facts.best_date(published) is None and facts.claimant \
                and not facts.cue("generic_claim"):
            claims.append((facts, current))  # "وكانت الفصائل قد تبنت الهجمات": claimed before this report
        elif current is None and facts.has_facts and not facts.response \
                and (not facts.background or _only_context(facts) or _earlier_statement(facts)) \
                and not (responded and not facts.weapons and (facts.killed is not None or facts.wounded is not None)):
            # (a toll told after the US response and before any attack, "Baghdad said 16 people were
            # killed on the Iraqi side", is the strikes')
            # "... came under a series of attacks on Thursday that caused no injuries": the
            # series is the news, its outcome every attack's
            leads.append(facts)  # "None of Monday's attacks caused injuries": said before any attack is placed

    for draft in drafts:
        if draft.date is None and not draft.background:
            draft.date = news_date or published
    drafts = _merge_other_accounts(drafts, published)
    for facts in leads:
        # a fact stated before any attack is placed: all of a single incident's; of several,
        # only an outcome common to all ("no injuries", "no damage") on the day it names
        day = facts.best_date(published, reporting=False) or news_date or published
        news = [d for d in drafts if not d.background and d.date == day]
        # "none of the three attacks killed or hurt anyone": an outcome, not a count of one attack
        outcome_only = not facts.weapons and not facts.killed and not facts.wounded \
            and facts.intercepted is None and facts.claimant is None
        if len(news) == 1 or outcome_only:
            for draft in news:
                draft.sentences.insert(0, facts)
        elif (facts.background or facts.several) and (facts.no_casualties or facts.damage == "none"):
            for draft in news:  # "a series of drone and rocket attacks ... caused no injuries"
                draft.sentences.insert(0, _outcome_only(facts))
        elif facts.claim and facts.claimant and facts.several:
            for draft in news:  # "أعلنت المقاومة تنفيذ عمليتين ضد قاعدتين": the claimant of each
                if draft.claimant is None and not _left_unclaimed(facts, draft):
                    draft.claimant = facts.claimant
    for facts, day in common:
        # "a drone targeted Erbil airport, and neither attack caused injuries or damage": the
        # outcome is every attack's of that day, not the weapons or counts of the clause
        outcome = _outcome_only(facts)
        for draft in drafts:
            if not draft.background and draft.date == day and all(f.index != facts.index for f in draft.sentences) \
                    and any(f.index in draft.anchors and not f.claim for f in draft.sentences):
                draft.sentences.append(outcome)  # not to an attack known only from a claim
    for said, day in claims_of_day:
        for draft in drafts:
            if not draft.background and draft.date == day and draft.claimant is None \
                    and not any(f.claimant for f in draft.sentences) and not _left_unclaimed(said, draft):
                draft.claimant = said.claimant
    for facts, at in claims:
        # a claim of several attacks covers every attack of the news day; one of a single
        # attack covers the incident under discussion
        news = [d for d in drafts if not d.background and d.date == (news_date or published)]
        # told before any attack is placed, a claim of one attack is the article's one attack's
        targets = news if facts.several else [at] if at is not None else news if len(news) == 1 else []
        for draft in targets:
            if draft.claimant is None and not _left_unclaimed(facts, draft):
                draft.claimant = facts.claimant
    return _name_unnamed(_fold_generic(drafts), all_facts)


# Weapons stored, not fired: the targets of a strike, not an attack's weapons.
_STORED = frozenset(normalize(w) for w in (
    "storage", "stored", "depot", "depots", "warehouse", "warehouses", "stockpiles", "مخازن", "مخزن", "مستودعات",
    "مستودع", "لتخزين", "تخزين"))
# Two attacks told of together: "neither attack", "both attacks", "أي من الهجومين".
_PAIR = re.compile(r"(?<!\w)(?:neither|both|either|كلا|كلتا|الهجومين|الهجومان|العمليتين)(?!\w)")
# "also", "كما": the sentence goes on with what the one before told.
_ALSO = re.compile(r"(?<!\w)(?:also|too|كما|ايضا)(?!\w)")
_PLURAL_PLACE = re.compile(r"(?<!\w)(?:قاعدتين|قاعدتان|قواعد|موقعين|موقعان|مواقع|bases|locations|sites|positions)"
                           r"(?!\w)")


def _earlier_statement(facts: SentenceFacts) -> bool:
    """What a source had said of the attack under discussion ("وكانت القيادة المركزية أعلنت أن
    طائرة مسيرة نفذت الهجوم، ما أسفر عن مقتل ثلاثة"): the pluperfect is the statement's, not
    the attack's, so the sentence is news unless it carries another recap cue or another day."""
    cues = facts.hits.get("background", ())
    return bool(cues) and all(hit.phrase in _HAD_SAID for hit in cues) and facts.claimant is None \
        and (facts.claim or facts.cue("said") or facts.confirm)


_HAD_SAID = frozenset(normalize(w) for w in ("وكانت", "وكان"))
_HAD_SAID_OPENINGS = tuple(f"{w} " for w in _HAD_SAID)  # a sentence opening with one of them


def _another_account(facts: SentenceFacts, published: dt.date) -> bool:
    """A sentence that places "the attack" somewhere in someone's words, with no weapon and
    no day of its own: "the spokesman said the attack did not take place inside Jordan but
    targeted the al-Tanf base"."""
    return not facts.weapons and facts.best_date(published, reporting=False) is None \
        and facts.cue("the_attack") and (facts.claim or facts.cue("said"))


def _only_recapped(drafts: list[_Draft], places: list[tuple], dated_before: dt.date | None = None,
                   dated: bool = False) -> bool:
    """Whether every place a sentence names has been told so far only as a recap, never as news;
    with `dated`, a recap dated explicitly (before `dated_before`, when given)."""
    def recap_ok(d: _Draft) -> bool:
        return not dated or (d.date_explicit and d.date is not None
                             and (dated_before is None or d.date < dated_before))

    return all(any((d.base_id or d.place) == (b or p) and d.background and recap_ok(d) for d in drafts)
               and not any((d.base_id or d.place) == (b or p) and not d.background for d in drafts)
               for b, p, _ in places)


def _on_day(drafts: list[_Draft], base: _Draft, date: dt.date) -> _Draft:
    """The news draft of the base's attack on that day, opened if there is none."""
    found = next((d for d in drafts if d.base_id == base.base_id and d.date == date and not d.background), None)
    if found is None:
        found = _Draft(date, True, base.base_id, base.place, base.country, False)
        drafts.append(found)
    return found


def _merge_other_accounts(drafts: list[_Draft], published: dt.date) -> list[_Draft]:
    """A news attack placed only by another account of an attack told before any base was
    named (the in-order rule in resolve needs an attack under discussion): it is the one
    attack of that day that has a weapon."""
    kept: list[_Draft] = []
    for draft in drafts:
        anchors = [f for f in draft.sentences if f.index in draft.anchors]
        if not draft.background and anchors and all(_another_account(f, published) for f in anchors):
            armed = [d for d in drafts if d is not draft and not d.background and d.date == draft.date
                     and any(f.weapons for f in d.sentences if f.index in d.anchors)]
            if len(armed) == 1:
                armed[0].absorb(draft)
                continue
        kept.append(draft)
    return kept


def _outcome_only(facts: SentenceFacts) -> SentenceFacts:
    """The sentence's "no casualties" and "no damage" alone, for attacks it tells of together
    without giving each one's weapons or counts."""
    return SentenceFacts(index=facts.index, text=facts.text, norm=facts.norm, no_casualties=facts.no_casualties,
                         damage="none" if facts.damage == "none" else None)


def _fold_generic(drafts: list[_Draft]) -> list[_Draft]:
    """A "base in western Iraq" reported on the day a named Iraqi base was attacked is
    that base: articles name the place vaguely first and precisely later."""
    named = [d for d in drafts if d.base_id and not d.background]
    kept: list[_Draft] = []
    for draft in drafts:
        if draft.base_id is None:
            target = next((n for n in named if n.date == draft.date and n.country == draft.country
                           and n.background == draft.background), None)
            if target is None and draft.country is None:
                # "a US military site", in no country the article names: the one base attacked that day
                same_day = [n for n in named if n.date == draft.date and n.background == draft.background]
                target = same_day[0] if len(same_day) == 1 else None
            if target is None and not draft.background:
                target = next((k for k in kept if k.base_id is None and k.date == draft.date
                               and k.country == draft.country and not k.background), None)
            if target is not None and _PLURAL_PLACE.search(draft.place or ""):
                # "three drones targeted two bases": the totals of several, none one base's; the
                # claim is each one's
                target.claimant = target.claimant or next(
                    (f.claimant for f in draft.sentences if f.claimant), draft.claimant)
                continue
            if target is not None:
                target.absorb(draft)
                # the vague place's sentences join as attached ones: the sentences naming the
                # base say which weapons hit it ("a base in western Iraq" may be a recap's)
                continue
            if draft.background:
                continue  # a vague recap ("bases were attacked last year") is no incident
        kept.append(draft)
    return kept


def _name_unnamed(drafts: list[_Draft], all_facts: list[SentenceFacts]) -> list[_Draft]:
    """An attack on "a small outpost in north-eastern Jordan" in an article that goes on to
    name one base of that country, without reporting an attack on it ("identified the site
    as Tower 22"), happened at that base."""
    placed = {d.base_id for d in drafts if d.base_id}
    for draft in drafts:
        if draft.base_id is not None or draft.background or draft.country is None:
            continue
        named = {b.base_id for f in all_facts for b in f.bases if b.country == draft.country}
        if len(named) == 1 and not named & placed:
            draft.base_id = named.pop()
            placed.add(draft.base_id)
    return drafts


def _base_text(draft: _Draft) -> str | None:
    """How the article named the base (normalized), for location_text."""
    for facts in draft.sentences:
        for hit in facts.bases:
            if hit.base_id == draft.base_id:
                return hit.text
    return None


# "صواريخ" names rockets and missiles alike: a count of one kind may be the other's.
_FAMILY = {"missile": "rocket"}


# "has claimed most of the recent attacks": the group's record, not a claim of this one
_CLAIMED_MOST = re.compile(r"(?<!\w)(?:claimed|تبنت|تبنى) (?:\S+ ){0,2}?(?:most|many|several|معظم|اغلب|العديد)(?!\w)")


def _left_unclaimed(facts: SentenceFacts, draft: _Draft) -> bool:
    """Whether a claim sentence names this attack's base only after saying no one claimed it
    ("تبنت الهجومين على عين الأسد والتنف، في حين لم تعلن أي جهة مسؤوليتها عن المسيرة التي
    أسقطت قرب حرير")."""
    if draft.base_id is None:
        return False
    unclaimed = _NO_CLAIM.search(facts.norm)
    if unclaimed is None:
        return False
    here = [b.start for b in facts.bases if b.base_id == draft.base_id]
    return bool(here) and all(start > unclaimed.start() for start in here)


def _finish(draft: _Draft) -> Mention:
    weapons: dict[str, None] = {}
    projectiles: int | None = None
    weak: int | None = None
    intercepted: int | None = None
    killed: int | None = None
    wounded: int | None = None
    no_casualties = False
    damage: str | None = None
    claimant: str | None = None
    confirmed = False
    groups: set[str] = set()
    wounded_groups: set[str] = set()
    # the weapons of the sentences that place the attack; a sentence only attached to it
    # ("the militias began with small drones", "most have been rockets") adds a weapon only
    # when those name none
    anchored_weapons = {w for f in draft.sentences if f.index in draft.anchors for w in f.weapons}
    counted_weapons: set[str] = set()
    claimed: int | None = None
    for facts in draft.sentences:
        for weapon in facts.weapons:
            if not anchored_weapons or weapon in anchored_weapons:
                weapons[weapon] = None
        counted = [c for w, c in facts.weapons.items() if c is not None and w in weapons]
        counted_weapons.update(w for w, c in facts.weapons.items() if c is not None)
        if counted and facts.hits.get("claim"):
            claimed = max(claimed or 0, sum(counted))  # the group's version of the count
        elif counted:
            projectiles = max(projectiles or 0, sum(counted))
        weak_counted = [c for w, c in facts.weak_counts.items() if w in weapons]
        if weak_counted:
            weak = max(weak or 0, sum(weak_counted))
        if facts.intercepted is not None:
            intercepted = facts.intercepted if intercepted is None else max(intercepted, facts.intercepted)
        if facts.killed is not None:
            killed = max(killed or 0, facts.killed)
        if facts.wounded is not None:
            if wounded and facts.casualty_groups and facts.casualty_groups.isdisjoint(wounded_groups) \
                    and _ALSO.search(facts.norm):
                wounded += facts.wounded  # "four service members had TBI ... an Iraqi soldier was also wounded"
            else:
                wounded = max(wounded or 0, facts.wounded)
            wounded_groups |= facts.casualty_groups
        no_casualties = no_casualties or facts.no_casualties
        if facts.damage == "damage" or (facts.damage == "none" and damage is None):
            damage = facts.damage
        if claimant is None and facts.claimant and not _left_unclaimed(facts, draft) \
                and not (facts.claim and _CLAIMED_MOST.search(facts.masked_norm())):
            claimant = facts.claimant
        confirmed = confirmed or facts.confirm
        if facts.killed or facts.wounded:
            groups |= facts.casualty_groups
    if claimant is None and draft.claimant is not None:
        claimant = draft.claimant
    if projectiles is None:
        # "the group said two drones were launched; the Pentagon referred to a single drone"
        projectiles = claimed
    if projectiles is None:
        projectiles = weak
    vague = {w for f in draft.sentences for w in f.vague} - counted_weapons
    if vague & weapons.keys():
        projectiles = None  # "عدة قذائف ثم طائرتان": how many in all is not said
    launched = {_FAMILY.get(w, w) for f in draft.sentences for w, c in f.weapons.items()
                if c is not None and w not in f.downed}
    launched |= {_FAMILY.get(w, w) for f in draft.sentences for w in f.weak_counts}
    shot_down = projectiles
    # a group's "بالطائرات المسيرة" is its rhetoric, not a count left unsaid
    if ({_FAMILY.get(w, w) for f in draft.sentences if not f.claim for w in f.bare if w in weapons} - launched) \
            and not any(f.total is not None for f in draft.sentences):
        projectiles = None  # "targeted with rockets and drones ... shot down two drones": launched, unsaid
    totals = [f.total for f in draft.sentences if f.total is not None]
    if totals:
        projectiles = max(totals)  # "17 projectiles in all", beyond the counts of each kind
    if projectiles is not None and projectiles > MAX_PROJECTILES:
        projectiles = None
    if intercepted is not None and intercepted > MAX_PROJECTILES:
        intercepted = None
    killed = None if killed is not None and killed > MAX_CASUALTIES else killed
    wounded = None if wounded is not None and wounded > MAX_CASUALTIES else wounded
    if intercepted == ALL:
        intercepted = projectiles if projectiles is not None else shot_down
    elif intercepted is not None and intercepted <= ALL_BUT:
        left = ALL_BUT - intercepted
        intercepted = projectiles - left if projectiles is not None and projectiles > left else None
    if projectiles is not None and intercepted is not None and intercepted > projectiles:
        projectiles = intercepted
    if no_casualties:
        # "No American troops were hurt; a partner-force fighter was lightly wounded": of the
        # others, only the wounded are told, not that none died
        partial = wounded and all(f.none_of_group for f in draft.sentences if f.no_casualties)
        killed = 0 if killed is None and not partial else killed
        wounded = 0 if wounded is None else wounded
    ordered = [w for w in WEAPON_ORDER if w in weapons]
    return Mention(
        incident_date=draft.date,
        base_id=draft.base_id,
        location_text=draft.place if draft.base_id is None else _base_text(draft),
        country=draft.country,
        weapons=ordered,
        projectiles=projectiles,
        intercepted=intercepted,
        killed=killed,
        wounded=wounded,
        damage=damage,
        claimed_by=claimant,
        claim_only=bool(claimant) and not confirmed,
        casualty_groups=",".join(sorted(groups)) or None,
        evidence=" ".join(f.text for f in draft.sentences),
        is_background=draft.background,
        sentence_ids=[f.index for f in draft.sentences],
    )


def extract_mentions(text: str, published: dt.date, matcher: BaseMatcher) -> list[Mention]:
    """Every incident an article reports, recaps included (flagged is_background)."""
    facts = read_sentences(split_sentences(text), published, matcher, idle=False)
    return _within_bounds([_finish(d) for d in resolve(facts, published, matcher)], published)


def _within_bounds(mentions: list[Mention], published: dt.date) -> list[Mention]:
    """No mention without a place (neither a base nor a country), and none dated before 2000
    (dates.EARLIEST) or after its article's publication:
    a recap's day becomes unknown, and news that could only be dated so is dropped (the
    resolver dates news by the article, so this happens only for a publication date that is
    itself out of range)."""
    kept = []
    for mention in mentions:
        if mention.base_id is None and mention.country is None:
            continue  # "US bases in the region": no place a table could hold
        day = mention.incident_date
        if day is not None and not (EARLIEST <= day <= published):
            if not mention.is_background:
                continue
            mention.incident_date = None
        kept.append(mention)
    return kept


def is_relevant(mentions: list[Mention]) -> bool:
    """An article is relevant when it reports at least one attack as news."""
    return any(not m.is_background for m in mentions)


def mention_id(article_id: str, mention: Mention, ordinal: int) -> str:
    """Stable id: the article, the incident's day and place, and its order among equals."""
    key = f"{article_id}|{mention.incident_date}|{mention.base_id or mention.location_text}|{ordinal}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]



@cache
def _incident_words() -> re.Pattern[str]:
    """Every attack word and weapon noun, as the recognizers match them."""
    phrases = set(cue_sets()["attack"].phrases) | set(weapon_set().phrases)
    return re.compile(rf"(?<!\w){CLITICS}(?:{trie_alternation(phrases)})(?!\w)")


@cache
def _generic_places() -> PhraseSet:
    """A phrase set, not a bare pattern: PhraseSet.search first finds where a phrase may be,
    with a pattern the regex engine skips ahead on, and runs the bounded pattern only from
    there: twice as fast on the pages that name no base."""
    return normalized_phrase_set(dict.fromkeys(cue_sets()["generic_base"].phrases, "generic_base"))


@cache
def _forces_in_a_country() -> re.Pattern[str]:
    """Forces set in a place ("at coalition forces in southwest Syria", "عناصر أميركية ... في جنوب
    غرب سوريا"): what `_country_frame(facts, anywhere=True)` places an unnamed attack by."""
    return re.compile(rf"(?<!\w)(?:{trie_alternation(_FORCES)})(?:\s+\S+){{0,6}}?\s+(?:{trie_alternation(_IN_WORDS)})"
                      rf"(?:\s+\S+){{0,2}}?\s+{CLITICS}(?:{trie_alternation(place_set().phrases)})(?!\w)")


def might_report_incident(text: str, matcher: BaseMatcher | None = None) -> bool:
    """A cheap prefilter: False only when extract_mentions(text, ...) can return no mention.

    Every mention needs a sentence with an attack word or a weapon noun (cues.yaml: attack,
    weapons.yaml), so a text with neither, after the same normalization, has none; given the
    matcher, a text that names no base and no base-like place has none either. A phrase found
    in a sentence is found in the whole normalized text too (sentences end at spaces), so the
    test never says False for a page extraction would keep. Forces set in a country count as a
    place too: an attack on them is one on an unnamed site there."""
    norm = normalize(text)
    if _incident_words().search(norm) is None:
        return False
    if matcher is None:
        return True
    # most pages that get here name a base: asked first, it settles them in one search
    return _names_a_base(matcher, norm) or _generic_places().search(norm) \
        or _forces_in_a_country().search(norm) is not None
