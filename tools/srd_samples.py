"""The dataset's samples read from the SRD (`build_dataset` assembles them): stat questions
answered by the fact engine's sentence, rules questions answered by the rule's own sentences,
queries read into a lookup, and refusals where the passages do not hold the answer."""

from __future__ import annotations

import hashlib
import random
import re

from dm_companion.wording import SENTENCE_END, with_article
from tools.templates import QUERY_TEMPLATES, RULE_TEMPLATES, STAT_TEMPLATES

REFUSAL = "The passage does not say; it is about {other}, not {name}."


RULE_REFUSAL = "The passages do not say; they are about {others}, not {name}."


ANSWER_CHARS = 330  # an extractive rule answer: at most two sentences about this long


_MECHANIC = re.compile(
    r"\d|\bd20\b|\broll|\bDC\b|\bbonus|\bpenalty|advantage|\bsaving throw|\bhit points?\b|"
    r"\baction\b|\breaction\b|\bspeed\b|\bfeet\b|\bsucceed|\bfail|\bcan't\b|\bcan\b",
    re.IGNORECASE,
)


def sample_id(record: dict) -> str:
    return hashlib.sha1(f"{record['instruction']}\x00{record.get('input', '')}".encode()).hexdigest()[:16]


def record(task: str, group: str, instruction: str, input_: str, output: str, topic: str = "") -> dict:
    """One sample; `topic` is the entry or rule asked about (paraphrases must keep naming it)."""
    record = {"instruction": instruction, "input": input_, "output": output, "task": task, "group": group}
    return record | {"topic": topic} if topic else record


def stat_samples(book, rng: random.Random, per_entity: int) -> list[dict]:
    from dm_companion.assistant.facts import answer_fact
    from dm_companion.assistant.quoting import reading
    from dm_companion.srd.render import passage_for

    found = []
    for kind, templates in STAT_TEMPLATES.items():
        for entry in book.all(kind):
            passage = passage_for(entry, book)
            made = 0
            for template in rng.sample(templates, len(templates)):
                question = template.format(
                    a=with_article(entry.name, capital=False), name=entry.name, Name=entry.name
                )
                fact = answer_fact(question, book.mentions(question))
                if fact is None or fact.entry is None or fact.entry.index != entry.index:
                    continue
                found.append(
                    record(
                        "stat",
                        f"{kind}/{entry.index}",
                        question,
                        _passages_in(reading([passage], question)),
                        fact.text,
                        entry.name,
                    )
                )
                made += 1
                if made >= per_entity:
                    break
    return found


def _passages_in(user_turn: str) -> str:
    """The passages part of the app's user turn (the question is kept as the instruction)."""
    return user_turn.rsplit("\n\nQuestion: ", 1)[0]


def _body_sentences(passage, visible: int) -> list[str]:
    """The sentences of a rule passage's first `visible` characters (what the model is shown of
    it) without its heading ("Death Saving Throws. "), type lines ("Ring, rare (requires
    attunement)"), tables, list marks or worked examples."""
    from dm_companion.assistant.quoting import cut

    heading = passage.name.split(": ")[-1]
    found = []
    for line in cut(passage.text, visible).split("\n"):
        if "|" in line or "   " in line or line.startswith("---"):
            continue
        for prefix in (f"{heading}. ", f"{heading} (condition). "):
            line = line[len(prefix) :] if line.startswith(prefix) else line
        found += [
            piece.strip(" -")
            for piece in SENTENCE_END.split(line.strip())
            if len(piece.split()) >= 5
            and piece.endswith((".", "!", "?"))
            and not piece.strip(" -").startswith("For example")
        ]
    return found


def rule_answer(passage, visible: int = 100_000) -> str:
    """What the rule is and how it plays: the passage's first sentence and its first sentence
    with a roll, number or game term (the mechanics), in passage order, copied word for word
    from the part of it the model is shown."""
    sentences = _body_sentences(passage, visible)
    if not sentences:
        return ""
    mechanics = [i for i, sentence in enumerate(sentences[1:], 1) if _MECHANIC.search(sentence)]
    with_number = [i for i in mechanics if re.search(r"\d|d20", sentences[i])]
    for i in with_number[:1] + mechanics[:1]:
        if len(sentences[0]) + len(sentences[i]) < ANSWER_CHARS:
            return f"{sentences[0]} {sentences[i]}"
    return sentences[0]


def asked_as(name: str) -> list[str]:
    """How a DM might name a rule: as titled, in lower case, or by its first half ("How does
    advantage work?" for "Advantage and Disadvantage")."""
    forms = [name, name.lower()]
    if " and " in name:
        forms.append(name.split(" and ")[0].lower())
    return forms


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def mentioning(name: str, others: list, word_sets: dict, most: int = 6) -> list:
    """The other rules' sections that use the most of this rule's name words ("Blinded" and
    "Prone" for "Advantage and Disadvantage"): near misses like those retrieval gives (it ranks
    "Working Together" first for "how does advantage work?"), so the model learns to pick the
    section the question names. `word_sets` maps a passage id to its `words_of`."""
    words = {w for w in words_of(name) if len(w) > 3}
    scored = [(len(words & word_sets[p.id]), p) for p in others]
    return [p for score, p in sorted(scored, key=lambda pair: -pair[0])[:most] if score]


