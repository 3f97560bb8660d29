"""Casualty mentions: a figure tied to a casualty cue (killed, wounded...) and to the group it counts.

`find_mentions(sentence, ...)` reads one sentence. A figure counts only when a cue binds it: a cue after
the figure's noun phrase ("seven soldiers were killed", "31 dead"), a cue before it ("killing seven",
"claimed the lives of 44", "the toll rose to 89"), or a figure joined to one that has a cue ("49 civilians
and 15 soldiers were killed"). Captured, missing and "killed or wounded" figures, sub-counts ("11 of
them children"), hypotheticals ("could kill hundreds") and numbers that are not people are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from ledger import lexicon
from ledger.extract.numbers import Quantity, find_quantities
from ledger.extract.twins import ascii_lower, finditer, search


@dataclass(frozen=True)
class NounPhrase:
    start: int
    end: int
    text: str
    head: str | None  # the head noun as in nouns.tsv, or None
    head_class: str | None  # force | police | civilian | militant | mercenary | person | fighter
    elided: bool = False  # no noun: "seven were killed", "killed seven of them"
    anaphoric: bool = False  # "of them", "others": the group named before
    # "40 soldiers, 12 of whom": where the people of the figure before, whose text and head this phrase takes, start
    antecedent: int | None = None


@dataclass(frozen=True)
class Mention:
    measure: str  # killed | wounded
    quantity: Quantity
    np: NounPhrase
    cue: str
    rule: str
    neutralised: bool = False  # "neutralised": the killer's own tally
    own_side: bool = False  # "the rebels admit to seven dead": the speaker's own losses
    initial: bool = False  # a first toll later revised ("first given as 28")
    revised: bool = False  # "rose to 89"
    start: int = 0
    end: int = 0
    # Where the list this figure belongs to starts in its sentence ("15 soldiers and five gendarmes were
    # killed", "two were killed and another died later"): figures of one list and victim group add up.
    part_of: int | None = None


_NOT_PEOPLE_AFTER = re.compile(
    r"^(?:-|\s)?(?:year-old|years?[- ]old|-year|%|percent|per cent|km|kilomet|miles?\b|metres?|meters?|hours?\b|"
    r"minutes?\b|days?\b|weeks?\b|months?\b|years?\b|times\b|billion|million|dollars|euros|roubles|rubles|"
    r"vehicles|aircraft|rockets|missiles|drones|shells|attacks|kilograms|tonnes|tons|interviews|cases|"
    r"sorties|flights|homes|houses|villages|bases|st\b|nd\b|rd\b|th\b|-member|-strong|-man)",
    re.IGNORECASE,
)
# One \b before the words rather than one per word: the same matches, but `re` no longer tries every word
# at every position of the text (it cost ~20 us a figure).
_NOT_PEOPLE_BEFORE = re.compile(
    r"(?:[$€£]|\b(?:RN|N|No\.|Tower|Base|K-|route|road|aged|age|number|Article|resolution|"
    r"MQ-|Su-|Mi-|F-|calibre|page|Regiment|Brigade|Division))\s*$",
    re.IGNORECASE,
)
_SUBSET_AFTER = re.compile(
    r"^\s*(?:of\s+(?:them|whom|those|the\s+(?:dead|injured|wounded|victims|killed|casualties|bodies))|"
    r"by name|were\s+(?:children|women|civilians))\b",
    re.IGNORECASE,
)
_AMONG_DEAD = re.compile(r"\s*,?\s*(?:was|were|is|are)\s+(?:also\s+)?among\s+the\s+(?:dead|killed|victims|fatalities)\b",
                         re.IGNORECASE)  # fmt: skip
_SUBSET_BEFORE = re.compile(r"\b(?:including|among them|among whom|of whom|most of them|the other|"
                            r"the remaining)\s*$", re.IGNORECASE)
_MODAL_BEFORE = re.compile(
    r"\b(?:could|would|might|will|can|may|threaten(?:s|ed)?\s+to|plans?\s+to|vowed\s+to|capable\s+of|able\s+to|"
    r"try\s+to|tried\s+to|to)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_AUX = (
    r"(?:(?:who|that|which)\s+)?(?:(?:were|was|are|is|have|has|had|been|being|be|also|all|later|reportedly|"
    r"allegedly|may|might|were\s+later|had\s+been|have\s+been|has\s+been|may\s+have\s+been|may\s+have|"
    r"might\s+have\s+been|are\s+believed\s+to\s+have\s+been|were\s+believed\s+to\s+have\s+been|"
    r"are\s+feared|were\s+feared|feared|confirmed|now|subsequently|either|initially|reported|remain|remained|"
    r"still|"
    r"\w+ly)\s+){0,4}"
)
_SINGULAR = re.compile(r"\b(?P<q>[Aa]n?|[Oo]ne)\s+(?=(?:[\w.'’-]+\s+){0,4}?(?P<noun>[a-z]+)\b)")
_NAMED = re.compile(
    r"\b(?:Lieutenant(?:\s+Colonel)?|Lt\.(?:\s+Col\.)?|Sergeant|Sgt\.|Staff\s+Sgt\.|Corporal|Cpl\.|Private|Pvt\.|"
    r"Captain|Capt\.|Major|Brigadier|Colonel|Col\.|General|Gen\.|Commander|Adjutant|Warrant\s+Officer)"
    r"\s+(?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+"
)
# The ranks _NAMED starts with, without its \b: a literal search, fast, that rules most sentences out.
_RANK = re.compile(r"Lieutenant|Lt\.|Sergeant|Sgt\.|Staff|Corporal|Cpl\.|Private|Pvt\.|Captain|Capt\.|Major|Brigadier|"
                   r"Colonel|Col\.|General|Gen\.|Commander|Adjutant|Warrant")  # fmt: skip


@cache
def _cue_patterns() -> dict[str, list[tuple[re.Pattern, str, str]]]:
    """Cue phrases compiled per position, longest first so "killed or wounded" beats "killed", each with
    the lower-case text a lower-cased ASCII window must hold for the pattern to match there at all (""
    for a non-ASCII phrase: always tried). IGNORECASE searches are slow; `in` rules most cues out."""
    by_position: dict[str, list[tuple[str, str]]] = {"after": [], "before": []}
    for phrase, measure, position in lexicon.cues():
        by_position[position].append((phrase, measure))
    compiled = {}
    for position, items in by_position.items():
        items.sort(key=lambda pm: len(pm[0]), reverse=True)
        compiled[position] = [(re.compile(rf"\b{re.escape(p)}\b", re.IGNORECASE), m, p.lower() if p.isascii() else "")
                              for p, m in items]  # fmt: skip
    return compiled


@cache
def _any_cue_after() -> tuple[re.Pattern, list[str]]:
    """All the cues read after a figure as one alternation, in the same order, and the measure of each
    group: its match at a point is the first cue of the list that matches there, as trying them in
    turn gives, in one call."""
    cues = _cue_patterns()["after"]
    alternation = "|".join(f"({pattern.pattern})" for pattern, _, _ in cues)
    return re.compile(alternation, re.IGNORECASE), [measure for _, measure, _ in cues]


@cache
def _demonyms() -> frozenset[str]:
    """Singular demonyms that name a person on their own: "an American", "a Malian"."""
    return frozenset(d for c in lexicon.countries() for d in c.demonyms if not d.endswith("s"))


@cache
def _noun_pattern() -> re.Pattern:
    nouns = sorted(lexicon.nouns(), key=len, reverse=True)
    return re.compile(rf"[\"“]?\b(?P<noun>{'|'.join(re.escape(n) for n in nouns)})\b[\"”]?", re.IGNORECASE)


# Words that end a noun phrase: a verb, preposition or conjunction means the phrase is over.
_NP_STOP = {
    "were", "was", "are", "is", "had", "have", "has", "been", "be", "in", "on", "at", "when", "and", "or", "by",
    "to", "after", "with", "while", "who", "that", "which", "as", "during", "near", "killed", "dead", "died",
    "wounded", "injured", "said", "says", "the", "a", "an", "into", "for", "but", "than", "if", "their",
    "its", "his", "her", "they", "it", "he", "she", "we", "not", "no", "including", "between", "among",
}  # fmt: skip


_OF_THEM = re.compile(r"\s*(?:of\s+)?(?:them|those|whom)\b", re.IGNORECASE)
_OTHERS = re.compile(r"\s*(?:of\s+)?(?:the\s+)?(?:other|others|more|further|additional)\b(?:\s+others)?", re.IGNORECASE)
# "15 of its soldiers", "dozens of the attackers", "dozens of Russians"
_OF_THE = re.compile(r"\s*(?:of\s+)?(?:the|(?<=of )(?:its|their|our))\s+(?=\w)|\s*of\s+(?=[A-Z])", re.IGNORECASE)
_NP_WORD = re.compile(r"\s*([\w.'’\"-]+)")
_FIGURE = re.compile(r"\d[\d,.]*")
_OF_UNIT = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?(?:former\s+|private\s+(?:military\s+)?company\s+)?"
                      r"(?P<x>(?:\d+(?:st|nd|rd|th)\s+)?[A-Z][\w'’.-]*(?:\s+(?:(?:for|of|and)\s+(?:the\s+)?)?[A-Z][\w'’.-]*){0,6})(?:\s+(?:force|forces|group|army|unit|battalion|"
                      r"regiment|contingent|mission|company|brigade|detachment))?")  # fmt: skip


@lru_cache(maxsize=64)  # find_mentions may ask twice about one figure; the phrase is frozen
def _noun_phrase(sentence: str, start: int) -> NounPhrase:
    """The noun phrase that a figure ending at `start` counts: "Malian soldiers", "of them", nothing."""
    rest = sentence[start:]
    m = _OF_THEM.match(rest)
    if m:
        return NounPhrase(start, start + m.end(), rest[: m.end()].strip(), None, None, True, True)
    m = _OTHERS.match(rest)
    others = bool(m)
    offset = m.end() if m else 0
    if not m and (lead := _OF_THE.match(rest)):
        offset = lead.end()  # "dozens of the attackers"
    words, pos = 0, offset
    noun_re = _noun_pattern()
    best: tuple[int, str] | None = None  # (end, head) of the last noun of the phrase
    while words <= 7:
        lead = pos + len(rest[pos:]) - len(rest[pos:].lstrip())
        nm = noun_re.match(rest, lead)
        if nm:
            best = (nm.end(), nm.group("noun").lower())
            pos, words = nm.end(), words + 1
            continue
        wm = _NP_WORD.match(rest[pos:])
        if not wm:
            break
        word = wm.group(1).strip('"')
        if word.lower().rstrip(".") in _NP_STOP or _FIGURE.fullmatch(word) or not word.strip("-"):
            break  # a verb, a preposition, another figure, a dash ("killed 12 - eight soldiers and four civilians")
        if best and not word[:1].isupper():
            break  # "civilians assisting soldiers": the phrase ended with its noun
        pos += wm.end()
        words += 1
    if best:
        end, head = best
        pp = _OF_UNIT.match(rest[end:])
        if pp:
            end += pp.end()
        text = rest[:end].strip()
        return NounPhrase(start, start + end, text, head, lexicon.nouns()[head], False, others and head == "others")
    tail = rest[offset:pos].strip()
    if tail and (tail[:1].isupper() or tail.lower().startswith("u.s")):
        return NounPhrase(start, start + pos, tail, None, None, False, others)
    return NounPhrase(start, start + offset, rest[:offset].strip(), "others" if others else None, "person" if others else None, True, others)  # fmt: skip


_NUMBER_OF_AFTER = re.compile(
    r"\s*the\s+(?:number|toll)\s+of\s+(?P<np>[\w .'’-]{0,50}?)\s*(?:who\s+(?:have|had)\s+)?(?:died|killed|dead)\b",
    re.IGNORECASE,
)


_AUX_AFTER_ASIDE = re.compile(rf"\s*(?:,\s*(?:[^,]{{0,60}}),\s*|\([^()]{{1,40}}\)\s*)?{_AUX}[\"“]?", re.IGNORECASE)
_AUX_AFTER = re.compile(rf"\s*{_AUX}[\"“]?", re.IGNORECASE)
_AUX_ONLY = re.compile(rf"\s*{_AUX}", re.IGNORECASE)
_PARTICIPLE_AFTER = re.compile(r"\s+(?:[a-z]+(?:ing|ed)|aboard|on board|inside)\b(?:[^.;,\d]|(?<=[A-Za-z]-)\d+){0,60}?"
                               r"(?=\s+(?:were|was|had|have|has|also|later|all|died|perished)\b)")  # fmt: skip
_JOINED_PARTICIPLE = re.compile(r"[a-z]+ed\s+and\s+")


def _cue_after(sentence: str, pos: int) -> tuple[str, str, int] | None:
    """A cue right after the noun phrase: "were killed", "had died", "dead", "were among the dead"."""
    rest = sentence[pos:]
    m = _NUMBER_OF_AFTER.match(rest)
    if m:
        return "killed", m.group(0), pos + m.end()
    lead = _AUX_AFTER_ASIDE.match(rest)
    candidates = [lead.end()] if lead else []
    plain = _AUX_AFTER.match(rest)
    if plain and plain.end() not in candidates:
        candidates.append(plain.end())
    # "three journalists investigating the group in the country were shot dead", "15 servicemen aboard the
    # aircraft were killed"
    participle = _PARTICIPLE_AFTER.match(rest)
    if participle:
        aux = _AUX_ONLY.match(rest[participle.end() :])
        candidates.append(participle.end() + (aux.end() if aux else 0))
    # "were ambushed and shot dead"
    for at in list(candidates):
        joined = _JOINED_PARTICIPLE.match(rest[at:])
        if joined:
            candidates.append(at + joined.end())
    cues, measures = _any_cue_after()
    for at in candidates:
        m = cues.match(rest, at)
        if m:
            return measures[m.lastindex - 1], m.group(0), pos + m.end()
    return None


_TOLL_BEFORE = re.compile(
    r"(?:\btoll\b|\bnumber of (?:the )?(?P<np>[\w .'’-]{0,40}?)\s*(?:dead|killed|deaths|who (?:have |had )?died)\b|"
    r"\bestimates? of (?:the )?(?P<np2>[\w .'’-]{0,30}?)\s*dead\b|\bown losses\b)"
    r"[^.;]{0,140}?\b(?:at|to|from|of|run|ran|range|ranged|ranging|vary|varied|was|is|stands at|stood at)\s*$",
    re.IGNORECASE,
)
_INHERIT_BEFORE = re.compile(
    r"\b(?:spoke of|speak of|put (?:it|the figure|the number) at|gave a figure of|estimated it at|counted|"
    r"others said|another said)\s*$",
    re.IGNORECASE,
)


_LIVES_BEFORE = re.compile(r"\b(?:claimed|claiming|claims|cost|costing|costs|took|taking|takes)\s+(?:the\s+)?"
                           r"(?:(?:at least|more than|some|about|over|nearly|almost)\s+)?$", re.IGNORECASE)  # fmt: skip
_BODIES_BEFORE = re.compile(r"\b(?:counted|recovered|retrieved|found|buried|pulled out|collected|exhumed|identified)\s+"
                            r"(?:(?:at least|more than|some|about|the)\s+)?$", re.IGNORECASE)  # fmt: skip


# What may stand between a cue and its figure: "killing a further 12", "claimed the lives of 44", "killing
# its four crew", "killing the two pilots", "killing the helicopter's two crew members".
_CUE_GAP = re.compile(r"\s*(?:(?:a further|another|an additional|a total of|the lives of|up|off|"
                      r"some|at least|to|all|its|their|his|her|our|the|(?:the\s+)?[\w-]+(?:'s|’s))\s+)*",
                      re.IGNORECASE)  # fmt: skip


def _cue_before(sentence: str, pos: int) -> tuple[str, str, str | None] | None:
    """A cue before the figure: "killing", "claimed the lives of", "the toll rose to"."""
    before = sentence[:pos]
    m = search(_TOLL_BEFORE, before, ascii_lower(before))  # faster on ASCII text (twins.py)
    if m:
        return "killed", m.group(0), (m.group("np") or m.group("np2") or "").strip() or None
    window = before[-60:]
    lowered = window.lower() if window.isascii() else ""
    for pattern, measure, needs in _cue_patterns()["before"]:
        if lowered and needs not in lowered:
            continue
        for cm in pattern.finditer(window):
            gap = window[cm.end() :]
            if _CUE_GAP.fullmatch(gap):
                return measure, cm.group(0), None
    return None


def _number_is_people(sentence: str, q: Quantity) -> bool:
    after, before = sentence[q.end :], sentence[: q.start]
    if _NOT_PEOPLE_AFTER.match(after) or search(_NOT_PEOPLE_BEFORE, before, ascii_lower(before)):
        return False
    if re.match(r"^(?:st|nd|rd|th)\b", after) or re.search(r"[\w-]$", before) and not before.endswith(" "):
        return False
    return True


_TOKEN = re.compile(r"[\w.'’-]+")
# "an American", "a Malian" (then a comma, "and", "was"...): one person named by a demonym.
_ONE_DEMONYM = re.compile(r"\b(?P<q>[Aa]n?|[Oo]ne)\s+(?P<d>[A-Z][a-z]+)\b(?=\s*(?:[,.;]|and\b|or\b|was\b|were\b|died\b|"
                          r"had\b|who\b|is\b))")  # fmt: skip
_WORD = re.compile(r"\w+")


def _singular_noun(sentence: str, at: int) -> str | None:
    """The head noun after "a"/"one", past up to four modifiers: "a U.S. special operations soldier"."""
    nouns = lexicon.nouns()
    words = _TOKEN.findall(sentence[at : at + 80])[:6]
    for i, word in enumerate(words[:5]):
        w = word.lower().rstrip(".")
        if i + 1 < len(words) and f"{w} {words[i + 1].lower()}" in nouns:
            return f"{w} {words[i + 1].lower()}"  # "a British service member"
        if w in nouns:
            return w
        if w in _NP_STOP:
            return None
    return None


# "One soldier was killed and another wounded", "killed one and wounded a second": one more of the group
# just counted (a bare "another" only after a figure of its sentence or the one before; "another soldier"
# anywhere). Not "another 12", "another time", "a second day".
_ANOTHER = re.compile(r"\b(?:[Aa]nother|[Aa] (?:second|third|fourth|fifth|sixth))\b(?![\s-]+(?:\d|of\b|(?:one|two|three|four|five|six|seven|"
                      r"eight|nine|ten|eleven|twelve|dozen|few|several|half|hundred|time|day|night|week|month|"
                      r"year|round|attack|wave)s?\b))")  # fmt: skip
_ORDINAL = re.compile(r"(?:second|third|fourth|fifth|sixth)\b")
_ANOTHER_WORDS = ("another", "a second", "a third", "a fourth", "a fifth", "a sixth")
# "killing both pilots": two; not "Two Americans, both aid workers,", who were counted.
_BOTH = re.compile(r"(?<![,;]\s)\b[Bb]oth\b(?=\s+(?P<of>of\s+(?:them|the)\b)?)")
ADDS_TO_SENTENCE_BEFORE = -1  # the part_of of "another" that adds one to a figure of the sentence before
# What may follow "another" that stands for a person: a verb ("was wounded"), an adverb, a relative.
_ANOTHER_NEXT = re.compile(r"\s*(?:[):]|(?:was|were|is|had|has|also|later|who|died|\w+ly)\b)", re.IGNORECASE)


def _singulars(sentence: str) -> list[Quantity]:
    """ "a soldier", "one civilian", a named officer: figures of one."""
    found = []
    nouns = lexicon.nouns()
    for m in _SINGULAR.finditer(sentence):
        if _ORDINAL.match(sentence, m.end()):
            continue  # "a second soldier": one more, read by _ANOTHER below
        noun = _singular_noun(sentence, m.end())
        if noun is None:
            continue
        if nouns.get(noun) and not noun.endswith("s") or noun in ("police", "personnel"):
            if noun in ("police", "personnel", "army"):
                continue
            found.append(Quantity(m.start("q"), m.end("q"), 1, 1, 1, m.group("q"), None, number_start=m.start("q")))
    # The demonym is a whole word of the sentence: no need to look for one when no word is one.
    if not _demonyms().isdisjoint(_WORD.findall(sentence)):
        for m in _ONE_DEMONYM.finditer(sentence):
            if m.group("d") in _demonyms():  # "killed an American and a British soldier"
                found.append(Quantity(m.start("q"), m.end("q"), 1, 1, 1, m.group("q"), None, number_start=m.start("q")))
    if "oth" in sentence:
        for m in _BOTH.finditer(sentence):
            if m.group("of") or _singular_noun(sentence, m.end()) in nouns:  # "both pilots", not "both sides"
                found.append(Quantity(m.start(), m.end(), 2, 2, 2, m.group(0), None, number_start=m.start()))
    if "nother" in sentence or "a " in sentence or "A " in sentence:
        for m in _ANOTHER.finditer(sentence):
            if not any(x.start <= m.start() < x.end + 1 for x in found):  # "a second soldier": one already
                found.append(Quantity(m.start(), m.end(), 1, 1, 1, m.group(0), None, number_start=m.start()))
    if _RANK.search(sentence):
        for m in _NAMED.finditer(sentence):
            found.append(Quantity(m.start(), m.start(), 1, 1, 1, m.group(0), None, number_start=m.start()))
    return found


# A toll given together with the one it replaces: "raising an earlier toll of 58", "up from 12".
_UPDATES_BEFORE = re.compile(r"\b(?:raising|raised|revising|revised|updating|updated|up from|down from|lowering)\s+"
                             r"(?:(?:an?|the|its|their)\s+)?(?:(?:earlier|previous|initial|first|provisional)\s+)?"
                             r"(?:(?:death\s+)?(?:toll|figure|count|tally|number)\s+)?(?:of\s+)?$", re.IGNORECASE)
_UPDATES_AFTER = re.compile(_UPDATES_BEFORE.pattern.removesuffix("$") + r"(?:about\s+|some\s+)?\d", re.IGNORECASE)
# A "losses" figure that the sentence itself says counts the killed and the wounded together.
_COMBINED_NOTE = re.compile(r"\b(?:includ\w*|cover\w*|count\w*|combin\w*)\s+(?:both\s+)?(?:the\s+)?(?:killed|dead)\s+"
                            r"and\s+(?:the\s+)?(?:wounded|injured)\b|\b(?:killed|dead)\s+and\s+(?:wounded|injured)\s+"
                            r"(?:together|combined)\b", re.IGNORECASE)
# A figure whose noun phrase is the subject of a verb of saying counts sources, not victims.
_SOURCE_AFTER = re.compile(r"\s*(?:and\s+(?:an?|one|two|three|four|five|\d+)\s+(?:[\w-]+\s+)?[\w-]+\s+)?(?:have\s+|had\s+)?"
                           r"(?:said|say|says|told|reported|confirmed|added|recounted)\b", re.IGNORECASE)
# A figure of people the lexicon does not know, who speak: "two security sources said".
_SPEAKERS = re.compile(r"(?:\s+[a-z][\w-]*){1,3}?\s+(?:have\s+|had\s+)?(?:said|say|says|told|reported|confirmed|added)\b")
# Double quotes around a figure or a cue ("neutralised", "over 50 bandits") mark a quoted claim, not a
# different phrase; they are read as spaces so that the cue still reaches the figure.
_SCARE_QUOTES = re.compile(r'["“”]')


# Besides the cue lexicon, the words without which no pattern that binds a first figure can match:
# _TOLL_BEFORE ("own losses"; its other branches need "toll" or a cue word: "dead", "died", "killed")
# and _BODIES_BEFORE, whose figure must count "bodies", "corpses" or "dead", and _LIVES_BEFORE ("claimed 12
# lives"). _NUMBER_OF_AFTER needs
# "died", "killed" or "dead", cues already. Keep this in step with those patterns.
_BINDING_WORDS = ("own losses", "bodies", "corpses", "lives")
# Measures a mention is never made of: their figures are dropped.
_NOT_COUNTED = ("captured", "missing", "combined")


@cache
def _cue_words() -> tuple[str, ...]:
    """Lower-case words one of which every sentence with a casualty mention holds, or () when a cue
    is not ASCII (then no sentence is ruled out)."""
    phrases = {p.lower() for p, measure, _ in lexicon.cues() if measure not in _NOT_COUNTED} | set(_BINDING_WORDS)
    if not all(p.isascii() for p in phrases):
        return ()
    # A phrase holding another ("killed", "death toll") adds nothing to `any(word in text)`: left out.
    return tuple(sorted(p for p in phrases if not any(o != p and o in p for o in phrases)))


def may_hold_a_mention(sentence: str) -> bool:
    """False only when `sentence` cannot give a casualty mention: it is ASCII (there lower() and the
    patterns' IGNORECASE agree exactly) and holds no word of a cue that counts. A first figure is bound
    only by a cue (the lexicon's, a toll, counted bodies), later ones lean on a figure bound before, and
    a captured, missing or combined figure is dropped: without such a word, no mention."""
    words = _cue_words()
    if not words or not sentence.isascii():
        return True
    lowered = sentence.lower()
    return any(word in lowered for word in words)


def find_mentions(sentence: str, masked: list[tuple[int, int]], earlier_figure: bool = False) -> list[Mention]:
    """Casualty mentions of one sentence; `masked` spans (dates) hold no figures; `earlier_figure`: the
    sentence before gave a figure, so "four of them" here is a sub-count of it."""
    sentence = _SCARE_QUOTES.sub(" ", sentence)  # 'killed "dozens" of', '"neutralised" 30': same offsets
    if not may_hold_a_mention(sentence):
        return []
    quantities = [
        q for q in find_quantities(sentence)
        if not any(s <= q.number_start < e for s, e in masked) and _number_is_people(sentence, q)
    ]  # fmt: skip
    quantities += [q for q in _singulars(sentence) if not any(q.start < x.end and x.start < q.end + 1 for x in quantities)]
    quantities.sort(key=lambda q: q.start)
    mentions: list[Mention] = []
    pending: list[tuple[Quantity, NounPhrase]] = []  # figures waiting for a cue further on ("49 civilians and")
    previous: Mention | None = None
    unbound: tuple[Quantity, NounPhrase] | None = None  # the last figure that no cue counted: a strength
    totals: list[Mention] = []  # figures that the ones after a colon break down
    for q in quantities:
        whose = None if mentions else _whose(sentence, q, unbound)
        if whose:
            pending.clear()  # "The convoy carried 40 soldiers, 12 of whom were killed": the 40 were not
        elif _SUBSET_BEFORE.search(sentence[: q.start]) or (
            _SUBSET_AFTER.match(sentence[q.end :]) and (mentions or pending or earlier_figure)
        ) or re.match(r"\s*of\s+the\s+(?:dead|victims|killed|wounded|injured)\b", sentence[q.end :], re.IGNORECASE):
            continue
        if re.search(r"\b(?:no|none of the|not a single)\s*$", sentence[: q.start], re.IGNORECASE):
            continue
        if re.match(r"\s+in\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b", sentence[q.end :]):
            continue  # "one in six of the village's residents": a ratio
        if (mentions or earlier_figure) and _AMONG_DEAD.match(sentence[_noun_phrase(sentence, q.end).end :]):
            continue  # "A 6-year-old boy was among the dead": one of those already counted
        if _among_figure(sentence, q, quantities):
            pending.clear()  # "Three soldiers and an officer were among the 20 killed": some of a figure that
            continue         # follows, they and those listed with them
        if q.value == 1 and previous and previous.np.head in ("people", "persons", "civilians", "victims") and \
                re.fullmatch(r"\s*,\s*", sentence[previous.end : q.start]):
            continue  # "killed two people, a boy and his grandmother": who the two were
        if re.match(r"\s*,", sentence[q.end :]) and re.search(r"[A-Z][a-z]+,\s*$", sentence[: q.start]):
            continue  # "Brigadier Alexandre Martin, 24,": an age
        another = q.text.lower() in _ANOTHER_WORDS
        if q.text == q.text[:0] or (q.start == q.end):  # a named person: the name is the phrase
            np = NounPhrase(q.start, q.start + len(q.text), q.text, "officer", "force")
        else:
            np = _noun_phrase(sentence, q.end)
        if whose:
            np = replace(whose, start=np.start, end=np.end, antecedent=whose.start)
        if another and np.elided and (not mentions and not earlier_figure or not (
            _ANOTHER_NEXT.match(sentence, q.end) or _ELLIPTIC_AFTER.match(sentence, q.end) or _cue_after(sentence, q.end)
        )):  # fmt: skip
            continue  # "another" alone adds one to a figure told before it, or to nothing; "..., another sign of
            # the group's reach" is not a person
        if np.head is None and not np.elided and np.text and not np.text[:1].isupper():
            continue
        if not np.elided and _SOURCE_AFTER.match(sentence[np.end :]) or np.elided and _SPEAKERS.match(sentence, q.end):
            continue  # "killing 17 soldiers, two military officers said": who speaks, not who died
        found = _bind(sentence, q, np, previous)
        if found and found[2] == "breakdown":
            totals.append(previous)  # "killed 22 people in all: 19 civilians and three armed men"
        if found is None and np.head and not np.elided:
            unbound = q, np
        if found is None:
            # joined to the next figure by "and" / "," : wait for its cue
            if not np.elided and re.match(r"\s*(?:,|and|as well as|plus)\s", sentence[np.end :]):
                pending.append((q, np))
            continue
        measure, cue, rule, np = found
        if q.vague and rule == "cue-before" and _BLAMED_FOR.search(sentence, 0, q.start):
            continue  # "the group, which it holds responsible for the deaths of dozens of civilians": no event
        if rule == "cue-before" and cue.lower() in ("lost", "losing", "loss of") and np.elided and not np.anaphoric:
            continue  # "lost 12 men", "lost 58 of them"; not "was losing 2 to 1", "the loss of 12 helicopters"
        if cue.lower().startswith("los") and _COMBINED_NOTE.search(sentence):
            measure = "combined"  # "the army lost up to 1,315 servicemen; that figure includes killed and wounded"
        if measure in _NOT_COUNTED:
            pending.clear()
            previous = None
            continue
        mention = _mention(sentence, q, np, measure, cue, rule)
        if mention is None:
            continue
        if rule == "cue-before":  # figures waiting for a cue came before this one's: "involved some 200
            pending.clear()       # fighters, killed 14 gendarmes" (attackers' strength), not a list
        mentions.append(_with_its_list(sentence, mention, mentions, pending, previous, another))
        pending.clear()
        previous = mentions[-1]
    return [m for m in mentions if not any(m is t for t in totals)] if totals else mentions


def _with_its_list(sentence: str, mention: Mention, mentions: list[Mention], pending: list[tuple[Quantity, NounPhrase]],
                   previous: Mention | None, another: bool) -> Mention:  # fmt: skip
    """Append to `mentions` the figures that were waiting for this one's cue, and return the mention with
    the list it belongs to (part_of), marking the list's first figure too when it is already in `mentions`."""
    q, np = mention.quantity, mention.np
    measure = "neutralised" if mention.neutralised else mention.measure  # as the cue said it
    pending[:] = [(pq, pnp) for pq, pnp in pending if q.start - pnp.end <= 40]  # "A military officer, joined
    # by telephone from X, declared that...": no list
    listed = _additive_list(sentence, pending + [(q, np)])
    for pq, pnp in pending:
        joined = _mention(sentence, pq, pnp, measure, mention.cue, "coordinated")
        if joined:
            mentions.append(replace(joined, part_of=pending[0][0].start) if listed else joined)
    if listed and pending:
        return replace(mention, part_of=pending[0][0].start)
    if mentions and _adds_to(sentence, mentions[-1], previous, q, np, measure, mention.rule, another):
        head = mentions[-1]  # "two were killed and another died later", "killing 12 soldiers and 3 gendarmes"
        if head.part_of is None:
            head = mentions[-1] = replace(head, part_of=head.start)
        return replace(mention, part_of=head.part_of)
    if another and not mentions:  # "Two soldiers were killed. Another died in hospital."
        return replace(mention, part_of=ADDS_TO_SENTENCE_BEFORE)
    return mention


_BLAMED_FOR = re.compile(r"\b(?:responsible|blamed|accused|guilty)\s+(?:\w+\s+){0,2}?(?:for|of)\s+(?:the\s+)?"
                         r"(?:deaths?|killings?|killing|murders?|massacres?)\s+of\s+$", re.IGNORECASE)  # fmt: skip
_AMONG_AHEAD = re.compile(r"\s*(?:,[^,]{0,60},\s*)?(?:was|were|are|is)\s+(?:also\s+|reportedly\s+)?among\s+(?:the\s+)?",
                          re.IGNORECASE)  # fmt: skip


def _among_figure(sentence: str, q: Quantity, quantities: list[Quantity]) -> bool:
    """Whether the figure's people were "among" a figure right after: a sub-count of it."""
    m = _AMONG_AHEAD.match(sentence, _noun_phrase(sentence, q.end).end)
    return bool(m) and any(x.start == m.end() for x in quantities)


_OF_WHOM = re.compile(r"\s*of\s+(?:whom|them)\b", re.IGNORECASE)
# Between a strength figure's people and the "N of whom" that counts some of them: "40 soldiers, 12 of whom",
# "5,100 troops in the Sahel, 58 of whom".
_TO_WHOM = re.compile(r"(?:\s+(?:in|on|at|from|across|based in|deployed in|stationed in|to)\s+[^,;.:]{1,40}?)?\s*,\s*"
                      r"(?P<of>of\s+(?:whom|them)\s+)?")  # fmt: skip


_OF_THE_BEFORE = re.compile(r"\bof\s+(?:the|its|their|his|her|our|some|about|an estimated|nearly|roughly)?\s*$",
                            re.IGNORECASE)  # fmt: skip
_OF_THE_GAP = re.compile(r"[^,;.:]{0,60},\s*")


def _adds_to(sentence: str, last: Mention, previous: Mention | None, q: Quantity, np: NounPhrase, measure: str,
             rule: str, another: bool) -> bool:  # fmt: skip
    """Whether a figure adds its people to those of the mention `last` before it in the sentence: "another"
    after it, "12 more" with its verb elided, "and 3 gendarmes" joined to its cue ("killing 12 soldiers and 3
    gendarmes", "left 15 soldiers and five VDP dead")."""
    if another and measure == last.measure or rule == "elliptic":
        return True
    if last is not previous or measure != last.measure or rule not in ("coordinated", "cue-after"):
        return False
    return _additive_list(sentence, [(last.quantity, last.np), (q, np)], cue_between=rule == "coordinated")


def _whose(sentence: str, q: Quantity, unbound: tuple[Quantity, NounPhrase] | None) -> NounPhrase | None:
    """The people of a figure no cue counted that a figure right after refers back to: "40 soldiers, 12 of
    whom were killed", "Of the 5,100 troops France deployed, 58 have died"."""
    if unbound is None:
        return None
    uq, np = unbound
    gap = _TO_WHOM.fullmatch(sentence, np.end, q.start)
    if gap and (gap.group("of") or _OF_WHOM.match(sentence, q.end)):  # "N of whom", ", of whom N"
        return np
    if _OF_THE_BEFORE.search(sentence, 0, uq.start) and _OF_THE_GAP.fullmatch(sentence, np.end, q.start) and \
            _noun_phrase(sentence, q.end).elided:  # fmt: skip
        return np
    return None


# Heads of a total that a list after it may break down: "20 people, 12 soldiers and 8 civilians".
_TOTAL_HEADS = ("people", "persons", "victims", "casualties", "dead", "bodies", "others")
_LIST_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|as well as\s+|plus\s+|along with\s+|together with\s+)",
                          re.IGNORECASE)  # fmt: skip


