"""The round told as a scene from the tracker's own log, without the model: each attack with how
it landed or missed and what its damage type does, each save against a breath or a spell, each
fall. It reads the beats the rules set on the log's lines (`beats`), never the lines' words, and
says nothing they do not (no figure, no outcome of its own), so it needs no checking, and the DM
has narration with the model off; the model's narration, when there is one, is shown in its
place once the checker has kept enough of it.

It is told as a scene, not a list: a legendary action with what it does ("Between turns,
Dragon's tail catches Mira ..."), the saves against one breath together ("Mira, Tor and Ash get
caught in the heart of it"), then the falls they caused together, a Multiattack on one target
as one volley ("Dragon rounds on Mira: the bite lands ...; the claw goes wide"), a shot from a
bow as a shot. Phrasings vary with a seed drawn from the lines themselves, so the same round
always reads the same and two rounds read differently.

Names are most of what a told round shares with its log, so each phrasing carries words of its
own and a name is said once where the scene allows (a volley, the saves and falls together):
`benchmarks/narration_quality.py --told-only` measures the echo. Where long names still make
a telling read the log back more than the model's narration may, other phrasings are tried
(`tell`). Every phrasing must read to the narration checker as the outcome it tells
(tests/unit/test_narration_check.py).
"""

from __future__ import annotations

import random
import re
import zlib

from dm_companion.combat import beats
from dm_companion.combat.beats import Beat, beat_of
from dm_companion.overlap import ECHO_TEXT_MAX, echo

HIT = [
    "{whos} {what} catches {whom}{wound}.",
    "{who} drives the {what} home against {whom}{wound}.",
    "{who} lands the {what} on {whom}{wound}.",
    "{who} makes the {what} count against {whom}{wound}.",
    "{who} slips past the guard of {whom}, and the {what} strikes home{wound}.",
]
CRITICAL = [
    "{whos} {what} finds the gap in {whom}'s guard, a terrible blow{wound}.",
    "a brutal strike: {whos} {what} tears into {whom}{wound}.",
]
MISS = [
    "{who} lunges forward behind the {what}, but {whom} twists aside at the last instant.",
    "{whos} {what} cuts only air as {whom} slips out of reach.",
    "{whom} sees {whos} {what} coming and turns it aside.",
    "{who} swings the {what} hard, but {whom} has already moved out of the way.",
]
HIT_RANGED = [
    "{who} looses the {what}, and the shot strikes {whom}{wound}.",
    "a shot from {whos} {what} finds {whom}{wound}.",
    "{who} sends a shot from the {what} into {whom}{wound}.",
]
MISS_RANGED = [
    "{who} looses the {what} at {whom}, but the shot goes wide.",
    "a shot from {whos} {what} flies past {whom}.",
    "{whom} ducks as the shot from {whos} {what} hisses by.",
]
VOLLEY = ["{who} rounds on {whom}: ", "{who} sets upon {whom}: ", "{who} closes on {whom}: "]
VOLLEY_HIT = ["lands", "strikes home", "connects", "finds flesh"]
VOLLEY_CRITICAL = ["tears in, a terrible blow"]
VOLLEY_MISS = ["goes wide", "cuts only air"]
PHRASINGS = 8  # tellings of one round tried, at most, for one that does not read the log back
RANGED = re.compile(r"bow|sling|dart|javelin|blowgun|rock|spike")  # weapons told as shots, not swings
WOUND = {
    "slashing": ", opening a deep cut",
    "piercing": ", punching clean through",
    "bludgeoning": ", bone crunching under the blow",
    "fire": " in a gout of flame",
    "cold": ", frost spreading from the wound",
    "acid": ", hissing as it burns",
    "lightning": " in a crack of lightning",
    "poison": ", venom burning in the blood",
    "necrotic": ", the flesh withering",
    "radiant": " in searing light",
    "thunder": " in a thunderclap",
    "psychic": ", a spike of pain behind the eyes",
    "force": " in a shimmer of raw force",
}
USES = ["{who} draws in power and unleashes {what}!", "{who} calls up {what}, and it comes in a rush!"]
SAVED = ["{whom} weathers the worst of it.", "{whom} throws up a guard in time."]
FAILED = ["{whom} gets caught in the heart of it.", "{whom} can find no escape from it."]
SAVED_MANY = ["{whom} weather the worst of it.", "{whom} throw up a guard in time."]
FAILED_MANY = ["{whom} get caught in the heart of it.", "{whom} can find no escape from it."]
DIES = ["{whom} crumples and does not rise again.", "{whom} goes down and lies still."]
FALLS = ["{whom} collapses, senses gone.", "{whom} drops, senseless."]
DIES_MANY = ["{whom} crumple and do not rise again.", "{whom} go down and lie still."]
FALLS_MANY = ["{whom} collapse, senses gone.", "{whom} drop, senseless."]
BETWEEN = "between turns, "  # a legendary action, told with what it does


