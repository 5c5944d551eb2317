"""The model's looks and story held to the sheet: sentences that make the character another race,
class or level, or copy the prompt's example, are dropped with the reason; what the sheet does not
decide stands."""

from __future__ import annotations

import pytest
from conftest import FakeEngine, settings_in

from dm_companion.characters import flavour
from dm_companion.characters.builder import Builder, Request
from dm_companion.characters.flavour_check import contradiction


@pytest.fixture(scope="module")
def high_elf_cleric():
    return Builder().build(Request(race="elf", subrace="high elf", char_class="cleric", level=5, seed=4,
                                   name="Aria Dawnleaf"))


@pytest.mark.parametrize("sentence, appearance, why", [
    ("A broad, grey-braided dwarf with soot on her hands.", True, "the sheet says High Elf, not dwarf"),
    ("Her dwarven beard is braided with iron rings.", True, "the sheet says High Elf, not dwarven"),
    ("Aria, a young dwarf, left the mountain at sixteen.", False, "the sheet says High Elf, not dwarf"),
    ("She was born a halfling in a river town.", False, "the sheet says High Elf, not halfling"),
    ("She trained as a wizard before she found her faith.", False, "the sheet says Cleric, not wizard"),
    ("A wiry rogue with quick, ink-stained hands.", True, "the sheet says Cleric, not rogue"),
    ("As a 3rd-level priest she already led the choir.", False, "the sheet says level 5, not 3"),
    ("Kaelin tended the forge of her village for thirty years.", False, "the character is Aria Dawnleaf, not Kaelin"),
    ("Now she travels to repay every kindness shown to her people.", False,
     "copies the prompt's example, not this character"),
])
def test_a_sentence_against_the_sheet_is_named_with_what_the_sheet_says(high_elf_cleric, sentence, appearance, why):
    assert contradiction(sentence, high_elf_cleric, appearance, flavour.EXAMPLE_SENTENCES) == why


@pytest.mark.parametrize("sentence, appearance", [
    ("A slender elf with silver hair and elven eyes.", True),
    ("Aria grew up among dwarves in the mountains.", False),
    ("A man who met a dwarf told her of the temple.", False),
    ("She left the halfling who raised her.", False),
    ("She carries a wizard's old staff.", True),
    ("The half-elf bard sang of her deeds.", False),
    ("At level 5 she can call on her god's power twice a day.", False),
    ("She tends the shrine of the Morninglord.", False),
    ("Aria grew up in the temple of the dawn.", False),
    ("Corellon's priests taught her to read.", False),
])
def test_what_the_sheet_does_not_decide_stands(high_elf_cleric, sentence, appearance):
    assert contradiction(sentence, high_elf_cleric, appearance, flavour.EXAMPLE_SENTENCES) is None


def test_a_half_elf_may_be_elven_and_human():
    sheet = Builder().build(Request(race="half-elf", char_class="bard", seed=2))
    assert contradiction("A human face with elven eyes.", sheet, True) is None
    assert contradiction("A stocky orc with a bard's lute.", sheet, True) == "the sheet says Half-Elf, not orc"


FORM = "Name: Aria Dawnleaf\nAppearance: {looks}\nBackstory: Aria grew up among dwarves. {story}"


def test_write_drops_what_contradicts_and_writes_again_when_nothing_is_left(tmp_path, high_elf_cleric):
    wrong = FORM.format(looks="A broad, grey-braided dwarf with soot on her hands.", story="She was born a gnome.")
    right = FORM.format(looks="A tall elf with a sunburst pendant.", story="She serves the dawn.")
    engine = FakeEngine(settings_in(tmp_path))
    tries = iter([[wrong], [right]])
    engine.stream_chat = lambda messages, **options: iter(next(tries))
    seen = []
    found = flavour.write(engine, high_elf_cleric, seed=1, on_text=seen.append)
    assert found.appearance == "A tall elf with a sunburst pendant."
    assert found.backstory == "Aria grew up among dwarves. She serves the dawn." and found.removed == []
    assert seen == [wrong, right]


def test_write_keeps_the_try_with_fewer_drops_and_says_why(tmp_path, high_elf_cleric):
    wrong = FORM.format(looks="A broad, grey-braided dwarf with soot on her hands.", story="She was born a gnome.")
    engine = FakeEngine(settings_in(tmp_path), words=[wrong])
    found = flavour.write(engine, high_elf_cleric, seed=1)
    assert found.name == "Aria Dawnleaf" and found.backstory == "Aria grew up among dwarves."
    assert found.appearance == flavour.from_sheet(high_elf_cleric)
    assert found.appearance.startswith("A High Elf cleric")
    assert found.removed == ["A broad, grey-braided dwarf with soot on her hands. (the sheet says High Elf, not dwarf)",
                             "She was born a gnome. (the sheet says High Elf, not gnome)",
                             f"appearance told from the sheet instead: {found.appearance}"]
    assert len(engine.asked) == 2  # written again once, then the better try kept
