"""Stat questions answered from records: the right number, never the model's."""

import pytest

from dm_companion.assistant.facts import answer_fact
from dm_companion.assistant.summary_check import grounded, unsupported_numbers


def fact(book, question):
    return answer_fact(question, book.mentions(question))


@pytest.mark.parametrize(
    "question, expected",
    [
        ("What's the AC of a lich?", "Armor Class 17"),
        ("lich hp", "135 hit points"),
        ("how tough is a goblin", "challenge 1/4"),
        ("how fast can an adult red dragon fly", "fly speed of 80 ft."),
        ("what is a stone golem immune to", "adamantine"),
        ("what are skeletons vulnerable to?", "bludgeoning"),
        ("does hold person need concentration?", "Yes, Hold Person requires concentration"),
        ("is fireball concentration", "No, Fireball does not require concentration"),
        ("spiritual weapon casting time", "1 bonus action"),
        ("web saving throw", "Dexterity saving throw"),
        ("wizard hit die", "d6"),
        ("how many 3rd level slots does a level 7 cleric have", "has 3 3rd-level spell slots"),
        ("at what level does a rogue get evasion", "Rogue feature gained at level 7"),
        ("what does a barbarian get at level 5", "Extra Attack"),
        ("proficiency bonus at level 9", "+4"),
        ("how fast is a dwarf", "25 feet"),
        ("half-orc ability bonuses", "Strength +2"),
        ("how hard is an ettin to hit", "Armor Class 12"),
        ("are tieflings resistant to fire", "Hellish Resistance: You have resistance to fire damage."),
        ("dwarf poison resistance?", "Dwarven Resilience"),
        ("does an elf have darkvision", "Yes"),
        ("what does the poisoned condition do", "disadvantage on attack rolls"),
        ("how much does chain mail weigh", "55 lb"),
        ("what's the normal and long range of a longbow", "range of 150/600 feet (150 normal, 600 long)"),
        ("is a longbow a martial weapon", "A Longbow is a martial ranged weapon"),
        ("how much damage does a dagger do", "1d4 piercing"),  # an everyday word, said as a thing
        ("what is the range of a light crossbow", "A light crossbow is a simple ranged weapon"),  # not Light
        ("is the greataxe heavy", "(heavy, two-handed)"),
        ("is plate armor heavy", "A Plate Armor is heavy armor"),
        ("how much AC does a shield give", "Armor Class +2"),  # a bonus, not an AC of 2
        ("what happens at 4 levels of exhaustion", "Exhaustion level 4: hit point maximum halved"),
        ("what does level 2 exhaustion do", "speed halved, and the lower levels' effects too"),
        ("how many minutes is invisibility good for", "up to 1 hour"),  # minutes ask a duration, not damage
        ("how many minutes to cast raise dead", "casting time of 1 hour"),
        ("does an elf have darkvision", "Yes"),  # a name that is also a game word stays a cue
        ("magic missile damage per dart", "A dart deals 1d4 + 1 force damage"),  # a part, not the whole spell
        ("how much does each ray of scorching ray do", "the target takes 2d6 fire damage"),
        (
            "can a halfling's lucky trait reroll a damage die",
            "Lucky (racial trait of Halfling): When you roll a 1",
        ),
        ("can a wizard use a longsword", "Wizard is proficient with"),  # gear named: the proficiencies
        ("fireball damage if I upcast it with a 5th level slot", "10d6 fire damage with a 5th-level slot"),
        ("what does cure wounds heal at 3rd level", "3d8 + your spellcasting modifier"),
        ("fire bolt damage for a 5th level wizard", "2d10 fire damage for a level 5 caster"),  # not the class
        ("eldritch blast damage at level 5", "1d10 force damage."),  # the same at every level: its beams grow
        (
            "if the goblin is blinded, do I get advantage on attacks against it?",
            "against the creature have adv",
        ),
        ("how many attacks does an 11th level fighter get", "increases to three when you reach 11th level"),
        ("what does a wizard get at level 3", "no new class features at level 3"),  # asked what it gets
        ("what does lightning bolt do at 4th level", "9d6 lightning damage with a 4th-level slot"),
        ("how many legendary actions does an adult black dragon get", "can take 3 legendary actions a round"),
        ("how much does plate armor cost", "costs 1,500 gp"),  # as the SRD writes a price
        ("is a tiefling resistant to the fire damage of her hellish rebuke", "resistance to fire damage"),
        ("what's a lich's spell save DC?", "spell save DC is 20 and +12 to hit"),  # not its saving throws
        ("how many cantrips does a 1st level sorcerer know", "knows 4 cantrips and 2 spells"),
        # a class table's own columns at a level
        ("how many times can a barbarian rage at level 3", "a level 3 barbarian has 3 rages"),
        ("how much sneak attack damage does a 5th level rogue do", "sneak attack of 3d6"),
        ("what CR can a 4th level druid wild shape into", "challenge rating up to 1/2"),
        ("how fast is a 6th level monk", "+15 feet of unarmored movement"),
        # ... and where only the feature is named, its class's table
        ("How much damage does Sneak Attack do at 7th level?", "a level 7 rogue has a sneak attack of 4d6"),
        ("can a druid wild shape into a flyer at level 4?", "with no flying speed until level 8"),
        # a spell's price is its material component's, not its damage
        ("How much does the diamond for Revivify cost?", "diamonds worth 300gp"),
        ("How much does a vial of antitoxin cost?", "antitoxin (vial) costs 50 gp"),  # not the empty vial
        (
            "adult red dragon tail attack damage",
            "tail: melee weapon attack: +14 to hit",
        ),  # the attack it makes
        (  # the trait that gives the spell named, not the race's list
            "can a tiefling cast hellish rebuke from their racial trait twice a day",
            "infernal legacy (racial trait of tiefling): you know the thaumaturgy cantrip",
        ),
    ],
)
def test_stat_answers(book, question, expected):
    found = fact(book, question)
    assert found is not None and expected.lower() in found.text.lower()


