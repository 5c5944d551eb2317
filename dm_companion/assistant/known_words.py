"""Which words the SRD or everyday English knows, and so which lowercase word is a creature the
SRD lacks.

A DM writes "a beholder's antimagic cone" or "can a mind flayer extract a brain" in lowercase,
so the capitalized-name readers of `not_in_srd` never see the name, and retrieval answers from
the rule on cones or grappling as if it applied. A word that is in no SRD name, not common in
its text, no near spelling of its names, and not in an everyday English vocabulary (the bundled
embedding model's, whose whole-word entries are English of the web and books: "session" and
"grid" are there, "beholder", "flayer" and "tortle" are not) is a coined name. Only where the
question asks about that thing does it lean on it: the owner of something ("a beholder's cone")
or a question's subject that acts ("can a flameskull come back"); a creature an SRD spell is
cast on ("should the retriever have been incapacitated") is the spell's question. An owner the
SRD never says is leaned on however everyday the word ("a spectator's eye rays").

`unknown_terms` reads a stat question the same way: its words the SRD does not know ("beholder
armor class") mean a thing it lacks, which no similar-sounding passage may answer for.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from dm_companion.assistant.question_terms import FRAME_WORDS
from dm_companion.assistant.retrieval import SRDIndex
from dm_companion.memory.embedding_model import embedding_model_path
from dm_companion.srd import names
from dm_companion.srd.names import singular
from dm_companion.srd.repository import SRD
from dm_companion.wording import STOPWORDS

STAT_QUESTION = re.compile(
    r"\b(hp|hit points?|ac|armou?r class|cr|challenge|immune|immunit\w*|resist\w*|"
    r"vulnerab\w*|speed|stat ?block|stats|damage)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z]+")
UNKNOWN_CUTOFF = 0.9  # a word this close to an SRD word is a typo of it, not a thing the SRD lacks
NEAR_SPELLING = 0.85  # a lowercase word this close to an SRD name word is its spelling ("paralysed")
# Table talk that no vocabulary holds and that names no creature ("does a crit double ...").
_TABLE_TALK = frozenset("crit crits npcs bbeg homebrew multiclass wildshape statblock reroll".split())
# The subject of a question ("can a mind flayer extract", "how does a flameskull come back"), its
# first three words, or the owner of something ("a beholder's antimagic cone"), its two.
# ... or what a character is played as ("play an aasimar", "the traits of a tabaxi"); a lookahead,
# so that one subject's words do not hide the next ("are the racial traits of an aasimar").
_SUBJECT = re.compile(
    r"\b(?=(?i:can|could|does|do|did|is|are|was|will|would|should|has|have|play|plays|playing|as|"
    r"(?:traits|features|stats|abilities) of)"
    r"\s+(?:a|an|the)\s+"
    r"([a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,2}))"
)
_OWNER = re.compile(r"\b(?:[Aa]|[Aa]n|[Tt]he)\s+([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)['\u2019]s\b")
# A being's word before a coined one leaves it no name: "can a character forego", "a dragon retroactively".
_BEINGS = frozenset("character creature player caster target person monster enemy ally".split())
# A verb the subject does, after it: "can a beholder fly" names the beholder, where "the leftover
# damage" is damage of some kind.
_PREDICATES = frozenset(
    "have has see fly swim climb cast use attack speak hear breathe regenerate move".split()
)
_UNDERGOES = frozenset("be been being get gets got".split())  # "the retriever have been", "a warforged be"


def srd_word(word: str, index: SRDIndex) -> bool:
    """Whether the SRD knows the word: in a name or section title, common in its text, or a
    near spelling of a name word (a typo of it)."""
    known = index.name_words | index.common_words
    return (
        word in known
        or singular(word) in known
        or names.close_match(word, index.name_word_list, UNKNOWN_CUTOFF) is not None
    )


def unknown_terms(question: str, index: SRDIndex) -> list[str]:
    """Words of a stat question that are in no SRD name or section title, not even as a near
    spelling, nor common in its text ("beholder armor class", "how many hp does a mind flayer
    have"): it asks for the stats of a thing the SRD lacks, which similar-sounding passages
    must not answer. The SRD's text may still mention such a word in passing (a beholder in
    one example); a word it uses everywhere ("character") is its own, and so is a form of one
    that it says ("does rage halve fire damage": "halve"). Stat words ("armour") and frame
    words never count."""
    return [
        word
        for word in dict.fromkeys(_WORD.findall(question.lower()))
        if len(word) >= 4
        and word not in STOPWORDS
        and not STAT_QUESTION.fullmatch(word)
        and word not in FRAME_WORDS
        and not srd_word(word, index)
        and not _inflected(word, index)
    ]


def _inflected(word: str, index: SRDIndex) -> bool:
    """A word the SRD says, another form of a word common in its text ("halve": "halved")."""
    root = word.removesuffix("e")
    return index.says(word) and any(
        common.startswith(root) and len(common) - len(root) <= 3 for common in index.common_words
    )


def everyday(word: str) -> bool:
    """Whether a lowercase word, or its singular, is everyday English."""
    return word in _everyday_english() or singular(word) in _everyday_english()


@functools.cache
def _everyday_english() -> frozenset[str]:
    """The whole words of the embedding model's vocabulary (its word pieces left out)."""
    with open(embedding_model_path() / "vocab.txt", encoding="utf-8") as vocabulary:
        return frozenset(line.strip() for line in vocabulary if line.strip().isalpha())


