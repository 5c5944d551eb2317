"""What a question names that the SRD does not have, so that no nearby passage answers for it.

A DM asks about a beholder's cone, Booming Blade, a Grave Domain feature: the SRD has none of
them, and retrieval still finds a passage that shares a word ("Twilight Sanctuary" meets the
spell Sanctuary). Answering from it reads as an answer about the thing asked. So:
- `unknown_names`: a name written as one (words in capitals, "Echo Knight", "Armor of Agathys")
  that no SRD entry, no campaign name and no creature's ability covers whole; a part of a name
  never stands for the whole; a name before a class's is a subclass ("a Hexblade warlock");
- `unknown_spell`: the name of a spell the SRD lacks ("the hex spell");
- `partly_named`: a word that is only part of several entries' names ("inspiration": Bardic,
  Superior, Font of Inspiration), asked back rather than answered with the first.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from dm_companion.assistant.asking import POINTS_BACK, SOMEONE_BACK, Asking
from dm_companion.assistant.known_words import srd_word, unknown_creatures
from dm_companion.assistant.question_terms import FRAME_WORDS, IGNORED
from dm_companion.assistant.retrieval import Hit, SRDIndex
from dm_companion.srd import names
from dm_companion.srd.names import singular
from dm_companion.srd.repository import SRD
from dm_companion.wording import STOPWORDS

_WORD = re.compile(r"[a-z]+")
_SPELL_NAME_END = re.compile(r"\b(?:(\w+) )?([a-z']+) (?:spell|cantrip)\b(?!s)")
_KIND_OF_SPELL = frozenset("a an any another one every each some no".split())  # "a leveled spell" names none
# Words that say what kind of thing a name is, not which: "the Hallow spell", "Grave Domain".
_KIND_WORDS = frozenset(
    """spell spells cantrip cantrips feat feats feature features class classes subclass trait traits ability
