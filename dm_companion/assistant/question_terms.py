"""The numbers and terms a rules question gives: a character level (not a slot level), a spell
slot level, an ability, an ability score, a modifier, a CR, a number before some words, and the
stems of the words that carry its meaning.

One reader for each, shared by the fact engine ("wizard spell slots at level 5") and the
calculators ("a 5th-level wizard with 16 Intelligence: spell save DC?"). Questions are read
lowercased.
"""

from __future__ import annotations

import re

from dm_companion.srd.scores import ABILITIES, ABILITY_NAMES
from dm_companion.wording import NUMBER_WORDS

ABILITY = (
    r"(?P<ability>str(?:ength)?|dex(?:terity)?|con(?:stitution)?|int(?:elligence)?|"
    r"wis(?:dom)?|cha(?:risma)?)"
)
CR = r"(?:cr|challenge(?: rating)?)\s*(?P<cr>\d+/\d+|\d+(?:\.\d+)?)"
_SLOT_LEVEL = re.compile(
    r"\b(\d)(?:st|nd|rd|th)?[- ]level (?:spell )?slots?\b|\blevel (\d) (?:spell )?slots?\b"
)


_NUMBER_WORD = re.compile(r"(?<![\w-])(" + "|".join(NUMBER_WORDS) + r")(?![\w-])")  # not "three-quarters"


def with_digits(question: str) -> str:
    """Number words as digits ("two cr 3 monsters": "2 cr 3 monsters"), for the calculators."""
    return _NUMBER_WORD.sub(lambda match: str(NUMBER_WORDS.index(match.group(1))), question)


def level_in(question: str) -> int | None:
    """The character level a question is about ("level 5", "5th-level", "lvl 5"), not a slot level."""
    question = _SLOT_LEVEL.sub(" ", question)
    match = re.search(r"\b(?:level|lvl|lv)\s*(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th)?[- ]level\b", question)
    if not match:
        return None
    number = int(match.group(1) or match.group(2))
    return number if 1 <= number <= 20 else None


def slot_level_in(question: str) -> int | None:
    match = _SLOT_LEVEL.search(question)
    return int(match.group(1) or match.group(2)) if match else None


def ability_in(question: str) -> str | None:
    """The first ability the question names, by abbreviation or name ("dex", "wisdom")."""
    for abbr in ABILITIES:
        if re.search(rf"\b({abbr}|{ABILITY_NAMES[abbr].lower()})\b", question):
            return abbr
    return None


def ability_abbr(word: str) -> str:
    return word[:3].lower()


def score_in(question: str, ability: str | None = None) -> tuple[str, int] | None:
    """An ability score the question gives: "strength 15", "15 strength", "STR of 15", "a score of 15"."""
    name = ability or ABILITY
    for pattern in (  # a signed number is a modifier: "+2 con" gives no score of 2
        rf"\b{name}\s*(?:score\s*)?(?:of|is|=|:)?\s*(?<![+-])(?P<score>\d{{1,2}})\b",
        rf"(?<![+-])\b(?P<score>\d{{1,2}})\s*(?:in\s*|points? of\s*)?{name}\b",
    ):
        match = re.search(pattern, question)
        if match and 1 <= int(match["score"]) <= 30:
            found = match.groupdict().get("ability") or ability or "str"
            return ability_abbr(found), int(match["score"])
    match = re.search(
        r"\bscore (?:of |is )?(?P<score>\d{1,2})\b|\b(?P<alone>\d{1,2}) (?:ability )?score\b", question
    )
    if match:
        score = int(match["score"] or match["alone"])
        if 1 <= score <= 30:
            return (ability or ""), score
    return None


def modifier_in(question: str) -> int | None:
    """A modifier the question states outright: "+4 modifier", "modifier of +3", "a +2 mod", "+2 con"."""
    match = re.search(
        r"(?:modifier|mod)\s*(?:of|is)?\s*(?P<m>[+-]\d{1,2})\b|(?P<n>[+-]\d{1,2})\s*(?:\w+\s)?(?:modifier|mod)\b"
        rf"|(?<![\w+-])(?P<a>[+-]\d{{1,2}})\s*{ABILITY}\b"
        rf"|\b{ABILITY.replace('ability', 'named')}\s*(?P<b>[+-]\d{{1,2}})\b",  # "+2 con", "con +2"
        question,
    )
    return int(match["m"] or match["n"] or match["a"] or match["b"]) if match else None


def number_before(question: str, words: str) -> int | None:
    match = re.search(rf"\b(\d+)\s*(?:points? of\s*|pts?\s*)?(?:\w+\s)?{words}", question)
    return int(match.group(1)) if match else None


def cr_value(text: str) -> float:
    if "/" in text:
        top, bottom = text.split("/")
        return int(top) / int(bottom)
    return float(text)


def cr_text(cr: float) -> str:
    return {0.125: "1/8", 0.25: "1/4", 0.5: "1/2"}.get(cr, f"{cr:g}")


IGNORED = frozenset(
    """does do did is are was were can could will would should has have had must may
    a an the of to on in at by for with from into onto and or if it its it's their they them this that
    these those any some get gets got make makes what when while who whom which whose how there here
    than then also still ever really actually just even one ones you your yours i me my we our us
    he she his her him""".split()
)
# Words that frame a question without asking anything of their own ("quick question: what does
# the grappled condition mean exactly", "how tanky is a troll"), nor naming anything.
FRAME_WORDS = frozenset(
    """please quick question whats what's mean means happen happens work works
    explain tell about condition rule rules many much effect effects being describe description
    exactly again like gets have stats tanky beefy tough armour hard hits creature someone something
    thing""".split()
)
_WORD = re.compile(r"[a-z]+")
_SUFFIXES = ("ing", "ed", "es", "s", "ly", "e")


# Past tenses that no ending takes off: a question asked with "did" ("what did Hesk sell us")
# meets the note told in the past ("Hesk sold the party three potions").
_PAST = dict(
    pair.split(":")
    for pair in """sold:sell gave:give told:tell found:find took:take bought:buy fought:fight met:meet
    left:leave brought:bring stole:steal paid:pay said:say knew:know saw:see won:win lost:lose
    kept:keep ran:run came:come went:go swore:swear hid:hide fled:flee caught:catch sent:send
    spent:spend wrote:write""".split()
)


def stem(word: str) -> str:
    """The word's first five letters once a common ending is off ("saves" and "saving" meet,
    "carries" and "carry"; "sold" and "sell")."""
    word = _PAST.get(word, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix in ("es", "ed") and word.endswith("i"):
                word = word[:-1] + "y"  # "carries", "carried": "carry"
            break
    return word[:5]


def content_stems(text: str) -> set[str]:
    """The stems of the words that carry meaning (question frames, pronouns and articles out)."""
    return {stem(word) for word in _WORD.findall(text.lower()) if len(word) > 2 and word not in IGNORED}


# A spell cast from a wand, staff, rod or ring ("casts fireball from a wand of fireballs", "uses a
# wand to cast entangle"): the item's rules, not the spell's own, say its components and casting time.
CAST_FROM_AN_ITEM = re.compile(
    r"\bcast\w*\b[^.?!]{0,60}\b(?:from|using|through|out of|with) "
    r"(?:a|an|the|my|his|her|its|their|this|that) (?:[a-z]+ )?(?:wand|staff|rod|ring)s?\b"
    r"|\b(?:wand|staff|rod|ring)s? (?:of [a-z ]{3,30})?to cast\b",
    re.IGNORECASE,
)
FRAME_STEMS = content_stems(" ".join(FRAME_WORDS))  # the frame words as `content_stems` gives them
