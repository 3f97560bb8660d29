"""`ledger export -f acled|ucdp`: the ACLED- and UCDP-GED-shaped CSV layouts (ledger/layouts.py)."""

import csv
import io

import pytest

from ledger.layouts import acled_rows, ucdp_rows


def incident(**fields) -> dict:
    """An incident as store.export_incidents gives it."""
    base = dict(
        id=1, kind="incident", victim="Wagner Group", victim_bloc="russia", victim_affiliation="RUS",
        perpetrator="JNIM", perpetrator_bloc="non_state", country="MLI", location="Tinzaouaten",
        date_start="2024-07-25", date_end="2024-07-27", date_precision="day",
        killed_low=70, killed_high=80, wounded_low=None, wounded_high=None,
        claimed_by_perpetrator=False,
        sources=[{"file": "a.txt", "title": "Ambush", "published": "2024-07-29"},
                 {"file": "b.txt", "title": "Convoy hit", "published": "2024-07-30"}],
    )  # fmt: skip
    base.update(fields)
    return base


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_acled_row_maps_actors_figures_and_dates():
    [row] = acled_rows([incident(wounded_low=3, wounded_high=3)]).rows
    assert row["event_id_cnty"] == "MLIL1"
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"]) == ("JNIM", 2, "Wagner Group", 8)
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2024-07-25", 2024, 2)
    assert (row["iso3"], row["country"], row["location"]) == ("MLI", "Mali", "Tinzaouaten")
    assert row["fatalities"] == 70  # the conservative figure
    assert row["notes"] == "ledger incident 1; victim: Wagner Group; killed 70–80; wounded 3"
    assert row["source"] == "a.txt; b.txt"
    assert row["civilian_targeting"] is None and row["tags"] is None


def test_acled_marks_claims_civilians_and_no_deaths():
    rows = acled_rows(
        [
            incident(claimed_by_perpetrator=True),
            incident(victim="villagers", victim_bloc="civilian", date_end="2024-07-25"),
            incident(killed_low=None, killed_high=None, wounded_low=4, wounded_high=4),
            incident(date_start="2024-07-01", date_end="2024-07-31", date_precision="month"),
        ]
    ).rows
    assert rows[0]["tags"] == "claimed by perpetrator"
    assert (rows[1]["civilian_targeting"], rows[1]["inter2"], rows[1]["time_precision"]) == (
        "Civilian targeting", 7, 1,
    )  # fmt: skip
    assert rows[2]["fatalities"] == 0  # ACLED writes 0 when no death is reported
    assert rows[3]["time_precision"] == 3


@pytest.mark.parametrize(
    ("victim_bloc", "perpetrator_bloc", "violence", "side_a", "side_b", "deaths"),
    [
        ("russia", "non_state", 1, "V", "P", "deaths_a"),  # the state side is side A
        ("non_state", "local_state", 1, "P", "V", "deaths_b"),
        ("local_state", "russia", 1, "P", "V", "deaths_b"),
        ("non_state", "non_state", 2, "P", "V", "deaths_b"),
        ("civilian", "non_state", 3, "P", "Civilians", "deaths_civilians"),
        ("local_state", "unknown", None, "V", "P", "deaths_a"),
        ("unknown", "unknown", None, "P", "V", "deaths_unknown"),
    ],
)
def test_ucdp_sides_follow_the_blocs(victim_bloc, perpetrator_bloc, violence, side_a, side_b, deaths):
    one = incident(victim="V", perpetrator="P", victim_bloc=victim_bloc, perpetrator_bloc=perpetrator_bloc)
    [row] = ucdp_rows([one]).rows
    assert (row["type_of_violence"], row["side_a"], row["side_b"]) == (violence, side_a, side_b)
    assert row[deaths] == 70
    others = {"deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"} - {deaths}
    assert all(row[c] is None for c in others)


def test_ucdp_best_low_high_precision_and_sources():
    [ranged, open_ended, claimed, monthly] = ucdp_rows(
        [
            incident(),
            incident(id=2, killed_low=7, killed_high=None, location=None),
            incident(id=3, claimed_by_perpetrator=True, country=None, location=None),
            incident(id=4, date_start="2024-07-01", date_end="2024-07-31", date_precision="month"),
        ]
    ).rows
    assert (ranged["best"], ranged["low"], ranged["high"]) == (70, 70, 80)
    assert (open_ended["best"], open_ended["low"], open_ended["high"]) == (7, 7, None)
    assert (ranged["date_prec"], monthly["date_prec"]) == (2, 4)
    assert (ranged["where_prec"], open_ended["where_prec"], claimed["where_prec"]) == (1, 6, None)
    assert (ranged["event_clarity"], claimed["event_clarity"]) == (1, 2)
    assert ranged["number_of_sources"] == 2
    assert ranged["source_headline"] == "Ambush; Convoy hit"
    assert ranged["source_date"] == "2024-07-29; 2024-07-30"


def test_period_totals_and_deathless_incidents_are_left_out():
    total = incident(kind="aggregate", date_start="2013-01-01", date_end="2024-11-22")
    wounded_only = incident(killed_low=None, killed_high=None, wounded_low=5)
    ucdp = ucdp_rows([total, wounded_only, incident()])
    assert len(ucdp.rows) == 1
    assert ucdp.notes("ucdp") == [
        "1 period total left out of the ucdp layout",
        "1 incident without a killed figure left out of the ucdp layout",
    ]
    acled = acled_rows([total, total, wounded_only])
    assert len(acled.rows) == 1 and acled.notes("acled") == ["2 period totals left out of the acled layout"]
