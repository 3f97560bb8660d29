"""Where: the place and country a casualty figure belongs to, from the names of its sentence.

The gazetteer (lexicons/places.tsv) gives each place its country; a name shared by several countries is
read in the country the sentence or the article is about. Places named as somewhere else (where the
wounded were taken, a capital that speaks, the owner of a force) are not the event's place.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from ledger import lexicon
from ledger.extract.casualties import Mention
from ledger.extract.names import Name
from ledger.extract.text import Sentence, clause_span
from ledger.extract.twins import ascii_lower, search

REGIONAL = re.compile(r"\b(?:in|across|of) the (?P<r>Sahel|region|Middle East|Lake Chad basin|Liptako-Gourma)\b")
# A place named as somewhere else: where the wounded were taken, a reference point for a distance.
ELSEWHERE = re.compile(
    r"(?:(?:taken|flown|evacuated|transferred|brought|rushed|moved)\s+to\s+(?:\w+\s+){0,4}?(?:in\s+)?|"
    r"(?:kilomet\w*|km|miles)\s+(?:\w+\s+)?(?:north|south|east|west|north-east|north-west|south-east|"
    r"south-west|northeast|northwest|southeast|southwest)\s+of\s+|\bfrom\s+|\bout of\s+|"
    r"\b(?:government|authorities|junta|officials|ministry|embassy|parliament|rulers|leaders)\s+in\s+)$",
    re.IGNORECASE,
)
BORDER = re.compile(r"(?:border with|borders? of|frontier with)\s+(?:the\s+)?$", re.IGNORECASE)


# Both patterns run as lower-case twins on ASCII text (twins.py, about 3x faster here): `lowered` is
# ascii_lower(text) of the whole sentence, read once by the caller.
def bordering(text: str, lowered: str | None, at: int) -> bool:
    """Whether text[:at] ends with "the border with": a name there is the neighbour, not the place."""
    return search(BORDER, text[:at], lowered[:at] if lowered is not None else None) is not None


def named_as_elsewhere(text: str, lowered: str | None, at: int) -> bool:
    """Whether the 50 characters before `at` name what follows as somewhere else ("taken to", "from")."""
    start = max(0, at - 50)
    return search(ELSEWHERE, text[start:at], lowered[start:at] if lowered is not None else None) is not None



# "U.S. aircraft", "U.S. officials": a country named as the owner of a force or a voice, not as the place
_WHOSE = re.compile(r"(?:'s|’s)?\s+(?:[\w-]+\s+){0,2}?(?:army|military|forces|troops|soldiers|aircraft|jets|drones|"
                    r"warplanes|officials|government|authorities|ministry|embassy|envoys?|advisers|advisors|artillery|"
                    r"air\s*strikes?|strikes?|missiles?|navy|air force|command)\b|-led\b|"
                    # "France had 5,100 troops in the Sahel", "France lost 13 soldiers over Mali": the owner
                    r"\s+(?:once\s+|still\s+|also\s+)?(?:(?:has|had|have)\s+(?:(?:some|about|around|nearly|"
                    r"more than|over)\s+)?\d|(?:has\s+|had\s+)?(?:deployed|sent|stationed|lost|withdrew)\b)",
                    re.IGNORECASE)  # fmt: skip


# "Kyiv has said", "Moscow denied": a capital standing for its government.
_PLACE_SPEAKS = re.compile(r"\s+(?:has\s+|had\s+|also\s+)?(?:said|says|say|claimed|claims|denied|denies|announced|"
                           r"reported|accused|rejected|insisted|confirmed|acknowledged)\b")  # fmt: skip


_CAPITAL = re.compile(r"(?:\b(?:in|near|outside|around|across|on)\s+(the)|(?<=\w)('s|’s))\s+capital\b"
                      r"(?!\s+(?:of|district|region|city of)\b)", re.IGNORECASE)  # fmt: skip


@cache
def _capitals() -> dict[str, str]:
    """The capital of each country, from the gazetteer's notes."""
    return {p.iso3: p.name for p in lexicon.places() if p.iso3 and p.capital}


