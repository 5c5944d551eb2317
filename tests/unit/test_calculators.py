"""Table-side arithmetic answered exactly, result first, with the rule applied as the source."""

import pytest

from dm_companion.assistant.calculators import asked_for, calculate
from dm_companion.srd.scores import proficiency_for
from dm_companion.srd.tables import XP_BY_CR


@pytest.mark.parametrize(
    "question, opening, source",
    [
        (
            "a wizard concentrating takes 30 damage: what DC is the Constitution save?",
            "DC 15.",
            "concentration",
        ),
        ("A cleric concentrating on bless takes 7 damage: what DC?", "DC 10.", "concentration"),
        (
            "my sorcerer got hit for 23 while holding concentration, what's the con save dc",
            "DC 11.",
            "concentration",
        ),
        ("I'm concentrating on fly and a dragon hits her for 30. What's the DC?", "DC 15.", "concentration"),
        ("what is the modifier for a score of 17?", "+3.", "ability-scores-and-modifiers"),
        ("whats the mod for 8 strength", "-1.", "ability-scores-and-modifiers"),
        ("score of 1, modifier?", "-5.", "ability-scores-and-modifiers"),
        ("how much can STR 15 carry?", "225 lb.", "lifting-and-carrying"),
        ("how much can a Large creature with strength 20 carry", "600 lb.", "lifting-and-carrying"),
        ("how much can a STR 18 character push or drag", "540 lb.", "lifting-and-carrying"),
        ("how far can I long jump with 16 strength", "16 feet.", "jumping"),
        ("standing long jump with strength 13?", "6 feet.", "jumping"),
        ("how high can I jump with str 14", "5 feet.", "jumping"),
        ("how high can a STR 6 halfling jump", "1 foot.", "jumping"),
        ("how much damage from falling 60 feet", "6d6 bludgeoning damage.", "falling"),
        ("we fell 500 ft, damage?", "20d6 bludgeoning damage.", "falling"),
        ("goblin behind half cover, AC 15: effective AC?", "AC 17.", "cover"),
        ("what does three-quarters cover give", "+5.", "cover"),
        (
            "can I target someone with total cover with a fireball bolt",
            "It can't be targeted directly.",
            "cover",
        ),
        ("spell save DC for a level 5 wizard with 18 intelligence", "DC 15.", "spell-saving-throws"),
        ("save DC of my spells: proficiency +2, CHA 16", "DC 13.", "spell-saving-throws"),
        ("spell attack bonus of a 9th level cleric with wisdom 20", "+9.", "spell-attack-rolls"),
        ("what's the proficiency bonus of a CR 7 monster", "+3.", "proficiency-bonus"),
        ("proficiency bonus for challenge rating 1/2", "+2.", "proficiency-bonus"),
        ("how much xp is a cr 5 monster worth", "1,800 XP.", "monster/"),
        ("xp for 3 cr 1 and 2 cr 2 monsters", "1,500 XP in all", "monster/"),
        ("total XP for 4 goblins (CR 1/4)", "200 XP in all", "monster/"),
        ("how many death save successes to become stable?", "Three.", "death-saving-throws"),
        ("I rolled a 1 on a death saving throw, what happens", "Two failures.", "death-saving-throws"),
        ("she rolled a 12 on her death save", "A success.", "death-saving-throws"),
        (
            "a PC with max hp 20 at 5 hp takes 30 damage: do they die?",
            "Yes, it dies outright.",
            "instant-death",
        ),
        ("max hp 40, at 10 hp, takes 35 damage, instant death?", "No, not outright.", "instant-death"),
        ("passive perception with wisdom 14 and proficiency +2", "14.", "passive-checks"),
        ("passive perception with a +3 modifier and advantage", "18.", "passive-checks"),
        ("how long can a character with con 14 hold their breath", "3 minutes.", "suffocating"),
        ("how long can someone with CON 8 hold breath", "30 seconds", "suffocating"),
        ("how long can I hold my breath with +2 con", "3 minutes.", "suffocating"),  # a modifier, no score 2
        ("hold breath, con +3", "4 minutes.", "suffocating"),
        ("how far do we travel in 6 hours at a fast pace", "24 miles.", "travel-pace"),
        ("how many miles per day at a slow pace", "18 miles.", "travel-pace"),
        ("crit with a greataxe 1d12+3, what do I roll", "2d12+3.", "critical-hits"),
        ("natural 20 with a +1 dagger: is it 2d4+1 or 2d4+2?", "2d4+1.", "critical-hits"),  # its own die
        ("DC 14 con save, paralyzed if it fails by 5 or more: at what total?", "9.", "saving-throws"),
        ("a DC 12 check that I beat by 5 or more, what total is that", "17.", "ability-checks"),
        ("How many hit points does a level 1 fighter with 14 con have?", "12 hit points.", "fighter"),
        ("hp of a 5th level hill dwarf wizard with +2 con", "37 hit points.", "wizard"),  # +1 a level
        ("How many spells can a 5th level wizard prepare with 18 Intelligence?", "9.", "preparing"),
        ("my level 7 paladin has 16 cha, how many spells can he prepare?", "6.", "preparing"),  # half
        ("level 1 druid, wisdom 8: how many prepared spells?", "1.", "preparing"),  # minimum one
        ("Our monk has 14 Dex and 16 Wis at level 4. What's her AC?", "AC 15.", "monk-unarmored"),
        ("How much damage does a critical hit with a greatsword do?", "4d6.", "critical-hits"),  # its 2d6
        ("barbarian with dex 14 and con 18 holding a shield, AC?", "AC 18.", "barbarian-unarmored"),
        ("I smite with a 2nd level slot, how many dice?", "3d8 radiant damage", "divine-smite"),
        ("a 3rd level smite against a fiend, damage?", "5d8 radiant damage", "divine-smite"),
        ("smite with a 5th-level spell slot, what dice?", "5d8 radiant damage", "divine-smite"),  # capped
        ("aura of protection with 16 charisma: what bonus on saves?", "+3 to saving throws", "aura-of-prot"),
        ("How much can a mule carry?", "420 lb.", "/"),  # its Strength 14, Large for carrying by its trait
        ("my paladin's aura of protection, cha 8, save bonus?", "+1 to saving throws", "aura-of"),  # least
    ],
)
def test_each_calculator_answers_first_and_names_its_rule(question, opening, source):
    result = calculate(question)
    assert result is not None, question
    assert result.text.startswith(opening), result.text
    assert result.sources and all(source in s for s in result.sources), result.sources
    assert asked_for(result, question)  # a long question asking this gets the result too


