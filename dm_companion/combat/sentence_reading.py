"""What a DM's free sentence says before any model reads it, so it is never read backwards.

- A line that changes nothing (a miss, an arrow gone wide, a failed attempt, a save made) gives
  no event: `changes_nothing` says why, and nothing is proposed.
- Ordinals and positions name one creature: "the third kobold", "the last one of the goblins",
  "kobold #3" and "kobold number 3" are written as its name (`with_numbers_named`).
- The source of the harm is not its target: a creature after "from" or "by", or owning the
  weapon ("the wight's blade"), is left out when another is named (`sources`).
- Numbers that are not an amount (feet fallen, a DC, a roll's total, an AC) are left out, and
  of a rolled amount and what a resistance made of it ("13, so 6") the last is dealt (`amounts`).
- A condition only named ("the charm on Mira", "the web holding Wiz") or denied ("Mira isn't
  frightened") does not start one: a word must say it does ("charmed", "webs", "knocks down":
  `condition_starts`).
"""

from __future__ import annotations

import re

from dm_companion.combat.change_words import CONDITION_NOUNS, ON_ITS_BACK, WOUNDS
from dm_companion.combat.state import Encounter
from dm_companion.srd.tables import DAMAGE_TYPES
from dm_companion.wording import NUMBER_WORDS, ORDINAL_WORDS

