"""The narration checker catches planted contradictions and keeps what agrees with the tracker."""

import re

import pytest
from fights import CHARM_RESISTED, fight, foe, pc

from dm_companion.combat import telling
from dm_companion.combat.beats import Beat, LogLine
from dm_companion.combat.narration import check, narrate, recent_events
from dm_companion.combat.telling import tell
from dm_companion.combat.tracker import Tracker
from dm_companion.overlap import ECHO_TEXT_MAX, echo


def line(text: str, kind: str, **beat) -> LogLine:
    """A log line as a rule writes it: its words, and the beat the rule set on it (the telling
    reads the beat, never the words)."""
    return LogLine(text, Beat(kind, **beat))


def _at(who: str, whom: str, what: str, how: str = "hit") -> dict:
    return {"who": who, "whom": whom, "what": what, "how": how}


def _hurt(whom: str, amount: int, damage_type: str) -> dict:
    return {"whom": whom, "amount": amount, "damage_type": damage_type}


def encounter():
    tracker = Tracker(seed=0)
    for event in (
        {"op": "add", "name": "Mira", "pc": True, "hp": 90, "max_hp": 90, "ac": 18, "initiative": 15},
        {"op": "add", "name": "Goblin", "hp": 7, "max_hp": 7, "ac": 15, "initiative": 10},
        {"op": "add", "name": "Tor", "pc": True, "hp": 30, "max_hp": 30, "ac": 16, "initiative": 5},
        {"op": "start"},
        {"op": "damage", "target": "Mira", "amount": 3},
        {"op": "damage", "target": "Goblin", "amount": 9},
        {"op": "damage", "target": "Tor", "amount": 30},
    ):
        assert tracker.submit(event).accepted
    return tracker.encounter


def test_planted_contradictions_are_removed():
    narration = (
        "Mira is healed to 95/90 and laughs. The goblin falls dead at her feet. "
        "Tor is unscathed and fights on. Mira stands at 87/90, breathing hard. "
        "Mira now has 63 hit points. Tor collapses, dying."
    )
    checked = check(narration, encounter())
    assert (
        checked.text
        == "The goblin falls dead at her feet. Mira stands at 87/90, breathing hard. Tor collapses, dying."
    )
    assert len(checked.removed) == 3
    assert "tracker: Mira is at 87/90 HP" in checked.removed[0]
    assert "tracker: Tor is at 0/30 HP" in checked.removed[1]


def test_a_death_the_tracker_has_not_seen_is_removed():
    checked = check("Mira is slain by the blow.", encounter())
    assert checked.text == "" and "Mira is at 87/90" in checked.removed[0]


def test_figures_about_nobody_cannot_stand():
    checked = check("Someone is left with 12/40 hit points.", encounter())
    assert checked.text == ""


def test_recent_events_are_the_tracker_log():
    lines = recent_events(encounter())
    assert lines[0].startswith("Round 1 begins") and "Goblin dies (dropped to 0 HP)" in lines


def attack_fight():
    tracker = Tracker(seed=0)
    for event in (
        {"op": "add", "name": "Goblin", "monster": "goblin", "initiative": 15},
        {"op": "add", "name": "Mira", "pc": True, "hp": 90, "max_hp": 90, "ac": 14, "initiative": 10},
        {"op": "add", "name": "Tor", "pc": True, "hp": 30, "max_hp": 30, "ac": 16, "initiative": 5},
        {"op": "start"},
        {
            "op": "attack",
            "attacker": "Goblin",
            "target": "Mira",
            "action": "Scimitar",
            "d20": 17,
            "damage": [5],
        },
        {"op": "attack", "attacker": "Goblin", "target": "Tor", "action": "Shortbow", "d20": 2},
    ):
        assert tracker.submit(event).accepted, event
    return tracker.encounter


