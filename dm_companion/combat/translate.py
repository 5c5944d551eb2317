"""A DM's free sentence ("the goblin slashes Mira for 7") to a proposed event, by the model.

The bundled 135M model alone picks the wrong op and the wrong creature even with names, numbers,
types and conditions constrained (benchmarks/README.md). So the sentence's own words narrow every
field that they settle before the model is asked, and llama.cpp's grammar-constrained JSON keeps
the model inside what is left:
- op: words of healing, temporary hit points, death saves, conditions (and "no longer") or harm;
- target: the combatants the sentence names; of two, the one the verb acts on ("Mira stabs the
  goblin" is the goblin; "Mira takes 9", "Mira is hit", "Mira heals 8" are Mira);
- amount: the sentence's numbers; damage type and condition: those it mentions.
Where the words settle a field the grammar leaves one choice; where they do not, the model
chooses. A sentence about a creature using its stat block ("the goblin attacks Mira with its
scimitar") is read first by `read_actions` into an attack, multiattack, save action or legendary
action for the tracker to roll. The DM confirms every proposal before the tracker sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dm_companion.combat.change_words import (
    CONDITION_NOUNS,
    CONDITION_WORDS,
    GIVEN,
    HARM,
    OP_WORDS,
    SPENT_TEMP,
    WOUNDS,
)
from dm_companion.combat.corrections import meant
from dm_companion.combat.read_actions import choose_action, read
from dm_companion.combat.sentence_reading import (
    amounts,
    changes_nothing,
    condition_starts,
    harm_not_taken,
    hit_points_left,
    named_in_full,
    rolled,
    rolls_dice,
    sources,
    with_numbers_named,
    without_misses,
)
from dm_companion.combat.state import Encounter
from dm_companion.errors import DMCError
from dm_companion.llm.protocol import LanguageModel
from dm_companion.srd.tables import DAMAGE_TYPES, INCAPACITATING

OPS = ("damage", "heal", "temp_hp", "condition_add", "condition_remove", "death_save")
SYSTEM = (
    "You turn a Dungeons & Dragons dungeon master's sentence about a fight into one event. "
    "Ops: damage (the target loses hit points), heal (the target regains hit points), temp_hp "
    "(the target gains temporary hit points), condition_add, condition_remove, death_save (amount is "
    "the d20 roll). The target is who is hurt, healed or affected, not who acts.\n"
    "Example: 'The ogre clubs Tor for 9 bludgeoning' -> "
    '{"op": "damage", "target": "Tor", "amount": 9, "damage_type": "bludgeoning", "condition": "none"}\n'
    "Example: 'Wiz casts cure wounds on Mira, 6 points' -> "
    '{"op": "heal", "target": "Mira", "amount": 6, "damage_type": "none", "condition": "none"}'
)


@dataclass(frozen=True)
class Proposal:
    event: dict
    sentence: str

    @property
    def summary(self) -> str:
        e = self.event
        details = {k: v for k, v in e.items() if k not in ("op",)}
        return f"{e['op']} " + " ".join(f"{k}={v}" for k, v in details.items())


def _names_in(sentence: str, encounter: Encounter) -> list[str]:
    lowered = sentence.lower()
    alive = [c.name for c in encounter.combatants if not c.dead] or [c.name for c in encounter.combatants]
    exact = [n for n in alive if re.search(rf"\b{re.escape(n.lower())}\b", lowered)]
    if exact:
        kinds = {n.split()[0].lower() for n in exact}
        return exact + [
            n
            for n in alive
            if n not in exact
            and n.split()[0].lower() not in kinds
            and re.search(rf"\b{re.escape(n.split()[0].lower())}s?\b", lowered)
        ]
    partial = [n for n in alive if re.search(rf"\b{re.escape(n.split()[0].lower())}s?\b", lowered)]
    return partial or alive


# Verbs after which the named creature is the one affected: "Mira takes 9", "Tor is hit".
_UNDERGOES = (
    r"takes|is|gets|loses|regains|heals|gains|has|rolls|makes|fails|becomes|turns|recovers|drinks|uses"
    r"|escapes|stands|drops|falls"
)


def _ops_in(lowered: str, conditions: list[str], types: list[str], numbers: list[int]) -> list[str]:
    for op, pattern in OP_WORDS.items():
        if op == "temp_hp" and SPENT_TEMP.search(lowered) and not GIVEN.search(lowered):
            continue  # "Tor's temp HP soak the 5 damage": damage, which temporary hit points take first
        if re.search(pattern, lowered):
            if op == "condition_remove" and not conditions:
                continue
            return [op]
    if conditions and not numbers and "damage" not in lowered:  # "deafened by the thunder", "for 1 minute"
        return ["condition_add"]
    if types or numbers or re.search(r"damage|\bhit", lowered):
        return ["damage"]
    return list(OPS)


def _affected(sentence: str, names: list[str], op: str) -> list[str]:
    """Of the named creatures, the one the event happens to, when the wording says so."""
    lowered = sentence.lower()
    own = rf"(?:{WOUNDS}|hp\b|hit points|health\b)"
    wounded = [n for n in names if re.search(rf"\b{re.escape(n.lower())}'s {own}", lowered)]
    if len(set(wounded)) == 1:  # "Tor's wounds close", "Mira drops the ogre's HP by 9": whose they are
        return wounded
    held = "|".join(CONDITION_NOUNS)
    held_by = [n for n in names if re.search(rf"\b(?:{held}) on (?:the )?{re.escape(n.lower())}\b", lowered)]
    if len(set(held_by)) == 1:  # "the grapple on kobold 2 ends when Tor lets go": Kobold 2
        return held_by
    spans: dict[int, tuple[int, list[str]]] = {}  # start -> (end, names found there)
    for name in names:
        match = re.search(rf"\b{re.escape(name.lower())}\b", lowered) or re.search(
            rf"\b{re.escape(name.split()[0].lower())}s?\b", lowered
        )
        if match:
            spans.setdefault(match.start(), (match.end(), []))[1].append(name)
    if len(spans) < 2:
        return names
    (first_end, first), (second_end, second) = [spans[start] for start in sorted(spans)[:2]]
    if re.search(rf"^[^,;]*?\band (?:then |also )?(?:{_UNDERGOES})\b", lowered[second_end:]):
        return first  # "Tor fights the ogre and takes 5": the one who takes is the one who fights
    if re.search(
        r"\b(?:when|as|after|because|while|until|once|since|before)\b", lowered[first_end : sorted(spans)[1]]
    ):
        return first  # "the ogre wakes up when Tor hits it": the second is in another clause
    after_first = lowered[first_end:].lstrip()
    verb = re.match(rf"({_UNDERGOES})\b\s*", after_first)
    if verb and verb.group(1) == "rolls" and op != "death_save":
        verb = None  # "the ogre rolls 22 vs Tor's AC": the roller attacks
    if verb and re.match(
        r"(?:is|has) (?:still |no longer |not )?(?!getting|being|taking)[a-z]+ing\b", after_first
    ):
        verb = None  # "the owlbear is grappling Tor": the one doing it, not undergoing it
    object_ = re.sub(r"^(?:the|an?) ", "", after_first[verb.end() :]) if verb else ""  # "makes the ogre"
    acted_on = (
        verb
        and any(
            object_.startswith(n.lower().split()[0])  # "makes the ogre fall asleep"
            or re.match(  # "drops a cure wounds on Wiz", "takes a swing at the ogre": a thing put on Y
                rf"(?:an?|the|his|her|their|its) [a-z' -]{{1,30}}? (?:on|at|onto|upon|into|to) (?:the )?"
                rf"{re.escape(n.lower().split()[0])}s?\b(?!')",
                after_first[verb.end() :],
            )
            for n in second
        )
    )
    if (verb and not acted_on) or (op in ("heal", "temp_hp") and re.match(r"\w+ \d", after_first)):
        return first
    return second  # "X <verb>s Y", "X's spell hits Y", "... to Y": Y is acted on


def settled(
    ops: list[str], numbers: list[int], conditions: list[str], types: list[str], words: str
) -> list[str]:
    """The ops the words leave, or DMCError saying what is unclear: no amount for a change of
    hit points, a condition only named ("the charm on Mira") with no word saying it starts,
    two conditions starting or damage beside one, or two amounts in one line ("hits Tor twice,
    7 and 8").
    A wrong event is worse than none."""
    if not numbers:
        ops = [op for op in ops if op not in ("damage", "heal", "temp_hp", "death_save")]
    if not conditions:
        ops = [op for op in ops if op not in ("condition_add", "condition_remove")]
    if ops == ["condition_add"] and not any(
        condition_starts(c, CONDITION_WORDS[c], words) for c in conditions
    ):
        ops = []
    if not ops:
        raise DMCError(
            "that sentence does not say what changes (how much, or whether a condition starts or ends)"
        )
    starting = [c for c in conditions if condition_starts(c, CONDITION_WORDS[c], words)]
    if ops == ["condition_add"] and len(starting) > 1:
        raise DMCError(
            f"that sentence tells of {len(starting)} conditions starting; give each its own line "
            "(NAME is prone, then NAME is grappled)"
        )
    if ops == ["damage"] and starting:
        raise DMCError(
            "that sentence tells of damage and a condition starting; give each its own line "
            "(hit NAME 9 thunder, then NAME is deafened)"
        )
    if len(numbers) > 1 and set(ops) <= {"damage", "heal", "temp_hp"}:
        raise DMCError(
            f"that sentence gives {len(numbers)} amounts; which one? (hit NAME 7, or one line each)"
        )
    if len(numbers) > 1 and len(types) > 1 and "damage" in ops:
        raise DMCError(
            "that sentence tells of more than one damage; give each its own line (hit NAME 6 slashing)"
        )
    return ops


# What a creature is freed from when it can do a thing again (or is free), by what stopped it.
_FREED = re.compile(
    r"\bcan (move|act) again\b|\b(?:is|are|breaks?|gets?|pulls?|twists?|wrenches?|struggles?|squirms?|"
    r"wriggles?|slips?) (free)\b"
)
_STOPPED_BY = {
    "move": ("grappled", "restrained", "paralyzed", "stunned", "petrified", "unconscious"),
    "act": INCAPACITATING,
    "free": ("grappled", "restrained"),
}


def _freed_from(
    words: str, sentence: str, names: list[str], encounter: Encounter
) -> tuple[list[str], list[str]]:
    """The one condition the sentence's one creature is freed from when the words name none
    ("Wiz can move again" while Wiz is paralyzed), and that creature; ([], names) where two
    conditions could be meant (unclear). What it is free "of" holds it ("Wiz squirms free of the
    owlbear": Wiz is freed)."""
    freed = _FREED.search(words)
    lowered = sentence.lower()
    held_by = [n for n in names if re.search(rf"\b(?:of|from) (?:the )?{re.escape(n.lower())}\b", lowered)]
    freed_ones = list(dict.fromkeys(n for n in names if n not in held_by))
    if freed is None or len(freed_ones) != 1:
        return [], names
    creature = encounter.find(freed_ones[0])
    held = creature.conditions if creature is not None else {}
    meant = [c for c in _STOPPED_BY[freed.group(1) or freed.group(2)] if c in held]
    return (meant, freed_ones) if len(meant) == 1 else ([], names)


def _to_total(left: int | None, sentence: str, encounter: Encounter) -> int:
    """The hit points gained (above 0) or lost (below) by the one creature the sentence names (or,
    of several, the one acted on) to have `left` (the tracker knows what it had); 0 where there is
    no total or no one creature."""
    named = named_in_full(sentence, encounter)
    if len(named) > 1:  # "Tor drops Goblin 2 to 0": the one acted on
        meant = _affected(sentence, [c.name for c in named], "damage")
        named = [c for c in named if c.name in meant]
    return 0 if left is None or len(named) != 1 else left - named[0].hp


def _toward(change: int, ops: list[str], words: str) -> list[str]:
    """The ops a total leaves: above what the creature had is healing ("the ogre to 12 hp" is
    harm; "Mira back at 40" from 20 is healing), and a total told as the other way is unclear."""
    wanted = "heal" if change > 0 else "damage"
    if ops == ["damage"] and wanted == "heal" and not re.search(HARM, words):
        return ["heal"]  # no harm said: only the total, and it is above what it had
    if ops in (["damage"], ["heal"]) and ops != [wanted]:
        raise DMCError(
            f"that total is {'above' if change > 0 else 'below'} what the tracker has, yet the line "
            f"tells of {ops[0]}; give the amount (hit NAME 7, heal NAME 5)"
        )
    return ops


def _one_meant(sentence: str, names: list[str]) -> None:
    """DMCError where the line calls a creature by a kind that several share ("hits the goblin"
    among Goblin 1 and Goblin 2): picking one would be a guess."""
    lowered = sentence.lower()
    kinds = {name.split()[0].lower() for name in names}
    if (
        len(set(names)) > 1
        and len(kinds) == 1
        and re.search(rf"\b{re.escape(next(iter(kinds)))}", lowered)
        and not any(re.search(rf"\b{re.escape(name.lower())}\b", lowered) for name in names)
    ):
        raise DMCError(f"which {next(iter(kinds))} is meant: {', '.join(sorted(set(names)))}?")


# "loses his temp hp and 3 more": the damage is what the temporary hit points were, and 3; 3 alone is wrong
_TEMP_AND_MORE = re.compile(r"\btemp(?:orary)?\b.*(?:\band|\bplus|\+) ?\d{1,3} (?:more|extra|besides)\b")


def schema_for(sentence: str, encounter: Encounter) -> dict:
    lowered = sentence.lower()
    if _TEMP_AND_MORE.search(lowered):
        raise DMCError(
            "that line tells of temporary hit points lost and more; give the whole damage (hit NAME 8)"
        )
    words = lowered  # the sentence without combatant names ("Goblin 1" holds no amount)
    for combatant in encounter.combatants:
        words = re.sub(rf"\b{re.escape(combatant.name.lower())}\b", " ", words)
    words = " ".join(words.split())
    every = sorted({int(n) for n in re.findall(r"\b\d{1,3}\b", words)})
    death_save = re.search(OP_WORDS["death_save"], words)
    numbers = every if death_save else amounts(words)  # a death save's roll is its amount
    if not numbers and (re.search(OP_WORDS["heal"], words) or (rolls_dice(words) and re.search(HARM, words))):
        numbers = rolled(words)  # "quaffs a healing potion, rolls 7", "takes 2d6 fire (rolled 8)"
    change, left = 0, hit_points_left(words)
    if not numbers:  # "Wiz goes down, 0 hp": the damage is what Wiz had
        change = _to_total(left, sentence, encounter)
        numbers = [abs(change)] if change else []
    types = [t for t in DAMAGE_TYPES if re.search(rf"\b{t}\b", words)]
    conditions = [c for c, pattern in CONDITION_WORDS.items() if re.search(pattern, words)]
    if left == 0:  # "unconscious at 0 hp": the tracker makes it so at 0 itself
        conditions = [c for c in conditions if c != "unconscious"]
    names = _names_in(sentence, encounter)
    if not conditions:  # "Wiz can move again": what holds Wiz, when one thing does
        conditions, names = _freed_from(words, sentence, names, encounter)
    ops = settled(_ops_in(words, conditions, types, numbers), numbers, conditions, types, words)
    ops = _toward(change, ops, words) if change else ops
    harmed = [n for n in names if n not in sources(sentence, names)]
    names = harmed if harmed and len(set(names)) > 1 else names
    if len(set(names)) > 1 and re.search(r"\b(?:each|both|all of them|every one)\b", words):
        raise DMCError("that sentence tells of more than one creature; give each its own line")
    if len(ops) == 1 and len(set(names)) > 1:
        names = _affected(sentence, names, ops[0])
    _one_meant(sentence, names)
    return {
        "type": "object",
        "properties": {
            "op": {"enum": ops},
            "target": {"enum": names},
            "amount": {"enum": numbers} if numbers else {"enum": [0]},
            "damage_type": {"enum": types or ["none"]},
            "condition": {"enum": conditions or ["none"]},
        },
        "required": ["op", "target", "amount", "damage_type", "condition"],
    }


def to_event(raw: dict) -> dict:
    op, target, amount = raw["op"], raw["target"], int(raw["amount"])
    if op in ("damage", "heal", "temp_hp"):
        event = {"op": op, "target": target, "amount": amount}
        if op == "damage" and raw.get("damage_type", "none") != "none":
            event["type"] = raw["damage_type"]
        return event
    if op == "death_save":
        return {"op": "death_save", "target": target, "roll": amount}
    condition = raw.get("condition", "none")
    if condition == "none":
        raise DMCError("the model proposed a condition change without naming a condition")
    return {"op": "condition", "target": target, ("add" if op == "condition_add" else "remove"): condition}


def translate(sentence: str, encounter: Encounter, engine: LanguageModel) -> Proposal:
    if not encounter.combatants:
        raise DMCError("add combatants before describing the fight")
    said, sentence = sentence, meant(sentence, encounter)  # "on the ogre? no, on Tor": Tor
    ended = re.search(OP_WORDS["condition_remove"], sentence.lower())
    if harm_not_taken(sentence) or (changes_nothing(sentence) and not ended):
        raise DMCError(
            "that changes nothing (a miss, a failed attempt, a save made, harm not taken): no event proposed"
        )
    sentence = with_numbers_named(sentence, encounter)  # "the third kobold": Kobold 3
    sentence = without_misses(sentence, [c.name for c in encounter.combatants])
    reading = read(sentence, encounter)
    if reading is not None:
        return Proposal(reading.event(choose_action(reading, sentence, engine)), said)
    schema = schema_for(sentence, encounter)
    combatants = ", ".join(
        f"{c.name} ({'player character' if c.pc else 'monster'})" for c in encounter.combatants
    )
    messages = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"Combatants: {combatants}.\nSentence: {sentence}"},
    ]
    raw = engine.complete_json(messages, schema, max_tokens=80)
    return Proposal(to_event(raw), said)
