"""Export layouts shaped like two public event datasets, for analysts who merge the ledger with them.

`acled_rows` follows the column names of ACLED's event data, `ucdp_rows` those of the UCDP Georeferenced
Event Dataset (GED). Both keep only the columns the ledger can fill honestly; codes that need a
human coder (ACLED event types, UCDP conflict and dyad ids, coordinates) are left out rather than
guessed. The mapping is documented column by column in the README ("ACLED and UCDP layouts").

Rules shared by both:
- Period totals (kind `aggregate`) are not events: they are left out and counted in `skipped`.
- The figure columns carry the ledger's killed figures only; wounded figures have no column in
  either dataset and are mentioned in ACLED's `notes`.
- An empty high means "no upper bound" (the article said "at least"), as everywhere in the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ledger.lexicon import country_by_iso3
from ledger.render import figure_range

STATE_BLOCS = ("local_state", "russia", "west")

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "actor1", "inter1", "actor2", "inter2",
    "civilian_targeting", "iso3", "country", "location", "source", "notes", "fatalities", "tags",
]  # fmt: skip
UCDP_COLUMNS = [
    "id", "year", "type_of_violence", "side_a", "side_b", "number_of_sources", "source_article",
    "source_date", "source_headline", "where_prec", "where_description", "country", "country_iso3",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "best", "high", "low",
]  # fmt: skip

# ACLED's actor-type codes (inter1/inter2): 1 state forces, 2 rebel groups, 7 civilians,
# 8 external/other forces (a state's forces acting outside their own country).
_ACLED_INTER = {"local_state": 1, "non_state": 2, "civilian": 7, "russia": 8, "west": 8}


@dataclass
class Layout:
    columns: list[str]
    rows: list[dict] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # what (singular) -> how many incidents

    def skip(self, what: str) -> None:
        self.skipped[what] = self.skipped.get(what, 0) + 1

    def notes(self, name: str) -> list[str]:
        """One line per kind of incident left out, e.g. "2 period totals left out of the ucdp layout"."""
        return [
            f"{count} {_plural(what, count)} left out of the {name} layout"
            for what, count in self.skipped.items()
        ]


_PLURALS = {
    "period total": "period totals",
    "incident without a killed figure": "incidents without a killed figure",
}


def _plural(what: str, count: int) -> str:
    return what if count == 1 else _PLURALS[what]


def acled_rows(incidents: list[dict]) -> Layout:
    """ACLED-style rows: actor1 is the perpetrator, actor2 the victim, fatalities the killed low."""
    layout = Layout(list(ACLED_COLUMNS))
    for i in incidents:
        if i["kind"] == "aggregate":
            layout.skip("period total")
            continue
        killed = figure_range(i["killed_low"], i["killed_high"])
        wounded = figure_range(i["wounded_low"], i["wounded_high"])
        notes = [f"ledger incident {i['id']}", f"victim: {i['victim'] or 'unknown'}"]
        notes += [f"killed {killed}"] if killed else []
        notes += [f"wounded {wounded}"] if wounded else []
        layout.rows.append(
            {
                "event_id_cnty": f"{i['country'] or 'XXX'}L{i['id']}",
                "event_date": i["date_start"],
                "year": _year(i),
                "time_precision": _acled_precision(i),
                "actor1": i["perpetrator"],
                "inter1": _ACLED_INTER.get(i["perpetrator_bloc"]),
                "actor2": i["victim"],
                "inter2": _ACLED_INTER.get(i["victim_bloc"]),
                "civilian_targeting": "Civilian targeting" if i["victim_bloc"] == "civilian" else None,
                "iso3": i["country"],
                "country": _country_name(i["country"]),
                "location": i["location"],
                "source": _joined(s.get("file") for s in i["sources"]),
                "notes": "; ".join(notes),
                # ACLED codes the most conservative figure, and 0 when no death is reported.
                "fatalities": i["killed_low"] or 0,
                "tags": "claimed by perpetrator" if i["claimed_by_perpetrator"] else None,
            }
        )
    return layout


def ucdp_rows(incidents: list[dict]) -> Layout:
    """UCDP-GED-style rows: sides and type of violence from the blocs, best/low/high from killed."""
    layout = Layout(list(UCDP_COLUMNS))
    for i in incidents:
        if i["kind"] == "aggregate":
            layout.skip("period total")
            continue
        if i["killed_low"] is None and i["killed_high"] is None:
            layout.skip("incident without a killed figure")  # GED lists fatal events only
            continue
        violence, side_a, side_b, deaths_column = _ucdp_sides(i)
        best = i["killed_low"]
        row = {
            "id": i["id"],
            "year": _year(i),
            "type_of_violence": violence,
            "side_a": side_a,
            "side_b": side_b,
            "number_of_sources": len(i["sources"]),
            "source_article": _joined(s.get("file") for s in i["sources"]),
            "source_date": _joined(s.get("published") for s in i["sources"]),
            "source_headline": _joined(s.get("title") for s in i["sources"]),
            "where_prec": 1 if i["location"] else (6 if i["country"] else None),
            "where_description": i["location"],
            "country": _country_name(i["country"]),
            "country_iso3": i["country"],
            # 2: lower clarity; a figure only the perpetrator gives is one.
            "event_clarity": 2 if i["claimed_by_perpetrator"] else 1,
            "date_prec": _ucdp_precision(i),
            "date_start": i["date_start"],
            "date_end": i["date_end"],
            "deaths_a": None, "deaths_b": None, "deaths_civilians": None, "deaths_unknown": None,
            "best": best,
            "high": i["killed_high"],
            "low": i["killed_low"],
        }  # fmt: skip
        row[deaths_column] = best
        layout.rows.append(row)
    return layout


def _ucdp_sides(i: dict) -> tuple[int | None, str | None, str | None, str]:
    """(type_of_violence, side_a, side_b, the deaths_* column the victims' deaths go to).

    GED's side_a is the government in state-based violence (type 1) and the perpetrator in
    one-sided violence against civilians (type 3); type 2 is between non-state groups.
    """
    victim_bloc, perpetrator_bloc = i["victim_bloc"], i["perpetrator_bloc"]
    victim, perpetrator = i["victim"], i["perpetrator"]
    if victim_bloc == "civilian":
        return 3, perpetrator, "Civilians", "deaths_civilians"
    if victim_bloc in STATE_BLOCS and perpetrator_bloc not in STATE_BLOCS:
        violence = 1 if perpetrator_bloc == "non_state" else None
        return violence, victim, perpetrator, "deaths_a"
    if perpetrator_bloc in STATE_BLOCS and victim_bloc in (*STATE_BLOCS, "non_state"):
        return 1, perpetrator, victim, "deaths_b"
    if victim_bloc == perpetrator_bloc == "non_state":
        return 2, perpetrator, victim, "deaths_b"
    return None, perpetrator, victim, "deaths_unknown"


def _span_days(i: dict) -> int | None:
    if not i["date_start"]:
        return None
    end = i["date_end"] or i["date_start"]
    return (date.fromisoformat(end) - date.fromisoformat(i["date_start"])).days


def _acled_precision(i: dict) -> int | None:
    """ACLED time_precision: 1 the day, 2 within a week, 3 a month or longer."""
    days = _span_days(i)
    if days is None:
        return None
    return 1 if days == 0 else (2 if days <= 6 else 3)


def _ucdp_precision(i: dict) -> int | None:
    """GED date_prec: 1 the day, 2 within 2-6 days, 3 a week, 4 a month, 5 longer."""
    days = _span_days(i)
    if days is None:
        return None
    for limit, code in ((0, 1), (5, 2), (7, 3), (30, 4)):
        if days <= limit:
            return code
    return 5


def _year(i: dict) -> int | None:
    return int(i["date_start"][:4]) if i["date_start"] else None


def _country_name(iso3: str | None) -> str | None:
    country = country_by_iso3().get(iso3) if iso3 else None
    return country.name if country else iso3


def _joined(values) -> str:
    return "; ".join(str(v) for v in values if v)


LAYOUTS = {"acled": acled_rows, "ucdp": ucdp_rows}
