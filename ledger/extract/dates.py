"""Dates in text, resolved against the publication date.

`find_dates(sentence, published)` returns each date expression with its resolved range and precision:
"on Thursday" -> the last Thursday on or before publication (day), "in July" -> the last July not after
publication (month), "between 25 and 27 July" -> that range (day), "since 2013" -> a period start.
Nothing is ever resolved to a date after the publication date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ledger.extract.text import MONTH_RE, MONTHS
from ledger.extract.twins import finditer, search

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1,
                 "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
# Verbs of speech: a date right after one ("said on Friday") dates the statement, not the event.
REPORTING = r"(?:said|says|say|announced|reported|confirmed|told|stated|declared|added|claimed|wrote|" \
    r"acknowledged|denied|provided|published|tweeted|posted|revealed|disclosed|admitted|insisted|warned)"


# "said on Friday", "said in a second statement on Sunday", "claimed the ambush in a statement released on Sunday",
# "in a communique read on state television late on Monday"
_REPORTED_ON = re.compile(
    rf"\b{REPORTING}\s+(?:\w+\s+){{0,2}}?(?:in\s+(?:a|an|its|their|the)\s+(?:[\w-]+\s+){{0,2}}?(?:statement|"
    rf"communiqu\w+|message|video|post|interview|report|briefing|release|bulletin)\s+(?:(?:released|issued|"
    rf"published|posted|read)\s+)?)?(?:on\s+|late\s+on\s+|early\s+on\s+)?$|\bin\s+(?:a|an|its|their)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?:statement|communiqu\w+|message|video|briefing|bulletin)\s+(?:(?:released|issued|published|posted|read|"
    rf"broadcast|aired)\s+(?:on\s+(?:state\s+|national\s+)?(?:television|TV|radio)\s+)?)?(?:late\s+|early\s+)?on\s+$",
    re.IGNORECASE,
)


# "the toll rose to 143 on Tuesday": the day of the new count, not of the deaths
_TOLL_ON = re.compile(r"\b(?:rose|risen|climbed|jumped|increased|reached|stood at|stands at|raised)\s+(?:to\s+)?"
                      r"(?:at\s+least\s+|more\s+than\s+)?\d+(?:,\d{3})*(?:\s+[a-z]+)?\s+(?:on|by)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets within the sentence
    end: int
    date_start: date | None
    date_end: date | None
    precision: str  # day | month | year | unknown
    kind: str  # point | since | until | relative (offset from another event)
    reporting: bool = False  # the date of a statement, not of an event
    offset_days: int = 0  # for kind == relative


def _month(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, _last_day(year, month))


def _recent_month(month: int, pub: date, qualifier: str = "") -> int:
    """The year of the most recent `month` not after pub ("in July" in a November article: this year)."""
    if qualifier == "last" and month >= pub.month:
        return pub.year - 1
    return pub.year if month <= pub.month else pub.year - 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_in_recent_year(month: int, day: int, pub: date) -> date | None:
    d = _safe_date(pub.year, month, day)
    if d and d > pub:
        d = _safe_date(pub.year - 1, month, day)
    return d


def _weekday(name: str, pub: date, strictly_before: bool = False) -> date:
    target = WEEKDAYS.index(name.lower())
    delta = (pub.weekday() - target) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return pub - timedelta(days=delta)


_D = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_PATTERNS: list[tuple[str, str]] = [
    ("range_dm", rf"\bbetween\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+and\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+"
                 rf"(?:of\s+)?(?P<m>{MONTH_RE})(?:,?\s+(?P<y>\d{{4}}))?"),
    ("range_dm2", rf"\b(?:from\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to)\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+"
                  rf"(?P<m>{MONTH_RE})(?:,?\s+(?P<y>\d{{4}}))?"),
    ("range_md", rf"\b(?P<m>{MONTH_RE})\s+(?P<d1>\d{{1,2}})\s*(?:-|–|and|to)\s*(?:{MONTH_RE}\s+)?(?P<d2>\d{{1,2}})\b"
                 rf"(?:,?\s+(?P<y>\d{{4}}))?"),
    ("year_start", r"\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year\b"),
    ("year_span", r"\b(?:between|from)\s+(?P<y1>(?:19|20)\d\d)\s*(?:and|to|until|-|–)\s*(?P<y2>(?:19|20)\d\d)\b"),
    ("since", rf"\b(?:since|from)\s+(?=(?:the\s+(?:start|beginning)\s+of\s+)?(?:(?:early|late|mid-?)\s*)?(?:\d{{1,2}}\s+)?(?:{MONTH_RE}|(?:19|20)\d\d))(?:the\s+(?:start|beginning)\s+of\s+)?(?:(?:early|late|mid-?)\s*)?"
              rf"(?:(?P<d>\d{{1,2}})\s+)?(?P<m>{MONTH_RE})?(?:\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|per|km))"
              rf",?)?\s*(?P<y>(?:19|20)\d\d)?\b"),
    ("month_span", rf"\bbetween\s+(?P<m1>{MONTH_RE})\s+(?P<y1>\d{{4}})\s+and\s+(?P<m2>{MONTH_RE})\s+(?P<y2>\d{{4}})"),
    ("dmy", rf"\b{_D}\s+(?:of\s+)?(?P<m>{MONTH_RE})(?:,?\s+(?P<y>\d{{4}}))?"),
    ("mdy", rf"\b(?P<m>{MONTH_RE})\s+{_D}\b(?!\s*(?:%|percent|km|kilomet))(?:,?\s+(?P<y>\d{{4}}))?"),
    ("month_year", rf"\b(?:(?P<q>early|late|mid-?|the end of|the start of)\s*)?(?P<m>{MONTH_RE})\s+(?P<y>\d{{4}})\b"),
    ("month_rel", rf"\b(?:(?:in|during|since)\s+)?(?:(?P<q>early|late|mid-?)\s*)?(?P<rel>last|this|next)\s+(?P<m>{MONTH_RE})\b"),
    ("month_this_year", rf"\b(?:in\s+)?(?:(?P<q>early|late|mid-?)\s*)?(?P<m>{MONTH_RE})\s+(?:of\s+)?(?P<rel>this|last)\s+year\b"),
    ("month", rf"\b(?i:in|during|since|by|of|until|early|late|mid-?|end of)\s+(?:(?:early|late|mid-?)\s*)?(?P<m>{MONTH_RE})\b"),
    ("weekday", rf"\b(?P<last>last\s+)?(?P<w>{_WEEKDAY_RE})(?:'s|’s)?(?:\s+(?:night|morning|evening|afternoon))?\b"
                r"(?!\s+(?:prayers?|sermons?|services?|mass|markets?)\b)"),  # "during Friday prayers": not a date
    ("yesterday", r"\b(?P<w>yesterday|today|last night|this morning|overnight)\b"),
    ("holiday", r"\b(?P<h>New Year's Day|New Year’s Day|New Year's Eve|Christmas Day|Christmas Eve)\b"),
    ("rel_month", r"\b(?P<q>earlier|late|early|later)?\s*(?P<rel>last|this)\s+month\b"),
    ("rel_week", r"\b(?P<rel>last|this)\s+week\b"),
    ("rel_year", r"\b(?P<rel>last|this)\s+year\b"),
    ("offset", r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?P<unit>days?|weeks?)\s+"
               r"(?P<dir>later|after|earlier|before)\b"),
    ("next_day", r"\bthe\s+(?P<dir>next|following|previous)\s+day\b"),
    ("year", r"\b(?:in|of|since|during)\s+(?P<y>(?:19|20)\d\d)\b"),
]  # fmt: skip
_COMPILED = [(name, re.compile(p, re.IGNORECASE if name not in ("month", "mdy") else 0)) for name, p in _PATTERNS]
# Cheap gates: a pattern runs only on a sentence that holds, case-folded, one of the words that
# every match of it contains (the 3-letter stems cover each month name and abbreviation). Most
# sentences name no month, weekday or relative day, so most of the ~20 patterns never scan them
# (dates were the costliest step of extraction).
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NEEDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("range_dm", "range_dm2", "range_md", "month_span", "dmy", "mdy", "month_year",
                     "month_rel", "month_this_year", "month"), _MONTH_STEMS),
    "since": ("since", "from"), "weekday": tuple(WEEKDAYS),
    "yesterday": ("yesterday", "today", "night", "morning", "overnight"), "holiday": ("new year", "christmas"),
    "rel_month": ("month",), "rel_week": ("week",), "rel_year": ("year",), "offset": ("day", "week"),
    "next_day": ("day",), "year": ("19", "20"), "year_span": ("19", "20"), "year_start": ("since",),
}  # fmt: skip
# Second gates, for ASCII sentences only (there casefold() and IGNORECASE agree exactly): another word
# that every match holds ("last year", "the next day"), or a digit.
_DIGITS = tuple("0123456789")
_ALSO_NEEDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("range_dm", "range_dm2", "range_md", "month_span", "dmy", "mdy", "month_year"), _DIGITS),
    "month_rel": ("last", "this", "next"), "month_this_year": ("year",), "rel_month": ("last", "this"),
    "rel_week": ("last", "this"), "rel_year": ("last", "this"), "next_day": ("next", "following", "previous"),
}  # fmt: skip
_GATE_WORDS = tuple(sorted({word for words in _NEEDS.values() for word in words}))
_SECOND_GATE_WORDS = tuple(sorted({word for words in _ALSO_NEEDS.values() for word in words}))
_EVERY_PATTERN_GATED = all(name in _NEEDS for name, _ in _PATTERNS)


def find_dates(sentence: str, pub: date | None) -> list[DateMention]:
    """Date expressions in `sentence`, non-overlapping, longest first."""
    folded = sentence.casefold()
    present = {word for word in _GATE_WORDS if word in folded}  # each gate word looked for once, not per pattern
    if not present and _EVERY_PATTERN_GATED:
        return []
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    ascii_text = sentence.isascii()
    second = {word for word in _SECOND_GATE_WORDS if word in folded} if ascii_text else None
    lowered = folded if ascii_text else None  # casefold() is lower() on ASCII
    for name, pattern in _COMPILED:
        if name in _NEEDS and present.isdisjoint(_NEEDS[name]):
            continue
        if second is not None and name in _ALSO_NEEDS and second.isdisjoint(_ALSO_NEEDS[name]):
            continue
        for m in finditer(pattern, sentence, lowered):  # faster on ASCII sentences (twins.py)
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            mention = _resolve(name, m, pub)
            if mention is not None and pub and mention[0] and mention[0] > pub:
                mention = None  # never a date after publication: the span is spent, not re-read
            if mention is None:
                if name in ("month_year", "dmy", "mdy", "since", "year") and pub:
                    taken.append((m.start(), m.end()))
                continue
            before = sentence[max(0, m.start() - 80) : m.start()]
            low = lowered[max(0, m.start() - 80) : m.start()] if lowered is not None else None
            reporting = bool(search(_REPORTED_ON, before, low) or search(_TOLL_ON, before, low))
            mention = DateMention(m.start(), m.end(), *mention[:4], reporting=reporting, offset_days=mention[4])
            found.append(mention)
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _year_of(m: re.Match, key: str = "y") -> int | None:
    y = m.groupdict().get(key)
    return int(y) if y else None


def _resolve(name: str, m: re.Match, pub: date | None):
    """(date_start, date_end, precision, kind, offset_days) or None when it cannot be read."""
    g = m.groupdict()
    if name in ("range_dm", "range_dm2", "range_md"):
        month, year = _month(g["m"]), _year_of(m)
        d1, d2 = int(g["d1"]), int(g["d2"])
        if not (1 <= d1 < d2 <= 31):
            return None
        if year is None:
            if pub is None:
                return None
            year = _recent_month(month, pub)
            if (_safe_date(year, month, d2) or pub) > pub:  # "between 3 and 5 May" on 3 May: last year's
                year -= 1
        a, b = _safe_date(year, month, d1), _safe_date(year, month, d2)
        return (a, b, "day", "point", 0) if a and b else None
    if name == "since":
        if not (g.get("m") or g.get("y")):
            return (None, None, "unknown", "since", 0)
        year = _year_of(m)
        if g.get("m"):
            month = _month(g["m"])
            if year is None:
                if pub is None:
                    return None
                year = _recent_month(month, pub)
            day = int(g.get("d") or g.get("d2") or 1)  # "since 15 March", "since March 15"
            start = _safe_date(year, month, day)
            return (start, None, "month", "since", 0) if start else None
        return (date(year, 1, 1), None, "year", "since", 0)
    if name == "year_start":  # "since the start of the year": of the publication's year
        return (date(pub.year, 1, 1), None, "year", "since", 0) if pub else None
    if name == "year_span":  # "between 2013 and 2022": a period, like "between August 2022 and May 2023"
        y1, y2 = int(g["y1"]), int(g["y2"])
        return (date(y1, 1, 1), date(y2, 12, 31), "year", "since", 0) if y1 < y2 else None
    if name == "month_span":
        start = date(int(g["y1"]), _month(g["m1"]), 1)
        y2, m2 = int(g["y2"]), _month(g["m2"])
        return (start, date(y2, m2, _last_day(y2, m2)), "month", "since", 0)
    if name in ("dmy", "mdy"):
        month, day, year = _month(g["m"]), int(g["d"]), _year_of(m)
        if not 1 <= day <= 31:
            return None
        if year is None:
            if pub is None:
                return None
            d = _day_in_recent_year(month, day, pub)
        else:
            d = _safe_date(year, month, day)
        return (d, d, "day", "point", 0) if d else None
    if name in ("month_year", "month", "month_rel", "month_this_year"):
        month, year = _month(g["m"]), _year_of(m)
        if year is None:
            if pub is None:
                return None
            rel = (g.get("rel") or "").lower()
            if name == "month_this_year":
                year = pub.year - (1 if rel == "last" else 0)
            elif rel == "this":
                year = pub.year
            else:
                year = _recent_month(month, pub, rel)
        start, end = _month_range(year, month)
        if pub and start > pub:
            return None
        return (start, min(end, pub) if pub and end > pub and start <= pub else end, "month", "point", 0)
    if name == "weekday":
        if pub is None:
            return (None, None, "unknown", "point", 0)
        d = _weekday(g["w"], pub, strictly_before=bool(g.get("last")))
        return (d, d, "day", "point", 0)
    if name == "yesterday":
        if pub is None:
            return (None, None, "unknown", "point", 0)
        word = g["w"].lower()
        d = pub - timedelta(days=1) if word in ("yesterday", "last night") else pub
        return (d, d, "day", "point", 0)
    if name == "holiday":
        if pub is None:
            return None
        h = g["h"].lower().replace("’", "'")
        month_day = {"new year's day": (1, 1), "new year's eve": (12, 31), "christmas day": (12, 25),
                     "christmas eve": (12, 24)}[h]  # fmt: skip
        d = _day_in_recent_year(*month_day, pub)
        return (d, d, "day", "point", 0) if d else None
    if name == "rel_month":
        if pub is None:
            return None
        if g["rel"].lower() == "this":
            return (date(pub.year, pub.month, 1), pub, "month", "point", 0)
        first = date(pub.year, pub.month, 1) - timedelta(days=1)
        start, end = _month_range(first.year, first.month)
        return (start, end, "month", "point", 0)
    if name == "rel_week":
        if pub is None:
            return None
        if g["rel"].lower() == "this":
            return (pub - timedelta(days=pub.weekday()), pub, "day", "point", 0)
        start = pub - timedelta(days=pub.weekday() + 7)
        return (start, start + timedelta(days=6), "day", "point", 0)
    if name == "rel_year":
        if pub is None:
            return None
        year = pub.year - (1 if g["rel"].lower() == "last" else 0)
        return (date(year, 1, 1), date(year, 12, 31) if year < pub.year else pub, "year", "point", 0)
    if name == "offset":
        n = int(g["n"]) if g["n"].isdigit() else _NUMBER_WORDS[g["n"].lower()]
        days = n * (7 if g["unit"].lower().startswith("week") else 1)
        sign = 1 if g["dir"].lower() in ("later", "after") else -1
        return (None, None, "day", "relative", sign * days)
    if name == "next_day":
        sign = -1 if g["dir"].lower() == "previous" else 1
        return (None, None, "day", "relative", sign)
    if name == "year":
        y = int(g["y"])
        if pub and y > pub.year:
            return None
        return (date(y, 1, 1), date(y, 12, 31), "year", "since" if m.group(0).lower().startswith("since") else "point", 0)
    return None
