"""Rules questions answered from the SRD, every answer with its sources.

Four ways to answer, tried in order:
0. a question that asks for something worked out from its own numbers (a concentration DC from
   the damage, a modifier from a score, a jump from Strength) is computed (`calculators`), no model;
1. a stat question about a named entry is answered from the record itself (`facts`), no model;
   a yes/no question opens with "Yes." or "No." when one sentence of the answer settles it;
2. otherwise the best passages are retrieved; the answer opens with the SRD's own words (the
   top passage's key sentences, quoted, and where the entry the question names never says what it
   asks, the sentence of the section that does) and the model, reading exactly what is quoted,
   adds a plain-words answer, each sentence of which is shown only if every number in it, and
   nearly every content word, is in the quote or the question, and it is about the question: a
   sentence that fails is dropped, not shown. The model reads the quote rather than the whole
   passages: it is shorter to read, as often right, and nothing the DM was not shown can be
   said (benchmarks/README.md);
3. when nothing relevant is retrieved, the answer says so instead of inventing one.

With a campaign's memory attached, a question its notes answer better than the SRD ("what did
the innkeeper owe us?") is answered the same way from the notes: quoted, then summarised and
checked against them. Rules answers keep to the SRD.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from dm_companion.assistant.calculators import calculate
from dm_companion.assistant.facts import answer_fact
from dm_companion.assistant.question_terms import FRAME_STEMS, FRAME_WORDS, IGNORED, content_stems
from dm_companion.assistant.recall import as_passage, recall
from dm_companion.assistant.reply import Reply, Source
from dm_companion.assistant.retrieval import Hit, Progress, SRDIndex
from dm_companion.assistant.shorthand import expand
from dm_companion.assistant.yes_no import verdict
from dm_companion.errors import DMCError
from dm_companion.llm.protocol import LanguageModel
from dm_companion.srd import names
from dm_companion.srd.names import singular
from dm_companion.srd.render import Passage, passage_for
from dm_companion.srd.render import monster as render_monster
from dm_companion.srd.repository import SRD, Mention, srd
from dm_companion.wording import NUMBER_WORDS, SENTENCE_END, join_words

if TYPE_CHECKING:
    from dm_companion.bestiary.store import Bestiary
    from dm_companion.memory.store import MemoryStore

MAX_QUESTION = 2000
RELEVANT = 0.31  # cosine similarity below which a passage is not about the question
# (off-topic questions scored at most 0.29 against the SRD here; rules ones mostly 0.45+)
CLEARLY_ABOUT = 0.55  # similarity at which a passage answers despite an unknown word
RELEVANT_IF_WORDS_MATCH = 0.22  # enough when full-text search also ranks the passage in its top 3
ROLL_FOLLOW_CHARS = 200  # the sentence after a rule's roll sentence is quoted with it when this short
QUOTE_CHARS = 700  # the quote: the passage's most relevant sentences up to about this long
READ_PASSAGES = 3  # passages a passage answer lists as its sources; its quotes come from them
READ_CHARS = (1200, 500, 500)  # how much of each passage `reading` gives the model, best first
NOT_FOUND = "I couldn't find that in the SRD, so I won't guess. Try naming the monster, spell, class or rule."
NOTES_SYSTEM = (
    "You are DM Companion, helping a Dungeons & Dragons dungeon master remember their campaign. "
    "Answer the question in one or two short sentences using only the campaign note given. "
    "Copy names and numbers exactly. If the note does not answer it, say so."
)
RULES_SYSTEM = (
    "You are DM Companion, a rules assistant for Dungeons & Dragons 5th edition. Answer the "
    "question in one or two short sentences using only the SRD passages given. Copy numbers "
    "exactly as the passages give them. If the passages do not answer it, say so."
)
_ROLL = re.compile(r"\broll\w*\b[^.]*\bd\d+\b|\bd\d+\b[^.]*\broll", re.IGNORECASE)
_DIE = re.compile(r"\bd\d+\b")
_BROKEN_LINE = re.compile(r"(?<=[a-z,])\n(?=[a-z(])")
_NUMBER = re.compile(r"\d+(?:d\d+)?(?:[.,/]\d+)?")
_WORD = re.compile(r"[a-z]+")
_STAT_QUESTION = re.compile(
    r"\b(hp|hit points?|ac|armou?r class|cr|challenge|immune|immunit\w*|resist\w*|"
    r"vulnerab\w*|speed|stat ?block|stats|damage)\b",
    re.IGNORECASE,
)
_STOPWORDS = frozenset(
    """the a an of to and or in on at for with is are be been can cannot you your