@cache
def _place_countries() -> dict[str, frozenset[str]]:
    """Every country a place name stands for (Tripoli: Libya and Lebanon)."""
    out: dict[str, set[str]] = {}
    for p in lexicon.places():
        for n in (p.name, *p.aliases):
            out.setdefault(n, set()).add(p.iso3 or "")
    return {k: frozenset(v) for k, v in out.items()}


def disambiguate(names: list[Name], main_country: str | None) -> list[Name]:
    """An ambiguous place stands for the one in the country that the sentence or the article is about."""
    named = {n.affiliation for n in names if n.kind in ("country", "demonym")} | {main_country}
    out = []
    for n in names:
        if n.kind == "place" and n.ambiguous and n.place_kind != "region":
            options = _place_countries().get(n.canonical, frozenset()) & named
            if len(options) != 1:
                continue
            n = replace(n, affiliation=next(iter(options)), ambiguous=False)
        out.append(n)
    return out


# "near Doungouri", "the village of Kel Essouk": a place the gazetteer does not know, named as one.
_UNKNOWN_PLACE = re.compile(
    r"\b(?:near|outside|(?:village|town|commune|locality|hamlet|district) of|villages? of)\s+"
    r"(?P<p>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)"
)
_NOT_PLACE = re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|"
                        r"June|July|August|September|October|November|December|The|A|An|Lake|Mount)$")  # fmt: skip


def _unknown_place(s: Sentence, names: list[Name], lowered: str | None) -> str | None:
    for m in _UNKNOWN_PLACE.finditer(s.text):
        if any(n.start < m.end("p") and m.start("p") < n.end for n in names):
            continue
        if _NOT_PLACE.match(m.group("p").split()[0]) or named_as_elsewhere(s.text, lowered, m.start()):
            continue
        return m.group("p")
    return None


def place_of(s: Sentence, names: list[Name], m: Mention, main_country: str | None):
    """(location, country, regional) for a mention, from its own sentence."""
    names = disambiguate(names, main_country)
    lowered = ascii_lower(s.text)
    places = [n for n in names if n.kind == "place" and not (n.ambiguous and n.place_kind != "region")]
    places = [n for n in places if not bordering(s.text, lowered, n.start)
              and not re.match(r"\s+border", s.text[n.end :]) and not named_as_elsewhere(s.text, lowered, n.start)
              and not re.match(r"\s+(?:Times|Post|Journal|Herald|Tribune|Telegraph|Gazette)\b", s.text[n.end :])
              and not _PLACE_SPEAKS.match(s.text[n.end :])]
    countries = [n for n in names if n.kind == "country" and not bordering(s.text, lowered, n.start)
                 and not re.match(r"\s*(?:-\w+\s+)?border", s.text[n.end :]) and not _WHOSE.match(s.text[n.end :])]  # fmt: skip
    regional = REGIONAL.search(s.text)
    location = country = None
    if places:
        clause = clause_span(s.text, m.start)
        ranked = sorted(places, key=lambda p: (not clause[0] <= p.start < clause[1], _PLACE_RANK.get(p.place_kind or "", 5),
                                               abs(p.start - m.start)))  # fmt: skip
        best = ranked[0]
        location, country = best.canonical, best.affiliation
    if location is None:
        location = _unknown_place(s, names, lowered)
    if location is None and (capital := _CAPITAL.search(s.text)):  # "Libya's capital", "in the capital"
        named = [n.affiliation for n in countries if n.end <= capital.start() and capital.start() - n.end <= 3]
        iso = named[-1] if named else (country or main_country if capital.group(1) else None)
        location = _capitals().get(iso or "")
        country = country or (iso if location else None)
    if country is None and countries:
        distinct = {c.affiliation for c in countries}
        if len(distinct) == 1:
            country = countries[0].affiliation
        elif main_country in distinct:
            country = main_country
        if len(distinct) >= 3:
            country = None
    return location, country, (regional.group("r") if regional and regional.group("r") != "region" else None)


_PLACE_RANK = {"village": 0, "town": 0, "city": 1, "base": 0, "district": 2, "area": 3, "province": 3, "region": 3}
