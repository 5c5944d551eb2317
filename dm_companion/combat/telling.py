"""The round told as a scene from the tracker's own log, without the model: each attack with how
it landed or missed and what its damage type does, each save against a breath or a spell, each
fall. It says nothing the log does not (no figure, no outcome of its own), so it needs no
checking, and the DM has narration with the model off; the model's narration, when there is
one, is shown in its place once the checker has kept enough of it.

It is told as a scene, not a list: a legendary action with what it does ("Between turns,
Dragon's tail catches Mira ..."), the saves against one breath together ("Mira, Tor and Ash are caught full
in it"), then the falls they caused, a Multiattack's later attacks as "its". Phrasings vary with
a seed drawn from the lines themselves, so the same round always reads the same and two rounds
read differently.
"""

from __future__ import annotations

import random
import re
import zlib

_ATTACK = re.compile(r"^(?P<who>.+?) attacks (?P<whom>.+?) with (?P<what>.+?): .*: (?P<how>critical hit|hit|miss)\b")
_TAKES = re.compile(r"^(?P<whom>.+?) takes (?P<amount>\d+) (?:(?P<kind>[a-z]+) )?damage")
_USES = re.compile(r"^(?P<who>.+?) uses (?P<what>.+?): DC \d+ (?P<ability>[A-Z]{3}) save")
_SAVE = re.compile(r"^(?P<whom>.+?): [A-Z]{3} save .*: (?P<how>succeeds|fails)")
_LEGENDARY = re.compile(r"^(?P<who>.+?) takes a legendary action: (?P<what>.+?) \(")
_DIES = re.compile(r"^(?P<whom>.+?) dies\b")
_FALLS = re.compile(r"^(?P<whom>.+?) falls unconscious")
_MULTIATTACK = re.compile(r"^(?P<who>.+?) makes its Multiattack\b")
_AT = re.compile(r"^.+? is at -?\d+/\d+ HP")

HIT = ["{whos} {what} catches {whom}{wound}.", "{who} drives the {what} home against {whom}{wound}.",
       "{whom} can't get clear of {whos} {what}{wound}.", "{who} lands the {what} on {whom}{wound}."]
CRITICAL = ["{whos} {what} finds the gap in {whom}'s guard, a terrible blow{wound}.",
            "a brutal strike: {whos} {what} tears into {whom}{wound}."]
MISS = ["{who} lunges with the {what}, but {whom} twists aside.",
        "{whos} {what} cuts only air as {whom} slips away.",
        "{whom} turns {whos} {what} aside.", "{who} swings the {what} at {whom} and misses."]
WOUND = {"slashing": ", cutting deep", "piercing": ", punching through", "bludgeoning": " with a sickening crunch",
         "fire": " in a gout of flame", "cold": ", frost spreading from the wound", "acid": ", hissing as it burns",
         "lightning": " in a crack of lightning", "poison": ", venom burning in the blood",
         "necrotic": ", the flesh withering", "radiant": " in searing light", "thunder": " with a thunderclap",
         "psychic": ", a spike of pain behind the eyes", "force": " with a shimmer of raw force"}
USES = ["{who} unleashes {what}!", "{who} calls up {what}!"]
SAVED = ["{whom} weathers it.", "{whom} throws up a guard in time."]
FAILED = ["{whom} is caught full in it.", "{whom} can't escape it."]
SAVED_MANY = ["{whom} weather it.", "{whom} throw up a guard in time."]
FAILED_MANY = ["{whom} are caught full in it.", "{whom} can't escape it."]
DIES = ["{whom} crumples and does not rise.", "{whom} falls, and is still."]
FALLS = ["{whom} collapses, unconscious.", "{whom} drops, senseless."]
BETWEEN = "between turns, "  # a legendary action, told with what it does


def _plain(name: str) -> str:
    """An action as a thing in a sentence: "Wing Attack (Costs 2 Actions)" is "wing attack", a
    character's unnamed "an attack" is its weapon."""
    plain = re.sub(r"\s*\([^)]*\)", "", name).lower()
    return "weapon" if plain in ("an attack", "a spell") else plain


