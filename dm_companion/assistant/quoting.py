"""What a rules answer quotes: the SRD sentences that answer, cut from the passages retrieved.

A passage is often long (a monster's whole stat block, a class's table); the DM needs the one or
two sentences that say what was asked, and the model reads exactly what is quoted. So each
sentence of the best passages is weighed against what the question asks (meaning first, its own
words as a tiebreak), and the quote keeps the best ones of one passage, in passage order:
sentences from two passages would read as one rule and mislead. A rule's sentence with a die roll
is how the rule plays, so it is kept whatever its score, with the short sentence after it that
says what the roll does. Where the entry a question names never says what it asks ("how do you
escape a grapple": the Grappled condition says nothing of escaping), the sentence of a titled
section that does is quoted beside it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

import numpy as np

from dm_companion.assistant.question_terms import FRAME_STEMS, content_stems
from dm_companion.assistant.retrieval import Hit, SRDIndex
from dm_companion.srd import names
from dm_companion.srd.render import Passage
from dm_companion.srd.tables import CONDITIONS
from dm_companion.wording import SENTENCE_END, STOPWORDS

ROLL_FOLLOW_CHARS = 200  # the sentence after a rule's roll sentence is quoted with it when this short
QUOTE_CHARS = 700  # the quote: the passage's most relevant sentences up to about this long
FOCUSED_QUOTE_CHARS = 700  # a long question's quote: the few sentences that answer what it asks
READ_PASSAGES = 3  # passages a passage answer lists as its sources; its quotes come from them
READ_CHARS = (1200, 500, 500)  # how much of each passage `reading` gives the model, best first
HEADING_WORDS = 8  # "Name: racial trait of Dwarf, Elf." labels its passage in at most this many words
NAMED_BONUS = 0.08  # a passage the question names wins a near tie of its best sentence
_ROLL = re.compile(r"\broll\w*\b[^.]*\bd\d+\b|\bd\d+\b[^.]*\broll", re.IGNORECASE)
_DIE = re.compile(r"\bd\d+\b")
_BROKEN_LINE = re.compile(r"(?<=[a-z,])\n(?=[a-z(])")
_WORD = re.compile(r"[a-z]+")
_TRAIT_NAME = re.compile(r"[A-Z][\w'-]*(?: [\w'-]+){0,3}(?: \([^)]*\))?\.")  # "Legendary Resistance (3/Day)."


def reading(passages: list[Passage], question: str) -> str:
    """The user turn the model answers a rules question from: the passages (the app gives it
    the quoted ones), best first, each cut to its share of READ_CHARS, then the question. The
    adapter factory builds its training prompts with this same function."""
    blocks = [
        f"SRD passage ({p.name}):\n{cut(p.text, limit)}"
        for p, limit in zip(passages[:READ_PASSAGES], READ_CHARS)
    ]
    return "\n\n".join(blocks) + f"\n\nQuestion: {question}"


def support(passages: list[Passage]) -> str:
    """What a model's summary of a passage answer is held to: the quoted text alone. The question
    is in the model's prompt but is no support: a summary restating the asker's premise ("you
    would only suffer a failed death saving throw") or one of the alternatives offered would
    pass as if quoted."""
    return "\n\n".join(p.text for p in passages)


def cut(text: str, limit: int) -> str:
    """`text` up to `limit` characters, ending at a sentence end where there is one."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(". "), head.rfind(".\n"))
    return head[: end + 1] if end > limit // 3 else head


def passage_sentences(passage: Passage) -> list[str]:
    """A passage's sentences, headings and list markers dropped (a short sentence is a heading
    unless it rolls a die: "Roll a d20." is how death saves begin). A stat block's trait keeps
    its name with its first sentence ("Regeneration. The vampire regains 20 hit points ..."):
    the name is often the only word of what is asked ("can a vampire regenerate")."""
    pieces = []
    text = _BROKEN_LINE.sub(
        " ", passage.text
    )  # the SRD's text breaks some sentences mid-way ("Strength\n(Athletics) check")
    for number, line in enumerate(text.split("\n")):
        parts = SENTENCE_END.split(line)
        if passage.kind == "monster" and number and len(parts) > 1 and _TRAIT_NAME.fullmatch(parts[0]):
            parts = [f"{parts[0]} {parts[1]}", *parts[2:]]
        pieces.extend(part.strip(" -") for part in parts if len(part.split()) >= 5 or _DIE.search(part))
    return pieces


def passages_read(hits: list[Hit]) -> list[Passage]:
    """The passages a passage answer lists as sources and the model reads: the best
    READ_PASSAGES, each once."""
    read: list[Passage] = []
    for hit in hits[:READ_PASSAGES]:
        if hit.passage.id not in {p.id for p in read}:
            read.append(hit.passage)
    return read


_HOW_MANY = re.compile(r"\bhow (?:many|much)\b", re.IGNORECASE)
_A_COUNT = re.compile(r"\bnumber of\b.*\bequal to\b")  # "a number of spells equal to ..."


def _scores(index: SRDIndex, question: str, candidates: list[str]) -> np.ndarray:
    """Each sentence's closeness to the question: cosine of their embeddings, and the question's
    words it shares as a tiebreak, a stated count one more where a count is asked."""
    vectors = index.embed([question] + candidates)
    asked = {w for w in _WORD.findall(question.lower()) if len(w) > 3 and w not in STOPWORDS}
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
    if _HOW_MANY.search(question):  # a count is asked: a sentence that states one is nearer
        shared += np.array([bool(_A_COUNT.search(c)) for c in candidates], dtype=np.float32)
    return vectors[1:] @ vectors[0] + 0.05 * shared


def _scores_in_context(index: SRDIndex, question: str, candidates: list[tuple[Hit, str]]) -> np.ndarray:
    """Each sentence's closeness to the question, read both alone and under its passage's name:
    "You lose this benefit if your speed drops to 0" is about the Dodge action only in its
    passage, and a sentence is weighed for what it says as well as for where it stands."""
    alone = _scores(index, question, [sentence for _, sentence in candidates])
    placed = _scores(index, question, [f"{hit.passage.name}: {sentence}" for hit, sentence in candidates])
    return (alone + placed) / 2


def key_sentences(index: SRDIndex, question: str, passage: Passage, limit: int = QUOTE_CHARS) -> list[str]:
    """The passage's sentences closest to the question, up to `limit` characters, in passage
    order; a rule's first roll sentence (and the short one after it) always among them."""
    candidates = passage_sentences(passage) or [passage.text[:limit]]
    scores = _scores(index, question, candidates)
    roll = next((i for i, c in enumerate(candidates) if _ROLL.search(c)), None)
    chosen, length = [], 0
    if roll is not None and passage.kind == "rule":
        follows = roll + 1 < len(candidates) and len(candidates[roll + 1]) <= ROLL_FOLLOW_CHARS
        chosen = [roll, roll + 1] if follows else [roll]
        length = sum(len(candidates[i]) for i in chosen)
    for i in np.argsort(-scores):
        if i in chosen or (chosen and length + len(candidates[i]) > limit):
            continue
        chosen.append(i)
        length += len(candidates[i])
    return [candidates[i] for i in sorted(chosen)]


def ranked_passages(index: SRDIndex, focus: str, hits: list[Hit], named: set[str]) -> list[tuple[float, Hit]]:
    """The hits, each scored by its sentence closest to what is asked (`focus`), best first; a
    passage the question names (its id in `named`) wins a near tie."""
    ranked = []
    for hit in hits[: READ_PASSAGES + 1]:
        candidates = passage_sentences(hit.passage)
        if candidates:
            score = float(_scores(index, focus, candidates).max())
            ranked.append((score + (NAMED_BONUS if hit.passage.id in named else 0.0), hit))
    return sorted(ranked, key=lambda pair: -pair[0])


def answering_sentences(
    index: SRDIndex, focus: str, hits: list[Hit], named: set[str], limit: int = FOCUSED_QUOTE_CHARS
) -> list[Passage]:
    """The sentences closest to what is asked (`focus`) among all the hits' sentences, up to
    `limit` characters, as passages cut to them: one quote a passage, best first, each passage's
    sentences in its own order (a passage the question names wins a near tie)."""
    candidates = _distinct_sentences(focus, hits)
    if not candidates:
        return [hits[0].passage]
    scores = _scores_in_context(index, focus, candidates)
    scores += np.array(
        [NAMED_BONUS if hit.passage.id in named else 0.0 for hit, _ in candidates], dtype=np.float32
    )
    chosen: dict[str, list[int]] = {}
    length = 0
    for i in np.argsort(-scores):
        hit, sentence = candidates[i]
        if chosen and length + len(sentence) > limit:
            continue
        chosen.setdefault(hit.passage.id, []).append(int(i))
        length += len(sentence)
    by_id = {hit.passage.id: hit.passage for hit, _ in candidates}
    return [
        replace(by_id[pid], text=_joined([candidates[i][1] for i in picked], hits))
        for pid, picked in chosen.items()
    ]


def _distinct_sentences(focus: str, hits: list[Hit]) -> list[tuple[Hit, str]]:
    """The hits' sentences worth quoting for `focus`, each once (three Wild Shape entries share
    their sentences; quoting one three times would crowd out what answers), and without a
    passage's own heading ("Divine Smite: Paladin feature (level 2).") unless a level is asked."""
    seen: set[str] = set()
    candidates = []
    for hit in hits:
        for sentence in passage_sentences(hit.passage):
            if sentence in seen or (_is_heading(sentence, hit.passage) and "level" not in focus.lower()):
                continue
            seen.add(sentence)
            candidates.append((hit, sentence))
    return candidates


def _is_heading(sentence: str, passage: Passage) -> bool:
    """A passage's opening label: its name, then what it is ("Paladin feature (level 2).")."""
    label = sentence.removeprefix(f"{passage.name}:")
    return label != sentence and len(label.split()) <= HEADING_WORDS


def _joined(sentences: list[str], hits: list[Hit]) -> str:
    """Quoted sentences, best first; " … " between two that are not next to each other in the
    passage, so a reader sees where the quote skips."""
    texts = " ".join(hit.passage.text for hit in hits)
    out = sentences[:1]
    for before, after in itertools.pairwise(sentences):
        out.append(("" if f"{before} {after}" in texts else "\u2026 ") + after)
    return " ".join(out)


def quoted(index: SRDIndex, question: str, hits: list[Hit]) -> list[Passage]:
    """What a passage answer quotes, as passages cut to the quoted sentences: the top hit's
    key sentences, then, where the entry the question names never says what it asks, the
    sentences of the section that does. The model reads exactly these."""
    first = replace(hits[0].passage, text=" ".join(key_sentences(index, question, hits[0].passage)))
    also = what_the_named_lacks(question, hits) or what_its_condition_says(index, question, hits[0])
    return [first, also] if also else [first]


_SUBJECTS = ("spell", "magic-item", "monster", "feature", "trait", "feat")  # what a rule is asked of


def asked_first(question: str, hits: list[Hit]) -> list[Hit]:
    """The hits with the first spell, item, monster or feature the question names leading, where
    it names several: the subject of "is Sanctuary broken if the warded creature casts Healing
    Word?" is Sanctuary, though Healing Word's longer name is found first; a condition or a class
    named beside it ("does Heroism stop someone from being frightened?") is how it is asked. A
    monster leads a condition or a titled rule only where its stat block says that rule's word: else
    it is just whom the rule is asked of; a spell named as a rule is (Darkvision) leads only where
    the question speaks of spells or casting; a class named leads no titled rule (its level table
    is only who asks), nor does it where its own Spellcasting section is found: that section does."""
    said = f" {names.normal(question)} "
    named = [hit for hit in hits if hit.named and hit.passage.id.split("/")[0] in _SUBJECTS]  # its own kind
    placed = [(said.find(f" {names.normal(names.plain_name(hit.passage.name))} "), hit) for hit in named]
    placed = [(at, hit) for at, hit in placed if at >= 0]
    rules = [hit for hit in hits if (hit.named and hit.passage.kind == "condition") or hit.titled]
    table = hits[0].passage if hits and hits[0].passage.kind == "class" else None
    own = [hit for hit in hits if table and hit.passage.id.startswith(f"{table.id}#")]  # its Spellcasting
    if not placed and (own or (table and rules)):  # "can a wizard cast in armor", "... wizard prepare"
        lead = rules[0] if rules else own[0]
        return [lead, *(hit for hit in hits if hit is not lead)]  # the rule, not the level table
    if not placed:
        return hits
    lead = min(placed, key=lambda pair: pair[0])[1]
    if lead.passage.kind == "monster" and rules:  # "if the goblin is blinded, do I get advantage?"
        said_of_it = [hit for hit in rules if _says_of_it(lead, hit, question)]
        lead = lead if said_of_it else rules[0]  # a ghoul's claws do say "paralyzed": it stays
    if lead.passage.kind == "spell" and not re.search(r"\b(?:spells?|cast\w*)\b", question, re.IGNORECASE):
        same = [hit for hit in rules if _rule_word(hit) == lead.passage.name.lower()]
        lead = same[0] if same else lead  # "a half-orc with darkvision": the sense, not the spell
    return [lead, *(hit for hit in hits if hit is not lead)]


def _says_of_it(monster: Hit, rule: Hit, question: str) -> bool:
    """Whether a monster's stat block is what a question naming it and a rule asks about: it says
    the rule's word ("spells of 6th level" for Spell Level), or a word asked that the rule's
    passage lacks ("does a shambling mound heal from lightning damage": Lightning Absorption,
    not the rule on healing)."""
    text = monster.passage.text.lower()
    if all(re.search(rf"\b{re.escape(word)}", text) for word in _rule_word(rule).split()):
        return True
    asked = content_stems(question) - FRAME_STEMS - content_stems(monster.passage.name)
    return bool(asked & content_stems(text) - content_stems(rule.passage.text))


def _rule_word(hit: Hit) -> str:
    """The word a condition or rule section goes by: "blinded", "dodge" (of "Actions in Combat: Dodge")."""
    return hit.passage.name.split(": ")[-1].split(" (")[0].lower()


_IMPOSERS = ("spell", "magic-item")  # a monster's stat block names conditions it is immune to


def what_its_condition_says(index: SRDIndex, question: str, hit: Hit) -> Passage | None:
    """Where a named spell or item imposes a condition and never says what the question asks of
    it ("can a creature under hold person still speak?": the spell says only "paralyzed"), the
    sentence of that condition holding the most asked words it lacks ("A paralyzed creature is
    incapacitated and can't move or speak."), cut to that sentence; else None."""
    if not hit.named or hit.passage.kind not in _IMPOSERS:
        return None
    missing = content_stems(question) - FRAME_STEMS - content_stems(hit.passage.name)
    missing -= content_stems(hit.passage.text)
    said = hit.passage.text.lower()
    held = [
        (len(found), passage, sentence)
        for condition in CONDITIONS
        if missing
        and re.search(rf"\b{condition}\b", said)
        and (passage := index.passage(f"condition/{condition}")) is not None
        for sentence in passage_sentences(passage)
        if (found := missing & content_stems(sentence))
    ]
    if not held:
        return None
    _, passage, sentence = max(held, key=lambda found: found[0])
    return replace(passage, text=sentence)


def what_the_named_lacks(question: str, hits: list[Hit]) -> Passage | None:
    """Where the entry the question names never mentions what it asks ("how do you escape a
    grapple": the Grappled condition says nothing of escaping), the sentence of another passage
    read that does: of a section whose title the question also says, its first sentence holding
    an asked word ("A grappled creature can use its action to escape."), with the one after it
    when short; else, of a rule section, the sentence holding two or more of the asked words the
    entry lacks and most of the question's ("will a flying dragon fall if it drops prone": Flying
    Movement's "If a flying creature is knocked prone ... falls"). That passage is cut to those
    sentences and quoted as its own source. None when the best passage is not a named entry or
    holds every asked word; a passage that is neither titled nor a rule section, or that holds
    one asked word alone, is never the one (a passage merely near in meaning adds noise)."""
    if not hits[0].named:
        return None
    asked = content_stems(question) - FRAME_STEMS
    missing = asked - content_stems(hits[0].passage.name) - content_stems(hits[0].passage.text)
    if not missing:
        return None
    for hit in hits[1:READ_PASSAGES]:
        sentences = passage_sentences(hit.passage)
        if not hit.titled or not missing <= content_stems(hit.passage.text):
            continue
        for i, sentence in enumerate(sentences):
            if missing & content_stems(sentence):
                short_next = i + 1 < len(sentences) and len(sentences[i + 1]) <= ROLL_FOLLOW_CHARS
                return replace(hit.passage, text=" ".join(sentences[i : i + 2] if short_next else [sentence]))
    rules = [hit.passage for hit in hits[1:READ_PASSAGES] if hit.passage.kind == "rule"]
    held = [
        (len(asked & stems), passage, sentence)
        for passage in rules
        for sentence in passage_sentences(passage)
        if len(missing & (stems := content_stems(sentence))) >= 2
    ]
    if not held:
        return None
    _, passage, sentence = max(held, key=lambda found: found[0])
    return replace(passage, text=sentence)
