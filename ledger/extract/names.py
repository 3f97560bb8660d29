"""Named things in a sentence: armed actors (from the alias lexicon), countries, demonyms and places.

Matching is on word boundaries, accent-insensitive, and case-sensitive for names written with capitals
(so "IS" never matches "is" and a village called "Bay" never matches "bay").
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from ledger import lexicon
from ledger.extract.wordmatch import WordMatcher, words_of


def strip_accents(text: str) -> str:
    """Accents removed, one character for one, so that offsets still point into the original text."""
    if text.isascii():  # most sentences: nothing to do (this ran for every sentence, character by character)
        return text
    return "".join(c if ord(c) < 128 else _plain_char(c) for c in text)


@cache
def _plain_char(c: str) -> str:
    base = unicodedata.normalize("NFD", c)[0]
    return {"’": "'", "‘": "'", "–": "-", "—": "-"}.get(c, base if ord(base) < 128 else c)


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    text: str
    kind: str  # actor | country | demonym | place
    canonical: str
    bloc: str | None = None
    affiliation: str | None = None  # ISO3 of the state (actors), or the country of a place
    actor_kind: str | None = None  # group | force
    place_kind: str | None = None
    ambiguous: bool = False


_WORD_START = re.compile(r"\w")


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(strip_accents(n)) for n in sorted(set(names), key=len, reverse=True))


def _case_sensitive(alias: str) -> bool:
    return alias[:1].isupper() or any(c.isupper() for c in alias[1:])


# Actors the user added to the ledger (`ledger actors add`), set for one analyse() call by
# using_actors(); they extend the shipped lexicon and win where an alias is in both.
_EXTRA_ACTORS: ContextVar[tuple[lexicon.Actor, ...]] = ContextVar("extra_actors", default=())


@contextmanager
def using_actors(extra: tuple[lexicon.Actor, ...]):
    token = _EXTRA_ACTORS.set(tuple(extra))
    try:
        yield
    finally:
        _EXTRA_ACTORS.reset(token)


class _ActorTable(NamedTuple):
    # The two alternations, compiled by acronyms() and names() when first asked for: the WordMatchers
    # below find the same, and most texts never need the regexes (~12 ms to compile the names).
    acronyms_source: str  # JNIM, IS: case-sensitive
    names_source: str  # Wagner, al-Shabaab: case-insensitive
    by_alias: dict[str, lexicon.Actor]  # accent-stripped, case-folded alias -> actor
    # The same two alternations as WordMatchers, which run several times faster; None when an alias
    # does not start with a word character (or, for `names_ascii`, is not ASCII), where they would differ.
    acronym_words: WordMatcher | None
    names_ascii: WordMatcher | None  # for ASCII text only: there it finds what `names` finds

    def acronyms(self) -> re.Pattern:
        return _compiled(self.acronyms_source, 0)

    def names(self) -> re.Pattern:
        return _compiled(self.names_source, re.IGNORECASE)


@cache
def _compiled(source: str, flags: int) -> re.Pattern:
    return re.compile(source, flags)


@cache
def _actor_table(extra: tuple[lexicon.Actor, ...] = ()) -> _ActorTable:
    by_alias: dict[str, lexicon.Actor] = {}
    sensitive, insensitive = [], []
    for actor in (*lexicon.actors(), *extra):
        by_alias[strip_accents(actor.alias).casefold()] = actor
        (sensitive if _case_sensitive(actor.alias) and actor.alias.isupper() else insensitive).append(actor.alias)
    sensitive_plain = [strip_accents(a) for a in sensitive]
    insensitive_plain = [strip_accents(a) for a in insensitive]
    # Acronyms (JNIM, IS) match case-sensitively; other names case-insensitively.
    return _ActorTable(
        rf"(?<![\w-])(?:{_alternation(sensitive)})(?![\w])",
        rf"(?<![\w-])(?:{_alternation(insensitive)})(?![\w])",
        by_alias,
        WordMatcher(sensitive_plain, stop=r"\w") if all(_WORD_START.match(a) for a in sensitive_plain) else None,
        WordMatcher(insensitive_plain, stop=r"\w", ignore_case=True)
        if all(_WORD_START.match(a) and a.isascii() for a in insensitive_plain) else None,
    )


@cache
def _country_table() -> tuple[WordMatcher, dict[str, tuple[str, str]]]:
    lookup: dict[str, tuple[str, str]] = {}
    for c in lexicon.countries():
        for n in (c.name, *c.aliases):
            lookup.setdefault(strip_accents(n), (c.iso3, "country"))
        for d in c.demonyms:
            lookup.setdefault(strip_accents(d), (c.iso3, "demonym"))
    return WordMatcher(lookup, stop=r"\w"), lookup


# The gazetteer has thousands of names: a dict lookup by first word builds in milliseconds where
# one regex alternation of them all took about a second to compile in every process.
@cache
def _place_table() -> tuple[WordMatcher | None, dict[str, lexicon.Place]]:
    lookup: dict[str, lexicon.Place] = {}
    for p in lexicon.places():
        for n in (p.name, *p.aliases):
            if n[:1].isupper() and len(n) > 2:
                lookup.setdefault(strip_accents(n), p)
    if not lookup:
        return None, lookup
    return WordMatcher(lookup, stop=r"[\w-]"), lookup


# "Turkish-backed factions", "a Britain-based monitor", "the Moscow-installed mayor": the named state backs,
# hosts or installed someone; it is neither the group nor the place of the event.
_COMPOUND = re.compile(r"-(?:backed|based|led|born|funded|trained|allied|aligned|installed|appointed|sponsored|"
                       r"supported|made|brokered|run|controlled|held|occupied)\b", re.IGNORECASE)
# A capital city used for its government: "Ankara denies", "Kyiv did not comment".
_SPEAKS_FOR_STATE = re.compile(r",?\s+(?:has\s+|have\s+|had\s+)?(?:denies|denied|insists|insisted|accuses|accused|"
                               r"rejects|rejected|did not comment|has not commented|did not confirm|warned|warns|"
                               r"responded|retaliated|blamed|blames)\b", re.IGNORECASE)


def find_names(sentence: str, year: int | None = None) -> list[Name]:
    """Actors, countries, demonyms and places in `sentence`, longest match first, non-overlapping."""
    plain = strip_accents(sentence)
    found: list[Name] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    words = words_of(plain)  # split once for all the word matchers below
    actors = _actor_table(_EXTRA_ACTORS.get())
    acronyms = actors.acronym_words.finditer(plain, words) if actors.acronym_words else actors.acronyms().finditer(plain)
    if actors.names_ascii and plain.isascii():
        names = actors.names_ascii.finditer(plain, words_of(plain.lower()))  # ASCII: the words, lower-cased
    else:
        names = actors.names().finditer(plain)
    matches = sorted([*acronyms, *names], key=lambda m: (-(m.end() - m.start()), m.start()))
    for m in matches:
        actor = actors.by_alias.get(m.group(0).casefold())
        if actor is None or not free(m.start(), m.end()):
            continue
        if year and ((actor.valid_from and year < actor.valid_from) or (actor.valid_to and year > actor.valid_to)):
            continue
        found.append(Name(m.start(), m.end(), sentence[m.start() : m.end()], "actor", actor.canonical,
                          actor.bloc, actor.affiliation, actor.kind))  # fmt: skip
        taken.append((m.start(), m.end()))
    place_re, places = _place_table()
    if place_re is not None:
        for m in place_re.finditer(plain, words):
            if _SPEAKS_FOR_STATE.match(plain, m.end()):
                continue  # "Ankara denies targeting civilians": the government, not where it happened
            if free(m.start(), m.end()) and not _COMPOUND.match(plain, m.end()):
                p = places[m.group(0)]
                found.append(Name(m.start(), m.end(), sentence[m.start() : m.end()], "place", p.name,
                                  None, p.iso3, None, p.kind, p.ambiguous))  # fmt: skip
                taken.append((m.start(), m.end()))
    country_re, countries = _country_table()
    for m in country_re.finditer(plain, words):
        if free(m.start(), m.end()) and not _COMPOUND.match(plain, m.end()):
            iso3, kind = countries[m.group(0)]
            found.append(Name(m.start(), m.end(), sentence[m.start() : m.end()], kind, iso3, None, iso3))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda n: n.start)


def force_bloc(iso3: str | None) -> str:
    country = lexicon.country_by_iso3().get(iso3 or "")
    return country.force_bloc if country else "local_state"


_FORCE_NAMES = {"USA": "U.S. military", "RUS": "Russian army", "FRA": "French army", "GBR": "British army"}


def force_name(iso3: str | None) -> str | None:
    """The canonical name of a state's armed forces: "Malian army", "U.S. military"."""
    if not iso3:
        return None
    if iso3 in _FORCE_NAMES:
        return _FORCE_NAMES[iso3]
    country = lexicon.country_by_iso3().get(iso3)
    if not country:
        return None
    adjective = next((d for d in country.demonyms if not d.endswith("s")), None) or country.name
    return f"{adjective} army"
