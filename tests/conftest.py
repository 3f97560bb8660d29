"""Shared fixtures: every test runs in its own directory with its own ledger (LEDGER_DB)."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from ledger import store
from ledger.extract import Extraction
from ledger.models import Evidence, Incident


@pytest.fixture(autouse=True)
def env_setup(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGER_DB", str(tmp_path / "ledger.db"))
    # No user settings file or LEDGER_FORMAT leaks in (ledger/settings.py).
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("LEDGER_FORMAT", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def db(tmp_path):
    ledger_db = store.open_ledger(tmp_path / "test.db")
    yield ledger_db
    ledger_db.close()


@pytest.fixture
def article(tmp_path):
    """Write an article file and return its path as a string."""

    def write(name: str, text: str | bytes) -> str:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def make_incident(**fields) -> Incident:
    """An incident as the extractor would give it, with evidence for its killed figure."""
    defaults = dict(
        victim="Wagner Group",
        victim_bloc="russia",
        victim_affiliation="RUS",
        perpetrator="JNIM",
        perpetrator_bloc="non_state",
        country="MLI",
        date_start="2024-11-21",
        date_end="2024-11-21",
        date_precision="day",
        killed_low=7,
        killed_high=7,
    )
    defaults.update(fields)
    sentence = f"{defaults['killed_low']} fighters were killed."
    evidence = [Evidence("killed", 0, 2, str(defaults["killed_low"]), sentence, "test")]
    return Incident(**defaults, evidence=evidence)


def make_extraction(*incidents, published=date(2024, 11, 22), title="A title") -> Extraction:
    return Extraction(title, published, "option", list(incidents), [])