def test_a_miss_told_as_a_hit_or_a_hit_told_as_a_miss_is_removed(book):
    checked = check(
        "The goblin misses Mira completely. Its arrow strikes Tor in the shoulder. "
        "The goblin's scimitar bites into Mira's arm. Tor ducks as the arrow goes wide.",
        attack_fight(),
    )
    assert checked.text == "The goblin's scimitar bites into Mira's arm. Tor ducks as the arrow goes wide."
    assert [why.rsplit("(", 1)[1] for why in checked.removed] == [
        "tracker: Goblin hit Mira)",
        "tracker: Goblin missed Tor)",
    ]


def test_a_sentence_that_reads_a_log_line_back_is_not_narration(book):
    encounter = attack_fight()
    checked = check(
        "Goblin attacks Mira with Scimitar: a hit. The blade flashes in the torchlight.", encounter
    )
    assert checked.text == "The blade flashes in the torchlight."
    assert checked.removed[0].endswith("(repeats the log)")


def test_the_scene_told_from_the_log_says_what_happened_and_nothing_the_tracker_denies(book):
    encounter = attack_fight()
    told = tell(recent_events(encounter))
    first, second = [s + "." for s in told.rstrip(".").split(". ")][:2]
    assert "Goblin" in first and "Mira" in first and "scimitar" in first  # the hit, with its weapon
    assert "Tor" in second and "shortbow" in second  # then the miss
    assert check(told, encounter).removed == []
    assert tell(recent_events(encounter)) == told  # the same round reads the same
    narrated = narrate(encounter, None)  # no model: the told scene
    assert narrated.text == told and narrated.told_by == "log"


def test_every_phrasing_of_a_hit_or_a_miss_agrees_with_the_checker(book):
    """The told scene needs no checking only while none of its phrasings reads, to the checker, as
    the other outcome or as a fall ("brings the club down on Mira" once read as Goblin going down)."""
    encounter = attack_fight()  # the goblin's scimitar hit Mira, its shortbow missed Tor
    told = []
    for templates, whom, what in (
        (telling.HIT + telling.CRITICAL, "Mira", "scimitar"),
        (telling.HIT_RANGED, "Mira", "shortbow"),
        (telling.MISS, "Tor", "scimitar"),
        (telling.MISS_RANGED, "Tor", "shortbow"),
    ):
        for template in templates:
            for wound in telling.WOUND.values():
                told.append(template.format(who="Goblin", whos="Goblin's", whom=whom, what=what, wound=wound))
    removed = [
        why for sentence in told for why in check(sentence[0].upper() + sentence[1:], encounter).removed
    ]
    assert removed == []


def test_a_shot_is_told_as_a_shot(book):
    told = tell(recent_events(attack_fight()))
    shot = [s for s in re.split(r"(?<=[.!])\s+", told) if "shortbow" in s]
    assert shot and "swings" not in shot[0] and "lunges" not in shot[0] and "shot" in shot[0], told


@pytest.mark.parametrize(
    "dragon, ogre, mira", [("Dragon", "Ogre", "Mira"), ("Red Dragon", "Ogre 1", "Sir Aldous")]
)
def test_every_round_of_a_stat_block_fight_is_told_without_a_contradiction(book, dragon, ogre, mira):
    """Told, not read back, even where two-word names are much of what a round says."""
    tracker = Tracker(seed=4)
    for event in (
        {"op": "add", "name": dragon, "monster": "adult-red-dragon", "initiative": 20},
        {"op": "add", "name": ogre, "monster": "ogre", "initiative": 10},
        {"op": "add", "name": mira, "pc": True, "hp": 500, "max_hp": 500, "ac": 17, "initiative": 15},
        {"op": "start"},
    ):
        tracker.submit(event)
    for _ in range(6):
        for event in (
            {"op": "multiattack", "attacker": dragon, "target": mira},
            {"op": "attack", "attacker": mira, "target": ogre, "bonus": 6, "damage_dice": "1d8+3"},
            {"op": "attack", "attacker": ogre, "target": mira, "action": "Greatclub"},
            {"op": "next_turn"},
        ):
            tracker.submit(event)
        events = recent_events(tracker.encounter)
        told = tell(events)
        assert told and check(told, tracker.encounter).removed == []
        assert echo(told, " ".join(events)) < ECHO_TEXT_MAX, told  # a scene, not the log read back


