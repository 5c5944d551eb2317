"""Descriptions held to the campaign's notes: a figure the notes give otherwise, a read-back of
the prompt, a repeat of a note or of an earlier answer, a sentence that would make the answer
follow an earlier one are dropped with the reason; invention the notes do not settle stands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dm_companion.assistant.notes_check import NotesCheck, SummaryCheck, digits, figures
from dm_companion.memory.records import Memory
from dm_companion.overlap import ECHO_TEXT_MAX, Following, echo

EXAMPLE = Path(__file__).resolve().parents[2] / "campaigns" / "example" / "memories.jsonl"


@pytest.fixture(scope="module")
def lantern():
    notes = [json.loads(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines()]
    about = [
        Memory(n["text"], title=n["title"])
        for n in notes
        if any(w in n["title"] for w in ("Lantern", "Bram", "Brindlewood"))
    ]
    return NotesCheck(
        about,
        "describe the Crooked Lantern tavern",
        earlier=["From your notes, Bram still owes the party 30 gold: he paid 10 of the 40 gp."],
    )


def test_figures_read_number_words_and_coins_as_one_sum():
    assert digits("three hundred souls, forty-two rats and twelve eels") == "300 souls, 42 rats and 12 eels"
    assert [
        (f.unit, f.value, f.text) for f in figures("Rooms cost 5 sp; Bram owes 30 gold and 2,000 cp.")
    ] == [("money", 50, "5 sp"), ("money", 3000, "30 gp"), ("money", 2000, "2000 cp")]


@pytest.mark.parametrize(
    "sentence, why",
    [
        ("Bram still owes the party 30 gallons of ale.", "your notes say 30 gp"),
        ("Rooms at the Crooked Lantern cost 2 gp a night.", "your notes say 5 sp"),
        ("Brindlewood is home to five hundred souls.", "your notes say 300 souls"),
        ("Bram owes you 50 gp.", "your notes say"),
        ("Campaign notes: The Crooked Lantern inn is by the ford.", "reads the prompt back"),
        ("The Crooked Lantern inn: The Crooked Lantern is Brindlewood's only inn.", "reads the prompt back"),
        (
            "Old Bram Tallowmere runs the Crooked Lantern in Brindlewood.",
            "repeats your note 'Old Bram, innkeeper'",
        ),
        ("From your notes, Bram still owes the party 30 gold.", "repeats an earlier answer"),
    ],
)
def test_a_sentence_the_notes_contradict_or_that_repeats_is_dropped_with_why(lantern, sentence, why):
    assert lantern.problem(sentence).startswith(why)


@pytest.mark.parametrize(
    "sentence",
    [
        "A green lantern sways over the door, and the smell of smoked eel fills the taproom.",
        "Rooms at the Crooked Lantern cost 50 cp a night.",
        "Two hooded figures drink in the corner, dice clattering between them.",
        "Bram waves at you with his three-fingered hand.",
        "Thirty years of smoke have blackened the beams.",
    ],
)
def test_what_the_notes_do_not_settle_stands(lantern, sentence):
    assert lantern.problem(sentence) is None


MILL = [
    "The mill stands where the river bends, its wheel turning slowly.",
    "Inside, the miller counts sacks of flour by lantern light.",
    "Dust hangs in the air and settles on everything.",
    "A grey cat watches the party from a beam.",
]
AGAIN = [
    "Beside the millpond, frogs croak among green reeds.",
    "Where the river bends, the old mill stands, and its wheel turns.",
    "Inside, the miller counts his flour sacks by candle light.",
    "Dust hangs heavy in the air, settling on everything.",
    "Somewhere above, pigeons coo under broken tiles.",
]


def test_a_description_that_would_follow_an_earlier_answer_loses_the_sentences_that_make_it():
    """No sentence of the second telling is a copy (each alone stands), but three retell the earlier
    answer in its order: they are dropped with why, the new ones stand, and what is shown follows
    the earlier answer no more than a third."""
    again = AGAIN
    fresh = NotesCheck([], "describe the mill")
    assert all(fresh.problem(s) is None for s in again)
    assert "".join(fresh.kept(iter(again), [])).count(".") == len(again)  # nothing earlier: all stand
    check, dropped = NotesCheck([], "describe the mill again", earlier=[" ".join(MILL)]), []
    shown = "".join(check.kept((s + " " for s in again), dropped))
    assert shown == f"{again[0]} {again[4]}"
    assert [d[9:40] for d in dropped] == [s[:31] for s in again[1:4]]
    assert all(d.endswith("(with it the answer would read an earlier one back).") for d in dropped)
    assert echo(shown, " ".join(MILL)) < ECHO_TEXT_MAX


def test_a_new_description_of_the_same_person_stands_though_it_names_him_again():
    """Short sentences that share a name and a "the" with the last answer retell nothing of it."""
    check, dropped = (
        NotesCheck(
            [],
            "describe Bram again",
            earlier=[
                "Old Bram Tallowmere leans on the bar, his grey beard tucked into his apron. "
                "He grins at the party."
            ],
        ),
        [],
    )
    again = [
        "Bram wipes the bar.",
        "Smoke curls from his pipe.",
        "He hums an old river song while the fire crackles.",
    ]
    assert "".join(check.kept((s + " " for s in again), dropped)) == " ".join(again) and not dropped


def test_only_the_last_few_answers_are_followed():
    check, dropped = (
        NotesCheck([], "describe the mill", earlier=[" ".join(MILL)] + ["Roll initiative."] * 4),
        [],
    )
    assert "".join(check.kept((s + " " for s in AGAIN), dropped)) == " ".join(AGAIN) and not dropped


@given(
    st.lists(
        st.lists(st.sampled_from("the mill door opens a rat cat grey river".split()), max_size=8), max_size=5
    ),
    st.lists(st.sampled_from("the mill door opens a rat cat grey river".split()), max_size=20),
)
def test_following_a_sentence_at_a_time_is_the_echo_of_the_whole(told, source):
    """Following keeps the table's last row between sentences: its figure is echo's, every time."""
    following, text = Following.of(" ".join(source)), []
    for sentence in (" ".join(s) for s in told):
        following = following.then(sentence)
        text.append(sentence)
        echoed = following.followed / following.length if following.length else 0.0
        assert echoed == pytest.approx(echo(" ".join(text), " ".join(source)))


@pytest.fixture(scope="module")
def session_one():
    """The example campaign's first session, as the summary's prompt gives it to the model."""
    from dm_companion.assistant.session_summary import ASK, SYSTEM, session_material

    notes = [json.loads(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines()]
    memories = [
        Memory(n["text"], title=n["title"], kind=n["kind"], session=n["session"])
        for n in notes
        if n["session"] == 1 and n["kind"] != "session summary"
    ]
    return SummaryCheck(memories, session_material(memories), [SYSTEM, ASK.format(session=1)])


@pytest.mark.parametrize(
    "sentence, why",
    [
        ("The party reached Brindlewood, a village of five hundred souls.", "your notes say 300 souls"),
        ("Bram paid the party 25 gp.", "your notes say"),
        ("The party found 12 daggers in the cellar.", "nothing this session says 12 daggers"),
        ("They were hired by Lord Varrick of Harrowgate.", "nothing this session names Lord"),
        (
            # the session's 40 gp is Old Bram's promise
            "Harrowgate's tax collectors promised the party 40 gp.",
            "your notes give 40 gp in 'Bram still owes the party 30 gold', which does not name Harrowgate",
        ),
        (
            "Old Bram fought Mother Hesk in the cellar.",
            "no note of this session has Old Bram with Mother Hesk",
        ),
        (
            "Ysolde Finch bought three potions from Mother Hesk.",  # the notes say the party bought them
            "no note of this session has Ysolde Finch with Mother Hesk",
        ),
        ("- (npc) Old Bram, innkeeper: Old Bram runs the inn.", "reads the prompt back"),
        ("My notes from session 1: the party arrived.", "reads the prompt back"),
        (
            "Write the journal entry for session 1: three to five sentences on what happened.",
            "reads the prompt back",
        ),
    ],
)
def test_a_summary_sentence_the_session_does_not_bear_out_is_dropped(session_one, sentence, why):
    assert session_one.problem(sentence).startswith(why)


@pytest.mark.parametrize(
    "sentence",
    [
        # a summary retells its notes
        "The party arrived in Brindlewood, a river village of three hundred souls.",
        "- Old Bram runs the Crooked Lantern.",  # a bullet is a summary's own form
        "They still have to deal with the rats.",
        "Grey-bearded Bram's debt is not paid.",
        "Old Bram promised the party 40 gp for the rats.",
        "Cleared of rats, the Crooked Lantern paid them 10 gp.",  # "Cleared" names no one the session knows
        "The party cleared the cellar and were promised 40 gp.",
        "Brother Garrick was given a free potion by Mother Hesk.",  # a note names them together
        # two events, chained
        "In Brindlewood, the party took Old Bram's job and bought potions from Mother Hesk.",
    ],
)
def test_a_summary_sentence_the_session_bears_out_stands(session_one, sentence):
    assert session_one.problem(sentence) is None


def _note(note_id: str) -> Memory:
    notes = {n["id"]: n for n in map(json.loads, EXAMPLE.read_text(encoding="utf-8").splitlines())}
    return Memory(notes[note_id]["text"], title=notes[note_id]["title"])


def test_a_fact_of_another_note_does_not_move_into_a_description():
    """The issue's case: the inn described with the village's trade. The village was recalled
    too, but the inn is what was asked about; a name or figure only the village's note gives is
    dropped, while the request's own place and the inn's own facts stand."""
    check = NotesCheck(
        [_note("ex-crooked-lantern")], "describe the tavern in Brindlewood", others=[_note("ex-brindlewood")]
    )
    moved = "It sells timber and smoked eel downriver to Harrowgate, a miller who runs it."
    assert check.problem(moved) == "a fact of your note 'Brindlewood', not of what you asked about"
    assert (
        check.problem("About three hundred souls drink under its lantern.") is not None
    )  # the village's figure
    for stands in (
        "Smoke curls from the leaning house by the ford in Brindlewood.",
        "The green lantern over the door of the Crooked Lantern sways in the wind.",
    ):
        assert check.problem(stands) is None, stands
    assert (
        NotesCheck([_note("ex-crooked-lantern")], "describe the tavern in Brindlewood").problem(moved) is None
    )
