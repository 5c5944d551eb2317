"""A DM's self-correction mid-line, read as the line they meant.

At the table a DM corrects themself as they type: "Mira heals kobold 2?? no wait, she heals Tor
for 5", "kobold 3 is paralyzed? no, frightened", "Tor heals goblin 2? no, Mira, for 6". What
follows the correction is what they meant; it says either the whole change, or only what
(the creature being the one the line was about), or only who (the change being the words it
replaced). Read alone, "Mira, for 6" would be harm, and "frightened" no one's.
"""

from __future__ import annotations

import re

from dm_companion.combat.change_words import CONDITION_WORDS, HARM, OP_WORDS
from dm_companion.combat.sentence_reading import named_in_full, sources
from dm_companion.combat.state import Encounter
from dm_companion.errors import DMCError

_CORRECTION = re.compile(
    r"\b(?:no wait|wait,? no|i mean|scratch that|correction|my bad)\b[,:;!.]*|\bsorry,|"
    r"\?+\s*no\b(?:,?\s+wait)?[,:;!.]*",
    re.IGNORECASE,
)
# A line the DM takes back at its end ("ogre heals 5? nah, ignore that", "Tor is prone... never
# mind"): nothing follows to mean, so nothing changes.
_TAKEN_BACK = re.compile(
    r"\b(?:ignore (?:that|it|this)|never ?mind|forget (?:that|it)|disregard(?: that| it)?|"
    r"scratch that|cancel that|undo that)\W*$",
    re.IGNORECASE,
)
_ONLY_AN_AMOUNT = re.compile(r"[\s,:]*(?:(?:for )?\d{1,3}(?: hp| damage)?)?[\s.!]*", re.IGNORECASE)
_SOME_CREATURE = r"\b(?:the|a|an) [a-z]+(?: \d+)?\b"  # "the hag": one the tracker need not hold


def as_corrected(sentence: str) -> str:
    """The words after the line's last self-correction, when something follows it; else the line."""
    *_, last = _CORRECTION.split(sentence)
    return last.strip() if last.strip() else sentence


def meant(said: str, encounter: Encounter) -> str:
    """The line as the DM meant it (`said` itself where it corrects nothing); DMCError where the
    correction leaves unclear who or what, or where the line takes itself back."""
    if _TAKEN_BACK.search(said):
        raise DMCError("the line takes itself back: nothing changes")
    corrected = as_corrected(said)
    if corrected == said:
        return said
    if not _says_a_change(corrected.lower()):
        return _in_place(said, encounter)
    return _with_who(corrected, said, encounter)


def _says_a_change(lowered: str) -> bool:
    """Whether the words say what kind of change they tell (harm, healing, a condition, a death
    save)."""
    return bool(
        re.search(HARM, lowered)
        or any(re.search(pattern, lowered) for pattern in OP_WORDS.values())
        or any(re.search(pattern, lowered) for pattern in CONDITION_WORDS.values())
    )


def _in_place(said: str, encounter: Encounter) -> str:
    """A correction that only names a creature (an amount at most beside it) takes the place of
    the one creature named before it: "goblin 1 takes 7? no, goblin 2" is "goblin 2 takes 7",
    "Tor is frightened? no, Mira" is "Mira is frightened". Where the line named two ("Tor heals
    goblin 2? no, Mira, for 6"), which one it replaces is the DM's to say: DMCError."""
    *_, before, corrected = _CORRECTION.split(said)
    names = sorted((re.escape(c.name.lower()) for c in encounter.combatants), key=len, reverse=True)
    creature = re.compile(rf"\b(?:{'|'.join(names)})\b|{_SOME_CREATURE}", re.IGNORECASE)
    corrected = corrected.strip()
    lead = creature.match(corrected)
    if lead is None or not _ONLY_AN_AMOUNT.fullmatch(corrected[lead.end() :]):
        raise DMCError('the correction does not say what changes ("Tor does: 5 to Mira"); write it in full')
    replaced = list(creature.finditer(before))
    if len(replaced) != 1:
        raise DMCError("the correction does not say which creature it replaces; write the line in full")
    head, tail = before[: replaced[0].start()], before[replaced[0].end() :].rstrip(" ?")
    return f"{head}{lead.group(0)}{tail}{corrected[lead.end() :]}"


def _with_who(corrected: str, said: str, encounter: Encounter) -> str:
    """A correction that says only what ("kobold 3 is paralyzed? no, frightened") is about the one
    creature the line named before it, not counting one it tells as the source ("the wight's gaze
    paralyzes Mira? no wait, frighten"); DMCError where it named none or several. One that calls
    a creature anyhow, even by its kind ("no, the other kobold"), is read as it stands."""
    if any(
        re.search(rf"\b{re.escape(c.name.split()[0].lower())}", corrected.lower())
        for c in encounter.combatants
    ):
        return corrected
    named = [c.name for c in named_in_full(said, encounter)]
    before = set(named) - sources(_CORRECTION.split(said)[0], named)
    if len(before) != 1:
        raise DMCError('the correction does not say who ("no, Tor"); write it in full')
    return f"{next(iter(before))} {corrected}"