class _Scene:
    """The sentences told so far, and what is held back to be told together: an attack's hit
    until its damage lines are read, the saves against one effect (and the falls they cause)
    until the effect is over, a legendary action until the attack or effect it is."""

    def __init__(self, lines: list[str]) -> None:
        self.pick = random.Random(zlib.crc32("\n".join(lines).encode())).choice
        self.told: list[str] = []
        self.hit: dict | None = None
        self.saves: list[tuple[str, str]] = []  # (whom, "succeeds"|"fails"), in order
        self.after_saves: list[str] = []
        self.legendary = ""  # a legendary action's sentence, told alone if nothing follows it
        self.multiattacker = ""  # a creature whose attacks are one Multiattack: "its" after the first
        self.attacked = False

    def say(self, sentence: str) -> None:
        """Tells `sentence`; the one right after a legendary action is what it does."""
        if self.legendary:
            sentence, self.legendary = BETWEEN + sentence, ""
        self.told.append(sentence[0].upper() + sentence[1:])

    def fall(self, m: re.Match) -> str:
        return self.pick(DIES if m.re is _DIES else FALLS).format(whom=m["whom"])

    def attack(self, m: re.Match) -> None:
        self.flush(keep_legendary=True)
        who = m["who"]
        if who != self.multiattacker or self.legendary:  # "it" only within one creature's Multiattack
            self.multiattacker = ""
        it = who == self.multiattacker and self.attacked
        self.attacked = self.attacked or who == self.multiattacker
        names = {"who": "it" if it else who, "whos": "its" if it else f"{who}'s", "whom": m["whom"],
                 "what": _plain(m["what"])}
        if m["how"] == "miss":
            self.say(_agreeing(self.pick(MISS).format(**names), names["what"]))
        else:
            self.hit = {**names, "how": m["how"], "kinds": []}

    def flush(self, keep_legendary: bool = False) -> None:
        """Tells what is held back (but a legendary action, when what it does comes next)."""
        if self.hit is not None:
            hit, self.hit = self.hit, None
            wound = WOUND.get(hit["kinds"][0], "") if hit["kinds"] else ""
            self.say(_agreeing(self.pick(CRITICAL if hit["how"] == "critical hit" else HIT).format(**hit, wound=wound),
                               hit["what"]))
        for how in dict.fromkeys(how for _, how in self.saves):
            whom = [name for name, said in self.saves if said == how]
            many = len(whom) > 1
            table = (SAVED_MANY if many else SAVED) if how == "succeeds" else (FAILED_MANY if many else FAILED)
            self.say(self.pick(table).format(whom=_listed(whom)))
        self.saves = []
        for sentence in self.after_saves:
            self.say(sentence)
        self.after_saves = []
        if self.legendary and not keep_legendary:
            alone, self.legendary = self.legendary, ""
            self.say(alone)


def _agreeing(sentence: str, what: str) -> str:
    """The sentence with its verb agreeing with a weapon named in the plural ("its claws catch")."""
    if not re.search(r"[^s]s$", what):
        return sentence
    return re.sub(rf"\b{re.escape(what)} (catches|finds|tears|cuts)\b",
                  lambda m: f"{what} {_PLURAL[m.group(1)]}", sentence)


_PLURAL = {"catches": "catch", "finds": "find", "tears": "tear", "cuts": "cut"}


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def tell(lines: list[str]) -> str:
    """The scene the lines describe, in the order they happened."""
    scene = _Scene(lines)
    for line in lines:
        if (m := _ATTACK.match(line)) is not None:
            scene.attack(m)
        elif (m := _TAKES.match(line)) is not None and scene.hit is not None and m["whom"] == scene.hit["whom"]:
            if m["kind"] and int(m["amount"]):
                scene.hit["kinds"].append(m["kind"])
        elif (m := _SAVE.match(line)) is not None:
            scene.saves.append((m["whom"], m["how"]))
        elif scene.saves and (m := _DIES.match(line) or _FALLS.match(line)) is not None:
            scene.after_saves.append(scene.fall(m))
        elif scene.saves and (_TAKES.match(line) or _AT.match(line)):
            continue  # a save's damage and HP: the state shows them
        else:
            scene.flush(keep_legendary=_USES.match(line) is not None)
            _other(line, scene)
    scene.flush()
    return " ".join(scene.told)


def _other(line: str, scene: _Scene) -> None:
    if (m := _LEGENDARY.match(line)) is not None:
        scene.legendary = f"{m['who']} stirs between turns: {_plain(m['what'])}."
    elif (m := _MULTIATTACK.match(line)) is not None:
        scene.multiattacker, scene.attacked = m["who"], False
    elif (m := _USES.match(line)) is not None:
        scene.say(scene.pick(USES).format(who=m["who"], what=re.sub(r"\s*\([^)]*\)", "", m["what"])))
    elif (m := _DIES.match(line) or _FALLS.match(line)) is not None:
        scene.say(scene.fall(m))
    # else bookkeeping (turns, HP left, initiative): the state shows it
