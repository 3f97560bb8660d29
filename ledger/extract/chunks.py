"""A large text extracted piece by piece, in memory that does not grow with the text.

The extractor keeps every sentence of a text and what it found in each (names, dates, figures) until
it has grouped them into events, so its memory and time grow with the text: a 4 MB file took 109 MB
and 40 s. A text that large is in practice not one article but a dump of many, so it is cut into
pieces of at most PIECE_CHARS characters, each extracted alone by the ordinary extractor, and the
incidents come out as a stream with their evidence offsets moved into the whole text.

Where a piece is cut, best first:
- at an article break: two or more blank lines, a line of only `-`, `=`, `*`, `_`, `#` or `~` (three
  or more), a form feed, or a blank line before a headline and its "Published: ..." line. Every article break cuts, so an article that fits in a piece is extracted
  exactly as if it had been given alone (its first line is its title, its header its date);
- else, in an article longer than a piece, at the last blank line (a paragraph end) that fits, then
  at the last line end, then at the last sentence end as the extractor splits sentences;
- only a "sentence" longer than a whole piece (no full stop, no line end) is cut at a space.

What a piece shares with the rest of the text: the publication date. The first piece of an article
uses the date given (`--date`) unless its own header or dateline says another; the pieces that
continue an article use the date its first piece found. Everything else the extractor takes from the
document (the title, the country the text is mostly about, the scene-setting sentence that dates the
next one, the events later mentions refer back to) is taken per piece: for a dump of many articles
that is right, as each article is about its own country and its own events, whereas one context for
50 MB of text would date and place every article by the first one.

Pure: no database, no printing, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from itertools import chain

from ledger.extract import Extraction, analyse
from ledger.models import Incident

# Texts up to this size are extracted whole, as they always were: a long feature is ~100 kB, so any
# real article stays in one piece, and the extractor's own memory for 256 kB is ~10 MB.
LARGE_CHARS = 256_000
# The most characters a piece holds: large enough that cutting is rare inside an article and the
# per-call cost is nothing, small enough that one piece's working state is a few MB.
PIECE_CHARS = 64_000
# A continued article has no title line; the extractor takes the first line of what it reads as the
# title, so a continuation is given this neutral line first (it names nothing, dates nothing).
_CONTINUED = "(continued)\n\n"

_ARTICLE_BREAK = re.compile(
    r"\n[ \t]*\n(?:[ \t]*\n)+|^[ \t]*(?:-{3,}|={3,}|\*{3,}|_{3,}|#{3,}|~{3,})[ \t]*$|\f"
    # a blank line, then a headline over a "Published: ..." line: a new article's header
    r"|\n[ \t]*\n(?=[^\n]{1,300}\n[ \t]*(?:Published|Updated|Posted|Date)[ \t]*:)",
    re.M,
)
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Piece:
    start: int  # offsets into the whole text
    end: int
    continued: bool  # it continues the article of the piece before (so it has no title of its own)


def pieces(text: str, size: int | None = None) -> Iterator[Piece]:
    """The pieces `text` is extracted in, in order, each at most `size` (default PIECE_CHARS)
    characters; together they cover all of its non-blank text."""
    size = size or PIECE_CHARS
    start, continued, n = 0, False, len(text)
    while start < n:
        limit = min(n, start + size)
        brk = _article_break(text, start, limit)
        if brk is not None:
            end, after, next_continued = brk.start(), brk.end(), False
        elif limit == n:
            end, after, next_continued = n, n, False
        else:
            end = after = _cut(text, start, limit)
            next_continued = True
        if text[start:end].strip():
            yield Piece(start, end, continued)
            continued = next_continued
        start = max(after, start + 1)


def _article_break(text: str, start: int, limit: int) -> re.Match | None:
    brk = _ARTICLE_BREAK.search(text, start, limit)
    # `$` also matches where the search stops: a "---" line cut by `limit` may go on after it.
    if brk is not None and brk.end() == limit < len(text) and text[limit] not in "\n\f":
        return None
    return brk


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end a piece that starts at `start` and may not go past `limit`."""
    window = text[start:limit]
    last = None
    for last in _PARAGRAPH_END.finditer(window):
        pass
    if last is not None and last.start() > 0:
        return start + last.end()
    line = window.rfind("\n")
    if line > 0:
        return start + line + 1
    from ledger.extract.text import split_sentences  # imported with the extractor, not before

    sentences = split_sentences(window)
    if len(sentences) > 1:
        return start + sentences[-1].start
    space = max(window.rfind(" "), window.rfind("\t"))
    return start + space + 1 if space > 0 else limit


def analyse_large(text: str, published: date | None = None, extra_actors: tuple = (), stream: bool = False,
                  size: int | None = None) -> Extraction:  # fmt: skip
    """`analyse(text, ...)` for a text of any size: a text over LARGE_CHARS goes piece by piece.

    Title, publication date and warnings are those of the first piece. With `stream`, the incidents
    are an iterator that extracts each further piece only when the one before is used up, so memory
    holds the text once and one piece's working state; else they are a list."""
    if len(text) <= LARGE_CHARS:
        return analyse(text, published, extra_actors)
    parts = pieces(text, size)
    first = next(parts)
    head = _analyse_piece(text, first, published, extra_actors)
    incidents = chain(head.incidents, _incidents(text, parts, published, head.published, extra_actors))
    return replace(head, incidents=incidents if stream else list(incidents))


def _incidents(text: str, parts: Iterator[Piece], published: date | None, current: date | None,
               extra_actors: tuple) -> Iterator[Incident]:  # fmt: skip
    for piece in parts:
        found = _analyse_piece(text, piece, current if piece.continued else published, extra_actors)
        current = found.published
        yield from found.incidents


def _analyse_piece(text: str, piece: Piece, published: date | None, extra_actors: tuple) -> Extraction:
    """The extraction of one piece, its evidence offsets moved into the whole text."""
    prefix = _CONTINUED if piece.continued else ""
    found = analyse(prefix + text[piece.start : piece.end], published, extra_actors)
    shift = piece.start - len(prefix)
    found.incidents = [_shifted(incident, shift) for incident in found.incidents]
    return found


def _shifted(incident: Incident, shift: int) -> Incident:
    evidence = [replace(e, start=e.start + shift, end=e.end + shift) for e in incident.evidence]
    return replace(incident, evidence=evidence)
