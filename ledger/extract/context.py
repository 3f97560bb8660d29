"""Who did it, when the figure's own sentence does not say: the rest of the event and its neighbourhood.

Each function reads one event (the records assemble.py grouped) and the article's sentences: a co-victim's
perpetrator, the other side of a battle, an attribution told a few sentences on ("JNIM claimed the
attack"), or the attacker of the scene-setting sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ledger.extract.roles import Group, attacker_in, group_of_name
from ledger.extract.twins import ascii_lower, search

if TYPE_CHECKING:
    from ledger.extract.assemble import Event

_CLAIMED_BY = re.compile(
    r"(?:claimed by|attributed to|blamed on|blamed|suspect(?:s|ed)?|behind|clash(?:es)? with|fighting with|ambushed by|attacked by|"
    r"at the hands of|carried out by)\s+(?:the\s+)?|(?:claimed|claims)\s+(?:responsibility|the attack|"
    r"the attacks|both attacks|the ambush)",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def _attributes(sentence: str) -> bool:
    # Each event reads the sentences around it, so one sentence is asked about many times.
    return search(_CLAIMED_BY, sentence, ascii_lower(sentence)) is not None  # faster on ASCII (twins.py)


ACCIDENT = re.compile(r"\b(?:collided|collision|crashed|(?:in|an?|the)\s+(?:\w+\s+)?(?:accident|crash))\b", re.I)


def shared_perpetrator(e: Event, victim: Group) -> Group | None:
    """Who hit another group in the same event hit this one too, unless they are on the same side:
    "JNIM killed six Russians ... two Malian soldiers also died" (JNIM for both)."""
    for r in e.records:
        p = r.perpetrator
        if p is None or p.same_side(victim) or r.victim.same_side(victim):
            continue
        if victim.bloc == "civilian" or (p.bloc == "non_state") != (victim.bloc == "non_state"):
            return p
        if {p.bloc, victim.bloc, r.victim.bloc} <= set(_STATE_BLOCS) and p.bloc not in (victim.bloc, r.victim.bloc):
            return p  # U.S. strikes on pro-government forces and the Russians fighting with them
    return None


def opposing_side(e: Event, victim: Group) -> Group | None:
    """In a battle, the losses of one side are the work of the side it hit: "the rebels say they killed 84
    mercenaries... the rebels admit to seven dead" (the mercenaries' side killed the seven)."""
    hit = [r.victim for r in e.records if r.perpetrator and r.perpetrator.same_side(victim) and not r.victim.generic
           and not r.victim.same_side(victim) and r.victim.bloc not in ("civilian", "unknown")]  # fmt: skip
    if not hit:
        return None
    first = min(hit, key=lambda g: g.bloc != "local_state")  # a joint force goes by the local army
    return Group(first.name, first.bloc, first.affiliation)


_STATE_BLOCS = ("local_state", "west", "russia")
_NO_CLAIM = re.compile(r"\b(?:no (?:group|one)\b[^.]{0,30}\bclaimed|(?:not|never|yet to)\s+(?:been\s+)?claim(?:ed)?|"
                       r"did not claim)\b", re.IGNORECASE)  # fmt: skip


def battle_enemy(e: Event, victim: Group) -> Group | None:
    """A battle with named losses on both sides and no word of who killed whom: each side's dead are the
    other side's doing (the local army first of a joint force)."""
    if victim.bloc not in (*_STATE_BLOCS, "non_state"):
        return None
    mine = victim.bloc in _STATE_BLOCS
    enemies = {r.victim.key: r.victim for r in e.records if not r.victim.generic and r.victim.name
               and (r.victim.bloc in _STATE_BLOCS) != mine and r.victim.bloc in (*_STATE_BLOCS, "non_state")}  # fmt: skip
    if not enemies or (not mine and len({g.bloc for g in enemies.values()}) > 2):
        return None
    first = min(enemies.values(), key=lambda g: g.bloc != "local_state")
    return Group(first.name, first.bloc, first.affiliation)


_NAMED_OUTRIGHT = re.compile(r"(?:blamed|blamed on|attributed to|accused|by)\s+(?:the\s+)?$", re.IGNORECASE)


def event_perpetrator(e: Event, victim: Group, info, limit: int) -> Group | None:
    """A perpetrator named near the event, before the next event is told: "JNIM claimed responsibility",
    "attributed to X"."""
    first = e.records[0].sentence.index
    last = e.records[-1].sentence.index
    # the scene-setting sentence just before the first figure ("50 IS fighters attacked the patrol.")
    start = first - 1 if first > 0 and not info[first - 1][3] else first
    for s, _, names, _ in info[start : max(last + 1, min(limit, last + 7))]:
        if s.paragraph > e.records[-1].sentence.paragraph + 2:
            break
        if s.index < first and re.search(r"\bclaim", s.text):
            continue  # a claim before the figures is about an earlier event
        if not _attributes(s.text):
            if s.index > last:
                continue  # after the figures, only an explicit attribution names the perpetrator
            attacker = attacker_in(s.text, names)
            if attacker and not attacker.same_side(victim) and attacker.bloc == "non_state":
                return attacker
            state = attacker_in(s.text, names, explicit=True)  # "hit by a Russian missile"
            if state and not state.same_side(victim) and victim.bloc == "civilian":
                return state
            continue
        lowered = ascii_lower(s.text)  # the searches below run faster on it (twins.py)
        for name in names:
            g = group_of_name(s.text, name)
            # a state force only when the attribution names it outright: "blamed the Malian army"
            low = lowered[: name.start] if lowered is not None else None
            named_outright = bool(search(_NAMED_OUTRIGHT, s.text[: name.start], low))
            attributed = named_outright or re.match(r"\s+(?:were|was|are|is)\s+(?:\w+\s+)?behind\b", s.text[name.end :]) \
                or re.search(r"\bblamed\s+(?:it\s+on\s+)?the\s+(?:group|movement|militants|jihadists)\b", s.text)
            if search(_NO_CLAIM, s.text, lowered) and not attributed:
                continue  # "no group has claimed the attack, but the area is a stronghold of IS"
            if g and not g.same_side(victim) and (g.bloc == "non_state" or named_outright and victim.bloc == "civilian"):
                return g
    return None