def _additive_list(sentence: str, items: list[tuple[Quantity, NounPhrase]], cue_between: bool = False) -> bool:
    """Whether figures joined as one list count distinct people, to be added up when they count one victim
    group: each names its own people (no bare "people" total that the rest break down; "and five others"
    may end it) and only "and" or a comma stands between one and the next (`cue_between`: or the first one's cue, as in "Two soldiers
    were killed and three gendarmes")."""
    if len(items) < 2 or any(np.elided or np.head in _TOTAL_HEADS for _, np in items[:1]):
        return False
    if any((np.elided or np.head in _TOTAL_HEADS) and np.head != "others" for _, np in items[1:]):
        return False  # "and five others": more people; "and 30 dead": not a list of groups
    joints = [sentence[a.end : b.start] for (_, a), (b, _) in zip(items, items[1:])]
    if not all(_LIST_JOINER.fullmatch(j) or cue_between and re.search(r"\band\s+$", j) for j in joints):
        return False
    return not _COMMA_ONLY.fullmatch(joints[-1])  # "Lieutenant X, a pilot,": an apposition, not a list


_COMMA_ONLY = re.compile(r"\s*,\s*")


# A figure of "more", "others" or "another" whose verb is the one before, left out: "Eight were killed on
# Monday and 12 more on Tuesday", "one in Gao, another in Kidal". Only "and" or a comma between them, and
# after it no verb of its own ("and 12 more fled").
_ELLIPTIC_BEFORE = re.compile(r"[^;:()]*(?:\band|,)\s+")
_BREAKDOWN = re.compile(r"\s*(?:in all|in total|altogether)?\s*(?::|[—–]|\s-)\s*", re.IGNORECASE)
_AS_WERE = re.compile(r"\bas\s+(?:were|was|had\s+been|have\s+been)\s+(?:also\s+)?$", re.IGNORECASE)
_ELLIPTIC_AFTER = re.compile(r"\s*(?:$|[,.;]|(?:on|in|near|at|during|last|this|from|when|after|before|outside|"
                             r"inside|around|across|overnight|the)\b)", re.IGNORECASE)  # fmt: skip


