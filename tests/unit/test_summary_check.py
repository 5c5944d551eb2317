"""The model's summary is shown only where it restates a quoted sentence: what the 135M model
writes from a quote's own words (a flipped negation, swapped roles, an antonym, a verdict) is
held back, and a faithful restatement is kept. Sentences here are the project's own."""

import pytest

from dm_companion.assistant.summary_check import restates, supported

QUOTE = (
    "A charmed creature can't attack the charmer or target the charmer with harmful abilities. "
    "The charmer has advantage on any ability check to interact socially with the creature. "
    "If the creature fails the saving throw, it takes half damage from the next hit. "
    "When you roll a 1 on the d20 for it, the attack misses."
)


@pytest.mark.parametrize(
    "summary",
    [
        "A charmed creature can't attack the charmer.",
        "The charmer has advantage on ability checks to interact socially with the creature.",
        "If the creature fails the saving throw, it takes half damage.",
    ],
)
def test_a_faithful_restatement_is_kept(summary):
    assert supported(summary, QUOTE)


@pytest.mark.parametrize(
    "summary, planted",
    [
        ("A charmed creature can attack the charmer.", "negation flipped"),
        ("The charmer can't attack the charmed creature.", "roles swapped"),
        ("The charmer has disadvantage on ability checks to interact socially.", "antonym"),
        ("If the creature succeeds on the saving throw, it takes half damage.", "antonym"),
        ("No, a charmed creature can't attack the charmer.", "verdict"),
        ("Yes.", "verdict"),
        ("Can a charmed creature attack the charmer?", "the question back"),
        ("The charmer has advantage on 3 ability checks.", "a number the quote lacks"),
        ("A charmed creature can't cast spells at the charmer.", "words the quote lacks"),
        ("It takes half damage from the next hit.", "its condition dropped"),
        ("When you roll for it, the attack misses.", "its number dropped"),
    ],
)
def test_a_contradiction_in_the_quotes_own_words_is_held_back(summary, planted):
    assert not supported(summary, QUOTE), planted


def test_a_restatement_must_follow_one_sentence_not_stitch_two():
    stitched = "The charmer has advantage to attack the charmer with harmful abilities."
    assert not restates(stitched, QUOTE)
