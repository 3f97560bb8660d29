"""Domain types shared by extraction, the store, reports and export.

Field names follow ../shared/eval/SCHEMA.md exactly (killed_low, victim_bloc, date_precision...), so that
an incident exports as a plain mapping of its fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Bloc(StrEnum):
    RUSSIA = "russia"
    WEST = "west"
    LOCAL_STATE = "local_state"
    NON_STATE = "non_state"
    CIVILIAN = "civilian"
    UNKNOWN = "unknown"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    PERIOD = "period"
    UNKNOWN = "unknown"


class Kind(StrEnum):
    INCIDENT = "incident"
    AGGREGATE = "aggregate"


@dataclass(frozen=True)
class Evidence:
    """Why one field of an incident has its value: the sentence, the span of text and the rule."""

    field: str  # "killed", "wounded", "date", "victim", "perpetrator", "place", "claim"...
    start: int  # character offsets into the article text
    end: int
    text: str  # text[start:end], the phrase that gave the value
    sentence: str  # the whole sentence the phrase stands in
    rule: str  # the name of the rule that produced the value

    def as_dict(self) -> dict:
        # Spelled out: dataclasses.asdict deep-copies field by field, a cost every stored figure paid.
        return {
            "field": self.field, "start": self.start, "end": self.end,
            "text": self.text, "sentence": self.sentence, "rule": self.rule,
        }  # fmt: skip


# The fields that describe an incident, in export order; a source row stores the same fields as its
# own article said them.
INCIDENT_FIELDS = (
    "kind",
    "victim",
    "victim_bloc",
    "victim_affiliation",
    "perpetrator",
    "perpetrator_bloc",
    "country",
    "location",
    "date_start",
    "date_end",
    "date_precision",
    "killed_low",
    "killed_high",
    "wounded_low",
    "wounded_high",
    "claimed_by_perpetrator",
)

COUNT_FIELDS = ("killed_low", "killed_high", "wounded_low", "wounded_high")


@dataclass
class Incident:
    """One violent event (or period total) for one victim group, as one article reports it."""

    victim: str | None = None
    victim_bloc: str = Bloc.UNKNOWN.value
    victim_affiliation: str | None = None
    perpetrator: str | None = None
    perpetrator_bloc: str = Bloc.UNKNOWN.value
    country: str | None = None
    location: str | None = None
    date_start: str | None = None  # ISO dates
    date_end: str | None = None
    date_precision: str = DatePrecision.UNKNOWN.value
    killed_low: int | None = None
    killed_high: int | None = None
    wounded_low: int | None = None
    wounded_high: int | None = None
    claimed_by_perpetrator: bool = False
    kind: str = Kind.INCIDENT.value
    confidence: float = 0.5
    evidence: list[Evidence] = field(default_factory=list)

    def fields(self) -> dict:
        """The SCHEMA.md fields only (no evidence, no confidence)."""
        return {name: getattr(self, name) for name in INCIDENT_FIELDS}