it its that this these those as by from if when which who what how does do not no than then them
they their there while into onto about also only just must may might will would could should
have has had any each such other some more most very""".split()
)
ABOUT_QUESTION = (
    0.4  # cosine from a summary sentence to its question below which it is taken for a non sequitur
)
GROUNDED = 0.75  # share of a summary sentence's content words that must be in the quote
UNKNOWN_CUTOFF = 0.9  # a word this close to an SRD word is a typo of it, not a thing the SRD lacks
_SPELL_NAME_END = re.compile(r"\b(?:(\w+) )?([a-z']+) (?:spell|cantrip)\b(?!s)")
_KIND_OF_SPELL = frozenset("a an any another one every each some no".split())  # "a leveled spell" names none


def numbers_in(text: str) -> set[str]:
    found = {match.replace(",", "") for match in _NUMBER.findall(text.lower())}
    return found


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
    words = [w for w in _WORD.findall(sentence.lower()) if len(w) > 3 and w not in _STOPWORDS]
    if not words:
        return False
    found = sum(1 for w in words if w in known or any(k[:5] == w[:5] for k in known if len(k) > 4))
    return found / len(words) >= GROUNDED


def reading(passages: list[Passage], question: str) -> str:
    """The user turn the model answers a rules question from: the passages (the app gives it
    the quoted ones), best first, each cut to its share of READ_CHARS, then the question. The
    adapter factory builds its training prompts with this same function."""
    blocks = [
        f"SRD passage ({p.name}):\n{cut(p.text, limit)}"
        for p, limit in zip(passages[:READ_PASSAGES], READ_CHARS)
    ]
    return "\n\n".join(blocks) + f"\n\nQuestion: {question}"


def cut(text: str, limit: int) -> str:
    """`text` up to `limit` characters, ending at a sentence end where there is one."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(". "), head.rfind(".\n"))
    return head[: end + 1] if end > limit // 3 else head


def _sentences(text: str) -> list[str]:
    """A passage's sentences, headings and list markers dropped (a short sentence is a heading
    unless it rolls a die: "Roll a d20." is how death saves begin)."""
    pieces = []
    text = _BROKEN_LINE.sub(
        " ", text
    )  # the SRD's text breaks some sentences mid-way ("Strength\n(Athletics) check")
    for line in text.split("\n"):
        pieces.extend(
            part.strip(" -")
            for part in SENTENCE_END.split(line)
            if len(part.split()) >= 5 or _DIE.search(part)
        )
    return pieces


def _names_its_subject(hit: Hit) -> bool:
    """A hit the question names: an entry, or a rule section by a title that is more than a stat
    ("temporary hit points" names its section; "armor class" alone names no creature's)."""
    return hit.named or (hit.titled and not _STAT_QUESTION.fullmatch(hit.passage.name.split(": ")[-1]))


def _stat_block_lines(question: str, passage: Passage) -> str:
    """The lines of a campaign monster's stat block whose name the question uses ("what does
    its ash cloud do"), else its opening lines."""
    lowered = question.lower()
    lines = passage.text.split("\n")
    named = [
        line
        for line in lines[1:]
        if ". " in line and re.sub(r"\s*\([^)]*\)", "", line.split(". ")[0]).lower() in lowered
    ]
    return "\n".join(named or lines[:3])


