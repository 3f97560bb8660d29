"""Load the lexicon files shipped in ledger/lexicons/ (format: ledger/lexicons/README.md).

Each loader reads its file once (functools.cache) and returns immutable data, so that extraction stays
a pure function of its inputs. User aliases stored in a ledger are passed to extraction explicitly.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from operator import itemgetter


def _lines(name: str) -> list[str]:
    """The lines of lexicon `name` that are neither blank nor comments: its header, then its rows."""
    # pkgutil reads package data through the package's loader (a zip too) and, unlike
    # importlib.resources (tempfile, zipfile: ~15 ms), costs nothing to import in a process
    # that reads no lexicon.
    import pkgutil

    data = pkgutil.get_data("ledger", f"lexicons/{name}")
    assert data is not None, name  # the package ships its lexicons
    return [line for line in data.decode("utf-8").splitlines() if line.strip() and not line.startswith("#")]


def _rows(name: str) -> list[dict[str, str]]:
    return table_rows(_lines(name))


def table_rows(lines: list[str]) -> list[dict[str, str]]:
    """Tab-separated `lines`, the first naming the columns, as one dict a row, values trimmed: what
    csv.DictReader(lines, delimiter="\\t", quoting=csv.QUOTE_NONE) reads, with no quoting to undo,
    by str.split (several times faster). A short row has "" for its missing columns; values past
    the last column, and columns without a name, are dropped."""
    if not lines:
        return []
    columns = lines[0].split("\t")
    named = [k for k in columns if k]
    rows = []
    for line in lines[1:]:
        values = line.split("\t")
        row = dict(zip(columns, map(str.strip, values)))
        for k in columns[len(values) :]:
            row[k] = ""
        if len(named) < len(columns):
            row.pop("", None)
        rows.append(row)
    return rows


def table_columns(lines: list[str], *wanted: str) -> list[tuple[str, ...]]:
    """The `wanted` columns of each row of `lines`: for each row of table_rows(lines),
    tuple(row.get(column, "") for column in wanted), without building a dict a row (the gazetteer's
    2,500 rows are read in every extracting process)."""
    if not lines or not wanted:
        return [() for _ in lines[1:]]
    columns = lines[0].split("\t")
    width = len(columns)
    at = {k: i for i, k in enumerate(columns) if k}  # a name given twice: its last column, as in a dict
    pick = itemgetter(*(at.get(k, width) for k in wanted), width)  # `width`: a slot always empty
    pad = [""] * (width + 1)
    every = list(wanted) == columns and len(at) == width  # all the columns, in order, each named once
    picked = []
    for line in lines[1:]:
        values = line.split("\t")
        if every and len(values) == width:  # most rows of a full table: nothing to pick or pad
            picked.append(tuple(map(str.strip, values)))
            continue
        del values[width:]
        values += pad[len(values) :]
        picked.append(tuple(map(str.strip, pick(values)[:-1])))
    return picked


def fold(text: str) -> str:
    """Accents dropped and case folded, for matching names: "Ménaka" -> "menaka"."""
    if text.isascii():  # nothing to decompose or drop, and casefold() is lower() (most names: 3x faster)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().replace("’", "'")


@dataclass(frozen=True)
class Actor:
    canonical: str
    alias: str
    bloc: str
    affiliation: str | None
    kind: str  # group | force
    valid_from: int | None = None
    valid_to: int | None = None


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    force_bloc: str


@dataclass(frozen=True)
class Place:
    name: str
    iso3: str | None
    kind: str
    aliases: tuple[str, ...]
    region: str | None
    ambiguous: bool
    capital: bool = False  # the note says "capital"


def _year(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


@cache
def actors() -> tuple[Actor, ...]:
    return tuple(
        Actor(
            r["canonical"],
            r["alias"],
            r["bloc"],
            r.get("affiliation") or None,
            r.get("kind") or "group",
            _year(r.get("valid_from", "")),
            _year(r.get("valid_to", "")),
        )
        for r in _rows("actors.tsv")
    )


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


@cache
def countries() -> tuple[Country, ...]:
    return tuple(
        Country(
            r["iso3"],
            r["name"],
            _split(r.get("aliases", "")),
            _split(r.get("demonyms", "")),
            r.get("force_bloc") or "local_state",
        )
        for r in _rows("countries.tsv")
    )


@cache
def country_by_iso3() -> dict[str, Country]:
    return {c.iso3: c for c in countries()}


_new = object.__new__


def _place(name: str, iso3, kind: str, aliases: tuple, region, ambiguous: bool, capital: bool) -> Place:
    """Place(name, iso3, ...), made without the frozen dataclass's __init__ (one object.__setattr__
    call a field): the gazetteer's 2,500 places took 36M instructions of every batch's start-up that
    way, 15M this. Place has no __post_init__ this would skip: the same records (tested)."""
    place = _new(Place)
    place.__dict__.update(
        {"name": name, "iso3": iso3, "kind": kind, "aliases": aliases, "region": region,
         "ambiguous": ambiguous, "capital": capital}
    )  # fmt: skip
    return place


@cache
def places() -> tuple[Place, ...]:
    columns = table_columns(_lines("places.tsv"), "name", "iso3", "kind", "aliases", "region", "note")
    return tuple(
        _place(
            name,
            iso3 or None,
            kind or "town",
            _split(aliases) if aliases else (),
            region or None,
            "ambiguous" in note.lower(),
            note.lower().startswith("capital"),
        )
        for name, iso3, kind, aliases, region, note in columns
    )


@cache
def number_words() -> dict[str, tuple[int, str]]:
    return {r["word"]: (int(r["value"]), r["kind"]) for r in _rows("numbers.tsv")}


@cache
def hedges() -> dict[str, tuple[str, str]]:
    return {r["phrase"]: (r["bound"], r.get("position") or "before") for r in _rows("hedges.tsv")}


@cache
def cues() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["phrase"], r["measure"], r["position"]) for r in _rows("cues.tsv"))


@cache
def nouns() -> dict[str, str]:
    return {r["noun"]: r["class"] for r in _rows("nouns.tsv")}