abilities race monster creature condition item items action actions attack attacks check save saves throw
throws rule rules effect damage point points level levels domain""".split()
)
_GLUE = frozenset("of the at on in to from".split())  # inside a name: "Sentinel at Death's Door"
_CAPITALIZED = re.compile(r"[A-Z][a-z]+(?:[-'\u2019][A-Za-z]+)*")


def unknown_spell(question: str, index: SRDIndex) -> str | None:
    """The last word of a spell's name the SRD lacks, however short ("hex spell damage"):
    None when the SRD knows the word, or the words name no spell ("a 3rd level spell", "my
    spell", "a leveled spell", "bonus action spells")."""
    match = _SPELL_NAME_END.search(question.lower())
    if not match or match.group(1) in _KIND_OF_SPELL:
        return None
    word = match.group(2)
    if len(word) < 3 or word in IGNORED or word in STOPWORDS or word in FRAME_WORDS or srd_word(word, index):
        return None
    return word


def _base_name(name: str) -> str:
    """An entry's or section's own name: "Bardic Inspiration (d6)" is Bardic Inspiration,
    "Making an Attack: Grappling" is Grappling."""
    return re.sub(r"\s*\([^)]*\)", "", name.split(": ")[-1])


def _name_words(text: str) -> set[str]:
    return {singular(w) for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in IGNORED}


def partly_named(question: str, hits: list[Hit]) -> tuple[str, list[str]]:
    """A word the question asks about that is only part of the best passages' names, which name
    different things with it ("what does inspiration do": Superior, Bardic and Font of
    Inspiration): the word and those names, best first. Quoting the first would answer about a
    bard's 20th-level feature a question that never said so. ("", []) when the question asks
    anything besides that word ("what do you need on a death save": the save's section answers),
    or the best passage is named or titled by it, or its name is all in the question."""
    if hits[0].named or hits[0].titled:
        return "", []
    said = _name_words(question) - FRAME_WORDS
    top = _name_words(_base_name(hits[0].passage.name))
    shared = said & top
    if not shared or shared != said or top <= said:
        return "", []
    holders = list(
        dict.fromkeys(_base_name(hit.passage.name) for hit in hits if shared & _name_words(hit.passage.name))
    )
    if any(_name_words(name) == shared for name in holders):  # "wish": the spell Wish is among them
        return "", []
    return (min(shared), holders) if len(holders) >= 2 else ("", [])


def _name_runs(text: str) -> list[list[str]]:
    """Runs of capitalized words, small glue words inside them ("Sentinel at Death's Door"); a
    sentence's first word only when it is no everyday word; all-capitals (RAW, PHB, DM) never."""
    runs: list[list[str]] = []
    for sentence in re.split(r"(?<=[.!?:;(])\s+|\s*[()\"\u201c\u201d,/]\s*", text):
        words = sentence.split()
        current: list[str] = []
        for at, word in enumerate(words):
            bare = word.strip(".,;:!?'\u2019")
            capital = bool(_CAPITALIZED.fullmatch(bare)) and not (at == 0 and bare.lower() in _EVERYDAY)
            if capital:
                current.append(bare)
            elif current and _glued(bare.lower(), current[-1]) and _named_after(words[at + 1 :]):
                current.append(bare.lower())  # "Circle of the Moon"
            else:
                if current:
                    runs.append(current)
                current = []
        if current:
            runs.append(current)
    return [run for run in runs if any(w[:1].isupper() for w in run)]


def _glued(word: str, before: str) -> bool:
    """A small word inside a name; "to" only after a book's kind ("Guide to Ravnica"): elsewhere it
    joins a use to its purpose ("Cunning Action to Dash")."""
    return word in _GLUE and (word != "to" or before.lower() in _CITATION)


def _named_after(words: list[str]) -> bool:
    """Whether a capitalized word follows, past glue words ("of the Moon")."""
    rest = next((word for word in words if word.lower() not in _GLUE), "")
    return rest[:1].isupper()


_EVERYDAY = frozenset(
    """a an the and but so or if when while since because what which who how why where can could
would should will does do did is are was were has have had may might must per assuming also however
now then though although as at in on for with without from by after before during each every this that
these those my our your his her their its we you they he she it i there here let lets let's yes no ok okay
basically specifically according anyway another any some both either neither all most many few quick hey hi
thanks edit update example question note under over into onto about against between through upon within behind
am i'm im what's whats it's its isn't doesn't don't can't""".split()
)
# A run with one of these cites a book or a product, not a thing asked about ("Starter Set").
_CITATION = frozenset(
    "handbook guide manual tome compendium set edition advice odyssey odysseys mine book".split()
)
# "Sentinel feat", "Minotaur player race", "Hexblade subclass": a name with the kind it is.
_KIND_NAMED = re.compile(
    r"\b([A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+)?) (?:player |playable )?(feat|race|subclass|class)\b"
)
# "a Hexblade warlock", "my Gloom Stalker ranger": a name before a class's is its subclass, or a race.
_CLASS_NAMES = "barbarian|bard|cleric|druid|fighter|monk|paladin|ranger|rogue|sorcerer|warlock|wizard"
_BEFORE_A_CLASS = re.compile(
    rf"\b([A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+)?) (?i:{_CLASS_NAMES})s?\b(?! (?:class|subclass)\b)"
)
# The class published outside the SRD 5.1, with a subclass's name before it or not ("Armorer artificer").
_CLASS_OUTSIDE = re.compile(r"\b(?:([A-Z][\w'\u2019-]+) )?(?i:artificers?)\b")
# The books outside the SRD, cited by their owner's name: "Tasha's custom lineage", "the custom
# lineage from Tasha's" lean on a book the SRD is not, where no name of the thing is found. An SRD
# name from the owner is still the SRD's ("Tasha's hideous laughter", `names.OWNED_SPELLS`).
_BOOKS_OUTSIDE = {
    "Xanathar": "Xanathar's Guide to Everything",
    "Tasha": "Tasha's Cauldron of Everything",
    "Volo": "Volo's Guide to Monsters",
    "Mordenkainen": "Mordenkainen's Tome of Foes",
    "Fizban": "Fizban's Treasury of Dragons",
    "Van Richten": "Van Richten's Guide to Ravenloft",
}
# A story sentence that says what a character is ("I'm playing a Dhampir", "My warlock took the
# Hexblade patron"): what it names is what the question asks about, as "my" in the question says.
_OWN_CHARACTER = re.compile(
    rf"\bplay(?:s|ing)?\b|\b(?:my|our|his|her|their) (?:{_CLASS_NAMES}|character|pc|race|party)\b", re.I
)
_PLAYS = re.compile(r"\bplay(?:s|ing)?\b", re.I)
_FROM_A_BOOK = re.compile(rf"\b({'|'.join(_BOOKS_OUTSIDE)})['\u2019]s?(?: [\w'\u2019-]+){{0,3}}")
_FAMILIES = "Path|College|Circle|Oath|Way|Tradition|Archetype|Patron"  # "Circle of the Land": a subclass
_OFFERED = re.compile(rf"\b(?:{_FAMILIES}) of (?:the )?((?:[A-Z][a-z]+ ?){{1,3}})")
_FAMILY = re.compile(rf"^(?:{_FAMILIES}) of (?:the )?")
_KIND_TOLD = re.compile(r" (?:feat|race|subclass)$")  # a name given with its kind: "Sentinel feat"
_QUOTED = re.compile(r"[\"\u201c][^\"\u201c\u201d]{0,200}[\"\u201d]")


@functools.cache
def _ability_names(srd: SRD) -> frozenset[str]:
    """Every SRD creature's trait, action and reaction names, normalized."""
    keys = ("special_abilities", "actions", "legendary_actions", "reactions")
    return frozenset(
        names.normal(a["name"]) for m in srd.monsters.values() for key in keys for a in m.abilities_named(key)
    )


@functools.cache
def _subclass_words(srd: SRD) -> frozenset[str]:
    """The words of the SRD's subclasses' names (Champion, Open Hand), which have no entries."""
    return frozenset(w for c in srd.classes.values() for name in c.subclasses for w in names.words(name))


def unknown_names(
    text: str, srd: SRD, index: SRDIndex | None, known: Callable[[str], bool] = lambda name: False
) -> list[str]:
    """Names in `text` that the SRD does not have: a run of two or more capitalized words (kind
    words like "spell" and "domain" among them) with a word `_uncovered`; a name after "without"
    is not leaned on. A name "X feat"
    is unknown unless the SRD has the feat. `known` says whether a name is the campaign's own."""
    kind_named = [(_without_everyday(m.group(1)), m.group(2)) for m in _KIND_NAMED.finditer(text)]
    found = [f"{name} {kind}" for name, kind in kind_named if name and not _has(srd, name, kind)]
    said = {name for name, _ in kind_named}
    for run in _name_runs(_QUOTED.sub(" ", text)):
        while run and run[0].lower() in _EVERYDAY:
            run = run[1:]
        named = [w for w in run if w.lower() not in _GLUE and w.lower() not in _KIND_WORDS]
        if not named or (len(run) < 2) or any(w.lower() in _CITATION for w in named):
            continue
        if names.normal(" ".join(named)) in _ability_names(srd) or re.search(
            rf"\bwithout {re.escape(run[0])}", text
        ):
            continue  # "Magic Resistance" is a trait of many creatures; "without War Caster" leans on nothing
        if known(" ".join(run)) or " ".join(run) in said:
            continue
        own = _FAMILY.sub("", " ".join(run))  # "Path of the Berserker": the subclass is Berserker
        if own != " ".join(run) and all(w in _subclass_words(srd) for w in names.words(own)):
            continue
        absent = {names.normal(" ".join(named)), names.normal(own)} & _absent_subclasses(srd)
        if absent or _uncovered(run, named, srd, index):
            found.append(" ".join(run))
    for match in _BEFORE_A_CLASS.finditer(text):  # "Hexblade warlock"; "Champion fighter" is the SRD's
        name = _without_everyday(match.group(1))
        own = " ".join(w for w in name.split() if w.lower() not in _KIND_WORDS)  # "Life Domain": Life
        held = (
            _has(srd, own, "subclass")
            or _has(srd, own, "race")
            or known(name)
            or match.group(0).split()[-1].isupper()
        )
        if " " not in own and index is not None and srd_word(own.lower(), index):
            continue  # "One paladin", "Evil cleric": a word the SRD uses everywhere names no subclass
        if own and not held and not any(name in told for told in found):  # "Oath of Vengeance" said
            found.append(match.group(0))
    for match in _FROM_A_BOOK.finditer(text):
        owned = any(m.exact and m.start == 0 for m in srd.mentions(match.group(0)))
        if not owned and not found:  # a name found beside it is what is asked: the book is its citation
            found.append(_BOOKS_OUTSIDE[match.group(1)])
    for match in _CLASS_OUTSIDE.finditer(text):
        name = _without_everyday(match.group(1) or "")
        found.append(f"{name} artificer" if name else "Artificer")
    return list(dict.fromkeys(found))


def _without_everyday(name: str) -> str:
    """The name without a sentence's everyday first word ("The Dwarf": "Dwarf")."""
    words = name.split()
    return " ".join(words[1:] if words and words[0].lower() in _EVERYDAY else words)


def _has(srd: SRD, name: str, kind: str) -> bool:
    """Whether the SRD has this name as this kind ("Dwarf race", "Champion subclass")."""
    if kind == "subclass":
        return all(w in _subclass_words(srd) for w in names.words(name))
    return srd.find(name, kind) is not None or (kind == "race" and srd.find(name, "subrace") is not None)


@functools.cache
def _absent_subclasses(srd: SRD) -> frozenset[str]:
    """The subclasses the SRD's text offers but does not hold ("choose the Path of the Berserker or
    the Path of the Totem Warrior"): naming one is leaning on what the SRD lacks."""
    from dm_companion.srd.render import all_passages

    held = {names.normal(name) for c in srd.classes.values() for name in c.subclasses}
    offered = {
        names.normal(m.group(1))
        for p in all_passages(srd)
        if p.kind in ("feature", "class")
        for m in _OFFERED.finditer(p.text)
    }
    return frozenset(offered - held)


def _uncovered(run: list[str], named: list[str], srd: SRD, index: SRDIndex | None) -> bool:
    """Whether a word of the name is covered neither by an SRD entry named in the run (nor a
    subclass, nor an ability of a creature named there), nor by a phrase of it the SRD's text
    says."""
    phrase = " ".join(run)
    tokens, covered = names.words(phrase), set(_subclass_words(srd))
    for mention in srd.mentions(phrase):
        if mention.exact:
            covered.update(tokens[mention.start : mention.end])
            abilities = getattr(mention.entry, "abilities_named", None)
            for key in (
                ("special_abilities", "actions", "legendary_actions", "reactions") if abilities else ()
            ):
                covered.update(w for a in abilities(key) for w in names.words(a["name"]))
    for size in range(len(tokens), 1, -1) if index is not None else ():
        for start in range(len(tokens) - size + 1):
            piece = tokens[start : start + size]
            if piece[0] in _GLUE or piece[-1] in _GLUE:
                continue  # "oath of" and "of vengeance" are said; "Oath of Vengeance" is not
            if index.says(" ".join(piece)):
                covered.update(piece)
    return any(w not in covered for w in names.words(" ".join(named)))


def leaned_on(
    asking: Asking, srd: SRD, index: SRDIndex | None, known: Callable[[str], bool] = lambda name: False
) -> list[str]:
    """The names the SRD lacks that a question leans on: in its title, in a sentence that asks, or
    in the story's sentence just before one that points back at it by a pronoun (any other name in
    the story is only context). A title's one capitalized word counts where the SRD never says it
    ("Hex and Eldritch Blast")."""
    parts = [asking.title, *asking.asks]
    told = {sentence: unknown_names(sentence, srd, index, known) for sentence in asking.story}
    # "My fighter with the Sentinel feat ...": a feat, race or subclass the story tells leans anyway
    found = [name for names_told in told.values() for name in names_told if _KIND_TOLD.search(name)]
    for ask in asking.asks:  # "How many temp hp does each ally get from it?": the sentence before names it
        before = asking.story_before(ask)
        if before and (POINTS_BACK.search(ask) or SOMEONE_BACK.search(ask)):  # "Can she cast ...?"
            parts.append(before[-1])
        # "How far can the echo be?" after "My Echo Knight ...": a word of the name the SRD never
        # says ("turn" of "Hydra's Turn" won't do)
        said = set(re.findall(r"[a-z]+", ask.lower()))
        found += [
            name
            for sentence in before
            for name in told[sentence]
            if any(index and not index.says(word) for word in said & set(re.findall(r"[a-z]+", name.lower())))
        ]
    found = [name for part in parts for name in unknown_names(part, srd, index, known)] + found
    lone = [word for part in parts for word in _one_word_names(part, index, known)]  # "my Kenku"
    creatures = [name for part in parts for name in unknown_creatures(part, index, known)]  # "a beholder's"
    if creatures and any(m.exact and m.entry.kind == "spell" for m in srd.mentions(asking.text)):
        creatures = [name for part in parts for name in unknown_creatures(part, index, known, True)]
    lone += creatures
    for sentence in (s for s in asking.story if _OWN_CHARACTER.search(s)):  # "I'm playing a Dhampir."
        lone += _one_word_names(sentence, index, known)
        lone += unknown_creatures(sentence, index, known) if _PLAYS.search(sentence) else []  # "an aasimar"
        found += [name for name in told[sentence] if name in _BOOKS_OUTSIDE.values()]
    lone += _unknown_title_words(asking.title, index, known)
    # "Tabaxi race", "Hexblade's Curse": a word of a name found is not a name of its own
    lone = [word for word in lone if not any(_words(word) <= _words(name) for name in found)]
    return list(dict.fromkeys(found + lone))


def _words(name: str) -> set[str]:
    return set(re.findall(r"\w+", name.lower()))


def _unknown_title_words(title: str, index: SRDIndex | None, known: Callable[[str], bool]) -> list[str]:
    """A title's lone capitalized words ("Hex", "Sentinel") that the SRD's text never says, in no
    name and no near spelling of one, and the campaign does not know."""
    if index is None:
        return []
    return [
        run[0]
        for run in _name_runs(title)
        if len(run) == 1 and run[0].lower() not in _EVERYDAY and _never_said(run[0], index, known)
    ]


# One capitalized word after an article or a possessive is a thing's name ("can my Kenku use
# mimicry", "the Genasi's fire resistance"); a player character's name takes neither ("can Aiden help").
_ONE_WORD_NAME = re.compile(r"\b(?:a|an|the|my|our|your|his|her|their) ([A-Z][a-z]{2,})\b(?! [A-Z])")


def _one_word_names(text: str, index: SRDIndex | None, known: Callable[[str], bool]) -> list[str]:
    """The one-word names in `text` that the SRD never says, nor a near spelling of its names,
    and the campaign does not know."""
    if index is None:
        return []
    return [
        word
        for word in dict.fromkeys(_ONE_WORD_NAME.findall(text))
        if word.lower() not in _EVERYDAY | _KIND_WORDS
        and word not in _BOOKS_OUTSIDE  # "the Tasha's custom lineage": the book, said once
        and not index.says(f"{word}s")
        and _never_said(word, index, known)
    ]


def _never_said(word: str, index: SRDIndex, known: Callable[[str], bool]) -> bool:
    """Whether a capitalized word is in no SRD name nor a near spelling of one, never in its text
    (nor its stem: "Donning armor", the SRD says "don"), and not the campaign's."""
    return (
        not srd_word(word.lower(), index)
        and not index.says(word)
        and not index.says(_stem(word))
        and not known(word)
    )


def _stem(word: str) -> str:
    """A word without its -ing or -ed, a doubled last consonant undone ("Donning": "don")."""
    stem = re.sub(r"(?<=\w{2})(?:ing|ed)$", "", word.lower())
    return stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls" else stem
