"""From casualty mentions to incidents: one incident per event and victim group within an article.

Each mention gets its victim, perpetrator, speaker, date and place from its sentence, or from the event it
refers back to. Mentions of one event and victim group merge: one figure keeps its own bounds; several
figures give the smallest as low and the largest as high; a revised toll replaces the first one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from ledger.extract import Extraction
from ledger.extract.casualties import ADDS_TO_SENTENCE_BEFORE, Mention, find_mentions
from ledger.extract.context import ACCIDENT, battle_enemy, event_perpetrator, opposing_side, shared_perpetrator
from ledger.extract.dates import DateMention, find_dates
from ledger.extract.lazy import Later
from ledger.extract.names import Name, find_names, force_name
from ledger.extract.places import REGIONAL, bordering, disambiguate, named_as_elsewhere, place_of
from ledger.extract.roles import (
    CIVILIANS,
    Group,
    attacker_in,
    claims_own_action,
    generic_attackers,
    group_of_name,
    is_weapon,
    perpetrator_in,
    refine_people,
    speaker_in,
    state_actor,
    victim_group,
)
from ledger.extract.text import Sentence, clause_span, read_article
from ledger.extract.twins import ascii_lower, search
from ledger.models import Evidence, Incident

_ANAPHORA = re.compile(
    r"(?<!of )(?<!One of )\b(?:the|that|this|same|its|their|Tuesday's|Monday's|Wednesday's|Thursday's|Friday's|Saturday's|Sunday's)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:[\w]+-)?(?:attack|attacks|ambush|strike|strikes|assault|raid|clash|clashes|fighting|massacre|bombing|"
    r"battle|incident|explosion|blast|collision|crash|killings|violence|operation|offensive|toll|dead)\b(?! of)",
    re.IGNORECASE,
)
_AGGREGATE_WORDS = re.compile(
    r"\b(?:since|so far this year|over the years|in (?:two|three|four|five|several|separate) (?:separate )?(?:\w+ )?attacks|"
    r"in total|altogether|cumulative)\b",
    re.IGNORECASE,
)
_SEPARATE = re.compile(r"\b(?:separate|another|other|earlier|previous|last year|in a second|elsewhere)\b", re.IGNORECASE)
_EVENT_NOUN = re.compile(
    r"\b(?:attack|attacks|attacked|ambush|ambushed|strike|struck|assault|raid|clash|clashes|massacre|bombing|bomb|"
    r"battle|explosion|blast|collision|crash|crashed|collided|shot down|stormed|raided|shelled|bombed|incident)\b",
    re.IGNORECASE,
)
@dataclass
class Record:
    """One casualty mention with everything resolved for it."""

    mention: Mention
    sentence: Sentence
    victim: Group
    perpetrator: Group | None
    perp_strength: int
    attackers_generic: bool
    claim: bool
    date: DateMention | None
    location: str | None
    country: str | None
    aggregate: bool
    since: DateMention | None = None
    regional: str | None = None
    country_open: bool = False  # the text around names several countries: do not guess the article's own
    scene: bool = False  # the date comes from the scene-setting sentence before: a new attack was told there


@dataclass
class Event:
    records: list[Record] = field(default_factory=list)
    date_start: date | None = None
    date_end: date | None = None
    precision: str = "unknown"
    location: str | None = None
    country: str | None = None
    aggregate: bool = False
    first_sentence: int = 0
    paragraph: int = 0


def analyse_article(text: str, published: date | None) -> Extraction:
    article = read_article(text, published)
    pub = article.published
    warnings = []
    if pub is None:
        warnings.append("no publication date in the text and no --date: relative dates stay unresolved")
    year = pub.year if pub else None
    info = []
    earlier = False
    for s in article.sentences:
        # A sentence's dates and names are worked out when first read (most sentences are never asked).
        dates = Later(partial(_dates_of, s, pub, article.dateline_end))
        names = Later(partial(find_names, s.text, year))
        masked = Later(partial(_spans, dates))  # read only when the sentence holds a figure
        mentions = find_mentions(s.text, masked, earlier_figure=earlier)
        earlier = bool(mentions)
        info.append((s, dates, names, mentions))
    main_country = _main_country(article.title or "", info)
    records: list[Record] = []
    for i, (s, dates, names, mentions) in enumerate(info):
        next_text = info[i + 1][0].text if i + 1 < len(info) else ""
        for j, m in enumerate(mentions):
            records.append(_record(s, dates, names, m, mentions[:j], records, main_country, next_text, info, pub))
    events = _group(records, info, pub)
    starts = sorted(e.first_sentence for e in events)
    incidents = []
    for e in events:
        last = e.records[-1].sentence.index
        limit = next((x for x in starts if x > last), len(info))
        _refine_date(e, info, limit)
        _refine_place(e, info, limit, main_country)
        incidents += _incidents(e, info, pub, main_country, limit)
    return Extraction(article.title, pub, article.published_from, incidents, warnings)


def _dates_of(s: Sentence, pub: date | None, dateline_end: int) -> list[DateMention]:
    """The dates of sentence `s`, those in the article's dateline left out."""
    return [d for d in _join_weekdays(s.text, find_dates(s.text, pub)) if s.start + d.start >= dateline_end]


def _spans(dates: Later[DateMention]) -> list[tuple[int, int]]:
    return [(d.start, d.end) for d in dates]


def _refine_date(e: Event, info, limit: int) -> None:
    """ "...in late March. The killings took place between 27 and 31 March": a later sentence about the same
    event, before the next event is told, may give the days within the month first named."""
    if e.aggregate or e.precision not in ("month", "year") or not e.date_start:
        return
    last = e.records[-1].sentence.index
    for s, dates, _, _ in info[e.first_sentence : max(last + 1, min(limit, last + 4))]:
        for d in dates:
            if d.reporting or d.precision != "day" or d.kind != "point" or not d.date_start:
                continue
            if e.date_start <= d.date_start and (d.date_end or d.date_start) <= (e.date_end or e.date_start):
                e.date_start, e.date_end, e.precision = d.date_start, d.date_end or d.date_start, "day"
                return


