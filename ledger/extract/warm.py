"""Build, before a process forks its extracting workers, what extraction otherwise builds on first use.

Extraction makes much of its machinery when a text first needs it: lexicon tables, patterns made
from the lexicons (number words, nouns, cues) and the lower-case twins of its IGNORECASE patterns
(twins.py). Worked out in each forked worker, that is ~80 ms of pattern compiling per worker at the
start of a batch; worked out once in the parent, the workers inherit it. `warm_up()` analyses a
short article written to go through most of those paths (a toll and its revision, a claim, wounded,
ranges, hedges, dates of each kind, actors, places, demonyms, quotes that are not ASCII). Its result
is thrown away: only what analysing it leaves built matters, and that changes no later result.
"""

from __future__ import annotations

from ledger.extract import analyse

SAMPLE = """Attack near Ménaka kills 14 soldiers, army says
Published: 12 March 2024

BAMAKO, March 11 (Wire) - At least 14 Malian soldiers were killed and 20 others wounded on Sunday when \
JNIM fighters attacked an army post near Ménaka, the army said in a statement on Monday. The toll rose to 17 \
on Tuesday, up from an initial 12, a local official said.

Jama'at Nusrat al-Islam wal-Muslimin claimed responsibility for the attack, saying its men killed "dozens" \
of soldiers. Most of the dead were conscripts, according to a security source. Between 3 and 5 civilians \
also died in the crossfire, two of them children.

“We lost seven of our fighters,” a spokesman for the Islamic State in the Sahel admitted, adding that the \
group had seized weapons. Russian instructors of the Wagner Group were also hit: three of them were killed \
in a drone strike near Gao two days later, Russia's defence ministry said.

In Burkina Faso, suspected jihadists killed some 30 villagers in Djibo between 3 and 5 May, residents told \
reporters. The bodies of 12 people were found in the village of Seytenga since last week. No group has \
claimed the killings, which the government blamed on terrorists.

Fighting between the army and the rebels has killed more than 200 people since 2019, the United Nations \
said last month. Nigerian troops said they had neutralised 40 insurgents in Borno State on Christmas Day, \
while a French soldier died of his wounds in Niger in July of last year.

On 3 June, an explosive device killed four policemen and injured up to nine near Kidal, Mali. The toll was \
later revised to six dead. Yesterday, clashes between Ukrainian forces and Russian troops left dozens of \
dead in Bakhmut, Ukraine's general staff said, while Kyiv denied losing the town. Eleven of the wounded \
were taken to hospital in Mopti.
"""


def warm_up() -> None:
    """Analyse SAMPLE once, leaving the tables and patterns it needed built for this process (and
    for the processes it forks afterwards)."""
    analyse(SAMPLE)
