"""Answers to long questions, the way people post them: context, their own numbers, a title or a
tag, the question last (`asking` reads them).

Every step aims at what is asked, never at an incidental word of the story around it:
- a name the question leans on that the SRD lacks ("Booming Blade", "Grave Domain") is said to be
  missing rather than answered from a passage that shares a word; where an SRD rule section the
  question asks about still applies, it is quoted as the general rule;
- a calculator's result is given only when the asking sentence asks for it, and, where the
  question offers alternatives ("2d4+1 or 2d4+2?"), only when it is one of them;
- a record's fact answers only an asking sentence short enough to be a stat question;
- retrieval searches with the title and the asking sentences; entries named there (features,
  traits and spells too) lead; the quote is the few sentences, of the passage that holds them,
  closest to what is asked;
- "Yes."/"No." only when a quoted sentence settles a yes-no asking sentence;
- no model summary where the asker tells a situation of their own: the summary check holds a
  sentence to the quote, not to whether the quoted rule applies to that situation, and on real
  questions half the checked summaries restated a sentence beside the point ("You can enter a
  rage as a bonus action" for a barbarian in medium armour) or one that misleads there.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from dm_companion.assistant import known_words, not_in_srd, quoting
from dm_companion.assistant.asking import Asking, points_at_a_thing, read
from dm_companion.assistant.calculators import asked_for, calculate
from dm_companion.assistant.campaign_questions import campaign_memories
from dm_companion.assistant.facts import Fact, answer_fact
from dm_companion.assistant.notes_or_rules import notes_over
from dm_companion.assistant.question_terms import content_stems, level_in
from dm_companion.assistant.reply import Reply, Source, not_found
from dm_companion.assistant.retrieval import Hit
from dm_companion.assistant.yes_no import verdict
from dm_companion.srd import names
from dm_companion.srd.render import Passage, passage_for
from dm_companion.wording import join_words

if TYPE_CHECKING:
    from dm_companion.assistant.rules_qa import RulesAssistant
    from dm_companion.srd.repository import Mention

SEARCHED = 8  # passages whose sentences a long question's quote is chosen from
STAT_WORDS = 12  # an asking sentence this short may be a stat question
_ASKS_A_STAT = re.compile(
    r"^\s*(?:so |and |but )?(?:what(?! (?:happens|would happen|will happen))|how many|how much|which)\b",
    re.IGNORECASE,
)  # "what happens to the extra damage" asks how a rule plays, not a stat
_LEVEL_TABLE = re.compile(  # a number of a table: a class's by level, exhaustion's by its level
    r"\bslots?\b|\bhit di(?:e|ce)\b|proficiency bonus|\b(?:cantrips|spells) known\b|levels? of exhaustion",
    re.I,
)
# An asking sentence that asks what one named thing does, whole: its record's description answers.
_ASKS_WHAT_IT_DOES = re.compile(
    r"^\s*(?:so |and |but )?(?:what (?:does|do) (?P<a>.+?) do|how (?:does|do) (?P<b>.+?) work)\s*\??\s*$",
    re.I,
)
# What may lead a long question's retrieval when the question names it: its own things, not a
# class's or race's summary table.
NAMED_KINDS = tuple("spell condition feature trait magic-item equipment monster feat weapon-property".split())


def answer_long(assistant: RulesAssistant, asking: Asking, cancel: threading.Event | None) -> Reply:
    """The answer to a long question; see the module docstring."""
    focus = asking.focus
    mentions = _mentions(assistant, asking)
    hits = _beside_the_named(
        assistant.relevant_hits(focus, mentions, NAMED_KINDS, SEARCHED, " ".join(asking.story)), mentions
    )
    missing = not_in_srd.leaned_on(asking, assistant.srd, assistant.index, campaign_knows(assistant))
    if missing:
        return missing_reply(assistant, missing, focus, hits)
    computed = _computed(assistant, asking)
    if computed is not None:
        return computed
    fact = _short_fact(assistant, asking)
    if fact is not None:
        return fact
    notes = notes_over(assistant.memory, assistant.srd, assistant.index, focus, hits)
    if notes:
        return assistant.notes_reply(focus, notes, cancel)
    if not hits:
        return not_found()
    named_things = _named(assistant, asking, mentions)
    named = {passage_for(m.entry, assistant.srd).id for m in named_things}
    quotes = quoting.answering_sentences(
        assistant.index, _aim(asking, named_things), _quotable(asking, hits), named
    )
    others = quoting.passages_read([h for h in hits if h.passage.id not in {q.id for q in quotes}])
    sources = [*(assistant.index.passage(q.id) or q for q in quotes), *others][: quoting.READ_PASSAGES]
    summarized = not asking.story
    return assistant.quote_reply(focus, quotes, sources, _settled(asking, quotes), cancel, summarized)


def _quotable(asking: Asking, hits: list[Hit]) -> list[Hit]:
    """The hits whose sentences may answer: not the stat block of a monster that the asking
    sentences never name, found by its words (an assassin's, a bandit's "Melee Weapon Attack" for
    a question on sneak attacks and opportunity attacks) or named only in the asker's story,
    unless what is asked points back at it ("A troll was hit by fire. Does it regenerate?"); all
    of them where that leaves none."""
    own = " ".join(part for part in (asking.title, *asking.asks) if part and part not in asking.story)
    if points_at_a_thing(own):
        return hits
    focus = names.normal(own)  # "The lich cast ... on our fighter. Does he die?": he is no lich
    kept = [hit for hit in hits if hit.passage.kind != "monster" or names.normal(hit.passage.name) in focus]
    return kept or hits


def _mentions(assistant: RulesAssistant, asking: Asking) -> list[Mention]:
    """The entries a long question names: what it asks about first, then those its story names
    word for word ("I cast counterspell ... What's the DC for that check?": the check is the
    spell's, named only in the story). Each passage's sentences are still weighed against what is
    asked, so a name in the story adds candidates, never a quote of its own."""
    asked = assistant.srd.mentions(asking.focus)
    told = assistant.srd.mentions(" ".join(asking.story)) if asking.story else []
    entries = [m.entry for m in asked]
    return asked + [m for m in told if m.exact and m.entry not in entries]


# What a story names that its question may ask about: a spell, a feature, an item; not a monster
# ("A goblin attacks my sleeping wizard. Is the hit a crit?" asks the rule, not the goblin's).
_ASKED_OF_KINDS = ("spell", "condition", "feature", "trait", "magic-item", "feat")


def _named(assistant: RulesAssistant, asking: Asking, mentions: list[Mention]) -> list[Mention]:
    """The things a long question asks about by name: those its asking sentences name, or where
    they name none, those of its story ("My druid wild shapes into a brown bear. Does she keep her
    Wisdom score?" asks about Wild Shape, not a tome that raises Wisdom)."""
    asked = [m for m in assistant.srd.mentions(asking.focus) if m.exact]
    return asked or [m for m in mentions if m.exact and m.entry.kind in _ASKED_OF_KINDS]


def _aim(asking: Asking, named: list[Mention]) -> str:
    """What the quote's sentences are weighed against: the asking sentences, with the story's
    sentences naming what they ask about when they name nothing themselves ("Does she keep her
    Wisdom score?" is asked of a druid who "wild shapes into a brown bear")."""
    words = [m.entry.name.split(" (")[0].lower() for m in named]
    told = [part for part in asking.story if any(w in part.lower() for w in words)]
    return (
        " ".join([*told, asking.focus])
        if told and not any(w in asking.focus.lower() for w in words)
        else asking.focus
    )


def _beside_the_named(hits: list[Hit], mentions: list[Mention]) -> list[Hit]:
    """The hits, less those found only by their words that are another thing than one the asker
    named: a magic item named after a named spell ("Ring of Invisibility" for "invisible from the
    invisibility spell"), and beside a named monster, another monster (a bronze wyrmling's breath
    for "an adult red dragon breathes fire on my rogue") or an item (the Ioun Stone of Regeneration
    for "a troll was hit by fire. Does it regenerate?"). Their sentences share the asker's words
    and answer about something else."""
    named = [m.entry for m in mentions if m.exact]
    spells = [content_stems(e.name) for e in named if e.kind == "spell"]
    monsters = any(e.kind == "monster" for e in named)

    def another(hit: Hit) -> bool:
        if hit.passage.id.startswith("magic-item/"):  # "Ioun Stone of Regeneration" for Regenerate too
            return monsters or any(spell <= content_stems(hit.passage.name) for spell in spells if spell)
        return monsters and hit.passage.kind == "monster"

    return [hit for hit in hits if hit.named or not another(hit)]


_TABLE_ROWS = re.compile(r"\S {3,}\S")  # a table's columns, as the SRD's text lays them out


def _asks_a_stat(ask: str) -> bool:
    """Whether a sentence is a short stat question ("how many hit points does it have")."""
    return bool(
        len(ask.split()) <= STAT_WORDS and _ASKS_A_STAT.search(ask) and known_words.STAT_QUESTION.search(ask)
    )


def missing_reply(assistant: RulesAssistant, missing: list[str], focus: str, hits: list[Hit]) -> Reply:
    """Saying the SRD lacks what the question leans on; with the SRD rule section the question
    asks about, when one still applies, quoted as the general rule. A stat of the thing lacked
    ("how many hit points does a displacer beast have") is its own; no rule gives it."""
    verb = "isn't" if len(missing) == 1 else "aren't"
    named = join_words(missing)
    said = f"{named[:1].upper()}{named[1:]} {verb} in the SRD, so I won't answer it from a guess."
    rule = next((hit.passage for hit in hits if hit.titled and hit.passage.kind == "rule"), None)
    if rule is None or _asks_a_stat(focus):
        return Reply("not-found", [], iter([said]))
    sentences = quoting.key_sentences(assistant.index, focus, rule, quoting.FOCUSED_QUOTE_CHARS)
    sentences = [sentence for sentence in sentences if not _TABLE_ROWS.search(sentence)]
    if not sentences:  # the rule's words nearest the question were its table ("Poisons")
        return Reply("not-found", [], iter([said]))
    general = f"\n\nThe general rule, SRD, {rule.name}: \u201c{' '.join(sentences)}\u201d"
    return Reply("not-found", [Source.of(rule)], iter([said + general]))


# What an alternative may add after a computed result and still be it: the ability modifier,
# which the question's numbers leave out ("2d8+1+Str" is "2d8+1" with Strength added).
_ABILITY_ADDED = re.compile(r"(?:\+(?:str|dex|con|int|wis|cha)\w*|\+(?:ability)?mod\w*)?")


def _computed(assistant: RulesAssistant, asking: Asking) -> Reply | None:
    """A calculation from the question's numbers, when the asking sentences ask for its result
    (a title only names the topic: "Sneak Attack crits: do I double the sneak attack dice too?"
    asks for no critical hit's dice) and, if they offer alternatives, it is one of them."""
    calculation = calculate(asking.text)
    if calculation is None or not asked_for(calculation, " ".join(asking.asks)):
        return None
    result = calculation.text.split(". ", 1)[0].replace(" ", "").lower()
    offered = [a.replace(" ", "").lower() for a in asking.alternatives]
    if offered and not any(
        a.startswith(result) and _ABILITY_ADDED.fullmatch(a[len(result) :]) for a in offered
    ):
        return None
    return assistant.calculated(calculation.text, calculation.sources)


def _short_fact(assistant: RulesAssistant, asking: Asking) -> Reply | None:
    """A record's fact, when an asking sentence is itself a short stat question ("what's its
    AC?") about a thing it names (or, naming none, about the title's), or any short question a
    piece of gear's record answers ("is a scimitar a finesse weapon?"). A question about how a
    thing plays is not a stat question, however short, and a record's numbers do not answer it."""
    for i, ask in enumerate(asking.asks):
        if len(ask.split()) > STAT_WORDS:
            continue
        stat = _asks_a_stat(ask) or (_ASKS_A_STAT.search(ask) and _LEVEL_TABLE.search(ask))
        mentions = assistant.srd.mentions(ask) or assistant.srd.mentions(asking.title)
        fact = answer_fact(ask, mentions) if mentions else None
        before = asking.asks[i - 1] if i else (asking.story_before(ask) or [""])[-1]
        if fact is not None and fact.attribute == "describe" and level_in(before.lower()):
            at_level = answer_fact(
                f"{before} {ask}", mentions
            )  # "My rogue is level 7. How much sneak attack"
            fact = at_level if at_level is not None and at_level.attribute in _AT_A_LEVEL else fact
        if fact is not None and (stat or fact.attribute == "equipment" or _what_it_does(ask, mentions, fact)):
            return assistant.fact_reply(ask, fact)  # a piece of gear is all stats
        if (
            not mentions
            and before
            and _ASKS_A_STAT.search(ask)
            and (fact := _leaned_on(assistant, before, ask))
        ):
            return assistant.fact_reply(ask, fact)
    return None


def _what_it_does(ask: str, mentions: list[Mention], fact: Fact) -> bool:
    """Whether the sentence asks what the one thing it names does ("What does Second Wind do?"),
    and the fact is that thing's description."""
    asked = _ASKS_WHAT_IT_DOES.match(ask)
    named = (asked.group("a") or asked.group("b")).lower() if asked else ""
    return (
        fact.attribute == "describe"
        and len(mentions) == 1
        and fact.entry is mentions[0].entry
        and _bare(named) == _bare(fact.entry.name.lower())
    )


def _bare(name: str) -> str:
    """A name without its article, kind word or parenthesis: "the poisoned condition" is
    Poisoned, "Action Surge (1 use)" Action Surge."""
    name = re.sub(r"^(?:the|an?|my|our|his|her|their) | \(.*\)$", "", name)
    return re.sub(r" (?:condition|feature|trait|spell|ability)$", "", name)


# A class's numbers at a level, which a story that gives the class and level leaves to the ask.
_AT_A_LEVEL = ("spell slots", "class table", "known", "features by level")


def _leaned_on(assistant: RulesAssistant, before: str, ask: str) -> Fact | None:
    """For a stat question that names nothing, a monster's own ability that the sentence before
    names ("A gelatinous cube tries to engulf my fighter. What kind of save is it?": its Engulf),
    or a class's number at the level it gives ("I'm a level 3 warlock. How many spell slots do I
    have?"). Only those: that sentence's other words are the story, not what is asked (the save
    of "The ogre grapples me. What save is it?" is the asker's, not the ogre's)."""
    fact = answer_fact(f"{before} {ask}", assistant.srd.mentions(before))
    if fact is None or fact.entry is None:
        return None
    at_a_level = (
        fact.attribute in _AT_A_LEVEL
        and fact.entry.kind == "class"
        and level_in(before.lower())
        and _LEVEL_TABLE.search(ask)  # "What's the check?" after "a 5th level spell" asks no table
    )
    return fact if fact.attribute == "ability" or at_a_level else None


def _settled(asking: Asking, quotes: list[Passage]) -> tuple[str, str] | None:
    """ "Yes"/"No" and the quoted sentence that settles the first yes-no asking sentence, or None.
    Where the asker tells a situation of their own, a rule's general sentence that allows a thing
    is no "Yes": the situation may be its exception ("To make the opportunity attack, you use your
    reaction" for a rogue who was surprised; "it counts as two failures" for failures a healing has
    reset). A sentence that forbids it still says "No" ("can't be added together")."""
    for ask in asking.asks:
        if read(ask).kind == "yes-no":
            settled = next(filter(None, (verdict(ask, q.text, q.name) for q in quotes)), None)
            return None if settled and settled[0] == "Yes" and asking.story else settled
    return None


def campaign_knows(assistant: RulesAssistant) -> Callable[[str], bool]:
    """Whether a name is the campaign's own, read once when asked: said in one of its memories,
    or each of its words a name's word there ("Baron Greave" for "Baron Ottmar Greave")."""
    texts: list[str] = []
    words: set[str] = set()

    def knows(name: str) -> bool:
        if assistant.memory is None:
            return False
        if not texts:  # a name the DM asked about once ("Silvery Barbs") is no campaign name
            text = " ".join(f"{m.title} {m.text}" for m in campaign_memories(assistant.memory))
            texts.append(text.lower())
            words.update(w.lower() for w in re.findall(r"\b[A-Z][a-z]+", text))  # the names' words
        said = re.findall(r"[a-z]+", re.sub(r"['\u2019]s\b", "", name.lower()))
        return name.lower() in texts[0] or (bool(said) and all(w in words for w in said))  # "Baron Greave"

    return knows
