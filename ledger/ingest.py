"""From command-line paths to stored articles: find the files, read and decode them, extract, store.

Each input succeeds or fails on its own: a bad file becomes an Outcome with an error and the batch
goes on (the CLI exits 1 at the end if any failed). Decoding is strict and says what it assumed:
a BOM decides (UTF-8, UTF-16, UTF-32); otherwise UTF-8, then Windows-1252 with a warning.
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO


from ledger import edits, sources, store
from ledger.errors import InputError
from ledger.extract import Extraction
from ledger.extract.chunks import analyse_large
from ledger.limits import MAX_BYTES

if TYPE_CHECKING:  # sqlite-utils is imported only by what needs it (~0.15 s)
    from sqlite_utils import Database

STDIN = "-"
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")  # web pages: ledger/sources.py
_SUFFIXES_TEXT = ", ".join(TEXT_SUFFIXES[:-1]) + " or " + TEXT_SUFFIXES[-1]

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# More control characters than this share of the text means it is not prose.
_MAX_CONTROL_SHARE = 0.01
# Control characters other than those of prose (tab, line feed, vertical tab, form feed, carriage return).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CR = re.compile(r"\r\n?")
_SKIPPED_SHOWN = 5


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    url: str | None = None  # where the article came from: its front matter or web page says


@dataclass
class Note:
    """Something worth telling about an input that is neither an error nor an article."""

    path: str
    text: str


@dataclass
class Outcome:
    """What happened to one input: an error, or the extraction and what the store did with it."""

    path: str
    error: str | None = None
    extraction: Extraction | None = None
    result: store.IngestResult | None = None
    warnings: list[str] = field(default_factory=list)
    note: str | None = None  # set alone: nothing was ingested and nothing failed


def expand_paths(args: Iterable[str]) -> Iterator[str | InputError | Note]:
    """Each argument as given, folders replaced by their .txt/.md files (recursively, sorted) and a
    Note naming the files left out; a folder without any text file yields an InputError instead."""
    for arg in args:
        path = Path(arg)
        if arg != STDIN and path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file())
            files = [p for p in found if p.suffix.lower() in TEXT_SUFFIXES]
            if not files:
                yield InputError(arg, f"folder holds no {_SUFFIXES_TEXT} files")
            if skipped := [p.relative_to(path) for p in found if p.suffix.lower() not in TEXT_SUFFIXES]:
                yield _skipped_note(arg, skipped)
            yield from (str(p) for p in files)
        else:
            yield arg


def _skipped_note(folder: str, skipped: list[Path]) -> Note:
    shown = ", ".join(str(p) for p in skipped[:_SKIPPED_SHOWN])
    more = f" and {len(skipped) - _SKIPPED_SHOWN} more" if len(skipped) > _SKIPPED_SHOWN else ""
    files = "file" if len(skipped) == 1 else "files"
    return Note(folder, f"skipped {len(skipped)} {files} not named {_SUFFIXES_TEXT}: {shown}{more}")


def read_input(path: str, stdin: BinaryIO | None = None, max_bytes: int | None = MAX_BYTES) -> Decoded:
    """The article text of `path` ("-" reads `stdin`), line endings normalised to \\n.

    An input over `max_bytes` (None: no limit) is refused without being read whole, so that a
    stray log file or disk image cannot exhaust memory."""
    try:
        if path == STDIN:
            data = _read_capped(stdin or sys.stdin.buffer, max_bytes)
        else:
            size = Path(path).stat().st_size
            if max_bytes is not None and size > max_bytes:
                raise _too_large(path, size, max_bytes)
            with open(path, "rb") as f:  # a FIFO reports size 0: the read is capped as well
                data = _read_capped(f, max_bytes)
    except FileNotFoundError:
        raise InputError(path, "no such file or directory") from None
    except OSError as e:
        raise InputError(path, (e.strerror or str(e)).lower()) from None
    if max_bytes is not None and len(data) > max_bytes:
        raise _too_large(path, None, max_bytes)
    decoded = _decode_bytes(_not_empty(data, path), path)
    del data  # from here on the text is the one copy of the input held (a 50 MB file: 50 MB, not 100)
    return sources.prepare(path, _checked(decoded, path))  # front matter, Markdown, web pages


def _read_capped(stream: BinaryIO, max_bytes: int | None) -> bytes:
    return stream.read() if max_bytes is None else stream.read(max_bytes + 1)


def _too_large(path: str, size: int | None, max_bytes: int) -> InputError:
    got = f"{size:,} bytes, " if size is not None else ""
    limit = f"over the limit of {max_bytes:,} bytes; raise it with --max-bytes"
    return InputError(path, f"too large ({got}{limit})")


def decode(data: bytes, path: str) -> Decoded:
    return _checked(_decode_bytes(_not_empty(data, path), path), path)


def _not_empty(data: bytes, path: str) -> bytes:
    if not data:
        raise InputError(path, "empty file")
    return data


def _checked(decoded: Decoded, path: str) -> Decoded:
    """`decoded` with its line endings normalised, refused if it is binary or blank. Each step
    works on the text in place or makes at most one new copy of it (a large file is held once)."""
    if "\r" in decoded.text:
        decoded.text = _CR.sub("\n", decoded.text)
    text = decoded.text
    if "\x00" in text or _too_many_controls(text):
        raise InputError(path, "binary file, not text")
    if not text or text.isspace():
        raise InputError(path, "empty file (only whitespace)")
    return decoded


def _too_many_controls(text: str) -> bool:
    limit = _MAX_CONTROL_SHARE * len(text)
    count = 0
    for _ in _CONTROLS.finditer(text):  # stops as soon as the limit is passed
        count += 1
        if count > limit:
            return True
    return False


def _decode_bytes(data: bytes, path: str) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # UTF-8 is the default and needs no word; any other encoding is named on stderr.
            said = [f"read as {encoding.upper()} (it starts with its byte-order mark)"]
            said = [] if encoding == "utf-8-sig" else said
            try:
                return Decoded(data.decode(encoding), encoding, said)
            except UnicodeDecodeError as e:
                reason = f"not valid {encoding} text despite its byte-order mark ({e.reason})"
                raise InputError(path, reason) from None
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as e:
        first_bad = e.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as e:
        raise InputError(
            path, f"not valid UTF-8 or Windows-1252 text (byte 0x{data[e.start]:02x} at offset {e.start})"
        ) from None
    warning = f"not valid UTF-8 (byte 0x{data[first_bad]:02x} at offset {first_bad}); read as Windows-1252"
    return Decoded(text, "cp1252", [warning])


@dataclass
class Prepared:
    """One input read and extracted, ready to store (by a `--jobs` worker, or in the main process)."""

    path: str
    text: str | None = None
    extraction: Extraction | None = None
    known: dict | None = None  # the stored article with the same text, when not forced
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    url: str | None = None  # from front matter or a web page (ledger/sources.py)


def prepare(
    path: str,
    published: date | None,
    force: bool,
    max_bytes: int | None,
    db=None,
    actors: tuple = (),
    stdin: BinaryIO | None = None,
    stream: bool = False,
) -> Prepared:
    """Read, decode and extract one input; `db` (read-only use) spares the extractor known texts;
    `actors` are the ledger's user actors (`ledger actors add`). A large text is extracted piece by
    piece (ledger/extract/chunks.py); with `stream` its incidents are then an iterator that
    extracts as it is read (`ledger extract`), else a list (ingest stores them in one transaction)."""
    try:
        decoded = read_input(path, stdin, max_bytes)
    except InputError as e:
        return Prepared(path, error=e.reason)
    known = store.article_with_text(db, decoded.text) if db is not None and not force else None
    if known:  # skip the extractor; ingest_article checks again under the lock
        return Prepared(path, known=known, warnings=decoded.warnings)
    try:
        extraction = analyse_large(decoded.text, published, actors, stream=stream)
    except Exception as e:  # an extractor bug must not sink the rest of the batch
        return Prepared(path, error=f"extraction failed ({type(e).__name__}: {e}); this is a bug in ledger")
    warnings = decoded.warnings + list(extraction.warnings)
    return Prepared(path, decoded.text, extraction, warnings=warnings, url=decoded.url)


def store_prepared(db: Database, p: Prepared, force: bool) -> Outcome:
    """Store one prepared input in its own transaction (or say why not)."""
    if p.error:
        return Outcome(p.path, error=p.error)
    if p.known:
        result = store.IngestResult(p.known["file"], p.known["id"], "already")
        return Outcome(p.path, result=result, warnings=p.warnings)
    result = store.ingest_article(db, p.path, p.text, p.extraction, force=force, url=p.url)
    return Outcome(p.path, extraction=p.extraction, result=result, warnings=p.warnings)


def ingest_one(
    db: Database,
    path: str,
    published: date | None,
    force: bool,
    stdin: BinaryIO | None = None,
    max_bytes: int | None = MAX_BYTES,
) -> Outcome:
    """Read, extract and store one input in the main process. A large text streams: its pieces are
    extracted as the store places their incidents, so they are never all held at once (60,000
    incidents of a 50 MB file took ~100 MB); its transaction then lasts the whole extraction."""
    prepared = prepare(path, published, force, max_bytes, db, edits.user_actors(db), stdin, stream=True)
    return store_prepared(db, prepared, force)
