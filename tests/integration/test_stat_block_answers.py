"""Questions about a monster answered from its stat block: its traits by their names, and the
stat block before a rule the question also names where the stat block holds what is asked."""

import pytest

pytestmark = pytest.mark.model  # the SRD index embeds with the real embedding model


def test_a_stat_block_trait_is_quoted_with_its_name(srd_only):
    """ "Can it regenerate" says only the trait's name: the sentence under that name answers."""
    answer = srd_only.reply("The party is fighting a vampire. Can it regenerate in sunlight?").consume()
    assert "Regeneration. The vampire regains 20 hit points" in answer


@pytest.mark.parametrize(
    "question, first",
    [
        ("Does a shambling mound heal from lightning damage?", "Shambling Mound"),  # not Healing
        ("Can a rakshasa be hurt by a spell of 6th level?", "Rakshasa"),  # not Spell Level
        ("if the goblin is blinded, do I get advantage?", "Blinded"),  # the rule asked of a goblin
    ],
)
def test_the_stat_block_leads_where_it_holds_what_is_asked(srd_only, question, first):
    reply = srd_only.reply(question)
    reply.consume()
    assert reply.sources[0].name == first
