"""Which of the recalled notes a description is about: "describe the tavern in Brindlewood" is
the Crooked Lantern's note, not the village's.

Tried as a user would, that request recalled the village first (its name is the request's only
name) and the model moved the village's trade into the inn ("It sells timber ..."). A description
is of one thing, so the model gets only that thing's notes. The thing is what the request names
before a place it puts it in ("in Brindlewood", "at the Ashen Ford", "of the Silt Kin"); among
the notes recalled for the whole request, its note is the one whose title shares most of the
words the thing is called by ("the innkeeper": "Old Bram, innkeeper", not the note of his debt
that calls him so), else the one the campaign's search ranks first for the thing ("the tavern":
the Crooked Lantern inn), with the others whose titles share those of its words ("the old mill":
the tunnel under it and the cache at it). A request that names no thing before
its place ("describe what the party sees at the Crooked Lantern") is about the place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dm_companion.memory.store import Found, MemoryStore
from dm_companion.wording import PLACING, STOPWORDS

SEARCHED = 20  # the search for the thing alone: deep enough to rank every recalled note
_PLACED = re.compile(  # " in Brindlewood", " at the Ashen Ford", " of the Silt Kin"
    rf"\s+(?:{'|'.join(PLACING)})\s+(?:the\s+)?[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*"
)
_ASKING = frozenset(
    "describe narrate write invent imagine improvise roleplay please me us what party sees see arrive "
    "arrives arriving meets meeting player players my our few sentence sentences scene".split()
)


@dataclass(frozen=True)
class Described:
    about: list[Found]  # the notes of the thing described, the best first
    others: list[Found]  # the rest recalled: what must not move into the description


def thing_words(request: str) -> list[str]:
    """The words a request calls the thing it asks about by, in order: its placing names left out
    ("the tavern" of "describe the tavern in Brindlewood"), or kept where nothing else is named."""
    return _words(_PLACED.sub("", request)) or _words(request)


def described(store: MemoryStore | None, request: str, recalled: list[Found]) -> Described:
    """The notes `recalled` for `request` split into the described thing's and the others; a note
    the search for the thing finds that holds every word of it ("the midwife" in Mother Hesk's
    note) is a candidate too, though the whole request did not recall it."""
    if store is None:
        return Described(list(recalled), [])
    words = thing_words(request)
    searched = store.search(" ".join(words) or request, SEARCHED, exclude_kinds=["chat turn"])
    ids = {found.memory.id for found in recalled}
    candidates = (
        list(recalled)
        + [found for found in searched if found.memory.id not in ids and _holds(found, words)][:1]
    )
    if not candidates:
        return Described([], [])
    order = {found.memory.id: place for place, found in enumerate(searched)}
    first = min(  # the note whose title shares most of the thing's words, then the search's best
        candidates,
        key=lambda found: (
            -len(set(words) & set(_words(found.memory.title))),
            order.get(found.memory.id, len(order)),
        ),
    )
    called = set(words) & set(_words(first.memory.title))
    about = [first] + [
        found
        for found in candidates
        if found is not first and called and called <= set(_words(found.memory.title))
    ]
    return Described(about, [found for found in candidates if found not in about])


def _holds(found: Found, words: list[str]) -> bool:
    """Whether a note has each word (or a longer form of it: "smuggler" in "smugglers")."""
    said = re.findall(r"[a-z0-9']+", f"{found.memory.title} {found.memory.text}".lower())
    return bool(words) and all(any(word.startswith(w.rstrip("'")) for word in said) for w in words)


def _words(text: str) -> list[str]:
    """The words of a request or a title that may name a thing, in order, once each."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    return list(dict.fromkeys(word for word in words if word not in STOPWORDS and word not in _ASKING))