def _plain(name: str) -> str:
    """An action as a thing in a sentence: "Wing Attack (Costs 2 Actions)" is "wing attack", a
    character's unnamed "an attack" is its weapon."""
    plain = re.sub(r"\s*\([^)]*\)", "", name).lower()
    return "weapon" if plain in ("an attack", "a spell") else plain


class _Scene:
    """The sentences told so far, and what is held back to be told together: an attack until its
    damage lines are read (and a Multiattack's attacks on one target until the last, told as one
    volley so the target is named once), the saves against one effect (and the falls they cause)
    until the effect is over, a legendary action until the attack or effect it is."""

    def __init__(self, seed: int) -> None:
        self.pick = random.Random(seed).choice
        self.told: list[str] = []
        self.attacks: list[dict] = []  # one attack, or a volley: one Multiattack's attacks on one target
        self.saves: list[tuple[str, str]] = []  # (whom, "succeeds"|"fails"), in order
        self.after_saves: list[tuple[str, str]] = []  # the falls the saves caused: (whom, "dies"|"falls")
        self.legendary = ""  # a legendary action's sentence, told alone if nothing follows it
        self.multiattacker = ""  # a creature whose attacks are one Multiattack: "its" after the first
        self.attacked = False

    def say(self, sentence: str) -> None:
        """Tells `sentence`; the one right after a legendary action is what it does."""
        if self.legendary:
            sentence, self.legendary = BETWEEN + sentence, ""
        self.told.append(sentence[0].upper() + sentence[1:])

    def fall(self, beat: Beat) -> str:
        return self.pick(DIES if beat.kind == beats.DIES else FALLS).format(whom=beat.whom)

    def one_attack(self, attack: dict) -> str:
        ranged = RANGED.search(attack["what"]) is not None
        if attack["how"] == "miss":
            table = MISS_RANGED if ranged else MISS
        else:
            table = CRITICAL if attack["how"] == "critical hit" else HIT_RANGED if ranged else HIT
        return _agreeing(self.pick(table).format(**attack, wound=_wound(attack)), attack["what"])

    def volley(self, attacks: list[dict]) -> str:
        """A Multiattack's attacks on one target as one sentence: "Dragon rounds on Mira: the bite
        lands, punching clean through; the claw goes wide; again the claw connects ..."."""
        parts, seen = [], set()
        for attack in attacks:
            verb = self.pick(
                {"miss": VOLLEY_MISS, "critical hit": VOLLEY_CRITICAL}.get(attack["how"], VOLLEY_HIT)
            )
            thing = ("again the " if attack["what"] in seen else "the ") + attack["what"]
            seen.add(attack["what"])
            parts.append(
                _agreeing(
                    f"{thing} {verb}{_wound(attack) if attack['how'] != 'miss' else ''}", attack["what"]
                )
            )
        return self.pick(VOLLEY).format(**attacks[0]) + "; ".join(parts) + "."

    def told_together(
        self, said: list[tuple[str, str]], tables: dict[str, tuple[list[str], list[str]]]
    ) -> None:
        """Tells `said` ((whom, how) in order) a sentence for each way it went, the names together:
        "Ogre and Knight get caught in the heart of it"."""
        for how in dict.fromkeys(how for _, how in said):
            whom = [name for name, was in said if was == how]
            one, many = tables[how]
            self.say(self.pick(many if len(whom) > 1 else one).format(whom=_listed(whom)))

    def attack(self, beat: Beat) -> None:
        who = beat.who
        attack = {"who": who, "whom": beat.whom, "what": _plain(beat.what), "how": beat.how, "kinds": []}
        if (
            self.attacks
            and who == self.multiattacker
            and not self.legendary
            and (self.attacks[0]["who"], self.attacks[0]["whom"]) == (who, beat.whom)
        ):
            self.attacks.append(attack)  # the volley goes on
            return
        self.flush(keep_legendary=True)
        if who != self.multiattacker or self.legendary:  # "it" only within one creature's Multiattack
            self.multiattacker = ""
        it = who == self.multiattacker and self.attacked
        self.attacked = self.attacked or who == self.multiattacker
        self.attacks = [{**attack, "who": "it" if it else who, "whos": "its" if it else f"{who}'s"}]

    def flush(self, keep_legendary: bool = False) -> None:
        """Tells what is held back (but a legendary action, when what it does comes next)."""
        if len(self.attacks) == 1:
            self.say(self.one_attack(self.attacks[0]))
        elif self.attacks:
            self.say(self.volley(self.attacks))
        self.attacks = []
        self.told_together(self.saves, {"succeeds": (SAVED, SAVED_MANY), "fails": (FAILED, FAILED_MANY)})
        self.saves = []
        self.told_together(self.after_saves, {"dies": (DIES, DIES_MANY), "falls": (FALLS, FALLS_MANY)})
        self.after_saves = []
        if self.legendary and not keep_legendary:
            alone, self.legendary = self.legendary, ""
            self.say(alone)


