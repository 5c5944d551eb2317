"""A DM's sentence read before any model sees it, so it is never read backwards (own words)."""

import pytest

from dm_companion.combat.state import Combatant, Encounter
from dm_companion.combat.translate import schema_for
from dm_companion.errors import DMCError

NAMES = ("Mira", "Tor", "Wiz", "Kobold 1", "Kobold 2", "Kobold 3", "Wight")


@pytest.fixture
def encounter():
    return Encounter(
        combatants=[Combatant(name=n, max_hp=30, hp=30, ac=12, pc=n in NAMES[:3]) for n in NAMES]
    )


def settled(sentence, encounter):
    properties = schema_for(sentence, encounter)["properties"]
    return {key: value["enum"] for key, value in properties.items()}


@pytest.mark.parametrize(
    "sentence",
    [
        "kobold 3 misses Wiz",
        "Mira's arrow goes wide",
        "Tor fails to grapple the wight",
        "the wight tries to grab Tor but he dodges",
        "Mira makes her save against the web",
        "the charm on Mira, it seems",  # only the condition's name: starts or ends?
        "Mira isn't frightened",  # denied, not ended: nothing starts
        "kobold 2 loses its nerve and flees",  # morale, not the Frightened condition
        "nat 1, Mira's arrow hits the wall",  # a die's face, not damage
        "Kobold 2 is deafened by thunderwave and takes 9 thunder",  # two changes: one line each
        "Tor is at 30 hp",  # a total, and all Tor had: no loss
        "Kobold 2 and kobold 3 both fail and take 7 each",  # two creatures: one line each
        "Mira's AC goes up to 16 with the shield",
        "the wight hits Tor twice, 7 and 8",  # two amounts: which one?
        "Mira's concentration check is 12, she keeps bless",  # a roll, not damage
        "Tor is stunned and prone",  # two conditions: one line each
        "Tor falls 40 feet",  # feet are not damage
        "the ogre's AC is 11",
        "Mira keeps up hold person",  # the caster: who is held is unsaid
        "Tor casts cure wounds? no, Mira does: 6 on Wiz",  # the correction says who, not what
        "the kobold takes 4",  # three kobolds: which one?
        "Wiz drops a fireball on the kobolds, 20",  # three kobolds: one line each
        "Wiz shrugs off 3 damage thanks to the ward",  # harm not taken, and no condition ended
    ],
)
def test_a_line_that_changes_nothing_or_says_too_little_proposes_nothing(sentence, encounter):
    from dm_companion.combat.translate import translate

    with pytest.raises(DMCError):
        translate(sentence, encounter, engine=None)


@pytest.mark.parametrize(
    "sentence, op, condition",
    [
        ("Tor wriggles out of the hold", "condition_remove", "grappled"),
        ("the fear passes and Mira steadies herself", "condition_remove", "frightened"),
        ("goblin breaks free of the web", "condition_remove", "restrained"),
        ("Mira shakes off the charm", "condition_remove", "charmed"),
        ("Wiz is poisoned", "condition_add", "poisoned"),
        ("Kobold 2 knocks Tor down", "condition_add", "prone"),
        ("the charm on Mira breaks", "condition_remove", "charmed"),
        ("Tor picks himself up off the floor", "condition_remove", "prone"),
        ("Mira isn't frightened anymore", "condition_remove", "frightened"),
        ("Wiz stops being poisoned", "condition_remove", "poisoned"),
        ("Wiz's invisibility drops when he attacks", "condition_remove", "invisible"),
        ("kobold 1 can see again", "condition_remove", "blinded"),
        ("Tor is deafened by the thunder", "condition_add", "deafened"),
        ("the wight breaks Tor's grapple", "condition_remove", "grappled"),
        ("Wiz's poison is cured", "condition_remove", "poisoned"),
        ("Tor is poisoned for 1 minute", "condition_add", "poisoned"),  # a duration, not damage
        ("kobold 2 is caught in the web", "condition_add", "restrained"),
        ("Wiz falls asleep", "condition_add", "unconscious"),
        ("kobold 2 regains its courage", "condition_remove", "frightened"),  # no hit points
        ("Tor's nerve returns", "condition_remove", "frightened"),
        ("the owlbear releases kobold 1", "condition_remove", "grappled"),
        ("Tor's poison is gone", "condition_remove", "poisoned"),
        ("Tor cuts Mira out of the net", "condition_remove", "restrained"),
        ("the wight is poisoned no more", "condition_remove", "poisoned"),
        ("Mira casts hold person on kobold 2", "condition_add", "paralyzed"),
        ("Tor regains consciousness", "condition_remove", "unconscious"),  # no hit points
        ("Wiz loses consciousness", "condition_add", "unconscious"),
        ("the deafness on kobold 1 wears off", "condition_remove", "deafened"),
        ("kobold 2 recovers from being stunned", "condition_remove", "stunned"),  # no hit points
        ("the wight seizes Mira (grappled, escape DC 14)", "condition_add", "grappled"),  # what it takes
        ("kobold 1 blinks, its sight returning", "condition_remove", "blinded"),
    ],
)
def test_a_condition_ending_is_never_read_as_starting(sentence, op, condition, encounter):
    read = settled(sentence, encounter)
    assert read["op"] == [op] and read["condition"] == [condition]


