"""ledger/edits.py below the CLI: value parsers, the audit table of m003, user actors in extraction."""

from datetime import date

import pytest
from sqlite_utils import Database

from ledger import edits, lexicon
from ledger.extract import extract
from ledger.migrations import migrations

TEXT = "Attack near Gao\nNine soldiers were killed on Monday by the Quillon Riders near Gao, Mali.\n"
QUILLON = (lexicon.Actor("Quillon Front", "Quillon Riders", "non_state", None, "group"),)


def test_m003_audit_table_and_incident_columns():
    db = Database(memory=True)
    migrations.apply(db)
    assert db["audit"].columns_dict == {
        "id": int, "change": int, "at": str, "command": str, "action": str, "incident_id": int,
        "field": str, "old_value": str, "new_value": str, "snapshot": str, "undone_by": int,
    }  # fmt: skip
    assert {"note", "reviewed_at"} <= set(db["incidents"].columns_dict)


@pytest.mark.parametrize("value", ["7-5", "abc", "6+7", "-", "+", "1.5", "six"])
def test_bad_figures(value):
    with pytest.raises(ValueError, match="expected a figure"):
        edits.parse_figure(value)


@pytest.mark.parametrize("value", ["2024-11-22..2024-11-20", "2024-13-01", "2024-1-1..2024-01-02", "soon", "2024-02-30"])
def test_bad_dates(value):
    with pytest.raises(ValueError, match="expected a date"):
        edits.parse_date_range(value)


def test_review_assignments():
    assert edits.parse_assignments('killed=6+ location="Ansongo town" country=mli') == {
        "killed_low": 6, "killed_high": None, "location": "Ansongo town", "country": "MLI",
    }  # fmt: skip
    with pytest.raises(ValueError, match="FIELD=VALUE"):
        edits.parse_assignments("colour=red")


def test_extra_actors_extend_the_lexicon_for_one_call_only():
    published = date(2024, 11, 22)
    assert [i.perpetrator for i in extract(TEXT, published, extra_actors=QUILLON)] == ["Quillon Front"]
    assert [i.perpetrator for i in extract(TEXT, published)] != ["Quillon Front"]
