"""The model narrates what the tracker accepted, and a checker holds the narration to the tracker.

The model gets only the validated events and the current state. Its text is then read sentence by
sentence: every HP figure ("20/27", "12 hit points") and every status ("Mira is down", "the ogre
dies", "unscathed") said of a combatant is compared with the tracker, and so is every hit or
miss said of an attacker ("the goblin misses Mira" when its attack hit); a sentence that
contradicts them is removed, with a note of what the tracker says instead. A sentence that only
reads a log or state line back (echo of ECHO_SENTENCE_MAX or more) is not narration and is dropped too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dm_companion.combat import beats
from dm_companion.combat.beats import beat_of
from dm_companion.combat.state import Combatant, Encounter
from dm_companion.combat.telling import tell
from dm_companion.llm.protocol import LanguageModel
from dm_companion.overlap import ECHO_SENTENCE_MAX, ECHO_TEXT_MAX, echo, sentences, words

MIN_WORDS = 12  # less of the model's narration than this left after the check: tell the scene instead

_FRACTION = re.compile(r"\b(\d{1,4})\s*/\s*(\d{1,4})\b")
_HP = re.compile(r"\b(\d{1,4})\s*(?:hit points|hp)\b", re.IGNORECASE)
_STATUS = {
    "dead": re.compile(r"\b(dead|dies|died|slain|killed|lifeless|perishes)\b", re.IGNORECASE),
    "down": re.compile(r"\b(down|unconscious|falls|fell|collapses|dying|knocked out)\b", re.IGNORECASE),
    "full": re.compile(
        r"\b(unharmed|unscathed|uninjured|full health|fully healed|without a scratch)\b", re.IGNORECASE
    ),
    "standing": re.compile(
        r"\b(still standing|stands firm|fights on|on (his|her|their|its) feet)\b", re.IGNORECASE
    ),
}
_MISSES = re.compile(
    r"\b(miss(es|ed)?|goes wide|went wide|fails to (hit|connect|land)|glances off|whiffs?|"
    r"falls short|dodges|deflect(s|ed)|only air|slips away|twists aside|turns .+ aside|"
    r"sidesteps?)\b",
    re.IGNORECASE,
)
_HITS = re.compile(
    r"\b(hits?|strikes?|struck|lands?|connects?|wounds?|smashes|slashes|bites into|pierces?|"
    r"finds its mark|cuts?)\b",
    re.IGNORECASE,
)
SYSTEM = (
    "You narrate a Dungeons & Dragons fight for the dungeon master in three or four vivid "
    "sentences: what the blows look and sound like, how each creature moves and reacts. Tell "
    "the beats in order, in your own words; never copy a beat's wording. Do not invent hit "
    "points, damage or deaths; a miss is a miss and a hit is a hit."
)
_MECHANICS = re.compile(r": d20 .*? vs AC \d+|\s*\((?:[^()]|\([^()]*\))*\)")
_BOOKKEEPING = re.compile(r"^(Round \d+ begins|.+ is at \d+/\d+ HP$|.+ has initiative|.+ joins the fight)")


@dataclass
class CheckedNarration:
    text: str
    removed: list[str] = field(default_factory=list)  # "sentence" -> why
    told_by: str = "model"  # or "log": the scene told from the log when the model's narration can't stand


def state_line(c: Combatant) -> str:
    if c.dead:
        return f"{c.name}: dead"
    status = "unconscious, dying" if c.hp == 0 else f"{c.hp}/{c.max_hp} HP"
    extra = f", {', '.join(c.conditions)}" if c.conditions else ""
    return f"{c.name}: {status}{extra}"


def recent_events(encounter: Encounter, limit: int = 30) -> list[str]:
    """The log since the start of the last completed or current round (or the last lines)."""
    log = encounter.log
    starts = [i for i, line in enumerate(log) if (beat := beat_of(line)) and beat.kind == beats.ROUND]
    begin = starts[-2] if len(starts) >= 2 else (starts[-1] if starts else 0)
    return log[begin:][-limit:]


def prompt_beats(lines: list[str]) -> list[str]:
    """The story in the log: who did what to whom and how it went, without the dice, the
    arithmetic and the bookkeeping lines (the state is given apart), so there is less for the
    model to read back."""
    return [_MECHANICS.sub("", line) for line in lines if not _BOOKKEEPING.match(line)]


def messages_for(encounter: Encounter) -> list[dict]:
    state = "\n".join(state_line(c) for c in encounter.in_order())
    told = "\n".join(f"- {beat}" for beat in prompt_beats(recent_events(encounter)))
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"Beats:\n{told}\n\nState now:\n{state}"},
    ]


def narrate(encounter: Encounter, engine: LanguageModel | None) -> CheckedNarration:
    """The model's narration as checked, or the scene told from the log (`telling.tell`) when
    there is no model, the checker left fewer than MIN_WORDS of what it said, or what it left
    still follows the log (echo of ECHO_TEXT_MAX or more)."""
    events = recent_events(encounter)
    told = CheckedNarration(tell(events), told_by="log")
    if engine is None:
        return told
    text = "".join(engine.stream_chat(messages_for(encounter), max_tokens=160, temperature=0.7))
    checked = check(text, encounter)
    if len(words(checked.text)) >= MIN_WORDS and echo(checked.text, " ".join(events)) < ECHO_TEXT_MAX:
        return checked
    told.removed = [why for why in checked.removed if "(tracker:" in why]  # read-backs are no news
    return told


def _mentions(sentence: str, encounter: Encounter) -> list[Combatant]:
    lowered = sentence.lower()
    at = {
        c.name: m.start()
        for c in encounter.combatants
        if (m := re.search(rf"\b{re.escape(c.name.lower())}\b", lowered))
    }
    found = sorted((c for c in encounter.combatants if c.name in at), key=lambda c: at[c.name])  # as said
    if not found:  # "the ogre" for "Ogre", "the goblin" when one goblin is left standing
        by_kind: dict[str, list[Combatant]] = {}
        for c in encounter.combatants:
            by_kind.setdefault(c.name.split()[0].lower(), []).append(c)
        found = [
            group[0]
            for kind, group in by_kind.items()
            if len(group) == 1 and re.search(rf"\b{re.escape(kind)}s?\b", lowered)
        ]
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


def attack_outcomes(lines: list[str]) -> dict[tuple[str, str], set[str]]:
    """(attacker, target) -> the outcomes of its attacks in these log lines ("hit", "miss"), as the
    rules decided them (the lines' beats)."""
    found: dict[tuple[str, str], set[str]] = {}
    for line in lines:
        if (beat := beat_of(line)) is not None and beat.kind == beats.ATTACK:
            found.setdefault((beat.who, beat.whom), set()).add("miss" if beat.how == "miss" else "hit")
    return found


def hit_or_miss(
    sentence: str, people: list[Combatant], outcomes: dict[tuple[str, str], set[str]]
) -> str | None:
    """What the tracker says instead when the sentence has an attack hit where every attack
    between the creatures it names missed, or miss where every one hit ("its arrow strikes Tor",
    naming one, is about every attack by or on Tor)."""
    said = "miss" if _MISSES.search(sentence) else "hit" if _HITS.search(sentence) else None
    if said is None or not people:
        return None
    names = {c.name for c in people}
    pairs = [pair for pair in outcomes if set(pair) <= names]
    if not pairs and len(names) == 1:
        pairs = [pair for pair in outcomes if names & set(pair)]
    if not pairs or any(said in outcomes[pair] for pair in pairs):  # who struck whom is not always clear
        return None
    attacker, target = pairs[0]
    return f"tracker: {attacker} {'hit' if said == 'miss' else 'missed'} {target}"


def check(text: str, encounter: Encounter) -> CheckedNarration:
    kept, removed = [], []
    events = recent_events(encounter)
    outcomes = attack_outcomes(events)
    prompt_lines = events + [state_line(c) for c in encounter.combatants]  # what the model was shown
    for sentence in sentences(text):
        people = _mentions(sentence, encounter)
        problems = [why for c in people if (why := contradiction(sentence, c))]
        if (why := hit_or_miss(sentence, people, outcomes)) is not None:
            problems.append(why)
        if any(echo(sentence, line) >= ECHO_SENTENCE_MAX for line in prompt_lines):
            problems.append("repeats the log")
        # Figures and statuses in a sentence naming nobody can't be checked against anyone.
        if not people and (_FRACTION.search(sentence) or _HP.search(sentence)):
            problems.append("tracker: no combatant named, figure unverifiable")
        if problems:
            removed.append(f"{sentence} ({problems[0]})")
        else:
            kept.append(sentence)
    return CheckedNarration(" ".join(kept), removed)
