"""Yes or No first only where one SRD sentence settles the question; otherwise no verdict."""

import pytest

from dm_companion.assistant.facts import answer_fact
from dm_companion.assistant.yes_no import verdict


@pytest.mark.parametrize(
    "question, expected",
    [
        ("Does a restrained creature have disadvantage on Dexterity saving throws?", "Yes"),
        ("does a poisoned creature have disadvantage on attack rolls", "Yes"),
        ("Do attacks against a prone creature have advantage?", "Yes"),
        ("Can a stunned creature move?", "No"),
        ("can a blinded creature see", "No"),
        ("Can a paralyzed creature speak?", "No"),
        ("Does a restrained creature have disadvantage on Strength saving throws?", None),  # not stated
        ("Is a paralyzed creature incapacitated?", None),  # its sentence also says "can't": no guess
        ("What does restrained do?", None),  # not a yes/no question
        ("Can't a stunned creature move?", None),  # negated questions get no verdict
        ("Can an unconscious creature make a Dexterity saving throw?", None),  # it fails it: neither
        ("Does an unconscious creature automatically fail Dexterity saving throws?", "Yes"),
    ],
)
def test_a_condition_question_is_settled_only_by_a_sentence_that_says_so(book, question, expected):
    fact = answer_fact(question, book.mentions(question))
    assert fact is not None
    settled = verdict(question, fact.text, fact.entry.name)
    assert (settled[0] if settled else None) == expected, settled
    if settled:
        assert settled[1] in fact.text.replace(f"{fact.entry.name}: - ", "")


def test_a_rule_quote_is_settled_the_same_way():
    quote = (
        "You can take a reaction only once per round. When you take a reaction, you can't take "
        "another one until the start of your next turn."
    )
    assert verdict("Can I take a reaction once per round?", quote, "Reactions") == (
        "Yes",
        "You can take a reaction only once per round.",
    )
    assert verdict("Do I regain my reaction at the start of my turn?", quote, "Reactions") is None


@pytest.mark.parametrize(
    "question, expected",
    [
        ("restrained creatures - disadvantage on dexterity saves?", "Yes"),  # no verb, as typed at the table
        ("do you have advantage attacking a restrained creature", "Yes"),
        ("does a stunned creature automatically fail strength saves", "Yes"),  # "saves" meets "saving throws"
        ("restrained - speed?", None),  # too little asked to settle anything
    ],
)
def test_table_phrasings_are_settled_too(book, question, expected):
    fact = answer_fact(question, book.mentions(question))
    settled = verdict(question, fact.text, fact.entry.name)
    assert (settled[0] if settled else None) == expected, settled


def test_a_description_that_never_mentions_what_is_asked_is_not_the_answer(book):
    """The Grappled condition says nothing of escaping: the rule on grappling answers that."""
    assert answer_fact("how do you escape a grapple", book.mentions("how do you escape a grapple")) is None
    assert (
        answer_fact("what does grappled do", book.mentions("what does grappled do")).entry.name == "Grappled"
    )


def test_a_sentence_that_carves_out_an_exception_settles_nothing():
    """The ghoul's claws paralyze "a creature other than an elf or undead": every word of the
    question is there, and the answer is the opposite of Yes."""
    claws = (
        "If the target is a creature other than an elf or undead, it must succeed on a DC 10 "
        "Constitution saving throw or be paralyzed for 1 minute."
    )
    assert verdict("Can a ghoul paralyze an elf?", claws, "Ghoul") is None


@pytest.mark.parametrize(
    "question, expected",
    [
        ("Does a restrained creature have advantage on attack rolls?", None),  # attacks *against* it do
        ("Does an invisible creature have disadvantage on attack rolls?", None),
        ("Does a prone creature have advantage on attack rolls?", None),
        ("Do attacks against an invisible creature have disadvantage?", "Yes"),
        ("Do blinded creatures have disadvantage on attack rolls?", "Yes"),  # the second clause says so
        ("Can a charmed creature attack the charmer?", "No"),
        ("Can the charmer attack the charmed creature?", None),  # the roles swapped
    ],
)
def test_who_does_what_to_whom_is_read_before_a_verdict(book, question, expected):
    fact = answer_fact(question, book.mentions(question))
    settled = verdict(question, fact.text, fact.entry.name)
    assert (settled[0] if settled else None) == expected, settled


def test_a_negation_denies_only_the_words_it_governs(book):
    """ "can't hear and automatically fails any ability check that requires hearing": failing a
    hearing check is affirmed, not denied."""
    question = "Does a deafened creature automatically fail hearing checks?"
    fact = answer_fact(question, book.mentions(question))
    assert verdict(question, fact.text, fact.entry.name) is None  # a negation in it: no Yes either


def test_a_number_asked_must_be_the_sentences_own():
    """Every word of "is fireball a 5th level spell" is in "Fireball is a 3rd-level evocation
    spell", but not the number: no "Yes"; dice ("1d10") are no number said."""
    assert (
        verdict("is fireball a 5th level spell", "Fireball is a 3rd-level evocation spell.", "Fireball")
        is None
    )
    assert (
        verdict("is fire bolt a 1st level spell", "The target takes 1d10 fire damage.", "Fire Bolt") is None
    )


@pytest.mark.parametrize(
    "question, opening",
    [
        ("is fireball a 5th level spell", "No, Fireball is a 3rd-level"),
        ("is fireball a 3rd level spell", "Yes, Fireball is a 3rd-level"),
        ("is fire bolt a 1st level spell", "No, Fire Bolt is a cantrip"),
    ],
)
def test_a_spells_level_asked_is_answered_yes_or_no_from_its_record(book, question, opening):
    assert answer_fact(question, book.mentions(question)).text.startswith(opening)


def test_what_happens_anywhere_in_the_question_asks_no_stat(book):
    """ "If I'm concentrating on haste and get knocked out, what happens to the target?" is not
    "does haste need concentration"; another spell's level in the question is no level asked."""
    for question in (
        "If I'm concentrating on haste and I get knocked unconscious, what happens to the target?",
        "What level spell slot does Counterspell need to automatically stop a 5th level spell?",
    ):
        assert answer_fact(question, book.mentions(question)) is None
