"""The lexicon reader (ledger/lexicon.py) and the actor table's regexes, compiled on first use."""

import csv
import dataclasses

import pytest

from ledger import lexicon
from ledger.extract.names import find_names


def dict_reader(lines: list[str]) -> list[list[tuple[str, str]]]:
    """What the loader read before table_rows: csv.DictReader, values trimmed, unnamed columns dropped."""
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [[(k, (v or "").strip()) for k, v in row.items() if k] for row in rows]


ODD_TABLES = [
    ["name\tiso3\tnote", "Gao\tMLI\tcapital of the region", "Kidal\tMLI"],  # a short row
    ["name\tiso3", "Gao\tMLI\textra\tmore"],  # values past the last column
    ["name\t\tiso3", "Gao\tlost\tMLI"],  # a column without a name
    ["name\tname", "first\tsecond"],  # the same name twice: the last value
    ["name\tnote\tname", "Gao"],  # ... and when missing
    ['name\tnote', '"Gao"\t  "quoted", not unquoted  ', "  Ber \t"],  # no quoting, values trimmed
    ["name"],
    [],
]


@pytest.mark.parametrize("lines", ODD_TABLES)
def test_table_rows_reads_what_dict_reader_read(lines):
    assert [list(row.items()) for row in lexicon.table_rows(lines)] == dict_reader(lines)


@pytest.mark.parametrize("lines", [*ODD_TABLES, ["name\tname\tnote", "a\tb\tc"], ["name\tnote\tname", "a\tb"]])
@pytest.mark.parametrize("wanted", [("name",), ("note", "name"), ("iso3", "absent", "name", "iso3"), ("name", "iso3", "note")])
def test_table_columns_picks_what_table_rows_holds(lines, wanted):
    expected = [tuple(row.get(k, "") for k in wanted) for row in lexicon.table_rows(lines)]
    assert lexicon.table_columns(lines, *wanted) == expected


@pytest.mark.parametrize("name", ["actors.tsv", "countries.tsv", "places.tsv", "nouns.tsv", "cues.tsv"])
def test_the_shipped_lexicons_read_as_dict_reader_read_them(name):
    rows = lexicon._rows(name)
    assert rows and all(row for row in rows)
    from importlib import resources

    text = resources.files("ledger.lexicons").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert [list(row.items()) for row in rows] == dict_reader(lines)


def test_actors_in_text_that_is_not_ascii_are_found_by_the_regexes():
    # A curly double quote keeps the sentence non-ASCII: the case-insensitive names run as a regex.
    found = [(n.text, n.canonical) for n in find_names("“Wagner fighters and JNIM clashed near Gao,” he said.")]
    plain = [(n.text, n.canonical) for n in find_names('"Wagner fighters and JNIM clashed near Gao," he said.')]
    assert found == plain
    assert ("Wagner", "Wagner Group") in found and ("JNIM", "JNIM") in found


def test_places_are_read_from_their_columns():
    lines = lexicon._lines("places.tsv")
    rows = lexicon.table_rows(lines)
    places = lexicon.places()
    assert [p.name for p in places] == [r["name"] for r in rows]
    assert [p.aliases for p in places] == [tuple(a.strip() for a in r["aliases"].split("|") if a.strip()) for r in rows]
    assert [(p.iso3, p.region) for p in places] == [(r["iso3"] or None, r["region"] or None) for r in rows]
    assert any(p.capital for p in places) and any(p.ambiguous for p in places)


def test_places_are_the_records_place_makes():
    # places() makes its records without Place's __init__ (start-up): they must be what it makes.
    fields = [f.name for f in dataclasses.fields(lexicon.Place)]
    for place in lexicon.places():
        made = lexicon.Place(*(getattr(place, name) for name in fields))
        assert (place, repr(place), hash(place), vars(place)) == (made, repr(made), hash(made), vars(made))
        assert type(place) is lexicon.Place
    with pytest.raises(dataclasses.FrozenInstanceError):
        place.name = "Elsewhere"


@pytest.mark.parametrize("text", ["Ménaka", "Gao", "GAO Region", "N’Djamena", "N'Djamena", "Straße", "ǅ", "Tin-Zaouatène", ""])
def test_fold_drops_accents_and_case(text):
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    slow = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().replace("’", "'")
    assert lexicon.fold(text) == slow


def test_fold_of_every_ascii_character_is_its_lower_case():
    assert all(lexicon.fold(chr(c)) == chr(c).lower() == chr(c).casefold() for c in range(128))
