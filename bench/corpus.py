"""A deterministic generator of wire-style conflict articles, for benchmarks only.

Each article is about the size of the seed article (~1.5 kB): a headline, a "Published:" line, a
lead paragraph with a toll, a follow-up paragraph (a claim, a wounded figure, a second toll) and
background sentences that carry no figure. Places, countries and armed actors come from the
project's own lexicons so the extractor meets names it knows; the sentence templates are our own.
The same seed always gives the same articles, byte for byte.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from ledger import lexicon

NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a dozen"]
VICTIMS = [
    ("soldiers", "local_state"), ("civilians", "civilian"), ("villagers", "civilian"),
    ("Wagner fighters", "russia"), ("Russian instructors", "russia"), ("gendarmes", "local_state"),
    ("militiamen", "non_state"), ("French soldiers", "west"), ("policemen", "local_state"),
]  # fmt: skip
ATTACKERS = ["JNIM", "Islamic State", "gunmen", "jihadists", "unidentified assailants", "Boko Haram", "armed men"]
WEAPONS = ["an ambush", "a roadside bomb", "a drone strike", "an attack on a convoy", "a raid", "a suicide bombing"]
SOURCES = ["a local official said", "security sources said", "the army said in a statement",
           "residents told reporters", "a hospital worker said", "the governor's office said"]  # fmt: skip
HEADLINES = [
    "{n} {victims} killed near {place}", "Attack near {place} kills {n} {victims}",
    "{attacker} blamed for deadly attack in {country}", "Toll rises after {weapon} near {place}",
    "Deadly day in {country} as {attacker} strike near {place}",
]  # fmt: skip
LEADS = [
    "{N} {victims} were killed on {weekday} in {weapon} near {place}, {country}, {source}.",
    "{attacker} killed {n} {victims} near {place} on {weekday}, {source}.",
    "At least {n} {victims} died when {attacker} carried out {weapon} outside {place} on {weekday}.",
    "{weapon_cap} near {place} on {weekday} left {n} {victims} dead, {source}.",
]  # fmt: skip
FOLLOW_UPS = [
    "Another {m} people were wounded and taken to hospital in {place2}.",
    "{attacker} claimed responsibility for the attack in a statement, saying it had killed {k} {victims}.",
    "Officials put the toll at between {n} and {k} dead on {weekday2}.",
    "{M} {victims2} were also reported missing after the clashes near {place2}.",
]  # fmt: skip
BACKGROUND = [
    "The region has seen repeated attacks since the army took power.",
    "Humanitarian groups say thousands of families have fled their villages this year.",
    "The government did not respond to a request for comment.",
    "Roads in the area are often closed during the rainy season, which makes verification slow.",
    "Local radio stations reported heavy gunfire through the night.",
    "Aid convoys have been suspended in the district since the start of the month.",
    "Analysts say the armed groups have expanded their reach into the border areas.",
    "Markets in the nearby town remained shut on the following day.",
    "Mobile phone networks in the area were cut for several hours, residents said.",
    "The United Nations mission condemned what it called a cycle of reprisals against civilians.",
    "Security forces have stepped up patrols along the main road since the last attack.",
    "A spokesman for the defence ministry said an operation was under way to find the attackers.",
    "Several schools in the district have been closed since the start of the year.",
    "Witnesses described men on motorbikes arriving shortly after dawn.",
]  # fmt: skip
CONFLICT_COUNTRIES = {"MLI", "BFA", "NER", "NGA", "TCD", "SDN", "UKR", "SYR", "SOM", "MOZ", "CMR", "COD", "LBY", "IRQ"}
QUOTES = [
    '"We heard shots from the edge of the village and then the motorbikes left," a resident of {place} said.',
    '"The situation is under control," a military officer in {place2} told reporters by telephone.',
    '"Families are afraid to go back to their fields," said a teacher who fled {place} last week.',
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
START = date(2019, 1, 1)


def _gazetteer() -> list[tuple[str, str, str]]:
    """(place, country name, ISO3) of the towns in the lexicon."""
    names = {c.iso3: c.name for c in lexicon.countries()}
    return sorted(
        (p.name, names[p.iso3], p.iso3) for p in lexicon.places()
        if p.iso3 in CONFLICT_COUNTRIES and p.iso3 in names and not p.ambiguous and p.kind in ("town", "city", "village", "commune")
    )  # fmt: skip


def article(rnd: random.Random, places: list[tuple[str, str, str]], first: date = START, days: int = 6 * 365) -> str:
    """One article; everything it says is drawn from `rnd`."""
    place, country, _ = rnd.choice(places)
    place2, _, _ = rnd.choice(places)
    victims, _bloc = rnd.choice(VICTIMS)
    victims2, _ = rnd.choice(VICTIMS)
    n = rnd.randint(2, 60)
    slots = {
        "place": place, "place2": place2, "country": country, "victims": victims, "victims2": victims2,
        "attacker": rnd.choice(ATTACKERS), "weapon": rnd.choice(WEAPONS), "source": rnd.choice(SOURCES),
        "n": str(n) if rnd.random() < 0.6 else rnd.choice(NUMBER_WORDS), "m": str(rnd.randint(1, 40)),
        "k": str(n + rnd.randint(1, 30)), "weekday": rnd.choice(WEEKDAYS), "weekday2": rnd.choice(WEEKDAYS),
    }  # fmt: skip
    slots["N"] = slots["n"][0].upper() + slots["n"][1:]
    slots["M"] = slots["m"]
    slots["weapon_cap"] = slots["weapon"][0].upper() + slots["weapon"][1:]
    published = first + timedelta(days=rnd.randint(0, days))
    headline = rnd.choice(HEADLINES).format(**slots)
    lead = _cap(rnd.choice(LEADS).format(**slots))
    follow = " ".join(_cap(t.format(**slots)) for t in rnd.sample(FOLLOW_UPS, rnd.randint(1, 2)))
    follow += " " + rnd.choice(QUOTES).format(**slots)
    background = rnd.sample(BACKGROUND, 11)
    paragraphs = [
        lead + " " + background[0], follow + " " + background[1],
        " ".join(background[2:6]), " ".join(background[6:]),
    ]  # fmt: skip
    return f"{_cap(headline)}\nPublished: {published.isoformat()}\n\n" + "\n\n".join(paragraphs) + "\n"


def _cap(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def articles(count: int, seed: int = 1, first: date = START, days: int = 6 * 365) -> Iterator[tuple[str, str]]:
    """(file name, text) of `count` articles published from `first` over `days` days; the same
    seed gives the same articles."""
    rnd = random.Random(seed)
    places = _gazetteer()
    for i in range(count):
        yield f"a{seed:02d}-{i:07d}.txt", article(rnd, places, first, days)


def write_corpus(folder: Path, count: int, seed: int = 1, first: date = START, days: int = 6 * 365) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles(count, seed, first, days):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def incident_records(
    count: int, seed: int = 7, per_article: int = 2, first: date = START + timedelta(days=7), days: int = 7 * 365 - 7
) -> Iterator[str]:
    """JSON lines of `count` synthetic incidents in the export shape, `per_article` to an article
    published from `first` over `days` days: what `ledger import` loads to give a benchmark ledger
    its size without extracting."""
    rnd = random.Random(seed)
    places = _gazetteer()
    blocs = ["russia", "west", "local_state", "non_state", "civilian", "unknown"]
    for i in range(count):
        place, _, iso3 = rnd.choice(places)
        if i % per_article == 0:  # a new article; through 2025: the ingested articles fall inside
            published = first + timedelta(days=rnd.randint(0, days))
        day = published - timedelta(days=rnd.randint(0, 6))
        low = rnd.randint(1, 80)
        # About one incident in seven is undated, as in extracted articles ("were killed in an
        # attack on a base"): its article's publication date is all that places it in time.
        dated = rnd.random() >= 0.15
        fields = {
            "kind": "incident" if rnd.random() < 0.97 else "aggregate", "victim": rnd.choice(VICTIMS)[0],
            "victim_bloc": rnd.choice(blocs), "victim_affiliation": None, "perpetrator": rnd.choice(ATTACKERS),
            "perpetrator_bloc": "non_state", "country": iso3, "location": place,
            "date_start": day.isoformat() if dated else None, "date_end": day.isoformat() if dated else None,
            "date_precision": "day" if dated else "unknown",
            "killed_low": low, "killed_high": low + rnd.choice([0, 0, 0, 5]), "wounded_low": None,
            "wounded_high": None, "claimed_by_perpetrator": rnd.random() < 0.05,
        }  # fmt: skip
        sentence = f"{low} people were killed near {place}."
        source = {"file": f"bulk-{i // per_article:08d}.txt", "sha256": f"bench-{seed}-{i // per_article}",
                  "published": published.isoformat(),
                  **fields, "confidence": 0.7, "sentence": sentence,
                  "evidence": [{"field": "killed", "start": 0, "end": len(str(low)), "text": str(low),
                                "sentence": sentence, "rule": "bench"}]}  # fmt: skip
        yield json.dumps({"id": None, **fields, "confidence": 0.7, "sources": [source]})
