"""The dataset's samples of invention (`build_dataset` assembles them): descriptions from notes,
characters' flavour and introductions from rules-engine sheets, and fights run by the tracker
told as scenes."""

from __future__ import annotations

import random

from dm_companion.wording import with_article
from tools.srd_samples import record


def describe_samples(count: int, rng: random.Random) -> list[dict]:
    """Descriptions of invented places from the notes the chat would recall (`description_samples`),
    each kept only if the chat's own check (`NotesCheck`) would show every sentence of it (a
    figure that meets another of the notes' by chance, "fifty feet of rope" beside a 50 sp price,
    is not something to teach) and it follows the notes for less than a third of its words
    (ECHO_TEXT_MAX, the issue's bound on echo): a description that reads the notes back is what
    the adapter is trained out of."""
    from dm_companion.assistant.notes_check import NotesCheck
    from dm_companion.overlap import ECHO_TEXT_MAX, echo, sentences
    from tools.description_samples import notes_in, sample

    found = []
    while len(found) < count:
        made = sample(rng)
        check = NotesCheck(notes_in(made["input"]), made["instruction"])
        if echo(made["output"], made["input"]) < ECHO_TEXT_MAX and not any(
            check.problem(sentence) for sentence in sentences(made["output"])
        ):
            found.append(
                record(
                    "describe",
                    f"describe/{len(found)}",
                    made["instruction"],
                    made["input"],
                    made["output"],
                    made["subject"],
                )
            )
    return found


def flavour_samples(count: int, rng: random.Random) -> list[dict]:
    """Sheets from the rules engine (a quarter each with no pronouns set, she/her, he/him and
    they/them) with a flavour told from them (`flavour_samples`), each kept only if the pane's
    own check (`flavour.checked`) would drop nothing of it."""
    from dm_companion.characters import flavour
    from dm_companion.characters.builder import Builder, Request
    from tools.flavour_samples import form

    builder = Builder()
    found = []
    while len(found) < count:
        sheet = builder.build(
            Request(
                level=rng.randint(1, 10),
                seed=rng.randrange(2**31),
                pronouns=["", "she/her", "he/him", "they/them"][len(found) % 4],
            )
        )
        answer = form(sheet, rng)
        if not flavour.checked(flavour.parse(answer), sheet).removed:
            found.append(
                record("flavour", f"flavour/{len(found)}", flavour.SYSTEM, flavour.facts(sheet), answer)
            )
    return found


def character_samples(count: int, rng: random.Random) -> list[dict]:
    from dm_companion.characters.builder import Builder, Request

    builder = Builder()
    names = ["Ilsa", "Brom", "Tamsin", "Corwin", "Mira", "Oskar", "Yara", "Dain", "Wren", "Halric"]
    found = []
    for i in range(count):
        sheet = builder.build(
            Request(
                level=rng.randint(1, 20),
                method=rng.choice(["standard-array", "point-buy", "4d6"]),
                seed=rng.randrange(2**31),
                name=f"{rng.choice(names)} {i}",
            )
        )
        facts = (
            f"Name: {sheet.name}\nRace: {sheet.subrace or sheet.race}"
            f"\nClass: {sheet.char_class} {sheet.level}"
            f"\nArmor Class: {sheet.armor_class}\nHit Points: {sheet.max_hp}\nSpeed: {sheet.speed} ft."
            f"\nBackground: {sheet.background}\nAlignment: {sheet.alignment}"
        )
        best = max(sheet.ability_scores, key=sheet.ability_scores.get)
        output = (
            f"{sheet.name} is a level {sheet.level} {sheet.subrace or sheet.race} "
            f"{sheet.char_class.lower()}, {sheet.alignment}, who came to adventuring as "
            f"{with_article(sheet.background.lower(), capital=False)}. "
            f"With armor class {sheet.armor_class}, {sheet.max_hp} hit points and a {best.upper()} of "
            f"{sheet.ability_scores[best]}, they move {sheet.speed} feet a round."
        )
        found.append(
            record(
                "character",
                f"character/{i}",
                "Introduce this character to the players in two sentences.",
                facts,
                output,
            )
        )
    return found