# Weapon properties became passages of their own (for retrieval) after the dataset's rule samples
# were settled; they are left out, so the builder's defaults give the same data as before them.
WEAPON_PROPERTY = "weapon-property/"


def rule_samples(book, rng: random.Random, per_entity: int) -> list[dict]:
    """Each rule section asked about with two neighbours beside it (its sibling sections or other
    rules' sections that use its name words), in the order retrieval might give them; and, for
    one question in ten, only other rules' sections, which the answer says do not hold it."""
    from dm_companion.assistant.quoting import READ_CHARS, READ_PASSAGES, reading
    from dm_companion.srd.render import all_passages
    from dm_companion.wording import join_words

    rules = [
        p
        for p in all_passages(book)
        if p.kind in ("rule", "condition") and len(p.text) >= 80 and not p.id.startswith(WEAPON_PROPERTY)
    ]
    by_document: dict[str, list] = {}
    for passage in rules:
        by_document.setdefault(passage.id.split("#")[0], []).append(passage)
    word_sets = {p.id: words_of(p.text) for p in rules}
    found = []
    for passage in rules:
        document = passage.id.split("#")[0]
        if not rule_answer(passage):
            continue
        name = passage.name.split(": ")[-1]
        # never beside another passage of its name (two "Potion of Healing"s): which one says it?
        others = [p for p in rules if p.id.split("#")[0] != document and p.name.split(": ")[-1] != name]
        siblings = [p for p in by_document[document] if p.id != passage.id and p.name.split(": ")[-1] != name]
        neighbours = siblings + mentioning(name, others, word_sets)
        for template in rng.sample(RULE_TEMPLATES, per_entity):
            question = template.format(name=rng.choice(asked_as(name)))
            beside = rng.sample(neighbours, min(len(neighbours), READ_PASSAGES - 1))
            beside += rng.sample(others, READ_PASSAGES - 1 - len(beside))
            if rng.random() < 0.1:
                shown = rng.sample(others, READ_PASSAGES)
                found.append(
                    record(
                        "refusal",
                        document,
                        question,
                        _passages_in(reading(shown, question)),
                        RULE_REFUSAL.format(
                            others=join_words([p.name.split(": ")[-1] for p in shown]), name=name
                        ),
                        name,
                    )
                )
                continue
            read = beside[:]
            position = 0 if rng.random() < 0.6 else rng.randint(1, len(beside))
            read.insert(position, passage)
            answer = rule_answer(passage, READ_CHARS[position])
            if answer:
                found.append(
                    record("rule", document, question, _passages_in(reading(read, question)), answer, name)
                )
    return found


def query_samples(book, rng: random.Random, per_entity: int) -> list[dict]:
    """Questions about an SRD entry in a DM's own words, each with the lookup the app offers the
    model (the entries the name matcher finds in it, their kinds' attributes) and the reading as
    the grammar lets the model write it: the entry and attribute asked, or none. Monsters and
    spells get `per_entity + 1` questions each; the few classes and races get every phrasing."""
    from dm_companion.assistant.read_question import answer_json, attributes_of, lookup, readable

    found = []
    for kind, by_attribute in QUERY_TEMPLATES.items():
        phrasings = [
            (attribute, template) for attribute, templates in by_attribute.items() for template in templates
        ]
        for entry in book.all(kind):
            chosen = phrasings if kind in ("class", "race") else rng.sample(phrasings, per_entity + 1)
            for attribute, template in chosen:
                article = with_article(entry.name, capital=False)
                question = template.format(a=article, name=entry.name, Name=entry.name)
                entries = readable(book.mentions(question))
                if all(e.index != entry.index or e.kind != kind for e in entries):
                    continue  # the name matcher does not find it here, so the app would not ask
                looked_up = next((a for a in attributes_of(kind) if a.name == attribute), None)
                if looked_up is not None and not looked_up.answer(entry, question.lower()):
                    continue  # the record holds no answer: the app would fall back to the passages
                found.append(
                    record(
                        "query",
                        f"{kind}/{entry.index}",
                        question,
                        lookup(entries),
                        answer_json(entry, attribute),
                        entry.name,
                    )
                )
    return found


def refusal_samples(stats: list[dict], rng: random.Random, share: float = 0.15) -> list[dict]:
    """A stat question paired with another entry's passage of the same kind."""
    found = []
    by_kind: dict[str, list[dict]] = {}
    for sample in stats:
        by_kind.setdefault(sample["group"].split("/")[0], []).append(sample)
    for records in by_kind.values():
        for asked in rng.sample(records, int(len(records) * share)):
            other = rng.choice(records)
            if other["group"] == asked["group"]:
                continue
            found.append(
                record(
                    "refusal",
                    asked["group"],
                    asked["instruction"],
                    other["input"],
                    REFUSAL.format(other=other["topic"], name=asked["topic"]),
                    asked["topic"],
                )
            )
    return found
