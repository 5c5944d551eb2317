"""Rules questions answered from the SRD, every answer with its sources.

Four ways to answer, tried in order:
0. a question that asks for something worked out from its own numbers (a concentration DC from
   the damage, a modifier from a score, a jump from Strength) is computed (`calculators`), no model;
1. a stat question about a named entry is answered from the record itself (`facts`), no model;
   a yes/no question opens with "Yes." or "No." when one sentence of the answer settles it;
2. otherwise the best passages are retrieved; the answer opens with the SRD's own words (the
   top passage's key sentences, quoted, and where the entry the question names never says what it
   asks, the sentence of the section that does) and the model, reading exactly what is quoted,
   adds a plain-words answer, each sentence of which is shown only if it restates a quoted
   sentence and is about the question (`summary_check`): a sentence that fails is dropped, not
   shown. The model reads the quote rather than the whole
   passages: it is shorter to read, as often right, and nothing the DM was not shown can be
   said (benchmarks/README.md);
3. when nothing relevant is retrieved, the answer says so instead of inventing one.

A long question, as people post them (context, numbers, a title, the question last), is read
first (`asking`) and answered by `long_answers`: what it asks aims every step, and a name it
leans on that the SRD lacks is said so rather than answered from a nearby passage.

With a campaign's memory attached, a question its notes answer better than the SRD ("what did
the innkeeper owe us?") is answered the same way from the notes: quoted, then summarised and
checked against them. Rules answers keep to the SRD.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dm_companion.assistant import known_words, not_in_srd, quoting, summary_check
from dm_companion.assistant.asking import Asking, read
from dm_companion.assistant.calculators import calculate
from dm_companion.assistant.campaign_questions import (
    asked_about_party,
    campaign_names,
    campaign_notes,
    campaign_question,
    recased,
)
from dm_companion.assistant.facts import Fact, answer_fact
from dm_companion.assistant.long_answers import answer_long, campaign_knows, missing_reply
from dm_companion.assistant.notes_or_rules import CLEARLY_ABOUT, notes_over
from dm_companion.assistant.recall import as_passage
from dm_companion.assistant.reply import Reply, Source, not_found
from dm_companion.assistant.retrieval import Hit, Progress, SRDIndex
from dm_companion.assistant.shorthand import expand
from dm_companion.assistant.yes_no import verdict
from dm_companion.errors import DMCError
from dm_companion.lazy import Later, resolved
from dm_companion.llm.protocol import LanguageModel
from dm_companion.srd.render import Passage, passage_for
from dm_companion.srd.render import monster as render_monster
from dm_companion.srd.repository import SRD, Mention, srd
from dm_companion.wording import SENTENCE_END, join_words

if TYPE_CHECKING:
    from dm_companion.bestiary.store import Bestiary
    from dm_companion.memory.store import Found, MemoryStore

MAX_QUESTION = 2000
RELEVANT = 0.31  # cosine similarity below which a passage is not about the question
# (off-topic questions scored at most 0.29 against the SRD here; rules ones mostly 0.45+)
RELEVANT_IF_WORDS_MATCH = 0.22  # enough when full-text search also ranks the passage in its top 3
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


@dataclass(frozen=True)
class Knowledge:
    """The SRD and its retrieval index, opened once (the slow part); every rules answer reads them."""

    srd: SRD
    index: SRDIndex

    @classmethod
    def open(cls, progress: Progress | None = None, search: bool = True) -> Knowledge:
        """The SRD and its index, ready (building the index on first use, with `progress`);
        without `search`, the index's search opens on the first question that needs it."""
        book = srd()
        index = SRDIndex(book)
        index.open(progress, search)
        return cls(book, index)

    def assistant(
        self,
        engine: LanguageModel | Later[LanguageModel | None] | None = None,
        memory: MemoryStore | Later[MemoryStore | None] | None = None,
        bestiary: Bestiary | None = None,
    ) -> RulesAssistant:
        """A rules assistant over this knowledge with the model and campaign there are now."""
        return RulesAssistant(engine, self.srd, self.index, memory, bestiary)


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


def _names_its_subject(hit: Hit) -> bool:
    """A hit the question names: an entry, or a rule section by a title that is more than a stat
    ("temporary hit points" names its section; "armor class" alone names no creature's)."""
    return hit.named or (
        hit.titled and not known_words.STAT_QUESTION.fullmatch(hit.passage.name.split(": ")[-1])
    )


