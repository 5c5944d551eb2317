"""The example campaign's notes hold together: no title states a figure its own text contradicts
(a title "owes the party 40 gold" over a text where he "still owes them 30 gp" leads the chat into
saying the wrong sum)."""

import json
import re
from pathlib import Path

NOTES = Path(__file__).resolve().parents[2] / "campaigns" / "example" / "memories.jsonl"
UNITS = {
    "gp": "gp",
    "gold": "gp",
    "sp": "sp",
    "silver": "sp",
    "cp": "cp",
    "copper": "cp",
    "pp": "pp",
    "platinum": "pp",
    "days": "day",
    "day": "day",
    "miles": "mile",
    "mile": "mile",
    "feet": "ft",
    "ft": "ft",
}
FIGURE = re.compile(r"\b(\d+)\s*(" + "|".join(UNITS) + r")\b", re.IGNORECASE)
SMALL = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "and",
    "for",
    "them",
    "him",
    "her",
    "it",
    "he",
    "she",
    "they",
    "is",
    "was",
}


def verbs_before(text: str, at: int) -> set[str]:
    """What is said of a figure: the verb-like words before it in its clause ("owes", "promised")."""
    words = re.findall(r"[a-z]+", text[:at].lower())
    return {
        w[:4]
        for w in words
        if len(w) > 3
        and w.endswith(("s", "ed"))
        and not w.endswith("ss")
        and w not in SMALL
        and w not in UNITS
    }


def contradictions(title: str, text: str) -> list[str]:
    """Figures of the title that a clause of the text says otherwise with the same verb."""
    found = []
    for figure in FIGURE.finditer(title):
        said = verbs_before(title, figure.start())
        for clause in re.split(r"[.;,]| and ", text):
            for other in FIGURE.finditer(clause):
                same_unit = UNITS[other.group(2).lower()] == UNITS[figure.group(2).lower()]
                if (
                    same_unit
                    and other.group(1) != figure.group(1)
                    and said & verbs_before(clause, other.start())
                ):
                    found.append(f"title says {figure.group(0)}; '{clause.strip()}'")
    return found


def test_the_checker_catches_the_kind_of_slip_it_is_for():
    assert contradictions(
        "Bram owes the party 40 gold", "He promised 40 gp. He paid 10 gp and still owes them 30 gp."
    )
    assert not contradictions(
        "Bram owes the party 30 gold", "He promised the party 40 gp. He paid 10 gp and still owes them 30 gp."
    )


def test_no_example_note_title_states_a_figure_its_text_contradicts():
    notes = [json.loads(line) for line in NOTES.read_text(encoding="utf-8").splitlines() if line.strip()]
    problems = {n["title"]: found for n in notes if (found := contradictions(n["title"], n["text"]))}
    assert problems == {}
