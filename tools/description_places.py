"""The places a description sample is about (`description_samples`): for each kind of place, its
names, features with the note's wording and the description's, keepers and figures."""

from __future__ import annotations

# A place kind: what the notes call it, its features (the note's wording, then the description's),
# its keeper's role, and its figure (the note's wording, then the description's; {n} and the unit
# are kept exactly).
PLACES = {
    "inn": {
        "features": [
            (
                "a green lantern hangs over the door",
                [
                    "A green lantern sways above the doorway.",
                    "Over the door, a lantern of green glass throws a sickly light on the mud.",
                ],
            ),
            (
                "the common room has a fireplace big enough to stand in",
                [
                    "A hearth wide enough for a grown man to walk into fills one wall of the common room.",
                    "Heat rolls out from a huge fireplace at the far end of the room.",
                ],
            ),
            (
                "the floor leans toward the river",
                [
                    "Every table tilts a little, as if the whole floor were sliding toward the river.",
                    "The boards slope under your boots, down toward the water.",
                ],
            ),
            (
                "the eel stew is famous",
                [
                    "The smell of eel stew, which folk walk miles for, hangs in the air.",
                    "Bowls of the house's famous eel stew steam on every table.",
                ],
            ),
            (
                "a stuffed owlbear head is mounted above the bar",
                [
                    "Above the bar, a stuffed owlbear head glares at the room with glass eyes.",
                    "The moth-eaten head of an owlbear keeps watch over the bar.",
                ],
            ),
        ],
        "keeper": "innkeeper",
        "figures": [
            (
                "Rooms cost {n} sp a night",
                ["A slate by the door asks {n} sp for a night's bed.", "A bed here costs {n} sp a night."],
            ),
            (
                "A pint of ale is {n} cp",
                ["Ale goes for {n} cp a pint.", "The keeper pours ale at {n} cp a mug."],
            ),
        ],
    },
    "temple": {
        "features": [
            (
                "its bell tower was struck by lightning and never rebuilt",
                [
                    "The bell tower stands split and blackened where lightning once struck it.",
                    "Above the roof, the broken stump of a bell tower still shows the lightning's scorch.",
                ],
            ),
            (
                "candles burn day and night before the altar",
                [
                    "Rows of candles flicker before the altar, never allowed to go out.",
                    "The altar glows with candles that burn at every hour.",
                ],
            ),
            (
                "the walls are painted with scenes of a great flood",
                [
                    "Faded paintings of a drowning flood cover the walls.",
                    "On every wall, painted waters rise over painted towns.",
                ],
            ),
            (
                "pilgrims sleep on the steps",
                [
                    "Pilgrims wrapped in blankets doze on the steps outside.",
                    "You have to step over sleeping pilgrims to reach the door.",
                ],
            ),
        ],
        "keeper": "priest",
        "figures": [
            (
                "Healing costs {n} gp",
                ["The priests ask {n} gp to tend a wound.", "Healing here is {n} gp, paid up front."],
            ),
            (
                "The shrine holds {n} saints' relics",
                ["Relics of {n} saints line the nave.", "The shrine keeps the relics of {n} saints."],
            ),
        ],
    },
    "smithy": {
        "features": [
            (
                "the forge never goes cold",
                ["The forge glows orange even at this hour.", "Coals in the forge are banked but never out."],
            ),
            (
                "horseshoes are nailed all over the front wall",
                [
                    "Hundreds of old horseshoes cover the front wall like scales.",
                    "The wall facing the street is armoured in nailed-up horseshoes.",
                ],
            ),
            (
                "a half-finished suit of plate stands in the corner",
                [
                    "In the corner waits a suit of plate armour, one arm still missing.",
                    "An unfinished breastplate and greaves stand on a rack in the corner.",
                ],
            ),
            (
                "the anvil is said to be dwarf-made",
                [
                    "The anvil is old, squat and dwarf-made, folk say.",
                    "Locals swear the anvil came from a dwarven hold.",
                ],
            ),
        ],
        "keeper": "smith",
        "figures": [
            (
                "A longsword costs {n} gp here",
                ["Longswords hang on the wall at {n} gp apiece.", "The smith wants {n} gp for a longsword."],
            ),
            (
                "Shoeing a horse is {n} sp",
                ["A horse can be shod for {n} sp.", "Shoeing costs {n} sp a horse."],
            ),
        ],
    },
    "watchtower": {
        "features": [
            (
                "it leans badly to the east",
                [
                    "The whole tower tilts eastward, as if tired.",
                    "The whole tower lists eastward like a drunk.",
                ],
            ),
            (
                "ravens nest in the top floor",
                [
                    "Ravens croak from the top of the tower, where they nest.",
                    "The upper windows are crusted with ravens' nests.",
                ],
            ),
            (
                "a signal fire is kept ready on the roof",
                [
                    "Stacked wood for a signal fire waits on the roof.",
                    "On the roof, a beacon stands ready to be lit.",
                ],
            ),
        ],
        "keeper": "sergeant",
        "figures": [
            (
                "The toll on the road is {n} cp",
                [
                    "Anyone passing pays a road toll of {n} cp.",
                    "A guard holds out a hand for the {n} cp toll.",
                ],
            ),
            ("{n} guards are posted there", ["{n} guards keep the post.", "The post is held by {n} guards."]),
        ],
    },
    "mill": {
        "features": [
            (
                "the water wheel squeals",
                [
                    "The great wheel shrieks with every turn.",
                    "A squeal from the water wheel drowns out talk.",
                ],
            ),
            (
                "flour dust covers everything",
                ["Fine flour dust coats every beam and barrel.", "Everything inside is white with flour."],
            ),
            (
                "the millpond is said to be haunted",
                [
                    "Locals won't swim in the millpond; they say something lives in it.",
                    "The millpond lies still and dark, and the village calls it haunted.",
                ],
            ),
        ],
        "keeper": "miller",
        "figures": [
            (
                "A sack of flour is {n} cp",
                ["Flour sells at {n} cp a sack.", "Flour goes out the door at {n} cp a sack."],
            ),
            (
                "The mill grinds {n} sacks a day",
                ["On a good day the mill grinds {n} sacks.", "The stones grind {n} sacks of grain a day."],
            ),
        ],
    },
    "shop": {
        "features": [
            (
                "every shelf is crammed with curios",
                [
                    "Curios crowd every shelf, from jars of teeth to brass astrolabes.",
                    "Shelves sag under bottles, bones and odd brass devices.",
                ],
            ),
            (
                "a caged parrot insults customers",
                [
                    "A parrot in a cage shrieks insults at anyone who walks in.",
                    "From its cage, a parrot calls you a thief.",
                ],
            ),
            (
                "the door bell plays a tune",
                [
                    "A bell above the door tinkles a little tune as you enter.",
                    "The door opens to a jingling tune from a bell.",
                ],
            ),
        ],
        "keeper": "shopkeeper",
        "figures": [
            (
                "A healing potion costs {n} gp",
                [
                    "Healing potions sit behind the counter at {n} gp each.",
                    "A potion of healing is {n} gp here.",
                ],
            ),
            (
                "Rope is {n} sp for fifty feet",
                ["Fifty feet of rope goes for {n} sp.", "Rope sells at {n} sp a coil of fifty feet."],
            ),
        ],
    },
}
