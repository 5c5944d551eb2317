"""Flavour samples for the adapter: a sheet the rules engine built, asked for as the Characters pane
asks (`flavour.messages`: the worked example, then this character's facts), answered with a name,
a look and a story that agree with the sheet and are not the worked example's.

The 135M model copies its worked example (Hilda, a dwarf cleric) onto most characters
(benchmarks/README.md), so the pane's check drops most of what it writes. Each answer here is drawn
from parts keyed to the sheet: a name from the race's names, a look from the race's features and the
class's gear, a story from the background, the alignment and the ideal, told with the pronouns the
DM set (or any, when none are). Every part has several wordings and the sentences come in varied
forms; a sample is kept only if the pane's own check (`flavour.checked`) drops nothing of it.

Counts of wordings are in `WORDINGS`; `python -m tools.build_dataset` writes them to the manifest.
"""

from __future__ import annotations

import random

from dm_companion.characters.sheet import Sheet
from dm_companion.wording import with_article

NAMES = {  # first names, then family names, by race (the pane's grammar: one or two words)
    "Dwarf": (
        ["Bruni", "Dagna", "Torvin", "Eberk", "Gunnloda", "Vondal", "Riswynn", "Baern"],
        ["Ironfist", "Balderk", "Frostbeard", "Gorunn", "Holderhek"],
    ),
    "Elf": (
        ["Aelar", "Naivara", "Thamior", "Sariel", "Quillathe", "Erevan", "Keyleth", "Ivellios"],
        ["Amakiir", "Galanodel", "Liadon", "Siannodel", "Xiloscient"],
    ),
    "Halfling": (
        ["Cora", "Milo", "Perrin", "Seraphina", "Roscoe", "Lavinia", "Merric", "Kithri"],
        ["Tealeaf", "Goodbarrel", "Underbough", "Brushgather", "Thorngage"],
    ),
    "Human": (
        ["Aldric", "Mara", "Bren", "Helena", "Tomas", "Ysolde", "Rurik", "Anselm"],
        ["Dunmore", "Ashgrove", "Varrow", "Kestrel", "Holt"],
    ),
    "Dragonborn": (
        ["Arjhan", "Kava", "Medrash", "Sora", "Ghesh", "Biri", "Torinn", "Harann"],
        ["Kerrhylon", "Delmirev", "Yarjerit", "Myastan", "Clethtinthiallor"],
    ),
    "Gnome": (
        ["Nissa", "Orryn", "Zook", "Bimpnottin", "Roywyn", "Wrenn", "Alston", "Ellywick"],
        ["Beren", "Garrick", "Nackle", "Timbers", "Murnig"],
    ),
    "Half-Elf": (
        ["Arannis", "Corwin", "Liora", "Tessaly", "Evander", "Miri", "Daelin", "Sefris"],
        ["Holt", "Amakiir", "Varrow", "Liadon", "Brightwood"],
    ),
    "Half-Orc": (
        ["Dench", "Shautha", "Ront", "Ovak", "Baggi", "Engong", "Holg", "Thokk"],
        ["Gorehide", "Skullsplitter", "Ashjaw", "Redtusk", "Stonefist"],
    ),
    "Tiefling": (
        ["Akmenos", "Orianna", "Damaia", "Mordai", "Kallista", "Ekemon", "Nemeia", "Leucis"],
        ["Vex", "Ashthorn", "Mourne", "Sable", "Cinderfell"],
    ),
}
FEATURES = {  # what the race looks like, in words of its own race only
    "Dwarf": [
        "a braided copper beard",
        "a barrel chest",
        "thick, scarred forearms",
        "a nose broken more than once",
        "deep-set eyes under a heavy brow",
    ],
    "Elf": [
        "long silver hair",
        "sharp, pointed ears",
        "eyes the green of new leaves",
        "an unhurried, slender grace",
        "a face that seems never to have aged",
    ],
    "Halfling": [
        "bare, hairy feet",
        "curly chestnut hair",
        "a round and cheerful face",
        "quick small hands",
        "a gap-toothed grin",
    ],
    "Human": [
        "sun-browned skin",
        "close-cropped dark hair",
        "a scar across the chin",
        "tired grey eyes",
        "calloused hands",
    ],
    "Dragonborn": [
        "bronze scales",
        "a long snout lined with small teeth",
        "a ridge of horns down the neck",
        "smoke curling from the nostrils",
        "copper scales dulled by the road",
    ],
    "Gnome": [
        "a shock of white hair",
        "bright, curious eyes",
        "ink-stained fingers",
        "a nose like a small potato",
        "spectacles pushed up on the forehead",
    ],
    "Half-Elf": [
        "slightly pointed ears",
        "dark hair tied back",
        "a watchful, easy smile",
        "eyes of two colours",
        "a face both sharp and soft",
    ],
    "Half-Orc": [
        "grey-green skin",
        "jutting lower tusks",
        "a heavy brow",
        "scarred knuckles",
        "a shaved, tattooed scalp",
    ],
    "Tiefling": [
        "curling ram's horns",
        "deep red skin",
        "a restless tail",
        "solid gold eyes",
        "horns filed to blunt points",
    ],
}
GEAR = {  # what the class carries or shows
    "Barbarian": [
        "a greataxe slung across the back",
        "furs worn against any weather",
        "war paint on the cheeks",
    ],
    "Bard": ["a battered lute", "a bright feathered hat", "a flute tucked in the belt"],
    "Cleric": [
        "a holy symbol on a leather cord",
        "a mace worn smooth with use",
        "prayer beads wound around one wrist",
    ],
    "Druid": ["a staff of twisted oak", "a cloak of stitched leaves", "mistletoe braided into the hair"],
    "Fighter": ["dented chain mail", "a longsword with a worn grip", "a shield scarred by many blows"],
    "Monk": ["simple undyed robes", "wrapped hands and feet", "a plain wooden bead necklace"],
    "Paladin": ["polished armour", "a tabard bearing a sunburst", "a sword kept bright and sharp"],
    "Ranger": [
        "a longbow and a quiver of grey-fletched arrows",
        "a mud-spattered green cloak",
        "a hunting knife at the hip",
    ],
    "Rogue": ["a dark hooded cloak", "a ring of lockpicks at the belt", "soft boots that make no sound"],
    "Sorcerer": [
        "faintly glowing eyes",
        "sparks that dance along the fingertips",
        "a crystal pendant that hums",
    ],
    "Warlock": [
        "a ring of black iron",
        "a tome bound in strange leather",
        "a shadow that moves a moment late",
    ],
    "Wizard": ["a heavy spellbook", "robes embroidered with silver runes", "a pouch of spell components"],
}
BUILDS = [
    "tall",
    "wiry",
    "broad-shouldered",
    "stocky",
    "lean",
    "weathered",
    "young",
    "soft-spoken",
    "restless",
    "sharp-eyed",
]
LOOKS = [  # one sentence; {a_build} is "A tall"
    "{a_build} {race} with {feature} and {gear}.",
    "{a_build} {race} with {feature}, {feature2}, and {gear}.",
    "{a_build} {race} with {feature}, never without {gear}.",
    "{a_build}, {build2} {race} with {feature} and {gear}.",
]
ORIGINS = {  # the background's past; {Name} the character, {they}/{their} the pronouns, {town} a place
    "Acolyte": [
        "{Name} grew up in a temple in {town}, sweeping its floors and learning its prayers.",
        "{Name} was left at a shrine in {town} as a child and raised by its priests.",
        "For years {Name} served the altar of a small chapel outside {town}.",
    ],
    "Smuggler": [
        "{Name} ran contraband through the marshes around {town} for a crew that asked no questions.",
        "{Name} learned the hidden river paths near {town} by moving other people's cargo.",
    ],
}
ORIGIN_ANY = [
    "{Name} grew up in {town} as {background}.",
    "{Name} spent {their} early years in {town} as {background}.",
]
TURNS = {  # what happened, and what the character did, by the alignment's good-evil half
    "good": [
        "When fever swept {town}, {they} {stay} to nurse the sick while others fled.",
        "When raiders came, {they} {hide} the children in the cellars and {face} the raiders alone.",
        "A flood took the lower town, and {they} {pull} strangers from the water for three days.",
    ],
    "neutral": [
        "When war reached {town}, {they} {leave} with nothing but what {they} could carry.",
        "A bad winter broke the old life, and {they} {take} to the road to see what else there was.",
        "After a bitter quarrel with {their} elders, {they} {walk} out and did not look back.",
    ],
    "evil": [
        "When {their} master fell ill, {they} {take} the keys and everything they opened.",
        "{They} {sell} a friend's secret to a rival and never once regretted the coin.",
        "When the town needed a scapegoat, {they} {make} sure it was someone else.",
    ],
}
VERBS = {
    "stay": "stayed",
    "hide": "hid",
    "face": "faced",
    "pull": "pulled",
    "leave": "left",
    "take": "took",
    "walk": "walked",
    "sell": "sold",
    "make": "made",
}
IDEALS = {  # the ideal's first word, as what the character now seeks
    "Tradition": "to keep the old rites alive",
    "Charity": "to help anyone in need",
    "Change": "to help bring about the changes the gods want",
    "Power": "to rise high in the faith",
    "Faith": "to prove that the gods guide every step",
    "Aspiration": "to prove worthy of the gods' favour",
}
NOWS = [
    "Now {they} {travel} as {a_class}, hoping {ideal}.",
    "These days {they} {wander} the roads as {a_class}, determined {ideal}.",
    "{They} {fight} now as {a_class}, and {mean} {ideal}.",
]
NOW_VERBS = {
    "travel": ("travels", "travel"),
    "wander": ("wanders", "wander"),
    "fight": ("fights", "fight"),
    "mean": ("means", "mean"),
}
TOWNS = [
    "Millbrook",
    "Greyhollow",
    "Thornwick",
    "Saltmere",
    "Emberfall",
    "Oxley",
    "Harrowby",
    "Duskwater",
    "Fernhaven",
    "Stonebridge",
    "Kettlefield",
    "Redwater",
]
PRONOUNS = {
    "she/her": ("she", "her", "She"),
    "he/him": ("he", "his", "He"),
    "they/them": ("they", "their", "They"),
}
WORDINGS = {
    "races": len(NAMES),
    "names": sum(len(a) + len(b) for a, b in NAMES.values()),
    "race features": sum(len(f) for f in FEATURES.values()),
    "class gear": sum(len(g) for g in GEAR.values()),
    "builds": len(BUILDS),
    "looks": len(LOOKS),
    "origins": sum(len(o) for o in ORIGINS.values()) + len(ORIGIN_ANY),
    "turns": sum(len(t) for t in TURNS.values()),
    "ideals": len(IDEALS),
    "nows": len(NOWS),
}


