"""Build the instruction dataset (Alpaca JSONL: instruction, input, output) from the SRD and the
app's own engines.

Tasks, each grounded in what the app will give the model at the table:
- stat: a stat question with the entry's SRD passage as input; the answer is the sentence the
  app's fact engine builds from the record, so numbers are always right;
- rule: a rules question, the rule named as a DM would ("advantage"), with the passages
  retrieval would give (the rule's section among its siblings or other rules' sections that use
  its name words, not always first); the answer is the rule's own sentences that
  say what it is and how it plays (the one with the roll, DC or number first in line), copied,
  so the adapter learns to find the passage that answers and say what it says and no more;
- refusal: a question with passages that do not hold its answer; the answer says so;
- character: a sheet from the rules engine; the answer introduces it using only its numbers;
- narration: a round of a fight the tracker ran from stat blocks, as the app prompts for it (the
  beats and the state); the answer is the round told as a scene (`telling.tell`), not the log;
- query: a question about an SRD entry in a DM's own words with the lookup the app offers the
  model (`read_question`); the answer is the entry and attribute it asks for, or none, as JSON;
- describe: a "describe ..." request about an invented place with the notes the chat would
  recall (one of them unrelated); the answer tells the notes' facts and figures in other words
  (`description_samples`);
- flavour: a sheet's facts as the Characters pane asks for its name, look and story (after the
  pane's worked example); the answer is a form told from the sheet's race, class, background,
  alignment, ideal and pronouns (`flavour_samples`), never the example's.

Varied phrasings (templates, optionally paraphrased by the bundled model), deduplicated, split
train/validation by entity (no monster, spell, rule or character is in both), with a manifest of
counts and a data hash. `review` lets a person accept, edit or drop samples; decisions are kept
in review.jsonl and applied on every build.

    python -m tools.build_dataset [--out data/adapter] [--per-entity 2] [--seed 0] [--paraphrase N]
    python -m tools.build_dataset review [--out data/adapter]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

from dm_companion.errors import DMCError
from dm_companion.wording import SENTENCE_END, with_article
from tools.common import DATA_DIR, read_jsonl
from tools.description_samples import WORDINGS
from tools.flavour_samples import WORDINGS as FLAVOUR_WORDINGS

STAT_TEMPLATES = {
    "monster": [
        "What is the armor class of {a}?",
        "How many hit points does {a} have?",
        "{Name} AC?",
        "What's the challenge rating of {a}?",
        "How fast is {a}?",
        "What is {a} immune to?",
        "What damage does {a} resist?",
        "hp of {a}",
        "What senses does {a} have?",
        "Which languages does {a} speak?",
    ],
    "spell": [
        "What level is {name}?",
        "Does {name} need concentration?",
        "What's the range of {name}?",
        "What is the casting time of {name}?",
        "What school is {name}?",
        "What components does {name} need?",
        "How long does {name} last?",
        "Is {name} a ritual?",
    ],
    "class": [
        "What is the {name}'s hit die?",
        "Which saving throws is a {name} proficient in?",
        "What is the {name}'s spellcasting ability?",
        "{name} hit die?",
    ],
    "race": [
        "What is the base speed of {a}?",
        "What ability score increase does {a} get?",
        "What size is {a}?",
        "What languages does {a} know?",
    ],
}
RULE_TEMPLATES = [
    "What does the SRD say about {name}?",
    "How does {name} work?",
    "Explain {name}.",
    "Rules for {name}?",
    "Remind me how {name} works.",
    "What's the rule on {name}?",
    "Quick question: how does {name} work at the table?",
]
# A DM's own words for each attribute the fact engine answers, many of which its patterns miss
# ("what can't hurt {a}?"), and questions about an entry that ask for none of them: the "query"
# task teaches the model to read a question into an entry and attribute (`read_question`).
QUERY_TEMPLATES = {
    "monster": {
        "immunities": [
            "What can't hurt {a}?",
            "Which damage types does {a} shrug off completely?",
            "Is there anything {a} takes no damage from at all?",
            "What conditions don't work on {a}?",
            "{Name}: what won't affect it?",
            "Can you even poison {a}?",
        ],
        "resistances": [
            "Does {a} take half damage from anything?",
            "What does {a} only take half from?",
            "Which damage gets halved against {a}?",
            "Is {a} hard to hurt with cold?",
        ],
        "vulnerabilities": [
            "What does {a} take double damage from?",
            "What's super effective against {a}?",
            "Is {a} extra susceptible to any damage?",
            "Does fire hurt {a} more than normal?",
        ],
        "saving throws": [
            "Which saves is {a} good at?",
            "What are {a}'s save bonuses?",
            "What does {a} add to a Wisdom save?",
            "Is {a} proficient in any saves?",
        ],
        "hp": [
            "How much punishment can {a} take before dropping?",
            "How beefy is {a}?",
            "How much life does {a} have?",
            "What's {a}'s health pool?",
            "How long will {a} last in a fight?",
        ],
        "ac": [
            "How hard is {a} to hit?",
            "What do I need to roll to hit {a}?",
            "What's {a}'s defense?",
            "How well protected is {a}?",
            "Target number to land a blow on {a}?",
        ],
        "xp": [
            "How much is {a} worth when killed?",
            "What do players get for beating {a}?",
            "Exp for {a}?",
            "How many points does the party earn for {a}?",
        ],
        "cr": [
            "How dangerous is {a}?",
            "What level party can handle {a}?",
            "Rating of {a}?",
            "Is {a} too much for a level 3 party?",
        ],
        "initiative": [
            "What does {a} add when rolling to go first?",
            "{Name} init bonus?",
            "Does {a} usually act early in a fight?",
        ],
        "speed": [
            "How far can {a} move in a turn?",
            "Can {a} fly?",
            "How quick is {a}?",
            "Can the party outrun {a}?",
            "Does {a} swim?",
        ],
        "abilities": [
            "What are {a}'s ability scores?",
            "How strong is {a}?",
            "How smart is {a}?",
            "What's {a}'s Dex mod?",
        ],
        "senses": [
            "Can {a} see in the dark?",
            "What's {a}'s passive Perception?",
            "How does {a} perceive things?",
            "Will {a} notice an invisible rogue?",
        ],
        "languages": [
            "Can my players talk to {a}?",
            "What tongues does {a} understand?",
            "Does {a} understand Common?",
            "Can you negotiate with {a}?",
        ],
        "actions": [
            "What can {a} do on its turn?",
            "How does {a} fight?",
            "What attacks does {a} get?",
            "What's in {a}'s stat block for attacking?",
        ],
        "size/type": [
            "What kind of creature is {a}?",
            "How big is {a}?",
            "Is {a} undead?",
            "What's {a}'s alignment?",
        ],
        "legendary": [
            "What can {a} do at the end of other creatures' turns?",
            "Does {a} get extra moves outside its turn?",
            "Does {a} have lair-boss actions?",
        ],
        "none": [
            "What is {a}?",
            "Tell me about {a}.",
            "Describe {a} for my players.",
            "Where would I find {a}?",
            "What's the lore behind {a}?",
            "Good tactics for running {a}?",
        ],
    },
    "spell": {
        "concentration": [
            "Do I have to keep focus on {name}?",
            "Will taking damage end {name}?",
            "Can I cast something else while {name} is up?",
            "Does {name} drop if I get hit?",
        ],
        "ritual": [
            "Can {name} be cast without a slot if I take my time?",
            "Can I cast {name} without using a spell slot?",
            "Does {name} have the ten-minute option?",
        ],
        "save": [
            "What do targets roll against {name}?",
            "Which ability resists {name}?",
            "How do you avoid {name}?",
            "Is {name} Dex or Con to resist?",
        ],
        "casting time": [
            "How long to get {name} off?",
            "How quickly can I cast {name}?",
            "What does {name} cost me in action economy?",
            "Can I cast {name} mid-fight?",
        ],
        "range": [
            "How far away can I target with {name}?",
            "How close do I need to be for {name}?",
            "Is {name} touch only?",
            "What's the reach on {name}?",
        ],
        "components": [
            "What do I need in hand to cast {name}?",
            "Can I cast {name} while gagged?",
            "Does {name} need a focus?",
            "Does {name} use up anything when cast?",
        ],
        "duration": [
            "How long does {name} stick around?",
            "When does {name} wear off?",
            "How many rounds is {name} up?",
            "Is {name} instant or does it linger?",
        ],
        "damage": [
            "How hard does {name} hit?",
            "What dice does {name} roll?",
            "What does {name} deal?",
            "Is {name} good damage?",
        ],
        "school": [
            "What kind of magic is {name}?",
            "Is {name} necromancy or evocation?",
            "What tradition is {name} from?",
        ],
        "level": [
            "What slot does {name} need at minimum?",
            "How high a spell is {name}?",
            "Is {name} a cantrip?",
            "When can a caster first learn {name}?",
        ],
        "classes": [
            "Who gets {name} on their list?",
            "Can a bard learn {name}?",
            "Which casters have access to {name}?",
            "Can my warlock pick up {name}?",
        ],
        "none": [
            "What does {name} do?",
            "How does {name} work?",
            "Explain {name} to me.",
            "Tell me about {name}.",
            "Is {name} worth taking?",
            "Describe what happens when {name} goes off.",
        ],
    },
    "class": {
        "hit die": [
            "What die does {a} roll for health on level up?",
            "How many HP does {a} gain per level?",
            "How sturdy is {a} compared to other classes?",
        ],
        "saving throws": [
            "What saves is {a} good at?",
            "Which saves does {a} get proficiency in?",
            "Is {a} proficient in Wisdom saves?",
        ],
        "spellcasting": [
            "What stat does {a} cast from?",
            "Which ability powers {a}'s spells?",
            "What should {a} max for magic?",
        ],
        "skills": [
            "What can {a} be trained in?",
            "Which skills can {a} choose from?",
            "Can {a} pick Stealth?",
        ],
        "proficiencies": [
            "What armor can {a} wear?",
            "Can {a} use a longbow?",
            "What gear is {a} trained with?",
            "Is {a} allowed heavy armor?",
        ],
        "subclasses": [
            "What specializations does {a} get?",
            "Which {name} paths are in the SRD?",
            "What are the {name} subclass options?",
        ],
        "multiclass": [
            "What do I need to dip into {name}?",
            "Requirements to take a level of {name}?",
            "Can I add {name} to my character?",
        ],
        "none": [
            "What is {a}?",
            "Is {a} a good pick for a new player?",
            "How do I play {a}?",
            "Tell me about the {name}.",
        ],
    },
    "race": {
        "ability bonuses": [
            "What stats go up for {a}?",
            "Which scores does being {a} boost?",
            "What does {a} add to abilities?",
        ],
        "resistances": [
            "Does {a} shrug off any damage type?",
            "Is {a} tough against poison?",
            "What can't hurt {a} as much?",
        ],
        "darkvision": [
            "Can {a} see without light?",
            "How well does {a} see at night?",
            "Does {a} need a torch?",
        ],
        "speed": ["How far can {a} walk in a round?", "Is {a} slow?", "What's {a}'s movement?"],
        "size": ["How tall is {a}?", "Is {a} Small or Medium?", "How much does {a} weigh?"],
        "languages": ["What does {a} speak?", "Which tongues does {a} know?", "Can {a} read Elvish?"],
        "subraces": ["What kinds of {name} are there?", "Which {name} variants can I pick?"],
        "traits": [
            "What do you get for playing {a}?",
            "What racial abilities does {a} have?",
            "What's special about {a}?",
        ],
        "none": ["What is {a} like?", "Where do people like {a} come from?", "Tell me about {a}."],
    },
}
REFUSAL = "The passage does not say; it is about {other}, not {name}."
RULE_REFUSAL = "The passages do not say; they are about {others}, not {name}."
ANSWER_CHARS = 330  # an extractive rule answer: at most two sentences about this long
_MECHANIC = re.compile(
    r"\d|\bd20\b|\broll|\bDC\b|\bbonus|\bpenalty|advantage|\bsaving throw|\bhit points?\b|"
    r"\baction\b|\breaction\b|\bspeed\b|\bfeet\b|\bsucceed|\bfail|\bcan't\b|\bcan\b",
    re.IGNORECASE,
)
SPLIT_EVERY = 10  # one entity group in ten goes to validation


def sample_id(record: dict) -> str:
    return hashlib.sha1(f"{record['instruction']}\x00{record.get('input', '')}".encode()).hexdigest()[:16]


def _record(task: str, group: str, instruction: str, input_: str, output: str, topic: str = "") -> dict:
    """One sample; `topic` is the entry or rule asked about (paraphrases must keep naming it)."""
    record = {"instruction": instruction, "input": input_, "output": output, "task": task, "group": group}
    return record | {"topic": topic} if topic else record


def stat_samples(book, rng: random.Random, per_entity: int) -> list[dict]:
    from dm_companion.assistant.facts import answer_fact
    from dm_companion.assistant.rules_qa import reading
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
                    _record(
                        "stat",
                        f"{kind}/{entry.index}",
                        question,
                        _passages(reading([passage], question)),
                        fact.text,
                        entry.name,
                    )
                )
                made += 1
                if made >= per_entity:
                    break
    return found


def _passages(user_turn: str) -> str:
    """The passages part of the app's user turn (the question is kept as the instruction)."""
    return user_turn.rsplit("\n\nQuestion: ", 1)[0]


