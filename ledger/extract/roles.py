"""Who: the victim group a figure counts, the perpetrator, and who is speaking (for claims).

Every rule reads one sentence and its named things (names.find_names); context from earlier sentences is
passed in by assemble.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ledger import lexicon
from ledger.extract.casualties import Mention
from ledger.extract.names import Name, find_names, force_bloc, force_name
from ledger.extract.twins import ascii_lower, search


@dataclass(frozen=True)
class Group:
    name: str | None
    bloc: str
    affiliation: str | None
    generic: bool = False  # a bare noun ("soldiers", "people"): open to refinement by context

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.bloc, self.affiliation)

    def same_side(self, other: Group) -> bool:
        """One state's forces, one bloc; armed groups only when one is unnamed ("the militants") or both
        are the same group: JNIM and Islamic State fighters are enemies, not one side."""
        if self.key != other.key:
            return False
        return self.bloc != "non_state" or self.generic or other.generic or self.name == other.name


CIVILIANS = Group("civilians", "civilian", None, True)
# Words that make unnamed attackers an armed group (bloc non_state). "Gunmen", "armed men", "assailants" and
# "attackers" say nothing of who they were (bandits, soldiers, a family feud): bloc unknown.
_GENERIC_ATTACKERS = re.compile(
    r"\b(?:jihadists?|militants?|insurgents?|terrorists?|extremists?|"
    r"armed groups?|Islamist|jihadist|militant|insurgent)\b",
    re.IGNORECASE,
)
_STATE_WORDS = r"(?:army|military|armed forces|troops|forces|soldiers|defen[cs]e ministry|ministry of defen[cs]e|" \
    r"general staff|government|junta|authorities|officials|air force|navy|police|gendarmerie|aircraft|drones?|" \
    r"missiles?|artillery|jets|warplanes|strikes?|air strikes?|airstrikes?|helicopters?|rockets?)"


def _demonym_force(sentence: str, name: Name) -> bool:
    """ "Malian troops", "Russia's defence ministry", "Ukrainian forces": a state's forces."""
    after = sentence[name.end :]
    return bool(re.match(rf"(?:'s|’s)?\s+(?:[\w-]+\s+){{0,2}}?{_STATE_WORDS}\b", after, re.IGNORECASE))


def state_actor(iso3: str | None) -> Group | None:
    if not iso3:
        return None
    return Group(force_name(iso3), force_bloc(iso3), iso3)


def group_of_name(sentence: str, name: Name, head_class: str | None = None) -> Group | None:
    """The group a named thing stands for: an actor, or a nationality with a force noun."""
    if name.kind == "actor":
        return Group(name.canonical, name.bloc or "unknown", name.affiliation)
    if name.kind in ("demonym", "country"):
        iso = name.affiliation
        if head_class in ("civilian", "person") and head_class is not None:
            return None
        if name.kind == "country" and not _demonym_force(sentence, name):
            return None
        if iso == "RUS" and head_class in ("mercenary", "fighter", None) and name.kind == "demonym":
            # "Russian fighters" are the mercenaries; "Russian glide bombs" the state's forces
            if not _demonym_force(sentence, name) and not _WEAPON_AFTER.match(sentence[name.end :]):
                return Group("Wagner Group", "russia", "RUS")
        return state_actor(iso)
    return None


# A military aircraft or vehicle, whose crew are its force's own: "an army helicopter", "a Su-25", "a
# warplane", "a French light armoured vehicle".
_MILITARY_AIRCRAFT = re.compile(
    r"\b(?:army|military|air\s+force|navy|armed\s+forces)\s+(?:[\w-]+\s+){0,2}?(?:helicopters?|aircraft|planes?|"
    r"jets?|gunships?|transport)\b|\b(?:warplanes?|fighter\s+jets?|gunships?|(?:Mi|Su|Il|An|MiG)-\d+|C-130|"
    r"armou?red\s+(?:personnel\s+)?(?:vehicles?|carriers?)|tanks?\b)",
    re.IGNORECASE,
)
_CREW = ("crew", "crew members", "crewmen")
_PRO_STATE = re.compile(r"\b(?:pro-government|pro-army|state-backed|government-backed|army-backed|state-sponsored|"
                        r"civilian\s+defen[cs]e|homeland\s+defen[cs]e)\b", re.IGNORECASE)  # fmt: skip