def _refine_place(e: Event, info, limit: int, main_country: str | None) -> None:
    """ "...killed over 30 soldiers in central Mali. JNIM said its fighters had taken the base at Boulkessi": a
    town named in a sentence without figures right after the event's first one is where it happened."""
    if e.aggregate or e.location:
        return
    first = e.records[0].sentence.index
    for s, dates, names, mentions in info[first + 1 : min(limit, first + 3)]:
        if mentions or any(not d.reporting and d.date_start and d.date_start != e.date_start for d in dates):
            break  # figures of their own, or another day: another scene
        towns = [n for n in disambiguate(names, main_country) if n.kind == "place" and not n.ambiguous
                 and n.place_kind in ("village", "town", "city")
                 and (e.country is None or n.affiliation == e.country)
                 and not named_as_elsewhere(s.text, ascii_lower(s.text), n.start)]  # fmt: skip
        if towns:
            e.location, e.country = towns[0].canonical, e.country or towns[0].affiliation
            return


def _join_weekdays(text: str, dates: list[DateMention]) -> list[DateMention]:
    """ "on Thursday and Friday": one range."""
    out: list[DateMention] = []
    for d in dates:
        if out and out[-1].precision == "day" and d.precision == "day" and out[-1].date_start and d.date_start:
            gap = text[out[-1].end : d.start]
            if re.fullmatch(r"\s*(?:and|-|–|to)\s*", gap) and abs((d.date_start - out[-1].date_start).days) <= 6:
                a, b = sorted([out[-1].date_start, d.date_start])
                out[-1] = DateMention(out[-1].start, d.end, a, b, "day", "point", out[-1].reporting)
                continue
        out.append(d)
    return out


def _main_country(title: str, info) -> str | None:
    counts: Counter = Counter()
    for name in find_names(title):
        if name.affiliation and name.kind in ("place", "country"):
            counts[name.affiliation] += 3
    for s, _, names, _ in info[:6]:
        lowered = ascii_lower(s.text)
        for name in names:
            if name.affiliation and name.kind in ("place", "country") and not bordering(s.text, lowered, name.start):
                counts[name.affiliation] += 2 if s.paragraph == 0 else 1
    return counts.most_common(1)[0][0] if counts else None


def _days_told_before(info, index: int, reach: int = 3) -> list[DateMention]:
    """The days (one each) that the `reach` sentences before `index` give as when something happened, latest first."""
    told = []
    for sentence, dates, _, _ in reversed(info[max(0, index - reach) : max(0, index)]):
        told += [d for d in reversed(dates) if d.kind == "point" and not d.reporting and d.precision == "day"
                 and d.date_start and d.date_start == (d.date_end or d.date_start)]  # fmt: skip
    return told


def _names_event(s: Sentence) -> bool:
    return bool(search(_EVENT_NOUN, s.text, ascii_lower(s.text)))


def _pick_date(s: Sentence, dates: list[DateMention], m: Mention) -> tuple[DateMention | None, DateMention | None]:
    """(event date, period start) for a mention: the nearest non-reporting date in its sentence."""
    since = None
    points = []
    lowered = ascii_lower(s.text)  # the searches below run faster on it (twins.py)
    for d in dates:
        if d.reporting:
            continue
        before = s.text[: d.start]
        low = lowered[: d.start] if lowered is not None else None
        if search(_NOT_EVENT_DATE, before, low) and not re.search(r"\bsince\b[^.]{0,60}$", before):
            continue
        if re.match(r"(?:\s*(?:last|this)\s+year)?\s*,?\s*when\b[^,;]*?\b(?:kill|died|dead|wound|attack|hit|struck|"
                    r"strike|bomb|missile|rocket|shell|explo|ambush|raid|crash|massacre|shot)", s.text[d.end :]):
            points.append(d)  # "since December, when a rocket attack killed a contractor": the event's date (not
            # "since March 15, when the U.S. began its campaign, strikes have killed 200": a period)
            continue
        if d.kind == "since" or search(_SINCE_OR_BEGAN, before, low):
            a, b = clause_span(s.text, m.start)
            if a <= d.start < b or not any(a <= x.start < b for x in dates if x is not d):
                since = d  # "killed on Friday, bringing to 52 the number killed since 2013": not the Friday death's
            continue
        points.append(d)
    # "killed two on Saturday, five days after three soldiers died near Hombori": the three's own date
    told = [d for d in points if d.end <= m.start and _from_another_event(d, s.text)
            and not any(x.start >= d.end for x in points if x is not d)]  # fmt: skip
    if told:
        return told[-1], since
    if any(d.date_start for d in points):
        points = [d for d in points if d.date_start]  # "on Friday 17 February 2023" without a publication date
    # "April last year": the month, not the year that qualifies it
    points = [d for d in points if not (d.precision == "year" and any(0 <= d.start - x.end <= 1 and x.precision != "year"
                                                                        for x in points))]  # fmt: skip
    if not points:
        return None, since
    vague = [d for d in points if s.text[d.start : d.end].lower() == "overnight"]  # "stranded overnight"
    if vague and len(vague) < len(points):
        points = [d for d in points if d not in vague]
    # "the deaths came three days after two Marines were killed on Sunday": "after" dates the deaths, not the Marines
    pointing = [d for d in points if _from_another_event(d, s.text)]
    if pointing and len(pointing) < len(points):
        points = [d for d in points if d not in pointing]
    if m.rule == "elliptic" and any(d.start > m.start for d in points):
        points = [d for d in points if d.start > m.start]  # "Eight were killed on May 30 and 12 more on June 2"
    # "Last week's assault on the base, on June 11, ...": the day within the week, however far from the figure
    points = [d for d in points if not any(x is not d and _within(x, d) for x in points)]
    clause = clause_span(s.text, m.start)
    return min(points, key=lambda d: (not clause[0] <= d.start < clause[1], abs(d.start - m.start))), since


def _from_another_event(d: DateMention, text: str) -> bool:
    """A relative day counted from another event told beside it: "five days after", "a week before"."""
    return d.kind == "relative" and re.search(r"(?:after|before)$", text[d.start : d.end]) is not None


def _within(x: DateMention, d: DateMention) -> bool:
    """Whether x is a narrower span of days inside d, a week or less ("last week"), both points in time as
    told. (A month is left alone: "killed 12 on Tuesday, 40 this month" are two spans.)"""
    if x.kind != "point" or d.kind != "point" or not (x.date_start and d.date_start) or d.precision != "day":
        return False
    x_end, d_end = x.date_end or x.date_start, d.date_end or d.date_start
    return d.date_start <= x.date_start and x_end <= d_end and (x_end - x.date_start) < (d_end - d.date_start) <= \
        timedelta(days=7)  # fmt: skip