HEROES = [
    ("Mira", 27, 16, "longsword", "slashing"),
    ("Tor", 34, 18, "warhammer", "bludgeoning"),
    ("Ysolde", 18, 12, "rapier", "piercing"),
    ("Garrick", 31, 18, "greataxe", "slashing"),
    ("Pell", 22, 14, "shortbow", "piercing"),
    ("Anwen", 24, 15, "mace", "bludgeoning"),
]


FOES = [
    "goblin",
    "orc",
    "skeleton",
    "wolf",
    "bandit",
    "zombie",
    "gnoll",
    "hobgoblin",
    "bugbear",
    "ogre",
    "giant-spider",
    "dire-wolf",
    "ghoul",
    "lizardfolk",
    "cultist",
    "thug",
]


def fight_round(index: int):
    """Round one of small fight number `index`, as the tracker leaves it: two or three characters
    who attack with their weapons against one to three monsters of a kind using their own stat
    blocks' attacks. Seeded by `index` alone, so a benchmark can replay any sample's fight."""
    from dm_companion.combat.tracker import Tracker

    rng = random.Random(f"fight/{index}")
    tracker = Tracker(seed=index)
    party = rng.sample(HEROES, rng.randint(2, 3))
    for name, hp, ac, _, _ in party:
        tracker.submit(
            {
                "op": "add",
                "name": name,
                "pc": True,
                "hp": hp,
                "max_hp": hp,
                "ac": ac,
                "initiative": rng.randint(5, 20),
            }
        )
    kind = rng.choice(FOES)
    for n in range(1, rng.randint(1, 3) + 1):
        tracker.submit(
            {
                "op": "add",
                "name": f"{kind.replace('-', ' ').title()} {n}",
                "monster": kind,
                "initiative": rng.randint(1, 20),
            }
        )
    tracker.submit({"op": "start"})
    weapons = {name: (weapon, damage_type) for name, _, _, weapon, damage_type in party}
    while tracker.encounter.round == 1:
        actor = tracker.encounter.find(tracker.encounter.current)
        targets = [
            c.name for c in tracker.encounter.combatants if c.hp > 0 and (c.name in weapons) != actor.pc
        ]
        if targets and actor.hp > 0:
            tracker.submit(_attack(actor, rng.choice(targets), weapons, rng))
        tracker.submit({"op": "next_turn"})
    return tracker.encounter


def _attack(actor, target: str, weapons: dict[str, tuple[str, str]], rng: random.Random) -> dict:
    """The attack `actor` makes on its turn: a character's weapon, else the monster's Multiattack
    or its first attack."""
    if actor.pc:
        weapon, damage_type = weapons[actor.name]
        return {
            "op": "attack",
            "attacker": actor.name,
            "target": target,
            "action": weapon,
            "bonus": rng.randint(4, 7),
            "damage_dice": "1d8+3",
            "type": damage_type,
        }
    if any(a["name"] == "Multiattack" for a in actor.actions):
        return {"op": "multiattack", "attacker": actor.name, "target": target}
    attack = next((a["name"] for a in actor.actions if a.get("attack_bonus") is not None), None)
    return {"op": "attack", "attacker": actor.name, "action": attack, "target": target}


def narration_samples(count: int) -> list[dict]:
    """Each fight's round with the app's narration prompt (`narration.messages_for`: the round's
    beats and the state). The answer is the round told as a scene from the log (`telling.tell`:
    varied phrasings, no figure or outcome the log lacks), so the adapter learns to narrate in
    its own words what happened and nothing else, instead of reading the log back."""
    from dm_companion.combat.narration import messages_for
    from dm_companion.combat.telling import tell

    found = []
    for i in range(count):
        encounter = fight_round(i)
        beats, state = messages_for(encounter)[1]["content"].split("\n\nState now:\n")
        told = tell(encounter.log)
        if told:
            found.append(record("narration", f"fight/{i}", beats, f"State now:\n{state}", told))
    return found
