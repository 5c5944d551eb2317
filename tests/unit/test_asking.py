"""A question as people post it, read before it is answered: its topic, the sentences that ask,
what kind of answer it wants, and the alternatives it offers. Questions here are the project's own."""

from dm_companion.assistant.asking import points_at_a_thing, read


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


def test_a_question_that_only_judges_what_came_before_asks_it_too():
    asking = read(
        "Level-up hit dice: the sheets add a hit die every level. I thought you only get half "
        "your level in hit dice. Or am I just misremembering?"
    )
    assert asking.asks == (
        "I thought you only get half your level in hit dice.",
        "Or am I just misremembering?",
    )
    named = read(
        "Counterspell: my wizard wants to counter a fireball with a 2nd-level slot. Would that work?"
    )
    assert named.asks[0].startswith("my wizard wants")


def test_a_question_that_names_its_own_subject_stands_alone():
    asking = read("Shield spell: I cast it after the hit is rolled. Does it turn that hit into a miss?")
    assert asking.asks == ("Does it turn that hit into a miss?",)


def test_a_question_asked_mid_sentence_without_a_question_mark():
    asking = read(
        "Recharge and multiattack: an ogre chief with a recharge attack does it get its other "
        "attacks in the same turn. Just curious"
    )
    assert asking.asks == (
        "an ogre chief with a recharge attack does it get its other attacks in the same turn.",
    )


def test_a_thin_question_with_a_pronoun_leans_on_the_sentence_before():
    """Two short sentences, one telling and one asking: the telling one is the asker's situation
    (read as a long question), and "Can it move?" asks about it."""
    asking = read("The orc is grappled. Can it move?")
    assert asking.long and asking.story == ("The orc is grappled.",)
    assert asking.asks == ("The orc is grappled.", "Can it move?")


def test_a_question_that_calls_its_subject_by_its_kind_leans_on_the_sentence_before():
    """ "the spell" is the hold person of the sentence before: asked alone, "does the spell end
    immediately" found Foresight's "This spell immediately ends"."""
    asking = read(
        "My wizard is concentrating on hold person and gets knocked unconscious. Does the spell end "
        "immediately or do I get a save?"
    )
    assert asking.asks[0].startswith("My wizard is concentrating on hold person")


def test_a_thin_question_about_someone_leans_on_the_story_that_names_them():
    asking = read("The rogue wants to hide behind a table. What does she roll?")
    assert asking.asks == ("The rogue wants to hide behind a table.", "What does she roll?")
    assert read("My wizard is at 0 hit points. Does that work?").asks[0].startswith("My wizard")


def test_a_thing_pointed_at_is_not_a_person():
    assert points_at_a_thing("Does it regenerate?") and points_at_a_thing("the save against its gaze")
    assert not points_at_a_thing("Does he die?")
