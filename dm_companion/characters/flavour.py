"""Name, appearance and backstory from the model, streamed, for a sheet the rules already built.

The model writes a labelled form held in shape by a grammar, so the words stream to the screen
as they come and still parse: "Name: ...", "Appearance: ...", "Backstory: ...". It is told the
sheet's race, class, background, alignment and personality, and nothing it writes is read back
into the sheet's numbers.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from dm_companion.characters import flavour_check
from dm_companion.characters.sheet import Sheet
from dm_companion.llm.protocol import LanguageModel
from dm_companion.wording import SENTENCE_END, with_article

SYSTEM = (
    "You write characters for a Dungeons & Dragons game. Given a character's race, class, "
    "background, alignment and personality, give a fitting fantasy name, one sentence of "
    "appearance, and a short backstory of three sentences that agrees with all of it."
)

_NAME_WORD = r"[A-Z] [a-z]{2,10}"

# One worked example: the small model copies a form far better than it follows a description.
_EXAMPLE_FACTS = (
    "Race: Hill Dwarf\nClass: Cleric\nBackground: Acolyte\nAlignment: lawful good\n"
    "Ideal: Charity. I always try to help those in need."
)
_EXAMPLE_FORM = (
    "Name: Hilda Stonebrow\nAppearance: A broad, grey-braided dwarf with soot on her "
    "hands and a hammer-shaped holy symbol at her throat.\nBackstory: Hilda tended the "
    "forge-shrine of Moradin in a hill village for thirty years. When raiders burned the "
    "village, she carried the wounded out on her back. Now she travels to repay every "
    "kindness shown to her people."
)


def grammar(name: str = "") -> str:
    """The form the model fills in; a name the DM already chose is written in for it.
    Appearance is one sentence; the backstory is whole sentences."""
    name_rule = json.dumps(name) if name else f'{_NAME_WORD} (" " {_NAME_WORD})?'
    return "\n".join(
        [
            'root ::= "Name: " name "\\nAppearance: " sentence "\\nBackstory: " sentence (" " sentence){1,3}',
            f"name ::= {name_rule}",
            r"sentence ::= [A-Z] [^\n.!?]{15,240} [.!?]",
        ]
    )


def facts(sheet: Sheet) -> str:
    race = sheet.subrace or sheet.race
    lines = [
        f"Race: {race}",
        f"Class: {sheet.char_class}",
        f"Background: {sheet.background}",
        f"Alignment: {sheet.alignment}",
    ]
    if sheet.pronouns:
        lines.append(f"Pronouns: {sheet.pronouns}")
    lines += [f"{key.title()}: {text}" for key, text in sheet.personality.items() if key in ("ideal", "bond")]
    return "\n".join(lines)


def messages(sheet: Sheet) -> list[dict[str, str]]:
    return prompt(facts(sheet))


def prompt(character_facts: str) -> list[dict[str, str]]:
    """The chat for one character's `facts`: the worked example first (the factory trains on
    exactly this)."""
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": _EXAMPLE_FACTS},
        {"role": "assistant", "content": _EXAMPLE_FORM},
        {"role": "user", "content": character_facts},
    ]


def stream(
    engine: LanguageModel, sheet: Sheet, *, seed: int = 0, cancel: threading.Event | None = None
) -> Iterator[str]:
    """The form's text as the model writes it."""
    return engine.stream_chat(
        messages(sheet),
        max_tokens=200,
        temperature=0.8,
        seed=seed,
        grammar=grammar(sheet.name),
        cancel=cancel,
    )


@dataclass
class Flavour:
    name: str = ""
    appearance: str = ""
    backstory: str = ""
    removed: list[str] = field(default_factory=list)  # sentences the check dropped: "sentence (why)"


_FIELD = re.compile(r"^(Name|Appearance|Backstory): ?(.*)$", re.MULTILINE)


def parse(text: str, *, complete: bool = True) -> Flavour:
    """The fields read so far; a backstory cut off by the token limit ends at its last full
    sentence (when `complete`), so a sheet never keeps half a sentence."""
    found = Flavour()
    for label, value in _FIELD.findall(text):
        setattr(found, label.lower(), value.strip())
    if complete and found.backstory and not found.backstory.endswith((".", "!", "?", '"')):
        cut = max(found.backstory.rfind(mark) for mark in ".!?")
        if cut > 0:
            found.backstory = found.backstory[: cut + 1]
    return found


def apply(sheet: Sheet, flavour: Flavour) -> None:
    """Writes the model's words into the sheet: name (unless the DM set one), appearance, story."""
    if not sheet.name and flavour.name:
        sheet.name = flavour.name
    sheet.appearance = flavour.appearance
    sheet.backstory = flavour.backstory


_EXAMPLE = parse(_EXAMPLE_FORM)
EXAMPLE_SENTENCES = tuple(SENTENCE_END.split(f"{_EXAMPLE.appearance} {_EXAMPLE.backstory}"))
"""The worked example's sentences: a flavour that copies one describes Hilda, not this character."""


def checked(found: Flavour, sheet: Sheet) -> Flavour:
    """`found` without the sentences that contradict `sheet` or copy the example (see
    `flavour_check`); what was dropped, and why, is in `removed` for the DM."""
    sheet = replace(sheet, name=sheet.name or found.name)  # the name the story must keep to
    appearance, dropped = flavour_check.kept(found.appearance, sheet, True, EXAMPLE_SENTENCES)
    backstory, more = flavour_check.kept(found.backstory, sheet, False, EXAMPLE_SENTENCES)
    return Flavour(found.name, appearance, backstory, [*found.removed, *dropped, *more])


def disagreements(sheet: Sheet) -> list[str]:
    """The sentences of the sheet's own looks and story that contradict it now (after the DM
    changed its pronouns, say), with why."""
    return checked(Flavour(sheet.name, sheet.appearance, sheet.backstory), sheet).removed


def write(
    engine: LanguageModel,
    sheet: Sheet,
    *,
    seed: int = 0,
    cancel: threading.Event | None = None,
    on_text: Callable[[str], None] | None = None,
) -> Flavour:
    """The model's flavour for `sheet`, checked. When the check leaves no appearance or no
    backstory, the model writes it again (the next seed) and the try with fewer sentences dropped
    is kept; `on_text` sees each try's text as it grows."""
    tries = []
    for attempt in range(2):
        text = ""
        for piece in stream(engine, sheet, seed=seed + attempt, cancel=cancel):
            text += piece
            if on_text is not None:
                on_text(text)
        result = checked(parse(text), sheet)
        tries.append(result)
        if (cancel is not None and cancel.is_set()) or (result.appearance and result.backstory):
            break
    best = min(tries, key=lambda t: (not (t.appearance and t.backstory), len(t.removed)))
    if not best.appearance:  # nothing of the model's looks agreed with the sheet: the sheet's own words
        best.appearance = from_sheet(sheet)
        best.removed.append(f"appearance told from the sheet instead: {best.appearance}")
    return best


def from_sheet(sheet: Sheet) -> str:
    """A plain appearance that only says what the sheet says: race, class, and armor worn."""
    who = f"{with_article(sheet.subrace or sheet.race)} {sheet.char_class.lower()}"
    if not re.search(r"\b(armor|mail|plate|shield)\b", sheet.armor_worn):  # "draconic resilience"
        return f"{who}."
    return f"{who} in {sheet.armor_worn.replace(', shield', ' with a shield')}."