_NOTHING = re.compile(
    r"\bmiss(?:es|ed)?\b|\bgoes wide\b|\bwent wide\b|\bwhiffs?\b|\bfails? to\b|\b(?:doesn't|does not|didn't|"
    r"did not|can't|cannot) (?:hit|land|connect|hurt)\b|\b(?:bounces?|glances?|clangs?) off\b|\bdodge[sd]\b|"
    r"\b(?:manages?|managed|able) to dodge\b|"
    r"\bresists?\b|\bmakes? (?:her|his|its|their|the) save\b|\bsaves? against\b|\bsucceeds? on\b|"
    r"\b(?:nobody|no one|nothing) (?:is|was) (?:hurt|hit)\b|\bno damage\b|"
    r"\btries to\b.*\b(?:but|and fails)\b|"
    # a spell or effect that fails or fizzles ("Wiz's hold person fails"), not a save that fails
    r"\b(?:spell|magic|\w+'s (?!save|saving|check|roll)\w+(?: (?!save|saving)\w+)?) (?:fails|fizzles)\b"
    r"(?! (?:its|his|her|the) save)",
    re.IGNORECASE,
)
# Harm the creature does not take, its amount said: "shrugs off 3 damage thanks to the ward".
_UNHARMED = re.compile(
    r"\b(?:shrugs?|shakes?) off (?:the |all (?:the )?)?\d{1,3} (?:damage|dmg|points?)\b|"
    r"\b(?:ignores?|negates?) (?:the |all (?:the )?)?\d{1,3} (?:damage|dmg)\b",
    re.IGNORECASE,
)
# An amount dealt beside the miss, the save or the resistance: "takes half: 4", "beak hits Tor (8),
# claws miss", "12 slashing, but it resists: 6".
_AMOUNT_GIVEN = re.compile(
    r"\b(?:takes|for|deals|does|dealing|taking)(?:\s+(?:only|just|half(?: damage)?))?\W{0,3}\d|"
    r"\bhalf(?: damage)?\W{1,3}\d|\bhits?\b[^.;!?]*?\(\d{1,3}\)|\b\d{1,3}\s*(?:dmg|damage|pts)\b|"
    r"\bresist\w*\W{1,3}\d",  # "it resists: 6": what is left of it
    re.IGNORECASE,
)
_POSITION = re.compile(
    rf"\b(?:the )?({'|'.join(ORDINAL_WORDS[1:])}|last|\d(?:st|nd|rd|th)) ([a-z]+?)s?\b", re.IGNORECASE
)
_NUMBERED = re.compile(  # "kobold #3", "kobold number 3", "goblin one"
    rf"\b([a-z]+) (?:(?:#\s?|number |no\.? ?)(\d+)|({'|'.join(NUMBER_WORDS[1:11])}))\b", re.IGNORECASE
)
_SHORT_KIND = re.compile(r"\b([a-z]{3,}) (\d{1,2})\b", re.IGNORECASE)  # "gob 1" for "Goblin 1"
_ARROW = r"(?:->|=>|\u2192)"  # "50 -> 38": what was, then what is
_LEFT = (  # "21 hp left", "hp: 50 -> 38", "ogre → 30", "Tor is at 31": a total, not a change
    rf"\b(\d{{1,3}})\s*(?:hp|hit points)?\s+(?:left|remaining)\b|{_ARROW}\s*(\d{{1,3}})\b|"
    r"\b(\d{1,3})(?=\s*/\s*\d{1,3}\b)|"  # "owlbear 23/50": what it has of its maximum
    r"(?:\b(?:is|are|now)|'s) (?:now )?at (\d{1,3})\b(?!\s*(?:feet|foot|ft\b|'|range))|"
    r"\b(?:hp|hit points)(?: (?:is|are))? now(?: at)? (\d{1,3})\b|"  # "ogre's hp is now 22"
    r"(?<!\bup )\bto (\d{1,3})\s*(?:hp|hit points)\b|"  # "ogre to 12 hp"
    r"\bback (?:up )?(?:at|to) (\d{1,3})\b|"  # "Mira back at 40"
    r"\bat (?:half|full|low|a quarter) (?:health|hp|hit points)\W{1,3}(\d{1,3})\b|"  # "at half health, 13 hp"
    r"\b(?:has|have)(?: only| just)? (\d{1,3})\s*(?:hp|hit points)\b(?! (?:of|more|less|fewer))|"
    r"\bfrom \d{1,3} (?:hp |hit points )?(?:down |up )?to (\d{1,3})\b|"  # "hp goes from 50 to 44"
    r"(?<!temp )(?<!temporary )"  # "Mira's hp: 42", not "Tor's temp hp: 8"
    rf"\b(?:hp|hit points)\s*(?::|=)\s*(\d{{1,3}})\b(?!\s*(?:{_ARROW}|/))|"
    r"^\s*:\s*(\d{1,3})\s*(?:hp|hit points)\W*$"  # "ogre: 31 hp" (the name taken out): a readout
)
# The amount a resistance, a save or a vulnerability made of the one rolled ("13 but he has
# resistance, so 6", "18, halved to 9"): the last one said is the one dealt.
_CHANGED_TO = re.compile(
    r"\b(?:resist\w*|halved?|half|vulnerab\w*|doubled?)\b[^.;!?]*?(?:\bso\b|\bto\b|=|:|,|->|\u2192)\s*"
    r"(?:only |just )?(\d{1,3})\b(?!\s*(?:feet|foot|ft\b))",
    re.IGNORECASE,
)
# Half of an amount, with what it comes to left unsaid ("takes half of 14", "14, halved"): the
# rules round it down.
_HALF_OF = re.compile(
    r"\bhalf (?:of )?(?:the |a )?(\d{1,3})\b|\b(\d{1,3})\W{0,3}halved\b(?!\W{0,3}(?:to|=|:|->)?\s*\d)"
)
_ROLLED = r"\b(?:rolls?|rolled|rolling)(?: an?)? (\d{1,3})\b"  # "rolls 7", "rolled a 12": a roll's total
_NOT_AMOUNT = re.compile(
    r"\b(\d{1,3})\s*(?:feet|foot|ft\b|')|\b(?:dc|ac|level|lvl)(?:\s*(?:is|was|of|=|:))?\s*(\d{1,3})\b|"
    r"\b(\d{1,3})\s+to hit\b|\b(?:checks?|concentration (?:saves?|saving throws?|rolls?))\W{0,3}"
    r"(?:of |is |was |=\s*)?(\d{1,3})\b|"  # "concentration check: 15": a roll, not an amount
    r"\b(\d{1,3})\s*(?:minutes?|min|rounds?|hours?|turns?)\b|"
    r"\b(\d{1,2})\s*(?:beams?|darts?|rays?|missiles?|arrows?|bolts?|attacks?|times|targets?|"
    r"hit di(?:e|ce))\b|"  # a count
    r"\b(?:ac|dc)\b[^.,;]{0,20}?\b(?:to|of|is|at|=)\s*(\d{1,3})\b|"  # "AC goes up to 16"
    r"\bfrom (\d{1,3}) (?:hp |hit points )?(?:down |up )?to (\d{1,3})\b|"  # what it had, what it has
    rf"{_LEFT}|\bat (\d{{1,3}})\s*(?:hp|hit points)\b|"
    rf"\b(\d{{1,3}})(?=\s*{_ARROW})|(?<=/)\s*(\d{{1,3}})\b|"  # had: "50 -> 38"; maximum: "23/50"
    r"\b(?:drops?|dropped|falls?|fell|goes|went|down) to (\d{1,3})\b|"
    r"\bnat(?:ural)?\s*(\d{1,2})\b|"  # "nat 1": a die's face
    r"\b(\d{1,2}) on (?:its|his|her|their|the|a) (?:\w+ )?(?:save|saving throw|check|roll)\b|"  # a d20
    rf"{_ROLLED}(?!\s*(?:dmg|damage|points?|pts|hp|healing|{'|'.join(DAMAGE_TYPES)})\b)",
    re.IGNORECASE,
)


