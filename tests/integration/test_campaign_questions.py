"""Questions about the campaign in a DM's words go to the campaign's memories (real LanceDB, the
real embedding model, the example campaign); a rules question that names someone of the
campaign stays a rules question."""

from pathlib import Path

import pytest

from dm_companion.memory.campaign import ensure_example, open_campaign

pytestmark = pytest.mark.model  # the memories and the SRD index embed with the real model


@pytest.fixture(scope="module")
def assistant(book, srd_index, tmp_path_factory):
    from dm_companion.assistant.rules_qa import RulesAssistant

    folder = tmp_path_factory.mktemp("campaigns")
    ensure_example(Path(folder))
    return RulesAssistant(None, book, srd_index, open_campaign(Path(folder), "example").memory)


@pytest.mark.parametrize(
    "question, memory",
    [
        ("what do we know about Marra Quill?", "ex-marra"),
        ("remind me who Pell is", "ex-pell"),
        ("did the party ever meet Wil Dunnock?", "ex-ferryman"),
        ("what's the deal with Grandmother Silt", "ex-grandmother-silt ex-hag-bargain"),
        ("what does Garrick's amulet do?", "ex-dawn-amulet"),  # the campaign's amulet, not the SRD's
        ("where did we leave off last time?", "ex-session-5"),
        ("recap the second session", "ex-session-2"),  # the one named, not the last
        ("what does Mother Hesk want from us?", "ex-hesk-request"),  # a job asked: the quest's record
        ("what did Marra Quill ask us to do?", "ex-tax-ledger"),
        ("what's the deal with Baron Greave", "ex-baron"),  # the title with both names, not Greave Keep
        ("who runs the ferry?", "ex-ferryman"),  # a "who" with no name: the SRD names no one
        ("what fought us in the drowned chapel", "ex-marsh-dead ex-session-5"),  # the fight told
        ("who is Garrick at odds with?", "ex-garrick-vow"),  # someone else than Garrick
        ("who does Sir Aldous owe money to?", "ex-aldous"),  # ... though his own record says it
        ("what's the job Marra gave us", "ex-tax-ledger"),  # her quest, which the search missed
        ("what did the ghoul do to Tamsin", "ex-marsh-dead ex-tamsin-scar"),  # the past is the campaign's
        ("who took bribes from the Silt Kin", "ex-ferryman ex-wil-betrayal ex-aldous"),  # not the Kin
        ("what does Garrick carry?", "ex-dawn-amulet"),  # "carries" in the record
        ("what lives in the drowned chapel?", "ex-grandmother-silt"),  # who, not the chapel itself
        ("what's Tamsin's backstory", "ex-tamsin"),  # her own record, not her scar's
        ("where's the spellbook now?", "ex-spellbook-found"),  # the latest: found, not lost; not the SRD's
        ("any news on the war?", "ex-war-rumour"),  # the SRD tells no news (nor of war picks)
        ("where is the ledger kept", "ex-customs-house ex-aldous"),
        ("who's the gnome in Harrowgate", "ex-pell"),  # a person, though the SRD has gnomes
        ("what does our dog bark at", "ex-dog"),  # the party's dog: a memory is titled by it
        ("what came out of the water when the bell rang", "ex-marsh-dead ex-bell-tower"),  # told in the past
        ("what did Mother Hesk sell the party", "ex-healing-potions"),  # "sell" asked, "sold" told
        ("why were the smugglers warned", "ex-wil-betrayal"),  # why, in the past: the story
        ("what can the amulet of the dawn do", "ex-dawn-amulet"),  # a title in full, an SRD word in it
        ("what do the candle boats of the festival mean", "ex-river-gods"),  # a title's word the SRD lacks
        ("who's playing the halfling", "ex-tamsin"),  # someone at the table, not the SRD's halflings
        ("what kind of creature is Grandmother Silt", "ex-grandmother-silt"),  # her record, not her bargain
        ("does the dog react to undead", "ex-dog"),  # "Biscuit the dog", not the SRD's death dog
        ("what's in Orrin's book", "ex-spellbook-found ex-cipher"),  # what it holds, not that it was lost
        ("tell me about the Baron", "ex-baron"),  # his record, not a rumour naming him
        ("what does Grandmother Silt trade in", "ex-grandmother-silt"),  # what she does, not one trade
        ("how many war mages at the keep", "ex-greave-keep"),  # the note holds more of it than a wand
        ("which street is the gnome's shop on", "ex-pell"),  # ... than the Gnome race
        ("why is the baron raising taxes", "ex-baron"),  # the SRD has nothing on it
        ("what's inside orrin's book", "ex-spellbook-found ex-cipher"),  # a name typed in lowercase
        ("what did ysolde give up to the hag", "ex-hag-bargain"),
        ("how far is Harrowgate from the village", "ex-harrowgate"),  # its record, not the village's
        ("which pc got paralysed by the ghoul", "ex-marsh-dead ex-tamsin-scar"),  # the party's, not the SRD's
        ("who is the baron going to war with", "ex-war-rumour ex-vessany"),  # not the baron's own record
        ("who guards Greave Keep", "ex-greave-keep"),  # the place's record tells who, not the Baron's
    ],
)
def test_a_campaign_question_is_answered_from_the_memory_it_asks_about(assistant, question, memory):
    reply = assistant.reply(question)
    reply.consume()
    assert reply.mode == "memory" and reply.sources[0].passage.id.removeprefix("memory/") in memory.split()


