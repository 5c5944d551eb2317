"""What a question asks, read before it is answered.

A question people post is rarely one line: two or three sentences of their own situation and
numbers, the spell or feature in a title or a tag, and the question last ("My rogue has +0 Wis
and is proficient, so passive is 12, right? Or is it 10?"). Read as one query, such a text lands
on an incidental word. So the reader finds the sentences that ask (those ending in "?", or
opening as a question does, else the last), a leading topic ("Wild Shape: ..."), the options an
"X or Y?" offers, and the kind of answer wanted: yes-no, a computation, a look-up or a procedure.
Retrieval, quoting and verdicts then aim at what is asked (`focus`), and the rest of the text is
only context. A short one-line question is its own focus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dm_companion.assistant.question_terms import FRAME_STEMS, content_stems
from dm_companion.wording import SENTENCE_END

LONG_WORDS = 20  # a question longer than this carries context of its own
POINTING_WORDS = 1  # "Can it move?": an asking sentence this thin, with a pronoun, leans on the one before
TITLE_WORDS = 8  # "Sneak Attack: ..." names its topic in at most this many words
_TITLE = re.compile(r"^\s*((?:[^:?!.\n(]|\([^)\n]{0,120}\)){2,240}?):\s+(?=\S)")  # "Minotaur (Theros): ..."
TITLE_CHARS = 80  # outside its parentheses
_PARENTHESES = re.compile(r"\([^)]*\)")
_SENTENCE = re.compile(SENTENCE_END.pattern + r"|(?<=\?)[\"'\u201d)]*\s*|\n+")
_OPENS_A_QUESTION = re.compile(
    r"^\s*(?:and |but |so |or |then |also |now |ok,? |okay,? )?"
    r"(does|do|did|is|are|was|were|can|could|will|would|should|shall|has|have|had|must|may|might|"
    r"what|what's|whats|how|which|who|when|where|why|am i|is it true)\b",
    re.IGNORECASE,
)
_ASKING_LEAD = re.compile(
    r"\b(?:my (?:main )?question is|i(?:'m| am| was)? wonder(?:ing)?|i want to know|i'd like to know|"
    r"i was curious|i'm curious)\b",
    re.IGNORECASE,
)
# A question asked mid-sentence, its verb before its subject ("A dragon that has a recharge weapon
# does it get to use that as well?", posted without a question mark).
_INVERTED = re.compile(
    r"\b(?:does|do|can|could|will|would|should|is|are) (?:it|he|she|they|i|you|we)\b", re.I
)
POINTS_BACK = re.compile(r"\b(?:it|them|this)\b(?! (?:is|was)\b)", re.IGNORECASE)  # at the sentence before
# Someone the story named ("What does she roll?"), or what it told ("Does that work?").
SOMEONE_BACK = re.compile(r"\b(?:she|he|her|him|they|them)\b", re.IGNORECASE)
_TOLD_BACK = re.compile(r"\b(?:is|does|can|could|would|will|was) that\b", re.IGNORECASE)
_YES_NO = re.compile(
    r"^\s*(?:and |but |so |or |then |also |now )?(?:does|do|did|is|are|was|were|can|could|will|would|"
    r"should|shall|has|have|had|must|may|might|am i|is it true)\b",
    re.IGNORECASE,
)
_COMPUTATION = re.compile(
    r"\b(how (?:much|many|far|long|high)|what(?:'s| is| would be)? (?:the|my|his|her|their|its) "
    r"(?:dc|total|damage|bonus|modifier|range|number|speed)|calculate|add up)\b",
    re.IGNORECASE,
)
_PROCEDURE = re.compile(
    r"\b(how (?:do|does|would|should|is|are|can)|what happens|what sequence|in what order|walk me through)\b",
    re.IGNORECASE,
)
# Words of a question that only judges what came before it ("Or am I just remembering wrong?",
# "Is that allowed?", "What do you think?"): such a question names nothing of its own.
_JUDGING_STEMS = content_stems(
    """right wrong correct correctly true allowed possible think reading understanding remembering
    misunderstanding misremembering misreading mistaken missing confused sure deal scenario trumps
    above yes legal work play out"""
)
_AMOUNT = r"(?:\d*d\d+(?:\s*[+-]\s*\d+)?|[+-]?\d+(?:\s*(?:ft|feet|hp))?)"
_ALTERNATIVES = re.compile(
    rf"(?:at |to |be |is it )?({_AMOUNT})\s*,?\s+or\s+(?:at |to |is it )?({_AMOUNT})\b"
)


# "What kind of save is it?": the words that ask for a thing's sort name nothing of their own.
_SORTING_STEMS = content_stems("kind type sort")
_BY_ITS_KIND = re.compile(
    r"\b(?:the|that|this) "
    r"(?:spell|effect|feature|ability|condition|creature|monster|attack|item|roll|check|save)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Asking:
    text: str  # the question as given
    title: str  # a leading topic ("Wild Shape" of "Wild Shape: does ..."), else ""
    asks: tuple[str, ...]  # the sentences that ask, in order
    kind: str  # yes-no | computation | lookup | procedure
    alternatives: tuple[str, ...]  # the amounts an "X or Y?" offers ("2d4+1", "2d4+2")
    long: bool  # a title, a story or over LONG_WORDS words ("trolls regenerate right? how much?" is short)
    story: tuple[str, ...] = ()  # the sentences that tell, not ask: the asker's own situation

    @property
    def focus(self) -> str:
        """What the question asks, for retrieval and quoting: its title and asking sentences."""
        return " ".join(part for part in (self.title, *self.asks) if part)

    def story_before(self, ask: str) -> list[str]:
        """The story's sentences told before an asking sentence, in their order."""
        at = self.text.find(ask)
        return sorted((s for s in self.story if -1 < self.text.find(s) < at), key=self.text.find)

    @property
    def first_ask(self) -> str:
        return self.asks[0] if self.asks else self.text


