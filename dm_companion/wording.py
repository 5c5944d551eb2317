"""English for answers and for reading what people write: lists joined with "and", "a" or "an",
ordinals, number words. One copy, used by the fact sentences, the calculators, the readers of
questions and stat blocks, and the dataset builder (whose answers must read like the app's)."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")  # the space after a sentence: what every reader splits on
NEGATION_REACH = 3  # words after "not"/"can't" that it negates

NUMBER_WORDS = tuple(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split()
)  # a word's index is its value
ORDINAL_WORDS = tuple("zeroth first second third fourth fifth sixth seventh eighth ninth tenth".split())
COUNTED = {
    word: value
    for words in (NUMBER_WORDS, ORDINAL_WORDS)
    for value, word in enumerate(words)
    if 1 <= value <= 10
}  # "two" and "second" are 2: how people write a session's number


def join_words(items: list[str]) -> str:
    """ "a, b and c" (empty items dropped)."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def with_article(name: str, capital: bool = True) -> str:
    """ "An Ogre", "A Goblin" (to open a sentence), or "an acolyte" inside one."""
    article = "an" if name[0].lower() in "aeiou" else "a"
    return f"{article.capitalize() if capital else article} {name}"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 21st."""
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number if number < 20 else number % 10, 'th') }"


# Words that put a named thing in a place: "the innkeeper in Brindlewood" asks about the innkeeper.
PLACING = ("in", "at", "from", "near", "of", "to", "by", "outside")

# Words that carry no topic: left out where two texts are compared by what they are about.
STOPWORDS = frozenset(
    """the a an of to and or in on at for with is are be been can cannot you your
it its that this these those as by from if when which who what how does do not no than then them
they their there while into onto about also only just must may might will would could should
have has had any each such other some more most very""".split()
)
