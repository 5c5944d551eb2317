"""Name requests give the number of names asked, each a name: the model's usable ones, the rest
from our tables (own words)."""

import pytest

from dm_companion.assistant.naming import NAME_TABLES, completed, name_request, names_in


@pytest.mark.parametrize(
    "line, count, folk",
    [
        ("name three goblin bandits", 3, "goblin"),
        ("give me 5 dwarf names", 5, "dwarf"),
        ("name an elven innkeeper", 1, "elf"),
        ("suggest two names for halfling farmers", 2, "halfling"),
        ("name some guards", 3, "human"),
    ],
)
def test_a_request_is_read_for_how_many_and_whose(line, count, folk):
    request = name_request(line)
    assert (request.count, request.folk) == (count, folk)


@pytest.mark.parametrize("line", ["name of the innkeeper?", "how does cover work", "describe the inn"])
def test_a_question_or_another_request_is_no_name_request(line):
    assert name_request(line) is None


def test_the_request_written_back_or_a_sentence_is_no_name():
    request = name_request("name three goblin bandits")
    assert names_in("Three goblin bandits.", request) == []
    assert names_in("They are fierce raiders of the hills.", request) == []
    assert names_in("Here are some names for your goblins: Snikt, Borga and Wemble.", request) == [
        "Snikt",
        "Borga",
        "Wemble",
    ]
    assert names_in("1. Snikt\n2. Borga\n3. Snikt", request) == ["Snikt", "Borga"]


def test_too_few_names_are_completed_from_the_table_the_same_each_time():
    request = name_request("name four kobold sentries")
    names = completed(["Snikt"], request, seed="name four kobold sentries")
    assert len(names) == 4 and names[0] == "Snikt"
    assert set(names[1:]) <= set(NAME_TABLES["kobold"])
    assert names == completed(["Snikt"], request, seed="name four kobold sentries")