def _body_sentences(passage, visible: int) -> list[str]:
    """The sentences of a rule passage's first `visible` characters (what the model is shown of
    it) without its heading ("Death Saving Throws. "), type lines ("Ring, rare (requires
    attunement)"), tables, list marks or worked examples."""
    from dm_companion.assistant.rules_qa import cut

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


def _asked_as(name: str) -> list[str]:
    """How a DM might name a rule: as titled, in lower case, or by its first half ("How does
    advantage work?" for "Advantage and Disadvantage")."""
    forms = [name, name.lower()]
    if " and " in name:
        forms.append(name.split(" and ")[0].lower())
    return forms


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def _mentioning(name: str, others: list, words_of: dict, most: int = 6) -> list:
    """The other rules' sections that use the most of this rule's name words ("Blinded" and
    "Prone" for "Advantage and Disadvantage"): near misses like those retrieval gives (it ranks
    "Working Together" first for "how does advantage work?"), so the model learns to pick the
    section the question names. `words_of` maps a passage id to its `_words`."""
    words = {w for w in _words(name) if len(w) > 3}
    scored = [(len(words & words_of[p.id]), p) for p in others]
    return [p for score, p in sorted(scored, key=lambda pair: -pair[0])[:most] if score]


def rule_samples(book, rng: random.Random, per_entity: int) -> list[dict]:
    """Each rule section asked about with two neighbours beside it (its sibling sections or other
    rules' sections that use its name words), in the order retrieval might give them; and, for
    one question in ten, only other rules' sections, which the answer says do not hold it."""
    from dm_companion.assistant.rules_qa import READ_CHARS, READ_PASSAGES, reading
    from dm_companion.srd.render import all_passages
    from dm_companion.wording import join_words

    rules = [p for p in all_passages(book) if p.kind in ("rule", "condition") and len(p.text) >= 80]
    by_document: dict[str, list] = {}
    for passage in rules:
        by_document.setdefault(passage.id.split("#")[0], []).append(passage)
    words_of = {p.id: _words(p.text) for p in rules}
    found = []
    for passage in rules:
        document = passage.id.split("#")[0]
        if not rule_answer(passage):
            continue
        name = passage.name.split(": ")[-1]
        others = [p for p in rules if p.id.split("#")[0] != document]
        neighbours = [p for p in by_document[document] if p.id != passage.id] + _mentioning(
            name, others, words_of
        )
        for template in rng.sample(RULE_TEMPLATES, per_entity):
            question = template.format(name=rng.choice(_asked_as(name)))
            beside = rng.sample(neighbours, min(len(neighbours), READ_PASSAGES - 1))
            beside += rng.sample(others, READ_PASSAGES - 1 - len(beside))
            if rng.random() < 0.1:
                shown = rng.sample(others, READ_PASSAGES)
                found.append(
                    _record(
                        "refusal",
                        document,
                        question,
                        _passages(reading(shown, question)),
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
                    _record("rule", document, question, _passages(reading(read, question)), answer, name)
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
                    _record(
                        "query",
                        f"{kind}/{entry.index}",
                        question,
                        lookup(entries),
                        answer_json(entry, attribute),
                        entry.name,
                    )
                )
    return found


def describe_samples(count: int, rng: random.Random) -> list[dict]:
    """Descriptions of invented places from the notes the chat would recall (`description_samples`),
    each kept only if the chat's own check (`NotesCheck`) would show every sentence of it (a
    figure that meets another of the notes' by chance, "fifty feet of rope" beside a 50 sp price,
    is not something to teach) and it follows the notes for less than a third of its words
    (ECHO_TEXT_MAX, the issue's bound on echo): a description that reads the notes back is what
    the adapter is trained out of."""
    from dm_companion.assistant.notes_check import NotesCheck
    from dm_companion.overlap import ECHO_TEXT_MAX, echo, sentences
    from tools.description_samples import notes_in, sample

    found = []
    while len(found) < count:
        made = sample(rng)
        check = NotesCheck(notes_in(made["input"]), made["instruction"])
        if echo(made["output"], made["input"]) < ECHO_TEXT_MAX and not any(
            check.problem(sentence) for sentence in sentences(made["output"])
        ):
            found.append(
                _record(
                    "describe",
                    f"describe/{len(found)}",
                    made["instruction"],
                    made["input"],
                    made["output"],
                    made["subject"],
                )
            )
    return found


def flavour_samples(count: int, rng: random.Random) -> list[dict]:
    """Sheets from the rules engine (a quarter each with no pronouns set, she/her, he/him and
    they/them) with a flavour told from them (`flavour_samples`), each kept only if the pane's
    own check (`flavour.checked`) would drop nothing of it."""
    from dm_companion.characters import flavour
    from dm_companion.characters.builder import Builder, Request
    from tools.flavour_samples import form

    builder = Builder()
    found = []
    while len(found) < count:
        sheet = builder.build(
            Request(
                level=rng.randint(1, 10),
                seed=rng.randrange(2**31),
                pronouns=["", "she/her", "he/him", "they/them"][len(found) % 4],
            )
        )
        answer = form(sheet, rng)
        if not flavour.checked(flavour.parse(answer), sheet).removed:
            found.append(
                _record("flavour", f"flavour/{len(found)}", flavour.SYSTEM, flavour.facts(sheet), answer)
            )
    return found


def refusal_samples(stats: list[dict], rng: random.Random, share: float = 0.15) -> list[dict]:
    """A stat question paired with another entry's passage of the same kind."""
    found = []
    by_kind: dict[str, list[dict]] = {}
    for record in stats:
        by_kind.setdefault(record["group"].split("/")[0], []).append(record)
    for records in by_kind.values():
        for record in rng.sample(records, int(len(records) * share)):
            other = rng.choice(records)
            if other["group"] == record["group"]:
                continue
            found.append(
                _record(
                    "refusal",
                    record["group"],
                    record["instruction"],
                    other["input"],
                    REFUSAL.format(other=other["topic"], name=record["topic"]),
                    record["topic"],
                )
            )
    return found


def character_samples(count: int, rng: random.Random) -> list[dict]:
    from dm_companion.characters.builder import Builder, Request

    builder = Builder()
    names = ["Ilsa", "Brom", "Tamsin", "Corwin", "Mira", "Oskar", "Yara", "Dain", "Wren", "Halric"]
    found = []
    for i in range(count):
        sheet = builder.build(
            Request(
                level=rng.randint(1, 20),
                method=rng.choice(["standard-array", "point-buy", "4d6"]),
                seed=rng.randrange(2**31),
                name=f"{rng.choice(names)} {i}",
            )
        )
        facts = (
            f"Name: {sheet.name}\nRace: {sheet.subrace or sheet.race}"
            f"\nClass: {sheet.char_class} {sheet.level}"
            f"\nArmor Class: {sheet.armor_class}\nHit Points: {sheet.max_hp}\nSpeed: {sheet.speed} ft."
            f"\nBackground: {sheet.background}\nAlignment: {sheet.alignment}"
        )
        best = max(sheet.ability_scores, key=sheet.ability_scores.get)
        output = (
            f"{sheet.name} is a level {sheet.level} {sheet.subrace or sheet.race} "
            f"{sheet.char_class.lower()}, {sheet.alignment}, who came to adventuring as "
            f"{with_article(sheet.background.lower(), capital=False)}. "
            f"With armor class {sheet.armor_class}, {sheet.max_hp} hit points and a {best.upper()} of "
            f"{sheet.ability_scores[best]}, they move {sheet.speed} feet a round."
        )
        found.append(
            _record(
                "character",
                f"character/{i}",
                "Introduce this character to the players in two sentences.",
                facts,
                output,
            )
        )
    return found


HEROES = [
    ("Mira", 27, 16, "longsword", "slashing"),
    ("Tor", 34, 18, "warhammer", "bludgeoning"),
    ("Ysolde", 18, 12, "rapier", "piercing"),
    ("Garrick", 31, 18, "greataxe", "slashing"),
    ("Pell", 22, 14, "shortbow", "piercing"),
    ("Anwen", 24, 15, "mace", "bludgeoning"),
]
FOES = [
    "goblin",
    "orc",
    "skeleton",
    "wolf",
    "bandit",
    "zombie",
    "gnoll",
    "hobgoblin",
    "bugbear",
    "ogre",
    "giant-spider",
    "dire-wolf",
    "ghoul",
    "lizardfolk",
    "cultist",
    "thug",
]


def fight_round(index: int):
    """Round one of small fight number `index`, as the tracker leaves it: two or three characters
    who attack with their weapons against one to three monsters of a kind using their own stat
    blocks' attacks. Seeded by `index` alone, so a benchmark can replay any sample's fight."""
    from dm_companion.combat.tracker import Tracker

    rng = random.Random(f"fight/{index}")
    tracker = Tracker(seed=index)
    party = rng.sample(HEROES, rng.randint(2, 3))
    for name, hp, ac, _, _ in party:
        tracker.submit(
            {
                "op": "add",
                "name": name,
                "pc": True,
                "hp": hp,
                "max_hp": hp,
                "ac": ac,
                "initiative": rng.randint(5, 20),
            }
        )
    kind = rng.choice(FOES)
    for n in range(1, rng.randint(1, 3) + 1):
        tracker.submit(
            {
                "op": "add",
                "name": f"{kind.replace('-', ' ').title()} {n}",
                "monster": kind,
                "initiative": rng.randint(1, 20),
            }
        )
    tracker.submit({"op": "start"})
    weapons = {name: (weapon, damage_type) for name, _, _, weapon, damage_type in party}
    while tracker.encounter.round == 1:
        actor = tracker.encounter.find(tracker.encounter.current)
        targets = [
            c.name for c in tracker.encounter.combatants if c.hp > 0 and (c.name in weapons) != actor.pc
        ]
        if targets and actor.hp > 0:
            if actor.pc:
                weapon, damage_type = weapons[actor.name]
                tracker.submit(
                    {
                        "op": "attack",
                        "attacker": actor.name,
                        "target": rng.choice(targets),
                        "action": weapon,
                        "bonus": rng.randint(4, 7),
                        "damage_dice": "1d8+3",
                        "type": damage_type,
                    }
                )
            elif any(a["name"] == "Multiattack" for a in actor.actions):
                tracker.submit({"op": "multiattack", "attacker": actor.name, "target": rng.choice(targets)})
            elif attack := next(
                (a["name"] for a in actor.actions if a.get("attack_bonus") is not None), None
            ):
                tracker.submit(
                    {"op": "attack", "attacker": actor.name, "action": attack, "target": rng.choice(targets)}
                )
        tracker.submit({"op": "next_turn"})
    return tracker.encounter


def narration_samples(count: int) -> list[dict]:
    """Each fight's round with the app's narration prompt (`narration.messages_for`: the round's
    beats and the state). The answer is the round told as a scene from the log (`telling.tell`:
    varied phrasings, no figure or outcome the log lacks), so the adapter learns to narrate in
    its own words what happened and nothing else, instead of reading the log back."""
    from dm_companion.combat.narration import messages_for
    from dm_companion.combat.telling import tell

    found = []
    for i in range(count):
        encounter = fight_round(i)
        beats, state = messages_for(encounter)[1]["content"].split("\n\nState now:\n")
        told = tell(encounter.log)
        if told:
            found.append(_record("narration", f"fight/{i}", beats, f"State now:\n{state}", told))
    return found


def paraphrase(records: list[dict], count: int, rng: random.Random) -> list[dict]:
    """New phrasings of some instructions by the bundled model, kept only when they still name
    the entity and still ask a question."""
    from dm_companion.llm.discovery import choose
    from dm_companion.llm.engine import Engine
    from dm_companion.settings import load_settings

    settings = load_settings({"adapter": "none", "temperature": "0.7"})
    engine = Engine(choose(settings), settings)
    engine.load()
    found = []
    for record in rng.sample([r for r in records if r["task"] in ("stat", "rule")], min(count, len(records))):
        prompt = [
            {
                "role": "system",
                "content": "Rewrite the question in different words. Reply with the question only.",
            },
            {"role": "user", "content": record["instruction"]},
        ]
        text = "".join(
            engine.stream_chat(prompt, max_tokens=40, temperature=0.7, seed=rng.randrange(1000))
        ).strip()
        name = record["topic"]
        if (
            text.endswith("?")
            and name.lower() in text.lower()
            and text != record["instruction"]
            and len(text) < 160
        ):
            found.append(record | {"instruction": text, "paraphrased": True})
    return found


def _split(group: str) -> str:
    return "val" if int(hashlib.sha1(group.encode()).hexdigest(), 16) % SPLIT_EVERY == 0 else "train"


def apply_review(records: list[dict], out: Path) -> list[dict]:
    path = out / "review.jsonl"
    if not path.exists():
        return records
    decisions = {
        d["id"]: d for d in (json.loads(line) for line in path.read_text().splitlines() if line.strip())
    }
    kept = []
    for record in records:
        decision = decisions.get(sample_id(record))
        if decision is None or decision["decision"] == "accept":
            kept.append(record)
        elif decision["decision"] == "edit":
            kept.append(record | {"output": decision["output"], "reviewed": True})
    return kept


def build(
    out: Path,
    per_entity: int,
    seed: int,
    paraphrase_count: int,
    characters: int,
    fights: int,
    descriptions: int = 600,
    flavours: int = 400,
) -> dict:
    from dm_companion.srd.repository import srd

    rng = random.Random(seed)
    book = srd()
    stats = stat_samples(book, rng, per_entity)
    records = stats + rule_samples(book, rng, per_entity) + refusal_samples(stats, rng)
    records += character_samples(characters, rng) + narration_samples(fights)
    records += query_samples(
        book, random.Random(seed + 1), per_entity
    )  # own draws: the other tasks' stay as they were
    records += describe_samples(descriptions, random.Random(seed + 2))
    records += flavour_samples(flavours, random.Random(seed + 3))
    if paraphrase_count:
        records += paraphrase(records, paraphrase_count, rng)
    unique: dict[str, dict] = {}
    for record in records:
        unique.setdefault(sample_id(record), record)
    records = apply_review(list(unique.values()), out)
    splits = {"train": [], "val": []}
    for record in records:
        splits[_split(record["group"])].append(record)
    out.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    for name, items in splits.items():
        rng.shuffle(items)
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in items)
        (out / f"{name}.jsonl").write_text(text, encoding="utf-8")
        digest.update(text.encode())
    manifest = {
        "data_sha256": digest.hexdigest(),
        "seed": seed,
        "per_entity": per_entity,
        "paraphrased": paraphrase_count,
        "counts": {name: len(items) for name, items in splits.items()},
        "by_task": {name: dict(Counter(r["task"] for r in items)) for name, items in splits.items()},
        "groups_in_both_splits": len(
            {r["group"] for r in splits["train"]} & {r["group"] for r in splits["val"]}
        ),
        "description_wordings": WORDINGS,
        "flavour_wordings": FLAVOUR_WORDINGS,
        "command": "python -m tools.build_dataset " + " ".join(sys.argv[1:]),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def review(out: Path) -> int:
    """Walks the training samples not yet decided: [a]ccept, [e]dit the answer, [d]rop, [q]uit."""
    from rich.console import Console
    from rich.panel import Panel

    console = Console()
    records = read_jsonl(out / "train.jsonl")
    path = out / "review.jsonl"
    decided = (
        {json.loads(line)["id"] for line in path.read_text().splitlines() if line.strip()}
        if path.exists()
        else set()
    )
    for record in records:
        key = sample_id(record)
        if key in decided:
            continue
        console.print(
            Panel(
                f"[b]{record['instruction']}[/b]\n\n{record['input'][:800]}\n\n[green]{record['output']}[/]",
                title=f"{record['task']} · {key}",
            )
        )
        choice = console.input("[a]ccept [e]dit [d]rop [q]uit > ").strip().lower()[:1]
        if choice == "q":
            break
        decision = {"id": key, "decision": {"a": "accept", "e": "edit", "d": "drop"}.get(choice, "accept")}
        if decision["decision"] == "edit":
            decision["output"] = console.input("new answer > ").strip() or record["output"]
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(decision) + "\n")
    console.print(f"decisions are in {path}; rebuild to apply them")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.build_dataset", description=__doc__.splitlines()[0]
    )
    parser.add_argument("mode", nargs="?", choices=["build", "review"], default="build")
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--per-entity", type=int, default=2, help="phrasings per SRD entry (default 2)")
    parser.add_argument("--characters", type=int, default=300)
    parser.add_argument("--fights", type=int, default=300)
    parser.add_argument("--descriptions", type=int, default=600, help="described invented places")
    parser.add_argument("--flavours", type=int, default=400, help="characters given a name, look and story")
    parser.add_argument(
        "--paraphrase", type=int, default=0, help="instructions to paraphrase with the bundled model"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        if args.mode == "review":
            return review(args.out)
        if args.per_entity < 1:
            raise DMCError("--per-entity must be 1 or more")
        manifest = build(
            args.out,
            args.per_entity,
            args.seed,
            args.paraphrase,
            args.characters,
            args.fights,
            args.descriptions,
            args.flavours,
        )
    except DMCError as exc:
        print(f"build_dataset: error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