@pytest.mark.parametrize(
    "sentence, target, amounts",
    [
        ("the third kobold hits Tor for 3 piercing", ["Tor"], [3]),
        ("the last kobold eats a sling stone from Mira for 2", ["Kobold 3"], [2]),
        ("kobold #2 takes 5 from Tor's handaxe", ["Kobold 2"], [5]),
        ("9 cold to Tor from the wight's blade", ["Tor"], [9]),
        ("Tor falls 30 feet into the pit and takes 11 bludgeoning", ["Tor"], [11]),
        ("Wiz fails a DC 13 dex save and takes 9 fire", ["Wiz"], [9]),
        ("the wight rolls 22 vs Tor's AC 18... hits for 10", ["Tor"], [10]),
        ("Mira makes her save vs the wight, takes half: 4", ["Mira"], [4]),
        ("Wight: claws hit Tor (8), bite misses", ["Tor"], [8]),
        ("wight: 21 hp left after Tor's hit of 9", ["Wight"], [9]),
        ("Mira drops to 0 after the wight hits her for 14", ["Mira"], [14]),
        ("wight slams Mira: 2d8+4 = 13", ["Mira"], [13]),  # the formula, then its total
        ("wight hits Mira, 8 dmg, she's at 22", ["Mira"], [8]),  # a total left, not a second amount
        ("kobold three takes 6", ["Kobold 3"], [6]),
        ("Tor hits kobold 1, 2 + 5 = 7", ["Kobold 1"], [7]),  # the sum, not its parts
        ("kob 2 takes 4", ["Kobold 2"], [4]),  # a kind cut short
        ("Mira's firebolt on the wight, 1d10 -> 7", ["Wight"], [7]),  # a roll's result, not a total
        ("the wight claws Tor for 16, he resists it: 8", ["Tor"], [8]),  # what the resistance made
        ("kobold 1 bites Wiz, 5, doubled to 10 (vulnerable)", ["Wiz"], [10]),
    ],
)
def test_the_target_is_not_the_source_and_the_amount_is_no_other_number(sentence, target, amounts, encounter):
    from dm_companion.combat.sentence_reading import with_numbers_named

    read = settled(with_numbers_named(sentence, encounter), encounter)
    assert read["target"] == target and read["amount"] == amounts


@pytest.mark.parametrize(
    "sentence, nothing",
    [
        ("Wight: claws hit Tor (8), bite misses", False),
        ("Mira makes her save vs the wight, takes half: 4", False),
        ("kobold 3 rolls a 4 to hit Tor, miss", True),
        ("Tor saves vs the wight, no damage", True),
        ("Wiz's hold person fails, the wight shrugs it off", True),  # the spell failed: nothing held
        ("the spell fizzles", True),
        ("the wight's save fails and it is paralyzed", False),  # a failed save is the condition's
        ("the wight's Dexterity save fails and it is restrained", False),
        ("kobold 1 fails its save and is poisoned", False),
    ],
)
def test_a_miss_or_a_save_beside_an_amount_dealt_still_changes_something(sentence, nothing):
    from dm_companion.combat.sentence_reading import changes_nothing

    assert changes_nothing(sentence) is nothing


@pytest.mark.parametrize(
    "sentence, op, amount",
    [
        ("tor -9", "damage", [9]),
        ("mira +5", "heal", [5]),
        ("Wiz: +4 hp (goodberry)", "heal", [4]),
        ("Tor lays on hands: 7 to Mira", "heal", [7]),
        ("Wiz spends two hit dice, 9", "heal", [9]),
        ("kobold 2 gains 4 thp", "temp_hp", [4]),
        ("Wiz gets back 3 hp", "heal", [3]),
        ("Tor recovers 5 hp", "heal", [5]),
        ("Wiz's temporary hit points absorb 6 damage", "damage", [6]),  # spent, not gained
    ],
)
def test_chat_shorthand_signs_say_harm_or_healing(sentence, op, amount, encounter):
    read = settled(sentence, encounter)
    assert read["op"] == [op] and read["amount"] == amount