@pytest.mark.parametrize(
    "question",
    [
        "how does cover work",
        "who is the king of France",
        "hello",
        "what does the shield spell give to AC",  # the armor called Shield must not answer
        "can a silenced cleric still cast spiritual weapon",
        "what happens when a druid drops to 0 hit points",  # asks how a rule plays, not a stat
        "how much damage does the orc take from the fall",  # damage dealt to it, not its hit points
        "can a sorcerer use twinned spell on haste",  # no gear named: the proficiencies say nothing of it
        "can a wizard copy a spell into his spellbook, and how much does copying cost",  # no book price
        "can my half-orc see colours in the dark with darkvision?",  # a yes about having it is no answer
        "do attacks from an invisible stalker have disadvantage if I take the Dodge action?",
        "how many spells can a 3rd level wizard prepare",  # "no new class features" is no answer to it
        "if my sorcerer is at 0 hit points and gets healed for 1, does she wake up?",  # not its hit die
        "if an ogre is grappling my halfling, can she still attack it?",  # her attack, not its list
        "can a wizard cast a spell while wearing armor they aren't proficient with?",  # the armor rule
        "how many spells can a 3rd level cleric prepare with 16 wisdom?",  # not its features
        "what is the DC to stabilize a dying creature with a medicine check",  # the skill says no number
    ],
)  # "weapon" is in a name
def test_non_stat_questions_are_left_to_retrieval(book, question):
    assert fact(book, question) is None


def test_numbers_not_in_the_source_are_caught():
    source = "A target has half cover if an obstacle blocks at least half of its body: +2 to AC."
    assert unsupported_numbers("Half cover gives +2 to AC.", source) == set()
    assert unsupported_numbers("Half cover gives +5 to AC and 3d6 damage.", source) == {"5", "3d6"}
    assert unsupported_numbers("It takes two turns.", "It takes 2 turns.") == set()