def test_a_smite_on_an_srd_undead_adds_its_die_and_names_the_monster():
    result = calculate("Our paladin smites with a 2nd level slot against a zombie. How many dice?")
    assert result.text.startswith("4d8 radiant damage") and "the target being an undead" in result.text
    assert result.sources == ("feature/divine-smite", "monster/zombie")


@pytest.mark.parametrize(
    "question",
    [
        "What is a saving throw?",
        "what's the AC of a lich?",
        "how does cover work?",
        "Is a creature behind another creature in half cover?",  # what gives cover, not what it gives
        "Does a restrained creature have disadvantage on Dexterity saving throws?",
        "Can a creature take more than one reaction per round?",
        "what is a dragon's breath weapon DC",
        "describe a tavern",
        "how does concentration work?",
        "what's the modifier of the goblin's scimitar?",
        "what is the bonus action of a level 2 rogue",
        "how much xp do players need for level 5",
        "at 0 hp a goblin hits me, how many death save failures is that",  # what one hit causes: quoted
        "A 5th-level wizard with +2 Dex prepares how many spells?",  # no Intelligence given
        "how many spells can a level 5 sorcerer prepare with 16 charisma",  # knows spells, prepares none
        "my monk with 18 dex and 16 wisdom wears leather armor, what is her AC?",  # not unarmored
        "A monk with 16 dex and 16 wis has a shield. What's his AC?",  # the feature's text answers
        "what's a monk's AC with 16 dex?",  # no Wisdom given
        "how does divine smite work on a crit?",  # no slot spent
        "how far does aura of protection reach?",  # no Charisma given
        "How many HP has an adult red dragon got?",  # "dragon" is no "drag"
        "does healing the druid's wild shape carry over to her normal form?",  # no capacity asked
    ],
)
def test_questions_without_the_numbers_are_left_to_the_rest(question):
    assert calculate(question) is None


def test_proficiency_is_one_rule_for_levels_and_challenge_ratings():
    assert [proficiency_for(level) for level in (1, 4, 5, 8, 9, 13, 17, 20)] == [2, 2, 3, 3, 4, 5, 6, 6]
    assert [proficiency_for(cr) for cr in (0, 0.25, 4, 5, 12, 21, 29, 30)] == [2, 2, 2, 3, 4, 7, 9, 9]


def test_the_xp_table_agrees_with_the_srd_monsters_that_state_it(book):
    """Each challenge rating's XP is what some SRD monster of that rating is worth (a few SRD
    records carry stray values; the table is the SRD's own)."""
    from collections import defaultdict

    stated = defaultdict(set)
    for monster in book.monsters.values():
        stated[monster.challenge_rating].add(monster.data.get("xp"))
    assert stated
    for cr, values in stated.items():
        assert XP_BY_CR[cr] in values, (cr, values)
