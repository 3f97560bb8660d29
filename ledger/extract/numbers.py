"""Figures in text: digits and words, hedges ("at least", "up to"), ranges and vague quantities.

`find_quantities(sentence)` returns every figure with its span and its low/high bounds under the counting
conventions of SCHEMA.md: "seven" -> 7..7, "at least seven" -> 7..None, "up to 80" -> None..80,
"70 to 80" -> 70..80, "dozens" -> 24..None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ledger.extract.twins import ascii_lower, finditer
from ledger.lexicon import hedges, number_words


@dataclass(frozen=True)
class Quantity:
    start: int  # offsets within the sentence, hedge included
    end: int
    low: int | None
    high: int | None
    value: int  # the figure itself, whatever the hedge
    text: str
    hedge: str | None  # "low", "high", "exact" or None (a plain figure)
    vague: bool = False  # "dozens", "scores": a conventional figure, not a count
    is_range: bool = False
    number_start: int = 0  # where the figure proper starts (after the hedge)


_UNITS = ("one two three four five six seven eight nine").split()
_TEENS = ("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = ("twenty thirty forty fifty sixty seventy eighty ninety").split()


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    word_small = rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS + _UNITS)})"
    word_number = rf"{word_small}(?:\s+(?:hundred|thousand)(?:\s+(?:and\s+)?{word_small})?)?"
    digits = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
    multiplier = r"(?:\s+(?:hundred|thousand|million))?"
    vague = sorted((w for w, (_, k) in number_words().items() if k == "vague" or " " in w), key=len, reverse=True)
    vague_re = "|".join(re.escape(v) for v in vague)
    core = rf"(?:(?P<vague>{vague_re})\b|(?P<digits>{digits}){multiplier}\b|(?P<words>{word_number})\b)"
    hedge_words = sorted((h for h, (_, pos) in hedges().items() if pos == "before"), key=len, reverse=True)
    hedge_re = "|".join(re.escape(h) for h in hedge_words)
    after_words = sorted((h for h, (_, pos) in hedges().items() if pos == "after"), key=len, reverse=True)
    after_re = "|".join(re.escape(h) for h in after_words)
    number = re.compile(
        rf"(?<![\w$€£.-])(?:(?P<hedge>{hedge_re})\s+)?{core}(?:\s+(?P<after>{after_re})\b)?",
        re.IGNORECASE,
    )
    range_re = re.compile(
        rf"(?<![\w$€£.-])(?P<between>between\s+|from\s+)?(?P<a>{digits}|{word_number})\s*"
        rf"(?:(?:to|and)\s+|[-–]\s*)(?P<b>{digits}|{word_number})\b",
        re.IGNORECASE,
    )
    return number, range_re, re.compile(word_number, re.IGNORECASE)


def word_to_int(text: str) -> int | None:
    """ "forty-two" -> 42, "two hundred and five" -> 205, "1,200" -> 1200, "1.5 million" -> 1500000."""
    t = text.lower().replace("-", " ").replace(",", "").strip()
    words = number_words()
    if re.fullmatch(r"\d+(\.\d+)?(\s+(hundred|thousand|million))?", t):
        parts = t.split()
        value = float(parts[0])
        if len(parts) == 2:
            value *= words[parts[1]][0]
        return int(value)
    total, current = 0, 0
    for w in t.split():
        if w == "and":
            continue
        if w not in words:
            return None
        value, kind = words[w]
        if kind == "multiplier":
            current = max(current, 1) * value
            if value >= 1000:
                total, current = total + current, 0
        else:
            current += value
    return total + current


def _bounds(value: int, bound: str | None) -> tuple[int | None, int | None]:
    if bound == "low":
        return value, None
    if bound == "high":
        return None, value
    return value, value


@cache
def _figure_words() -> tuple[str, ...]:
    """Every figure the patterns read holds a digit or one of these words (lower case)."""
    vague = (w.lower() for w, (_, k) in number_words().items() if k == "vague" or " " in w)
    words = {*_UNITS, *_TEENS, *_TENS, *vague}
    # A word holding another ("fourteen", "dozens of") changes nothing in `any(word in text)`: left out.
    return tuple(sorted(w for w in words if not any(other != w and other in w for other in words)))


_DIGIT = re.compile(r"\d")


def _may_hold_a_figure(sentence: str) -> bool:
    # Most sentences hold no figure; this costs less than running the two patterns over them. Only
    # ASCII sentences are ruled out: there lower() and the patterns' IGNORECASE agree exactly.
    if not sentence.isascii() or _DIGIT.search(sentence):
        return True
    lowered = sentence.lower()
    return any(word in lowered for word in _figure_words())


def find_quantities(sentence: str) -> list[Quantity]:
    """Every figure in `sentence`, left to right, ranges first (they contain two figures)."""
    if not _may_hold_a_figure(sentence):
        return []
    number, range_re, _ = _patterns()
    lowered = ascii_lower(sentence)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in finditer(range_re, sentence, lowered):
        a, b = word_to_int(m.group("a")), word_to_int(m.group("b"))
        joiner = sentence[m.end("a") : m.start("b")].strip().lower()
        if a is None or b is None or not (0 < a < b) or (joiner == "and" and not m.group("between")):
            continue
        if _looks_like_year(m.group("a")) or _looks_like_year(m.group("b")):
            continue
        # "between 27 and 31 March", "from 1 to 5 June" are dates, not figures
        if re.match(rf"\s*(?:{_month_names()})\b", sentence[m.end() :], re.IGNORECASE):
            continue
        found.append(Quantity(m.start(), m.end(), a, b, b, m.group(0), None, False, True, m.start("a")))
        taken.append((m.start(), m.end()))
    for m in finditer(number, sentence, lowered):
        if any(s <= m.start("hedge" if m.group("hedge") else _core(m)) < e for s, e in taken):
            continue
        quantity = _quantity(m, sentence)
        if quantity:
            found.append(quantity)
    return sorted(found, key=lambda q: q.start)


def _core(m: re.Match) -> str:
    return next(g for g in ("vague", "digits", "words") if m.group(g))


def _month_names() -> str:
    return "January|February|March|April|May|June|July|August|September|October|November|December"


def _looks_like_year(text: str) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d", text.strip()))


def _quantity(m: re.Match, sentence: str) -> Quantity | None:
    core = _core(m)
    raw = m.group(core)
    words = number_words()
    vague = core == "vague"
    if vague:
        value, kind = words[raw.lower()]
        vague = kind == "vague"
    else:
        value = word_to_int(raw)
        if value is None:
            return None
        if core == "digits" and _looks_like_year(raw) and "," not in raw:
            return None
    hedge_bound = None
    if m.group("hedge"):
        hedge_bound = hedges()[m.group("hedge").lower()][0]
    elif m.group("after"):
        hedge_bound = hedges()[m.group("after").lower()][0]
    if vague and hedge_bound is None:
        low, high = value, None
    else:
        low, high = _bounds(value, hedge_bound)
    return Quantity(
        m.start(), m.end(), low, high, value, m.group(0), hedge_bound, vague, False, m.start(core)
    )