def named_in_full(text: str, encounter: Encounter) -> list:
    """The combatants the text calls by their whole name ("Goblin 2", not "the goblin")."""
    return [c for c in encounter.combatants if re.search(rf"\b{re.escape(c.name.lower())}\b", text.lower())]


def changes_nothing(sentence: str) -> bool:
    """Whether the line tells of something that changed nothing ("kobold 3 misses Wiz", "Tor
    fails to grapple the owlbear", "Mira makes her save"), with no amount dealt beside it."""
    return bool(_NOTHING.search(sentence)) and not _AMOUNT_GIVEN.search(sentence)


def harm_not_taken(sentence: str) -> bool:
    """Whether the line tells of an amount of harm the creature does not take ("Wiz shrugs off 3
    damage thanks to the ward"): its number is no damage, and "shrugs off" ends no condition."""
    return bool(_UNHARMED.search(sentence))


def with_numbers_named(sentence: str, encounter: Encounter) -> str:
    """The sentence with "the third kobold", "the last goblin" and "kobold #3" written as the
    combatant they name ("Kobold 3"), where there is one."""

    def numbered(kind: str) -> list[str]:
        found = [
            c.name for c in encounter.combatants if re.fullmatch(rf"{re.escape(kind)}s? \d+", c.name.lower())
        ]
        return sorted(found, key=lambda name: int(name.rsplit(" ", 1)[1]))

    def by_position(match: re.Match) -> str:
        which, kind = match.group(1).lower(), match.group(2).lower()
        names = numbered(kind)
        if not names:
            return match.group(0)
        if which == "last":
            return names[-1]
        at = ORDINAL_WORDS.index(which) if which in ORDINAL_WORDS else int(which[:-2])
        wanted = f"{names[0].rsplit(' ', 1)[0]} {at}"
        return wanted if wanted in names else match.group(0)

    def by_number(match: re.Match) -> str:
        names = numbered(match.group(1).lower())
        number = match.group(2) or NUMBER_WORDS.index(match.group(3).lower())
        wanted = f"{names[0].rsplit(' ', 1)[0]} {number}" if names else ""
        return wanted if wanted in names else match.group(0)

    def by_short_kind(match: re.Match) -> str:  # "gob 1": Goblin 1, where one kind begins so
        kinds = {c.name.rsplit(" ", 1)[0] for c in encounter.combatants if re.search(r" \d+$", c.name)}
        meant = [
            k for k in kinds if k.lower().startswith(match.group(1).lower()) and len(k) > len(match.group(1))
        ]
        wanted = f"{meant[0]} {match.group(2)}" if len(meant) == 1 else ""
        return wanted if encounter.find(wanted) else match.group(0)

    named = _NUMBERED.sub(by_number, _POSITION.sub(by_position, sentence))
    return _SHORT_KIND.sub(by_short_kind, named)


