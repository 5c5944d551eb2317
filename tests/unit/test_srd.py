"""The SRD layer on the real database: typed records, forgiving lookup, readable passages."""

import pytest

from dm_companion.errors import DMCError
from dm_companion.srd import names
from dm_companion.srd.render import all_passages, passage_for


def test_counts_match_the_database(book):
    assert len(book.monsters) == 334 and len(book.spells) == 319
    assert len(book.classes) == 12 and len(book.races) == 9


@pytest.mark.parametrize(
    "word, expected",
    [
        ("fireballs", "fireball"),
        ("wolves", "wolf"),
        ("liches", "lich"),
        ("zombies", "zombie"),
        ("harpies", "harpy"),
        ("boxes", "box"),
        ("darkness", "darkness"),
        ("bless", "bless"),
        ("goblins", "goblin"),
    ],
)
def test_singular(word, expected):
    assert names.singular(word) == expected


@pytest.mark.parametrize(
    "typed, kind, index",
    [
        ("owl bear", None, "owlbear"),
        ("Owlbears", None, "owlbear"),
        ("fireballs", None, "fireball"),
        ("LICH", None, "lich"),
        ("wizzard", None, "wizard"),
        ("half elf", None, "half-elf"),
        ("mage armour", None, "mage-armor"),
        ("adult red dragons", None, "adult-red-dragon"),
        ("hill dwarf", None, "hill-dwarf"),
        ("vampire", "monster", "vampire-vampire"),
    ],
)
def test_find_is_tolerant(book, typed, kind, index):
    found = book.find(typed, kind)
    assert found is not None and found.index == index


def test_find_returns_none_for_things_not_in_the_srd(book):
    assert book.find("beholder", "monster") is None
    assert book.find("xq") is None


def test_require_says_what_is_missing(book):
    assert book.require("wizzard", "class").index == "wizard"
    with pytest.raises(DMCError, match="no SRD class called 'artificer'"):
        book.require("artificer", "class")


@pytest.mark.parametrize(
    "question, kind, index",
    [
        ("what's the AC of a lich?", "monster", "lich"),
        ("does hold person need concentration?", "spell", "hold-person"),
        ("how many hit points do zombies have", "monster", "zombie"),
        ("ac of the gobblin", "monster", "goblin"),
        ("druid saves", "class", "druid"),
        ("what level is the light spell", "spell", "light"),
        ("does Bigby's hand need concentration", "spell", "arcane-hand"),  # the book's name for it
        ("how big is Leomund's Tiny Hut", "spell", "tiny-hut"),
    ],
)
def test_mentions_find_the_entry(book, question, kind, index):
    found = [(m.entry.kind, m.entry.index) for m in book.mentions(question)]
    assert (kind, index) in found


def test_a_typo_is_not_a_name_word_run_into_a_small_word(book):
    """ "dragon or" is close to "dragonborn" letter for letter, but no one types it for that."""
    assert book.mentions("is fire gonna do anything to a red dragon or is it immune") == []
    assert book.mentions("what happens to the damage when she changes back") == []  # no Shapechange
    assert [m.entry.index for m in book.mentions("ac of the gobblin")] == [
        "goblin"
    ]  # a real typo still matches


def test_a_word_the_srd_itself_writes_is_no_typo(book):
    assert book.mentions("a short rest for spending hit dice") == []  # not the Sending spell
    assert [m.entry.index for m in book.mentions("how does counterspel work")] == ["counterspell"]


def test_everyday_words_are_not_mistaken_for_spells(book):
    mentioned = {m.entry.index for m in book.mentions("can I move after I attack in the light of day?")}
    assert "light" not in mentioned and "fly" not in mentioned


def test_a_phrase_of_the_srds_text_is_the_thing_it_says_not_a_spell(book):
    """ "Holy symbol" and "bright light" are phrases of the SRD's prose: no Symbol, no Light."""
    said = {
        m.entry.index
        for m in book.mentions("does a cleric need a holy symbol to cast spells in bright light")
    }
    assert "symbol" not in said and "light" not in said
    assert "symbol" in {m.entry.index for m in book.mentions("what level is the symbol spell")}
    riding = {(m.entry.kind, m.entry.index) for m in book.mentions("how much does a riding horse cost")}
    assert {
        ("monster", "riding-horse"),
        ("equipment", "horse-riding"),
    } <= riding  # the beast and the mount sold
    cast = {m.entry.index for m in book.mentions("If I cast darkness, can I see through it with darkvision?")}
    assert "darkness" in cast  # the SRD's "cast darkness" is the spell, as the DM's is


