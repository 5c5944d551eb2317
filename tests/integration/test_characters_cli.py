"""`dm-companion character ...` as a user runs it, and the model's words on the real bundled model."""

import json

import pytest
from conftest import dmc

from dm_companion.characters import flavour
from dm_companion.characters.builder import Builder, Request


@pytest.mark.model
def test_character_new_json_is_the_sheet_and_the_model_adds_only_words(tmp_path):
    args = (
        "--campaigns-dir",
        str(tmp_path),
        "--threads",
        "2",
        "character",
        "new",
        "--race",
        "dwarf",
        "--class",
        "cleric",
        "--level",
        "3",
        "--seed",
        "7",
        "--json",
    )
    rules = dmc(*args, "--no-story")
    assert rules.returncode == 0, rules.stderr
    plain = json.loads(rules.stdout)
    assert (plain["race"], plain["subrace"], plain["class"], plain["level"]) == (
        "Dwarf",
        "Hill Dwarf",
        "Cleric",
        3,
    )
    assert plain["name"] == "" and plain["backstory"] == ""
    told = dmc(*args, "--save")
    assert told.returncode == 0, told.stderr
    story = json.loads(told.stdout)
    assert story["name"] and story["backstory"].endswith((".", "!", "?"))
    words = {"name", "appearance", "backstory"}
    assert {k: v for k, v in story.items() if k not in words} == {
        k: v for k, v in plain.items() if k not in words
    }
    saved = list((tmp_path / "example" / "characters").glob("*.json"))
    assert len(saved) == 1 and json.loads(saved[0].read_text())["name"] == story["name"]
    listed = dmc("--campaigns-dir", str(tmp_path), "character", "list", "--json")
    assert [c["name"] for c in json.loads(listed.stdout)] == [story["name"]]
    shown = dmc("--campaigns-dir", str(tmp_path), "character", "show", story["name"], "--markdown")
    assert shown.stdout.startswith(f"# {story['name']}") and f"**HP** {plain['max_hp']}" in shown.stdout


def test_character_new_prints_a_panel_and_writes_markdown(tmp_path):
    out = tmp_path / "sheet.md"
    result = dmc(
        "character",
        "new",
        "--class",
        "wizard",
        "--name",
        "Ilsa",
        "--pronouns",
        "she",
        "--seed",
        "2",
        "--no-story",
        "--markdown",
        str(out),
        env_extra={"COLUMNS": "100"},
    )
    assert result.returncode == 0, result.stderr
    assert "Ilsa" in result.stdout and "Wizard 1" in result.stdout and "HP" in result.stdout
    assert "she/her ·" in result.stdout
    assert out.read_text().startswith("# Ilsa") and ", she/her*" in out.read_text()


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--class", "necromancer"], "no class 'necromancer' (choose from Barbarian, Bard"),
        (["--level", "0"], "level must be 1-20, not 0"),
        (["--level", "21"], "level must be 1-20, not 21"),
        (
            ["--method", "point-buy", "--scores", "16,14,10,10,8,8"],
            "point buy allows scores 8-15 only, not 16",
        ),
        (["--race", "dwarf", "--subrace", "high elf"], "'High Elf' is a subrace of Elf, not Dwarf"),
        (["--scores", "15,14"], "--scores takes six numbers"),
        (["--pronouns", "sir"], "pronouns are she/her, he/him, they/them or a pair like xe/xem, not 'sir'"),
    ],
)
def test_invalid_requests_are_one_line_and_change_nothing(tmp_path, args, expected):
    result = dmc("--campaigns-dir", str(tmp_path), "character", "new", "--no-story", "--save", *args)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and expected in errors[0]
    assert not (tmp_path / "example" / "characters").exists()


def test_show_unknown_character_names_those_saved(tmp_path):
    result = dmc("--campaigns-dir", str(tmp_path), "character", "show", "Nobody")
    assert result.returncode == 1 and "no character 'Nobody'" in result.stderr


@pytest.mark.model
def test_flavour_streams_a_form_that_parses(engine, book):
    sheet = Builder(book).build(Request(race="elf", char_class="ranger", seed=11))
    pieces = list(flavour.stream(engine, sheet, seed=3))
    assert len(pieces) > 5  # streamed, not one block
    found = flavour.parse("".join(pieces))
    assert found.name and found.name[0].isupper() and found.appearance
    assert found.backstory and found.backstory[-1] in ".!?"
    named = Builder(book).build(Request(race="elf", char_class="ranger", seed=11, name="Thalia Moonwhisper"))
    assert flavour.parse("".join(flavour.stream(engine, named, seed=3))).name == "Thalia Moonwhisper"


def test_an_unknown_option_value_names_the_valid_ones():
    result = dmc("character", "new", "--method", "3d6", "--no-story")
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2 and len(errors) == 1
    assert "invalid choice: '3d6' (choose from 'standard-array', 'point-buy', '4d6')" in errors[0]
