"""The round told as a scene from the tracker's own log, without the model: each attack with how
it landed or missed and what its damage type does, each save against a breath or a spell, each
fall. It says nothing the log does not (no figure, no outcome of its own), so it needs no
checking, and the DM has narration with the model off; the model's narration, when there is
one, is shown in its place once the checker has kept enough of it.

Phrasings vary with a seed drawn from the lines themselves, so the same round always reads the
same and two rounds read differently.
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

HIT = ["{who}'s {what} catches {whom}{wound}.", "{who} drives the {what} home against {whom}{wound}.",
       "{whom} can't get clear of {who}'s {what}{wound}.", "{who} lands the {what} on {whom}{wound}."]
CRITICAL = ["{who}'s {what} finds the gap in {whom}'s guard, a terrible blow{wound}.",
            "A brutal strike: {who}'s {what} tears into {whom}{wound}."]
MISS = ["{who} lunges with the {what}, but {whom} twists aside.",
        "{who}'s {what} cuts only air as {whom} slips away.",
        "{whom} turns {who}'s {what} aside.", "{who} swings the {what} at {whom} and misses."]
WOUND = {"slashing": ", cutting deep", "piercing": ", punching through", "bludgeoning": " with a sickening crunch",
         "fire": " in a gout of flame", "cold": ", frost spreading from the wound", "acid": ", hissing as it burns",
         "lightning": " in a crack of lightning", "poison": ", venom burning in the blood",
         "necrotic": ", the flesh withering", "radiant": " in searing light", "thunder": " with a thunderclap",
         "psychic": ", a spike of pain behind the eyes", "force": " with a shimmer of raw force"}
USES = ["{who} unleashes {what}!", "{who} calls up {what}!"]
SAVED = ["{whom} weathers it.", "{whom} throws up a guard in time."]
FAILED = ["{whom} is caught full in it.", "{whom} can't escape it."]
DIES = ["{whom} crumples and does not rise.", "{whom} falls, and is still."]
FALLS = ["{whom} collapses, unconscious.", "{whom} drops, senseless."]


def _plain(name: str) -> str:
    """An action as a thing in a sentence: "Wing Attack (Costs 2 Actions)" is "wing attack", a
    character's unnamed "an attack" is its weapon."""
    plain = re.sub(r"\s*\([^)]*\)", "", name).lower()
    return "weapon" if plain in ("an attack", "a spell") else plain


def tell(lines: list[str]) -> str:
    """The scene the lines describe, in the order they happened."""
    pick = random.Random(zlib.crc32("\n".join(lines).encode())).choice
    told, pending = [], None  # pending: an attack hit whose damage lines follow
    for line in lines:
        if (m := _ATTACK.match(line)) is not None:
            told.append(_flush(pending, pick))
            pending = None
            if m["how"] == "miss":
                told.append(pick(MISS).format(who=m["who"], whom=m["whom"], what=_plain(m["what"])))
            else:
                pending = {**m.groupdict(), "kinds": []}
        elif (m := _TAKES.match(line)) is not None and pending is not None and m["whom"] == pending["whom"]:
            if m["kind"] and int(m["amount"]):
                pending["kinds"].append(m["kind"])
        else:
            told.append(_flush(pending, pick))
            pending = None
            told.append(_other(line, pick))
    told.append(_flush(pending, pick))
    return " ".join(sentence for sentence in told if sentence)


def _flush(hit: dict | None, pick) -> str:
    if hit is None:
        return ""
    wound = WOUND.get(hit["kinds"][0], "") if hit["kinds"] else ""
    template = pick(CRITICAL if hit["how"] == "critical hit" else HIT)
    return template.format(who=hit["who"], whom=hit["whom"], what=_plain(hit["what"]), wound=wound)


def _other(line: str, pick) -> str:
    if (m := _LEGENDARY.match(line)) is not None:
        return f"{m['who']} stirs between turns: {_plain(m['what'])}."
    if (m := _USES.match(line)) is not None:
        return pick(USES).format(who=m["who"], what=re.sub(r"\s*\([^)]*\)", "", m["what"]))
    if (m := _SAVE.match(line)) is not None:
        return pick(SAVED if m["how"] == "succeeds" else FAILED).format(whom=m["whom"])
    if (m := _DIES.match(line)) is not None:
        return pick(DIES).format(whom=m["whom"])
    if (m := _FALLS.match(line)) is not None:
        return pick(FALLS).format(whom=m["whom"])
    return ""  # bookkeeping (turns, HP left, initiative): the state shows it
