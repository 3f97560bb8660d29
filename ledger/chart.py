"""`ledger report --chart`: the report's killed figures as horizontal bars in the terminal.

Each bar is a range: the solid part is the summed killed low, the lighter extension reaches the
summed killed high, and an open upper bound ("at least 7" somewhere in the group) ends in an arrow.
With `--per`, bars are ordered by period and then by group, so that the groups of one year (Russian
and Western losses in 2024, say) stand next to each other. On a terminal the bars are drawn with rich
in one colour per group; piped (or with NO_COLOR) they are plain ASCII: `#` for the low, `-` for
the extension, `>` for no upper bound.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console
from rich.text import Text

from ledger.render import figure_range

_PALETTE = ("green", "magenta", "cyan", "yellow", "bright_red", "bright_blue")
_BLOC_COLOURS = {"russia": "red", "west": "blue"}  # the comparison the tool was written for
_MIN_BAR = 10  # columns kept for the bar however long the labels are
PLAIN_WIDTH = 80


@dataclass
class Bar:
    label: str
    group: str
    low: int | None
    high: int | None  # None with a low: no upper bound

    @property
    def value(self) -> str:
        return figure_range(self.low, self.high) or "no figure"

    @property
    def reach(self) -> int:
        """How far the bar goes: its high, or its low when there is no high."""
        return self.high if self.high is not None else (self.low or 0)


def bars(rows: list[dict], measure: str = "killed") -> list[Bar]:
    """One bar per report row; with periods, ordered by period first, then by group."""
    with_period = any("period" in row for row in rows)
    ordered = sorted(rows, key=lambda r: (r["period"] == "undated", r["period"])) if with_period else rows
    return [
        Bar(
            f"{row['period']}  {row['group']}" if with_period else str(row["group"]),
            str(row["group"]),
            row.get(f"{measure}_low"),
            row.get(f"{measure}_high"),
        )
        for row in ordered
    ]


def layout(all_bars: list[Bar], width: int) -> list[tuple[Bar, int, int, bool]]:
    """For each bar: (bar, columns of solid, columns of extension, open-ended), scaled so that the
    longest reach fills the room left by the labels and values."""
    if not all_bars:
        return []
    room = _bar_room(all_bars, width)
    top = max(b.reach for b in all_bars) or 1
    out = []
    for b in all_bars:
        solid = _columns(b.low or 0, top, room)
        extension = _columns(b.reach, top, room) - solid if b.high is not None else 0
        out.append((b, solid, extension, b.low is not None and b.high is None))
    return out


def _bar_room(all_bars: list[Bar], width: int) -> int:
    label_w = max(len(b.label) for b in all_bars)
    value_w = max(len(b.value) for b in all_bars)
    return max(_MIN_BAR, width - label_w - value_w - 4)  # 2 spaces each side of the bar, 1 arrow


def _columns(value: int, top: int, room: int) -> int:
    # Any loss at all gets at least one column, so a small figure never looks like none.
    return max(1, round(value * room / top)) if value > 0 else 0


def chart_title(by: str, per: str | None, include_claims: bool = False) -> str:
    title = f"Killed by {by}" + (f" per {per}" if per else "")
    return title + ("" if include_claims else " (perpetrators' own claims left out)")


def render_chart(rows: list[dict], title: str, file: TextIO | None = None, measure: str = "killed") -> None:
    """Write the chart of `rows` (report rows) to `file` (stdout): rich on a terminal, ASCII otherwise.
    Period totals are never part of it (they are not summed into any group)."""
    file = file or sys.stdout
    isatty = getattr(file, "isatty", None)
    fancy = bool(isatty and isatty()) and not os.environ.get("NO_COLOR")
    if fancy:
        console = Console(file=file, highlight=False)
        _rich_chart(rows, title, console, measure)
    else:
        file.write("\n".join(plain_chart(rows, title, PLAIN_WIDTH, measure)) + "\n")


def plain_chart(rows: list[dict], title: str, width: int = PLAIN_WIDTH, measure: str = "killed") -> list[str]:
    placed = layout(bars(rows, measure), width)
    if not placed:
        return [title, "(no incidents)"]
    label_w = max(len(b.label) for b, *_ in placed)
    lines = [title, f"# {measure} (low)   - up to the high   > no upper bound"]
    for b, solid, extension, open_ended in placed:
        bar = "#" * solid + "-" * extension + (">" if open_ended else "")
        lines.append(f"{b.label:<{label_w}}  {bar + '  ' if bar else ''}{b.value}")
    return lines


def _rich_chart(rows: list[dict], title: str, console: Console, measure: str) -> None:
    placed = layout(bars(rows, measure), console.width)
    console.print(Text(title, style="bold"))
    if not placed:
        console.print("(no incidents)")
        return
    colours = dict(_BLOC_COLOURS)
    for b, *_ in placed:
        colours.setdefault(b.group, _PALETTE[(len(colours) - len(_BLOC_COLOURS)) % len(_PALETTE)])
    legend = Text()
    legend.append("█", style="white")
    legend.append(f" {measure} (low)   ")
    legend.append("░", style="white")
    legend.append(" up to the high   ▶ no upper bound")
    console.print(legend)
    label_w = max(len(b.label) for b, *_ in placed)
    for b, solid, extension, open_ended in placed:
        colour = colours[b.group]
        line = Text(f"{b.label:<{label_w}}  ")
        line.append("█" * solid, style=colour)
        line.append("░" * extension, style=colour)
        line.append("▶" if open_ended else "", style=colour)
        line.append(f"  {b.value}" if solid or extension or open_ended else b.value)
        console.print(line, no_wrap=True, overflow="ellipsis")
