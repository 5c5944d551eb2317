"""The model's name, looks and story held to the sheet the rules built.

The model is told the sheet's race and class, but a 135M model copies its worked example as
readily as it follows the facts ("A broad, grey-braided dwarf with soot on her hands" for a High
Elf Cleric). Each sentence of the appearance and backstory is read for what it says of the
character, and one that contradicts the sheet is dropped with the reason the DM is shown:
- a race: in the appearance (which describes the character and no one else) any other race's
  noun or adjective ("dwarf", "elven"); in the backstory another race's noun where the sentence
  says what the character is ("Aria, a young dwarf", "she was a dwarf", "born a halfling");
  plurals ("raised among dwarves") are other people and stand;
- a class, the same way ("as a wizard", "A wiry rogue with ...");
- a level ("a 3rd-level cleric" on a level 5 sheet);
- another name where a sentence tells the character's life ("Kaelin tended the forge" in Elian's
  story: the model renamed the character, or retold the example's Hilda);
- pronouns other than those the DM set (`pronouns`): in the appearance any of them; in the
  backstory only where no one else is in the sentence or the one before it ("Her father was a
  smith. He taught her the forge." stands for a she/her character);
- a sentence that copies the worked example in the prompt (ROUGE-L echo of COPY_MAX or more).
What the sheet does not say (eyes, home town, deeds) is the model's to invent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dm_companion.characters import pronouns
from dm_companion.characters.sheet import Sheet
from dm_companion.overlap import echo, sentences
from dm_companion.proper_names import proper_names

COPY_MAX = 0.6  # a sentence this much made of the example's words is the example, not this character

# Each SRD race's words: a noun for one of them, and the adjectives of its people.
RACE_WORDS = {
    "Dragonborn": ("dragonborn",),
    "Dwarf": ("dwarf", "dwarven", "dwarvish", "dwarfish"),
    "Elf": ("elf", "elven", "elvish", "elfin"),
    "Gnome": ("gnome", "gnomish"),
    "Halfling": ("halfling",),
    "Human": ("human",),
    "Tiefling": ("tiefling", "infernal-blooded"),
    "Orc": ("orc", "orcish"),
    "Half-Elf": ("half-elf", "half-elven"),
    "Half-Orc": ("half-orc", "half-orcish"),
}
RACE_NOUNS = {words[0] for words in RACE_WORDS.values()}  # one of them; the rest are adjectives
HERITAGE = {"Half-Elf": ("Half-Elf", "Elf", "Human"), "Half-Orc": ("Half-Orc", "Orc", "Human")}
CLASSES = (
    "barbarian",
    "bard",
    "cleric",
    "druid",
    "fighter",
    "monk",
    "paladin",
    "ranger",
    "rogue",
    "sorcerer",
    "warlock",
    "wizard",
)
# A sentence about someone named, told as the character's life: "Kaelin tended the forge ...".
_SUBJECT_NAME = re.compile(
    r"^(?!(?:She|He|They|The|This|That|Her|His|Their|One|Now|Then|There|Once|Everyone|"
    r"Nobody|Someone|Life|Home|Faith|War|Years?)\b)([A-Z][a-z]{2,})(?:'s)? "
    r"(?:was|is|had|has|grew|lived|tended|became|spent|left|loved|"
    r"served|trained|learned|worked|fled|swore|travels|travell?ed|carried|lost|dreams?|"
    r"wants?|seeks?|sought|joined|studied|vowed)\b"
)
_ORDINAL = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_LEVEL = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)|(" + "|".join(_ORDINAL) + r"))[- ]level\b|\blevel (\d{1,2})\b",
    re.IGNORECASE,
)
# Someone else in a story, whom a pronoun may mean instead of the character.
_OTHERS = frozenset(
    """father mother brother sister son daughter wife husband uncle aunt grandfather grandmother
    cousin twin mentor master teacher tutor king queen prince princess lord lady duke knight captain
    man woman boy girl friend lover rival priest priestess stranger merchant child parent widow widower chief
    chieftain elder hermit sage abbot abbess smith baron baroness""".split()
)
_PLACE_BEFORE = frozenset("in at of from to near across through into beyond under over".split())
# Words that end a noun phrase's adjectives: "a man who met a dwarf" does not call the man a dwarf.
_FUNCTION_WORDS = (
    "(?:who|whom|whose|that|which|with|and|or|but|of|in|from|by|to|for|at|on|a|an|the|"
    "her|his|their|its|my|she|he|they|met|saw|knew|loved|served)"
)


def own_race_words(sheet: Sheet) -> set[str]:
    """The words that may describe this character's race (a half-elf is also elven and human)."""
    races = HERITAGE.get(sheet.race, (sheet.race,))
    return {w for race in races for w in RACE_WORDS.get(race, ())}


def _word(text: str) -> str:
    return r"(?<![\w-])" + re.escape(text) + r"(?![\w-])"


