"""`ledger report --chart` (ledger/chart.py): bars for the killed low, lighter up to the high."""

import io

from cli_helpers import DATE, GAO, VILLAGE, invoke

from ledger.chart import bars, layout, plain_chart, render_chart

ROWS = [
    {"group": "russia", "period": "2024", "killed_low": 70, "killed_high": None},
    {"group": "west", "period": "2023", "killed_low": 10, "killed_high": 20},
    {"group": "west", "period": "2024", "killed_low": None, "killed_high": None},
]


def test_plain_chart_orders_by_period_and_scales_to_the_width():
    assert plain_chart(ROWS, "Killed", width=40) == [
        "Killed",
        "# killed (low)   - up to the high   > no upper bound",
        "2023  west    ##--  10–20",
        "2024  russia  ###############>  70+",
        "2024  west    no figure",
    ]


def test_a_small_figure_still_gets_a_column_and_the_longest_fills_the_room():
    rows = [{"group": "a", "killed_low": 1, "killed_high": 1},
            {"group": "b", "killed_low": 1000, "killed_high": 1000}]  # fmt: skip
    [(_, small, _, _), (_, big, _, _)] = layout(bars(rows), width=60)
    assert small == 1
    assert big == 60 - 1 - 4 - 4  # width minus label, value and spacing


def test_a_bar_with_only_a_high_is_all_extension():
    only_high = [{"group": "a", "killed_low": None, "killed_high": 80}]
    [(_, solid, extension, open_ended)] = layout(bars(only_high), 40)
    assert solid == 0 and extension > 0 and not open_ended


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_the_chart_uses_blocks(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = _Terminal()
    render_chart(ROWS, "Killed", file=out)
    text = out.getvalue()
    assert "█" in text and "░" in text and "▶" in text
    assert "\x1b[" in text  # coloured


def test_no_color_on_a_terminal_gives_the_plain_chart(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = _Terminal()
    render_chart(ROWS, "Killed", file=out)
    assert "\x1b[" not in out.getvalue() and "#" in out.getvalue()


def test_report_chart_through_the_cli(runner, article):
    invoke(runner, "ingest", article("gao.txt", GAO), article("village.txt", VILLAGE), *DATE)
    result = invoke(runner, "report", "--by", "country", "--per", "year", "--chart")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Killed by country per year (perpetrators' own claims left out)"
    assert lines[2].startswith("2024  BFA  ") and lines[2].endswith("  30")
    assert lines[3].startswith("2024  MLI  ") and lines[3].endswith("  12")
    assert lines[2].count("#") > lines[3].count("#") > 0
    assert "\x1b[" not in result.stdout
