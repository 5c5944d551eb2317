"""A yes/no question gets "Yes." or "No." first when one SRD sentence of the answer settles it.

"Does a restrained creature have disadvantage on Dexterity saving throws?" is answered by the
Restrained condition's "The creature has disadvantage on Dexterity saving throws.": every word the
question asks about is in that one sentence, and neither is negated: Yes. "Can a stunned creature
move?" meets "A stunned creature is incapacitated, can't move, and can speak only falteringly.":
all its words, one of them right after a negation the question lacks: No. Anything else (a word
missing, a negation elsewhere in the sentence, an exception carved out) gives no verdict, only
the quote: a sentence that merely lacks a word proves nothing.
"""

from __future__ import annotations

import re

from dm_companion.assistant.question_terms import IGNORED, content_stems, stem
from dm_companion.wording import SENTENCE_END

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
_LEAD = re.compile(r"^[A-Z][\w ]{0,40}:\s*-\s*")  # "Poisoned: - " before a condition's first bullet
_SENTENCE = re.compile(SENTENCE_END.pattern + r"|\n+")
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
    for sentence in _SENTENCE.split(text):
        sentence = _LEAD.sub("", sentence.strip()).strip(' -\u2022*\u201c\u201d"')
        if not sentence or not asked <= content_stems(sentence) or _EXCEPTION.search(sentence):
            continue
        if not _NEGATION.search(sentence):
            return "Yes", sentence
        words = list(re.findall(r"[a-z']+", sentence.lower()))
        for i, word in enumerate(words):
            if _NEGATION.fullmatch(word) or word.endswith("n't"):
                following = {stem(w) for w in words[i + 1 : i + 4] if w not in IGNORED}
                if following & asked:
                    return "No", sentence
    return None