def _bind(sentence: str, q: Quantity, np: NounPhrase, previous: Mention | None):
    """(measure, cue text, rule, noun phrase) for the figure, or None when no cue binds it."""
    before = _cue_before(sentence, q.start)
    after = _cue_after(sentence, np.end)
    if after is None and np.elided and not np.anaphoric:
        after = _cue_after(sentence, q.end)
    if after and before and before[0] in ("killed", "neutralised") and after[0] == "wounded":
        after = None  # "killing 12 and wounding..." is not this figure's cue
    if after:
        return after[0], after[1], "cue-after", np
    if before:
        measure, cue, toll_np = before
        if toll_np and np.elided:
            np = NounPhrase(q.start, q.start, toll_np, None, _class_of(toll_np), False)
        return measure, cue, "cue-before", np
    if np.head == "lives" and _LIVES_BEFORE.search(sentence, 0, q.start):  # "the blast claimed 12 lives"
        return "killed", _LIVES_BEFORE.search(sentence, 0, q.start).group(0).strip(), "cue-before", np
    found = _BODIES_BEFORE.search(sentence[: q.start])
    if found and np.head in ("bodies", "corpses", "dead"):  # "officials had counted 43 bodies"
        return "killed", found.group(0).strip(), "cue-before", np
    if previous and _INHERIT_BEFORE.search(sentence[: q.start]):
        return previous.measure, previous.cue, "inherited", np if not np.elided else previous.np
    # "killed 44 civilians and wounded 13": handled by cue-before; "X together with 20 soldiers"
    if previous and coordinated(sentence[previous.end : q.start], previous.cue):
        return previous.measure, previous.cue, "coordinated", np
    tail = _NP_TAIL.match(sentence, previous.end) if previous else None
    if tail and previous.rule in ("coordinated", "cue-before") and _JOINED.fullmatch(sentence, tail.end(), q.start) \
            and (_ELLIPTIC_AFTER.match(sentence, np.end) or _PARTICIPLE_NEXT.match(sentence, np.end)):  # fmt: skip
        return previous.measure, previous.cue, "coordinated", np  # "a civilian employee of the Defense
        # Department and a contractor": the list goes on past the words that end a member
    elided = np.anaphoric and np.head == "others" or np.elided and q.text.lower() in _ANOTHER_WORDS
    if previous and elided and _ELLIPTIC_BEFORE.fullmatch(sentence, previous.end, q.start) \
            and _ELLIPTIC_AFTER.match(sentence, np.end):  # fmt: skip
        return previous.measure, previous.cue, "elliptic", np  # "Eight were killed on May 30 and 12 more on June 2"
    if previous and (previous.np.head in _TOTAL_HEADS or previous.np.elided) and \
            _BREAKDOWN.fullmatch(sentence, previous.end, q.start):  # fmt: skip
        return previous.measure, previous.cue, "breakdown", np  # "22 people in all: 19 civilians and 3 soldiers"
    if previous and _AS_WERE.search(sentence, previous.end, q.start):
        return previous.measure, previous.cue, "elliptic", np  # "15 soldiers were killed, as were five VDP"
    return None


