"""A yes/no question gets "Yes." or "No." first when one SRD sentence of the answer settles it.

"Does a restrained creature have disadvantage on Dexterity saving throws?" is answered by the
Restrained condition's "The creature has disadvantage on Dexterity saving throws.": every word the
question asks about is in that one sentence, and neither is negated: Yes. "Can a stunned creature
move?" meets "A stunned creature is incapacitated, can't move, and can speak only falteringly.":
all its words, one of them right after a negation the question lacks: No. Anything else (a word
missing, a negation elsewhere in the sentence, an exception carved out, the roles swapped: "attack
rolls against the creature" for its own attacks, "the charmed creature can't attack the charmer"
for the charmer attacking) gives no verdict, only the quote: a sentence that merely lacks a word
proves nothing.
"""

from __future__ import annotations

import re

from dm_companion.assistant.question_terms import IGNORED, content_stems, stem
from dm_companion.wording import NEGATION_REACH, SENTENCE_END

_YES_NO = re.compile(
    r"^\s*(does|do|did|is|are|was|were|can|could|will|would|should|has|have|had|must|may)\b", re.IGNORECASE
)
_NEGATION = re.compile(r"\b(not|no|never|cannot|without|none|neither|nor)\b|n't\b", re.IGNORECASE)
# A sentence that carves out an exception settles nothing alone: "If the target is a creature other
# than an elf or undead, it must succeed ... or be paralyzed" holds every word of "can a ghoul
# paralyze an elf?" and says the opposite of "Yes".
_EXCEPTION = re.compile(
    r"\b(other than|except|unless|instead of|rather than|but not|only if)\b", re.IGNORECASE
)
# Who does what to whom: "attack rolls against the creature have advantage" is not the creature's
# own attacks, and "a charmed creature can't attack the charmer" is not the charmer attacking. A
# sentence is read clause by clause (the Restrained condition's "Attack rolls against the
# creature have advantage, and the creature's attack rolls have disadvantage" holds two answers).
_CLAUSE = re.compile(r",\s*(?:and|but|while|whereas)\s+|;\s*")
_AT_IT = re.compile(
    r"\bagainst\b|\b(?:attack|hit|target)(?:s|ed|ing|ting)?\s+(?:a|an|the|that|this|these|those)\b",
    re.IGNORECASE,
)
_AGENT = re.compile(r"\b([a-z]{3,})er\b")
_LEAD = re.compile(r"^[A-Z][\w ]{0,40}:\s*-\s*")  # "Poisoned: - " before a condition's first bullet
_SENTENCE = re.compile(SENTENCE_END.pattern + r"|\n+")
_FAILS = re.compile(r"\bfail\w*", re.IGNORECASE)  # an outcome fixed: "makes" it, yet never succeeds
_WH = re.compile(r"\b(what|what's|whats|how|which|who|when|where|why)\b", re.IGNORECASE)
TELEGRAPHIC_WORDS = 3  # "restrained creatures - disadvantage on dex saves?" asks three things


def is_yes_no(question: str) -> bool:
    return bool(_YES_NO.match(question))


def _telegraphic(question: str) -> bool:
    """A yes/no question without its verb, as typed at the table: "restrained - disadvantage on
    dex saves?" (a question mark, no question word)."""
    return question.rstrip().endswith("?") and not _WH.search(question)


def verdict(question: str, text: str, topic: str = "") -> tuple[str, str] | None:
    """("Yes" or "No", the sentence of `text` that settles the yes/no `question`), or None.

    `topic` is what the text is about (the condition, the rule): its own name need not be repeated
    in the sentence ("restrained" in a question answered by the Restrained condition's bullets)."""
    if _NEGATION.search(question) or not (is_yes_no(question) or _telegraphic(question)):
        return None
    asked = content_stems(question) - content_stems(topic)
    if len(asked) < (2 if is_yes_no(question) else TELEGRAPHIC_WORDS):
        return None
    numbers = _numbers(question)
    for sentence in _SENTENCE.split(text):
        sentence = _LEAD.sub("", sentence.strip()).strip(' -\u2022*\u201c\u201d"')
        if not sentence or _EXCEPTION.search(sentence):
            continue
        for clause in _CLAUSE.split(sentence):
            failed = _FAILS.search(clause)
            if failed and not _FAILS.search(question) and asked & content_stems(clause[failed.end() :]):
                continue  # "can it make a Dex save?" meets "automatically fails Dex saves": neither word
            # "is fireball a 5th level spell?" meets "Fireball is a 3rd-level spell": every word,
            # not the number; a number asked must be the sentence's own
            if not numbers <= _numbers(clause):
                continue
            said = _said(asked, clause) if _same_roles(question, clause) else None
            if said:
                return said, sentence
    return None


def _numbers(text: str) -> set[str]:
    """The numbers a text says in digits ("5th" and "5" are 5; "one" is too often no number)."""
    return set(re.findall(r"\b(\d+)(?:st|nd|rd|th)?\b", text.lower()))  # not dice: 1d10


def _said(asked: set[str], clause: str) -> str | None:
    """ "Yes" where the clause holds every asked word and no negation; "No" where an asked word
    stands only in what a negation denies (the few words after it, up to an "and": "can't hear
    and automatically fails any check that requires hearing" denies hearing, not failing); else
    None."""
    if not asked <= content_stems(clause):
        return None
    if not _NEGATION.search(clause):
        return "Yes"
    words = re.findall(r"[a-z']+|[,;]", clause.lower())
    denied: set[int] = set()
    for i, word in enumerate(words):
        if _NEGATION.fullmatch(word) or word.endswith("n't"):
            for j in range(i + 1, min(i + 1 + NEGATION_REACH, len(words))):
                if words[j] in ("and", "but", ",", ";"):  # "can't move or speak" denies both
                    break
                denied.add(j)
    negated = {stem(words[j]) for j in denied if words[j] not in IGNORED}
    affirmed = {stem(w) for j, w in enumerate(words) if j not in denied and w not in IGNORED}
    return "No" if (negated & asked) - affirmed else None


def _same_roles(question: str, clause: str) -> bool:
    """Whether the clause casts the question's creatures in the same parts: both or neither about
    what is done at it ("against the creature", "attacking a restrained creature"), and a doer
    and its object ("charmer", "charmed") in the same order."""
    if bool(_AT_IT.search(question)) != bool(_AT_IT.search(clause)):
        return False
    return all(_doer_first(clause, root) in (None, first) for root, first in _doers(question))


def _doers(text: str) -> list[tuple[str, bool]]:
    """Each doer named beside its object ("charmer" and "charmed"), with whether it comes first."""
    found = []
    for match in _AGENT.finditer(text.lower()):
        first = _doer_first(text, match.group(1))
        if first is not None:
            found.append((match.group(1), first))
    return found


def _doer_first(text: str, root: str) -> bool | None:
    """Whether "<root>er" comes before "<root>ed" in the text; None unless both are there."""
    lowered = text.lower()
    doer, done = re.search(rf"\b{root}er\b", lowered), re.search(rf"\b{root}e?d\b", lowered)
    return doer.start() < done.start() if doer and done else None
