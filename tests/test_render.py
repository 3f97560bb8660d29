import io
import json

import pytest

from ledger.render import Format, default_format, figure_range, merge_ranges, render

COLUMNS = ["group", "incidents", "note", "claimed"]
ROWS = [
    {"group": "russia", "incidents": 3, "note": "tab\there\nnewline", "claimed": False},
    {"group": "Ségou | west", "incidents": 12, "note": None, "claimed": True},
]


def rendered(fmt, rows=ROWS, columns=COLUMNS, **kwargs) -> str:
    out = io.StringIO()
    render(rows, columns, fmt, file=out, **kwargs)
    return out.getvalue()


def test_tsv_replaces_tabs_and_newlines_and_has_a_header():
    assert rendered("tsv") == (
        "group\tincidents\tnote\tclaimed\nrussia\t3\ttab here newline\tfalse\nSégou | west\t12\t\ttrue\n"
    )


def test_tsv_no_headers():
    assert rendered("tsv", no_headers=True).splitlines()[0] == "russia\t3\ttab here newline\tfalse"


def test_csv_quotes_what_needs_quoting():
    assert rendered("csv") == (
        'group,incidents,note,claimed\nrussia,3,"tab\there\nnewline",false\nSégou | west,12,,true\n'
    )


def test_json_is_one_array_with_typed_values():
    assert json.loads(rendered("json")) == [
        {"group": "russia", "incidents": 3, "note": "tab\there\nnewline", "claimed": False},
        {"group": "Ségou | west", "incidents": 12, "note": None, "claimed": True},
    ]
    assert rendered("json").startswith("[\n  {\n")


def test_jsonl_is_one_object_per_line():
    lines = rendered("jsonl").splitlines()
    assert len(lines) == 2
    assert json.loads(lines[1]) == {"group": "Ségou | west", "incidents": 12, "note": None, "claimed": True}


def test_markdown_escapes_pipes_and_right_aligns_numbers():
    assert rendered("markdown", title="Totals") == (
        "\n### Totals\n\n"
        "| group | incidents | note | claimed |\n"
        "| --- | ---: | --- | --- |\n"
        "| russia | 3 | tab\there newline | false |\n"
        "| Ségou \\| west | 12 |  | true |\n"
    )


def test_table_has_no_escape_codes_off_a_terminal():
    text = rendered("table")
    assert "\x1b[" not in text
    assert "russia" in text and "Ségou | west" in text
    assert text.splitlines()[0].split() == COLUMNS


def test_only_listed_columns_in_order():
    assert rendered("tsv", columns=["incidents", "group"]).splitlines()[1] == "3\trussia"


@pytest.mark.parametrize("fmt", list(Format))
def test_no_rows_still_renders(fmt):
    text = rendered(fmt, rows=[])
    if fmt == Format.JSON:
        assert json.loads(text) == []
    elif fmt == Format.JSONL:
        assert text == ""


def test_default_format_is_tsv_when_not_a_terminal():
    assert default_format(io.StringIO()) == Format.TSV

    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert default_format(Tty()) == Format.TABLE


@pytest.mark.parametrize(
    "low, high, text",
    [(7, 7, "7"), (70, 80, "70–80"), (7, None, "7+"), (None, 80, "≤80"), (None, None, "")],
)
def test_figure_range(low, high, text):
    assert figure_range(low, high) == text


def test_merge_ranges_joins_low_high_pairs():
    columns, rows = merge_ranges(
        ["group", "killed_low", "killed_high", "sources"],
        [{"group": "x", "killed_low": 7, "killed_high": None, "sources": 2}],
    )
    assert columns == ["group", "killed", "sources"]
    assert rows[0]["killed"] == "7+"


def test_no_color_means_no_escape_codes_even_on_a_terminal(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    out = Tty()
    render(ROWS, COLUMNS, "table", file=out, title="T")
    assert "\x1b[" in out.getvalue()  # styled on a terminal...
    monkeypatch.setenv("NO_COLOR", "1")
    out = Tty()
    render(ROWS, COLUMNS, "table", file=out, title="T")
    assert "\x1b[" not in out.getvalue()  # ...unless NO_COLOR


def test_wide_tables_wrap_text_columns_instead_of_cutting_the_last(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    columns = ["id", "date", "precision", "place", "country", "victim", "perpetrator", "killed",
               "wounded", "sources", "confidence"]  # fmt: skip
    row = {"id": 2, "date": "2024-07-27", "precision": "day", "place": "Tinzaouaten", "country": "MLI",
           "victim": "Wagner Group", "perpetrator": "Islamic Resistance in Iraq", "killed": "70–80",
           "wounded": "", "sources": 3, "confidence": 0.95}  # fmt: skip
    lines = rendered("table", rows=[row], columns=columns).splitlines()
    assert lines[0].split() == columns
    assert lines[2].rstrip().endswith("0.95")
    assert all(len(line) <= 100 for line in lines)
