"""Reports: incidents grouped and summed, as (columns, rows) for the renderer. No printing here.

Counting conventions (README, "Counting conventions"):
- a group's killed_low is the sum of its incidents' killed_low, an incident without one counting 0;
- its killed_high is the sum of each incident's killed_high (or killed_low when that is all there
  is), except that one open-ended incident ("at least 7": a low, no high) leaves the whole upper
  bound open: killed_high is null, shown as "77+" in the table;
- a group where no incident gives a killed figure at all has null for both (not 0);
- the same for wounded;
- period totals (kind "aggregate": "58 French soldiers since 2013") are never added to any group:
  they overlap each other and the incidents, so `period_totals` lists them one by one;
- incidents whose figures only the perpetrator claims are left out unless include_claims, and so
  are the claimed figures of an incident that independent sources also report; `sources` counts
  the articles behind the figures that are added up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from ledger import reconcile, store, summary
from ledger.store import Filters

if TYPE_CHECKING:
    from sqlite_utils import Database


class By(StrEnum):
    ACTOR = "actor"  # the victim group, whose losses are counted
    PERPETRATOR = "perpetrator"
    BLOC = "bloc"  # the victim's bloc
    PERPETRATOR_BLOC = "perpetrator-bloc"
    COUNTRY = "country"
    LOCATION = "location"
    YEAR = "year"
    MONTH = "month"


class Per(StrEnum):
    YEAR = "year"
    MONTH = "month"


UNDATED = "undated"
UNKNOWN = "(unknown)"

FIGURE_COLUMNS = ["killed_low", "killed_high", "wounded_low", "wounded_high"]
PERIOD_TOTAL_COLUMNS = ["id", "group", "date_start", "date_end", *FIGURE_COLUMNS, "sources"]
LIST_COLUMNS = [
    "id", "date", "precision", "kind", "place", "country", "victim", "perpetrator",
    *FIGURE_COLUMNS, "claimed", "sources", "confidence",
]  # fmt: skip
# A terminal is narrow: the table leaves out kind (precision "period" marks a period total) and
# claimed (shown by `ledger show`).
LIST_TABLE_COLUMNS = [c for c in LIST_COLUMNS if c not in ("kind", "claimed")]


@dataclass
class Report:
    columns: list[str]
    rows: list[dict]
    period_totals: list[dict] = field(default_factory=list)
    period_total_columns: list[str] = field(default_factory=lambda: list(PERIOD_TOTAL_COLUMNS))
    claims_left_out: int = 0
    period_total_count: int = 0  # how many period totals there are, listed in period_totals or not


def report(
    db: Database,
    by: By | str,
    per: Per | str | None = None,
    filters: Filters | None = None,
    include_claims: bool = False,
    list_period_totals: bool = True,
    use_summary: bool = True,
) -> Report:
    """Losses grouped by `by` (and by period when `per`), summed by the conventions above. Without
    list_period_totals, period totals are only counted (a million-incident ledger can hold tens of
    thousands, and a report on a pipe only says how many). A report by bloc, year or month,
    filtered at most by victim bloc and dates, adds up the m007/m008 summaries (ledger/summary.py) unless
    not use_summary; the result is the same."""
    by, per = By(by), Per(per) if per else None
    filters = filters or Filters()
    keys = (by, *((By(per.value),) if per else ()))
    if use_summary and _summary_serves(keys, filters):
        groups, period_count, left_out = _summary_groups(db, keys, filters, include_claims)
    else:
        groups, period_count, left_out = _incident_groups(db, keys, filters, include_claims), None, None
    if include_claims:
        _add_claims(db, groups, filters, by, per)
    columns = ["group", *(["period"] if per else []), "incidents", *FIGURE_COLUMNS, "sources"]
    rows = [_summed_row(key, sums, bool(per)) for key, sums in sorted(groups.items(), key=_order)]
    claims = "" if include_claims else " AND NOT i.claimed_by_perpetrator"
    aggregates = "i.kind = 'aggregate'" + claims
    if list_period_totals:
        period_rows = [_period_total_row(i, _KEYS[by](i)) for i in store.list_incidents(db, filters, aggregates)]
        period_count = len(period_rows)
    elif period_count is None:
        period_rows, period_count = [], store.count_incidents(db, filters, aggregates)
    else:
        period_rows = []
    if include_claims:
        left_out = 0
    elif left_out is None:
        left_out = store.count_incidents(db, filters, "i.claimed_by_perpetrator = 1")
    return Report(columns, rows, period_rows, claims_left_out=left_out, period_total_count=period_count)


def _incident_groups(db: Database, keys: tuple[By, ...], filters: Filters, include_claims: bool) -> dict:
    """{key: sums} summed from the incidents in one pass, grouped by the raw columns the keys read
    (--by bloc --per year in the order of the m004 report index, so without sorting); the partial
    groups are merged under their keys here, and `_summed_row` reads the sums by the conventions
    above. A perpetrator's claim counts as a source only of an incident that only the perpetrator
    reports."""
    claims = "" if include_claims else " AND NOT i.claimed_by_perpetrator"
    where, params = store.where_clause(filters, "i.kind != 'aggregate'" + claims)
    raw = tuple(dict.fromkeys(c for key in keys for c in _RAW_COLUMNS[key]))
    # A date filter reads few incidents through its own index; `+` keeps SQLite from scanning the
    # whole report index for its group order instead.
    unordered = "+" if filters.since or filters.until else ""
    sql = f"""SELECT {", ".join(f"i.{c}" for c in raw)}, count(*) AS incidents, {_FIGURE_SUMS},
                     sum(CASE WHEN i.claimed_by_perpetrator THEN i.source_count
                              ELSE i.source_count - i.claim_source_count END) AS sources
              FROM incidents i{where}
              GROUP BY {", ".join(f"{unordered}i.{c}" for c in raw)}"""
    groups: dict[tuple, dict] = {}
    for row in db.query(sql, params):
        _merge(groups, keys, row)
    return groups


def _merge(groups: dict, keys: tuple[By, ...], row: dict) -> None:
    sums = groups.setdefault(tuple(_KEYS[key](row) for key in keys), {})
    for name in _SUM_NAMES:
        sums[name] = sums.get(name, 0) + (row[name] or 0)


def incident_rows(db: Database, filters: Filters | None = None) -> tuple[list[str], list[dict]]:
    """`ledger list`: one row per incident, sorted by date (undated last)."""
    rows = [
        {
            "id": i["id"],
            "date": i["date_start"],
            "precision": i["date_precision"],
            "kind": i["kind"],
            "place": i["location"],
            "country": i["country"],
            "victim": i["victim"],
            "perpetrator": i["perpetrator"],
            **{f: i[f] for f in FIGURE_COLUMNS},
            "claimed": i["claimed_by_perpetrator"],
            "sources": i["sources"],
            "confidence": i["confidence"],
        }
        for i in store.list_incidents(db, filters)
    ]
    return list(LIST_COLUMNS), rows


# ----------------------------------------------------------------- the m007 and m008 summaries

# What the summary can group by: the columns _KEYS reads, computed from the summary's key (its
# undated rows have '' as year and days), and what to group by. A month key is computed whole, so
# its precision is not needed.
_MONTH = "CASE WHEN s.date_precision = 'year' THEN s.year ELSE substr(s.date_start, 1, 7) END"
_SUMMARY_KEYS: dict[By, tuple[tuple[str, ...], str]] = {
    By.BLOC: (("s.victim_bloc AS victim_bloc",), "s.victim_bloc"),
    By.YEAR: (("nullif(s.year, '') AS date_start",), "s.year"),
    By.MONTH: ((f"nullif({_MONTH}, '') AS date_start", "NULL AS date_precision"), _MONTH),
}


def _summary_serves(keys: tuple[By, ...], filters: Filters) -> bool:
    return all(key in _SUMMARY_KEYS for key in keys) and not filters.country


def _summary_groups(
    db: Database, keys: tuple[By, ...], filters: Filters, include_claims: bool
) -> tuple[dict, int, int]:
    """What _incident_groups sums, and how many period totals and claims there are, added up from
    a summary in one pass (by bloc and year in the order of its key, so without sorting): the one
    by year when it can tell, else the one by day."""
    dated = filters.since or filters.until or By.MONTH in keys
    table = summary.TABLE if dated else summary.YEAR_TABLE
    # A month key gives the year too; it is read from the month when both are asked for.
    wanted = [key for key in keys if not (key == By.YEAR and By.MONTH in keys)]
    selected = list(dict.fromkeys(column for key in wanted for column in _SUMMARY_KEYS[key][0]))
    grouped = [("+" if dated else "") + _SUMMARY_KEYS[key][1] for key in wanted]
    claims = "" if include_claims else " AND s.claimed = 0"
    summed = [f"sum(s.{c}) FILTER (WHERE s.aggregate = 0{claims}) AS {c}" for c in _SUM_NAMES]
    where, params = store.where_clause(filters, sql=_SUMMARY_FILTER_SQL)
    sql = f"""SELECT {", ".join(selected)}, {", ".join(summed)},
                     sum(s.incidents) FILTER (WHERE s.aggregate = 1{claims}) AS period_totals,
                     sum(s.incidents) FILTER (WHERE s.claimed = 1) AS claimed
              FROM {table} s{where}
              GROUP BY {", ".join(grouped)}"""
    groups: dict[tuple, dict] = {}
    period_totals = claimed = 0
    for row in db.query(sql, params):
        period_totals += row["period_totals"] or 0
        claimed += row["claimed"] or 0
        if row["incidents"]:  # not a group of period totals or left-out claims only
            _merge(groups, keys, row)
    return groups, period_totals, claimed


# store.FILTER_SQL on the summary: the same incidents, by their summary row's key. '' (undated) is
# before any day, so --since leaves undated rows out as coalesce(date_end, date_start) does.
_SUMMARY_FILTER_SQL = {
    "victim_blocs": "s.victim_bloc IN ({})",
    "since": "s.last_day >= ?",
    "until": "s.date_start <= ? AND s.date_start != ''",
}


# Incidents that independent sources report and the perpetrator also claims: their claimed
# figures are added (by widening the incident's range) only with include_claims.
_MIXED = (
    "i.kind != 'aggregate' AND NOT i.claimed_by_perpetrator AND EXISTS (SELECT 1 FROM"
    " incident_sources s WHERE s.incident_id = i.id AND s.claimed_by_perpetrator)"
)


def _add_claims(db: Database, groups: dict, filters: Filters | None, by: By, per: Per | None) -> None:
    """Widen the partial sums of `groups` by the figures that only perpetrators claim, incident by
    incident (few have both); pinned figures (an analyst's edit) stay as they are."""
    incidents = store.list_incidents(db, filters, _MIXED)
    sources = store.sources_of(db, [i["id"] for i in incidents])
    for incident in incidents:
        key = (_KEYS[by](incident), *([_KEYS[By(per.value)](incident)] if per else []))
        widened = reconcile.counted_figures(sources.get(incident["id"], []), include_claims=True)
        new = {f: incident[f] if f in incident["pinned"] else widened[f] for f in FIGURE_COLUMNS}
        sums = groups.get(key)
        if sums is None:  # cannot happen: both take their keys from _KEYS
            continue
        sums["sources"] += sum(1 for s in sources.get(incident["id"], []) if s["claimed_by_perpetrator"])
        for measure in ("killed", "wounded"):
            for figures, sign in ((incident, -1), (new, 1)):
                low, high = figures[f"{measure}_low"], figures[f"{measure}_high"]
                sums[f"{measure}_given"] += sign * (low is not None or high is not None)
                sums[f"{measure}_low"] += sign * (low or 0)
                sums[f"{measure}_high"] += sign * (high or 0)
                sums[f"{measure}_open"] += sign * (low is not None and high is None)


def sum_figures(incidents: Iterable[dict], measure: str) -> tuple[int | None, int | None]:
    """(low, high) of `measure` ("killed", "wounded") over incidents; see the module docstring."""
    pairs = [(i.get(f"{measure}_low"), i.get(f"{measure}_high")) for i in incidents]
    pairs = [(low, high) for low, high in pairs if low is not None or high is not None]
    if not pairs:
        return None, None
    low = sum(low or 0 for low, _ in pairs)
    if any(low is not None and high is None for low, high in pairs):
        return low, None  # at least one "at least N": no upper bound
    return low, sum(high for _, high in pairs)


def _summed_row(key: tuple, sums: dict, with_period: bool) -> dict:
    row = {"group": key[0]}
    if with_period:
        row["period"] = key[1]
    row["incidents"] = sums["incidents"]
    for measure in ("killed", "wounded"):
        given, is_open = sums[f"{measure}_given"], sums[f"{measure}_open"]
        row[f"{measure}_low"] = sums[f"{measure}_low"] if given else None
        row[f"{measure}_high"] = sums[f"{measure}_high"] if given and not is_open else None
    row["sources"] = sums["sources"] or 0
    return row


def _period_total_row(incident: dict, group: str) -> dict:
    return {
        "id": incident["id"],
        "group": group,
        "date_start": incident["date_start"],
        "date_end": incident["date_end"],
        **{f: incident[f] for f in FIGURE_COLUMNS},
        "sources": incident["sources"],
    }


def _order(item) -> tuple:
    """Groups alphabetically, "(unknown)" and "undated" last; periods in time order."""
    key = item[0]
    return tuple((part in (UNKNOWN, UNDATED), str(part).casefold()) for part in key)


def _year(incident: dict) -> str:
    start = incident["date_start"]
    return start[:4] if start else UNDATED


def _month(incident: dict) -> str:
    # An incident known only to the year has no month: it is listed under the bare year.
    start, precision = incident["date_start"], incident["date_precision"]
    if not start:
        return UNDATED
    return start[:4] if precision == "year" else start[:7]


def _field(name: str) -> Callable[[dict], str]:
    return lambda incident: incident[name] or UNKNOWN


_KEYS: dict[By, Callable[[dict], str]] = {
    By.ACTOR: _field("victim"),
    By.PERPETRATOR: _field("perpetrator"),
    By.BLOC: _field("victim_bloc"),
    By.PERPETRATOR_BLOC: _field("perpetrator_bloc"),
    By.COUNTRY: _field("country"),
    By.LOCATION: _field("location"),
    By.YEAR: _year,
    By.MONTH: _month,
}


# The columns each key of _KEYS reads.
_RAW_COLUMNS: dict[By, tuple[str, ...]] = {
    By.ACTOR: ("victim",),
    By.PERPETRATOR: ("perpetrator",),
    By.BLOC: ("victim_bloc",),
    By.PERPETRATOR_BLOC: ("perpetrator_bloc",),
    By.COUNTRY: ("country",),
    By.LOCATION: ("location",),
    By.YEAR: ("date_start",),
    By.MONTH: ("date_start", "date_precision"),
}
# Per measure: how many incidents give a figure, the sums of lows and highs (a missing high
# counting 0; that only matters when none is open), and how many are open ("at least N").
_FIGURE_SUMS = ", ".join(
    f"sum(i.{m}_low IS NOT NULL OR i.{m}_high IS NOT NULL) AS {m}_given, "
    f"sum(coalesce(i.{m}_low, 0)) AS {m}_low, sum(coalesce(i.{m}_high, 0)) AS {m}_high, "
    f"sum(i.{m}_low IS NOT NULL AND i.{m}_high IS NULL) AS {m}_open"
    for m in ("killed", "wounded")
)
_SUM_NAMES = ["incidents", "sources"] + [f"{m}_{s}" for m in ("killed", "wounded") for s in ("given", "low", "high", "open")]
