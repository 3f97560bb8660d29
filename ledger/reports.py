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

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlite_utils import Database

from ledger import reconcile, store
from ledger.store import Filters


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


def report(
    db: Database,
    by: By | str,
    per: Per | str | None = None,
    filters: Filters | None = None,
    include_claims: bool = False,
) -> Report:
    """Losses grouped by `by` (and by period when `per`), summed by the conventions above."""
    by, per = By(by), Per(per) if per else None
    incidents = store.list_incidents(db, filters)
    claimed = [i for i in incidents if i["claimed_by_perpetrator"]]
    if not include_claims:
        incidents = [i for i in incidents if not i["claimed_by_perpetrator"]]
    incidents = _counted(db, incidents, include_claims)
    events = [i for i in incidents if i["kind"] != "aggregate"]
    totals = [i for i in incidents if i["kind"] == "aggregate"]

    group_of = _KEYS[by]
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for incident in events:
        period = (_KEYS[By(per.value)](incident),) if per else ()
        groups[(group_of(incident), *period)].append(incident)

    columns = ["group", *(["period"] if per else []), "incidents", *FIGURE_COLUMNS, "sources"]
    rows = [_summed_row(key, members, bool(per)) for key, members in sorted(groups.items(), key=_order)]
    period_rows = [_period_total_row(i, group_of(i)) for i in totals]
    return Report(columns, rows, period_rows, claims_left_out=0 if include_claims else len(claimed))


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


def _counted(db: Database, incidents: list[dict], include_claims: bool) -> list[dict]:
    """Each incident with `sources` = the articles behind the figures that the report adds up
    (a perpetrator's claim is not one unless include_claims, which also widens the figures by
    the claims). Pinned figures (an analyst's edit) stay as they are."""
    sources = store.sources_of(db, [i["id"] for i in incidents])
    counted = []
    for incident in incidents:
        if not sources.get(incident["id"]):
            counted.append(incident)
            continue
        figures = reconcile.counted_figures(sources[incident["id"]], include_claims)
        keep = set(incident["pinned"]) | (set() if include_claims else set(FIGURE_COLUMNS))
        counted.append({**incident, **{k: v for k, v in figures.items() if k not in keep}})
    return counted


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


def _summed_row(key: tuple, members: list[dict], with_period: bool) -> dict:
    row = {"group": key[0]}
    if with_period:
        row["period"] = key[1]
    row["incidents"] = len(members)
    for measure in ("killed", "wounded"):
        row[f"{measure}_low"], row[f"{measure}_high"] = sum_figures(members, measure)
    row["sources"] = sum(m["sources"] for m in members)
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