_OF_A_MILITIA = re.compile(r"\s+of\s+(?:a|an|the)\s+[^.,;]{0,50}?\b(?:militias?|auxiliaries|volunteers|forces?|"
                           r"groups?)\b", re.IGNORECASE)  # fmt: skip


def victim_group(mention: Mention, sentence: str, country: str | None) -> Group | None:
    """The victim group named in the mention's own noun phrase, or None when it is elided."""
    np = mention.np
    if np.elided or np.anaphoric:
        return None
    offset = max(np.start, sentence.find(np.text, np.start))  # the phrase text is stripped of leading space
    names = find_names(np.text)
    cls = np.head_class
    if np.head in _CREW and _MILITARY_AIRCRAFT.search(sentence):
        cls = "force"  # "an army helicopter crashed, killing its four crew"
    if np.head in ("men", "man") and re.search(r"\barmed\s+(?:\w+\s+)?m[ae]n\b", np.text, re.IGNORECASE):
        cls = "militant"  # "three armed men", as "gunmen"
    for name in names:
        name = Name(name.start + offset, name.end + offset, name.text, name.kind, name.canonical, name.bloc,
                    name.affiliation, name.actor_kind)  # fmt: skip
        if name.kind == "actor":
            if name.bloc == "non_state" or cls in ("force", "fighter", "mercenary", "police", None, "militant") or (
                np.head in ("men", "man", "members", "member", "contractors", "contractor")
            ):  # "five Wagner men", "four Wagner contractors" (a named force's contractors are its own)
                return Group(name.canonical, name.bloc or "unknown", name.affiliation)
        if name.kind == "country" and re.match(r"(?:'s|’s)\s+(?:own\s+)?(?:army|armed forces|military|forces|troops)",
                                               sentence[name.end :]):
            return Group(force_name(name.affiliation), force_bloc(name.affiliation), name.affiliation)
        if name.kind == "demonym":
            iso = name.affiliation
            if cls in ("civilian",):
                return Group(np.head, "civilian", None)
            if cls == "person" and np.head not in ("men", "man"):
                return Group(np.head, "civilian", None)
            if iso == "RUS" and cls in ("mercenary", "fighter", None, "person"):
                return Group("Wagner Group", "russia", "RUS")
            bloc = force_bloc(iso)
            if cls is None and bloc == "local_state":
                return Group(np.text, "civilian", None, True)
            return Group(force_name(iso), bloc, iso)
    if cls in ("fighter", "militant", "civilian") and _PRO_STATE.search(sentence, np.start, np.end + 60) and (
        _PRO_STATE.search(np.text) or _OF_A_MILITIA.match(sentence, np.end)
    ):  # "14 members of a state-backed civilian defense militia", "pro-government militiamen": the state's auxiliaries
        return Group("soldiers", force_bloc(country) if country else "local_state", country, True)
    if cls in ("force", "police"):
        return Group(np.head if cls == "police" else "soldiers", force_bloc(country) if country else "local_state",
                     country, True)  # fmt: skip
    if cls == "civilian":
        return Group(np.head, "civilian", None)
    if cls == "person":
        return Group("people", "civilian", None, True)
    if cls in ("militant", "fighter"):
        return Group("militants" if cls == "militant" else "fighters", "non_state", None, True)
    if cls == "mercenary":
        return Group(np.head, "unknown", None, True)
    return None


_APPOSITION = re.compile(
    r"^[^.;]{0,30}?,?\s*(?:most of them|many of them|mostly|the (?:vast )?majority of them|most of whom|"
    r"almost all of them|all of them|among them)\s+(?P<np>[\w .'’-]{3,40})",
    re.IGNORECASE,
)
_MOST_OF_DEAD = re.compile(
    r"(?<!how )\b(?:most|many|the majority|all) of the (?:dead|victims|those killed)\s+were\s+(?P<np>[\w .'’-]{3,40})",
    re.IGNORECASE,
)


