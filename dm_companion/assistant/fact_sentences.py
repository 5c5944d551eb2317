"""The sentence for each attribute of an SRD record: "A Lich has Armor Class 17 (natural).",
"Hold Person requires concentration, up to 1 minute." Built from the record's own fields, so
the numbers never pass through the model. `facts.py` decides which attribute a question asks for.
Monsters, conditions and equipment here; spells in `fact_sentences_spells`; classes, races and
features in `fact_sentences_characters`.
"""

from __future__ import annotations

import re

from dm_companion.assistant.question_terms import ability_in, with_digits
from dm_companion.srd.entries import Entry, Equipment, Feature, Trait
from dm_companion.srd.monster import Monster
from dm_companion.srd.scores import ABILITY_NAMES, modifier, signed
from dm_companion.srd.stat_block import LEGENDARY_POOL, action_key, labeled_name
from dm_companion.srd.tables import DAMAGE_TYPES
from dm_companion.wording import join_words, with_article

# --- monsters ---------------------------------------------------------------------------------


def m_hp(m: Monster, q: str) -> str:
    return f"{with_article(m.name)} has {m.hit_points} hit points ({m.hit_dice})."


def m_ac(m: Monster, q: str) -> str:
    return f"{with_article(m.name)} has Armor Class {m.armor_class_text}."


def m_cr(m: Monster, q: str) -> str:
    return f"{with_article(m.name)} is challenge {m.challenge_text}."


def m_speed(m: Monster, q: str) -> str:
    for mode in ("fly", "swim", "climb", "burrow"):
        if re.search(rf"\b{mode}", q):
            value = m.speed.get(mode)
            return (
                f"{with_article(m.name)} has a {mode} speed of {value.rstrip('.')}."
                if value
                else f"{with_article(m.name)} has no {mode} speed (its speed is {m.speed_text})."
            )
    return f"{with_article(m.name)} has speed {m.speed_text}."


def m_immune(m: Monster, q: str) -> str:
    parts = []
    if m.damage_immunities:
        parts.append(f"damage immunities: {'; '.join(m.damage_immunities)}")
    if m.condition_immunities:
        parts.append(f"condition immunities: {', '.join(m.condition_immunities)}")
    elsewhere = _listed_elsewhere(m, q, "immun")
    if not parts:
        return f"{with_article(m.name)} has no damage or condition immunities.{elsewhere}"
    return f"{with_article(m.name)} has {', and '.join(parts)}.{elsewhere}"


def _damage_list(m: Monster, label: str, values: list[str], q: str) -> str:
    elsewhere = _listed_elsewhere(m, q, label)
    if not values:
        return f"{with_article(m.name)} has no {label}.{elsewhere}"
    return f"{with_article(m.name)} has {label}: {'; '.join(values)}.{elsewhere}"


def _listed_elsewhere(m: Monster, q: str, asked: str) -> str:
    """Where a damage type the question names stands in another of the monster's lists: "does a
    ghost have resistance to necrotic damage?" is answered by its resistances, which lack
    necrotic, and a DM reading only that would deal it in full to a creature immune to it."""
    lists = {
        "damage immunities": m.damage_immunities,
        "damage resistances": m.damage_resistances,
        "damage vulnerabilities": m.damage_vulnerabilities,
    }
    said = []
    for damage in (d for d in DAMAGE_TYPES if re.search(rf"\b{d}\b", q)):
        if any(damage in v.lower() for label, values in lists.items() if asked in label for v in values):
            continue
        said += [
            f" Its {label} include {v}."
            for label, values in lists.items()
            if asked not in label
            for v in values
            if damage in v.lower()
        ]
    return "".join(dict.fromkeys(said))


def m_resist(m: Monster, q: str) -> str:
    return _damage_list(m, "damage resistances", m.damage_resistances, q)


def m_vulnerable(m: Monster, q: str) -> str:
    return _damage_list(m, "damage vulnerabilities", m.damage_vulnerabilities, q)


