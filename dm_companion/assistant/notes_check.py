"""The model's descriptions and narration held to the campaign's notes, sentence by sentence.

Tried as a user would, "describe the Crooked Lantern tavern" got the earlier answer about Bram's
debt back, with "30 gp" turned into "30 gallons", and the prompt's "Campaign notes:" block
printed as if it were the answer. So a sentence is dropped, with the reason the DM is shown, when
- it reads the prompt back (the notes' header or a line of it) or repeats a note or an earlier
  answer (echo of ECHO_SENTENCE_MAX or more of its words);
- told after the sentences kept so far, it would make the answer follow one of the last
  EARLIER_ANSWERS answers for ECHO_TEXT_MAX of its words or more: no one copied sentence, but
  the same description again in the same order of things ("The door opens to ..."). The bound
  is taken of SHORT_TEXT words at least: a short start shares a name and a "the" with an earlier
  answer about the same thing ("Bram wipes the bar."), which is not retelling it;
- it gives a figure the notes give otherwise: a number the notes tie to one unit told with
  another ("30 gallons" where the notes say 30 gp), or, of a thing a note is about (its name is
  in the sentence or the request), a sum or count that note gives differently ("Rooms cost 2 gp"
  where it says 5 sp a night; "five hundred souls" where it says three hundred);
- it moves a fact of another note into the thing described: a name or a figure of a note that
  was recalled but is not about what was asked (`describing`), which neither the request nor
  the thing's own notes give ("It sells timber ... to Harrowgate" of the inn, from the village).
What the notes do not settle (the smell of the taproom, a stranger's hat) is the model's to invent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from dm_companion.assistant.question_terms import stem, with_digits
from dm_companion.memory.records import Memory
from dm_companion.overlap import ECHO_SENTENCE_MAX, ECHO_TEXT_MAX, Following, echo, sentences
from dm_companion.proper_names import proper_names
from dm_companion.wording import SENTENCE_END

RUN_ON = 300  # characters of a reply without a sentence end, checked and shown as one sentence
EARLIER_ANSWERS = 4  # the answers before this one that it is held not to follow: the ones the DM just read
SHORT_TEXT = 15  # words: the least a text's echo of an earlier answer is reckoned over (a start may share 4)

_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_MONEY = {
    "gp": ("gp", 100),
    "gold": ("gp", 100),
    "sp": ("sp", 10),
    "silver": ("sp", 10),
    "cp": ("cp", 1),
    "copper": ("cp", 1),
    "ep": ("ep", 50),
    "electrum": ("ep", 50),
    "pp": ("pp", 1000),
    "platinum": ("pp", 1000),
}
_FIGURE = re.compile(r"(?<![\w.])(\d[\d,]*)\s*(?:-\s*)?([a-z]+)?")
_NOT_UNITS = frozenset(
    """a an the of and or to in on at by for with from per each more less than times
    percent am pm o years year s th st nd rd""".split()
)
_NAME = re.compile(r"\b[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})*")
_CLAUSE = re.compile(
    r"[,;:()]|\b(?:and|then|but|while|before|after)\b"
)  # where a summary's chained events part
_PROMPT_LINE = re.compile(
    r"\((?:[a-z]+ ?){1,3}\) |(?:my )?notes from session \d+:", re.IGNORECASE
)  # as the summary's prompt writes


@dataclass(frozen=True)
class Figure:
    number: int  # as written
    unit: str  # "money" for any coin, else the word's stem ("soul" for souls)
    value: int  # money in copper pieces (5 sp and 50 cp are one sum), else the number
    text: str  # as the DM reads it: "5 sp", "300 souls"


def digits(text: str) -> str:
    """Number words as digits: "three hundred" is "300", "forty" is "40"."""
    text = re.sub(
        r"\b(" + "|".join(_TENS) + r")(?:[- ](" + "|".join(_ONES) + r"))?\b",
        lambda m: str(_TENS[m.group(1)] + (_ONES.index(m.group(2)) + 1 if m.group(2) else 0)),
        text.lower(),
    )
    return re.sub(r"\b(\d+) hundred\b", lambda m: str(int(m.group(1)) * 100), with_digits(text))


def figures(text: str) -> list[Figure]:
    found = []
    for written, unit in _FIGURE.findall(digits(text)):
        if not unit or unit in _NOT_UNITS:
            continue
        number = int(written.replace(",", ""))
        if unit in _MONEY:
            coin, worth = _MONEY[unit]
            found.append(Figure(number, "money", number * worth, f"{number} {coin}"))
        else:
            found.append(Figure(number, stem(unit), number, f"{number} {unit}"))
    return found


def names(memory: Memory) -> set[str]:
    """The words a sentence names a note's subject by: the capitalized words of its title."""
    return {w for w in re.findall(r"[A-Z][a-z]{2,}", memory.title) if w not in ("The", "Session")}