@cache
def _nouns_longest_first() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(lexicon.nouns().items(), key=lambda kv: -len(kv[0])))


def refine_people(group: Group, sentence: str, mention_end: int, next_sentence: str, country: str | None) -> Group:
    """ "70 people, most of them trainee gendarmes": the apposition says who the people were."""
    if not (group.generic and group.bloc == "civilian"):
        return group
    m = _APPOSITION.match(sentence[mention_end:]) or _MOST_OF_DEAD.search(next_sentence)
    if not m:
        return group
    words = m.group("np")
    lowered = words.lower() if words.isascii() else None
    for noun, cls in _nouns_longest_first():
        if lowered is not None and noun.isascii() and noun.lower() not in lowered:
            continue  # cannot match: no pattern compiled for it (one for each of 130 nouns, in every process)
        if re.search(rf"\b{re.escape(noun)}\b", words, re.IGNORECASE):
            if cls in ("force", "police"):
                return Group(noun, force_bloc(country) if country else "local_state", country)
            if cls == "civilian":
                return Group("civilians", "civilian", None)
            break
    return group


# Perpetrator cues: a name after "by", "with" (a clash with), "claimed by", "blamed on"...
_PERP_BEFORE = re.compile(
    r"(?:\bby|\b(?:clash\w*|fight\w*|battl\w*|firefights?|gunfights?|skirmish\w*|exchanges? of fire|engagements?|"
    r"combat|war)\s+with|\bagainst|claimed by|attributed to|blamed on|blamed|at the hands of|loyal to|"
    r"fighters of|militants of|members of|insurgents of|(?:killed|died|dead|wounded|injured)\s+when)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_ATTACK_VERBS = re.compile(
    r"^(?:\s*\([^)]*\))?(?:\s*,[^,]{0,60},)?(?:\s+[\w'’\"“”-]+){0,5}?(?:\s*,[^,]{0,60},)?\s+(?:also\s+|had\s+|have\s+|has\s+)?(?:killed|kill|kills|killing|ambushed|attacked|stormed|struck|hit|shot|bombed|raided|overran|"
    r"fired|launched|seized|executed|massacred|targeted|opened fire|claimed|said it|says it|took|carried out|"
    r"set|neutralised|neutralized|repelled|shelled|inflicted|blew up|destroyed|burned|burnt|torched|looted|abducted|"
    r"kidnapped|invaded|besieged|overran|detonated|rocketed|mortared|gunned down|delivered|conducted|dropped|pounded)\b",
    re.IGNORECASE,
)
_SPEAKER_AFTER = re.compile(r"^\)?\s*(?:\([^)]*\)\s*)?(?:,\s*[^,]{0,60},\s*)?(?:has |had |have )?(?:said|says|say|claimed|"
                            r"claims|announced|reported|told|stated|confirmed|acknowledged|admitted|put|gave|insisted|"
                            r"spoke|speak)\b", re.IGNORECASE)  # fmt: skip
# "according to the Malian army", "said the ministry"; never the clause a verb of speech reports ("said that
# its missiles had hit")
_SPEAKER_BEFORE = re.compile(r"(?:according to|quoting|cited|citing)\s+(?:the\s+)?(?:[\w-]+\s+){0,5}$|"
                             r"(?:^|[,\"”’'])\s*(?:said|says|told)\s+(?:the\s+)?$", re.IGNORECASE)  # fmt: skip
# (", said the army": a speaker after its words; "Ukraine said Russian strikes killed...": the name
# after "said" begins what was said, and may be its doer.)


@dataclass(frozen=True)
class Role:
    group: Group | None
    strength: int  # 3 explicit cue, 2 subject of an attack verb, 1 mentioned
    start: int


_WEAPON_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:[\w-]+\s+){0,2}?(?:air\s*strikes?|airstrikes?|strikes?|missiles?|rockets?|drones?|shelling|"
    r"artillery|aircraft|jets|warplanes|bombs?|bombing|fire|offensive|raid)\b",
    re.IGNORECASE,
)


_WEAPON_WORD = re.compile(r"\b(?:missiles?|rockets?|drones?|strikes?|shells?|bombs?|Iskander)\b", re.IGNORECASE)


