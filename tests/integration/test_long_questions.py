"""Questions as people post them (a title, the story, then the question), answered from the SRD
without the model: what they lean on that the SRD lacks is said, not guessed; what they ask is
quoted. Questions here are the project's own; `test_real_questions_are_never_answered_wrong`
runs the real ones (`../shared/realqa/`, other people's words, read where they lie)."""

import json
from collections import Counter

import pytest

from benchmarks.real_questions import REALQA, asked, score

pytestmark = pytest.mark.model  # the SRD index embeds with the real embedding model


@pytest.mark.parametrize(
    "question, lacking",
    [
        (
            "Path of the Totem Warrior (Bear): while raging I resist all damage but psychic. Can I "
            "wear heavy armor from my fighter levels and keep that resistance?",
            "Path of the Totem Warrior",
        ),
        (
            "Tabaxi race: my cat folk character has a climbing speed. Does she still spend extra "
            "movement to climb a wall during combat?",
            "Tabaxi race",
        ),
        (  # a title's one word the SRD never says
            "Hex and Eldritch Blast: my warlock cursed the ogre and fires two beams at it. Does "
            "every beam add the extra d6?",
            "Hex",
        ),
        (  # named in the story, then pointed at by "it"
            "My paladin stands inside the cleric's Twilight Sanctuary. How many temporary hit "
            "points does it give him each turn?",
            "Twilight Sanctuary",
        ),
        ("Is Silvery Barbs a reaction?", "Silvery Barbs"),  # one line, a name of two capitalized words
        ("Can my Aasimar use Healing Hands on himself?", "Healing Hands"),
        ("Can a Hexblade warlock use Charisma for weapon attacks?", "Hexblade warlock"),  # a subclass
        ("Is the Oath of Vengeance worth it?", "Oath of Vengeance"),  # "oath of", "of vengeance" are said
        ("Can a Circle of the Moon druid turn into a CR 1 beast?", "Circle of the Moon"),  # "of the" inside
        ("Can a College of Valor bard use a shield?", "College of Valor"),  # not the Bard's proficiencies
        (  # named in the story, then asked about by a word of its name the SRD never says
            "My Echo Knight wants to swap places with his echo. How far away can the echo be?",
            "Echo Knight",
        ),
        (
            "Does Booming Blade count as a melee weapon attack for Divine Smite?",
            "Booming Blade",
        ),  # not Smite's
        (  # a feat told in the story leans the question on it, though "its" points at the goblin
            "My fighter with the Sentinel feat hits a goblin with an opportunity attack. "
            "Does its speed become 0?",
            "Sentinel feat",
        ),
        (  # someone the story names, then asked about as "she"
            "I'm running a Drow Matron with Lolth's blessing. Can she cast Darkness at will?",
            "Drow Matron",
        ),
        ("Can my Kenku use mimicry to cast verbal spells?", "Kenku"),  # one word, after "my"
        (  # a book outside the SRD, by its owner's name
            "I'm using Tasha's custom lineage for my character. Does it get darkvision?",
            "Tasha's Cauldron of Everything",
        ),
        # the story says what the asker's character is; the question asks of it by "my" or "I"
        ("I'm playing a Dhampir. Is my bite a natural weapon for unarmed strikes?", "Dhampir"),
        ("My warlock took the Hexblade patron. Can I use Charisma for weapon attacks?", "Hexblade"),
        # a creature written in lowercase, a word in no SRD name and no everyday English
        ("How does a flameskull come back after being destroyed?", "Flameskull"),
        ("Can a kuo-toa see invisible creatures?", "Kuo-toa"),
        ("Does a beholder's antimagic cone stop its own eye rays?", "Beholder"),
        ("Can a mind flayer pull a brain out of a grappled target?", "Mind flayer"),
        ("Can a warforged be poisoned at all?", "Warforged"),  # no table quoted as its rule
        ("Does a spectator's paralyzing ray need concentration?", "Spectator"),  # an owner the SRD never says
        ("Can a beholder fly?", "Beholder"),  # the SRD says "beholder" once: "fly" is what it does
        ("A player wants to play an aasimar. What are their racial traits?", "Aasimar"),  # the one played
        ("What are the racial traits of an aasimar?", "Aasimar"),
        ("How does the artificer's infusion work?", "Artificer"),  # no capitalized word before it
    ],
)
def test_a_question_leaning_on_what_the_srd_lacks_says_so(srd_only, question, lacking):
    reply = srd_only.reply(question)
    text = reply.consume()
    first = text.split("\n")[0]  # "Healing Hands and Aasimar aren't in the SRD, ..."
    assert first.startswith(lacking) and "n't in the SRD" in first and reply.mode == "not-found"
    assert "   " not in text  # a general rule is quoted in sentences, never as a table's columns


