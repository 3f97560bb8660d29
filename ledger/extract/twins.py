"""Faster runs of IGNORECASE patterns over ASCII text, with the same matches.

Python's `re` is about twice as slow scanning with IGNORECASE as without. For an ASCII text, a
pattern's lower-case twin (the pattern lower-cased, without IGNORECASE) run over the lower-cased text
matches at exactly the places the pattern matches in the text: lower() changes only A-Z there, and the
twin's letters and ranges are those of the pattern in lower case. The twin only finds where each match
starts; the pattern itself then reads the match there, so callers get the same match objects.
Each pattern's twin is made once, on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# What lower-casing would change the meaning of: an escape written with a capital or a code (\S, \W,
# \x41, \N{...}, a back-reference), or a flag turned off for a part of the pattern.
_UNSAFE = re.compile(r"\\[A-Zxuo0-9]|\(\?[a-zA-Z]*-")


def lower_case_twin(pattern: re.Pattern) -> re.Pattern | None:
    """The lower-case twin of an IGNORECASE `pattern`, or None when it cannot have one."""
    source = pattern.pattern
    if not isinstance(source, str) or not pattern.flags & re.IGNORECASE or _UNSAFE.search(source):
        return None
    if any(not c.isascii() and c.isalpha() for c in source):
        return None  # "ſ" matches "s" under IGNORECASE, its lower case does not
    # Group syntax keeps its capital P: "(?P<name>...)", "(?P=name)".
    return re.compile(source.replace("(?P", "\0").lower().replace("\0", "(?P"), pattern.flags & ~re.IGNORECASE)


# Twins by id(pattern): hashing a pattern hashes its compiled code, on every lookup. The pattern is
# kept with its twin, so its id cannot be reused while it is here.
_TWINS: dict[int, tuple[re.Pattern, re.Pattern | None]] = {}


def twin_of(pattern: re.Pattern) -> re.Pattern | None:
    known = _TWINS.get(id(pattern))
    if known is None or known[0] is not pattern:
        known = _TWINS[id(pattern)] = (pattern, lower_case_twin(pattern))
    return known[1]


def finditer(pattern: re.Pattern, text: str, lowered: str | None) -> Iterator[re.Match]:
    """What pattern.finditer(text) gives; `lowered` is text.lower() when text is ASCII, else None."""
    twin = twin_of(pattern) if lowered is not None else None
    if twin is None:
        return pattern.finditer(text)
    return (pattern.match(text, m.start()) for m in twin.finditer(lowered))


def search(pattern: re.Pattern, text: str, lowered: str | None) -> re.Match | None:
    """What pattern.search(text) gives; `lowered` is text.lower() when text is ASCII, else None."""
    twin = twin_of(pattern) if lowered is not None else None
    if twin is None:
        return pattern.search(text)
    found = twin.search(lowered)
    return pattern.match(text, found.start()) if found else None


def ascii_lower(text: str) -> str | None:
    """text.lower() for an ASCII text (what the twins read), None for any other."""
    return text.lower() if text.isascii() else None