def _base_name(name: str) -> str:
    """An entry's or section's own name: "Bardic Inspiration (d6)" is Bardic Inspiration,
    "Making an Attack: Grappling" is Grappling."""
    return re.sub(r"\s*\([^)]*\)", "", name.split(": ")[-1])


def _name_words(text: str) -> set[str]:
    return {singular(w) for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in IGNORED}


def _partly_named(question: str, hits: list[Hit]) -> tuple[str, list[str]]:
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


def _what_the_named_lacks(question: str, hits: list[Hit]) -> Passage | None:
    """Where the entry the question names never mentions what it asks ("how do you escape a
    grapple": the Grappled condition says nothing of escaping), the sentence of another passage
    read whose title the question also says does ("A grappled creature can use its action to
    escape."), with the one after it when short: that passage cut to those sentences, quoted as
    its own source. None when the best passage is not a named entry or holds every asked word;
    an untitled passage is never the one (a passage merely near in meaning adds noise)."""
    if not hits[0].named:
        return None
    missing = (
        content_stems(question)
        - FRAME_STEMS
        - content_stems(hits[0].passage.name)
        - content_stems(hits[0].passage.text)
    )
    if not missing:
        return None
    for hit in hits[1:READ_PASSAGES]:
        sentences = _sentences(hit.passage.text)
        if not hit.titled or not missing <= content_stems(hit.passage.text):
            continue
        for i, sentence in enumerate(sentences):
            if missing & content_stems(sentence):
                said = (
                    sentences[i : i + 2]
                    if i + 1 < len(sentences) and len(sentences[i + 1]) <= ROLL_FOLLOW_CHARS
                    else [sentence]
                )
                return replace(hit.passage, text=" ".join(said))
    return None


@dataclass(frozen=True)
class Knowledge:
    """The SRD and its retrieval index, opened once (the slow part); every rules answer reads them."""

    srd: SRD
    index: SRDIndex

    @classmethod
    def open(cls, progress: Progress | None = None) -> Knowledge:
        """The SRD and its index, ready (building the index on first use, with `progress`)."""
        book = srd()
        index = SRDIndex(book)
        index.open(progress)
        return cls(book, index)

    def assistant(
        self,
        engine: LanguageModel | None = None,
        memory: MemoryStore | None = None,
        bestiary: Bestiary | None = None,
    ) -> RulesAssistant:
        """A rules assistant over this knowledge with the model and campaign there are now."""
        return RulesAssistant(engine, self.srd, self.index, memory, bestiary)