def _said(words: Sequence[str], match: re.Match) -> str:
    """Which of `words` an `_as_what` match is."""
    return next(w for w in words if re.search(_word(w), match.group(0), re.IGNORECASE))


def _as_what(words: list[str]) -> re.Pattern:
    """Where a sentence says what the character is: an opening "A/An ..." noun phrase, or after
    is/was/as/born/became, or an apposition ("Aria, a young dwarf")."""
    noun = "(?:" + "|".join(_word(w) for w in words) + ")"
    adjectives = rf"(?:(?!{_FUNCTION_WORDS}\b)[\w'-]+,?\s+){{0,4}}?"
    return re.compile(
        rf"^an?\s+{adjectives}{noun}(?!'s)"
        rf"|\b(?:is|was|as|born|became|become|becoming|remains?|trained as|raised as)"
        rf"\s+(?:an?|the)\s+{adjectives}{noun}(?!'s)"
        rf"|^[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?,\s+(?:an?|the)\s+{adjectives}{noun}(?!'s)",
        re.IGNORECASE,
    )


def contradiction(
    sentence: str, sheet: Sheet, describes_character: bool, examples: Sequence[str] = (), before: str = ""
) -> str | None:
    """Why `sentence` contradicts the sheet (or copies one of the prompt's `examples`), or None.
    `describes_character`: the sentence is of the appearance, so every race word in it is the
    character's; `before`: the sentence before it in the same text."""
    race = sheet.subrace or sheet.race
    own = own_race_words(sheet)
    foreign = [w for words in RACE_WORDS.values() for w in words if w not in own]
    if describes_character:
        found = [w for w in foreign if re.search(_word(w), sentence, re.IGNORECASE)]
    else:
        found = [w for w in foreign if w in RACE_NOUNS and _as_what([w]).search(sentence)]
    if found:
        return f"the sheet says {race}, not {found[0]}"
    other_classes = [c for c in CLASSES if c != sheet.char_class.lower()]
    match = _as_what(other_classes).search(sentence)
    if match:
        return f"the sheet says {sheet.char_class}, not {_said(other_classes, match)}"
    for digits, word, after in _LEVEL.findall(sentence):
        level = int(digits or after) if (digits or after) else _ORDINAL[word.lower()]
        if level != sheet.level:
            return f"the sheet says level {sheet.level}, not {level}"
    if sheet.pronouns and (
        why := _other_pronoun(sentence, sheet, describes_character, before)
        or _other_sex(sentence, sheet, describes_character)
    ):
        return why
    named = _SUBJECT_NAME.match(sentence)
    if named and sheet.name and named.group(1) not in sheet.name.split():
        return f"the character is {sheet.name}, not {named.group(1)}"
    if any(echo(sentence, example) >= COPY_MAX for example in examples):
        return "copies the prompt's example, not this character"
    return None


def _other_pronoun(sentence: str, sheet: Sheet, describes_character: bool, before: str) -> str | None:
    words = re.findall(r"[a-z]+", sentence.lower())
    found = [w for w in words if w in pronouns.contradicting(sheet.pronouns)]
    if not found:
        return None
    if not describes_character and (
        set(words) & set(pronouns.own(sheet.pronouns))
        or _someone_else(sentence, sheet)
        or _someone_else(before, sheet)
    ):
        return None
    return f"the sheet says {sheet.pronouns}, not '{found[0]}'"


def _other_sex(sentence: str, sheet: Sheet, describes_character: bool) -> str | None:
    """A noun of the other sex said of the character ("as a young boy" of a she/her character):
    where the sentence says what the character is, and no one else is in it to be meant."""
    nouns = pronouns.contradicting_nouns(sheet.pronouns)
    match = _as_what(list(nouns)).search(sentence) if nouns else None
    if match is None or (not describes_character and _someone_else(sentence, sheet)):
        return None
    return f"the sheet says {sheet.pronouns}, not '{_said(nouns, match)}'"


def _someone_else(sentence: str, sheet: Sheet) -> bool:
    """Whether `sentence` has a person in it besides the character: a word for one (a father, a
    priest, a dwarf) or a name not the character's and not a place ("in Waterdeep"). A word that
    says what the character is ("she was a young knight") is no one else."""
    people = sorted(_OTHERS | RACE_NOUNS | set(CLASSES))
    others = _as_what(people).sub(" ", sentence)
    if any(w in people for w in re.findall(r"[a-z]+", others.lower())):
        return True
    own = set(sheet.name.split())
    return any(name not in own and after not in _PLACE_BEFORE for name, after in proper_names(sentence))


def kept(
    text: str, sheet: Sheet, describes_character: bool, examples: Sequence[str] = ()
) -> tuple[str, list[str]]:
    """`text` without its sentences that contradict `sheet`, and those sentences with why."""
    out, removed = [], []
    before = ""
    for sentence in sentences(text):
        why = contradiction(sentence, sheet, describes_character, examples, before)
        before = sentence
        if why:
            removed.append(f"{sentence} ({why})")
        else:
            out.append(sentence)
    return " ".join(out), removed
