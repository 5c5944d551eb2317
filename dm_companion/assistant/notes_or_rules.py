"""Whether a question is the campaign's or the rules': the campaign's notes answer it when they
answer better than the SRD. The SRD tells no past and names no one of the campaign, so a question
about the party's own story, a "who" or a job, a memory called by its title, and a campaign name
the SRD lacks lean to the notes; a question naming an SRD entry stays a rules question unless a
note is clearly about it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dm_companion.assistant.campaign_questions import (
    asked_about_party,
    calls_the_campaigns,
    kind_asked,
    memory_titles,
    named_by_title,
    party_notes,
)
from dm_companion.assistant.known_words import srd_word
from dm_companion.assistant.question_terms import FRAME_STEMS, content_stems
from dm_companion.assistant.recall import recall

if TYPE_CHECKING:
    from dm_companion.assistant.retrieval import Hit, SRDIndex
    from dm_companion.memory.store import Found, MemoryStore
    from dm_companion.srd.repository import SRD

CLEARLY_ABOUT = 0.55  # similarity at which a passage answers despite an unknown word


def notes_over(
    memory: MemoryStore | None, srd: SRD, index: SRDIndex, question: str, hits: list[Hit]
) -> list[Found]:
    """The campaign's notes when they answer better than the SRD: no SRD entry named ("can
    Garrick turn undead twice" is a rules question), and a note closer to the question than
    the best passage (or the question asks about the party's own story: "what attacked us
    at the bell tower"); else []. The SRD names no one, so a "who" question takes a note
    `ABOUT_PARTY` close ("who rules the valley"), and one clearly about it even beside an SRD
    entry's name ("who can read the cipher in the spellbook"); a question calling a memory by
    its title takes the notes beside an SRD word ("what does the amulet of the dawn do"); the
    party's own story, or someone called as a memory's title calls them, takes them at once; a
    note that holds more of what is asked than the best passage takes it too ("which street is the
    gnome's shop on": Pell's note has the gnome, the shop and the street; the Gnome race one word),
    as do the notes alone when the SRD has nothing ("why is the baron raising taxes")."""
    titles = memory_titles(memory)
    if asked_about_party(question) or calls_the_campaigns(titles, question, srd):
        return party_notes(memory, question)
    person = kind_asked(question) in ("npc", "quest")  # the SRD holds no one, and no one's errands
    told = party_notes(memory, question)
    held = {f.memory.id: _held(question, f"{f.memory.title} {f.memory.text}") for f in told}
    srd_holds = _held(question, f"{hits[0].passage.name} {hits[0].passage.text}") if hits else 0
    if max(held.values(), default=0) > srd_holds:  # "how many war mages at the keep": Greave Keep's
        return told if person else sorted(told, key=lambda f: (-held[f.memory.id], -f.similarity))
    notes = told if person else recall(memory, question)
    if not notes:
        return []
    if named_by_title(titles, question, lambda word: srd_word(word, index)):
        return notes  # "the amulet of the dawn": the campaign's, though the SRD has amulets
    named = any(hit.named for hit in hits) or any(m.exact for m in srd.mentions(question))
    if person and named and notes[0].similarity >= CLEARLY_ABOUT:
        return notes
    if not named and (not hits or notes[0].similarity >= hits[0].similarity):
        return notes
    return []


def _held(question: str, text: str) -> int:
    """How many of the words the question asks about (beyond its frame) the text holds."""
    return len((content_stems(question) - FRAME_STEMS) & content_stems(text))