class NotesCheck:
    """One request's notes (`notes`: about what was asked; `others`: recalled beside them) and
    earlier answers, against which each sentence is read."""

    def __init__(
        self,
        notes: Sequence[Memory],
        request: str,
        earlier: Iterable[str] = (),
        others: Sequence[Memory] = (),
    ) -> None:
        self.notes = [*notes, *others]  # a figure or a sentence of any recalled note is checked
        self.request = request
        self.others = [(n.title, _name_words(f"{n.title}. {n.text}"), _sums(n.text)) for n in others]
        own = ". ".join([request] + [f"{n.title}. {n.text}" for n in notes])  # what was asked about
        self.own_names, self.own_sums = _name_words(own), _sums(own)
        earlier = [answer for answer in earlier if answer]
        self.earlier = [s for answer in earlier for s in sentences(answer)]
        self.following = [Following.of(answer) for answer in earlier[-EARLIER_ANSWERS:]]  # as told so far
        self.note_sentences = [(n, s) for n in self.notes for s in sentences(n.text)]
        self.note_figures = [(n, f) for n in self.notes for f in figures(n.text)]

    def problem(self, sentence: str) -> str | None:
        """Why `sentence` cannot stand, or None."""
        return (
            self.reads_back(sentence)
            or self.repeats(sentence)
            or self.misstates_a_figure(sentence)
            or self.moves_a_fact_in(sentence)
        )

    def reads_back(self, sentence: str) -> str | None:
        if sentence.lower().startswith(("campaign notes", "- ")) or any(
            sentence.startswith(f"{n.title}:") for n in self.notes
        ):
            return "reads the prompt back"
        return None

    def repeats(self, sentence: str) -> str | None:
        for note, line in self.note_sentences:
            if echo(sentence, line) >= ECHO_SENTENCE_MAX:
                return f"repeats your note '{note.title}'"
        if any(echo(sentence, line) >= ECHO_SENTENCE_MAX for line in self.earlier):
            return "repeats an earlier answer"
        return None

    def misstates_a_figure(self, sentence: str) -> str | None:
        named = self._named(sentence)
        for figure in figures(sentence):
            sums = [f for _, f in self.note_figures if f.number == figure.number and f.unit == "money"]
            if sums and figure.unit != "money":  # "30 gallons" for the notes' 30 gp
                return f"your notes say {sums[0].text}"
            said = [f for note, f in self.note_figures if f.unit == figure.unit and names(note) & named]
            if said and figure.value not in {f.value for f in said}:
                return f"your notes say {' or '.join(dict.fromkeys(f.text for f in said))}"
        return None

    def moves_a_fact_in(self, sentence: str) -> str | None:
        """A name or a figure of one of the `others` (notes recalled, but not about what was
        asked) that neither the request nor its own notes give: "It sells timber ... to
        Harrowgate" of the inn, where Harrowgate is the village's trade."""
        names, sums = _name_words(sentence) - self.own_names, _sums(sentence) - self.own_sums
        for title, their_names, their_sums in self.others:
            if names & their_names or sums & their_sums:
                return f"a fact of your note '{title}', not of what you asked about"
        return None

    def _named(self, sentence: str) -> set[str]:
        """The name words in `sentence` and in the request: a note whose title shares one is about
        what the sentence tells of."""
        found = _NAME.findall(sentence) + _NAME.findall(self.request.title())
        return {w for name in found for w in name.split()}

    def kept(self, pieces: Iterable[str], dropped: list[str]) -> Iterator[str]:
        """A streamed reply a sentence at a time, each as soon as it is complete and only if it
        stands (the first bare, the rest after a space); each one that cannot stand goes to
        `dropped` with why. A run-on is checked in parts of RUN_ON characters."""
        pending, shown = "", False
        for piece in pieces:
            pending += piece
            *complete, pending = SENTENCE_END.split(pending)
            if len(pending) > RUN_ON:
                complete, pending = [*complete, pending], ""
            for sentence in complete:
                if (text := self._stands(sentence, dropped)) is not None:
                    yield (" " if shown else "") + text
                    shown = True
        if (text := self._stands(pending, dropped)) is not None:
            yield (" " if shown else "") + text

    def _stands(self, sentence: str, dropped: list[str]) -> str | None:
        sentence = sentence.strip()
        if not sentence:
            return None
        why = self.problem(sentence)
        if why is None:
            with_it = [answer.then(sentence) for answer in self.following]
            why = self.follows_an_earlier_answer(with_it)
        if why is not None:
            dropped.append(f"Dropped \u201c{sentence[:120]}\u201d ({why}).")
            return None
        self.following = with_it
        return sentence

    @staticmethod
    def follows_an_earlier_answer(with_it: list[Following]) -> str | None:
        """Whether the answer, told with the sentence weighed (`with_it`: it against each earlier
        answer), would follow one for ECHO_TEXT_MAX of its words or more (of SHORT_TEXT at least)."""
        if any(told.followed >= max(told.length, SHORT_TEXT) * ECHO_TEXT_MAX for told in with_it):
            return "with it the answer would read an earlier one back"
        return None


