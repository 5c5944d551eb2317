"""What a log line tells, kept beside its words: who did what to whom, and how it went.

The rules write each line the DM reads. A line that is a beat of the story (an attack and its
verdict, damage and its type, a save and its outcome, a fall) carries that beat as data too, set
by the rule that decided it, so the scene told without the model (`telling`) and the narration
checker (`narration`) read the outcome the rules decided instead of parsing the sentence back.
A line is a `LogLine`: a `str` (the log, the JSON output and every caller read it as text) with
its `beat`; the tracker rebuilds the log by replaying its resolved events, so beats are never
stored apart from the events that make them.
"""

from __future__ import annotations

from dataclasses import dataclass

# The kinds of beat, as `Beat.kind`.
ATTACK = "attack"  # who attacks whom with what; how: "hit", "critical hit" or "miss"
DAMAGE = "damage"  # whom takes amount (after resistance) of damage_type
HP_LEFT = "hp"  # whom is at some HP now (the state shows how much)
USES = "uses"  # who uses what, a save action; ability: the save it calls for
SAVE = "save"  # whom saves; how: "succeeds" or "fails" (after Legendary Resistance)
LEGENDARY = "legendary"  # who takes a legendary action: what
MULTIATTACK = "multiattack"  # who makes its Multiattack (its attacks follow)
DIES = "dies"  # whom dies
FALLS = "falls"  # whom falls unconscious
ROUND = "round"  # a round begins


@dataclass(frozen=True)
class Beat:
    kind: str
    who: str = ""
    whom: str = ""
    what: str = ""
    how: str = ""
    amount: int = 0
    damage_type: str = ""
    ability: str = ""


class LogLine(str):
    """A log line with the beat it tells."""

    beat: Beat

    def __new__(cls, text: str, beat: Beat) -> LogLine:
        line = super().__new__(cls, text)
        line.beat = beat
        return line


def beat_of(line: str) -> Beat | None:
    """The beat a log line tells, or None for bookkeeping (a turn, initiative, a note)."""
    return line.beat if isinstance(line, LogLine) else None