@pytest.mark.parametrize(
    "question",
    [
        "Does the leftover damage carry over to my normal form when my wild shape drops to 0 hit points?",
        "Can a character forego one of their attacks so the familiar attacks instead?",
        # an SRD feature used "to" take an action: no name of three words
        "My rogue uses Cunning Action to Dash, then takes the Dash action. How far can he go with 30 speed?",
        "Does rage halve fire damage?",  # "halve" is a form of the SRD's "halved": no thing it lacks
        # a creature an SRD spell is cast on: the spell's text answers
        "My wizard cast Banishment on a nycaloth. Should the nycaloth be incapacitated while it is gone?",
    ],
)
def test_a_lowercase_word_that_names_no_creature_asked_about_leans_on_nothing(srd_only, question):
    reply = srd_only.reply(question)
    assert "in the SRD, so I won't" not in reply.consume() and reply.mode != "not-found"


@pytest.mark.parametrize(
    "question, sentence",
    [
        (
            "Opportunity attacks: my fighter stands next to a goblin, and on its turn the goblin walks "
            "away past the wizard without taking the Disengage action. Does the goblin provoke an "
            "opportunity attack from my fighter when it leaves his reach?",
            "If you leave a hostile creature's reach during your move, you provoke an opportunity attack",
        ),
        (
            "Grappling and moving: my barbarian has grappled an orc and wants to drag it across the "
            "room to the pit. How fast can the barbarian move while dragging the grappled orc along?",
            "you can drag or carry the grappled creature with you, but your speed is halved",
        ),
        (  # the sentence says "this benefit"; only its passage says it is the Dodge action's
            "Dodge and grappling: my monk took the Dodge action and then got grabbed by an ogre on "
            "its turn, so his speed is 0 now. Does he keep the benefit of dodging?",
            "You lose this benefit if you are incapacitated",
        ),
        (  # "the roll" is the one the sentence before tells of
            "A level 3 fighter with 14 Con spends a hit die at the end of a short rest. "
            "What does she add to the roll?",
            "adds the character's Constitution modifier to it",
        ),
        (  # the asking sentence names nothing: the spell its story names is what it asks about
            "My cleric uses Spiritual Weapon. Does attacking with it take my action?",
            "As a bonus action on your turn, you can move the weapon up to 20 feet and repeat the attack",
        ),
        (  # a monster is only whom the rule is asked of where its stat block never says the rule's word
            "If I take the Dodge action, do attacks from an invisible stalker I can't see have disadvantage?",
            "SRD, Actions in Combat: Dodge: \u201cWhen you take the Dodge action",
        ),
        (
            "If the goblin is blinded by my fog cloud, do I get advantage on attacks against it?",
            "SRD, Blinded: \u201cA blinded creature can't see",
        ),
        (  # the sense, not the spell, where no spell is spoken of
            "Can my half-orc see colours in the dark with darkvision, or is everything grey?",
            "SRD, The Environment: Darkvision:",
        ),
    ],
)
def test_a_long_question_quotes_the_sentence_that_answers_what_it_asks(srd_only, question, sentence):
    reply = srd_only.reply(question)
    assert sentence in reply.consume()[:400] and reply.mode == "passage"


def test_a_thing_named_like_the_one_asked_about_is_not_quoted_for_it(srd_only):
    """The asker is under the invisibility spell; the Ring of Invisibility ends otherwise, and
    another dragon's breath is not the adult red dragon's."""
    reply = srd_only.reply(
        "Invisibility and attacking: my sorcerer is invisible from the invisibility spell and casts "
        "magic missile at the orc. Does he become visible again?"
    )
    assert "The spell ends for a target that attacks or casts a spell." in reply.consume()
    assert "Ring of Invisibility" not in {s.passage.name for s in reply.sources}
    reply = srd_only.reply(
        "Breath weapons: an adult red dragon breathes fire at my rogue who has evasion. She makes "
        "the Dexterity save. Does she take any damage at all?"
    )
    reply.consume()
    assert all(s.passage.kind != "monster" or s.passage.name == "Adult Red Dragon" for s in reply.sources)
    reply = srd_only.reply("A troll was hit by fire. Does it regenerate next turn?")
    assert reply.consume().startswith("SRD, Troll:")  # not the Ioun Stone of Regeneration