@pytest.mark.parametrize(
    "sentence, held, freed",
    [
        ("Wiz can move again", {"paralyzed": None}, ["paralyzed"]),
        ("Wiz can act again", {"stunned": 1, "poisoned": None}, ["stunned"]),
        ("Wiz is free", {"grappled": None}, ["grappled"]),
        ("Wiz squirms free of the wight", {"grappled": None}, ["grappled"]),  # the wight held him
        ("Wiz breaks free", {"restrained": None}, ["restrained"]),
    ],
)
def test_freed_from_the_one_condition_that_held_it(sentence, held, freed, encounter):
    encounter.find("Wiz").conditions.update(held)
    read = settled(sentence, encounter)
    assert read["op"] == ["condition_remove"] and read["condition"] == freed and read["target"] == ["Wiz"]


def test_temporary_hit_points_lost_and_more_is_no_amount(encounter):
    """The damage is what the temporary hit points were and 3 more: 3 alone would be wrong."""
    with pytest.raises(DMCError, match="temporary hit points"):
        settled("Wiz loses his temp hp and 3 more", encounter)


@pytest.mark.parametrize("held", [{}, {"poisoned": None}, {"grappled": None, "paralyzed": None}])
def test_freed_from_nothing_or_from_two_things_proposes_nothing(held, encounter):
    encounter.find("Wiz").conditions.update(held)
    with pytest.raises(DMCError):
        settled("Wiz can move again", encounter)


@pytest.mark.parametrize(
    "sentence, amounts",
    [
        ("Wiz goes down, 0 hp", [30]),  # all he had (the encounter's creatures have 30)
        ("the wight is down to 12", [18]),
        ("Tor: 21 hp left", [9]),
        ("Tor is at 12 hp", [18]),
        ("wight hp 30 -> 19", [11]),
        ("Tor \u2192 25", [5]),
        ("Mira 14/30", [16]),  # what she has of her maximum
        ("Kobold 2's at 20 now", [10]),
        ("the wight's hit points are now 7", [23]),
        ("kobold 1 has 12 hp", [18]),
        ("the wight's hp: 12", [18]),
        ("the wight to 12 hp", [18]),
        ("kobold 1: 12 hp", [18]),  # a readout of what it has
        ("the poisoned wight takes 6 from Tor", [6]),  # a description, not a condition starting
    ],
)
def test_a_total_left_is_the_loss_from_what_the_tracker_knows(sentence, amounts, encounter):
    read = settled(sentence, encounter)
    assert read["op"] == ["damage"] and read["amount"] == amounts


def test_a_save_that_ends_a_condition_ends_it(encounter):
    """A save made changes nothing, unless the line says what it ends."""
    read = settled("the wight makes its save and is no longer paralyzed", encounter)
    assert read["op"] == ["condition_remove"] and read["condition"] == ["paralyzed"]


def test_a_count_of_beams_is_no_amount(encounter):
    from dm_companion.combat.sentence_reading import with_numbers_named

    line = with_numbers_named("Mira's eldritch blast, 2 beams, 14 force total to the wight", encounter)
    read = settled(line, encounter)
    assert read["amount"] == [14] and read["target"] == ["Wight"]


def test_the_one_doing_it_is_not_the_one_it_happens_to(encounter):
    """ "X is grappling Y": Y is grappled; "X drops Y to 0": Y loses what it had."""
    assert settled("the wight is grappling Mira", encounter)["target"] == ["Mira"]
    freed = settled("the wight is no longer grappling Mira", encounter)
    assert freed["target"] == ["Mira"] and freed["op"] == ["condition_remove"]
    dropped = settled("Tor drops kobold 3 to 0", encounter)
    assert dropped["target"] == ["Kobold 3"] and dropped["amount"] == [30]


def test_a_miss_beside_a_hit_is_no_part_of_it(encounter):
    """The missing creature is no target; a clause naming no creature is kept with its line."""
    from dm_companion.combat.sentence_reading import without_misses

    names = [c.name for c in encounter.combatants]
    assert without_misses("kobold 1 misses, kobold 2 hits Tor for 3", names) == "kobold 2 hits Tor for 3"
    kept = "Mira makes her save vs the wight, takes half: 4"
    assert without_misses(kept, names) == kept