def sentences(text: str) -> list[str]:
    """The text's sentences, a question mark ending one even before a closing quote."""
    return [part.strip() for part in _SENTENCE.split(text) if part and part.strip()]


def _title(text: str) -> tuple[str, str]:
    """(a leading topic, the rest): "Sneak Attack: The rules allow ..." -> ("Sneak Attack", ...)."""
    match = _TITLE.match(text)
    topic = _PARENTHESES.sub("", match.group(1)) if match else ""
    if match is None or len(topic) > TITLE_CHARS or len(topic.split()) > TITLE_WORDS:
        return "", text
    rest = text[match.end() :]
    return (match.group(1).strip(), rest) if len(rest.split()) >= 3 else ("", text)


def _is_asking(sentence: str) -> bool:
    return sentence.rstrip(" \"'\u201d)").endswith("?") or bool(
        _OPENS_A_QUESTION.match(sentence) or _ASKING_LEAD.search(sentence) or _INVERTED.search(sentence)
    )


def _kind(asks: list[str]) -> str:
    first = asks[0] if asks else ""
    if any(_COMPUTATION.search(a) for a in asks):
        return "computation"
    if _YES_NO.match(first) or (
        first.endswith("?")
        and not re.match(r"\s*(what|how|which|who|when|where|why)\b", first, re.IGNORECASE)
    ):
        return "yes-no"
    if any(_PROCEDURE.search(a) for a in asks):
        return "procedure"
    return "lookup"


def points_at_a_thing(sentence: str) -> bool:
    """Whether a sentence points back at a thing the story named, not at a person ("Does it
    regenerate?", "the save against its gaze"; "Does he die?" points at the fighter, not the lich)."""
    return bool(
        POINTS_BACK.search(sentence) or _BY_ITS_KIND.search(sentence) or re.search(r"\bits\b", sentence)
    )


def _refers_back(sentence: str) -> bool:
    """An asking sentence that names nothing of its own and only judges what came before it, or
    names one thing and a pronoun for the rest ("Can it move?"), or calls what it asks about by
    its kind alone ("Does the spell end immediately?" after "My wizard is concentrating on hold
    person and gets knocked unconscious.")."""
    own = content_stems(sentence) - FRAME_STEMS - _JUDGING_STEMS - _SORTING_STEMS
    return (
        not own
        or (
            len(own) <= POINTING_WORDS
            and any(p.search(sentence) for p in (POINTS_BACK, SOMEONE_BACK, _TOLD_BACK))
        )
        or bool(_BY_ITS_KIND.search(sentence))
    )


def _asking(parts: list[str], asking: list[int]) -> list[str]:
    """The sentences that ask (at `asking`), each one that only judges what came before it
    ("I thought HD = half level. Or am I just remembering wrong?") or leans on it by a pronoun
    ("The orc is grappled. Can it move?") with the sentence before it."""
    taken = {j for i in asking for j in ((i - 1, i) if i > 0 and _refers_back(parts[i]) else (i,))}
    return [parts[i] for i in sorted(taken) if i >= 0]


def read(question: str) -> Asking:
    """What `question` asks; see the module docstring."""
    text = " ".join(question.split())
    title, rest = _title(text)
    parts = sentences(rest)
    asking = [i for i, part in enumerate(parts) if _is_asking(part)] or [len(parts) - 1]
    asks = _asking(parts, asking)
    found = [m for a in asks for m in _ALTERNATIVES.findall(a)]
    alternatives = tuple(" ".join(x.split()) for x in found[0]) if found else ()
    story = tuple(part for i, part in enumerate(parts) if i not in asking)  # "The orc is grappled."
    long = bool(title) or bool(story) or len(text.split()) > LONG_WORDS
    return Asking(text, title, tuple(asks), _kind(asks), alternatives, long, story)