def _coined(word: str, index: SRDIndex) -> bool:
    """Whether a lowercase word is neither the SRD's (nor a spelling of its names) nor everyday
    English (nor an adverb's "-ly"); each part of a hyphenated word is read alone ("kuo-toa",
    "two-handed")."""
    if not _srd_lacks(word, index) or word.endswith("ly"):
        return False
    if names.close_match(word, index.name_word_list, NEAR_SPELLING) is not None:
        return False
    return any(not everyday(part) and not srd_word(part, index) for part in word.split("-"))


def unknown_creatures(
    text: str, index: SRDIndex | None, known: Callable[[str], bool], spell_named: bool = False
) -> list[str]:
    """The lowercase names of things the SRD lacks that `text` asks about, as written ("mind
    flayer", "beholder"); a coined word before an SRD word names it with that word where the SRD
    never says it ("displacer beast"), and is only a word about it where it does ("the leftover
    damage"). Where the question names an SRD spell, a creature that undergoes something ("should
    the retriever have been incapacitated") is that spell's target, and the spell's text answers.
    The campaign's own names (`known`) are never among them."""
    if index is None:
        return []
    found = [_name(m.group(1).split(), index, spell_named) for m in _SUBJECT.finditer(text)]
    found += [_name(m.group(1).split(), index, owned=True) for m in _OWNER.finditer(text)]
    return [name for name in dict.fromkeys(found) if name and not known(name)]


def _unsaid(word: str, index: SRDIndex) -> bool:
    """Whether the SRD never says a word, nor a near spelling of its names, however everyday."""
    return _srd_lacks(word, index) and not index.says(word)


def _srd_lacks(word: str, index: SRDIndex) -> bool:
    """Whether a word of four letters or more, no table talk, is no word the SRD knows (`srd_word`)."""
    return len(word) >= 4 and word not in _TABLE_TALK and not srd_word(word, index)


@functools.cache
def _creature_words(srd: SRD) -> frozenset[str]:
    """The words of the SRD's creatures' names and types ("hound", "beast"): what a coined word
    before one of them names with it."""
    return frozenset(
        word for m in srd.monsters.values() for word in names.words(f"{m.name} {m.data.get('type', '')}")
    )


def _name(words: list[str], index: SRDIndex, spell_named: bool = False, owned: bool = False) -> str:
    """The coined name the words open with, or "": for none, or, where the question names a
    spell, for one that undergoes what follows ("the retriever have been"). An owner is named by
    all its words ("a young beholder's"); a subject by its words up to its coined one, and one
    more where that is a creature's word or coined too ("displacer beast")."""
    if owned:  # an owner the SRD never says is as unknown as a coined one ("a spectator's eye rays")
        coined = [at for at, word in enumerate(words) if _coined(word, index) or _unsaid(word, index)]
        if not coined or (coined == [0] and len(words) == 2 and index.says(words[0])):
            return ""
        return " ".join(words)
    at = next((at for at, word in enumerate(words[:2]) if _coined(word, index)), None)
    if at == 1 and (words[0] in _BEINGS or words[0] in _creature_words(index.srd)):
        return ""
    if at is None or (
        at == 0
        and len(words) > 1
        and srd_word(words[1], index)
        and index.says(words[0])
        and words[1] not in _PREDICATES
    ):
        return ""
    end = at + 1
    if end < len(words) and (_coined(words[end], index) or words[end] in _creature_words(index.srd)):
        end += 1  # "displacer beast", "yuan-ti pureblood"
    return "" if spell_named and _UNDERGOES & set(words[end:]) else " ".join(words[:end])
