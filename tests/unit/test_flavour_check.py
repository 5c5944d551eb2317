"""The model's looks and story held to the sheet: sentences that make the character another race,
class or level, or copy the prompt's example, are dropped with the reason; what the sheet does not
decide stands."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import FakeEngine, settings_in

from dm_companion.characters import flavour, pronouns
from dm_companion.characters.builder import Builder, Request
from dm_companion.characters.flavour_check import contradiction
from dm_companion.errors import DMCError


@pytest.fixture(scope="module")
def high_elf_cleric():
    return Builder().build(
        Request(race="elf", subrace="high elf", char_class="cleric", level=5, seed=4, name="Aria Dawnleaf")
    )


@pytest.mark.parametrize(
    "sentence, appearance, why",
    [
        ("A broad, grey-braided dwarf with soot on her hands.", True, "the sheet says High Elf, not dwarf"),
        ("Her dwarven beard is braided with iron rings.", True, "the sheet says High Elf, not dwarven"),
        ("Aria, a young dwarf, left the mountain at sixteen.", False, "the sheet says High Elf, not dwarf"),
        ("She was born a halfling in a river town.", False, "the sheet says High Elf, not halfling"),
        ("She trained as a wizard before she found her faith.", False, "the sheet says Cleric, not wizard"),
        ("A wiry rogue with quick, ink-stained hands.", True, "the sheet says Cleric, not rogue"),
        ("As a 3rd-level priest she already led the choir.", False, "the sheet says level 5, not 3"),
        (
            "Kaelin tended the forge of her village for thirty years.",
            False,
            "the character is Aria Dawnleaf, not Kaelin",
        ),
        (
            "Now she travels to repay every kindness shown to her people.",
            False,
            "copies the prompt's example, not this character",
        ),
    ],
)
def test_a_sentence_against_the_sheet_is_named_with_what_the_sheet_says(
    high_elf_cleric, sentence, appearance, why
):
    assert contradiction(sentence, high_elf_cleric, appearance, flavour.EXAMPLE_SENTENCES) == why


@pytest.mark.parametrize(
    "sentence, appearance",
    [
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
    ],
)
def test_what_the_sheet_does_not_decide_stands(high_elf_cleric, sentence, appearance):
    assert contradiction(sentence, high_elf_cleric, appearance, flavour.EXAMPLE_SENTENCES) is None


def test_a_half_elf_may_be_elven_and_human():
    sheet = Builder().build(Request(race="half-elf", char_class="bard", seed=2))
    assert contradiction("A human face with elven eyes.", sheet, True) is None
    assert (
        contradiction("A stocky orc with a bard's lute.", sheet, True) == "the sheet says Half-Elf, not orc"
    )


@pytest.fixture(scope="module")
def she_cleric(high_elf_cleric):
    return replace(high_elf_cleric, pronouns="she/her")


@pytest.mark.parametrize(
    "sentence, appearance, before, why",
    [
        ("A tall elf with a scar across his jaw.", True, "", "the sheet says she/her, not 'his'"),
        (
            "He left the temple at sixteen.",
            False,
            "Aria grew up in the temple of the dawn.",
            "the sheet says she/her, not 'he'",
        ),
        ("Aria swore he would never kneel again.", False, "", "the sheet says she/her, not 'he'"),
        ("He was a young knight of the dawn.", False, "", "the sheet says she/her, not 'he'"),
    ],
)
def test_pronouns_the_dm_set_are_kept_to(she_cleric, sentence, appearance, before, why):
    assert contradiction(sentence, she_cleric, appearance, (), before) == why


@pytest.mark.parametrize(
    "sentence, before",
    [
        ("He taught her to read the stars.", "Her father was a sailor."),  # someone else is in the story
        ("He taught her to read the stars.", ""),  # her own pronoun: two people in one sentence
        ("When the old priest died, he left her the shrine.", ""),
        ("Torvald raised him as his own.", ""),  # another name: a brother, a ward
        ("They say she never sleeps.", ""),
    ],
)
def test_a_pronoun_for_someone_else_stands(she_cleric, sentence, before):
    assert contradiction(sentence, she_cleric, False, (), before) is None


@pytest.mark.parametrize(
    "sentence, appearance, why",
    [
        ("Aria grew up in the temple as a young boy.", False, "the sheet says she/her, not 'boy'"),
        ("Aria, a quiet man of the hills, keeps the shrine.", False, "the sheet says she/her, not 'man'"),
        ("A tall, grey-eyed man with a silver holy symbol.", True, "the sheet says she/her, not 'man'"),
        ("Her brother was a quiet man.", False, None),  # someone else is the man
        ("Aria met a man who sold maps.", False, None),  # a man she met, not what she is
        ("Aria was a daughter of the dawn temple.", False, None),
        ("Aria became the lord of a ruined keep.", False, None),  # a title, not a sex
    ],
)
def test_a_noun_of_the_other_sex_for_the_character_is_read_like_a_pronoun(
    she_cleric, sentence, appearance, why
):
    assert contradiction(sentence, she_cleric, appearance) == why


def test_a_noun_of_either_sex_stands_for_they_them(high_elf_cleric):
    sheet = replace(high_elf_cleric, pronouns="they/them")
    assert contradiction("Aria grew up in the temple as a young boy.", sheet, False) is None
    he = replace(high_elf_cleric, pronouns="he/him")
    assert (
        contradiction("Aria grew up in the temple as a young girl.", he, False)
        == "the sheet says he/him, not 'girl'"
    )
    assert (
        contradiction("Aria grew up in the temple as a young woman.", he, False)
        == "the sheet says he/him, not 'woman'"
    )


def test_without_pronouns_set_the_story_chooses(high_elf_cleric):
    assert contradiction("A tall elf with a scar across his jaw.", high_elf_cleric, True) is None


def test_they_them_and_a_pair_of_the_dms_own_rule_out_he_and_she(high_elf_cleric):
    for said in ("they/them", "xe/xem"):
        sheet = replace(high_elf_cleric, pronouns=said)
        assert (
            contradiction("A tall elf; her hair is silver.", sheet, True)
            == f"the sheet says {said}, not 'her'"
        )
        assert contradiction("A tall elf; their hair is silver.", sheet, True) is None


@pytest.mark.parametrize(
    "said, kept",
    [
        ("She", "she/her"),
        ("he / him", "he/him"),
        ("They/Them", "they/them"),
        ("xe/xem", "xe/xem"),
        ("", ""),
        ("none", ""),
    ],
)
def test_pronouns_are_read_as_a_dm_writes_them(said, kept):
    assert pronouns.parse(said) == kept


def test_other_pronouns_are_refused_in_one_line():
    with pytest.raises(
        DMCError, match="pronouns are she/her, he/him, they/them or a pair like xe/xem, not 'sir'"
    ):
        pronouns.parse("sir")


def test_disagreements_name_what_the_story_says_after_the_pronouns_changed(high_elf_cleric):
    sheet = replace(
        high_elf_cleric,
        appearance="A tall elf with a scar across his jaw.",
        backstory="Aria grew up in the temple. He left at sixteen.",
    )
    assert flavour.disagreements(sheet) == []
    assert flavour.disagreements(replace(sheet, pronouns="she/her")) == [
        "A tall elf with a scar across his jaw. (the sheet says she/her, not 'his')",
        "He left at sixteen. (the sheet says she/her, not 'he')",
    ]


FORM = "Name: Aria Dawnleaf\nAppearance: {looks}\nBackstory: Aria grew up among dwarves. {story}"


def test_write_drops_what_contradicts_and_writes_again_when_nothing_is_left(tmp_path, high_elf_cleric):
    wrong = FORM.format(
        looks="A broad, grey-braided dwarf with soot on her hands.", story="She was born a gnome."
    )
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
    wrong = FORM.format(
        looks="A broad, grey-braided dwarf with soot on her hands.", story="She was born a gnome."
    )
    engine = FakeEngine(settings_in(tmp_path), words=[wrong])
    found = flavour.write(engine, high_elf_cleric, seed=1)
    assert found.name == "Aria Dawnleaf" and found.backstory == "Aria grew up among dwarves."
    assert found.appearance == flavour.from_sheet(high_elf_cleric)
    assert found.appearance.startswith("A High Elf cleric")
    assert found.removed == [
        "A broad, grey-braided dwarf with soot on her hands. (the sheet says High Elf, not dwarf)",
        "She was born a gnome. (the sheet says High Elf, not gnome)",
        f"appearance told from the sheet instead: {found.appearance}",
    ]
    assert len(engine.asked) == 2  # written again once, then the better try kept