# What may end a list member after its head noun: "(a civilian) employee of the Defense Department", "(two
# soldiers) in Gao".
_NP_TAIL = re.compile(r"(?:\s+(?!(?:in|on|at|near|and|or|who|which|were|was|is|are|by|to|from|after|when|while|as|the|"
                      r"a|an|said|says|of|for|with)\b)[a-z]+){0,2}(?:\s+(?:of|for|from|with|in|near|at)\s+(?:the\s+)?"
                      r"(?:[A-Z][\w.'’-]*\s*){1,4})?")  # fmt: skip
_PARTICIPLE_NEXT = re.compile(r"\s+(?:[a-z]+ing|who)\b")  # "a contractor working for...": no verb of its own
_JOINER = r"(?:together with|along with|as well as|alongside|and|,)\s*"
_JOINED = re.compile(rf"\s*{_JOINER}", re.IGNORECASE)
_JOINED_AFTER_CUE = re.compile(rf"\s+{_JOINER}", re.IGNORECASE)


def coordinated(between: str, cue: str) -> bool:
    """Whether `between`, the text from one figure's cue to the next figure, joins the two: what
    re.fullmatch(rf"\\s*(?:{_AUX}{re.escape(cue)}\\s+)?{_JOINER}", between, re.IGNORECASE) says, without
    compiling that pattern for each cue (~1.5 ms each, in every process). On ASCII text the cue is
    looked for as a string and the parts around it matched by patterns made once."""
    if _JOINED.fullmatch(between):
        return True
    if not (between.isascii() and cue.isascii()):
        pattern = rf"\s*(?:{_AUX}{re.escape(cue)}\s+)?{_JOINER}"
        return re.fullmatch(pattern, between, re.IGNORECASE) is not None
    lowered, key = between.lower(), cue.lower()
    at = lowered.find(key)
    while at >= 0:  # _AUX ends in \s+ and looks neither behind nor ahead: it can be matched up to `at`
        if _AUX_ONLY.fullmatch(between, 0, at) and _JOINED_AFTER_CUE.fullmatch(between, at + len(key)):
            return True
        at = lowered.find(key, at + 1)
    return False