def _wound(attack: dict) -> str:
    """What the attack's first damage type does ("opening a deep cut"), or nothing."""
    return WOUND.get(attack["kinds"][0], "") if attack["kinds"] else ""


def _agreeing(sentence: str, what: str) -> str:
    """The sentence with its verb agreeing with a weapon named in the plural ("its claws catch")."""
    if not re.search(r"[^s]s$", what):
        return sentence
    return re.sub(
        rf"\b{re.escape(what)} ({'|'.join(_PLURAL)})\b", lambda m: f"{what} {_PLURAL[m.group(1)]}", sentence
    )


_PLURAL = {
    "catches": "catch",
    "finds": "find",
    "tears": "tear",
    "cuts": "cut",
    "strikes": "strike",
    "lands": "land",
    "connects": "connect",
    "goes": "go",
}


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def tell(lines: list[str]) -> str:
    """The scene the lines describe, in the order they happened: of up to PHRASINGS tellings
    (seeded from the lines), the first that reads the log back less than ECHO_TEXT_MAX, the
    bound the model's narration is held to, or else the one that reads it back least."""
    seed, source = zlib.crc32("\n".join(lines).encode()), " ".join(lines)
    tellings = []
    for attempt in range(PHRASINGS):
        told = _told(lines, seed + attempt)
        echoed = echo(told, source)
        if echoed < ECHO_TEXT_MAX:
            return told
        tellings.append((echoed, attempt, told))
    return min(tellings)[2]


def _told(lines: list[str], seed: int) -> str:
    scene = _Scene(seed)
    for line in lines:
        beat = beat_of(line)
        kind = beat.kind if beat is not None else None
        if kind == beats.ATTACK:
            scene.attack(beat)
        elif kind == beats.DAMAGE and scene.attacks and beat.whom == scene.attacks[-1]["whom"]:
            if beat.damage_type and beat.amount:
                scene.attacks[-1]["kinds"].append(beat.damage_type)
        elif kind == beats.SAVE:
            scene.saves.append((beat.whom, beat.how))
        elif scene.saves and kind in (beats.DIES, beats.FALLS):
            scene.after_saves.append((beat.whom, kind))
        elif scene.saves and kind in (beats.DAMAGE, beats.HP_LEFT):
            continue  # a save's damage and HP: the state shows them
        elif scene.attacks and kind == beats.HP_LEFT:
            continue  # HP left between a volley's attacks: the state shows it
        else:
            scene.flush(keep_legendary=kind == beats.USES)
            if beat is not None:
                _other(beat, scene)
    scene.flush()
    return " ".join(scene.told)


def _other(beat: Beat, scene: _Scene) -> None:
    if beat.kind == beats.LEGENDARY:
        scene.legendary = f"{beat.who} stirs between turns: {_plain(beat.what)}."
    elif beat.kind == beats.MULTIATTACK:
        scene.multiattacker, scene.attacked = beat.who, False
    elif beat.kind == beats.USES:
        scene.say(scene.pick(USES).format(who=beat.who, what=re.sub(r"\s*\([^)]*\)", "", beat.what)))
    elif beat.kind in (beats.DIES, beats.FALLS):
        scene.say(scene.fall(beat))
    # else bookkeeping (turns, HP left, a round): the state shows it