def test_grounded_sentences_keep_to_the_source_words():
    source = "When you want to grab a creature, you can use the Attack action to make a grapple."
    assert grounded("You use the Attack action to grapple a creature.", source)
    assert not grounded("Grappling is a spell that creates a physical challenge.", source)


@pytest.mark.parametrize(
    "question, says",
    [
        ("Does a ghost have resistance to necrotic damage?", "Its damage immunities include necrotic."),
        ("is a skeleton immune to bludgeoning", "Its damage vulnerabilities include bludgeoning."),
        ("does a ghost have resistance to poison damage", "Its damage immunities include poison."),
    ],
)
def test_a_damage_type_asked_of_one_list_is_found_in_another(book, question, says):
    """Its resistances alone would tell a DM to deal necrotic damage in full to a ghost, which is
    immune to it."""
    fact = answer_fact(question, book.mentions(question))
    assert fact is not None and fact.entry.index in ("ghost", "skeleton")
    assert fact.text.endswith(says), fact.text


def test_a_damage_type_in_the_asked_list_is_not_repeated(book):
    fact = answer_fact("does a ghost resist fire", book.mentions("does a ghost resist fire"))
    assert "fire" in fact.text and "Its " not in fact.text


@pytest.mark.parametrize(
    "question, opening",
    [
        (
            "how many legendary resistances does an ancient red dragon have",
            "An Ancient Red Dragon's Legendary Resistance (3/Day): If the dragon fails a saving throw",
        ),  # not its legendary actions
        (
            "when does the young red dragon's fire breath recharge",
            "A Young Red Dragon's Fire Breath (Recharge 5-6):",
        ),
        ("do wolves have pack tactics", "A Wolf's Pack Tactics: The wolf has advantage"),
        (
            "giant spider climb speed",
            "A Giant Spider has a climb speed of 30 ft.",
        ),  # its name is no ability's
        ("how far can a giant spider's web attack reach", "A Giant Spider's Web (Recharge 5-6): Ranged"),
        ("does a wolf's bite knock you prone", "A Wolf's Bite: Melee Weapon Attack"),  # a short name, owned
    ],
)
def test_a_monster_ability_the_question_names_is_answered_in_its_records_words(book, question, opening):
    fact = answer_fact(question, book.mentions(question))
    assert fact is not None and fact.text.startswith(opening), fact


def test_spells_in_general_by_a_component_are_no_question_about_the_named_spells_components(book):
    """ "Does a spell with a verbal component work in silence?" asks how Silence plays."""
    question = "Does a spell with a verbal component work in silence?"
    assert answer_fact(question, book.mentions(question)) is None
    question = "does silence need material components"
    fact = answer_fact(question, book.mentions(question))
    assert fact is not None and fact.attribute == "components"


@pytest.mark.parametrize(
    "question",
    [
        "Does Haste give an extra bonus action?",  # not its casting time
        "Can I cast Cure Wounds on an undead creature to heal it?",  # not how much it heals
        "Does the Web spell's area count as difficult terrain?",  # not its area
        "If my sorcerer casts fireball from a wand of fireballs, does it need material components?",
    ],
)
def test_a_yes_no_question_about_a_spell_is_no_stat_question_when_the_stat_leaves_it_open(book, question):
    assert answer_fact(question, book.mentions(question)) is None


@pytest.mark.parametrize(
    "question, attribute",
    [
        ("Can you cast Fireball as a bonus action?", "casting time"),
        ("Does Bless need concentration?", "concentration"),
        ("Is Shield a reaction?", "casting time"),
    ],
)
def test_a_yes_no_question_a_spells_stat_settles_is_answered_from_it(book, question, attribute):
    fact = answer_fact(question, book.mentions(question))
    assert fact is not None and fact.attribute == attribute, fact
