"""Questions about the campaign, in the words a DM uses at the table: "what do we know about
Oskel", "remind me who Oskel is", "did the party meet Oskel", "where did we leave off".

A name the campaign's memories hold outranks the SRD unless it is an SRD entry's name (the
campaign's Oskel is no rule; its goblins are still the SRD's goblins): the memories answer when
one of those close to the question names it, those naming who or what is asked about first (a
place the question only places it in, "the innkeeper in Brindlewood", leaves the innkeeper's
notes first), a person's record first for "who", a place's for "where", a quest's for a job,
an errand, a reward or what someone wants of the party, the record whose title holds more of
the names where a question names its subject by several ("Baron Greave"), a session's summary
last unless a session is asked about (it names everyone). "Where did we leave off" is the last
session's summary. A question phrased about the party ("what do we know about the hag", "what
attacked us", "what did we trade": the SRD tells no past) takes the campaign's closest memories
(`ABOUT_PARTY` close, or `WORDS_MATCH` with two of its words) even when an SRD passage is closer
(`asked_about_party`, `party_notes`): an encounter first for a fight, an event for what the party
did. "Who is X at war with", "who took bribes from X" ask for another than X: X's own record
comes after those sharing the question's words (`another`). A memory is close enough to answer
when `ABOUT_PARTY` close, or `WORDS_MATCH` close with two of the question's words, a name counting
once (`close_to`: "what did Mother Hesk sell us" meets "Hesk sold the party three potions"). A
memory's title said ("the amulet of the dawn") is the campaign's beside an SRD word (`named_by_title`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dm_companion.assistant.known_words import everyday
from dm_companion.assistant.question_terms import content_stems
from dm_companion.assistant.recall import recall
from dm_companion.memory.records import KINDS, Memory
from dm_companion.memory.store import Found, MemoryStore
from dm_companion.proper_names import OPENERS, proper_names
from dm_companion.srd.repository import SRD
from dm_companion.wording import COUNTED, PLACING, SENTENCE_END, STOPWORDS

SEARCHED = 8
ABOUT_PARTY = 0.3  # cosine at which a memory answers a question asked about the campaign (off-topic: < 0.3)
WORDS_MATCH = 0.2  # enough where the memory also holds two of the question's words ("warned the smugglers")
_NOW = r"\b(?:now|these days|currently)\b"  # what is so at present: the latest memory first
# A question asked in the past tense tells of the campaign's story ("what came out of the water when
# the bell rang", "who fled the chapel"): the SRD tells rules, in the present. ("What was the range of
# fireball again" is a rules question in the past tense: "was" is not among the verbs.)
_TOLD_IN_THE_PAST = (
    r"^\s*(?:so |and )?(?:what|who|which)(?: \w+)? (?:came|went|rose|appeared|happened|"
    r"emerged|crawled|fled|rang|said|told|gave|took|found|got|showed up)\b"
)
_ABOUT_PARTY = re.compile(
    r"\b(?:know about|remind me|the (?:deal|story) with|did (?:we|the party|they)|what happened|"
    r"happened to|(?:gave|told|sold|attacked|asked|offered|owes?) (?:us|the party)|party's|"
    r"we (?:found|met|fought|killed|saw|got|bought|took|looted|rescued|lost|left)|why (?:was|were|did|had)|"
    r"(?:are|were) we (?:planning|going|doing|supposed)|(?:our|the party's) (?:plans?|next)|do next|"
    rf"(?:what|who|where|when|how) did|(?:where|what|who)\b.*{_NOW}|{_TOLD_IN_THE_PAST}|"
    r"where (?:is|are|was|were) [\w' ]+ (?:kept|hidden|stored|buried)|news|rumou?rs?|gossip|"
    r"who(?:'s| is)? play(?:s|ing)|whose (?:character|pc)|which (?:pcs?|players?|(?:one )?of us))\b",
    # the SRD tells no past ("what happened"), no present ("where's the spellbook now", "where is
    # the ledger kept"), no news and no one at the table ("who's playing the dwarf", "which of us")
    re.IGNORECASE,
)
_COUNTED = "|".join(COUNTED)
_SESSION_NAMED = re.compile(
    rf"\bsession\s+#?\s*(\d{{1,3}}|{_COUNTED})\b|\b({_COUNTED}) session\b", re.IGNORECASE
)
_RECAP = re.compile(
    r"\b(?:where (?:did|do) we (?:leave|stop|pick)|last (?:session|time)|recap|previously)\b", re.IGNORECASE
)
_NOT_NAMES = OPENERS | frozenset(
    "did do does who whom whose what whats what's where when why how remind tell is was were party dm".split()
)
_KIND_ASKED = {"who": "npc", "whom": "npc", "where": "place"}  # what "who ..." and "where ..." ask for
_ASKS_A_PERSON = re.compile(  # who lives somewhere, or someone's own story: the person's record
    r"\bwhat (?:lives|dwells|lurks)\b|\b(?:backstory|background|back story|life story)\b", re.IGNORECASE
)
_ASKS_A_FIGHT = re.compile(  # what the party fought: the encounter's memory
    r"\b(?:attack(?:ed|s)?|ambush(?:ed)?|fought|fight|fighting) (?:us|the party|we)\b|"
    r"\bdid (?:we|the party) fight\b",
    re.IGNORECASE,
)


def _asks_what_it_is(name: str, question: str) -> bool:
    """Whether the question asks what or who its subject is ("... is Grandmother Silt?", "tell me
    about the Baron") or what it does ("what does Grandmother Silt trade in"; not "what did")."""
    the_name = rf"(?:the\s+)?{re.escape(name)}"
    return bool(
        re.search(rf"\b(?:is|are|was|were)\s+{the_name}\W*$", question, re.IGNORECASE)
        or re.search(rf"\b(?:tell|remind) (?:me|us)\b.*\babout\s+{the_name}\W*$", question, re.IGNORECASE)
        or re.match(rf"\s*what (?:does|do)\s+{the_name}\b", question, re.IGNORECASE)
    )


_ASKS_WHO = re.compile(r"\s*(?:who|whom)\b", re.IGNORECASE)
_ASKS_ANOTHER = re.compile(  # "who is X at war with", "who does X work for": not X's own record
    r"^\s*(?:who|whom)\b.*\b(?:with|for|to|from|against)\s*\??\s*$", re.IGNORECASE
)
# What only a memory of its kind tells (what the party did, fought or was asked to do); a person
# or a place is told by any memory naming them ("who warned the smugglers": Wil's betrayal).
TOLD_ONLY_BY_ITS_KIND = ("event", "encounter", "quest")
_ASKS_AN_EVENT = re.compile(r"\b(?:what|when|how) did (?:we|the party|they)\b", re.IGNORECASE)
_ASKS_A_QUEST = re.compile(  # what someone set the party to do, and for what: the quest's memory
    r"\b(?:jobs?|errands?|tasks?|quests?|rewards?|offer(?:s|ed)?|promis(?:e|es|ed)|owes?|pay|"
    r"asks?(?:ed)? (?:us|the party|them) to|wants? (?:from|us to)|gave (?:us|the party) (?:a|the))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CampaignQuestion:
    """What a question may ask of the campaign: the names it uses that the SRD lacks (and of
    those, who or what it asks about rather than where), the kind of memory its "who" or "where"
    asks for, and whether it asks for a recap."""

    text: str
    names: tuple[str, ...]
    asked_about: tuple[str, ...]  # none when its names only place it ("in Brindlewood")
    kind: str | None
    recap: bool
    another: bool = False  # asks who stands to its names ("who is the Baron at war with")

    @property
    def asks_a_person(self) -> bool:
        """Whether it asks who, beside a name of the campaign's ("who's the gnome in Harrowgate"):
        the SRD holds gnomes, not the campaign's people."""
        return bool(_ASKS_WHO.match(self.text))

    @property
    def owned(self) -> bool:
        """Whether it asks about a thing of one of its names ("Garrick's amulet"): the campaign's
        thing, though the SRD has amulets."""
        said = self.text.replace("\u2019", "'")
        return any(f"{name}'" in said for name in self.names)


def asked_about_party(question: str) -> bool:
    """Whether the question asks about the party's own story ("what do we know about the hag",
    "what fought us in the chapel")."""
    return bool(_ABOUT_PARTY.search(question) or _ASKS_A_FIGHT.search(question))


def memory_titles(store: MemoryStore | None) -> list[str]:
    """The titles of the campaign's own memories, read once per question: not those of the chat
    turns kept beside them, which are titled by the DM's own questions (a rules question asked
    twice would otherwise name a memory by its title)."""
    return [m.title for m in campaign_memories(store)]


def campaign_memories(store: MemoryStore | None) -> list[Memory]:
    """The campaign's own memories, without the chat turns kept beside them: those hold the DM's
    own words, which name nothing of the campaign's."""
    if store is None:
        return []
    return store.list(kinds=[kind for kind in KINDS if kind != "chat turn"])


def campaign_names(store: MemoryStore | None) -> frozenset[str]:
    """The words the campaign's memories write as names, lowercased: capitalized wherever they
    stand but a sentence's start, never written in lowercase, and no everyday English ("Orrin",
    "Tamsin"; not "Mother", which "her mother's face" also says, nor "Keep" of "Greave Keep")."""
    capital, lower = set(), set()
    for memory in campaign_memories(store):
        for sentence in SENTENCE_END.split(f"{memory.title}. {memory.text}"):
            for at, word in enumerate(re.findall(r"[A-Za-z]+", sentence)):
                if word.islower():
                    lower.add(word)
                elif at and word[0].isupper() and word[1:].islower():
                    capital.add(word.lower())
    return frozenset(word for word in capital - lower if not everyday(word))


def recased(question: str, names: frozenset[str]) -> str:
    """The question with the campaign's names capitalized as its memories write them: a DM types
    "what's inside orrin's book" and means Orrin's."""
    return re.sub(r"\b[a-z]+\b", lambda m: m[0].capitalize() if m[0] in names else m[0], question)


def calls_the_campaigns(titles: list[str], question: str, srd: SRD) -> bool:
    """Whether the question asks about a thing of the party's that a memory is titled by ("what
    does our dog bark at": "Biscuit the dog"), or calls someone what a memory's title calls them
    ("does the dog bark at undead": "Biscuit the dog"; "what does the sage charge": "Pell the
    sage"; "the river hag": "Grandmother Silt, the river hag"), unless that is an SRD entry's name
    ("the ogre" is the SRD's though the campaign has "Grok the ogre"). "Our rogue" in a rules
    question names no memory's title, so the rules answer it."""
    lowered = question.lower().replace("\u2019", "'")
    owned = re.findall(r"\b(?:our|the party's)\s+([a-z]+)", lowered)
    words = {word for title in titles for word in re.findall(r"[a-z]+", title.lower())}
    if any(word in words or word.rstrip("s") in words for word in owned):
        return True
    epithets = [m.group(1) for title in titles if (m := _EPITHET.match(title))]
    return any(
        re.search(rf"\bthe {re.escape(epithet)}\b", lowered) and not _srd_name(epithet, srd)
        for epithet in epithets
    )


# What a title calls someone, after their name: "Wil the ferryman", "Old Bram, innkeeper".
_EPITHET = re.compile(r"(?:[A-Z][\w'-]* )*[A-Z][\w'-]*(?:,| the) (?:the )?([a-z][a-z ]*?)(?: of \w.*)?$")


def named_by_title(titles: list[str], question: str, srd_knows: Callable[[str], bool]) -> bool:
    """Whether the question calls a memory by its title, in any case and beside SRD words: every
    word of a title of two or more ("the amulet of the dawn"), or a common word of a title that
    the SRD never uses ("when is the candle boat festival"). A name alone ("can Garrick turn
    undead twice") leaves a rules question with the rules."""
    asked = set(re.findall(r"[a-z]+", question.lower()))
    for whole in titles:
        title = whole.split(",")[0]
        words = [w for w in re.findall(r"[a-z]+", title.lower()) if w not in STOPWORDS]
        if len(words) >= 2 and asked.issuperset(words):
            return True
        if any(len(w) >= 4 and w in asked and not srd_knows(w) for w in re.findall(r"\b[a-z]+", title)):
            return True
    return False


def names_asked(question: str, srd: SRD) -> tuple[str, ...]:
    """The capitalized words of the question that may name someone or something of the
    campaign ("Garrick's": Garrick): no word that opens a question, no SRD entry's name."""
    found = [re.sub(r"'s$", "", name) for name, _ in proper_names(question.replace("\u2019", "'"))]
    return tuple(name for name in found if name.lower() not in _NOT_NAMES and not _srd_name(name, srd))


def _srd_name(name: str, srd: SRD) -> bool:
    """Whether the word is an SRD entry's name as spelled ("Goblin"; "Garrick" is not "Grick")."""
    return any(mention.exact for mention in srd.mentions(name))


def campaign_question(question: str, srd: SRD) -> CampaignQuestion | None:
    """The question read for the campaign, or None when it names nothing the campaign may hold
    and asks for no recap (and the memories are not opened)."""
    names, recap = names_asked(question, srd), bool(_RECAP.search(question))
    if not names and not recap:
        return None
    about = tuple(name for name in names if not _placed(question, name))
    another = _ASKS_WHO.match(question) and names and not about  # who took bribes from X
    if _ASKS_ANOTHER.search(question) or another:
        return CampaignQuestion(question, names, names, None, recap, another=True)
    return CampaignQuestion(question, names, about, kind_asked(question), recap)


def _placed(question: str, name: str) -> bool:
    """Whether the question only places the name ("in Brindlewood", "from the Silt Kin"): a
    placing word before it, or before the capitalized words of the name it ends."""
    placing = "|".join(PLACING)
    return bool(re.search(rf"\b(?:{placing})\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+)*{re.escape(name)}\b", question))


def kind_asked(question: str) -> str | None:
    """The kind of memory the question asks for: a person for "who", what lives somewhere or
    someone's backstory, a place for "where", an encounter for what attacked the party, an event
    for what the party did, a quest for a job or a reward; None when it does not say."""
    if _ASKS_A_FIGHT.search(question):
        return "encounter"
    asks = re.search(r"\b(who|whom|where)\b", question, re.IGNORECASE)
    if asks and _ASKS_ANOTHER.search(question):
        return None  # "who is the baron going to war with": a city, a band, anyone but him
    if asks:
        return _KIND_ASKED[asks.group(1).lower()]
    if _ASKS_A_PERSON.search(question):
        return "npc"
    if _ASKS_AN_EVENT.search(question):
        return "event"
    return "quest" if _ASKS_A_QUEST.search(question) else None


def _named(memory: Memory, names: tuple[str, ...]) -> int:
    said = f"{memory.title} {memory.text}".lower()
    return sum(bool(re.search(rf"\b{re.escape(name.lower())}\b", said)) for name in names)


def _titled(found: Found, names: tuple[str, ...]) -> int:
    """How many of the names asked about the memory's title has, where a question names its
    subject by several ("Baron Greave": Baron Ottmar Greave's record before Greave Keep's, though
    neither says "Baron Greave"). One name in a title is no sign: "Garrick's amulet" is the
    amulet's record, not Garrick's."""
    if len(names) < 2:
        return 0
    title = set(re.findall(r"[a-z]+", found.memory.title.lower()))
    return sum(name.lower() in title for name in names)


def _its_record(memory: Memory, names: tuple[str, ...]) -> bool:
    """Whether the memory's title is the name asked about, whole ("Harrowgate", "Greave Keep"):
    its own record, before those sharing only the question's other words ("how far is Harrowgate
    from the village": Brindlewood's record says "village"), unless a kind told only by its own
    memories is asked ("the Harrowgate job": the quest; "who guards Greave Keep": the keep's)."""
    title = re.sub(r"^the ", "", memory.title.lower())
    return any(title == re.sub(r"^the ", "", name.lower()) for name in (*names, " ".join(names)))


def campaign_notes(store: MemoryStore | None, asked: CampaignQuestion) -> list[Found]:
    """The memories that answer a campaign question, best first; [] when none close to it names
    what it asks about."""
    if store is None:
        return []
    if asked.recap:
        summaries = store.list(kinds=["session summary"])
        number = session_named(asked.text)
        if number is not None:  # "recap session 2": that one, not the last
            summaries = [m for m in summaries if m.session == number]
        last = max(summaries, key=lambda m: (m.session, m.created), default=None)
        return [Found(last, 1.0, 1.0)] if last is not None else []
    found = store.search(asked.text, SEARCHED, exclude_kinds=["chat turn"])
    shared_words = words_shared(asked.text, asked.names)  # its names count once: "Mother Hesk" is one
    found = close_to(found, lambda memory: shared_words(memory) + bool(_named(memory, asked.names)))
    if asked.kind and asked.asked_about:  # "the job Marra gave us": Marra's quest, however it is worded
        seen = {f.memory.id for f in found}
        found += [
            Found(m, 0.0, ABOUT_PARTY)
            for m in store.list(kinds=[asked.kind])
            if m.id not in seen and _named(m, asked.asked_about)
        ]
    if not any(_named(f.memory, asked.names) for f in found):
        return []
    session_asked = "session" in asked.text.lower()
    subject = " ".join(asked.asked_about)
    what_it_is = bool(subject) and _asks_what_it_is(subject, asked.text)

    def rank(pair: tuple[int, Found]) -> tuple:
        at, f = pair
        summary = f.memory.kind == "session summary" and not session_asked
        own = asked.another and any(name.lower() in f.memory.title.lower() for name in asked.names)
        shared = shared_words(f.memory)
        other_kind = bool(asked.kind) and f.memory.kind != asked.kind
        told_elsewhere = other_kind and asked.kind in TOLD_ONLY_BY_ITS_KIND  # "the Harrowgate job"
        titled = -_titled(f, asked.asked_about)
        return (
            -_named(f.memory, asked.asked_about),
            not (_its_record(f.memory, asked.asked_about) and not asked.another and not told_elsewhere),
            summary,
            -shared,
            own,
            other_kind,
            titled,
            -record(f),
            at,
        )

    def record(f: Found) -> bool:
        """Whether the question asks what or who its subject is and the memory is the subject's
        record, its title opening with their name ("what kind of creature is Grandmother Silt":
        "Grandmother Silt, the river hag" before "Bargain with Grandmother Silt"; "what did Ysolde
        give up" asks what she did, not who she is)."""
        return what_it_is and f.memory.title.startswith(subject)

    return [f for _, f in sorted(enumerate(found), key=rank)]


def session_named(question: str) -> int | None:
    """The session a question names ("session 2", "session two", "the second session"), if any."""
    match = _SESSION_NAMED.search(question)
    if match is None:
        return None
    said = (match.group(1) or match.group(2)).lower()
    return int(said) if said.isdigit() else COUNTED[said]


def words_shared(question: str, names: tuple[str, ...] = ()) -> Callable[[Memory], int]:
    """How many of the question's words, its names aside, a memory's title and text share ("who
    warned the smugglers": "Wil warned the smugglers" before "The Silt Kin smugglers"); asking
    what is in a thing meets a memory telling what something holds ("It holds fireball")."""
    asked = content_stems(question) - content_stems(" ".join(names))
    contents = bool(_ASKS_CONTENTS.search(question))  # "what's in the book": what it holds

    def shared(memory: Memory) -> int:
        said = f"{memory.title} {memory.text}"
        return len(asked & content_stems(said)) + (contents and bool(_TELLS_CONTENTS.search(said)))

    return shared


_ASKS_CONTENTS = re.compile(r"\bwhat(?:'s|\u2019s| is| was| were)? (?:in|inside)\b", re.IGNORECASE)
_TELLS_CONTENTS = re.compile(r"\b(?:holds?|held|contains?|contained|inside)\b", re.IGNORECASE)


def party_notes(store: MemoryStore | None, question: str) -> list[Found]:
    """The memories close to a question about the party's own story or about someone
    (`ABOUT_PARTY` close, or `WORDS_MATCH` close with two of its words), those sharing more of
    its words first, then those of the kind it asks for ("what attacked us at the bell tower":
    the encounter there, before the bell tower's own record), then, where it asks what is so
    "now", the latest session's."""
    kind, shared = kind_asked(question), words_shared(question)
    now = bool(re.search(_NOW, question, re.IGNORECASE))

    def rank(f: Found) -> tuple:
        other_kind = bool(kind) and f.memory.kind != kind
        latest = -f.memory.session if now else 0  # "where's the spellbook now": found, not lost
        return (other_kind and kind in TOLD_ONLY_BY_ITS_KIND, -shared(f.memory), other_kind, latest)

    return sorted(close_to(recall(store, question, limit=SEARCHED, relevant=WORDS_MATCH), shared), key=rank)


def close_to(found: list[Found], shared: Callable[[Memory], int]) -> list[Found]:
    """The memories close enough to answer: `ABOUT_PARTY` close, or `WORDS_MATCH` close with two
    of the question's words."""
    return [
        f
        for f in found
        if f.similarity >= ABOUT_PARTY or (f.similarity >= WORDS_MATCH and shared(f.memory) >= 2)
    ]
