"""A DM's self-correction mid-line, read as the line they meant, and a line taken back (own words)."""

import pytest

from dm_companion.combat.corrections import as_corrected, meant
from dm_companion.combat.state import Combatant, Encounter
from dm_companion.errors import DMCError


@pytest.fixture
def encounter():
    names = ("Mira", "Tor", "Wiz", "Kobold 1", "Kobold 2", "Kobold 3", "Wight")
    return Encounter(
        combatants=[Combatant(name=n, max_hp=30, hp=30, ac=12, pc=n in names[:3]) for n in names]
    )


@pytest.mark.parametrize(
    "sentence, corrected",
    [
        ("Mira heals kobold 2?? no wait, she heals Tor for 5", "she heals Tor for 5"),
        ("lesser restoration on the wight? no, on Tor: poison gone", "on Tor: poison gone"),
        ("Tor is no longer prone", "Tor is no longer prone"),  # "no" alone corrects nothing
    ],
)
def test_a_line_the_dm_corrects_means_what_follows_the_correction(sentence, corrected):
    assert as_corrected(sentence) == corrected


def test_a_correction_that_says_only_what_is_about_the_one_named_before(encounter):
    from dm_companion.combat.translate import translate

    class Chooser:  # the grammar leaves one choice; the model's part is to take it
        def complete_json(self, messages, schema, max_tokens):
            return {key: value["enum"][0] for key, value in schema["properties"].items()}

    proposal = translate("kobold 3 is paralyzed? no, frightened", encounter, Chooser())
    assert proposal.event == {"op": "condition", "target": "Kobold 3", "add": "frightened"}
    with pytest.raises(DMCError):
        translate("Tor hits Mira? no, frightened", encounter, Chooser())
    with pytest.raises(DMCError):  # "the other kobold" is not Kobold 1: which one is asked back
        translate("kobold 1 is prone? no, the other kobold is prone", encounter, Chooser())


@pytest.mark.parametrize(
    "sentence, meant_line",
    [
        ("kobold 1 takes 7? no, kobold 2", "kobold 2 takes 7"),  # who, in place of the one named
        ("Tor is frightened? no, Mira", "Mira is frightened"),
        ("the wight's gaze paralyzes Mira? no wait, it's a frighten effect", "Mira it's a frighten effect"),
    ],
)
def test_a_correction_takes_the_place_of_what_it_corrects(sentence, meant_line, encounter):
    """Only who: the creature it replaces; only what: the one it happens to (the wight's gaze is
    the source, not the one frightened)."""
    assert meant(sentence, encounter) == meant_line


@pytest.mark.parametrize(
    "sentence",
    [
        "Tor heals kobold 2? no, Mira, for 6",  # Tor or kobold 2 replaced? the DM's to say
        "Wiz uses lay on hands? no, Tor does: 5 to Mira",  # who, with more than an amount
    ],
)
def test_a_correction_that_could_replace_either_creature_is_asked_back(sentence, encounter):
    with pytest.raises(DMCError):
        meant(sentence, encounter)


@pytest.mark.parametrize("sentence", ["kobold 2 takes 6... wait, never mind", "Tor is prone? forget it"])
def test_a_line_taken_back_changes_nothing(sentence, encounter):
    with pytest.raises(DMCError, match="takes itself back"):
        meant(sentence, encounter)