_SINCE_OR_BEGAN = re.compile(r"\bsince\b[^.]{0,60}$|\b(?:began|started|erupted|broke out)\s+(?:in\s+)?$", re.IGNORECASE)
_SINCE_THE = re.compile(r"\bsince the\b", re.IGNORECASE)
# "the alliance formed in November", "the president, elected in 2020": dates of something else
_NOT_EVENT_DATE = re.compile(r"\b(?:formed|founded|created|established|set up|born|elected|appointed|sworn in|"
                             r"deployed|arrived|took power|seized power)\s+(?:\w+\s+)?(?:in|on|since)?\s*$",
                             re.IGNORECASE)  # fmt: skip


def _record(s, dates, names, m: Mention, before: list[Mention], records: list[Record], main_country,
            next_text, info, pub: date | None = None) -> Record:  # fmt: skip
    location, country, regional = place_of(s, names, m, main_country)
    event_country = country or main_country
    victim = victim_group(m, s.text, event_country)
    speaker = speaker_in(s.text, names, event_country)
    if speaker is None and m.own_side and _GENERIC_SIDE.search(s.text) and re.search(r"\bown\b", s.text):
        speaker = _main_group(info, s.index)  # "the rebels admit to seven dead": the group the story is about
    if victim and victim.generic and victim.bloc != "civilian" and m.np.antecedent is not None:
        victim = _named_subject(s.text, names, m.start) or victim  # "Wagner had 1,500 fighters in Mali, 80 of whom died"
    if (victim is None or victim.generic) and re.search(r"\b(?:its|their|our)\s+own\b", m.np.text, re.IGNORECASE):
        victim = _named_subject(s.text, names, m.start) or victim  # "Chadian forces killed 1,000 militants, for
        # the loss of 52 of their own men"
    if (victim is None or victim.generic) and m.rule == "cue-before" and m.cue.lower() in ("lost", "losing"):
        victim = _loser(s.text, names, m, event_country) or victim  # "the Malian army lost 11 men"
    low = ascii_lower(s.text)  # the searches below run faster on it (twins.py)
    low_before = low[: m.start] if low is not None else None
    if (victim is None or victim.generic) and search(_OUR_SIDE, s.text[: m.start], low_before) and event_country:
        victim = state_actor(event_country)  # a communiqué's "friendly side: 3 dead", "the toll on our side is 51"
    if victim and victim.generic and m.own_side and speaker and speaker.bloc == victim.bloc:
        victim = speaker  # "the rebels put their own losses at seven fighters"
    if speaker and (victim is None or victim.generic) and re.match(r"of\s+(?:its|their)\s", m.np.text, re.IGNORECASE):
        victim = speaker  # "JNIM said four of its fighters died": the speaker's own
    if victim is None and _AMONG_BEFORE.search(s.text, 0, m.start):
        victim = CIVILIANS  # "Two Americans were among the seven killed": the seven are not all theirs
    if victim is None:
        prev = info[s.index - 1] if s.index > 0 else None
        victim = _antecedent(m, s, names, before, records, speaker, event_country, (prev[0], prev[2]) if prev else None)
    victim = refine_people(victim, s.text, m.end, next_text, event_country)
    if victim.generic and victim.bloc in ("local_state", "west", "russia"):
        victim = _recent_force(info, s, names, m, victim, country)
    if victim.generic and victim.bloc in ("local_state", "west", "russia") and not any(
        n.kind in ("demonym", "country") for n in names
    ):  # "three soldiers of the 1st Chasseurs" in a story counting French losses: French soldiers
        victim = next((r.victim for r in reversed(records) if not r.victim.generic and r.victim.affiliation
                       and r.victim.bloc in ("local_state", "west", "russia") and r.victim.name
                       and (r.victim.bloc != "local_state" or country in (None, r.victim.affiliation))), victim)  # fmt: skip
    if victim.generic and victim.bloc == "local_state" and speaker and speaker.bloc in ("russia", "west", "local_state"):
        perp_here = perpetrator_in(s.text, names, victim, m)
        if not (perp_here and perp_here.group and perp_here.group.affiliation == speaker.affiliation):
            victim = Group(speaker.name, speaker.bloc, speaker.affiliation)
    spans = tuple((x.np.start, x.np.end) for x in info[s.index][3]) + ((m.start, m.end),)
    role = perpetrator_in(s.text, names, victim, m, spans)
    perp = role.group if role else None
    own_action = claims_own_action(s.text) or bool(search(_OWN_FORCES_DID, s.text, low))
    branch = speaker is None and bool(search(_STATE_BRANCH_SAID, s.text, low)) and bool(event_country)
    if branch:
        speaker = state_actor(event_country)  # "..., the air force said": the state's own tally
        if perp is None and victim.bloc == "non_state":
            perp = speaker  # "a strike on a camp killed 35 militants, the air force said"
    pronoun = search(_GROUP_PRONOUN_DID, s.text, low)
    if perp is None and search(_SAME_GROUP, s.text, low):  # "in an attack attributed to the same group"
        perp = _recent_group(info, s.index, victim, reach=8)
    if perp is None and pronoun:
        named = _recent_group(info, s.index, victim)
        if named:
            perp = named
            if speaker is None and re.search(r"\b(?:it|the group)\s+(?:\w+\s+)?(?:said|says|claimed|claims|admitted)",
                                             s.text, re.IGNORECASE):
                speaker = named
    if perp is None and (m.neutralised or own_action) and speaker and not speaker.same_side(victim):
        perp = speaker
    if perp is None and m.neutralised:  # the state force told as doing the operation, else the country's army
        perp = _state_doer(info, s.index, victim) or state_actor(event_country)
    if victim.bloc == "non_state" and perp is None and re.search(r"\b(?:troops|army|soldiers|forces)\b", s.text):
        perp = state_actor(event_country)
    if victim.bloc == "civilian" and perp is None and search(_STATE_KILLERS, s.text, low):
        perp = state_actor(event_country)  # "soldiers killed villagers in Karma": the country's own army
    claim = bool(
        m.neutralised
        or (speaker and perp and (speaker.same_side(perp) or speaker.name == perp.name))
        or (own_action and perp is not None and (speaker is None or speaker.same_side(perp)))
    )
    if m.own_side:
        claim = False
    event_date, since = _pick_date(s, dates, m)
    if event_date is None and since is None and search(_SAID_IT_KILLED, s.text, low):  # "JNIM said in May that it
        event_date = next((d for d in dates if d.reporting and d.precision == "month"), None)  # had killed": that month
    if since and since.precision == "day" and since.date_start and pub and (pub - since.date_start).days <= 7:
        # "since Friday": a few days' toll of one event, dated from that day to the last day named or publication
        end = event_date.date_end if event_date and event_date.date_end else pub
        event_date = DateMention(since.start, since.end, since.date_start, max(end, since.date_start), "day", "point")
        since = None
    if event_date and event_date.kind == "relative":
        here = [r for r in records if r.sentence.index == s.index and r.date and r.date.date_start
                and r.date.precision == "day" and r.mention.end <= event_date.start]  # fmt: skip
        if here and _from_another_event(event_date, s.text):
            # "killed two on Saturday, five days after three soldiers died": the three died five days before
            day = here[-1].date.date_start - timedelta(days=event_date.offset_days)
            event_date = DateMention(event_date.start, event_date.end, day, day, "day", "point")
        else:  # "Five days later, a bomb killed two and wounded three": both counted from the event before,
            earlier = [r for r in records if r.sentence.index < s.index]  # not the wounded from the killed
            event_date = _from_previous(event_date, earlier, dates, pub, _days_told_before(info, s.index))
    # A sentence without a date takes the one of the sentence before when that one sets the scene, unless it
    # picks one out of a set ("In one of the attacks..."), which the earlier date need not cover.
    scene = False
    one_of = re.match(r"\W*(?:in\s+)?one of\b", s.text, re.IGNORECASE)
    since_the = search(_SINCE_THE, s.text, low)  # "since the coup": a period, dated before
    if event_date is None and since is None and s.index > 0 and not info[s.index - 1][3] and not one_of and not since_the:
        prev_s, prev_dates, prev_names, _ = info[s.index - 1]
        event_date, _ = _pick_date(prev_s, prev_dates, m)
        scene = event_date is not None and _names_event(prev_s)
        back = info[s.index - 2] if s.index > 1 else None
        if event_date is None and back and not back[3] and back[0].paragraph >= s.paragraph - 1:
            event_date, _ = _pick_date(back[0], back[1], m)  # two scene-setting sentences: "Between 25 and 27
            # July, a column was ambushed. What happened next is disputed: ..."
            if event_date is not None and event_date.kind == "relative" and not _names_event(back[0]):
                event_date = None  # "shops stayed shut the following day": the aftermath's day, not the figure's
        elif event_date is not None and event_date.kind == "relative":
            # Only a scene dates the figure ("The next day, gunmen attacked ..."): the day after the last one
            # told, even in a sentence without a figure ("on Monday, a trader was shot"); an aftermath does not.
            told = _days_told_before(info, s.index - 1)
            event_date = _from_previous(event_date, records, prev_dates, None, told) if scene else None
        if location is None:
            prev_location, prev_country, _ = place_of(prev_s, prev_names, m, main_country)
            if country in (None, prev_country):
                location, country = prev_location, prev_country
    several = re.search(r"\bin (?:two|three|four|five|several) (?:separate )?(?:\w+ )?attacks\b", s.text)
    several = several and (event_date is None or event_date.date_end != event_date.date_start)  # not one day
    aggregate = bool(since) or bool(search(_AGGREGATE_WORDS, s.text, low) and (not event_date or several)) or bool(
        event_date and event_date.precision == "year" and not search(_EVENT_NOUN, s.text, low)
        and not re.search(r"\b(?:village|town|near)\b", s.text)
    )  # "3,000 people were killed in Borno in 2020": a year's total, not one event
    if not aggregate and event_date and event_date.precision in ("month", "year") and _RUNNING_TOTAL.search(
        s.text, 0, m.start
    ):  # "killed 12 soldiers, bringing to 40 the number of troops killed this month": the month's total
        aggregate = True
    if since is None and re.search(r"\bsince the\b", s.text) and aggregate and event_date is None:
        since = _previous_date(info, s.index)  # not "8,000 were killed in 2023, the most since the war began"
    nearby = [n.affiliation for x in info[max(0, s.index - 1) : s.index + 1] for n in x[2] if n.kind == "country"]
    country_open = country is None and len(set(nearby)) >= 2
    if aggregate and regional and (region := REGIONAL.search(s.text, m.start)) and region.start() - m.end < 60:
        location = country = None  # "bringing to 52 the number of French soldiers killed in the Sahel since 2013"
        # after "a French soldier was killed in Mali": the region's total, not Mali's
    return Record(m, s, victim, perp, role.strength if role else 0, generic_attackers(s.text), claim,
                  event_date, location, country, aggregate, since, regional, country_open, scene)  # fmt: skip


