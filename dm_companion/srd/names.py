"""Matching names as a DM types them: any case, plurals, spaces or not, small typos."""

from __future__ import annotations

import difflib
import re

_WORD = re.compile(r"[a-z0-9]+")
_IRREGULAR = {
    "wolves": "wolf",
    "dwarves": "dwarf",
    "elves": "elf",
    "halflings": "halfling",
    "men": "man",
    "mice": "mouse",
    "liches": "lich",
    "thieves": "thief",
    "knives": "knife",
    "staves": "staff",
    "harpies": "harpy",
    "mummies": "mummy",
    "succubi": "succubus",
    "fungi": "fungus",
    "lice": "louse",
    "teeth": "tooth",
    "feet": "foot",
}
_IE_NOUNS = {
    "zombie",
    "pixie",
    "movie",
    "cookie",
    "die",
    "tie",
    "pie",
    "lie",
    "hippie",
    "calorie",
    "rookie",
    "goalie",
    "sortie",
    "specie",
}
_KEEP = {
    "was",
    "has",
    "is",
    "its",
    "this",
    "his",
    "us",
    "as",
    "bus",
    "gas",
    "yes",
    "less",
    "chaos",
    "boots",
    "arms",
    "darkness",
    "blindness",
    "deafness",
    "bless",
    "pass",
    "glass",
    "grass",
    "mass",
    "moss",
    "ooze",
    "always",
    "gauntlets",
    "pants",
    "scales",
    "bracers",
    "goggles",
    "pipes",
    "series",
    "species",
    "plus",
}


def singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in _KEEP or len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-1] if word[:-1] in _IE_NOUNS else word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-case singular words; apostrophes vanish so "owl's" and "owls" meet."""
    return [singular(word) for word in _WORD.findall(text.lower().replace("'", "").replace("\u2019", ""))]


def normal(text: str) -> str:
    return " ".join(words(text))


def compact(text: str) -> str:
    return "".join(words(text))


def close_match(text: str, candidates: list[str], cutoff: float) -> str | None:
    found = difflib.get_close_matches(text, candidates, n=1, cutoff=cutoff)
    return found[0] if found else None


PLAIN_FAMILIES = ("Eldritch Invocation", "Channel Divinity", "Metamagic")  # a member named on its own


def plain_name(name: str) -> str:
    """A feature's or trait's name without its count and its family: "Action Surge (2 uses)" and
    "Eldritch Invocation: Devil's Sight" are Action Surge and Devil's Sight."""
    name = re.sub(r"\s*\([^)]*\)$", "", name)
    family, _, own = name.partition(": ")
    return own if own and family in PLAIN_FAMILIES else name


# The SRD keeps these spells without the wizard whose name they carry in the books; a DM says the
# book's name ("Tasha's Hideous Laughter", "Bigby's Hand"), which is the SRD's spell, not a thing
# it lacks.
OWNED_SPELLS = {
    "Melf's Acid Arrow": "Acid Arrow",
    "Bigby's Hand": "Arcane Hand",
    "Mordenkainen's Sword": "Arcane Sword",
    "Evard's Black Tentacles": "Black Tentacles",
    "Mordenkainen's Faithful Hound": "Faithful Hound",
    "Tenser's Floating Disk": "Floating Disk",
    "Otiluke's Freezing Sphere": "Freezing Sphere",
    "Tasha's Hideous Laughter": "Hideous Laughter",
    "Drawmij's Instant Summons": "Instant Summons",
    "Otto's Irresistible Dance": "Irresistible Dance",
    "Nystul's Magic Aura": "Arcanist's Magic Aura",
    "Mordenkainen's Magnificent Mansion": "Magnificent Mansion",
    "Mordenkainen's Private Sanctum": "Private Sanctum",
    "Otiluke's Resilient Sphere": "Resilient Sphere",
    "Leomund's Secret Chest": "Secret Chest",
    "Rary's Telepathic Bond": "Telepathic Bond",
    "Leomund's Tiny Hut": "Tiny Hut",
}
