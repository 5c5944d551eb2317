"""Table shorthand is written out before any reader sees the question."""

import pytest

from dm_companion.assistant.shorthand import expand


@pytest.mark.parametrize(
    "typed, read",
    [
        ("prof bonus at lvl 17", "proficiency bonus at level 17"),
        ("do temp hp stack", "do temporary hit points stack"),
        (
            "does a stunned creature auto fail str saves",
            "does a stunned creature automatically fail strength saves",
        ),
        ("T-Rex AC", "tyrannosaurus rex AC"),
        ("took 42 dmg while conc", "took 42 damage while concentration"),
        ("a wild-shaped druid", "a wild shape druid"),
        ("she is polymorphed into a T-rex", "she is polymorph into a tyrannosaurus rex"),
        ("Does Mage Armour stack?", "Does Mage Armor stack?"),  # the SRD's spelling, the name kept a name
        ("see colours in the dark", "see colors in the dark"),
        ("Unarmoured Defence", "Unarmored Defense"),
    ],
)
def test_shorthand_is_written_out(typed, read):
    assert expand(typed) == read


@pytest.mark.parametrize(
    "text",
    ["arcane lock", "the dragon's temple", "Constitution saving throw", "a prodigy", "interesting strategy"],
)
def test_words_that_only_contain_shorthand_are_left_alone(text):
    assert expand(text) == text