def _class_of(text: str) -> str | None:
    m = None
    for m in _noun_pattern().finditer(text):
        pass
    return lexicon.nouns()[m.group("noun").lower()] if m else None


_KILL_CUE = re.compile(r"kill\b", re.IGNORECASE)
_WOULD_BEFORE = re.compile(r"\b(?:could|would|might|will)\s+(?:\w+\s+){0,2}$")
_OWN_CUE = re.compile(r"\b(?:admit(?:s|ted)? to|own losses|acknowledged|lost|losing)\b", re.IGNORECASE)
_NEXT_VERB = re.compile(r"\band\s+(?:had\s+|has\s+|have\s+)?\w+(?:ed|ing)\b", re.IGNORECASE)
_INITIAL = re.compile(r"\b(?:first given as|initial(?:ly)?|earlier toll|had spoken of|had said|"
                      r"previous toll|had put|had reported|had (?:earlier |first )?given|before it rose|"
                      r"original(?:ly)?)\b", re.IGNORECASE)  # fmt: skip
_REVISED = re.compile(r"\b(?:rose|risen|climbed|jumped|increased|revised|raised|rises|has risen|brings to|"
                      r"brought to|(?:raising|bringing|pushing)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?(?:toll|number|"
                      r"total|count))\b", re.IGNORECASE)  # fmt: skip
