"""Several articles about one event become one incident; near misses stay apart (the real CLI).

Every article carries its own "Published:" line, so that one `ledger ingest` can take several
articles published on different days.
"""

import json

import pytest
from cli_helpers import invoke

AMBUSH = """Soldiers killed in ambush near Douentza
Published: 2025-03-12
Seven Malian soldiers were killed on Tuesday when their convoy was ambushed near Douentza, in central Mali, the army said.
"""
TOLL_RISES = """Toll in Douentza ambush rises
Published: 2025-03-14
At least nine Malian soldiers died in Tuesday's ambush on a convoy near Douentza, Mali, local officials said on Thursday, blaming JNIM fighters.
"""
CLAIM = """JNIM claims Douentza ambush
Published: 2025-03-13
JNIM said in a statement that its fighters killed 30 Malian soldiers in Tuesday's ambush near Douentza, Mali.
"""
FUNERAL = """Mourning in Mali
Published: 2025-03-15
The seven soldiers killed in the ambush near Douentza, Mali, were buried in Mopti, the army said. JNIM has claimed the attack.
"""
REGION_ONLY = """Ambush in central Mali
Published: 2025-03-13
Seven Malian soldiers were killed on Tuesday in an ambush in the Mopti region of Mali, a security source said.
"""
NEAR_MISSES = {
    # the same road, the same toll, a week later: another ambush
    "week_later": """Army convoy hit again near Douentza
Published: 2025-03-19
Seven Malian soldiers were killed on Tuesday when their convoy was ambushed near Douentza, in central Mali, the army said.
""",
    # the same day and toll in the neighbouring country
    "other_country": """Soldiers killed near Djibo
Published: 2025-03-12
Seven Burkinabe soldiers were killed on Tuesday when their convoy was ambushed near Djibo, in northern Burkina Faso, the army said.
""",
    # the same day and place, another victim group
    "other_victims": """Villagers killed near Douentza
Published: 2025-03-12
Seven civilians were killed on Tuesday when gunmen attacked a village near Douentza, in central Mali, residents said.
""",
    # the same day and toll, another town of the same region
    "other_town": """Camp attacked in Boni
Published: 2025-03-12
Seven Malian soldiers were killed on Tuesday in an attack on the army camp in Boni, Mali.
""",
}
TWO_ATTACKS = """Two attacks in central Mali
Published: 2025-03-12
Seven Malian soldiers were killed on Tuesday in an ambush near Douentza. Twelve Malian soldiers were killed on Tuesday in an attack on the army camp in Boni, Mali.
"""
BONI_AGAIN = """Boni camp attack: army gives toll
Published: 2025-03-13
Twelve Malian soldiers were killed on Tuesday when militants stormed the army camp in Boni, Mali, the army said.
"""

# One massacre: the first report names the army and its foreign allies as one subject, the second the army.
JOINT_FORCES = """Rights group: soldiers and foreign fighters executed villagers in Tenenkou
Published: 2023-06-06
Malian soldiers and foreign fighters believed to be Russian executed about 120 civilian men in the town of Tenenkou on 3 May 2023, a rights group said on Monday.
"""
ARMY_ONLY = """UN team: at least 150 killed by troops in Tenenkou
Published: 2023-07-10
At least 150 civilians were killed by Malian troops in Tenenkou on 3 May 2023, UN investigators said on Monday.
"""
# Soldiers named beside others who only came afterwards: the killers are the group after "after".
ARRIVED_AFTER = """Villagers killed near Tenenkou
Published: 2023-05-05
Malian soldiers and local hunters arrived after JNIM fighters killed nine civilians near Tenenkou on 3 May 2023.
"""

def ingest(runner, article, **texts):
    paths = [article(f"{name}.txt", text) for name, text in texts.items()]
    result = invoke(runner, "ingest", *paths)
    assert result.exit_code == 0, result.stderr
    return result


