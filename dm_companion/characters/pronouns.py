"""The pronouns a DM sets for a character, and the words that would contradict them.

The sheet's rules say nothing of sex or pronouns, so the model chose them; and a 135M model copies
its worked example's "she" onto any character. A DM who sets "he/him" (or "she/her", "they/them",
or their own pair such as "xe/xem") is told the character's pronouns in the prompt, and the
checker drops a sentence about the character that uses the other set's words.
"""

from __future__ import annotations

import re

from dm_companion.errors import DMCError

# Each common set, with the words of it that can stand alone ("her" is both object and possessive).
SETS = {
    "she/her": ("she", "her", "hers", "herself"),
    "he/him": ("he", "him", "his", "himself"),
    "they/them": ("they", "them", "their", "theirs", "themself", "themselves"),
}
_GENDERED = (*SETS["she/her"], *SETS["he/him"])
_OTHER = {"she/her": "he/him", "he/him": "she/her"}  # the set whose words would call the character otherwise
# Nouns that say a person's sex as plainly as a pronoun does ("she grew up as a young boy"); not
# titles a story gives either ("lord", "lady" of a keep).
NOUNS = {
    "she/her": (
        "girl",
        "woman",
        "lass",
        "daughter",
        "sister",
        "mother",
        "wife",
        "queen",
        "princess",
        "niece",
        "aunt",
        "widow",
    ),
    "he/him": (
        "boy",
        "man",
        "lad",
        "son",
        "brother",
        "father",
        "husband",
        "king",
        "prince",
        "nephew",
        "uncle",
        "widower",
    ),
}
_PAIR = re.compile(r"^[a-z]+/[a-z]+$")


def parse(text: str) -> str:
    """The pronouns as kept on the sheet ("she/her"), "" for none set; a bare "she", "he" or
    "they" names its set. Anything else but a pair like "xe/xem" is refused in one line."""
    value = re.sub(r"\s*/\s*", "/", text.strip().lower())
    if not value or value == "none":
        return ""
    for key in SETS:
        if value == key.split("/")[0] or value == key:
            return key
    if _PAIR.match(value):
        return value
    raise DMCError(f"pronouns are she/her, he/him, they/them or a pair like xe/xem, not '{text.strip()}'")


def contradicting(pronouns: str) -> tuple[str, ...]:
    """The words that would call the character otherwise: for she/her the words of he/him, for
    he/him those of she/her, for they/them or a pair of the DM's own both. "they" is never among
    them: in a story it is as often other people."""
    if pronouns in _OTHER:
        return SETS[_OTHER[pronouns]]
    return _GENDERED if pronouns else ()


def contradicting_nouns(pronouns: str) -> tuple[str, ...]:
    """The nouns that would call a she/her character a man, or a he/him character a woman. None
    for they/them or a DM's own pair: "grew up as a boy" does not contradict them."""
    return NOUNS[_OTHER[pronouns]] if pronouns in _OTHER else ()


def own(pronouns: str) -> tuple[str, ...]:
    """The words of the character's own set (both halves of a pair of the DM's own)."""
    return SETS.get(pronouns, tuple(pronouns.split("/")) if pronouns else ())
