"""A DM's free sentence about a creature using its stat block ("the goblin attacks Mira with its
scimitar", "the dragon breathes fire on Mira and Tor") to an `attack`, `multiattack`,
`save_action` or `legendary` proposal that the tracker then rolls.

The sentence's subject is the actor (the first combatant it names, or the creature whose turn it
is when it names none first, as in "it bites Tor"); the action is the one of the actor's whose
name's words the sentence uses ("breathes" is Fire Breath, "bites" is Bite, "swings its
greatclub" is Greatclub); the targets are the other combatants it names ("the party" is every
character still standing). Where the words leave more than one action (a bare "attacks"), the
model chooses among the actor's actions inside a grammar whose enum holds only those. A sentence
that gives a damage number is the DM's own roll and stays a `damage` event, read elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dm_companion.combat.state import Combatant, Encounter
from dm_companion.llm.protocol import LanguageModel
from dm_companion.srd.stat_block import legendary_runs, plain_name, save_of

_GENERIC = {"attack", "attacks", "actions", "costs", "the", "of", "and", "with", "or", "its", "a"}
_ATTACK_VERBS = (
    r"\b(attack|swing|strike|lunge|shoot|stab|slash|hit|smash|club|charge|go(es)? for|take[s]? a swing)"
)
_MULTI = (
    r"\b(multiattacks?|full attack|all (of )?(its|his|her|their) attacks|every attack it has|twice"
    r"|(two|three|four|both) (\w+ )?attacks)\b"
)
_RANGED = r"\b(shoot|shot|fire[sd]? (at|an?|its|his|her)|arrow|bolt|loose|throw|hurl|toss)"
_MELEE = r"\b(swing|slash|stab|bite|bites|claw|smash|club|punch|slam|gore|rake|peck|snap)"
_PARTY = r"\b(the party|everyone|every one of them|all of (us|them)|the (heroes|players|group|whole party))\b"
_PRONOUN_START = r"^\s*(it|he|she|they|the creature|the monster)\b"


@dataclass(frozen=True)
class Reading:
    op: str
    actor: str
    actions: tuple[str, ...]  # one when the words settle it; the model picks among several
    targets: tuple[str, ...]
    flags: tuple[str, ...] = ()  # advantage / disadvantage

    def event(self, action: str) -> dict:
        event: dict = {"op": self.op}
        if self.op in ("attack", "multiattack"):
            event["attacker"] = self.actor
        else:
            event["actor"] = self.actor
        if self.op != "multiattack":
            event["action"] = action
        if self.op != "save_action" and len(self.targets) == 1:
            event["target"] = self.targets[0]  # an attack's one target (a legendary save reads `targets`)
        if self.op in ("save_action", "legendary") and self.targets:
            event["targets"] = list(self.targets)
        event.update(dict.fromkeys(self.flags, True))
        return event


def _stems(name: str) -> list[str]:
    words = [w for w in re.findall(r"[a-z]+", plain_name(name).lower()) if w not in _GENERIC and len(w) >= 3]
    return [w[: max(4, len(w) - 1)] for w in words]


def _mentioned(lowered: str, records: list[dict]) -> list[dict]:
    """The records whose name's words the sentence uses most (none when it uses none)."""
    scored = [
        (sum(bool(re.search(rf"\b{re.escape(s)}", lowered)) for s in _stems(r["name"])), r) for r in records
    ]
    best = max((score for score, _ in scored), default=0)
    return [r for score, r in scored if score == best] if best else []


def _named(sentence: str, encounter: Encounter) -> list[tuple[int, Combatant]]:
    """Combatants the sentence names, by where: full names first ("Goblin 2"), then a word of
    one ("the goblin" is the first goblin standing, "the dragon" the Adult Red Dragon)."""
    lowered, found, taken = sentence.lower(), [], set()
    alive = [c for c in encounter.combatants if not c.dead]
    patterns = [(c, rf"\b{re.escape(c.name.lower())}\b") for c in alive]
    patterns += [
        (c, rf"\b{re.escape(w)}s?\b")
        for c in alive
        for w in reversed([w for w in c.name.lower().split() if not w.isdigit()])
    ]
    for c, pattern in patterns:
        match = re.search(pattern, lowered)
        if match and c not in (f for _, f in found) and not taken & set(range(match.start(), match.end())):
            found.append((match.start(), c))
            taken.update(range(match.start(), match.end()))
    return sorted(found, key=lambda pair: pair[0])


