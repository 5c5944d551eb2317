"""The CLI's runtime loads each part when an answer first needs it: a stat look-up or a sum
waits for neither the model, the campaign's database nor the SRD's search (the embedding model);
what needs one opens it then, and nothing an answer should keep is lost on the way."""

from conftest import FakeEngine, settings_in, word_embed

from dm_companion.sessions.chat import Companion
from dm_companion.sessions.runtime import Runtime


def on_demand(tmp_path) -> Runtime:
    settings = settings_in(tmp_path)
    return Runtime(settings, engine=FakeEngine(settings), embed=word_embed, on_demand=True)


def test_a_look_up_and_a_sum_load_neither_the_model_nor_the_search(tmp_path):
    runtime = on_demand(tmp_path)
    companion = Companion(runtime, keep_turns=False)
    assert "Armor Class 15" in companion.reply("goblin ac").consume()
    assert "DC 15" in companion.reply("spell save DC of a level 5 wizard with 18 INT").consume()
    assert not runtime.model.done and not runtime.campaign.done
    assert not runtime.knowledge.now().index.search_open


def test_what_needs_the_campaign_opens_it_then(tmp_path):
    runtime = on_demand(tmp_path)
    companion = Companion(runtime)  # the chat's companion keeps its turns
    assert companion.reply("remember that the ferryman Oskel hates trolls").consume().startswith("Noted")
    assert runtime.campaign.ready and not runtime.model.done
    companion.reply("goblin ac").consume()
    kept = runtime.memory.list(kinds=["chat turn"])
    assert [m.text for m in kept if "Armor Class 15" in m.text]


def test_a_chat_turn_is_kept_when_the_campaign_was_not_open_yet(tmp_path):
    runtime = on_demand(tmp_path)
    Companion(runtime).reply("goblin ac").consume()
    assert runtime.campaign.ready
    assert any("Armor Class 15" in m.text for m in runtime.memory.list(kinds=["chat turn"]))