def is_weapon(sentence: str, name: Name) -> bool:
    """ "a Russian missile strike", "Israeli air strikes": a name that says whose weapon did it."""
    return bool(_WEAPON_WORD.search(name.text) or _WEAPON_AFTER.match(sentence[name.end :]))


# "JNIM claimed the attack", "the group said it killed": the speaker owns the deed.
_CLAIMS_DEED = re.compile(
    r"^\s*(?:(?:has|had|have|later|also|quickly)\s+)*(?:said|says|claimed|claims)\s+(?:it|its|they|their|"
    r"responsibility|(?:the|that|this|both|these|those)\s+(?:\w+\s+)?(?:attacks?|ambush|assault|raid|bombing|"
    r"strikes?|killings?))\b",
    re.IGNORECASE,
)


# The subject of a passive casualty verb suffered it: "Two Americans were among the seven killed", "a French
# officer was among the dead".
_SUFFERED_AFTER = re.compile(r"^(?:\s+[\w'’-]+){0,3}?(?:\s*,[^,]{0,60},)?\s+(?:were|was|are|is|have\s+been|has\s+been|had\s+been)\s+"
                             r"(?:(?:also|all|reportedly|later|both)\s+)*(?:among|killed|wounded|injured|shot|hurt|"
                             r"dead|hit|targeted|attacked|ambushed)\b", re.IGNORECASE)  # fmt: skip


def perpetrator_in(sentence: str, names: list[Name], victim: Group | None, mention: Mention,
                   victim_spans: tuple[tuple[int, int], ...] = ()) -> Role | None:  # fmt: skip
    """The best perpetrator candidate named in the sentence (never one inside a victim's noun phrase)."""
    best: Role | None = None
    lowered = ascii_lower(sentence)  # the searches before a name run faster on it (twins.py)
    for name in names:
        if any(a <= name.start < b for a, b in victim_spans):
            continue
        group = group_of_name(sentence, name)
        if group is None or (victim and (group.name == victim.name or group.same_side(victim))):
            continue
        if mention.np.start <= name.start < mention.np.end:
            continue
        before, after = sentence[: name.start], sentence[name.end :]
        low = lowered[: name.start] if lowered is not None else None
        if _SPEAKER_AFTER.match(after) and not _CLAIMS_DEED.match(after):
            strength = 0
        elif search(_SPEAKER_BEFORE, before, low):
            strength = 0
        elif search(_PERP_BEFORE, before, low) or _WEAPON_AFTER.match(after):
            strength = 3
        elif _ATTACK_VERBS.match(after) and not _SUFFERED_AFTER.match(after) or _joined_doer(sentence, name, names):
            strength = 2
        else:
            strength = 1
        if strength == 0 or (strength == 1 and group.bloc != "non_state"):
            continue  # a state force is the attacker only when the sentence says so
        role = Role(group, strength, name.start)
        if best is None or role.strength > best.strength:
            best = role
    return best


# "Malian soldiers and foreign fighters believed to be Russian executed...": two forces joined as one subject.
_JOINED_SUBJECT = re.compile(r"^(?:\s+[\w-]+){0,2}?\s+(?:soldiers|troops|forces|army)\s+and\s+(?!(?:[\w'’-]+\s+)*?"
                             r"(?:said|say|says|told|reported|claimed|accused|blamed|that|who|when|after|as|while)\s)"
                             r"(?:[\w'’-]+\s+){0,6}$", re.IGNORECASE)


def _joined_doer(sentence: str, name: Name, names: list[Name]) -> bool:
    """The first of two forces that share the subject of an attack verb is a doer as much as the second
    (and, named first, the one the sentence leads with)."""
    later = [n for n in names if n.start >= name.end]
    nxt = min(later, key=lambda n: n.start, default=None)
    between = sentence[name.end : nxt.start] if nxt else ""
    return bool(nxt and _JOINED_SUBJECT.match(between) and _ATTACK_VERBS.match(sentence[nxt.end :]))


