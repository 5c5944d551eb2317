"""Description samples for the adapter: "describe ..." requests about invented campaign places and
people, with the notes the app would recall, answered by a description built from those notes'
facts in other words.

Each subject is drawn from parts: a place (an inn, a temple, a smithy, ...) or a person, a name,
two or three features, a keeper with a trait, and a figure with its unit (a price, a toll, a
count). Every part has one wording for the note and several for the description, so the model
learns to tell the notes' facts, names and figures exactly as given, in its own sentences
rather than the note's (the checker drops a sentence that repeats a note), and never to use a
note that is about something else (each prompt carries one unrelated note, often with a figure
of its own). The description's sentences come in varied order and number.

Counts of wordings are in `WORDINGS`; `python -m tools.build_dataset` writes them to the manifest.
"""

from __future__ import annotations

import random

from dm_companion.memory.records import Memory
from dm_companion.wording import with_article
from tools.description_places import PLACES

FIRST = [
    "Ada",
    "Bram",
    "Corin",
    "Della",
    "Edric",
    "Fenna",
    "Garrow",
    "Hilde",
    "Ivo",
    "Jessa",
    "Kellan",
    "Lorna",
    "Maddock",
    "Nell",
    "Osric",
    "Perrin",
    "Quill",
    "Rosalind",
    "Sten",
    "Tamsin",
    "Ulla",
    "Varis",
    "Wendel",
    "Yelena",
]
LAST = [
    "Ashby",
    "Brightwater",
    "Coldbrook",
    "Dunmore",
    "Elmsworth",
    "Fairweather",
    "Greaves",
    "Holloway",
    "Ironside",
    "Jolly",
    "Kettering",
    "Longstride",
    "Marsh",
    "Nettles",
    "Oakheart",
    "Pike",
    "Quarrel",
    "Redfern",
]
TOWNS = [
    "Millbrook",
    "Greyhollow",
    "Thornwick",
    "Saltmere",
    "Emberfall",
    "Widdershins",
    "Oxley",
    "Harrowby",
    "Duskwater",
    "Fernhaven",
    "Stonebridge",
    "Kettlefield",
]
ADJECTIVES = [
    "Copper",
    "Drowned",
    "Laughing",
    "Silver",
    "Rusty",
    "Sleeping",
    "Crimson",
    "Hollow",
    "Gilded",
    "Wandering",
    "Broken",
    "Merry",
    "Black",
    "Lucky",
    "Crooked",
    "Weeping",
]
NOUNS = [
    "Kettle",
    "Stag",
    "Goose",
    "Anchor",
    "Lantern",
    "Boar",
    "Wheel",
    "Crown",
    "Fiddle",
    "Oak",
    "Raven",
    "Barrel",
]

