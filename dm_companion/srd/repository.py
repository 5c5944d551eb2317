"""The SRD in memory: every entry by kind and index, found by name the way a DM types it.

The whole 2014 SRD is a few MB of JSON, so it is read once and kept; lookups are dictionary
hits, with difflib for typos.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from dm_companion.errors import DMCError
from dm_companion.lazy import shared
from dm_companion.srd import names
from dm_companion.srd.database import connect
from dm_companion.srd.entries import CharClass, Entry, Equipment, Feature, Race, Spell, Subrace, Trait
from dm_companion.srd.everyday_names import AMBIGUOUS, KIND_HINTS, THING_HINTS
from dm_companion.srd.monster import Monster

KIND_CLASSES: dict[str, type[Entry]] = {
    "monster": Monster,
    "spell": Spell,
    "class": CharClass,
    "race": Race,
    "subrace": Subrace,
    "feature": Feature,
    "trait": Trait,
    "equipment": Equipment,
}  # the typed view of each kind


# kind -> table; the order is the preference when one name means several things.
TABLES = {
    "monster": "monsters",
    "spell": "spells",
    "class": "classes",
    "race": "races",
    "subrace": "subraces",
    "condition": "conditions",
    "rule": "rule_sections",
    "feature": "features",
    "trait": "traits",
    "equipment": "equipment",
    "magic-item": "magic_items",
    "damage-type": "damage_types",
    "background": "backgrounds",
    "skill": "skills",
    "feat": "feats",
    "weapon-property": "weapon_properties",
}

# The damage rules' own phrase: "resistance to fire", "resistant against poison" never names the
# Resistance cantrip, whose hint ("damage") the phrase carries.
_DAMAGE_RULE = re.compile(r"\bresist\w* (?:to|against)\b")
# Small words a typo never runs into a name ("dragon or" is no Dragonborn, "she changes" no Shapechange).
_CASTING = frozenset("cast casts casting casted".split())
_SMALL_WORDS = frozenset(
    """a an the or and of to is it in on at for by as be do if my so no vs
    i me we us he she his her him they them you your our its this that""".split()
)
FUZZY_KINDS = ("monster", "spell", "class", "race", "subrace", "condition")
# Words by which a question says what kind of thing it names: "the shield spell" is the spell,
# not the shield; such a mention is tried first.
KIND_WORDS = {
    "spell": ("spell", "cantrip"),
    "monster": ("monster", "creature"),
    "equipment": ("weapon", "item", "gear"),
    "condition": ("condition",),
    "class": ("class",),
    "race": ("race",),
}


@dataclass(frozen=True)
class Mention:
    entry: Entry
    start: int  # word position in the question
    end: int
    exact: bool


def said_kinds(question: str) -> set[str]:
    """The kinds of entry a (lower-case) question names outright: "the shield spell" says spell."""
    return {
        kind for kind, words in KIND_WORDS.items() if any(re.search(rf"\b{w}\b", question) for w in words)
    }


def _its_own_ability(mention: Mention, monsters: list[Entry]) -> bool:
    """Whether an everyday word that is also a spell's name is a named monster's own: an ability
    ("can a troll regenerate after fire damage?" asks about the troll's Regeneration, not the
    Regenerate spell) or a line of its stat block ("does a ghost have resistance to necrotic
    damage?" asks for its damage resistances, not the Resistance cantrip)."""
    word = names.normal(mention.entry.name)
    if mention.entry.kind != "spell" or word not in AMBIGUOUS["spell"] or len(word) < 5:
        return False
    root = word[:-2]  # "regenerate" -> "regenera", met in "Regeneration"
    return any(
        root in key
        or any(
            names.normal(ability.get("name", "")).startswith(root)
            for ability in value
            if isinstance(ability, dict)
        )
        for monster in monsters
        for key, value in monster.data.items()
        if isinstance(value, list)
    )


class SRD:
    def __init__(self) -> None:
        self.by_kind: dict[str, dict[str, Entry]] = {}
        self._tables: dict[str, dict[str, dict]] = {}
        with connect() as db:
            for kind, table in TABLES.items():
                cls = KIND_CLASSES.get(kind, Entry)
                rows = db.execute(f"SELECT [index], name, data FROM {table}").fetchall()
                self.by_kind[kind] = {
                    index: cls(kind, index, name or index, json.loads(data)) for index, name, data in rows
                }
            levels = defaultdict(list)
            for (data,) in db.execute("SELECT data FROM levels"):
                level = json.loads(data)
                levels[level["class"]["index"]].append(level)
        for index, entry in self.by_kind["class"].items():
            entry.data["_levels"] = sorted(levels[index], key=lambda level: level["level"])
        self._names: dict[str, list[Entry]] = defaultdict(list)
        self._compact: dict[str, list[Entry]] = defaultdict(list)
        for kind in TABLES:
            for entry in self.by_kind[kind].values():
                self._names[names.normal(entry.name)].append(entry)
                self._compact[names.compact(entry.name)].append(entry)
        for kind in ("feature", "trait"):  # "Action Surge (2 uses)" is Action Surge as a DM says it
            for entry in self.by_kind[kind].values():
                key = names.normal(names.plain_name(entry.name))
                if key not in self._names:
                    self._names[key].append(entry)
                    self._compact[key.replace(" ", "")].append(entry)
        for entry in self.by_kind["equipment"].values():  # "Crossbow, light" is a light crossbow
            # and "Horse, riding" a riding horse, beside the creature of that name
            key = names.normal(entry.said_name.split(" (")[0])
            if all(e.kind != "equipment" for e in self._names.get(key, [])):
                self._names[key].append(entry)
                self._compact[key.replace(" ", "")].append(entry)
        for said, spell in names.OWNED_SPELLS.items():  # "Tasha's Hideous Laughter" is Hideous Laughter
            entries = self._names.get(names.normal(spell), [])
            self._names[names.normal(said)] += entries
            self._compact[names.compact(said)] += entries
        forms: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.by_kind["monster"].values():
            head, _, form = entry.name.partition(", ")
            if form:
                forms[names.normal(head)].append(entry)
        for head, entries in forms.items():
            # "Vampire, Vampire Form" is what a DM calls "vampire"; a werewolf is met in
            # "Human Form" first: the form named after the whole, else the first listed.
            if head not in self._names:
                named = [e for e in entries if head in names.normal(e.name.partition(", ")[2])]
                main = (named or entries)[0]
                self._names[head].append(main)
                self._compact[head.replace(" ", "")].append(main)
        self._compact_keys = sorted(self._compact)
        self.vocabulary = {word for key in self._names for word in key.split()}
        self._fuzzy_keys = sorted(
            k for k, entries in self._compact.items() if any(e.kind in FUZZY_KINDS for e in entries)
        )
        self._max_words = max(len(key.split()) for key in self._names)

    @cached_property
    def prose_words(self) -> frozenset[str]:
        """Every word the SRD's descriptions use: a word of these is written as meant, no typo."""
        return frozenset(self._prose)

    @cached_property
    def _spell_phrases(self) -> frozenset[str]:
        """The SRD prose's pairs of words whose second is an everyday-word spell name ("holy
        symbol", "bright light"): where that word names the thing, not the spell."""
        return frozenset(f"{a} {b}" for a, b in itertools.pairwise(self._prose) if b in AMBIGUOUS["spell"])

    @cached_property
    def _prose(self) -> list[str]:
        """The SRD's descriptions, word by word, normalized."""
        return [w for k in self.by_kind.values() for e in k.values() for w in names.words(e.description)]

    # -- typed accessors -------------------------------------------------------------------
    @cached_property
    def monsters(self) -> dict[str, Monster]:
        return self.by_kind["monster"]  # type: ignore[return-value]

    @cached_property
    def spells(self) -> dict[str, Spell]:
        return self.by_kind["spell"]  # type: ignore[return-value]

    @cached_property
    def classes(self) -> dict[str, CharClass]:
        return self.by_kind["class"]  # type: ignore[return-value]

    @cached_property
    def races(self) -> dict[str, Race]:
        return self.by_kind["race"]  # type: ignore[return-value]

    @cached_property
    def subraces(self) -> dict[str, Subrace]:
        return self.by_kind["subrace"]  # type: ignore[return-value]

    def table(self, name: str) -> dict[str, dict]:
        """A table the name lookups leave out (subclasses, languages, alignments, equipment
        categories), read on first use: index -> JSON data."""
        if name not in self._tables:
            with connect() as db:
                rows = db.execute(f"SELECT [index], data FROM {name}").fetchall()
            self._tables[name] = {index: json.loads(data) for index, data in rows}
        return self._tables[name]

    def all(self, kind: str) -> list[Entry]:
        return list(self.by_kind[kind].values())

    def get(self, kind: str, index: str) -> Entry:
        try:
            return self.by_kind[kind][index]
        except KeyError:
            raise DMCError(f"no SRD {kind} with index '{index}'") from None

    # -- finding by name -------------------------------------------------------------------
    def find(self, text: str, kind: str | None = None) -> Entry | None:
        """The entry a name means: exact, then without spaces ("owl bear"), then a near spelling."""
        kinds = [kind] if kind else list(TABLES)
        index_hit = next((self.by_kind[k][text] for k in kinds if text in self.by_kind[k]), None)
        if index_hit:
            return index_hit
        for table in (self._names.get(names.normal(text), []), self._compact.get(names.compact(text), [])):
            for candidate in sorted(table, key=lambda e: list(TABLES).index(e.kind)):
                if candidate.kind in kinds:
                    return candidate
        key = names.compact(text)
        if len(key) < 4:
            return None
        pool = [k for k in self._compact_keys if any(e.kind in kinds for e in self._compact[k])]
        near = names.close_match(key, pool, cutoff=0.8)
        if near:
            return next(e for e in self._compact[near] if e.kind in kinds)
        return None

    def require(self, text: str, kind: str) -> Entry:
        found = self.find(text, kind)
        if found is None:
            choices = names.close_match(
                names.compact(text), [names.compact(e.name) for e in self.all(kind)], 0.5
            )
            hint = f"; did you mean '{self._compact[choices][0].name}'?" if choices else ""
            raise DMCError(f"no SRD {kind} called '{text}'{hint}")
        return found

    def mentions(self, question: str) -> list[Mention]:
        """SRD entries named in a question: exact names (longest first), then near spellings."""
        tokens = names.words(question)
        lowered = question.lower()
        found: list[Mention] = []
        taken: set[int] = set()
        for fuzzy in (False, True):
            for size in range(min(3 if fuzzy else self._max_words, len(tokens)), 0, -1):
                for start in range(len(tokens) - size + 1):
                    span = range(start, start + size)
                    if taken.intersection(span):
                        continue
                    phrase = " ".join(tokens[start : start + size])
                    key = phrase.replace(" ", "")
                    if fuzzy:  # typo tolerance, for the kinds a DM names most, on longer words
                        # a typo is not a name word run into a small word ("dragon or" is no "dragonborn")
                        joined = size > 1 and {tokens[start], tokens[start + size - 1]} & _SMALL_WORDS
                        near = (  # "spending" is no typo of Sending: the SRD's own text says it
                            names.close_match(key, self._fuzzy_keys, 0.88)
                            if len(key) >= 6 and not joined and phrase not in self.prose_words
                            else None
                        )
                        entries = (
                            [e for e in self._compact.get(near, []) if e.kind in FUZZY_KINDS] if near else []
                        )
                    else:
                        entries = self._names.get(phrase) or self._compact.get(key, [])
                    entries = [
                        e for e in entries if self._plausible(e, phrase, lowered) or _capitalized(e, question)
                    ]
                    if (
                        entries
                        and not fuzzy
                        and size == 1
                        and start
                        and self._said_with(tokens[start - 1], phrase)
                    ):
                        entries = [e for e in entries if _capitalized(e, question)]  # "a holy symbol"
                    if entries:
                        found.extend(Mention(e, start, start + size, not fuzzy) for e in entries)
                        taken.update(span)
        said = said_kinds(lowered)
        monsters = [m.entry for m in found if isinstance(m.entry, Monster)]
        found = [m for m in found if not _its_own_ability(m, monsters)]
        return sorted(
            found,
            key=lambda m: (
                not m.exact,
                -(m.end - m.start),
                m.entry.kind not in said,
                m.start,
                list(TABLES).index(m.entry.kind),
            ),
        )

    def _said_with(self, before: str, word: str) -> bool:
        """Whether an everyday-word spell name and the word before it are a phrase of the SRD's
        text ("holy symbol", "bright light"): they name that thing, not the spell Symbol or Light.
        After a word of casting it is the spell, however the SRD says it ("cast darkness")."""
        return before not in _SMALL_WORDS | _CASTING and f"{before} {word}" in self._spell_phrases

    @staticmethod
    def _plausible(entry: Entry, phrase: str, question: str) -> bool:
        ambiguous = AMBIGUOUS.get(entry.kind, frozenset())
        if phrase not in ambiguous and names.normal(entry.name) not in ambiguous:
            return True
        if phrase.startswith("resist") and _DAMAGE_RULE.search(question):
            return False  # "does rage give resistance to bludgeoning damage": the rule, not the cantrip
        owner = getattr(entry, "owner", "").split(" (")[0].lower()  # "rogue evasion": the rogue's
        as_a_thing = re.search(rf"\b(?:an?|the|my|his|her|their|your|its) {re.escape(phrase)}\b", question)
        return (
            bool(owner and re.search(rf"\b{re.escape(owner)}", question))
            or any(hint in question for hint in KIND_HINTS.get(entry.kind, ()))
            or bool(as_a_thing and any(hint in question for hint in THING_HINTS.get(entry.kind, ())))
        )


def _capitalized(entry: Entry, question: str) -> bool:
    """Whether the question writes an everyday-word name as a name, capitalized inside a sentence
    ("Does Heroism stop someone from being frightened?"): the DM means the spell, not heroism."""
    return re.search(rf"(?<=[a-z,;] ){re.escape(entry.name)}\b", question) is not None


srd = shared(SRD)
"""The process-wide SRD, read on first use."""