def tail_on_wren() -> list[str]:
    """The Dragon's legendary tail attack on Wren, as the rules log it (its damage follows)."""
    return [
        line(
            "Dragon takes a legendary action: Tail Attack (2/3 left)",
            "legendary",
            who="Dragon",
            what="Tail Attack",
        ),
        line(
            "Dragon attacks Wren with Tail: d20 8 +14 = 22 vs AC 16: hit",
            "attack",
            **_at("Dragon", "Wren", "Tail"),
        ),
    ]


def scene_lines() -> list[str]:
    """A legendary tail attack, an Owlbear's Multiattack on Ash, Ash's Fireball on three."""
    return [
        *tail_on_wren(),
        line(
            "Wren takes 18 bludgeoning damage (2d8 (7, 3) + 8 = 18)",
            "damage",
            **_hurt("Wren", 18, "bludgeoning"),
        ),
        line("Wren is at 460/900 HP", "hp", whom="Wren"),
        "Owlbear's turn",
        line("Owlbear makes its Multiattack: Beak, Claws", "multiattack", who="Owlbear"),
        line(
            "Owlbear attacks Ash with Beak: d20 3 +7 = 10 vs AC 16: miss",
            "attack",
            **_at("Owlbear", "Ash", "Beak", "miss"),
        ),
        line(
            "Owlbear attacks Ash with Claws: d20 19 +7 = 26 vs AC 16: hit",
            "attack",
            **_at("Owlbear", "Ash", "Claws"),
        ),
        line("Ash takes 9 slashing damage (2d8 (3, 2) + 4 = 9)", "damage", **_hurt("Ash", 9, "slashing")),
        line("Ash is at 30/60 HP", "hp", whom="Ash"),
        "Ash's turn",
        line(
            "Ash uses Fireball: DC 15 DEX save, 30 fire damage (8d6 (3, 5, 4, 1, 3, 5, 3, 6) = 30), "
            "half on a success",
            "uses",
            who="Ash",
            what="Fireball",
            ability="dex",
        ),
        line("Ogre: DEX save 10 vs DC 15: fails", "save", whom="Ogre", how="fails"),
        line("Ogre takes 30 fire damage", "damage", **_hurt("Ogre", 30, "fire")),
        line("Ogre dies (dropped to 0 HP)", "dies", whom="Ogre"),
        line("Knight: DEX save 11 vs DC 15: fails", "save", whom="Knight", how="fails"),
        line("Knight takes 30 fire damage", "damage", **_hurt("Knight", 30, "fire")),
        line("Knight is at 22/52 HP", "hp", whom="Knight"),
        line("Goblin: DEX save 19 vs DC 15: succeeds", "save", whom="Goblin", how="succeeds"),
        line("Goblin takes 15 fire damage", "damage", **_hurt("Goblin", 15, "fire")),
        line("Goblin is at 1/7 HP", "hp", whom="Goblin"),
    ]


def test_the_told_scene_reads_as_a_scene_not_a_list():
    """A legendary action is told with what it does, the saves against one effect together (then
    the deaths they cause), a Multiattack on one target as one volley naming it once, a plural
    weapon's verb agreeing."""
    lines = scene_lines()
    told = re.split(r"(?<=[.!])\s+", tell(lines))
    assert len(told) == 6, told
    assert told[0].startswith("Between turns, ") and "Wren" in told[0] and "tail" in told[0]
    assert "stirs" not in tell(lines)  # the legendary action is the tail attack, told once
    assert told[1].startswith("Owlbear ") and told[1].count("Ash") == 1  # the volley names its target once
    assert told[1].index("beak") < told[1].index("claws") and "claws lands" not in told[1]
    assert "Fireball" in told[2]
    assert told[3].startswith("Ogre and Knight ") and told[4].startswith("Goblin ")
    assert told[5].startswith("Ogre ") and ("crumples" in told[5] or "still" in told[5])


