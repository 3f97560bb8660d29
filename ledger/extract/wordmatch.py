"""Find many fixed, case-sensitive names in text with a dictionary instead of one giant regex.

A regex alternation of the ~2,500 gazetteer names took about a second to compile in every `ledger`
process. `WordMatcher` gives the same matches as `(?<![\\w-])(?:longest|...|shortest)(?!END)` run
with `finditer`, but builds in milliseconds: names are grouped by their first word (the leading run
of \\w characters), and at each word that starts on a boundary only the names sharing that word are
tried, longest first. A name that matches takes its span; the scan goes on after it, as finditer's does.

It is also faster to run than the alternation: a text is ruled out without visiting its words one by
one when none of the names that start with one of its words is in it at all (most sentences).
With `ignore_case=True` it gives what the alternation compiled with re.IGNORECASE gives, for ASCII
text and ASCII names (there lower() and IGNORECASE agree exactly; callers keep the regex for the rest).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_WORD_CHAR_OR_HYPHEN = re.compile(r"[\w-]")
# On ASCII text \w is a letter, a digit or "_": every other character, made a space, splits the words.
_ASCII_WORDS = bytes(c if chr(c).isascii() and (chr(c).isalnum() or chr(c) == "_") else 32 for c in range(256))


def words_of(text: str) -> list[str]:
    """The runs of word characters in `text`, in order (what `\\w+` finds): a name can only start at
    one of them. A list: WordMatcher only looks each word up once, and making a set of them cost
    as much as the split."""
    if text.isascii():  # most text: split in C, several times faster than the regex
        return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
    return _WORD.findall(text)


@dataclass(frozen=True)
class WordMatch:
    """The part of `re.Match` that callers use: start(), end() and group(0)."""

    _start: int
    _end: int
    _text: str

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, index: int = 0) -> str:
        if index != 0:
            raise IndexError("no such group")
        return self._text


class WordMatcher:
    """Matches `names` (each starting with a word character) at word boundaries.

    `stop` is the character class a match must not be followed by, as in `(?!stop)`: `[\\w-]` for
    places, `[\\w]` for countries. `ignore_case`: letters match in either case (ASCII text only).
    """

    def __init__(self, names: Iterable[str], stop: str = r"[\w-]", ignore_case: bool = False):
        self._ignore_case = ignore_case
        names = set(names)
        if not all(map(_WORD_CHAR.match, names)):
            bad = next(name for name in names if not _WORD_CHAR.match(name))
            raise ValueError(f"name must start with a word character: {bad!r}")
        by_first: dict[str, list[str]] = {}
        first_word = _WORD.match
        for key in {name.lower() for name in names} if ignore_case else names:
            first = first_word(key).group(0)
            group = by_first.get(first)
            if group is None:
                by_first[first] = [key]
            else:
                group.append(key)
        # Longest first; names of one length that share a first word cannot both match at one place.
        for group in by_first.values():
            if len(group) > 1:
                group.sort(key=len, reverse=True)
        self._by_first = by_first
        self._stop = re.compile(stop)

    def finditer(self, text: str, words: Collection[str] | None = None) -> Iterator[WordMatch]:
        """`words`: the text's words (`words_of(text)`, lower-cased when ignoring case), when the
        caller runs several matchers over one text and has split it once."""
        folded = text.lower() if self._ignore_case else text
        firsts = self._by_first.keys() & (words_of(folded) if words is None else words)
        # A name starts at a word of the text that is its first word, standing whole and not after a
        # hyphen (where `(?<![\w-])\w+` finds it). Only the first words of names that are in the text at
        # all are looked for (most texts hold none): a string search each, not a visit to every word.
        starts = []
        for first in firsts:
            if not any(name in folded for name in self._by_first[first]):
                continue
            at = folded.find(first)
            while at >= 0:
                if (at == 0 or not _WORD_CHAR_OR_HYPHEN.match(folded, at - 1)) and not _WORD_CHAR.match(
                    folded, at + len(first)
                ):
                    starts.append((at, first))
                at = folded.find(first, at + 1)
        taken_until = 0
        for start, first in sorted(starts):  # left to right, as the regex scans
            if start < taken_until:
                continue
            for name in self._by_first[first]:
                end = start + len(name)
                if folded.startswith(name, start) and not self._stop.match(text, end):
                    yield WordMatch(start, end, text[start:end])
                    taken_until = end
                    break