@pytest.mark.parametrize(
    "question",
    [
        "can Garrick turn undead twice?",
        "does Tamsin get sneak attack with a shortbow?",
        "who can cast wish?",
        "who attacks first in a surprise round?",
        "does our rogue get sneak attack with a longbow?",  # "our" names no memory's title
        "what was the range of fireball again?",  # a rules question in the past tense
        "why was my concentration broken when I took damage?",  # why, in the past, of a rule
        "how much does an amulet cost?",  # one word of a memory's title, and the SRD's
        "what's inside a bag of holding?",
    ],
)
def test_a_rules_question_naming_the_party_stays_with_the_srd(assistant, question):
    reply = assistant.reply(question)
    reply.consume()
    assert reply.mode != "memory" and all(s.kind != "memory" for s in reply.sources)


def test_a_name_the_campaign_lacks_is_said_to_be_missing_from_the_srd(assistant):
    """ "Silvery Barbs" is no name of the campaign's (its words are not its names' words), so a
    one-line question leaning on it is not answered from a nearby rule."""
    reply = assistant.reply("Is Silvery Barbs a reaction?")
    assert reply.consume().startswith("Silvery Barbs isn't in the SRD") and reply.mode == "not-found"


def test_a_name_asked_about_in_a_kept_chat_turn_is_no_campaign_name(assistant):
    """A kept chat turn holds the DM's own words: asking about Silvery Barbs once does not make
    it the campaign's, so the second asking is refused as the first was."""
    from dm_companion.assistant.recall import chat_turn

    question = "Is Silvery Barbs a reaction?"
    turn = assistant.memory.add(chat_turn(question, "Silvery Barbs isn't in the SRD.", [], 1))
    try:
        assert assistant.reply(question).consume().startswith("Silvery Barbs isn't in the SRD")
    finally:
        assistant.memory.delete(turn.id)


def test_a_kept_chat_turn_is_no_memory_title(assistant):
    """A chat turn is titled by the DM's question: its words name no memory of the campaign."""
    from dm_companion.assistant.campaign_questions import calls_the_campaigns, memory_titles, named_by_title
    from dm_companion.assistant.recall import chat_turn

    question = "does our warlock's hexblade curse work on a wyvern"
    turn = assistant.memory.add(chat_turn(question, "I couldn't find that in the SRD.", [], 1))
    try:
        titles = memory_titles(assistant.memory)
        assert question not in titles and "Amulet of the Dawn" in titles
        assert not calls_the_campaigns(titles, question, assistant.srd)
        assert not named_by_title(titles, question, lambda word: False)
    finally:
        assistant.memory.delete(turn.id)


def test_the_campaigns_names_are_the_words_its_memories_always_capitalize(assistant):
    from dm_companion.assistant.campaign_questions import campaign_names, recased

    names = campaign_names(assistant.memory)
    assert {"orrin", "tamsin", "harrowgate", "ysolde"} <= names
    assert not {"mother", "keep", "street", "the"} & names  # said in lowercase too, or everyday English
    assert recased("can tamsin keep orrin's book", names) == "can Tamsin keep Orrin's book"


def test_someone_is_called_as_a_title_calls_them_unless_the_srd_has_that_name(book):
    from dm_companion.assistant.campaign_questions import calls_the_campaigns

    titles = ["Biscuit the dog", "Grok the ogre", "Old Bram, innkeeper", "The tunnel under the old mill"]
    assert calls_the_campaigns(titles, "does the dog bark at undead", book)
    assert calls_the_campaigns(titles, "is the innkeeper honest?", book)
    assert not calls_the_campaigns(titles, "what's the ogre's armor class?", book)  # the SRD's Ogre
    assert not calls_the_campaigns(titles, "how long is the tunnel", book)  # no one's name: a place