class RulesAssistant:
    """Answers one question (`reply`) from the SRD, the campaign's notes and its own monsters,
    with the model's summary where there is a model; see the module docstring."""

    def __init__(
        self,
        engine: LanguageModel | None,
        srd: SRD,
        index: SRDIndex | None,
        memory: MemoryStore | None = None,
        bestiary: Bestiary | None = None,
    ) -> None:
        self.engine = engine
        self.srd = srd
        self.index = index
        self.memory = memory  # the open campaign's memories, when there is one
        self.bestiary = bestiary  # the open campaign's own monsters, when there is one

    def reply(self, question: str, cancel: threading.Event | None = None) -> Reply:
        question = question.strip()
        if not question:
            raise DMCError("the question is empty")
        if len(question) > MAX_QUESTION:
            raise DMCError(
                f"the question is {len(question):,} characters long; ask it in under "
                f"{MAX_QUESTION:,} (paste only the part that matters)"
            )
        question = expand(question)  # "prof bonus at lvl 17": "proficiency bonus at level 17"
        calculation = calculate(question)
        if calculation is not None:
            passages = [p for p in map(self.index.passage, calculation.sources) if p is not None]
            return Reply("calculation", [Source.of(p) for p in passages], iter([calculation.text]))
        mentions = self.srd.mentions(question)
        own = self._campaign_monsters(question)
        fact = answer_fact(question, own + mentions)
        if own and (fact is None or fact.entry is own[0].entry):  # the SRD's passages know nothing of it
            monster = own[0].entry
            passage = Passage(
                f"campaign/{monster.index}", "campaign monster", monster.name, render_monster(monster)
            )
            return Reply(
                "fact",
                [Source.of(passage)],
                iter([fact.text if fact else _stat_block_lines(question, passage)]),
            )
        if fact is not None:
            sources = [Source.of(passage_for(fact.entry, self.srd))] if fact.entry else []
            if fact.entry is None:
                rule = self.srd.find("Proficiency Bonus", "rule")
                sources = [Source.of(passage_for(rule, self.srd))] if rule else []
            settled = (
                None
                if fact.text.startswith(("Yes", "No"))
                else verdict(question, fact.text, fact.entry.name if fact.entry else "")
            )
            text = f"{settled[0]}. {settled[1]}\n\n{fact.text}" if settled else fact.text
            return Reply("fact", sources, iter([text]))
        hits = self.relevant_hits(question, mentions)
        notes = recall(self.memory, question)
        if (
            notes
            and not any(hit.named for hit in hits)
            and (not hits or notes[0].similarity >= hits[0].similarity)
        ):
            sources = [Source.of(as_passage(f.memory)) for f in notes[:3]]
            return Reply("memory", sources, self._answer_from_notes(question, notes[0].memory, cancel))
        unknown = self._unknown_terms(question) if _STAT_QUESTION.search(question) else []
        if (
            unknown
            and not any(map(_names_its_subject, hits))
            and (not hits or hits[0].similarity < CLEARLY_ABOUT)
        ):
            return Reply("not-found", [], iter([f"'{unknown[0]}' is not in the SRD, so I won't guess."]))
        spell = self._unknown_spell(question)
        if spell and not any(hit.named for hit in hits):  # "the hex spell": "What Is a Spell?" is no answer
            return Reply("not-found", [], iter([f"'{spell}' is not a spell in the SRD, so I won't guess."]))
        if not hits:
            return Reply("not-found", [], iter([NOT_FOUND]))
        word, holders = _partly_named(question, hits)
        if holders:
            return Reply(
                "not-found",
                [],
                iter(
                    [
                        f"The SRD has nothing called '{word}' on its own, only {join_words(holders)}. "
                        "Ask about one of those, so I don't answer a question you didn't ask."
                    ]
                ),
            )
        quoted = self.quoted(question, hits)
        sources = [Source.of(passage) for passage in self.passages_read(hits)]
        settled = verdict(question, quoted[0].text, quoted[0].name)
        return Reply(
            "passage",
            sources,
            self._answer_from(question, quoted, cancel, f"{settled[0]}. " if settled else ""),
        )

    def _campaign_monsters(self, question: str) -> list[Mention]:
        """The campaign's own monsters the question names, longest name first (they answer
        before an SRD entry of the same name: the DM imported them to use them)."""
        if self.bestiary is None:
            return []
        lowered = question.lower()
        found = []
        for monster in sorted(self.bestiary.monsters(), key=lambda m: -len(m.name)):
            match = re.search(rf"\b{re.escape(monster.name.lower())}s?\b", lowered)
            if match:
                at = len(lowered[: match.start()].split())
                found.append(Mention(monster, at, at + len(monster.name.split()), True))
        return found

    def relevant_hits(self, question: str, mentions: list[Mention]) -> list[Hit]:
        """The retrieved passages that are about the question, best first."""
        return [hit for hit in self.index.retrieve(question, mentions, limit=4) if self._relevant(hit)]

    @staticmethod
    def passages_read(hits: list[Hit]) -> list[Passage]:
        """The passages a passage answer lists as sources and the model reads: the best
        READ_PASSAGES, each once."""
        read: list[Passage] = []
        for hit in hits[:READ_PASSAGES]:
            if hit.passage.id not in {p.id for p in read}:
                read.append(hit.passage)
        return read

    def _unknown_terms(self, question: str) -> list[str]:
        """Words of a stat question that are in no SRD name or section title, not even as a near
        spelling, nor common in its text ("beholder armor class", "how many hp does a mind flayer
        have"): it asks for the stats of a thing the SRD lacks, which similar-sounding passages
        must not answer. The SRD's text may still mention such a word in passing (a beholder in
        one example); a word it uses everywhere ("character") is its own. Stat words ("armour")
        and frame words never count."""
        return [
            word
            for word in dict.fromkeys(_WORD.findall(question.lower()))
            if len(word) >= 4
            and word not in _STOPWORDS
            and not _STAT_QUESTION.fullmatch(word)
            and word not in FRAME_WORDS
            and not self._srd_word(word)
        ]

    def _srd_word(self, word: str) -> bool:
        """Whether the SRD knows the word: in a name or section title, common in its text, or a
        near spelling of a name word (a typo of it)."""
        known = self.index.name_words | self.index.common_words
        return (
            word in known
            or singular(word) in known
            or names.close_match(word, self.index.name_word_list, UNKNOWN_CUTOFF) is not None
        )

    def _unknown_spell(self, question: str) -> str | None:
        """The last word of a spell's name the SRD lacks, however short ("hex spell damage"):
        None when the SRD knows the word, or the words name no spell ("a 3rd level spell", "my
        spell", "a leveled spell", "bonus action spells")."""
        match = _SPELL_NAME_END.search(question.lower())
        if not match or match.group(1) in _KIND_OF_SPELL:
            return None
        word = match.group(2)
        if (
            len(word) < 3
            or word in IGNORED
            or word in _STOPWORDS
            or word in FRAME_WORDS
            or self._srd_word(word)
        ):
            return None
        return word

    @staticmethod
    def _relevant(hit: Hit) -> bool:
        """Named in the question, close in meaning, or near the top of both rankings at once."""
        return (
            hit.named
            or hit.titled
            or hit.similarity >= RELEVANT
            or (hit.text_rank is not None and hit.text_rank < 3 and hit.similarity >= RELEVANT_IF_WORDS_MATCH)
        )

    def quoted(self, question: str, hits: list[Hit]) -> list[Passage]:
        """What a passage answer quotes, as passages cut to the quoted sentences: the top hit's
        key sentences, then, where the entry the question names never says what it asks, the
        sentences of the section that does. The model reads exactly these."""
        first = replace(hits[0].passage, text=" ".join(self._key_sentences(question, hits)))
        also = _what_the_named_lacks(question, hits)
        return [first, also] if also else [first]

    def _key_sentences(self, question: str, hits: list[Hit]) -> list[str]:
        """The top passage's sentences closest to the question, up to QUOTE_CHARS, in passage
        order (one passage only: sentences from two would read as one rule and mislead)."""
        candidates = _sentences(hits[0].passage.text) or [hits[0].passage.text[:QUOTE_CHARS]]
        vectors = self.index.embed([question] + candidates)
        asked = {w for w in _WORD.findall(question.lower()) if len(w) > 3 and w not in _STOPWORDS}
        shared = np.array(
            [
                len(
                    asked & {w[:5] for w in _WORD.findall(c.lower())}
                    | {w for w in asked if w[:5] in {x[:5] for x in _WORD.findall(c.lower())}}
                )
                for c in candidates
            ],
            dtype=np.float32,
        )
        scores = vectors[1:] @ vectors[0] + 0.05 * shared  # meaning first, the question's words as a tiebreak
        # A rule section's first sentence with a die roll ("you roll a second d20") is how the rule
        # plays: quoted whatever its score, as the dataset's rule answers pair what a rule is with it.
        roll = next((i for i, c in enumerate(candidates) if _ROLL.search(c)), None)
        chosen, length = [], 0
        if roll is not None and hits[0].passage.kind == "rule":
            # ...with the sentence after it, which says what the roll does ("Use the higher of the two")
            follows = roll + 1 < len(candidates) and len(candidates[roll + 1]) <= ROLL_FOLLOW_CHARS
            chosen = [roll, roll + 1] if follows else [roll]
            length = sum(len(candidates[i]) for i in chosen)
        for i in np.argsort(-scores):
            if i in chosen or (chosen and length + len(candidates[i]) > QUOTE_CHARS):
                continue
            chosen.append(i)
            length += len(candidates[i])
        return [candidates[i] for i in sorted(chosen)]

    def _answer_from(
        self, question: str, quoted: list[Passage], cancel: threading.Event | None, verdict_first: str = ""
    ) -> Iterator[str]:
        yield verdict_first + "\n".join(f"SRD, {p.name}: \u201c{p.text}\u201d" for p in quoted)
        if self.engine is not None:
            prompt = reading(quoted, question)
            yield from self._summary(RULES_SYSTEM, prompt, prompt, question, cancel)

    def _answer_from_notes(self, question: str, note, cancel: threading.Event | None) -> Iterator[str]:
        yield f"From your notes, {note.title}: \u201c{note.text}\u201d"
        if self.engine is not None:
            yield from self._summary(
                NOTES_SYSTEM,
                f"Campaign note ({note.title}):\n{note.text}\n\nQuestion: {question}",
                f"{note.title} {note.text} {question}",
                question,
                cancel,
            )

    def _summary(
        self, system: str, prompt: str, support: str, question: str, cancel: threading.Event | None
    ) -> Iterator[str]:
        """Up to two sentences of the model's summary, each shown only if the source holds it;
        generation stops at the second one shown (nothing after it would be shown). A model that
        fails mid-summary (a server gone away) ends it with one line; the quote stands."""
        messages = [{"role": "system", "content": system}, {"role": "user", "content": prompt}]
        written, pending = 0, ""
        try:
            for piece in self.engine.stream_chat(messages, max_tokens=80, temperature=0.0, cancel=cancel):
                pending += piece
                *complete, pending = SENTENCE_END.split(pending)
                for sentence in complete:
                    if self.shows(sentence, support, question):
                        yield ("\n\nIn short: " if written == 0 else " ") + sentence.strip()
                        written += 1
                        if written == 2:
                            return
        except DMCError as exc:
            yield f"\n\n(No summary: {exc}.)"
            return
        tail = pending.strip()
        if tail.endswith((".", "!", "?")) and written < 2 and self.shows(tail, support, question):
            yield ("\n\nIn short: " if written == 0 else " ") + tail

    def shows(self, sentence: str, source: str, question: str) -> bool:
        """Whether a summary sentence is shown: supported by the source (`supported`) and about
        the question (`about`)."""
        return self.supported(sentence, source) and self.about(sentence, question)

    def about(self, sentence: str, question: str) -> bool:
        """Whether the sentence answers this question rather than stating another fact of the same
        passages (a non sequitur that shares every word with its source): its meaning is close to
        the question's (cosine of their embeddings at least ABOUT_QUESTION)."""
        vectors = self.index.embed([question, sentence])
        return float(vectors[0] @ vectors[1]) >= ABOUT_QUESTION

    @staticmethod
    def supported(sentence: str, source: str) -> bool:
        """A summary sentence worth showing: a statement (not the question echoed back) whose
        numbers and words come from the quote."""
        if sentence.lstrip().startswith(("SRD passage", "Campaign note")):
            return False  # the prompt's own header echoed back
        return (
            not sentence.rstrip().endswith("?")
            and not unsupported_numbers(sentence, source)
            and grounded(sentence, source)
        )