_RUNNING_TOTAL = re.compile(r"\b(?:bringing|brings|brought|taking|takes|raising|pushing)\s+(?:the\s+(?:total|number|"
                            r"toll|tally|count)\s+(?:[\w-]+\s+){0,6}?)?to\s+(?:(?:at least|more than|over|some|about)\s+)?$",
                            re.IGNORECASE)  # fmt: skip
_SAID_IT_KILLED = re.compile(r"\b(?:said|says|claimed|claims)\b[^.;]{0,40}?\b(?:it|they)\s+(?:had\s+|has\s+|have\s+)?"
                             r"(?:killed|neutrali[sz]ed|eliminated)\b", re.IGNORECASE)  # fmt: skip
_AMONG_BEFORE = re.compile(r"\bamong\s+(?:the\s+)?(?:at\s+least\s+|some\s+|about\s+|more\s+than\s+)?$", re.IGNORECASE)
# "the group said", "the militants attacked", "the group's assault": a group named before is the doer.
_GROUP_PRONOUN_DID = re.compile(
    r"\b(?:it|the group|its fighters|its men|the jihadists|the militants|the extremists|"
    r"the insurgents|the rebels|the separatists|the militia|the paramilitar(?:y force|y group|ies)|"
    r"the armed group)\s+(?:\w+\s+){0,2}?(?:said|says|claimed|claims|killed|ambushed|attacked|"
    r"stormed|admitted|responsible|shelled|struck|raided|bombed|overran)\b|"
    r"\bthe\s+group(?:'s|’s)\s+(?:\w+\s+)?(?:attack|assault|raid|ambush|bombing|offensive|fighters|gunmen)\b",
    re.IGNORECASE)  # fmt: skip