def read(sentence: str, encounter: Encounter) -> Reading | None:
    """The action the sentence describes, or None when it describes something else."""
    lowered = sentence.lower()
    named = _named(sentence, encounter)
    without_names = lowered
    for c in encounter.combatants:
        without_names = re.sub(rf"\b{re.escape(c.name.lower())}\b", " ", without_names)
    if re.search(r"\d", without_names):
        return None  # the DM gives the damage or the roll: a damage event
    current = encounter.find(encounter.current) if encounter.current else None
    if named and not re.match(_PRONOUN_START, lowered):
        actor = named[0][1]
    else:
        actor = current
    if actor is None or not (actor.actions or actor.legendary_actions):
        return None
    targets = [c.name for _, c in named if c is not actor]
    if re.search(_PARTY, lowered):
        targets += [c.name for c in encounter.in_order() if c.pc and not c.dead and c.name not in targets]
    flags = tuple(f for f in ("advantage", "disadvantage") if re.search(rf"\bwith {f}\b", lowered))
    return _reading(lowered, actor, tuple(dict.fromkeys(targets)), flags)


def _reading(
    lowered: str, actor: Combatant, targets: tuple[str, ...], flags: tuple[str, ...]
) -> Reading | None:
    if "legendary" in lowered and actor.legendary_actions:
        chosen = _mentioned(lowered, actor.legendary_actions) or actor.legendary_actions
        needs = any(legendary_runs(r, actor.actions) for r in chosen)
        if needs and not targets:
            return None
        return Reading("legendary", actor.name, tuple(r["name"] for r in chosen), targets, flags)
    if re.search(_MULTI, lowered) and any(a["name"] == "Multiattack" for a in actor.actions):
        return Reading("multiattack", actor.name, ("Multiattack",), targets, flags) if targets else None
    usable = [a for a in actor.actions if a.get("attack_bonus") is not None or save_of(a)]
    chosen = _mentioned(lowered, usable)
    multi = any(a["name"] == "Multiattack" for a in actor.actions)
    if multi and len([a for a in chosen if a.get("attack_bonus") is not None]) > 1 and " and " in lowered:
        return Reading("multiattack", actor.name, ("Multiattack",), targets, flags) if targets else None
    if not chosen and any(re.search(verbs, lowered) for verbs in (_ATTACK_VERBS, _RANGED, _MELEE)):
        chosen = _by_reach(lowered, [a for a in usable if a.get("attack_bonus") is not None])
    if not chosen or not targets:
        return None
    if all(save_of(a) and a.get("attack_bonus") is None for a in chosen):
        return Reading("save_action", actor.name, tuple(a["name"] for a in chosen), targets, flags)
    attacks = tuple(a["name"] for a in chosen if a.get("attack_bonus") is not None)
    return Reading("attack", actor.name, attacks, targets, flags)


def _by_reach(lowered: str, attacks: list[dict]) -> list[dict]:
    """The attacks that fit a verb of shooting or throwing (ranged) or of swinging (melee)."""
    wanted = "ranged" if re.search(_RANGED, lowered) else "melee" if re.search(_MELEE, lowered) else None
    kinds = [(a, str(a.get("desc", "")).lower().split(":")[0]) for a in attacks]
    only = [a for a, kind in kinds if wanted and kind.startswith(wanted) and " or " not in kind]
    either = [a for a, kind in kinds if wanted and wanted in kind]  # "Melee or Ranged Weapon Attack"
    return only or either or attacks


def choose_action(reading: Reading, sentence: str, engine: LanguageModel) -> str:
    """The one action, by the words when they settle it, else by the model among the actor's."""
    if len(reading.actions) == 1:
        return reading.actions[0]
    schema = {
        "type": "object",
        "properties": {"action": {"enum": list(reading.actions)}},
        "required": ["action"],
    }
    messages = [
        {"role": "system", "content": "Pick the stat-block action the dungeon master's sentence describes."},
        {
            "role": "user",
            "content": f"{reading.actor}'s actions: {', '.join(reading.actions)}.\nSentence: {sentence}",
        },
    ]
    return engine.complete_json(messages, schema, max_tokens=30)["action"]