def without_misses(sentence: str, names: list[str]) -> str:
    """The line without its clauses that change nothing ("kobold 1 misses, kobold 2 hits Mira for
    3"): a miss told beside a hit is no part of the change, and its creature is no target. Kept
    whole where what is left names no creature ("Mira makes her save, takes half: 4")."""
    clauses = re.split(r"[,;]\s*|\s+but\s+", sentence)
    kept = [clause for clause in clauses if not changes_nothing(clause)]
    rest = " ".join(kept)
    named = any(re.search(rf"\b{re.escape(name.lower())}\b", rest.lower()) for name in names)
    return rest if kept and len(kept) < len(clauses) and named else sentence


# After "X's", words that are not a thing X harms with: "Tor's shoved", "Tor's AC 18", "Tor's turn".
_NOT_AN_ACTOR = (
    r"(?:shoved|hit(?! of)|knocked|down|out|up|been|going|ac|armou?r|shield|helm\w*|hp|hit points|turn|"
    rf"initiative|saves?|saving|concentration|death)\b|{WOUNDS}"
)


# Verbs that take hit points away from a creature: after them "from" names who loses them ("the
# wight drains 9 from Mira"), not where the harm comes from.
_TAKES_AWAY = r"\b(?:drain|steal|stole|leech|sap|siphon|suck)(?:s|es|ed|ped)?\b[^.;!?]*"


def _comes_from(lowered: str, creature: str) -> bool:
    """Whether the creature follows "by", "in fear of", or "from" with no verb before it (in its
    clause) that takes hit points away."""
    return any(
        match.group(1) != "from" or not re.search(_TAKES_AWAY + "$", lowered[: match.start()])
        for match in re.finditer(rf"\b(by|from|(?:fear|afraid|scared|terrified) of) {creature}", lowered)
    )


def sources(sentence: str, names: list[str]) -> set[str]:
    """The named creatures the harm comes from, not goes to: after "from" (not after a verb that
    takes hit points away), "by" or "in fear of" ("from the wight's blade", "hit by kobold 1"), or
    owning what acts ("Mira's arrow", not "Tor's shoved")."""
    lowered = sentence.lower().replace("\u2019", "'")
    found = set()
    for name in names:
        said = re.escape(name.lower())
        kind = re.escape(name.split()[0].lower())
        if _comes_from(lowered, rf"(?:the )?(?:{said}|{kind})\b") or re.search(
            rf"\b(?:{said}|{kind})'s (?!{_NOT_AN_ACTOR})[a-z]", lowered
        ):
            found.add(name)
    return found


_DICE = re.compile(  # a roll's formula ("2d10 -> 11": the roll, then its total; "3 + 4 = 7")
    rf"\b\d*d\d+(?:\s*[+-]\s*\d+)?\b(?:\s*{_ARROW})?|\b\d{{1,3}}(?:\s*\+\s*\d{{1,3}})+\s*(?:=|{_ARROW})",
    re.IGNORECASE,
)
_HIT_POINTS_LEFT = re.compile(
    r"\b(?:drops?|dropped|falls?|fell|goes|went|is|now|down)(?: down)? to (\d{1,3})\b(?!\s*(?:feet|foot|ft))|"
    rf"{_LEFT}|\b(\d{{1,3}})\s*(?:hp|hit points)\b",
    re.IGNORECASE,
)


def hit_points_left(words: str) -> int | None:
    """The hit points a line says a creature is left with ("down to 3", "goes down, 0 hp", "21
    hp left"), where it says one total and no amount: the change is what it had less that."""
    found = {int(n) for match in _HIT_POINTS_LEFT.finditer(words) for n in match.groups() if n}
    return found.pop() if len(found) == 1 else None


def rolled(words: str) -> list[int]:
    """The totals the sentence says were rolled ("rolls 7", "rolled a 12")."""
    return sorted({int(n) for n in re.findall(_ROLLED, words)})


def rolls_dice(words: str) -> bool:
    """Whether the sentence gives a roll's dice ("2d6 fire (rolled 8)"): its total is the amount."""
    return bool(_DICE.search(words))


