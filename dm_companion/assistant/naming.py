"""Name requests ("name three goblin bandits", "give me 5 dwarf names"): the number of names
asked, each a name.

The 135M model asked for names often writes the request back ("Three goblin bandits.") or a
sentence. So its lines are read for names (one to three capitalized words, none of them a word
of the request or an everyday word), and where it gives fewer usable names than asked, the rest
come from name tables of our own, by people, picked by the request's own seed so the same
request gives the same names.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass

from dm_companion.wording import NUMBER_WORDS

MOST = 12  # names given for one request
_REQUEST = re.compile(
    r"^\s*(?:please\s+)?(?:name|give me|suggest|i need|come up with|generate)\s+(?:me\s+)?"
    r"(?P<count>a|an|one|some|a few|\d{1,2}|" + "|".join(NUMBER_WORDS[2:13]) + r")?\s*"
    r"(?P<subject>.*?)\s*(?:names?)?\s*[.!?]*\s*$",
    re.IGNORECASE,
)
_WORTH_A_NAME = re.compile(r"^[A-Z][a-z'\u2019-]{1,14}(?: (?:[A-Z][a-z'\u2019-]{1,14}|of|the)){0,2}$")
_NOT_A_NAME = frozenset(
    """the a an and of here are some names name for your with three two four five one six you can
    they their this that these those there is was be it its his her he she we our new old good""".split()
)
# People's names by folk, written for this project (first names, then bynames where folk use them).
NAME_TABLES = {
    "human": "Aldric Brenna Corwin Dessa Edric Fenna Garret Hilde Ivo Jessa Kellan Liora Marek Nessa "
    "Orrick Petra Rowan Sabine Tobin Ulla Varek Wenna Yorick".split(),
    "dwarf": "Bromdur Dagna Grimtha Haldor Kazrik Morva Norgrin Ottra Rurik Stenna Thurva Ulbrek "
    "Vorgna Balgrim Hedda Brakka Gundrin Mardra Tolgar Yrsa".split(),
    "elf": "Aerindel Caelith Elaris Faelwen Ilyriath Maelis Nimriel Orathiel Saelyn Tharivel Vaeron "
    "Yllariel Sylvaran Eirwen Lathiel Quorin Rhaedel Celvanna Idhrel".split(),
    "halfling": "Bramble Dilly Fennick Hobb Jory Lolly Mabby Nim Pip Posy Rolo Tansy Tibbet Wendle "
    "Wick Bess Cobble Marrow".split(),
    "gnome": "Bixby Dunkle Fizwick Gobbert Jinx Kettlewhit Mossy Nibbin Pocket Quimble Sprocket "
    "Tinwhistle Widget Zibbly Fennelock".split(),
    "orc": "Brug Durga Grasha Hruk Karza Lurg Morgash Nazka Orrug Ruzha Skarn Throka Ugra Vorsh "
    "Zagga".split(),
    "goblin": "Snag Pib Grikka Nix Rot Skab Vex Jink Mug Tazz Grub Kreel Zit Nobb Sprat Ugg Fizzle "
    "Krenk Drib Slop".split(),
    "kobold": "Arix Drik Irsk Kepeth Ozzek Rixil Sniv Tazzik Vrik Yip Zark Skitt Kresh Mozz".split(),
    "tiefling": "Belzara Caimos Draxia Eshmira Hexandor Ixora Malachar Nyxa Orzhal Sarvesh Tzadra "
    "Velkor Zerith Vesperine".split(),
    "dragonborn": "Azhrak Borvax Drazhar Ghorvan Khezra Myrrax Qorath Rhazun Sathrek Torvash Vyrra "
    "Xarveth Zhondra Irvexa".split(),
}
_FOLK = {
    "human": r"human|man|woman|guard|peasant|villager|merchant|noble|soldier|knight|sailor",
    "dwarf": r"dwar(?:f|ves|ven)",
    "elf": r"el(?:f|ves|ven)|drow",
    "halfling": r"halfling|hobbit",
    "gnome": r"gnom",
    "orc": r"orc|half-orc",
    "goblin": r"goblin|hobgoblin|bugbear",
    "kobold": r"kobold",
    "tiefling": r"tiefling|devil",
    "dragonborn": r"dragonborn",
}


@dataclass(frozen=True)
class NameRequest:
    count: int
    subject: str  # "goblin bandits"
    folk: str  # the name table that suits the subject ("goblin"); "human" when none says


def name_request(line: str) -> NameRequest | None:
    """The request, when the line asks for names ("name three goblin bandits"), else None. A
    question ("name of the innkeeper?") asks what a name is, not for new ones."""
    match = _REQUEST.match(line)
    if match is None or line.rstrip().endswith("?") or not match.group("subject").strip():
        return None
    said = (match.group("count") or "one").lower()
    if said.isdigit():
        count = int(said)
    elif said in NUMBER_WORDS:
        count = NUMBER_WORDS.index(said)
    else:
        count = {"a few": 3, "some": 3}.get(said, 1)
    subject = match.group("subject").strip()
    folk = next((f for f, pattern in _FOLK.items() if re.search(rf"\b(?:{pattern})", subject, re.I)), "human")
    return NameRequest(max(1, min(count, MOST)), subject, folk)


def names_in(text: str, request: NameRequest) -> list[str]:
    """The usable names of the model's reply: one to three capitalized words a line or a list
    item, no word of the request (nor its plural), no everyday word, none twice."""
    asked = {w.lower()[:4] for w in re.findall(r"[A-Za-z]+", request.subject) if len(w) > 3}
    found: list[str] = []
    for part in re.split(r"[\n,;:]|\band\b|\d+[.)]\s*|\s[-\u2013\u2014]\s", text):
        name = part.strip(" .*\"'\u201c\u201d:-")
        words = {w.lower() for w in name.split()}
        echoed = {w[:4] for w in words} & asked  # "Gnomes" for gnome tinkers
        if _WORTH_A_NAME.match(name) and not echoed and not words & _NOT_A_NAME and name not in found:
            found.append(name)
    return found


def completed(names: list[str], request: NameRequest, seed: str) -> list[str]:
    """The model's names, then names from the folk's table, until there are as many as asked."""
    rng = random.Random(zlib.crc32(seed.encode()))
    table = [n for n in NAME_TABLES[request.folk] if n not in names]
    rng.shuffle(table)
    return (names + table)[: request.count]


def prompt(request: NameRequest) -> str:
    return (
        f"Give {request.count} names for {request.subject} in a fantasy world. "
        "Write only the names, one per line."
    )