def listed(runner):
    result = invoke(runner, "list", "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_two_reports_of_one_ambush_become_one_incident_with_a_range(runner, article):
    result = ingest(runner, article, first=AMBUSH, second=TOLL_RISES)
    assert "2 incidents (1 new, 1 merged)" in result.stderr
    [incident] = listed(runner)
    assert (incident["date"], incident["place"], incident["perpetrator"]) == ("2025-03-11", "Douentza", "JNIM")
    assert (incident["killed_low"], incident["killed_high"], incident["sources"]) == (7, 9, 2)

    [exported] = json.loads(invoke(runner, "export").stdout)
    assert [(s["file"], s["killed_low"], s["killed_high"]) for s in exported["sources"]] == [
        ("first.txt", 7, 7),
        ("second.txt", 9, None),
    ]


def test_show_lists_every_source_with_its_figures_sentence_and_date(runner, article):
    ingest(runner, article, first=AMBUSH, second=TOLL_RISES)
    shown = invoke(runner, "show", "1").stdout
    assert "Sources (2)" in shown
    assert "[1] first.txt, published 2025-03-12" in shown
    assert "[2] second.txt, published 2025-03-14" in shown
    assert "killed: 9+  wounded: -  date: 2025-03-11 (day)" in shown
    assert "sentence: Seven Malian soldiers were killed on Tuesday" in shown
    assert "sentence: At least nine Malian soldiers died in Tuesday's ambush" in shown


@pytest.mark.parametrize("name", sorted(NEAR_MISSES))
def test_near_misses_stay_two_incidents(runner, article, name):
    result = ingest(runner, article, first=AMBUSH, other=NEAR_MISSES[name])
    assert "2 incidents (2 new, 0 merged)" in result.stderr
    assert [i["sources"] for i in listed(runner)] == [1, 1]


def test_a_report_naming_only_the_region_joins_the_town(runner, article):
    ingest(runner, article, first=AMBUSH, region=REGION_ONLY)
    [incident] = listed(runner)
    assert (incident["place"], incident["sources"]) == ("Douentza", 2)


def test_an_undated_follow_up_joins_the_recent_ambush(runner, article):
    ingest(runner, article, first=AMBUSH, funeral=FUNERAL)
    [incident] = listed(runner)
    assert (incident["date"], incident["precision"], incident["sources"]) == ("2025-03-11", "day", 2)
    assert incident["perpetrator"] == "JNIM"  # only the follow-up names it


def test_a_perpetrator_claim_is_one_more_source_kept_out_of_totals(runner, article):
    ingest(runner, article, first=AMBUSH, claim=CLAIM, second=TOLL_RISES)
    [incident] = listed(runner)
    assert (incident["killed_low"], incident["killed_high"], incident["claimed"]) == (7, 9, False)
    assert incident["sources"] == 3

    report = invoke(runner, "report", "-f", "json")
    assert json.loads(report.stdout)[0] == {
        "group": "local_state", "incidents": 1, "killed_low": 7, "killed_high": 9,
        "wounded_low": None, "wounded_high": None, "sources": 2,
    }  # fmt: skip
    with_claims = json.loads(invoke(runner, "report", "--include-claims", "-f", "json").stdout)[0]
    assert (with_claims["killed_low"], with_claims["killed_high"], with_claims["sources"]) == (7, 30, 3)

    shown = invoke(runner, "show", "1").stdout
    assert "claimed by perpetrator  killed 30  wounded -  (not in totals)" in shown
    assert "[2] claim.txt, published 2025-03-13" in shown


def test_one_articles_two_attacks_stay_apart_and_a_later_report_finds_its_own(runner, article):
    result = ingest(runner, article, both=TWO_ATTACKS)
    assert "2 incidents (2 new, 0 merged)" in result.stderr
    ingest(runner, article, boni=BONI_AGAIN)
    incidents = {i["place"]: i for i in listed(runner)}
    assert set(incidents) == {"Douentza", "Boni"}
    assert (incidents["Boni"]["sources"], incidents["Douentza"]["sources"]) == (2, 1)


def test_the_army_named_first_of_two_forces_is_the_perpetrator_and_both_reports_join(runner, article):
    ingest(runner, article, joint=JOINT_FORCES, army=ARMY_ONLY)
    [incident] = listed(runner)
    assert (incident["perpetrator"], incident["place"], incident["sources"]) == ("Malian army", "Ténenkou", 2)
    assert (incident["killed_low"], incident["killed_high"]) == (120, 150)


def test_forces_joined_by_and_before_another_clause_are_not_the_perpetrator(runner, article):
    ingest(runner, article, after=ARRIVED_AFTER)
    [incident] = listed(runner)
    assert (incident["perpetrator"], incident["killed_low"]) == ("JNIM", 9)