# "the military said that its aircraft had killed...": the speaker's own forces did the killing.
_OWN_FORCES_DID = re.compile(
    r"\b(?:said|says|claimed|claims|announced|reported|stated)\b[^.;]{0,40}?\b(?:its|their)\s+(?:troops|forces|"
    r"aircraft|warplanes|jets|drones|men|soldiers|units|air force|artillery)\s+(?:had\s+|have\s+|has\s+)?"
    r"(?:killed|neutrali[sz]ed|eliminated)\b", re.IGNORECASE)
# A branch or command of the state's forces as the speaker: "the air force said", "the Joint Operations Command said".
_STATE_BRANCH_SAID = re.compile(
    r"\bthe\s+(?:air force|navy|joint operations command|defen[cs]e forces|general staff|security forces)\b"
    r"[^.;]{0,40}?\b(?:said|says|announced|claimed|reported|stated)\b", re.IGNORECASE)


def _loser(text: str, names: list[Name], m: Mention, country: str | None = None) -> Group | None:
    """The subject of "lost": the last force or group named before the cue."""
    cue_at = text.lower().rfind(m.cue.lower(), 0, m.start)
    g = _named_subject(text, names, cue_at, same_clause=True)
    if g:
        return g
    if re.search(r"\b(?:(?:the|its)\s+(?:army|military|armed forces|general staff|troops|soldiers)|"
                 r"(?:government|security|state)\s+forces)\b[^.;]{0,60}$", text[:cue_at], re.I):  # fmt: skip
        # "the army said it had lost five men": the state's own soldiers, whose state the text may never name
        return state_actor(country) if country else Group("soldiers", "local_state", None, True)
    return None


_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:said|says|who|which|that|while|but|whose)\b", re.IGNORECASE)
# Still the subject's clause: "Mali's army said (on Monday) (that) it had lost", "France, which has 5,100
# troops in the region, has lost".
_SAME_SUBJECT = re.compile(r"\s*(?:(?:[\w'’-]+\s+){0,3}?(?:said|says|admitted|acknowledged|announced|confirmed)\s+"
                           r"(?:(?:on\s+)?\w+day\s+)?(?:that\s+)?(?:it|they)\s+|,\s*(?:which|who)\b(?:[^,;]|,(?=\d))*,\s*)"
                           r"(?:had\s+|has\s+|have\s+)?", re.IGNORECASE)  # fmt: skip
# A name after one of these is a place, an enemy or a source, not who has or lost the men.
_NOT_SUBJECT_BEFORE = re.compile(r"\b(?:in|at|near|to|from|across|of|inside|outside|into|with|by|against|"
                                 r"according to)\s+(?:the\s+)?$", re.IGNORECASE)  # fmt: skip


def _named_subject(text: str, names: list[Name], limit: int, same_clause: bool = False) -> Group | None:
    """The last force, group or state named before `limit` that is not a place or an enemy: who "lost 58 of
    them", whose "5,100 troops" they were ("France has 5,100 troops in the Sahel, 58 of whom..."). With
    `same_clause`, only one whose clause runs on to `limit` ("Wagner lost...", "the army said it lost"; not
    "Wagner lost 20 men, a rebel said his movement lost...")."""
    for name in reversed([n for n in names if n.end <= limit]):
        if _NOT_SUBJECT_BEFORE.search(text, 0, name.start):
            continue
        if same_clause and _CLAUSE_BREAK.search(text, name.end, limit) and not _SAME_SUBJECT.fullmatch(text, name.end, limit):
            return None
        g = group_of_name(text, name) or (state_actor(name.affiliation) if name.kind == "country" else None)
        if g:
            return g
    return None


def _from_previous(d: DateMention, records: list[Record], dates=(), pub: date | None = None,
                   told_before: Sequence[DateMention] = ()) -> DateMention:  # fmt: skip
    """ "Five days later": counted from the day of the last event told before."""
    base = next((r.date for r in reversed(records) if r.date and r.date.date_start and r.date.precision == "day"), None)
    if base is None:  # "the UN said on Sunday that 110 were killed ... the previous day": from the statement's day
        base = next((x for x in dates if x.reporting and x.date_start and x.precision == "day"), None)
    if base is None and told_before:  # "Gunmen shot a trader on Monday. The next day, ..."
        base = told_before[0]
    if base is None and pub and abs(d.offset_days) == 1:
        base = DateMention(d.start, d.end, pub, pub, "day", "point")
    if base is None:
        return d
    day = base.date_start + timedelta(days=d.offset_days)
    return DateMention(d.start, d.end, day, day, "day", "point")


def _recent_force(info, s: Sentence, names, m: Mention, victim: Group, here: str | None = None) -> Group:
    """ "71 soldiers died": whose soldiers? The state force named last in this or the two sentences before, but
    not another country's local army than the one the sentence itself names (`here`)."""
    window = [(s, names, m.start)] + [(x[0], x[2], len(x[0].text)) for x in reversed(info[max(0, s.index - 2) : s.index])]
    for sent, sent_names, limit in window:
        for name in reversed([n for n in sent_names if n.start < limit]):
            g = group_of_name(sent.text, name)
            if name.kind == "demonym" and g and g.name == "Wagner Group" and victim.name in ("soldiers", "troops"):
                g = state_actor(name.affiliation)  # "a Russian transport plane crashed, killing 39 servicemen"
            if name.kind == "country" and g is None and re.match(r"(?:'s|’s)\s+(?:own\s+)?(?:army|armed forces|military|"
                                                                  r"troops|soldiers|forces)", sent.text[name.end :]):
                g = state_actor(name.affiliation)
            if g is None and name.kind == "demonym" and name.affiliation and re.match(r"\s+(?:[\w-]+\s+)?(?:army|troops|"
                                                                               r"soldiers|forces|outpost|base|patrol)", sent.text[name.end :]):
                g = state_actor(name.affiliation)
            if g and g.bloc in ("local_state", "west", "russia") and g.affiliation:
                if g.bloc == "local_state" and here not in (None, g.affiliation):
                    continue  # soldiers killed in Burkina Faso are not the Malian army named the sentence before
                prefix = sent.text[: name.start]
                if re.search(r"\b(?:by|with|against)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", prefix, re.I):
                    continue
                return Group(g.name, g.bloc, g.affiliation)
    return victim


