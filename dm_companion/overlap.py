"""How much one text repeats another, by the longest common subsequence of their words: ROUGE-L
F1 for the dataset's evaluation, and echo, the share of a text's own words that merely repeat
its source (a narration that reads the log back has an echo near 1). The checkers of the model's
words read them a sentence at a time (`sentences`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dm_companion.wording import SENTENCE_END

ECHO_TEXT_MAX = (
    1 / 3
)  # the bound on echo: a text must follow its source for less than this (#19: "below a third")
ECHO_SENTENCE_MAX = (
    0.8  # a sentence this much a copy of one line (of a log, a note, an answer) only reads it back
)

_SENTENCE = re.compile(SENTENCE_END.pattern + r"|\s*\n+\s*(?:[-*•]\s*)?")  # sentences, and lines of a list


def sentences(text: str) -> list[str]:
    """The sentences of `text`, and the lines of a list, without their bullets."""
    return [s.strip().lstrip("-*• ") for s in _SENTENCE.split(text.strip()) if s.strip().lstrip("-*• ")]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _lcs_row(previous: list[int], a: list[str], b: list[str]) -> list[int]:
    """The last row of the longest-common-subsequence table of (what `previous` was the row of,
    then `a`) against `b`."""
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous


def _lcs(a: list[str], b: list[str]) -> int:
    return _lcs_row([0] * (len(b) + 1), a, b)[-1]


def rouge_l(candidate: str, reference: str) -> float:
    """ROUGE-L F1 over words."""
    a, b = words(candidate), words(reference)
    lcs = _lcs(a, b) if a and b else 0
    if not lcs:
        return 0.0
    precision, recall = lcs / len(a), lcs / len(b)
    return 2 * precision * recall / (precision + recall)


def echo(text: str, source: str) -> float:
    """The share of `text`'s words that follow `source` word for word (LCS over the text's length)."""
    a = words(text)
    return _lcs(a, words(source)) / len(a) if a else 0.0


@dataclass(frozen=True)
class Following:
    """The echo of a text told a sentence at a time against one source: the table's last row is
    kept, so each sentence costs only its own words, and a sentence can be weighed before it is
    told (`then` gives the text with it, and leaves this one as it was)."""

    source: tuple[str, ...]
    row: tuple[int, ...]
    length: int = 0  # the words of the text told so far

    @classmethod
    def of(cls, source: str) -> Following:
        said = tuple(words(source))
        return cls(said, (0,) * (len(said) + 1))

    @property
    def followed(self) -> int:
        """The words of the text told so far that follow the source (over `length`: its echo)."""
        return self.row[-1]

    def then(self, sentence: str) -> Following:
        added = words(sentence)
        return Following(
            self.source, tuple(_lcs_row(list(self.row), added, list(self.source))), self.length + len(added)
        )
