"""`ledger plot`: the chart of `report --chart` as an image file (PNG or SVG), with matplotlib.

matplotlib is an optional extra (`pip install 'ledger[plot]'`) and imported only here, only when a
plot is drawn. Bars as in the terminal chart: the killed low solid, a lighter bar of the same colour
up to the high, and an open upper bound ("at least") marked by a `+` after the figure and a hatched
tip. With `--per`, periods run along the x axis and the groups stand side by side in each.
"""

from __future__ import annotations

from pathlib import Path

from ledger.errors import LedgerError
from ledger.render import figure_range

SUFFIXES = (".png", ".svg")
_BLOC_COLOURS = {"russia": "#c0392b", "west": "#2e5c8a"}  # the comparison the tool was written for
_OTHER_COLOURS = ("#27ae60", "#8e44ad", "#d68910", "#16a085", "#7f8c8d", "#a04000")


class PlotError(LedgerError):
    """The plot cannot be drawn (matplotlib missing) or written."""


def plot_report(rows: list[dict], output: Path, title: str, subtitle: str = "", xlabel: str = "") -> None:
    """Draw report rows (group, optional period, killed_low, killed_high) to `output`."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display: write files only
        from matplotlib.figure import Figure
        from matplotlib.patches import Patch
    except ImportError:
        raise PlotError("plotting needs the plot extra: pip install 'ledger[plot]'") from None
    periods = sorted({r["period"] for r in rows if "period" in r}, key=lambda p: (p == "undated", p))
    groups = list(dict.fromkeys(r["group"] for r in rows))
    colours = _colours(groups)
    fig = Figure(figsize=(max(6.0, 1.0 + 0.6 * len(rows)), 4.5), layout="constrained")
    ax = fig.add_subplot()
    slots = periods or groups
    width = 0.8 / (len(groups) if periods else 1)
    for row in rows:
        slot = slots.index(row["period"] if periods else row["group"])
        offset = (groups.index(row["group"]) - (len(groups) - 1) / 2) * width if periods else 0
        _bar(ax, slot + offset, width, row, colours[row["group"]])
    ax.set_xticks(range(len(slots)), [str(s) for s in slots], rotation=45 if len(slots) > 8 else 0)
    ax.set_xlabel(xlabel or ("period" if periods else "group"))
    ax.set_ylabel("killed (low solid, up to high lighter)")
    ax.set_ylim(0, max([_reach(r) for r in rows] + [1]) * 1.15)
    ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(title, fontweight="bold")
    if subtitle:
        ax.set_title(subtitle, fontsize="small", color="#555555")
    handles = [Patch(color=colours[g], label=str(g)) for g in groups] if periods else []
    handles += [
        Patch(facecolor="#555555", label="killed, low"),
        Patch(facecolor="#555555", alpha=0.35, label="up to the high"),
        Patch(facecolor="white", edgecolor="#555555", hatch="///", label="no upper bound (+)"),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize="small", frameon=False)
    _save(fig, output)


def _bar(ax, x: float, width: float, row: dict, colour: str) -> None:
    low, high = row.get("killed_low"), row.get("killed_high")
    if low is None and high is None:
        return
    ax.bar(x, low or 0, width, color=colour)
    top = low or 0
    if high is not None and high > top:
        ax.bar(x, high - top, width, bottom=top, color=colour, alpha=0.35)
        top = high
    elif high is None:  # at least `low`: a hatched tip says the bar goes on
        tip = max(1.0, 0.05 * (low or 1))
        ax.bar(x, tip, width, bottom=top, facecolor="white", edgecolor=colour, hatch="///")
        top += tip
    ax.annotate(figure_range(low, high), (x, top), ha="center", va="bottom", fontsize="small",
                xytext=(0, 2), textcoords="offset points")  # fmt: skip


def _reach(row: dict) -> float:
    low, high = row.get("killed_low") or 0, row.get("killed_high")
    return high if high is not None else low * 1.05 + 1


def _colours(groups: list[str]) -> dict[str, str]:
    others = iter(_OTHER_COLOURS * (1 + len(groups) // len(_OTHER_COLOURS)))
    return {g: _BLOC_COLOURS.get(g) or next(others) for g in groups}


def _save(fig, output: Path) -> None:
    import matplotlib

    # Text stays text in SVG, and the same plot gives the same file (no date, fixed ids).
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "ledger"}):
        try:
            fig.savefig(output, format=output.suffix[1:].lower(), dpi=150, metadata=_metadata(output))
        except OSError as e:
            raise PlotError(f"{output}: {(e.strerror or str(e)).lower()}") from None


def _metadata(output: Path) -> dict:
    if output.suffix.lower() == ".svg":
        return {"Date": None, "Creator": "ledger"}
    return {"Software": "ledger"}