def test_typed_monster_record(book):
    lich = book.monsters["lich"]
    assert (lich.armor_class, lich.hit_points, lich.challenge_rating) == (17, 135, 21.0)
    assert lich.saving_throws == {"CON": 10, "INT": 12, "WIS": 9}
    assert "poisoned" in lich.condition_immunities
    assert lich.initiative_bonus == 3


def test_typed_class_levels(book):
    wizard = book.classes["wizard"]
    assert wizard.hit_die == 6 and wizard.spellcasting_ability == "Intelligence"
    assert wizard.spell_slots_at(5) == {1: 4, 2: 3, 3: 2}
    assert "Extra Attack" in book.classes["fighter"].features_at(5)


def test_passages_read_like_the_book(book):
    lich = passage_for(book.monsters["lich"], book)
    assert lich.id == "monster/lich" and lich.kind == "monster"
    assert "Armor Class 17 (natural). Hit Points 135 (18d8+54)." in lich.text
    dragon = passage_for(book.monsters["young-red-dragon"], book).text
    assert "Fire Breath (Recharge 5-6). The dragon exhales" in dragon  # how often, as the book prints it
    assert "Legendary Resistance (3/Day)." in passage_for(book.monsters["lich"], book).text
    spell = passage_for(book.spells["fireball"], book).text
    assert "3rd-level evocation" in spell and "Saving throw: Dexterity" in spell
    passages = all_passages(book)
    assert len(passages) > 1500
    assert not any('{"' in p.text or "'index'" in p.text for p in passages)  # never raw JSON
    kinds = {p.kind for p in passages}
    assert kinds <= {"monster", "spell", "class", "race", "condition", "rule"}


def test_a_feature_named_by_an_everyday_word_is_meant_beside_its_class(book):
    """ "Evasion" is also a plain word; beside "rogue" it is the rogue's feature."""
    assert "rogue-evasion" in {m.entry.index for m in book.mentions("Rogue Evasion: do I take half?")}
    assert not {m.entry.kind for m in book.mentions("evasion from the goblin arrows")} & {"feature"}


def test_an_everyday_word_capitalized_inside_a_sentence_is_the_name(book):
    """ "Does Heroism stop ..." means the spell; "heroism" and a question's first word do not."""
    assert "heroism" in {
        m.entry.index for m in book.mentions("Does Heroism stop someone from being frightened?")
    }
    assert "heroism" not in {m.entry.index for m in book.mentions("does heroism stop fear?")}
    assert "heroism" not in {m.entry.index for m in book.mentions("Heroism in the face of fear, how?")}


def test_a_weapon_property_is_named_where_the_question_says_property(book):
    """Every property's name is a plain word ("heavy", "light", "special"): "the loading property"
    names the property, "a heavy sack" and "the light spell" do not."""
    assert "loading" in {
        m.entry.index for m in book.mentions("does the loading property limit extra attack?")
    }
    for question in ("how much does a heavy sack weigh", "what level is the light spell", "special rules?"):
        assert "weapon-property" not in {m.entry.kind for m in book.mentions(question)}, question
    heavy = passage_for(book.get("weapon-property", "heavy"), book)
    assert heavy.name == "Heavy (weapon property)"
    assert "Small creatures have disadvantage on attack rolls with heavy weapons." in heavy.text
    assert heavy.id in {p.id for p in all_passages(book)}  # searched like any rule


def test_a_spell_word_that_is_a_named_monsters_own_ability_is_the_monsters(book):
    """ "Regenerate" beside a troll is its Regeneration, not the 7th-level spell; alone it is
    the spell."""
    troll = {
        (m.entry.kind, m.entry.index) for m in book.mentions("can a troll regenerate after fire damage?")
    }
    assert ("monster", "troll") in troll and ("spell", "regenerate") not in troll
    alone = {(m.entry.kind, m.entry.index) for m in book.mentions("what level is the regenerate spell")}
    assert ("spell", "regenerate") in alone


@pytest.mark.parametrize(
    "question, cantrip",
    [
        ("does a paladin's aura give resistance to necrotic damage?", False),  # the damage rule's phrase
        ("is a werewolf resistant against fire damage", False),
        ("how much damage does the resistance cantrip prevent?", True),
        ("can I cast resistance before a saving throw", True),
    ],
)
def test_resistance_to_a_damage_is_the_rule_not_the_cantrip(book, question, cantrip):
    named = {(m.entry.kind, m.entry.index) for m in book.mentions(question)}
    assert (("spell", "resistance") in named) is cantrip


def test_the_damage_rules_phrase_leaves_other_spells_named(book):
    named = {
        (m.entry.kind, m.entry.index) for m in book.mentions("can I cast shield and keep resistance to fire?")
    }
    assert ("spell", "shield") in named and ("spell", "resistance") not in named
