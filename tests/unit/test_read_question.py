"""The question reader's own logic: what the grammar offers the model, and what its reading
becomes. The model here is a stand-in that returns a chosen reading (the real model reads in
benchmarks/question_reader.py)."""

import pytest

from dm_companion.assistant import read_question


class Reads:
    """An engine whose constrained output is given; it records what it was offered."""

    def __init__(self, reading):
        self.reading, self.offered = reading, None

    def complete_json(self, messages, schema, max_tokens=256):
        self.offered = (messages, schema)
        return self.reading


def test_the_grammar_offers_only_the_named_entries_and_their_kinds_attributes(book):
    mentions = book.mentions("can a bard learn misty step")
    entries = read_question.readable(mentions)
    assert [e.name for e in entries] == ["Misty Step", "Bard"]
    schema = read_question.schema_for(entries)["properties"]
    assert schema["entry"]["enum"] == ["Misty Step (spell)", "Bard (class)"]
    attributes = schema["attribute"]["enum"]
    assert {"classes", "duration", "hit die", "none"} <= set(attributes)
    assert (
        "ac" not in attributes and "describe" not in attributes
    )  # no monster named; descriptions are the passages'
    user = read_question.messages_for("can a bard learn misty step", entries)[1]["content"]
    assert user.startswith("Entries: Misty Step (spell); Bard (class)\nAttributes of a spell: ")
    assert user.endswith("\n\nQuestion: can a bard learn misty step")


def test_a_reading_names_the_entry_and_the_attribute_the_record_answers(book):
    question = "what can't hurt a stone golem"
    engine = Reads({"entry": "Stone Golem (monster)", "attribute": "immunities"})
    query = read_question.read(question, book.mentions(question), engine)
    assert query.entry.name == "Stone Golem" and query.attribute.name == "immunities"
    assert "poison" in query.attribute.answer(query.entry, question)


@pytest.mark.parametrize(
    "reading",
    [
        {"entry": "Misty Step (spell)", "attribute": "none"},  # not a stat question
        {"entry": "Misty Step (spell)", "attribute": "hit die"},  # a class's attribute on a spell
        {"entry": "Fireball (spell)", "attribute": "level"},  # an entry it was not offered
    ],
)
def test_none_or_an_impossible_reading_is_no_reading(book, reading):
    question = "can a bard learn misty step"
    assert read_question.read(question, book.mentions(question), Reads(reading)) is None


def test_nothing_named_means_the_model_is_not_asked(book):
    engine = Reads({"entry": "x", "attribute": "none"})
    assert (
        read_question.read("how does flanking work", book.mentions("how does flanking work"), engine) is None
    )
    assert engine.offered is None
