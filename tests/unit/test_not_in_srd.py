"""Names a question leans on that the SRD does not hold, from the SRD itself (no index): a name
said with its kind ("X feat", "X race", "X subclass"), and a subclass the SRD's text offers but
does not hold. Names here are the project's own choices of what other books publish."""

import pytest

from dm_companion.assistant.not_in_srd import unknown_names


@pytest.mark.parametrize(
    "text, unknown",
    [
        ("Can the Sentinel feat stop a creature that disengages?", ["Sentinel feat"]),
        ("Does the Warforged race need to sleep?", ["Warforged race"]),
        ("Is a Wood Elf race character faster?", ["Wood Elf race"]),  # the SRD's elf subrace is High Elf
        ("How do Battle Master subclass maneuvers work?", ["Battle Master subclass"]),
        ("Path of the Totem Warrior barbarian", ["Path of the Totem Warrior"]),  # the SRD names, not holds it
        ("Can a Hexblade warlock use Charisma?", ["Hexblade warlock"]),  # a name before a class: a subclass
        ("Can my Armorer artificer wear heavy armor?", ["Armorer artificer"]),  # a class outside the SRD
        ("Do artificers get Extra Attack?", ["Artificer"]),
        # a book outside the SRD, cited by its owner's name, whatever follows
        ("I use Tasha's custom lineage. Does it get darkvision?", ["Tasha's Cauldron of Everything"]),
        ("How does the custom lineage from Tasha's work?", ["Tasha's Cauldron of Everything"]),
        ("Can I use Xanathar's sleeping in armor rules?", ["Xanathar's Guide to Everything"]),
    ],
)
def test_names_the_srd_lacks(book, text, unknown):
    assert unknown_names(text, book, None) == unknown


@pytest.mark.parametrize(
    "text",
    [
        "Does the Grappler feat give advantage?",  # the SRD's one feat
        "The Dwarf race has darkvision, right?",
        "Is the Hill Dwarf race tougher?",
        "Does my Fighter class get Extra Attack at 5th level?",
        "How does the Champion subclass crit?",
        "Path of the Berserker barbarian frenzy",
        "Can a Champion fighter crit on a 19?",  # the SRD's subclass before its class
        "My Dwarf cleric wants heavy armor",  # a race before a class
        "What does a Life Domain cleric get?",
        "THE PALADIN CAN SMITE TWICE?",  # shouting names nothing
        "Is Tasha's Hideous Laughter a charm effect?",  # the SRD's Hideous Laughter, by the book's name
        "Does Tasha's hideous laughter work on undead?",
        "Does Mordenkainen's Sword need concentration?",  # its Arcane Sword
        "How big is Leomund's Tiny Hut?",
    ],
)
def test_names_the_srd_holds(book, text):
    assert unknown_names(text, book, None) == []
