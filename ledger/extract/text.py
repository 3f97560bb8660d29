"""Article structure: title, header lines, publication date, paragraphs and sentences with offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil import parser as dateparser

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)

# Words before a full stop that do not end a sentence.
_ABBREVIATIONS = {
    "u.s", "u.n", "u.k", "e.u", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "sgts",
    "cpl", "pvt", "st", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "vs", "etc", "approx", "inc", "ltd", "co", "gov", "sen", "rep", "adm", "brig", "cmdr", "staff",
    "a.m", "p.m", "i.e", "e.g", "fig", "mt", "ft",
}  # fmt: skip


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int


@dataclass
class Article:
    text: str
    title: str | None
    title_span: tuple[int, int] | None
    body_start: int  # offset where the body (after title and header lines) starts
    published: date | None
    published_from: str
    sentences: list[Sentence]
    dateline_end: int = 0  # offset where a wire dateline ("BAMAKO, Nov 22 (Reuters) -") ends


_DATE_LINE = re.compile(
    rf"^\s*(?:(?:Published|Updated|Posted|Last updated|Date)\s*:?\s*)?(?:[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)?,\s+)?"
    rf"(?:[A-Z][a-z]+day,?\s+)?"
    rf"(?:\d{{1,2}}:\d{{2}}\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:[A-Z]{{2,4}}(?:[+-]\d+)?)?,?\s*)?"
    rf"(?:{MONTH_RE}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH_RE},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    rf"(?:[\sT,]+\d{{1,2}}:\d{{2}}.*)?\s*$",
    re.IGNORECASE,
)
_PUBLISHED_PREFIX = re.compile(r"^\s*(Published|Updated|Posted|Last updated|Date)\b", re.IGNORECASE)
# "BAMAKO, Nov 22 (Reuters) -", "NIAMEY, Niger, Oct. 5, 2017 —", "BAMAKO, 8 September 2023 (AFP) –",
# "DAKAR, Senegal (AP) —" (no date), "AGADEZ —"
_DATELINE = re.compile(
    rf"^\s*(?P<city>[A-Z][A-Z'’.\- ]{{2,}}(?:\s*,\s*[A-Z][A-Za-z'’.\- ]+)?)\s*,?\s*"
    rf"(?P<date>(?:{MONTH_RE}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{MONTH_RE}(?:\s+\d{{4}})?))?\s*"
    rf"(?:\((?P<agency>[A-Za-z .]+)\))?\s*[-—–]+\s*"
)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _parse_date(text: str, default: date | None = None) -> date | None:
    cleaned = re.sub(r"\b(Published|Updated|Posted|Last updated|Date)\b\s*:?", "", text, flags=re.I)
    cleaned = re.sub(r"\b\d{1,2}:\d{2}\s*([AaPp]\.?[Mm]\.?)?\s*([A-Z]{2,4}([+-]\d+)?)?", " ", cleaned)
    cleaned = cleaned.strip(" ,")
    if _ISO_DATE.fullmatch(cleaned):  # "Published: 2024-02-26": what dateutil reads, without its cost
        try:
            return date.fromisoformat(cleaned)
        except ValueError:
            pass
    try:
        kwargs = {"default": dateparser.parse(default.isoformat())} if default else {}
        return dateparser.parse(cleaned, fuzzy=True, **kwargs).date()
    except (ValueError, OverflowError):
        return None


def _year_for(month: int, day: int, before: date) -> date | None:
    """The most recent month/day that is not after `before` (a dateline without a year)."""
    for year in (before.year, before.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= before:
            return candidate
    return None


def read_article(text: str, published: date | None = None, today: date | None = None) -> Article:
    """Split `text` into title, header and sentences, and find its publication date."""
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    title, title_span, body_start = None, None, 0
    found: date | None = None
    found_from = "none"
    if first is not None:
        title = lines[first].strip()
        title_span = (offsets[first], offsets[first] + len(lines[first]))
        body_start = title_span[1]
        # Header lines right after the title: a date line or a "Published:" line, or bylines.
        for i in range(first + 1, min(first + 5, len(lines))):
            line = lines[i]
            if not line.strip():
                body_start = offsets[i] + len(line)
                continue
            if _DATE_LINE.match(line) or (_PUBLISHED_PREFIX.match(line) and len(line) < 80):
                parsed = _parse_date(line)
                if parsed and not found:
                    found, found_from = parsed, "published-line"
                body_start = offsets[i] + len(line)
                continue
            if len(line) < 40 and "|" in line:  # "Sahel Desk | Analysis": a byline, not prose
                body_start = offsets[i] + len(line)
                continue
            break
    body = text[body_start:]
    lead = len(body) - len(body.lstrip())
    match = _DATELINE.match(body[lead:])
    dateline_end = body_start + lead + match.end() if match else 0
    if match and match.group("date"):
        default = found or published or today or date.today()
        month_day = _parse_date(match.group("date"), default=default)
        if month_day:
            if re.search(r"\d{4}", match.group("date")):
                dated = month_day
            else:
                dated = _year_for(month_day.month, month_day.day, default) or month_day
            if not found:
                found, found_from = dated, "dateline"
    if found:
        pub, pub_from = found, found_from
    elif published:
        pub, pub_from = published, "option"
    else:
        pub, pub_from = None, "none"
    sentences = split_sentences(text, body_start)
    return Article(text, title, title_span, body_start, pub, pub_from, sentences, dateline_end)


# A sentence ends at ".", "!" or "?" before a capital or a digit, and at a line break (a paragraph at a
# blank line or before a bullet). Written as one character class and then the rest, not as four
# alternatives, so that `re` skips straight to those characters instead of trying each at every position.
_BOUNDARY = re.compile(
    r"[.!?\n](?:(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|(?<=\n)\s*\n|(?<=\n)(?=\s*[-•*]\s)|(?<=\n))"
)


_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
_WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz."


def _last_word(chunk: str) -> str:
    """What `([A-Za-z.]+)$` finds in `chunk` ("" for nothing), without scanning the whole chunk: the
    run of letters and dots at its end, or before a final newline (where `$` also matches)."""
    if chunk.endswith("\n"):
        chunk = chunk[:-1]
    return chunk[len(chunk.rstrip(_WORD_CHARS)) :]


def split_sentences(text: str, start: int = 0) -> list[Sentence]:
    """Sentences of text[start:], with offsets into text; a blank line also starts a new paragraph."""
    sentences: list[Sentence] = []
    paragraph, cursor = 0, start
    for match in _BOUNDARY.finditer(text, start):
        end = match.start() + (1 if text[match.start()] in ".!?" else 0)
        if text[match.start()] in ".!?":
            token = _last_word(text[cursor : match.start()]).lower()
            if token.rstrip(".") in _ABBREVIATIONS or _INITIALS.fullmatch(token):
                continue
        _add(sentences, text, cursor, end, paragraph)
        if "\n" in match.group(0):
            paragraph += 1
        cursor = match.end()
    _add(sentences, text, cursor, len(text), paragraph)
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    sentences.append(Sentence(len(sentences), s, s + len(stripped), stripped, paragraph))


# Where one clause of a sentence ends and the next, about another event, may begin.
_CLAUSE_BREAK = re.compile(r",\s+(?:and|while|but|whereas)\s+|;\s+|\s+[—–]\s+|,\s+(?=(?:bringing|raising|taking|pushing)\b)")


def clause_span(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the clause of `text` that holds offset `pos`."""
    start, end = 0, len(text)
    for b in _CLAUSE_BREAK.finditer(text):
        if b.end() <= pos:
            start = b.end()
        elif b.start() >= pos:
            end = b.start()
            break
    return start, end
