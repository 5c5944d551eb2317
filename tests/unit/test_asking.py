"""A question as people post it, read before it is answered: its topic, the sentences that ask,
what kind of answer it wants, and the alternatives it offers. Questions here are the project's own."""

from dm_companion.assistant.asking import read


def test_a_titled_story_with_the_question_last():
    asking = read(
        "Hunter's Mark: my ranger marked an orc and dropped it. On my next turn I moved the mark "
        "to a goblin. Does moving the mark use my bonus action?"
    )
    assert asking.title == "Hunter's Mark"
    assert asking.asks == ("Does moving the mark use my bonus action?",)
    assert asking.kind == "yes-no" and asking.long


def test_a_title_may_cite_its_book_in_parentheses_anywhere():
    asking = read("Minotaur race (Some Other Book): can the hold person spell target a minotaur PC?")
    assert asking.title == "Minotaur race (Some Other Book)"
    middle = read("Bladesinger (Another Book) Extra Attack: can I cast a cantrip in place of one attack?")
    assert middle.title == "Bladesinger (Another Book) Extra Attack"


def test_a_long_lead_in_is_no_title():
    asking = read("So the whole table argued about this for an hour last night: can a prone flier fly?")
    assert asking.title == "" and asking.asks == (asking.text,)


def test_the_alternatives_a_question_offers():
    asking = read("Magic missile upcast at 2nd level: is each dart 1d4+1 or 1d4+2?")
    assert asking.alternatives == ("1d4+1", "1d4+2")


def test_a_short_question_with_two_sentences_is_not_long():
    asking = read("trolls regenerate right? how much?")
    assert not asking.long and asking.title == ""