@pytest.mark.parametrize(
    "question",
    [
        "Sneak attack twice: My rogue attacks on his turn and then makes an opportunity attack when "
        "the bandit walks away. Can he sneak attack both times?",  # a spy's stat block was quoted
        "Opportunity attacks: If I start my turn out of reach, walk up to the enemy, hit him and walk "
        "away, does he get an opportunity attack?",  # an owl's Flyby was quoted
    ],
)
def test_no_stat_block_is_quoted_for_a_monster_the_question_does_not_ask_about(srd_only, question):
    text = srd_only.reply(question).consume()
    assert not any(f"SRD, {name}:" in text for name in ("Spy", "Owl", "Bandit")), text


def test_a_rule_that_allows_is_no_yes_for_a_situation_the_asker_tells(srd_only):
    """The opportunity attack's sentence says a creature uses its reaction for it; the story says
    she was surprised, which forbids it. A "Yes." would be wrong; the quote stands alone."""
    reply = srd_only.reply(
        "The bandits ambushed us and my rogue was surprised. In the first round one walks right "
        "past her. Can she use her reaction to make an opportunity attack?"
    )
    text = reply.consume()
    assert reply.mode == "passage" and "opportunity attack" in text and not text.startswith("Yes")


def test_a_calculation_answers_only_a_sentence_that_asks_for_it(srd_only):
    """The title says "Crits"; the question asks about the spell's die, which the critical-hit
    calculator does not compute: its "2d8" would answer another question."""
    text = srd_only.reply(
        "Crits and Hunter's Mark: my ranger crits with a longbow, 1d8 plus 1d6 from hunter's mark. "
        "Is the hunter's mark die doubled as well?"
    ).consume()
    assert not text.startswith("2d8")


def test_offered_dice_are_answered_with_the_one_the_rule_gives(srd_only):
    """A magic weapon's dice are its own, doubled; its bonus is added once, as the ability
    modifier the asker writes beside it ("+Str") is."""
    reply = srd_only.reply("I crit with a +1 longsword. Is the damage 2d8+1+Str or 2d8+2+Str?")
    assert reply.consume().startswith("2d8+1.") and reply.mode == "calculation"


@pytest.mark.parametrize(
    "question, opening",
    [
        ("Scimitar finesse: Is a scimitar a finesse weapon?", "Yes. A Scimitar is a martial melee weapon"),
        ("Javelin: How far can I throw a javelin?", "A Javelin is a simple melee weapon, can be thrown"),
        ("Spell slots: How many 3rd level slots does a 5th level wizard have?", "A level 5 Wizard has 2"),
    ],
)
def test_a_titled_short_question_a_record_answers_takes_the_record(srd_only, question, opening):
    """The title makes it a long question; its one short ask is still answered from the record
    (not from the Scimitar of Speed or Arcane Recovery, which the title's words also meet)."""
    reply = srd_only.reply(question)
    assert reply.consume().startswith(opening) and reply.mode == "fact"


@pytest.mark.parametrize(
    "question, opening",
    [
        ("My player is playing a fighter. What does Second Wind do?", "Second Wind (Fighter feature"),
        ("My cleric got hit. How does the poisoned condition work?", "Poisoned: "),
    ],
)
def test_a_story_then_what_one_named_thing_does_takes_its_record(srd_only, question, opening):
    """The story is context; the ask names one thing whole, and its record answers (not Wind
    Wall, which the story's words and "wind" met first)."""
    reply = srd_only.reply(question)
    assert reply.consume().startswith(opening) and reply.mode == "fact"


def test_a_story_that_gives_a_class_and_level_answers_the_table_it_asks_for(srd_only):
    reply = srd_only.reply("I'm a level 3 warlock. How many spell slots do I have and what level are they?")
    assert (
        reply.consume().startswith("A level 3 Warlock has spell slots: 2 2nd-level") and reply.mode == "fact"
    )
    reply = srd_only.reply("My rogue is level 7. How much sneak attack damage does she do?")
    assert reply.consume().startswith("A level 7 Rogue has a Sneak Attack of 4d6")
    reply = srd_only.reply("My wizard counters a 5th level spell with a 3rd level slot. What's the check?")
    assert "Wizard has" not in reply.consume()  # a spell's level is no wizard's; no table is asked


def test_an_ask_about_someone_quotes_no_monster_only_the_story_names(srd_only):
    """ "Does he die?" asks of the fighter, not of the lich whose stat block lists the spell."""
    reply = srd_only.reply("The lich cast power word kill on our fighter who has 95 hp. Does he die?")
    reply.consume()
    assert reply.sources[0].name == "Power Word Kill"