def form(sheet: Sheet, rng: random.Random) -> str:
    """The labelled form the pane's grammar asks for, told from `sheet`."""
    race = sheet.race if sheet.race in NAMES else "Human"
    firsts, families = NAMES[race]
    name = rng.choice(firsts) + (f" {rng.choice(families)}" if rng.random() < 0.6 else "")
    they, their, they_cap = PRONOUNS.get(sheet.pronouns) or PRONOUNS[rng.choice(list(PRONOUNS))]
    plural = they == "they"
    feature, feature2 = rng.sample(FEATURES[race], 2)
    gear = rng.choice(GEAR[sheet.char_class])
    build, build2 = rng.sample(BUILDS, 2)
    race_word = (sheet.subrace or sheet.race).lower() if rng.random() < 0.5 else sheet.race.lower()
    look = rng.choice(LOOKS).format(
        a_build=with_article(build, capital=True),
        build2=build2,
        race=race_word,
        feature=feature,
        feature2=feature2,
        gear=gear,
    )
    town = rng.choice(TOWNS)
    words = {
        "Name": name.split()[0],
        "they": they,
        "their": their,
        "They": they_cap,
        "town": town,
        "background": with_article(sheet.background.lower(), capital=False),
    }
    origin = rng.choice(ORIGINS.get(sheet.background, ORIGIN_ANY)).format(**words)
    half = "good" if "good" in sheet.alignment else "evil" if "evil" in sheet.alignment else "neutral"
    turn = rng.choice(TURNS[half]).format(**words, **VERBS)
    ideal_key = sheet.personality.get("ideal", "").split(".")[0]
    ideal = IDEALS.get(ideal_key, "to make a name that songs remember")
    now = rng.choice(NOWS).format(
        **words,
        a_class=with_article(sheet.char_class.lower(), capital=False),
        ideal=ideal,
        **{k: forms[1 if plural else 0] for k, forms in NOW_VERBS.items()},
    )
    return f"Name: {name}\nAppearance: {look}\nBackstory: {origin} {turn} {now}"