_STATE_KILLERS = re.compile(r"(?<!\bby )\b(?:soldiers|troops|the army|security forces|the military|government forces)\s+"
                            r"(?!(?:were|was|are|is|had|have|been|being)\b)(?:\w+\s+)?(?:killed|shot|executed|massacred|opened fire on|"
                            r"rounded up)\b", re.IGNORECASE)  # fmt: skip
_SAME_GROUP = re.compile(r"\b(?:attributed to|claimed by|blamed on|carried out by|by)\s+the\s+(?:same\s+)?"
                         r"(?:group|jihadists|militants|insurgents|movement|organi[sz]ation)\b", re.IGNORECASE)  # fmt: skip
_OUR_SIDE = re.compile(r"\b(?:friendly side|our side|on our side|our (?:losses|ranks|men|soldiers|forces))\b[^.;]{0,40}$",
                       re.IGNORECASE)  # fmt: skip
_GENERIC_SIDE = re.compile(r"\b(?:the|their|its)\s+(?:rebels|separatists|jihadists|militants|insurgents|group|alliance|"
                           r"coalition|movement)\b", re.IGNORECASE)  # fmt: skip


def _main_group(info, index: int) -> Group | None:
    """The armed group named most often so far (the latest of equals): who "the rebels" of the story are."""
    counts: Counter = Counter()
    latest: dict = {}
    for s, _, names, _ in info[: index + 1]:
        for name in names:
            g = group_of_name(s.text, name)
            if g and g.bloc == "non_state" and g.name:
                counts[g.name] += 1
                latest[g.name] = (s.index, name.start, g)
    if not counts:
        return None
    best = max(counts, key=lambda n: (counts[n], latest[n][:2]))
    return latest[best][2]


def _state_doer(info, index: int, victim: Group, reach: int = 2) -> Group | None:
    """A state force that this sentence or the `reach` before make the doer of an operation: "the Barkhane force
    carried out an operation ... The operation made it possible to neutralise more than 50 jihadists"."""
    for s, _, names, _ in reversed(info[max(0, index - reach) : index + 1]):
        doer = attacker_in(s.text, names)
        if doer and doer.bloc in ("local_state", "west", "russia") and not doer.same_side(victim):
            return doer
    return None


def _recent_group(info, index: int, victim: Group, reach: int = 3) -> Group | None:
    """The armed group named last, in this sentence or the three before: who "it" or "the group" is."""
    for s, _, names, _ in reversed(info[max(0, index - reach) : index + 1]):
        for name in reversed(names):
            g = group_of_name(s.text, name)
            if g and g.bloc == "non_state" and not g.same_side(victim):
                return g
    return None


def _previous_date(info, index: int) -> DateMention | None:
    for s, dates, _, _ in reversed(info[max(0, index - 2) : index]):
        for d in reversed(dates):
            if d.date_start:
                return d
    return None


def _antecedent(m: Mention, s: Sentence, names, before: list[Mention], records: list[Record], speaker,
                country, previous: tuple | None = None) -> Group:  # fmt: skip
    """The group an elided figure counts: "killed seven of them", "63 had died"."""
    if before and records:
        return records[-1].victim
    if m.own_side and speaker:
        return speaker
    # a group named earlier in the same sentence that is not the attacker
    candidates = []
    for name in names:
        if name.start >= m.start:
            break
        g = group_of_name(s.text, name)
        if g is None or is_weapon(s.text, name):
            continue
        prefix = s.text[: name.start]
        if re.search(r"\b(?:by|with|claimed by|according to)\s+(?:the\s+)?(?:\w+\s+){0,2}$", prefix, re.I):
            continue
        if re.match(r"^\s*(?:\([^)]*\)\s*)?(?:,[^,]{0,60},\s*)?(?:said|says|claimed|ambushed|attacked|killed|stormed)",
                    s.text[name.end :]) or attacker_in(s.text, [name]):  # fmt: skip
            continue
        candidates.append(g)
    if candidates:
        return candidates[-1]
    if records and records[-1].sentence.paragraph >= s.paragraph - 1 and records[-1].sentence.index >= s.index - 2:
        return records[-1].victim
    subject = _subject_of(previous)
    if subject:
        return subject
    return CIVILIANS


def _subject_of(previous: tuple | None) -> Group | None:
    """The first group named in the sentence before: "Russian mercenaries suffered... At least seven..."."""
    if not previous:
        return None
    s, names = previous
    for name in names:
        g = group_of_name(s.text, name)
        if g and g.bloc != "non_state":
            return g
    return None


def _compatible(e: Event, r: Record) -> bool:
    if r.country and e.country and r.country != e.country:
        return False
    if r.location and e.location and r.location != e.location and r.date is None:
        return False
    if r.date and r.date.date_start and e.date_start:
        a0, a1 = r.date.date_start, r.date.date_end or r.date.date_start
        b0, b1 = e.date_start, e.date_end or e.date_start
        slack = timedelta(days=1 if r.date.precision == "day" and e.precision == "day" and not r.scene else 0)
        return a0 <= b1 + slack and b0 <= a1 + slack
    return True