def test_a_short_ask_that_leans_back_takes_the_monster_ability_named_before_it(srd_only):
    """The ability the story names is what the thin question asks about; the story's other
    words are no stat question (the ogre's grapple asks nothing of its saving throws)."""
    reply = srd_only.reply("A gelatinous cube tries to engulf my fighter. What kind of save is it?")
    assert reply.mode == "fact" and "DC 12 Dexterity saving throw" in reply.consume()
    reply = srd_only.reply("The ogre grapples me. What save is it?")
    assert reply.mode != "fact" and "saving throw proficien" not in reply.consume()


@pytest.mark.skipif(
    not (REALQA / "questions.jsonl").is_file(), reason="the shared real questions are absent (a user's clone)"
)
def test_real_questions_are_never_answered_wrong(srd_only):
    """The answers' own part (the quote, a verdict, a fact, a calculation): no wrong verdict, no
    not-in-SRD question answered as if the SRD held it (`benchmarks/real_questions.py` gives the
    figures with the model's summary)."""
    items = [json.loads(line) for line in (REALQA / "questions.jsonl").read_text().splitlines() if line]
    outcomes, wrong = Counter(), []
    for item in items:
        reply = srd_only.reply(asked(item))
        answer = {"answer": reply.consume(), "mode": reply.mode, "sources": []}
        outcome = score(item, answer)
        outcomes[item["kind"] == "not-in-srd", outcome] += 1
        wrong += [asked(item)[:80]] if outcome == "wrong" else []
    assert not wrong
    not_in_srd = sum(n for (lacking, _), n in outcomes.items() if lacking)
    assert outcomes[True, "abstained"] >= 0.9 * not_in_srd


def test_a_long_question_quotes_each_sentence_once_and_no_heading(srd_only):
    """Three Wild Shape entries share their sentences, and a feature's passage opens with its
    label: neither may crowd out the sentence that answers. "she changes back" names no
    Shapechange (a pronoun is never half of a misspelt name)."""
    wild = srd_only.reply(
        "Wild Shape: my druid turned into a wolf and got hit down to 0 hit points by the ogre. "
        "What happens to the extra damage when she changes back?"
    ).consume()
    assert "any excess damage carries over to your normal form" in wild
    assert "Shapechange" not in wild
    quoted = [s for line in wild.split("\n") for s in line.split(": \u201c", 1)[-1].split(". ")]
    assert len(quoted) == len(set(quoted))
    smite = srd_only.reply(
        "Divine Smite on a crit: my paladin rolled a natural 20 with his longsword and wants to "
        "smite. Are the smite dice doubled too?"
    ).consume()
    assert "Paladin feature (level" not in smite and "roll those dice twice" in smite


def test_no_summary_where_the_asker_tells_a_situation(book, srd_index, tmp_path):
    """A summary is held to the quote, not to whether the quoted rule fits the asker's story; so
    a question that tells one gets the quote alone, and the model is not asked."""
    from conftest import FakeEngine, settings_in

    from dm_companion.assistant.rules_qa import RulesAssistant

    engine = FakeEngine(
        settings_in(tmp_path), words=["To make the opportunity attack, you use your reaction."]
    )
    rules = RulesAssistant(engine, book, srd_index)
    text = rules.reply(
        "The bandits ambushed us and my rogue was surprised. In the first round one walks right "
        "past her. Can she use her reaction to make an opportunity attack?"
    ).consume()
    assert "opportunity attack" in text and "In short" not in text and engine.asked == []
    rules.reply("Can you make an opportunity attack with your reaction?").consume()
    assert engine.asked  # a question alone is still summarized


def test_a_summary_that_only_echoes_the_question_is_not_shown(book, srd_index, tmp_path):
    """The question is in the model's prompt but is no support: a sentence restating the
    asker's own words would otherwise pass the check as if it were quoted."""
    from conftest import FakeEngine, settings_in

    from dm_companion.assistant.rules_qa import RulesAssistant

    echo = "A creature that is grappled gets to make opportunity attacks when an enemy moves away."
    engine = FakeEngine(settings_in(tmp_path), words=[echo])
    rules = RulesAssistant(engine, book, srd_index)
    text = rules.reply(
        "A creature that is grappled gets to make opportunity attacks when an enemy moves away?"
    ).consume()
    assert engine.asked and echo not in text


def test_a_story_that_names_no_character_leans_on_nothing(srd_only):
    """ "my Discord group" is not what a rule is asked of: the rule is answered."""
    reply = srd_only.reply("I'm DMing for my Discord group. Can a rogue sneak attack with a shortbow?")
    assert reply.mode == "passage" and "Sneak Attack" in reply.consume()