class SummaryCheck(NotesCheck):
    """A session summary's draft against the session's memories (`material`: the prompt's lines of
    them). A summary retells its notes, so repeating one stands; but the model was told to use
    only what the notes say, so a sentence is dropped that reads the prompt back (a line of the
    notes as given, or the `instructions`), gives a figure no memory of the session gives, names
    someone or somewhere nothing of the session names, ties a figure the session gives to
    someone else ("Sir Aldous commands forty soldiers" where the forty are Greave Keep's), or
    ties together two of the session's names that no memory of it names together ("Old Bram
    fought Grandmother Silt")."""

    def __init__(self, notes: Sequence[Memory], material: str, instructions: Sequence[str] = ()) -> None:
        super().__init__(notes, "")
        self.instructions = [s for text in instructions for s in sentences(text)]
        self.known = {stem(w) for w in re.findall(r"[a-z]+", material.lower())}
        self.stated = {(f.unit, f.value) for _, f in self.note_figures}
        named = {id(n): _name_words(f"{n.title}. {n.text}") for n in self.notes}
        self.note_names = list(named.values())
        self.session_names = set().union(*self.note_names)
        self.figure_names = [
            (f, named[id(n)], n.title) for n, f in self.note_figures
        ]  # whom each figure is told of

    def problem(self, sentence: str) -> str | None:
        return (
            self.reads_back(sentence)
            or self.unstated_figure(sentence)
            or self.names_the_unknown(sentence)
            or self.misattributes_a_figure(sentence)
            or self.ties_the_untied(sentence)
        )

    def reads_back(self, sentence: str) -> str | None:
        line = sentence.lstrip("-*• ")
        if (
            _PROMPT_LINE.match(line)
            or any(line.startswith(f"{n.title}:") for n in self.notes)
            or any(echo(line, asked) >= ECHO_SENTENCE_MAX for asked in self.instructions)
        ):
            return "reads the prompt back"
        return None

    def unstated_figure(self, sentence: str) -> str | None:
        for figure in figures(sentence):
            if (figure.unit, figure.value) not in self.stated:
                said = [f.text for _, f in self.note_figures if f.unit == figure.unit]
                if said:
                    return f"your notes say {' or '.join(dict.fromkeys(said))}"
                return f"nothing this session says {figure.text}"
        return None

    def names_the_unknown(self, sentence: str) -> str | None:
        new = [
            name
            for name, _ in proper_names(sentence)
            if any(stem(part) not in self.known for part in re.findall(r"[a-z]+", name.lower()))
        ]
        return f"nothing this session names {new[0]}" if new else None

    def misattributes_a_figure(self, sentence: str) -> str | None:
        """A figure told with names of the session's (a capitalized word no memory names as one,
        "Cleared", is not someone) of which no memory giving that figure names any, where such a
        memory does name someone. One shared name is enough to stand: a sentence may name two
        people and a figure only one of them is tied to."""
        told = _name_words(sentence) & self.session_names
        if not told:
            return None
        for figure in figures(sentence):
            giving = [
                (names, title)
                for f, names, title in self.figure_names
                if (f.unit, f.value) == (figure.unit, figure.value)
            ]
            if any(names for names, _ in giving) and not any(told & names for names, _ in giving):
                named = _first(sentence, told)
                return f"your notes give {figure.text} in '{giving[0][1]}', which does not name {named}"
        return None

    def ties_the_untied(self, sentence: str) -> str | None:
        """Two of the session's names in one clause of which no memory names both: a deed or a tie
        the notes never tell ("Old Bram fought Grandmother Silt", "Ysolde bought the potions" where
        the notes say the party did). Only within a clause: a summary chains its events with commas
        and "and" ("... took Old Bram's job, and bought potions from Mother Hesk" ties no one)."""
        for clause in _CLAUSE.split(sentence):
            told = [
                (name, words)
                for name in _NAME.findall(clause)
                if (words := _name_words(name) & self.session_names)
            ]
            for (one, ones), (other, others) in combinations(told, 2):
                if not ones & others and not any(
                    ones & names and others & names for names in self.note_names
                ):
                    return f"no note of this session has {one} with {other}"
        return None


def _words_of(name: str) -> set[str]:
    """A name's stemmed words ("Greave Keep's" gives greav, keep)."""
    return {stem(w) for w in re.findall(r"[a-z]{3,}", name.lower())}


def _name_words(text: str) -> set[str]:
    """The stemmed words of the names `text` may hold."""
    return set().union(*(_words_of(name) for name, _ in proper_names(text)))


def _sums(text: str) -> set[tuple[str, int]]:
    return {(f.unit, f.value) for f in figures(text)}


def _first(sentence: str, words: set[str]) -> str:
    """The first name of `sentence` (its capitalized words run together: "Sir Aldous Vane") one of
    whose stemmed words is in `words`."""
    return next((name for name in _NAME.findall(sentence) if _words_of(name) & words), min(words))