PLACE_KINDS = list(PLACES)
TRAITS = [  # a keeper's look or manner: the note's wording, the description's
    ("grey-bearded", ["a grey beard", "a beard gone grey"]),
    ("one-eyed", ["a patch over one eye", "a single sharp eye"]),
    (
        "missing two fingers on the left hand",
        ["two fingers gone from the left hand", "a left hand short two fingers"],
    ),
    ("very tall", ["a head taller than anyone in the room", "a great height that makes the door look small"]),
    ("always humming", ["a tune always hummed under the breath", "a hum that never quite stops"]),
    ("covered in tattoos", ["arms inked from wrist to shoulder", "tattoos crawling up the neck"]),
    ("red-haired", ["a shock of red hair", "hair the colour of rust"]),
    ("soft-spoken", ["a voice barely above a whisper", "a soft, careful voice"]),
]
KEEPER = [
    "{who}, with {trait}, {does}.",
    "Behind it all is {who}: {trait}, and {does_bare}.",
    "You notice {who} first, {trait_bare}; {pronoun_bare} {does_bare}.",
]
DOES = {
    "innkeeper": "wipes the bar and watches the door",
    "priest": "tends the candles in silence",
    "smith": "hammers at a glowing blade",
    "sergeant": "counts coins at a table by the gate",
    "miller": "hauls sacks onto a cart",
    "shopkeeper": "peers at you over a pair of spectacles",
}
OPENINGS = [
    "{Name} stands at the edge of {town}.",
    "The party comes to {name} in {town}.",
    "Here is {name}, {town}'s {kind}.",
    "{Name} waits ahead, the best-known {kind} in {town}.",
]
ASKED = [
    "Describe {name} as the party walks in.",
    "describe {name}",
    "Give me a description of {name} for my players.",
    "Describe what the party sees at {name}.",
    "Paint a picture of {name} for the table.",
    "Describe {name} in a few sentences.",
    "The party arrives at {name}. Describe it.",
]
ELSEWHERE = [  # unrelated notes in the prompt: never to be used in the description
    ("The mayor's ring", "The mayor of {town} lost a gold ring worth {m} gp and offers a reward of {r} gp."),
    ("Bandits on the north road", "Bandits have robbed {m} wagons on the north road since spring."),
    (
        "{First} owes the party",
        "{First} {Last} borrowed {m} gp from the party and swore to repay it by midsummer.",
    ),
    ("Session 3 recap", "The party fought {m} goblins at the old quarry and found a map to a sunken shrine."),
]
WORDINGS = {
    "place kinds": len(PLACES),
    "features": sum(len(p["features"]) for p in PLACES.values()),
    "feature wordings": sum(len(d) for p in PLACES.values() for _, d in p["features"]),
    "figures": sum(len(p["figures"]) for p in PLACES.values()),
    "traits": len(TRAITS),
    "keeper sentences": len(KEEPER),
    "openings": len(OPENINGS),
    "requests": len(ASKED),
    "unrelated notes": len(ELSEWHERE),
}


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def sample(rng: random.Random) -> dict:
    """One subject, its notes (the subject's, its keeper's, one unrelated; `notes_in` reads them
    back from the input) and a description."""
    kind = rng.choice(PLACE_KINDS)
    place = PLACES[kind]
    name = f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    town = rng.choice(TOWNS)
    keeper = _person(rng)
    trait, trait_words = rng.choice(TRAITS)
    features = rng.sample(place["features"], rng.randint(2, min(3, len(place["features"]))))
    figure_note, figure_words = rng.choice(place["figures"])
    n = rng.choice([2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 30, 40, 50])
    inside = name.replace("The ", "the ", 1)  # the name inside a sentence
    note_text = (
        f"{name} is {with_article(kind, capital=False)} in {town}; "
        + "; ".join(f for f, _ in features)
        + ". "
        + figure_note.format(n=n)
        + "."
    )
    keeper_text = f"{keeper} is the {place['keeper']} of {inside}, {trait}."
    title_other, other = rng.choice(ELSEWHERE)
    other_first, other_last = rng.choice(FIRST), rng.choice(LAST)
    other_text = other.format(
        town=town,
        m=rng.choice([x for x in range(2, 61) if x != n]),
        r=rng.choice([x for x in range(5, 201) if x != n]),
        First=other_first,
        Last=other_last,
    )
    notes = [
        (f"{name}, {town}", note_text),
        (f"{keeper}, {place['keeper']}", keeper_text),
        (title_other.format(First=other_first), other_text),
    ]
    rng.shuffle(notes)
    notes_text = "Campaign notes:\n" + "\n".join(f"- {title}: {text}" for title, text in notes)
    first = keeper.split()[0]
    does = DOES[place["keeper"]]
    keeper_line = rng.choice(KEEPER).format(
        who=f"{keeper} the {place['keeper']}",
        trait=rng.choice(trait_words),
        does=does,
        does_bare=does,
        trait_bare=f"marked by {rng.choice(trait_words)}",
        pronoun_bare=first,
    )
    body = [rng.choice(words) for _, words in features] + [rng.choice(figure_words).format(n=n)]
    rng.shuffle(body)
    opening = rng.choice(OPENINGS).format(Name=name, name=inside, town=town, kind=kind)
    sentences = [opening] + body[:2] + [keeper_line] + body[2:]
    request = rng.choice(ASKED).format(name=inside)
    return {"instruction": request, "input": notes_text, "output": " ".join(sentences), "subject": name}


def notes_in(prompt_input: str) -> list[Memory]:
    """The notes a sample's prompt gives ("Campaign notes:", then "- title: text" lines) as the
    memories the chat would have recalled, for the checks that read a description against them."""
    return [
        Memory(text, kind="place", title=title)
        for title, text in (line[2:].split(": ", 1) for line in prompt_input.splitlines()[1:])
    ]
