"""Free sentences to proposed events on the real model, inside the grammar the sentence allows."""

import pytest

from dm_companion.combat.tracker import Tracker
from dm_companion.combat.translate import schema_for, translate
from dm_companion.errors import DMCError


@pytest.fixture()
def encounter():
    tracker = Tracker(seed=0)
    for name, pc in (
        ("Mira", True),
        ("Tor", True),
        ("Goblin 1", False),
        ("Goblin 2", False),
        ("Ogre", False),
    ):
        assert tracker.submit(
            {"op": "add", "name": name, "pc": pc, "hp": 30, "max_hp": 30, "ac": 12}
        ).accepted
    return tracker.encounter


def test_the_grammar_only_allows_what_the_sentence_holds(encounter):
    schema = schema_for("The ogre smashes Tor for 13 bludgeoning", encounter)["properties"]
    assert schema["op"]["enum"] == ["damage"]
    assert schema["target"]["enum"] == ["Tor"]
    assert schema["amount"]["enum"] == [13]
    assert schema["damage_type"]["enum"] == ["bludgeoning"]
    schema = schema_for("Goblin 1 is stunned", encounter)["properties"]
    assert schema["op"]["enum"] == ["condition_add"] and schema["amount"]["enum"] == [0]  # "1" is a name


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The goblin slashes Mira for 7", {"op": "damage", "target": "Mira", "amount": 7}),
        (
            "Tor cleaves the ogre for 12 slashing",
            {"op": "damage", "target": "Ogre", "amount": 12, "type": "slashing"},
        ),
        ("Mira heals Tor for 5", {"op": "heal", "target": "Tor", "amount": 5}),
        ("Tor gains 6 temporary hit points", {"op": "temp_hp", "target": "Tor", "amount": 6}),
        ("The ogre knocks Mira prone", {"op": "condition", "target": "Mira", "add": "prone"}),
        ("Mira rolls 14 on her death save", {"op": "death_save", "target": "Mira", "roll": 14}),
    ],
)
@pytest.mark.model
def test_sentences_on_the_real_model(engine, encounter, sentence, expected):
    assert translate(sentence, encounter, engine).event == expected


@pytest.mark.model
def test_an_empty_encounter_is_one_clear_error(engine):
    with pytest.raises(DMCError, match="add combatants"):
        translate("the goblin hits Mira for 3", Tracker().encounter, engine)


@pytest.mark.model
def test_narration_from_the_real_model_never_contradicts_the_tracker(engine, encounter):
    from dm_companion.combat.narration import check, narrate

    tracker = Tracker(seed=0)
    for event in (
        {"op": "add", "name": "Mira", "pc": True, "hp": 27, "max_hp": 27, "ac": 16, "initiative": 15},
        {"op": "add", "name": "Ogre", "hp": 59, "max_hp": 59, "ac": 11, "initiative": 8},
        {"op": "start"},
        {"op": "damage", "target": "Ogre", "amount": 12, "type": "slashing"},
        {"op": "next_turn"},
        {"op": "damage", "target": "Mira", "amount": 27},
    ):
        assert tracker.submit(event).accepted
    for _ in range(3):  # sampled text: several tries, each must come out clean
        checked = narrate(tracker.encounter, engine)
        assert check(checked.text, tracker.encounter).removed == []
