"""places.bordering and places.named_as_elsewhere: a name that is the neighbour or somewhere else."""

from __future__ import annotations

import pytest

from ledger.extract.places import bordering, named_as_elsewhere
from ledger.extract.twins import ascii_lower


def _at(text: str, name: str) -> int:
    return text.index(name)


@pytest.mark.parametrize(
    "text, name, expected",
    [
        ("Gunmen crossed the border with Niger at dawn.", "Niger", True),
        ("Gunmen crossed the BORDER WITH the Niger valley.", "Niger", True),
        ("Fighting near the frontier with  Mali went on.", "Mali", True),
        ("Gunmen from Niger crossed the border.", "Niger", False),
        ("Troops in Mali, on the border with Niger, said.", "Mali", False),
        ("Près de la border with Niger, des tirs.", "Niger", True),  # not ASCII: the pattern itself runs
    ],
)
def test_bordering(text, name, expected):
    assert bordering(text, ascii_lower(text), _at(text, name)) is expected
    assert bordering(text, None, _at(text, name)) is expected  # the same without the lower-cased text


@pytest.mark.parametrize(
    "text, name, expected",
    [
        ("The wounded were TAKEN TO a hospital in Gao on Friday.", "Gao", True),
        ("A convoy from Kidal was ambushed near Tessalit.", "Kidal", True),
        ("A convoy from Kidal was ambushed near Tessalit.", "Tessalit", False),
        ("Officials said the attack happened 40 km north of Menaka.", "Menaka", True),
        ("The junta in Bamako blamed jihadists.", "Bamako", True),
        ("Blessés évacués, taken to Gao.", "Gao", True),
    ],
)
def test_named_as_elsewhere(text, name, expected):
    assert named_as_elsewhere(text, ascii_lower(text), _at(text, name)) is expected
    assert named_as_elsewhere(text, None, _at(text, name)) is expected