def test_a_total_above_what_the_creature_has_is_healing(encounter):
    """ "Back at 25" from 10 is 15 healed; a total that goes the other way from the line's own
    words ("takes a hit, she's at 25" while at 10) is unclear, never a guess."""
    encounter.find("Mira").hp = 10
    for sentence in ("Mira back at 25", "cure wounds brings Mira to 25 hp"):
        read = settled(sentence, encounter)
        assert read["op"] == ["heal"] and read["amount"] == [15], sentence
    with pytest.raises(DMCError):
        settled("Mira takes a hit, she's at 25", encounter)
    with pytest.raises(DMCError):
        settled("Tor heals to 20 hp", encounter)  # Tor has 30: lower is no healing


def test_a_dodge_told_as_a_purpose_is_no_miss(encounter):
    """ "drops prone to dodge the arrows" does drop prone; "dodges the spear" changes nothing."""
    from dm_companion.combat.sentence_reading import changes_nothing

    assert not changes_nothing("Tor drops prone to dodge the arrows")
    assert changes_nothing("Mira dodges the spear") and changes_nothing("Mira manages to dodge it")


def test_whose_wounds_close_is_who_is_healed(encounter):
    read = settled("Mira whispers a prayer and Tor's wounds close (cure wounds, 9)", encounter)
    assert read["op"] == ["heal"] and read["target"] == ["Tor"] and read["amount"] == [9]


@pytest.mark.parametrize(
    "sentence, op, target",
    [
        ("Tor's cuts knit shut, 6 hp", "heal", "Tor"),  # closing wounds heal, without a spell named
        ("Mira drops the wight's HP by 9", "damage", "Wight"),  # whose hit points they are
    ],
)
def test_whose_hit_points_or_wounds_a_line_tells_of(sentence, op, target, encounter):
    read = settled(sentence, encounter)
    assert read["op"] == [op] and read["target"] == [target]


@pytest.mark.parametrize(
    "sentence, op, condition",
    [
        ("Tor breaks the owlbear's grip", "condition_remove", "grappled"),
        ("kobold 3 knocks Wiz flat", "condition_add", "prone"),
    ],
)
def test_more_words_for_a_hold_ending_and_a_fall(sentence, op, condition, encounter):
    read = settled(sentence, encounter)
    assert read["op"] == [op] and read["condition"] == [condition]


def test_what_a_resistance_leaves_is_dealt(encounter):
    """ "resists" alone changes nothing; with what is left after it, that is the damage."""
    read = settled("Tor's axe bites into the wight, 12 slashing, but it resists: 6", encounter)
    assert read["op"] == ["damage"] and read["target"] == ["Wight"] and read["amount"] == [6]


def test_twisting_free_frees_from_the_one_hold(encounter):
    encounter.find("Mira").conditions.update({"grappled": None})
    read = settled("Mira twists free", encounter)
    assert read["op"] == ["condition_remove"] and read["condition"] == ["grappled"]


def test_a_roll_to_stabilize_is_a_death_save(encounter):
    read = settled("Mira rolls to stabilize: 11", encounter)
    assert read["op"] == ["death_save"] and read["amount"] == [11]


def test_the_creature_a_condition_is_on_is_the_one_freed(encounter):
    read = settled("the grapple on kobold 2 ends when Tor lets go", encounter)
    assert read["op"] == ["condition_remove"] and read["target"] == ["Kobold 2"]


def test_unconscious_at_0_hp_is_the_damage_alone(encounter):
    """The tracker makes a creature at 0 hit points unconscious itself: no second change to ask."""
    read = settled("Mira is unconscious at 0 hp", encounter)
    assert read["op"] == ["damage"] and read["amount"] == [30]


@pytest.mark.parametrize(
    "sentence, op, amount, condition",
    [
        ("Mira's hearing comes back", "condition_remove", 0, "deafened"),
        ("the wight tears through the webbing", "condition_remove", 0, "restrained"),  # not caught in it
        ("mira quaffs a healing potion, rolls 7", "heal", 7, "none"),  # a healing roll is what it heals
    ],
)
def test_endings_and_a_healing_roll(sentence, op, amount, condition, encounter):
    read = settled(sentence, encounter)
    assert read["op"] == [op] and read["amount"] == [amount] and read["condition"] == [condition]


