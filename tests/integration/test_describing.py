"""A description is of the thing asked about: its notes, found among those recalled for the
request (real LanceDB, the real embedding model, the example campaign)."""

from pathlib import Path

import pytest

from dm_companion.assistant.describing import described, thing_words
from dm_companion.assistant.recall import recall
from dm_companion.memory.campaign import ensure_example, open_campaign

pytestmark = pytest.mark.model  # the memories embed with the real model


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("campaigns")
    ensure_example(Path(folder))
    return open_campaign(Path(folder), "example").memory


def test_the_thing_is_named_before_the_place_it_is_put_in():
    assert thing_words("describe the tavern in Brindlewood") == ["tavern"]
    assert thing_words("describe the captain of the Silt Kin") == ["captain"]
    assert thing_words("describe what the party sees at the Crooked Lantern") == ["crooked", "lantern"]


@pytest.mark.parametrize(
    "request_, about, not_about",
    [
        ("describe the tavern in Brindlewood", ["ex-crooked-lantern"], "ex-brindlewood"),
        ("describe the innkeeper in Brindlewood", ["ex-bram"], "ex-brindlewood"),
        ("describe what the party sees at the Crooked Lantern", ["ex-crooked-lantern"], None),
        ("describe the midwife of Brindlewood", ["ex-hesk"], "ex-brindlewood"),
        ("describe the smugglers' cache at the old mill", ["ex-mill-cache"], None),
    ],
)
def test_a_description_draws_on_its_things_notes(store, request_, about, not_about):
    split = described(store, request_, recall(store, request_))
    assert [found.memory.id for found in split.about][: len(about)] == about
    assert not_about is None or not_about not in {found.memory.id for found in split.about}


def test_notes_named_alike_are_all_the_things(store):
    """ "The old mill" has two notes: the tunnel under it and the cache at it."""
    split = described(store, "describe the old mill", recall(store, "describe the old mill"))
    assert {"ex-mill-tunnel", "ex-mill-cache"} <= {found.memory.id for found in split.about}