_LOCAL_INITIAL = re.compile(r"\b(?:first given as|initial(?:ly)?|earlier toll|had spoken of|had said|had put|"
                            r"had reported|had (?:earlier |first )?given|previous toll|original(?:ly)?)\b[^.;]{0,30}$",
                            re.IGNORECASE)  # fmt: skip
_ROSE = re.compile(r"\b(?:rose|risen|climbed|jumped|increased|revised|raised|rises)\b", re.IGNORECASE)


def _mention(sentence: str, q: Quantity, np: NounPhrase, measure: str, cue: str, rule: str) -> Mention | None:
    before = sentence[: q.start]
    lowered = ascii_lower(sentence)  # the searches below run faster on it (twins.py)
    low = lowered[: q.start] if lowered is not None else None  # before, lower-cased

    def tail(n: int) -> str | None:
        return low[-n:] if low is not None else None

    if cue.lower() in ("kill", "kills") or rule == "cue-before" and _KILL_CUE.match(cue):
        if _MODAL_BEFORE.search(before[: before.lower().rfind(cue.lower())] if cue.lower() in before.lower() else before):
            return None
    if _WOULD_BEFORE.search(before[-40:]):
        return None
    neutralised = measure == "neutralised"
    own_cue = None
    for own_cue in finditer(_OWN_CUE, before[-60:], tail(60)):
        pass
    # "it had lost five men and had neutralised 30 assailants": "lost" stops at the next verb
    own = bool(own_cue) and not search(_NEXT_VERB, before[-60:][own_cue.end() :],
                                       tail(60)[own_cue.end() :] if low is not None else None)  # fmt: skip
    initial = bool(search(_INITIAL, sentence, lowered))
    revised = bool(search(_REVISED, before[-120:], tail(120)))
    local_initial = search(_LOCAL_INITIAL, before, low)
    if local_initial and revised:  # "rose to 143, after it had reported 139": the 139 is the first toll
        since = local_initial.end()
        revised = bool(search(_ROSE, before[since:], low[since:] if low is not None else None))
    initial = initial and not revised
    after = sentence[q.end :]
    if search(_UPDATES_BEFORE, before, low):  # "..., raising an earlier toll of 58": this is the stale figure
        initial, revised = True, False
    elif search(_UPDATES_AFTER, after, lowered[q.end :] if lowered is not None else None):  # "killed 74 ..., raising
        initial, revised = False, True  # an earlier toll of 58": this is the new one
    return Mention(
        "killed" if neutralised else measure, q, np, cue, rule, neutralised, own, initial, revised, q.start,
        max(q.end, np.end),
    )