def test_a_legendary_action_with_nothing_after_it_is_still_told():
    legendary = line(
        "Dragon takes a legendary action: Detect (2/3 left)", "legendary", who="Dragon", what="Detect"
    )
    told = tell([legendary, "Mira's turn"])
    assert told == "Dragon stirs between turns: detect."


def test_its_is_only_for_one_creatures_multiattack():
    """A Multiattack split between targets names the attacker once ("its claw"); after another
    creature acts, or between turns, the Multiattacker is named again."""
    told = tell(
        [
            line("Dragon makes its Multiattack: Bite, Claw", "multiattack", who="Dragon"),
            line(
                "Dragon attacks Mira with Bite: d20 3 +14 = 17 vs AC 16: hit",
                "attack",
                **_at("Dragon", "Mira", "Bite"),
            ),
            line("Mira takes 9 piercing damage", "damage", **_hurt("Mira", 9, "piercing")),
            line("Mira is at 5/60 HP", "hp", whom="Mira"),
            line(
                "Dragon attacks Tor with Claw: d20 3 +14 = 17 vs AC 16: miss",
                "attack",
                **_at("Dragon", "Tor", "Claw", "miss"),
            ),
            "Mira's turn",
            line(
                "Mira attacks Dragon with an attack: d20 3 +7 = 10 vs AC 19: miss",
                "attack",
                **_at("Mira", "Dragon", "an attack", "miss"),
            ),
            *tail_on_wren(),
            line("Wren takes 18 bludgeoning damage", "damage", **_hurt("Wren", 18, "bludgeoning")),
        ]
    )
    sentences = re.split(r"(?<=[.!])\s+", told)
    assert (
        len(sentences) == 4 and "Dragon" not in sentences[1] and re.search(r"\b(It|Its|its)\b", sentences[1])
    )
    assert sentences[3].startswith("Between turns, ") and "Dragon" in sentences[3]


def test_a_volley_tells_each_attack_as_it_went(book):
    """One Multiattack on one target is one sentence, each attack in order with how it went, and
    the checker finds nothing in it to deny."""
    tracker = Tracker(seed=1)
    for event in (
        {"op": "add", "name": "Red Dragon", "monster": "adult-red-dragon", "initiative": 20},
        {"op": "add", "name": "Sir Aldous", "pc": True, "hp": 500, "max_hp": 500, "ac": 17, "initiative": 5},
        {"op": "start"},
        {"op": "multiattack", "attacker": "Red Dragon", "target": "Sir Aldous"},
    ):
        assert tracker.submit(event).accepted, event
    events = recent_events(tracker.encounter)
    outcomes = [re.search(r": (critical hit|hit|miss)$", line)[1] for line in events if " attacks " in line]
    told = tell(events)
    assert len(outcomes) == 3 and told.count("Sir Aldous") == 1 and told.count(";") == 2, told
    parts = told.split(": ", 1)[1].split("; ")
    for part, outcome in zip(parts, outcomes):
        assert ("goes wide" in part or "only air" in part) == (outcome == "miss"), (part, outcome)
    assert check(told, tracker.encounter).removed == []


def test_a_save_won_by_legendary_resistance_is_told_as_won(book):
    """The log line reads "fails, then succeeds by Legendary Resistance"; the rules decided a
    success, and the told scene says the Lich weathers it, never that it was caught."""
    tracker, outcomes = fight(pc("Wiz"), foe("lich", "Lich"), CHARM_RESISTED)
    assert all(outcome.accepted for outcome in outcomes)
    told = tell(recent_events(tracker.encounter))
    assert any(s.format(whom="Lich") in told for s in telling.SAVED), told
    assert not any(s.format(whom="Lich") in told for s in telling.FAILED), told
