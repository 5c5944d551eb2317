"""Questions about a class's own rules answered from its Spellcasting sections (preparing spells,
ritual casting, a focus), which the SRD keeps apart from the class's level table, and from the
class feature they name."""

import pytest

pytestmark = pytest.mark.model  # the SRD index embeds with the real embedding model


def test_a_class_spellcasting_section_answers_what_the_level_table_cannot(srd_only):
    reply = srd_only.reply("How many spells can a wizard prepare?")
    answer = reply.consume()
    assert reply.sources[0].name == "Spellcasting: Wizard: Preparing and Casting Spells"
    assert "equal to your Intelligence modifier + your wizard level" in answer  # the count, not the slots


def test_a_titled_rule_still_leads_the_class_section(srd_only):
    reply = srd_only.reply("Can a wizard cast in armor?")
    reply.consume()
    assert reply.sources[0].name == "What Is a Spell?: Casting in Armor"


def test_prepared_spells_are_computed_from_the_class_rule(srd_only):
    reply = srd_only.reply("How many spells can a 3rd level druid with 14 wisdom prepare?")
    assert reply.mode == "calculation" and reply.consume().startswith("5. A druid prepares")
    assert [source.name for source in reply.sources] == ["Spellcasting: Druid: Preparing and Casting Spells"]


def test_a_holy_symbol_is_no_symbol_spell(srd_only):
    """ "Holy symbol" is a phrase of the SRD's text: the thing, not the spell Symbol."""
    reply = srd_only.reply("Does a cleric need a holy symbol to cast spells?")
    reply.consume()
    assert "Symbol" not in [source.name for source in reply.sources]


def test_a_class_feature_named_first_is_what_is_asked_about(srd_only):
    reply = srd_only.reply("Does Sneak Attack work with a spell attack like fire bolt?")
    assert reply.consume().startswith("SRD, Sneak Attack:")  # not the spell named after it
    assert reply.sources[0].name == "Sneak Attack"