def _group(records: list[Record], info, pub: date | None) -> list[Event]:
    events: list[Event] = []
    lead_date = _lead_date(info)
    for r in records:
        target = None
        if r.aggregate:
            for e in reversed(events):
                if e.aggregate and e.records[-1].since == r.since and e.records[-1].sentence.index == r.sentence.index:
                    target = e
                    break
        else:
            same_sentence = [e for e in events if not e.aggregate and e.records[-1].sentence.index == r.sentence.index]
            other_clause = same_sentence and _separateclause_span(same_sentence[-1], r)
            if same_sentence and _elsewhere(same_sentence[-1], r):
                pass  # a new event
            elif same_sentence and not other_clause and (r.date is None or _compatible(same_sentence[-1], r)):
                target = same_sentence[-1]
            elif r.date is not None:
                for e in reversed(events):
                    if not e.aggregate and e.date_start and _compatible(e, r) and (
                        r.location is None or e.location in (None, r.location)
                    ):
                        target = e
                        break
            else:
                low = ascii_lower(r.sentence.text)  # the searches below run faster on it (twins.py)
                anaphoric = bool(search(_ANAPHORA, r.sentence.text, low))
                latest = next((e for e in reversed(events) if not e.aggregate), None)
                separate = search(_SEPARATE, r.sentence.text, low)
                for e in reversed(events):
                    if e.aggregate or not _compatible(e, r):
                        continue
                    if r.location and e.location and r.location != e.location:
                        continue
                    # an undated figure soon after an event is more of it, unless it says it is another
                    follows = e is latest and not separate and r.sentence.paragraph <= e.records[-1].sentence.paragraph + 2
                    if anaphoric or follows or any(x.victim.key == r.victim.key for x in e.records) or (
                        r.sentence.paragraph in (e.paragraph, e.records[-1].sentence.paragraph)
                    ):
                        target = e
                        break
        if target is None:
            target = Event(aggregate=r.aggregate, first_sentence=r.sentence.index, paragraph=r.sentence.paragraph)
            _set_date(target, r, events, lead_date, pub)
            events.append(target)
        elif target.date_start is None and r.date and r.date.date_start:
            _set_date(target, r, events, lead_date, pub)
        elif (not target.aggregate and r.date and r.date.date_start and r.date.precision == "day"
              and r.date.date_start == r.date.date_end and target.date_start and target.date_end
              and target.date_start <= r.date.date_start <= target.date_end
              and (target.date_end - target.date_start).days >= 3):
            target.date_start = target.date_end = r.date.date_start  # "last week" ... "on the night of 7 February"
            target.precision = "day"
        target.records.append(r)
        target.location = target.location or r.location
        target.country = target.country or r.country
    return events


def _separateclause_span(e: Event, r: Record) -> bool:
    """ "..., while 5 soldiers were killed in a separate attack near Kidal": another event in the same sentence."""
    text = r.sentence.text
    a, b = clause_span(text, r.mention.start)
    if a == 0 or not search(_SEPARATE, text[a:b], ascii_lower(text[a:b])):
        return False
    return r.location != e.location or r.date is not None


def _elsewhere(e: Event, r: Record) -> bool:
    """ "Eight were killed near Gao and 12 more near Kidal", "one on Monday and another on Tuesday": a figure
    that leaves its verb to the one before and names a place or a day of its own tells another event."""
    if r.mention.rule != "elliptic":
        return False
    other_day = r.date is not None and r.date.date_start is not None and r.date.date_start != e.date_start
    return other_day or bool(r.location and e.location and r.location != e.location)


def _lead_date(info) -> DateMention | None:
    """The first event date of the opening paragraphs: the date of the story's main event."""
    for s, dates, _, _ in info[:4]:
        for d in dates:
            if not d.reporting and d.kind == "point" and d.date_start and d.precision == "day":
                return d
    return None


def _set_date(e: Event, r: Record, events: list[Event], lead: DateMention | None, pub: date | None) -> None:
    if r.aggregate:
        if r.since and r.since.date_start:
            e.date_start = r.since.date_start
            e.date_end = (r.since.date_end if r.since.kind == "since" else None) or pub
        elif r.date and r.date.date_start:
            e.date_start, e.date_end = r.date.date_start, r.date.date_end
        e.precision = "period"
        return
    d = r.date
    if d and d.kind == "relative":
        base = next((x for x in reversed(events) if x.date_start and x.precision == "day"), None)
        if base:
            e.date_start = e.date_end = base.date_start + timedelta(days=d.offset_days)
            e.precision = "day"
        return
    if d is None and not events and lead is not None and r.sentence.index <= 6:
        d = lead
    if d and d.date_start:
        e.date_start, e.date_end, e.precision = d.date_start, d.date_end, d.precision


def _combine(values: list[Mention], revised_elsewhere: bool = False,
             lists: dict | None = None) -> tuple[int | None, int | None]:  # fmt: skip
    """Figures for one measure: one figure keeps its bounds; several give min..max (revised: latest). The
    figures of one list (`lists`: a mention's id -> its sentence and list) add up to one figure first."""
    if revised_elsewhere and not all(m.initial for m in values):
        values = [m for m in values if not m.initial]  # the toll was revised: first figures are stale
    if any(m.revised for m in values):
        # The latest toll stands for the figures told before it ("killing nine ... the toll rose to 11");
        # a figure told after it may be another source's.
        last = max(n for n, m in enumerate(values) if m.revised)
        others = [m for m in values[last + 1 :] if not m.revised and not m.initial]
        values = [values[last]] + [m for m in others if m.rule != "cue-before" or m.np.text]
    figures = _add_up_lists(values, lists or {})
    numbers = {value for value, _, _ in figures}
    if len(figures) == 1 or len(numbers) == 1:
        lows = [low for _, low, _ in figures if low is not None]
        highs = [high for _, _, high in figures]
        low = min(lows) if lows else None
        high = None if any(h is None for h in highs) else max(highs)
        return low, high
    points = [v for _, low, high in figures for v in (low, high) if v is not None]
    return min(points), max(points)


def _lists(recs: list[Record]) -> dict[int, tuple[int, int]]:
    """The list each mention of one victim group belongs to, by the mention's id: its sentence and where the
    list starts (a figure of its own: where it starts). "Another" that adds to a figure of the sentence
    before joins that figure's list."""
    lists: dict[int, tuple[int, int]] = {}
    for n, r in enumerate(recs):
        m = r.mention
        key = (r.sentence.index, m.part_of if m.part_of is not None else m.start)
        if m.part_of == ADDS_TO_SENTENCE_BEFORE:
            key = next((lists[id(x.mention)] for x in reversed(recs[:n]) if x.mention.measure == m.measure
                        and x.sentence.index == r.sentence.index - 1), (r.sentence.index, m.start))  # fmt: skip
        lists[id(m)] = key
    return lists


def _add_up_lists(values: list[Mention], lists: dict) -> list[tuple[int, int | None, int | None]]:
    """(value, low, high) of each figure, those of one list summed: "15 soldiers and five gendarmes" are 20;
    a bound that one part lacks, the sum lacks too."""
    figures: list[tuple[int, int | None, int | None]] = []
    at: dict = {}  # list -> its index in figures
    for m in values:
        q, key = m.quantity, lists.get(id(m))
        if key is None or key not in at:
            if key is not None:
                at[key] = len(figures)
            figures.append((q.value, q.low, q.high))
            continue
        value, low, high = figures[at[key]]
        figures[at[key]] = (value + q.value, None if low is None or q.low is None else low + q.low,
                            None if high is None or q.high is None else high + q.high)  # fmt: skip
    return figures