class RulesAssistant:
    """Answers one question (`reply`) from the SRD, the campaign's notes and its own monsters,
    with the model's summary where there is a model; see the module docstring."""

    def __init__(
        self,
        engine: LanguageModel | Later[LanguageModel | None] | None,
        srd: SRD,
        index: SRDIndex | None,
        memory: MemoryStore | Later[MemoryStore | None] | None = None,
        bestiary: Bestiary | None = None,
    ) -> None:
        self._engine = engine  # or a function that loads it when an answer first needs it
        self.srd = srd
        self.index = index
        self._memory = memory  # the open campaign's memories (or their loader), when there is one
        self.bestiary = bestiary  # the open campaign's own monsters, when there is one

    @property
    def engine(self) -> LanguageModel | None:
        """The model, loaded here if it was given as a loader: a look-up or a sum never needs it."""
        self._engine = resolved(self._engine)
        return self._engine

    @property
    def memory(self) -> MemoryStore | None:
        """The campaign's memories, opened here if they were given as a loader."""
        self._memory = resolved(self._memory)
        return self._memory

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
        asking = read(question)
        if asking.long:
            return answer_long(self, asking, cancel)
        return self._short(question, asking, cancel)

    def _short(self, question: str, asking: Asking, cancel: threading.Event | None) -> Reply:
        """A one-line question: computed, looked up in a record, or quoted from the passages;
        not answered where it leans on a name the SRD lacks ("is Silvery Barbs a reaction")."""
        calculation = calculate(question)
        if calculation is not None:
            return self.calculated(calculation.text, calculation.sources)
        mentions = self.srd.mentions(question)
        own = self.campaign_monsters(question)
        fact = answer_fact(question, own + mentions)
        if own and (fact is None or fact.entry is own[0].entry):  # the SRD's passages know nothing of it
            return self._campaign_monster(question, own[0].entry, fact)
        if fact is not None:  # never beside a missing name ("a Hexblade warlock", "Booming Blade ...")
            missing = not_in_srd.leaned_on(asking, self.srd, self.index, campaign_knows(self))
            if missing:
                return missing_reply(self, missing, question, self.relevant_hits(question, mentions))
            return self.fact_reply(question, fact)
        question = recased(question, campaign_names(self.memory))  # "orrin's book": Orrin's
        asked = campaign_question(question, self.srd)
        notes = campaign_notes(self.memory, asked) if asked else []
        if notes and (
            not any(m.exact for m in mentions)
            or asked.owned
            or asked.asks_a_person
            or asked_about_party(question)
        ):
            return self.notes_reply(question, notes, cancel)  # "who is Oskel": the campaign's, not the SRD's
        hits = self.relevant_hits(question, mentions)
        notes = notes_over(self.memory, self.srd, self.index, question, hits)
        if notes:
            return self.notes_reply(question, notes, cancel)
        missing = not_in_srd.leaned_on(asking, self.srd, self.index, campaign_knows(self))  # here, once
        if missing:
            return missing_reply(self, missing, question, hits)
        refused = self._refusal(question, hits)
        if refused is not None:
            return refused
        hits = quoting.asked_first(question, hits)  # the quote and its sources lead with the same thing
        quoted = quoting.quoted(self.index, question, hits)
        settled = verdict(question, quoted[0].text, quoted[0].name)
        return self.quote_reply(question, quoted, quoting.passages_read(hits), settled, cancel)

    def _refusal(self, question: str, hits: list[Hit]) -> Reply | None:
        """Saying so, when the question asks about a thing the SRD lacks, finds nothing, or names
        only part of several things; None when the passages may answer."""
        unknown = (
            known_words.unknown_terms(question, self.index)
            if known_words.STAT_QUESTION.search(question)
            else []
        )
        if (
            unknown
            and not any(map(_names_its_subject, hits))
            and (not hits or hits[0].similarity < CLEARLY_ABOUT)
        ):
            return not_found(f"'{unknown[0]}' is not in the SRD, so I won't guess.")
        spell = not_in_srd.unknown_spell(question, self.index)
        if spell and not any(hit.named for hit in hits):  # "the hex spell": "What Is a Spell?" is no answer
            return not_found(f"'{spell}' is not a spell in the SRD, so I won't guess.")
        if not hits:
            return not_found()
        word, holders = not_in_srd.partly_named(question, hits)
        if holders:
            return not_found(
                f"The SRD has nothing called '{word}' on its own, only {join_words(holders)}. "
                "Ask about one of those, so I don't answer a question you didn't ask."
            )
        return None

    # -- the kinds of answer, for this module and `long_answers` ----------------------------
    def calculated(self, text: str, source_ids: tuple[str, ...]) -> Reply:
        passages = [p for p in map(self.index.passage, source_ids) if p is not None]
        return Reply("calculation", [Source.of(p) for p in passages], iter([text]))

    def _campaign_monster(self, question: str, monster, fact: Fact | None) -> Reply:
        passage = Passage(
            f"campaign/{monster.index}", "campaign monster", monster.name, render_monster(monster)
        )
        return Reply(
            "fact", [Source.of(passage)], iter([fact.text if fact else _stat_block_lines(question, passage)])
        )

    def fact_reply(self, question: str, fact: Fact) -> Reply:
        """A fact from a record, with "Yes."/"No." first when one sentence of it settles the question."""
        if fact.entry is not None:
            sources = [Source.of(passage_for(fact.entry, self.srd))]
        else:
            rule = self.srd.find("Proficiency Bonus", "rule")
            sources = [Source.of(passage_for(rule, self.srd))] if rule else []
        settled = (
            None
            if fact.text.startswith(("Yes", "No"))
            else verdict(question, fact.text, fact.entry.name if fact.entry else "")
        )
        text = f"{settled[0]}. {settled[1]}\n\n{fact.text}" if settled else fact.text
        text = f"{settled[0]}. {fact.text}" if settled and settled[1] == fact.text else text  # said once
        return Reply("fact", sources, iter([text]))

    def notes_reply(self, question: str, notes: list[Found], cancel: threading.Event | None) -> Reply:
        sources = [Source.of(as_passage(f.memory)) for f in notes[:3]]
        return Reply("memory", sources, self._answer_from_notes(question, notes[0].memory, cancel))

    def quote_reply(
        self,
        question: str,
        quoted: list[Passage],
        read: list[Passage],
        settled: tuple[str, str] | None,
        cancel: threading.Event | None,
        summarized: bool = True,
    ) -> Reply:
        """The quote (with "Yes."/"No." first when it settles the question), then, if
        `summarized`, the model's checked summary; `read` are the passages listed as sources."""
        first = f"{settled[0]}. " if settled else ""
        words = self._answer_from(question, quoted, cancel, first, summarized)
        return Reply("passage", [Source.of(p) for p in read], words)

    def campaign_monsters(self, question: str) -> list[Mention]:
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

    def relevant_hits(
        self,
        question: str,
        mentions: list[Mention],
        kinds: tuple[str, ...] | None = None,
        limit: int = 4,
        told: str = "",
    ) -> list[Hit]:
        """The retrieved passages about the question, best first; `told`: what was said before it."""
        found = self.index.retrieve(question, mentions, limit=limit, kinds=kinds, told=told)
        return [hit for hit in found if self._relevant(hit)]

    @staticmethod
    def _relevant(hit: Hit) -> bool:
        """Named in the question, close in meaning, or near the top of both rankings at once."""
        return (
            hit.named
            or hit.titled
            or hit.similarity >= RELEVANT
            or (hit.text_rank is not None and hit.text_rank < 3 and hit.similarity >= RELEVANT_IF_WORDS_MATCH)
        )

    # -- the words of an answer --------------------------------------------------------------
    def _answer_from(
        self,
        question: str,
        quoted: list[Passage],
        cancel: threading.Event | None,
        verdict_first: str = "",
        summarized: bool = True,
    ) -> Iterator[str]:
        yield verdict_first + "\n".join(f"SRD, {p.name}: \u201c{p.text}\u201d" for p in quoted)
        if self.engine is not None and summarized:
            prompt = quoting.reading(quoted, question)
            yield from self._summary(RULES_SYSTEM, prompt, quoting.support(quoted), question, cancel)

    def _answer_from_notes(self, question: str, note, cancel: threading.Event | None) -> Iterator[str]:
        yield f"From your notes, {note.title}: \u201c{note.text}\u201d"
        if self.engine is not None:
            yield from self._summary(
                NOTES_SYSTEM,
                f"Campaign note ({note.title}):\n{note.text}\n\nQuestion: {question}",
                f"{note.title} {note.text}",
                question,
                cancel,
            )

    def _summary(
        self, system: str, prompt: str, support: str, question: str, cancel: threading.Event | None
    ) -> Iterator[str]:
        """Up to two sentences of the model's summary, each shown only if `summary_check` keeps
        it against `support` (`quoting.support`: the quoted text, never the question);
        generation stops at the second one shown (nothing after it would be shown). A model
        that fails mid-summary (a server gone away) ends it with one line; the quote stands."""
        messages = [{"role": "system", "content": system}, {"role": "user", "content": prompt}]
        written, pending = 0, ""
        try:
            for piece in self.engine.stream_chat(messages, max_tokens=80, temperature=0.0, cancel=cancel):
                pending += piece
                *complete, pending = SENTENCE_END.split(pending)
                for sentence in complete:
                    if summary_check.shows(self.index, sentence, support, question):
                        yield ("\n\nIn short: " if written == 0 else " ") + sentence.strip()
                        written += 1
                        if written == 2:
                            return
        except DMCError as exc:
            yield f"\n\n(No summary: {exc}.)"
            return
        tail = pending.strip()
        if (
            tail.endswith((".", "!", "?"))
            and written < 2
            and summary_check.shows(self.index, tail, support, question)
        ):
            yield ("\n\nIn short: " if written == 0 else " ") + tail