def m_save(m: Monster, q: str) -> str:
    ability = ability_in(q)
    if ability:
        bonus = m.saving_throws.get(ability.upper())
        if bonus is None:
            bonus = modifier(m.ability_scores[ability])
        return f"{with_article(m.name)}'s {ABILITY_NAMES[ability]} saving throw is {signed(bonus)}."
    if not m.saving_throws:
        return f"{with_article(m.name)} has no saving throw proficiencies; it uses its ability modifiers."
    return (
        f"{with_article(m.name)}'s saving throws: "
        + ", ".join(f"{k.title()} {signed(v)}" for k, v in m.saving_throws.items())
        + "."
    )


def m_ability(m: Monster, q: str) -> str | None:
    ability = ability_in(q)
    if not ability:
        return None
    score = m.ability_scores[ability]
    return f"{with_article(m.name)} has {ABILITY_NAMES[ability]} {score} ({signed(modifier(score))})."


def m_senses(m: Monster, q: str) -> str:
    return f"{with_article(m.name)} has {m.senses}."


def m_languages(m: Monster, q: str) -> str:
    return f"{with_article(m.name)} speaks: {m.languages}."


def m_size_type(m: Monster, q: str) -> str:
    return (
        f"{with_article(m.name)} is a {m.data.get('size')} {m.data.get('type')}, {m.data.get('alignment')}."
    )


def m_xp(m: Monster, q: str) -> str:
    challenge = m.challenge_text.split(" ")[0]
    return f"{with_article(m.name)} is worth {m.data.get('xp', 0):,} XP (challenge {challenge})."


def m_initiative(m: Monster, q: str) -> str:
    dex = m.ability_scores["dex"]
    return f"{with_article(m.name)} rolls initiative at {signed(modifier(dex))} (Dexterity {dex})."


def m_legendary(m: Monster, q: str) -> str:
    actions = m.abilities_named("legendary_actions")
    if not actions:
        return f"{with_article(m.name)} has no legendary actions."
    return (
        f"{with_article(m.name)} can take {LEGENDARY_POOL} legendary actions a round, choosing from: "
        f"{join_words([a['name'] for a in actions])}."
    )


_ABILITY_LISTS = ("special_abilities", "actions", "reactions", "legendary_actions")
_SPELLCASTING = re.compile(r"spellcasting ability is (\w+) \(spell save DC (\d+)(?:, ([+-]\d+) to hit)?")


def m_spell_dc(m: Monster, q: str) -> str | None:
    """A spellcaster's spell save DC and attack bonus, from its Spellcasting trait."""
    for trait in m.abilities_named("special_abilities"):
        said = _SPELLCASTING.search(trait["desc"])
        if trait["name"].startswith("Spellcasting") and said:
            ability, dc, hit = said.groups()
            to_hit = f" and {hit} to hit with spell attacks" if hit else ""
            return f"{with_article(m.name)}'s spell save DC is {dc}{to_hit} ({trait['name']}, {ability})."
    return None


def m_own_ability(m: Monster, q: str) -> str:
    """The monster's abilities the question names, each in its record's words ("does the ancient
    red dragon have legendary resistance?": Legendary Resistance (3/Day) and what it does), or ""
    when it names none: the name carries what the description leaves out (3/Day, Recharge 5-6).
    A short name counts where the monster's own ("a giant spider's web", "the vampire's bite")."""
    called = (m.name.lower(), m.name.lower().split(",")[0])  # "Vampire, Vampire Form" is "vampire" too
    owner = "|".join(re.escape(name) for name in called)
    possessed = {w.rstrip("s") for w in re.findall(rf"\b(?:{owner})['\u2019]s (\w+)", q.lower())}
    for own in called:  # "giant spider climb" names no Spider Climb
        q = re.sub(rf"\b{re.escape(own)}s?\b", " ", q)
    said = []
    for key in _ABILITY_LISTS:
        for ability in m.abilities_named(key):
            name = ability.get("name", "")
            plain = action_key(name)
            named = " " in plain or len(plain) >= 6 or plain.rstrip("s") in possessed
            if named and re.search(rf"\b{re.escape(plain)}(?:s|es)?\b", q):
                said.append(f"{labeled_name(ability)}: {' '.join(ability.get('desc', '').split())}")
                said += _attacks_made(m, ability, said)
    return f"{with_article(m.name)}'s {' '.join(said)}" if said else ""


