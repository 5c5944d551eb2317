"""The words every command of the DM's command language (`language`) reads: a combatant's name
as typed ("gob 2", "dragon"), an amount, the adv/dis/2h/d20 flags, an action of a stat block,
targets and the saves given with them; and how each command is written (`USAGE`), for the error
that says so."""

from __future__ import annotations

import difflib
import re

from dm_companion.combat.state import Encounter
from dm_companion.dice import is_dice
from dm_companion.errors import DMCError
from dm_companion.srd.stat_block import action_key

USAGE = {
    "add": "add MONSTER [xN] [group] | add NAME [pc] hp N ac N [init N]",
    "init": "init | init NAME N | init NAME roll",
    "hit": "hit NAME AMOUNT [TYPE] [crit] [magic]",
    "heal": "heal NAME AMOUNT",
    "temp": "temp NAME AMOUNT",
    "cond": "cond NAME +CONDITION [ROUNDS] | cond NAME -CONDITION",
    "conc": "conc NAME SPELL",
    "save": "save NAME ABILITY ROLL",
    "ds": "ds NAME ROLL",
    "rm": "rm NAME",
    "atk": "atk ATTACKER TARGET ACTION [adv|dis] [2h] [d20 N[,N]] "
    "| atk NAME TARGET +BONUS DICE [TYPE] [d20 N]",
    "multi": "multi ATTACKER TARGET [TARGET ...one per attack] [opt N] [xN] [adv|dis]",
    "aoe": "aoe ACTOR ACTION TARGET ... [NAME=SAVE ...] | aoe ACTOR dc N ABILITY [DICE [TYPE]] [half] "
    "[+CONDITION] TARGET ...",
    "leg": "leg ACTOR ACTION [TARGET ...] [adv|dis] [d20 N]",
    "lr": "lr NAME",
    "react": "react NAME [WHAT]",
    "recharge": "recharge NAME ACTION [D6]",
}


class CommandError(DMCError):
    """A line the command language cannot read; says what was meant or how to write it."""


def combatant_named(args: list[str], encounter: Encounter) -> tuple[str, list[str]]:
    """The combatant a command names (the longest run of words that is one), and the rest."""
    if not args:
        raise IndexError
    names = [c.name for c in encounter.combatants]
    lowered = {n.lower(): n for n in names}
    for size in range(min(len(args), 4), 0, -1):
        phrase = " ".join(args[:size]).lower()
        if phrase in lowered:
            return lowered[phrase], args[size:]
    for size in range(min(len(args), 4), 0, -1):  # word-wise prefixes: "gob 2" is "Goblin 2"
        typed = [a.lower() for a in args[:size]]
        fits = [
            n
            for n in names
            if len(n.split()) == size and all(word.lower().startswith(t) for word, t in zip(n.split(), typed))
        ]
        if len(fits) == 1:
            return fits[0], args[size:]
        if len(fits) > 1 and size == 1:
            raise CommandError(f"'{args[0]}' could be {', '.join(fits)}; say which")
    typed = args[0].lower()  # one word of a longer name: "dragon" is the Adult Red Dragon
    within = [n for n in names if any(word.lower().startswith(typed) for word in n.split()[1:])]
    if len(within) == 1 and len(typed) >= 3 and not any(n.lower().startswith(typed) for n in names):
        return within[0], args[1:]
    prefix = [n for n in names if n.lower().startswith(args[0].lower())]
    if len(prefix) > 1:
        raise CommandError(f"'{args[0]}' could be {', '.join(prefix)}; say which")
    near = difflib.get_close_matches(args[0].lower(), list(lowered), n=1, cutoff=0.5)
    hint = f"; did you mean '{lowered[near[0]]}'?" if near else ""
    raise CommandError(f"no combatant '{args[0]}'{hint}" + ("" if names else " (add someone first)"))


def amount_of(text: str) -> int | str:
    if re.fullmatch(r"\d+", text):
        return int(text)
    if is_dice(text) and re.fullmatch(r"[\dd+\-*() ]+", text.lower()):
        return text.lower()
    raise CommandError(f"'{text}' is not an amount (a number or dice like 2d6+3)")


def flags_of(words: list[str], event: dict) -> list[str]:
    """Moves adv/dis/2h/"d20 N[,N]" from the words into the event; returns the other words."""
    rest, words = [], list(words)
    while words:
        word = words.pop(0)
        lowered = word.lower()
        if lowered in ("adv", "advantage"):
            event["advantage"] = True
        elif lowered in ("dis", "disadv", "disadvantage"):
            event["disadvantage"] = True
        elif lowered in ("2h", "two-handed", "twohanded"):
            event["two_handed"] = True
        elif lowered == "d20":
            faces = [int(face) for face in words.pop(0).split(",")]
            event["d20"] = faces if len(faces) > 1 else faces[0]
        else:
            rest.append(word)
    return rest


def action_named(words: list[str], records: list[dict], who: str, what: str) -> tuple[str, list[str]]:
    """The action named by the longest run of leading words, and the words after it; a name
    that is none of them is refused with the nearest one and the list."""
    known = {action_key(r["name"]): r["name"] for r in records}
    for size in range(len(words), 0, -1):
        key = action_key(" ".join(words[:size]))
        if key in known:
            return known[key], words[size:]
    typed = " ".join(words).lower()
    near = next(
        (
            found
            for size in range(min(len(words), 4), 0, -1)
            for found in difflib.get_close_matches(action_key(" ".join(words[:size])), list(known), 1, 0.6)
        ),
        None,
    )
    hint = f"did you mean '{known[near]}'? " if near else ""
    raise CommandError(
        f"{who} has no {what} '{typed}'; {hint}(its {what}s: {', '.join(known.values()) or 'none'})"
    )


def targets_named(words: list[str], encounter: Encounter) -> tuple[list[str], dict[str, int]]:
    """Combatants named one after another, and NAME=TOTAL saving throws given by the DM."""
    names, saves = [], {}
    while words:
        if "=" in words[0]:
            who, total = words.pop(0).rsplit("=", 1)
            name, _ = combatant_named(who.split(), encounter)
            saves[name] = int(total)
            continue
        name, words = combatant_named(words, encounter)
        names.append(name)
    return names, saves
