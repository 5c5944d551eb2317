"""The model narrates what the tracker accepted, and a checker holds the narration to the tracker.

The model gets only the validated events and the current state. Its text is then read sentence by
sentence: every HP figure ("20/27", "12 hit points") and every status ("Mira is down", "the ogre
dies", "unscathed") said of a combatant is compared with the tracker, and a sentence that
contradicts it is removed, with a note of what the tracker says instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dm_companion.combat.state import Combatant, Encounter
from dm_companion.llm.engine import Engine

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_FRACTION = re.compile(r"\b(\d{1,4})\s*/\s*(\d{1,4})\b")
_HP = re.compile(r"\b(\d{1,4})\s*(?:hit points|hp)\b", re.IGNORECASE)
_STATUS = {
    "dead": re.compile(r"\b(dead|dies|died|slain|killed|lifeless|perishes)\b", re.IGNORECASE),
    "down": re.compile(r"\b(down|unconscious|falls|fell|collapses|dying|knocked out)\b", re.IGNORECASE),
    "full": re.compile(r"\b(unharmed|unscathed|uninjured|full health|fully healed|without a scratch)\b", re.IGNORECASE),
    "standing": re.compile(r"\b(still standing|stands firm|fights on|on (his|her|their|its) feet)\b", re.IGNORECASE),
}
SYSTEM = ("You narrate a Dungeons & Dragons fight for the dungeon master in three or four vivid "
          "sentences. Describe only the events listed, in order. Do not invent hit points, damage or "
          "deaths; if you mention hit points, copy them exactly from the state.")


@dataclass
class CheckedNarration:
    text: str
    removed: list[str] = field(default_factory=list)  # "sentence" -> why


def state_line(c: Combatant) -> str:
    if c.dead:
        return f"{c.name}: dead"
    status = "unconscious, dying" if c.hp == 0 else f"{c.hp}/{c.max_hp} HP"
    extra = f", {', '.join(c.conditions)}" if c.conditions else ""
    return f"{c.name}: {status}{extra}"


def recent_events(encounter: Encounter, limit: int = 30) -> list[str]:
    """The log since the start of the last completed or current round (or the last lines)."""
    log = encounter.log
    starts = [i for i, line in enumerate(log) if line.startswith("Round ")]
    begin = starts[-2] if len(starts) >= 2 else (starts[-1] if starts else 0)
    return log[begin:][-limit:]


def narrate(encounter: Encounter, engine: Engine) -> CheckedNarration:
    events = recent_events(encounter)
    state = "\n".join(state_line(c) for c in encounter.in_order())
    messages = [{"role": "system", "content": SYSTEM},
                {"role": "user", "content": "Events:\n" + "\n".join(events) + f"\n\nState now:\n{state}"}]
    text = "".join(engine.stream_chat(messages, max_tokens=160, temperature=0.7))
    return check(text, encounter)


def _mentions(sentence: str, encounter: Encounter) -> list[Combatant]:
    lowered = sentence.lower()
    found = [c for c in encounter.combatants if re.search(rf"\b{re.escape(c.name.lower())}\b", lowered)]
    if not found:  # "the ogre" for "Ogre", "the goblin" when one goblin is left standing
        by_kind: dict[str, list[Combatant]] = {}
        for c in encounter.combatants:
            by_kind.setdefault(c.name.split()[0].lower(), []).append(c)
        found = [group[0] for kind, group in by_kind.items()
                 if len(group) == 1 and re.search(rf"\b{re.escape(kind)}s?\b", lowered)]
    return found


def contradiction(sentence: str, c: Combatant) -> str | None:
    """What the tracker says instead, if this sentence about `c` contradicts it."""
    truth = f"tracker: {c.name} " + ("is dead" if c.dead else f"is at {c.hp}/{c.max_hp} HP")
    for hp, max_hp in _FRACTION.findall(sentence):
        if (int(hp), int(max_hp)) != (c.hp, c.max_hp):
            return truth
    for hp in _HP.findall(sentence):
        if int(hp) not in (c.hp, c.max_hp):
            return truth
    if _STATUS["dead"].search(sentence) and not c.dead:
        return truth
    if _STATUS["down"].search(sentence) and c.hp > 0 and not c.dead:
        return truth
    if _STATUS["full"].search(sentence) and (c.dead or c.hp < c.max_hp):
        return truth
    if _STATUS["standing"].search(sentence) and (c.dead or c.hp == 0):
        return truth
    return None


def check(text: str, encounter: Encounter) -> CheckedNarration:
    kept, removed = [], []
    for sentence in _SENTENCE.split(text.strip()):
        if not sentence:
            continue
        people = _mentions(sentence, encounter)
        problems = [why for c in people if (why := contradiction(sentence, c))]
        # Figures and statuses in a sentence naming nobody can't be checked against anyone.
        if not people and (_FRACTION.search(sentence) or _HP.search(sentence)):
            problems.append("tracker: no combatant named, figure unverifiable")
        if problems:
            removed.append(f"{sentence} ({problems[0]})")
        else:
            kept.append(sentence)
    return CheckedNarration(" ".join(kept), removed)