@pytest.mark.parametrize(
    "sentence, op, target, amount, condition",
    [
        ("the wight drains 6 from Tor", "damage", "Tor", 6, "none"),  # who loses it, not the source
        ("kobold 1 takes half of 13", "damage", "Kobold 1", 6, "none"),  # halved, rounded down
        ("Kobold 1: 9, halved", "damage", "Kobold 1", 4, "none"),
        ("the wight seizes Mira by the collar", "condition_add", "Mira", 0, "grappled"),
        ("!i hp Tor +7", "heal", "Tor", 7, "none"),  # the chat bot's sign says which way
        ("!i hp Tor -7", "damage", "Tor", 7, "none"),
        ("Kobold 2's hp goes from 30 to 21", "damage", "Kobold 2", 9, "none"),  # from what the tracker has
        ("kobold 1 gets a 6 on its save and is paralyzed", "condition_add", "Kobold 1", 0, "paralyzed"),
        ("Mira takes 1d8 necrotic (rolled 5)", "damage", "Mira", 5, "none"),  # the damage roll's total
        ("the wight is pinned beneath the net", "condition_add", "Wight", 0, "restrained"),
        ("kobold 2 cowers, afraid of Tor", "condition_add", "Kobold 2", 0, "frightened"),
        ("Wiz is no longer afraid", "condition_remove", "Wiz", 0, "frightened"),  # "afraid" alone
        ("Tor slips out of the wight's grasp", "condition_remove", "Tor", 0, "grappled"),
        ("Wiz's shocking grasp: 7 lightning to kobold 1", "damage", "Kobold 1", 7, "none"),  # a spell's name
        ("the charm on Wiz breaks when Tor hits him", "condition_remove", "Wiz", 0, "charmed"),
        ("Mira spends 2 hit dice and regains 11", "heal", "Mira", 11, "none"),  # a count, not healing
        ("the wight breaks Tor's shield when it hits him for 7", "damage", "Tor", 7, "none"),
        ("Kobold 2 stumbles into the web", "condition_add", "Kobold 2", 0, "restrained"),
        ("Wiz is at half health, 14 hp", "damage", "Wiz", 16, "none"),  # no healing; 14 is what is left
        ("Tor's temp hp: 8", "temp_hp", "Tor", 8, "none"),  # temporary hit points given, no total left
        ("the wight knocks Mira on her back", "condition_add", "Mira", 0, "prone"),
        ("kobold 3 flees in terror", "condition_add", "Kobold 3", 0, "frightened"),
        ("Wiz shoves the wight and it topples over", "condition_add", "Wight", 0, "prone"),
        ("Kobold 1 tumbles over the edge and takes 6", "damage", "Kobold 1", 6, "none"),  # a fall, not prone
        ("Wiz's sleep puts Kobold 2 to sleep", "condition_add", "Kobold 2", 0, "unconscious"),
        ("kobold 1 takes a nap", "condition_add", "Kobold 1", 0, "unconscious"),
        ("Mira shakes Kobold 1 awake", "condition_remove", "Kobold 1", 0, "unconscious"),
        ("Mira patches Tor up for 6", "heal", "Tor", 6, "none"),  # healing, never damage
        ("kobold 2 loses its grip on Wiz", "condition_remove", "Wiz", 0, "grappled"),
        ("Kobold 1 is tangled up in the net", "condition_add", "Kobold 1", 0, "restrained"),
        ("Kobold 1 disentangles himself", "condition_remove", "Kobold 1", 0, "restrained"),  # never added
        ("Kobold 1 cuts himself loose from the net", "condition_remove", "Kobold 1", 0, "restrained"),
        ("Tor fights the wight and takes 5", "damage", "Tor", 5, "none"),  # who fights is who takes
        ("Tor hits the wight and it takes 5", "damage", "Wight", 5, "none"),
        ("Wiz makes the wight fall asleep", "condition_add", "Wight", 0, "unconscious"),  # made to
        ("the wight wakes up when Tor hits it", "condition_remove", "Wight", 0, "unconscious"),  # not Tor
        ("the wight's gaze leaves Tor frozen in fear", "condition_add", "Tor", 0, "frightened"),
        ("kobold 1 gets knocked on its rear", "condition_add", "Kobold 1", 0, "prone"),
        ("kobold 2 tears out of the web", "condition_remove", "Kobold 2", 0, "restrained"),
        ("Mira drops a cure wounds on Wiz, +8", "heal", "Wiz", 8, "none"),  # a thing put on the second
        ("Tor takes a swing at the wight, 7", "damage", "Wight", 7, "none"),
        ("Tor takes 9 on the way to the wight", "damage", "Tor", 9, "none"),  # no thing put on it
        ("kobold 2 gets netted by Tor", "condition_add", "Kobold 2", 0, "restrained"),
        ("Mira rolls 11 to stabilise", "death_save", "Mira", 11, "none"),
    ],
)
def test_drains_halves_signs_totals_rolls_and_fears(sentence, op, target, amount, condition, encounter):
    read = settled(sentence, encounter)
    assert read["op"] == [op] and read["target"] == [target]
    assert read["amount"] == [amount] and read["condition"] == [condition]