def _attacks_made(m: Monster, ability: dict, said: list[str]) -> list[str]:
    """The attacks an ability only names ("Tail Attack. The dragon makes a tail attack."), each in
    its action's words: the damage is there."""
    made = re.findall(r"makes (?:one|a|an) (\w+) attack", ability.get("desc", ""))
    return [
        f"{labeled_name(action)}: {' '.join(action.get('desc', '').split())}"
        for action in m.abilities_named("actions")
        if action_key(action.get("name", "")) in made
        and not any(s.startswith(f"{labeled_name(action)}:") for s in said)
    ]


def m_actions(m: Monster, q: str) -> str:
    actions = m.abilities_named("actions")
    return f"{with_article(m.name)}'s actions: {join_words([a['name'] for a in actions])}."


def describe(entry: Entry, q: str) -> str:
    body = entry.description.replace("\n", " ")
    owner = ""
    if isinstance(entry, Feature):
        owner = f" ({entry.owner} feature, level {entry.level})"
    elif isinstance(entry, Trait):
        owner = f" (racial trait of {join_words(entry.races)})"
    return f"{entry.name}{owner}: {body}"


_LEVEL_OF = re.compile(
    r"\b([1-6])(?:st|nd|rd|th)? (?:levels?|points?|stacks?)\b"
    r"|\blevels? ([1-6])\b|exhaustion (?:of )?([1-6])\b"
)


def exhaustion_level(c: Entry, q: str) -> str | None:
    """What a level of exhaustion does, with the levels below it ("3 levels of exhaustion"): the
    condition's own table, read row by row."""
    match = _LEVEL_OF.search(with_digits(q))
    if c.index != "exhaustion" or match is None:
        return None
    level = int(next(group for group in match.groups() if group))
    rows = {
        int(n): effect.strip().lower() for n, effect in re.findall(r"^([1-6]) - (.+)$", c.description, re.M)
    }
    if level not in rows:
        return None
    below = "; ".join(f"{rows[n]} ({n})" for n in range(1, level))
    return f"Exhaustion level {level}: {rows[level]}" + (
        f", and the lower levels' effects too: {below}." if below else "."
    )


def e_stats(e: Equipment, q: str) -> str:
    kind = e.category.lower()  # "martial ranged weapon", "heavy armor", "adventuring gear"
    bits = [f"is a {kind}"] if kind.endswith(" weapon") else [f"is {kind}"] if kind.endswith(" armor") else []
    if e.reach:
        normal, long, thrown = e.reach
        reach = f"a range of {normal}/{long} feet ({normal} normal, {long} long)"
        bits.append(f"can be thrown to {reach}" if thrown else f"has {reach}")
    if e.damage_text:
        props = [p["name"] for p in e.data.get("properties", [])]
        bits.append(f"deals {e.damage_text} damage" + (f" ({', '.join(props).lower()})" if props else ""))
        if e.data.get("two_handed_damage"):
            two = e.data["two_handed_damage"]
            bits.append(f"{two['damage_dice']} when used with two hands")
    if e.armor_class_text:
        bits.append(f"gives Armor Class {e.armor_class_text}")
        if e.data.get("str_minimum"):
            bits.append(f"needs Strength {e.data['str_minimum']}")
        if e.data.get("stealth_disadvantage"):
            bits.append("imposes disadvantage on Stealth")
    if e.cost:
        bits.append(f"costs {e.cost}")
    if e.data.get("weight") is not None:
        bits.append(f"weighs {e.data['weight']:g} lb")
    return f"{with_article(e.said_name)} " + join_words(bits) + "."