def attacker_in(sentence: str, names: list[Name], explicit: bool = False) -> Group | None:
    """A group the sentence makes the doer of an attack: "fighters of X attacked", "an ambush by X"; with
    `explicit`, only "by X" and "X's missiles" count."""
    lowered = ascii_lower(sentence)  # the searches before a name run faster on it (twins.py)
    for name in names:
        group = group_of_name(sentence, name)
        if group is None:
            continue
        before, after = sentence[: name.start], sentence[name.end :]
        low = lowered[: name.start] if lowered is not None else None
        if _SPEAKER_AFTER.match(after) and not _CLAIMS_DEED.match(after) or search(_SPEAKER_BEFORE, before, low):
            continue
        if search(_PERP_BEFORE, before, low) or _WEAPON_AFTER.match(after) or is_weapon(sentence, name) or (
            not explicit and _ATTACK_VERBS.match(after) and not _SUFFERED_AFTER.match(after)
        ):
            return group
    return None


@lru_cache(maxsize=4096)  # each incident reads its paragraph's sentences: one sentence is asked many times
def generic_attackers(text: str) -> bool:
    return bool(search(_GENERIC_ATTACKERS, text, ascii_lower(text)))


_SPEAKER_GENERIC = re.compile(
    r"\b(?:the|its)\s+(?:army|military|armed forces|general staff|defen[cs]e ministry|ministry|government|junta|"
    r"interior ministry|authorities|transitional government|army's general staff)\b[^.]{0,40}?\b(?:said|says|"
    r"announced|claimed|reported|stated)\b",
    re.IGNORECASE,
)
_CLAIM_WORDS = re.compile(
    r"\b(?:said it|says it|claimed it|claims it|said its|says its|claimed its|claims its|claimed to have|"
    r"claims to have|said they had|said it had|says they|said they|saying it had|saying they had|saying its|"
    r"saying it killed|saying they killed|claiming to have|claiming it had|affirm\w* to have|affirm\w* (?:that )?it had|"
    r"assured that (?:it|they|the army) had|boasted of having|boasted that it had)\b",
    re.IGNORECASE,
)


# After "claimed": a claim of the attack itself rather than of a figure
_CLAIMED_DEED_ONLY = re.compile(r"\s*(?:[.,;]|$|responsibility\b|(?:the|that|this|both|these)\s+(?:\w+\s+)?(?:attacks?|"
                                r"ambush|bombing|assault|raid)\b(?!\s*,?\s*(?:saying|and said)))", re.IGNORECASE)  # fmt: skip


def speaker_in(sentence: str, names: list[Name], country: str | None) -> Group | None:
    """Who says the figure: "X said", "according to X"; a generic army or ministry is the local state."""
    lowered = ascii_lower(sentence)  # the searches below run faster on it (twins.py)
    for name in names:
        group = group_of_name(sentence, name)
        if group is None and name.kind in ("country", "demonym"):
            if re.match(r"^(?:'s|’s)?\s+(?:[\w-]+\s+){0,3}?(?:officials?|ministry|government|authorities|"
                        r"spokes\w+|command|military|army)\b", sentence[name.end :], re.I):  # fmt: skip
                group = state_actor(name.affiliation)
        if group is None:
            continue
        said = re.match(r"^\)?(?:'s|’s)?\s*(?:[\w-]+\s+){0,4}?(?:\([^)]*\)\s*)?(?:,\s*[^,]{0,60},\s*)?(?:has |had |have )?"
                        r"(?:said|says|say|claimed|claims|announced|reported|told|stated|confirmed|acknowledged|"
                        r"admitted|put|gave|insisted|spoke)\b", sentence[name.end :], re.I)  # fmt: skip
        if said and said.group(0).lower().endswith(("claimed", "claims")) and _CLAIMED_DEED_ONLY.match(
            sentence[name.end + said.end() :]
        ):
            continue  # "an ambush that the Islamic State also claimed": the attack, not the figure
        low = lowered[: name.start] if lowered is not None else None
        if said or search(_SPEAKER_BEFORE, sentence[: name.start], low):
            return group
    if search(_SPEAKER_GENERIC, sentence, lowered) and country:
        return state_actor(country)
    return None


def claims_own_action(sentence: str) -> bool:
    return bool(search(_CLAIM_WORDS, sentence, ascii_lower(sentence)))
