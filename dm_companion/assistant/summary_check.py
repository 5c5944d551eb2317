"""The model's "In short" after a quote, held to the quote: shown only where it says what one
quoted sentence says, and never more.

The 135M model, reading a quote, often writes a sentence of its words that the quote does not
say: a verdict ("No, you cannot cast more than one spell per turn"), a negation flipped, two
roles swapped ("the charmer can't attack the charmed creature"), or a true sentence that answers
another question. Every word of such a sentence is in the quote, so a check of words alone keeps
it. So a summary sentence is shown only when:
- it is a statement (not the question back, not a verdict: "Yes."/"No." come only from the
  quoted text, `yes_no`), every number in it is in the quote, and nearly all its words are;
- it restates one quoted sentence: every content word of it is in that sentence (no antonym,
  "succeeds" for "fails", slips in), most of its words follow that sentence in order and its
  content words all but one (a swapped role breaks the order), it negates what that sentence
  negates and nothing it affirms, and it keeps what limits that sentence: its numbers ("When you
  make a death saving throw, it counts as two failures" dropped "and roll a 1 on the d20") and
  its opening "when"/"if" ("Damage reduces you to 0 hit points and fails to kill you" made a
  condition a fact);
- it is about the question (its meaning close to the question's).
`benchmarks/summary_check.py` plants contradictions of each kind to measure what this catches.
"""

from __future__ import annotations

import re

from dm_companion.overlap import echo
from dm_companion.wording import NEGATION_REACH, NUMBER_WORDS, SENTENCE_END, STOPWORDS

ABOUT_QUESTION = 0.4  # cosine from a summary sentence to its question below which it is a non sequitur
GROUNDED = 0.75  # share of a summary sentence's content words that must be in the quote
RESTATES = 0.6  # share of a summary sentence's words that must follow one quoted sentence in order
_NUMBER = re.compile(r"\d+(?:d\d+)?(?:[.,/]\d+)?")
_WORD = re.compile(r"[a-z]+")
_NEGATION = re.compile(
    r"^(?:not|no|never|cannot|without|none|neither|nor|can't|cant|won't|isn't|doesn't|don't|"
    r"aren't|wasn't|weren't|hasn't|haven't|didn't|shouldn't|wouldn't|couldn't|mustn't)$"
)
_VERDICT = re.compile(r"^\s*(?:yes|no)\b", re.IGNORECASE)
_CONDITION_OPENER = re.compile(r"\W*(when|whenever|if|unless|while|once|until)\b", re.IGNORECASE)


def numbers_in(text: str) -> set[str]:
    return {match.replace(",", "") for match in _NUMBER.findall(text.lower())}


def unsupported_numbers(sentence: str, source: str) -> set[str]:
    """Numbers (and dice) in `sentence` that the source text does not contain."""
    allowed = numbers_in(source) | {
        str(value)
        for value, word in enumerate(NUMBER_WORDS[:11])
        if value and re.search(rf"\b{word}\b", source.lower())
    }
    return numbers_in(sentence) - allowed


def grounded(sentence: str, source: str) -> bool:
    """Whether nearly every content word of `sentence` appears in `source` (prefixes count, so
    "grappling" meets "grapple")."""
    known = set(_WORD.findall(source.lower()))
    words = [w for w in _WORD.findall(sentence.lower()) if len(w) > 3 and w not in STOPWORDS]
    if not words:
        return False
    found = sum(1 for w in words if w in known or any(k[:5] == w[:5] for k in known if len(k) > 4))
    return found / len(words) >= GROUNDED


def _negated(sentence: str) -> tuple[set[str], set[str]]:
    """(the content words a negation reaches, the other content words), by their first five letters."""
    words = re.findall(r"[a-z']+", sentence.lower().replace("\u2019", "'"))
    negated, reach = set(), 0
    for word in words:
        if _NEGATION.match(word) or word.endswith("n't"):
            reach = NEGATION_REACH
            continue
        if reach and word not in STOPWORDS and len(word) > 2:
            negated.add(word[:5])
        reach = max(0, reach - 1)
    affirmed = {w[:5] for w in words if w not in STOPWORDS and len(w) > 2} - negated
    return negated, affirmed


def _stems5(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z']+", text.lower().replace("\u2019", "'"))}


def _content(text: str) -> str:
    """The text's content words, by their first five letters, in order."""
    return " ".join(w[:5] for w in _WORD.findall(text.lower()) if len(w) > 3 and w not in STOPWORDS)


def in_order(sentence: str, source: str) -> bool:
    """Whether the sentence's content words come in the source's order, all but one: two roles
    traded ("the charmer can't attack the charmed") put two of them out of it."""
    said = _content(sentence)
    return not said or echo(said, _content(source)) * len(said.split()) >= len(said.split()) - 1


def keeps_limits(sentence: str, source: str) -> bool:
    """Whether `sentence` keeps every number of `source` and, where `source` opens with a
    condition ("When ...", "If ..."), that condition's word."""
    if numbers_in(source) - numbers_in(sentence):
        return False
    opener = _CONDITION_OPENER.match(source)
    return opener is None or re.search(rf"\b{opener.group(1)}\b", sentence, re.IGNORECASE) is not None


def restates(sentence: str, quote: str) -> bool:
    """Whether `sentence` says what one sentence of `quote` says (see the module docstring)."""
    said_negated, said_affirmed = _negated(sentence)
    for source in SENTENCE_END.split(quote):
        if echo(sentence, source) < RESTATES or (said_negated | said_affirmed) - _stems5(source):
            continue
        if not in_order(sentence, source) or not keeps_limits(sentence, source):
            continue
        negated, _ = _negated(source)
        if said_negated <= negated and not (said_affirmed & negated):
            return True
    return False


def supported(sentence: str, source: str) -> bool:
    """A summary sentence worth showing: a statement (not the question echoed back, not a verdict)
    whose numbers and words come from the quote, restating one of its sentences."""
    if sentence.lstrip().startswith(("SRD passage", "Campaign note")):
        return False  # the prompt's own header echoed back
    return (
        not sentence.rstrip().endswith("?")
        and not _VERDICT.match(sentence)
        and not unsupported_numbers(sentence, source)
        and grounded(sentence, source)
        and restates(sentence, source)
    )


def about(index, sentence: str, question: str) -> bool:
    """Whether the sentence answers this question rather than stating another fact of the same
    passages (a non sequitur that shares every word with its source): its meaning is close to
    the question's (cosine of their embeddings at least ABOUT_QUESTION)."""
    vectors = index.embed([question, sentence])
    return float(vectors[0] @ vectors[1]) >= ABOUT_QUESTION


def shows(index, sentence: str, source: str, question: str) -> bool:
    """Whether a summary sentence is shown: `supported` by the source and `about` the question."""
    return supported(sentence, source) and about(index, sentence, question)