def amounts(words: str) -> list[int]:
    """The numbers of the sentence that may be an amount (not feet, a DC, an AC, a level, a
    to-hit bonus, a roll's total or a die's face; never 0: "goes down, 0 hp" tells a total,
    and no change is of nothing)."""
    words = _DICE.sub(" ", words)  # "2d8+4 = 13": the roll's formula, then its total
    left_out = {0} | {int(n) for match in _NOT_AMOUNT.finditer(words) for n in match.groups() if n}
    found = sorted({int(n) for n in re.findall(r"\b\d{1,3}\b", words)} - left_out)
    reduced = [int(m.group(1)) for m in _CHANGED_TO.finditer(words) if int(m.group(1)) in found]
    if len(found) > 1 and reduced:
        return reduced[-1:]
    halved = _HALF_OF.search(words)
    return (
        [found[0] // 2] if found and halved and int(halved.group(1) or halved.group(2)) == found[0] else found
    )


_CAUGHT_IN = re.compile(
    r"\b(?:(?:caught|stuck|trapped|snared|ensnared|wrapped|held|pinned) (?:in|by|under|beneath)|"
    r"(?:frozen|trembling|shaking|quaking) in|"  # "frozen in fear"
    r"(?:stumbl|blunder|walk|run|ran|step|wander|stagger|fall|fell|tumbl)\w* (?:right |straight )?into)"
    r" (?:the |an? )?$"
)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an)\s+$")
_CASTER_BEFORE = re.compile(r"\b(?:cast(?:s|ing)?|concentrat\w* on|maintain\w*|keeps? up|sustain\w*)\s+$")
_CAST_AT = re.compile(r"hold (?:person|monster)\s+(?:on|at|against|targeting)\b")
_NEGATED = re.compile(r"\b(?:not|never|no|immune)\b|n't\b")
_STARTS = {  # where the condition's words also name its ending ("gets up", "comes to")
    "prone": r"prone|knock(?:s|ed)? (?:\w+ )?(?:down|over|flat|off (?:its|his|her|their) feet)|"
    r"trip(?:s|ped)\b|(?:falls?|fell) (?:down|over|flat)|\btopple|"
    r"(?:tumbles?|tumbled|tips?|tipped) over\b(?! (?:the|an?)\b)|"
    rf"\bflat on (?:its|his|her|their) back|{ON_ITS_BACK}",
    "unconscious": r"unconscious|knock(?:s|ed)? out|pass(?:es|ed)? out|asleep|\bto sleep\b|\bnap\b|"
    r"\bdoz(?:es|ed|ing)? off|\bnods? off|"
    r"los(?:es|t|ing) consciousness",
}


def condition_starts(condition: str, pattern: str, words: str) -> bool:
    """Whether the words say the condition starts: a word of it that is not only its name as a
    thing ("charmed", "grabs", "paralyzes", "hold person"; not "the charm", "the web"), not
    denied in its clause ("isn't charmed") and not a creature's description ("the poisoned ogre")."""
    starts = _STARTS.get(condition)
    for match in re.finditer(starts or pattern, words):
        if _NEGATED.search(re.split(r"[.,;!?]| but ", words[: match.start()])[-1]):
            continue  # "Mira isn't frightened", "Tor is not poisoned (immune)": nothing starts
        caught = _CAUGHT_IN.search(words[: match.start()])  # "caught in the web" starts it
        word = re.match(r"[a-z]*", words[match.start() :]).group(0)
        if word.endswith("ed") and _DETERMINER_BEFORE.search(words[: match.start()]) and not caught:
            continue  # "the poisoned ogre takes 6": it was poisoned already
        spell = words[match.start() :].startswith(("hold person", "hold monster"))
        cast_by = _CASTER_BEFORE.search(words[: match.start()])
        if spell and cast_by and not _CAST_AT.match(words[match.start() :]):
            continue  # "Wiz concentrates on hold person": the caster is not the one held
        if starts or spell or caught or word not in CONDITION_NOUNS:
            return True
    return False