def _incidents(e: Event, info, pub: date | None, main_country: str | None, limit: int) -> list[Incident]:
    by_victim: dict[tuple, list[Record]] = {}
    groups = {r.victim.name for r in e.records if r.victim.bloc == "non_state" and not r.victim.generic}
    for r in e.records:
        by_victim.setdefault(_victim_key(r.victim, groups), []).append(r)
    out = []
    for key, recs in by_victim.items():
        killed = [r.mention for r in recs if r.mention.measure == "killed"]
        wounded = [r.mention for r in recs if r.mention.measure == "wounded"]
        revised = any(m.revised for m in killed + wounded)
        lists = _lists(recs)
        k_low, k_high = _combine(killed, revised, lists) if killed else (None, None)
        w_low, w_high = _combine(wounded, revised, lists) if wounded else (None, None)
        if k_low is None and k_high is None and w_low is None and w_high is None:
            continue
        named = [r for r in recs if not r.victim.generic] or recs
        victim = named[0].victim
        if e.aggregate and victim.generic and victim.name in ("people", "fighters"):
            victim = Group(victim.name, "unknown", None, True)  # a country-wide toll mixes every side
        if victim.generic and victim.bloc == "civilian" and any(
            search(_BETWEEN_SIDES, r.sentence.text, ascii_lower(r.sentence.text)) for r in recs
        ):
            victim = Group("people", "unknown", None, True)  # "fighting between two armed groups killed 55"
        victim = _canonical_victim(victim)
        perp_rec = max(recs, key=lambda r: r.perp_strength if r.perpetrator else -1)
        perp = (perp_rec.perpetrator or shared_perpetrator(e, victim) or opposing_side(e, victim)
                or event_perpetrator(e, victim, info, limit) or battle_enemy(e, victim))  # fmt: skip
        accident = any(search(ACCIDENT, r.sentence.text, ascii_lower(r.sentence.text)) for r in recs)
        if accident and perp_rec.perp_strength < 3:
            perp = None  # "two helicopters collided during a pursuit of IS fighters": nobody killed them
        if perp is None:
            if e.aggregate:  # a period total has many causes: only its own sentence may name the attackers
                generic = victim.bloc not in ("civilian", "unknown") and any(r.attackers_generic for r in recs)
            else:
                generic = any(r.attackers_generic for r in e.records) or _paragraph_has_attackers(e, info)
            perp_bloc = "non_state" if generic and not accident else "unknown"
        else:
            perp_bloc = perp.bloc
        counted = killed or wounded
        claimed = all(next(r for r in recs if r.mention is m).claim for m in counted)
        regional = next((r.regional for r in recs if r.regional), None)
        if regional is None and e.aggregate:
            regional = _regional_before(e, info)
        location = e.location or (regional if e.aggregate else None)
        country = e.country
        if country is None and not (e.aggregate and regional) and not all(r.country_open for r in recs):
            country = main_country if not e.aggregate or location else None
        evidence = [_evidence(r) for r in recs]
        out.append(Incident(
            victim=victim.name, victim_bloc=victim.bloc, victim_affiliation=victim.affiliation,
            perpetrator=perp.name if perp else None, perpetrator_bloc=perp_bloc,
            country=country, location=location,
            date_start=e.date_start.isoformat() if e.date_start else None,
            date_end=(e.date_end or e.date_start).isoformat() if e.date_start else None,
            date_precision=e.precision if e.date_start or e.aggregate else "unknown",
            killed_low=k_low, killed_high=k_high, wounded_low=w_low, wounded_high=w_high,
            claimed_by_perpetrator=claimed, kind="aggregate" if e.aggregate else "incident",
            confidence=_confidence(e, recs, perp), evidence=evidence,
        ))  # fmt: skip
    return out


def _victim_key(victim: Group, armed_groups: set) -> tuple:
    """Which incident of its event a victim's figures go to: one per state and bloc, and one per named armed
    group ("the SDF lost four fighters and killed 23 of the SNA": two), bare "militants" going to the one
    armed group the event names, if only one."""
    if victim.bloc != "non_state":
        return victim.key
    if not victim.generic:
        return (*victim.key, victim.name)
    return (*victim.key, next(iter(armed_groups)) if len(armed_groups) == 1 else None)


_BETWEEN_SIDES = re.compile(r"\b(?:fighting|clash(?:es)?|battles?|combat|gunfights?)\s+(?:\w+\s+){0,2}?between\b",
                            re.IGNORECASE)  # fmt: skip


def _canonical_victim(victim: Group) -> Group:
    """The name the ledger stores: "civilians" for every civilian group (the boy, the worshippers), and
    a state's army for its bare "soldiers" once the context has told whose soldiers they were."""
    if victim.bloc == "civilian":
        return Group("civilians", "civilian", None, victim.generic)
    if victim.generic and victim.name in ("soldiers", "troops") and victim.affiliation:
        return Group(force_name(victim.affiliation), victim.bloc, victim.affiliation, True)
    return victim


def _regional_before(e: Event, info) -> str | None:
    index = e.records[0].sentence.index
    if index == 0:
        return None
    prev = info[index - 1][0]
    m = REGIONAL.search(prev.text)
    return m.group("r") if m and m.group("r") != "region" else None


def _paragraph_has_attackers(e: Event, info) -> bool:
    para = e.records[0].sentence.paragraph
    return any(generic_attackers(s.text) for s, *_ in info if s.paragraph == para)


def _confidence(e: Event, recs: list[Record], perp: Group | None) -> float:
    score = 0.5
    score += 0.15 if e.date_start else -0.1
    score += 0.1 if e.country else -0.1
    score += 0.1 if perp else 0
    score += 0.1 if all(r.mention.rule != "inherited" for r in recs) else -0.1
    score -= 0.15 if any(r.victim.generic for r in recs) else 0
    return round(max(0.05, min(0.99, score)), 2)


def _evidence(r: Record) -> Evidence:
    s = r.sentence
    m = r.mention
    start, end = s.start + m.start, s.start + m.end
    return Evidence(m.measure, start, end, s.text[m.start : m.end], s.text, m.rule)
