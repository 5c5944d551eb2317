"""A sheet as a rich renderable: the CLI prints it and the Characters pane shows it."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dm_companion.characters.sheet import Sheet
from dm_companion.srd.scores import ABILITIES, signed


def sheet_panel(sheet: Sheet) -> Panel:
    scores = Table(box=None, pad_edge=False, show_edge=False)
    for ability in ABILITIES:
        scores.add_column(ability.upper(), justify="center")
    scores.add_row(*(f"{sheet.ability_scores[a]} ({signed(sheet.modifiers[a])})" for a in ABILITIES))
    lines = Table.grid(padding=(0, 1))
    lines.add_column(style="bold")
    lines.add_column()
    rows = [
        ("AC", f"{sheet.armor_class} ({sheet.armor_worn})"),
        ("HP", f"{sheet.max_hp} (hit die {sheet.hit_die})"),
        (
            "Speed",
            (
                f"{sheet.speed} ft.   Initiative {signed(sheet.initiative)}   "
                f"Proficiency {signed(sheet.proficiency_bonus)}"
            ),
        ),
        ("Saves", ", ".join(a.upper() for a in sheet.saving_throws)),
        ("Skills", ", ".join(f"{s} {signed(b)}" for s, b in sheet.skill_bonuses.items())),
        ("Languages", ", ".join(sheet.languages)),
        ("Features", ", ".join(sheet.features)),
        ("Equipment", ", ".join(sheet.equipment)),
    ]
    if sheet.resistances:
        rows.append(("Resists", ", ".join(sheet.resistances)))
    if sheet.spellcasting:
        cast = sheet.spellcasting
        slots = " ".join(f"{level}:{n}" for level, n in sheet.spell_slots.items()) or "none"
        rows.append(
            (
                "Spells",
                (
                    f"{cast['ability']} DC {cast['save_dc']}, attack "
                    f"{signed(cast['attack_bonus'])}, slots {slots}"
                ),
            )
        )
    for key, text in sheet.personality.items():
        rows.append((key.title(), text))
    for label, value in rows:
        lines.add_row(label, value)
    parts = [scores, Text(""), lines]
    if sheet.appearance:
        parts += [Text(""), Text(sheet.appearance, style="italic")]
    if sheet.backstory:
        parts += [Text(""), Text(sheet.backstory)]
    said = f"{sheet.pronouns} · " if sheet.pronouns else ""
    subtitle = f"{said}{sheet.background}, {sheet.alignment} · {sheet.ability_method} · seed {sheet.seed}"
    return Panel(
        Group(*parts), title=sheet.title, title_align="left", subtitle=subtitle, subtitle_align="left"
    )
