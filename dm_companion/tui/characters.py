"""The Characters pane: choose, build, reroll, edit, save, and send a character to combat.

The pane holds a `CharactersSession` (the one `dm-companion character` uses): the rules engine
builds in a worker (the first build reads the SRD); the model's name and story stream in from
another worker while the numbers are already on screen.
"""

from __future__ import annotations

import random
import threading
import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from dm_companion.characters import flavour
from dm_companion.characters.builder import Request
from dm_companion.characters.edits import EDITABLE
from dm_companion.characters.panel import sheet_panel
from dm_companion.characters.pronouns import SETS
from dm_companion.characters.sheet import Sheet
from dm_companion.errors import DMCError
from dm_companion.sessions.characters import CharactersSession
from dm_companion.srd.scores import METHODS
from dm_companion.tui.messages import FlavourText, SendToCombat, SheetBuilt, SheetRefused
from dm_companion.tui.workers import RestoresAfterWorkerErrors

RACES = ("Dragonborn", "Dwarf", "Elf", "Gnome", "Half-Elf", "Half-Orc", "Halfling", "Human", "Tiefling")
CLASSES = (
    "Barbarian",
    "Bard",
    "Cleric",
    "Druid",
    "Fighter",
    "Monk",
    "Paladin",
    "Ranger",
    "Rogue",
    "Sorcerer",
    "Warlock",
    "Wizard",
)
METHOD_LABELS = ("Array", "Point buy", "4d6")  # short: four selects share one row
EDIT_HINT = "set name Ilsa · set pronouns he/him · set level 5 · set str 14 · set class rogue"
FLAVOUR_PAINT_S = 0.08  # stream the story to the screen at ~12 fps, not once per token


class CharactersPane(RestoresAfterWorkerErrors, Vertical):
    BINDINGS = [
        Binding("ctrl+b", "build", "Build"),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+t", "to_combat", "To combat"),
    ]

    def __init__(self, session: CharactersSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.sheet: Sheet | None = None
        self.saved_path = None
        self._flavour_cancel = threading.Event()

    def compose(self) -> ComposeResult:
        with Horizontal(id="char-controls"):
            yield Select([(r, r) for r in RACES], prompt="Any race", id="char-race")
            yield Select([(c, c) for c in CLASSES], prompt="Any class", id="char-class")
            yield Select(
                [(f"Level {n}", n) for n in range(1, 21)], value=1, allow_blank=False, id="char-level"
            )
            yield Select([(p, p) for p in SETS], prompt="Pronouns", id="char-pronouns")
            yield Select(
                list(zip(METHOD_LABELS, METHODS, strict=True)),
                value="standard-array",
                allow_blank=False,
                id="char-method",
            )
            yield Button("Build", id="build", variant="primary")
            yield Button("Surprise me", id="surprise")
        yield Static("", id="char-status")
        with VerticalScroll(id="char-sheet"):
            yield Static(
                "Choose a race, class, level and method, then Build (Ctrl+B); or Surprise me.",
                id="sheet-view",
            )
            yield Static("", id="char-words", markup=False)
        with Horizontal(id="char-actions"):
            yield Button("Reroll scores", id="reroll-scores")
            yield Button("New name", id="reroll-name")
            yield Button("New story", id="reroll-story")
            yield Button("Save", id="save")
            yield Button("To combat", id="to-combat")
        yield Input(placeholder=EDIT_HINT, id="char-edit")

    def _say(self, text: str, style: str = "") -> None:
        self.query_one("#char-status", Static).update(Text(text, style=style))

    # -- building --------------------------------------------------------------------------
    def action_build(self) -> None:
        race, klass, said = (self.query_one(f"#char-{k}", Select) for k in ("race", "class", "pronouns"))
        self._build(
            Request(
                race=None if race.is_blank() else race.value,
                char_class=None if klass.is_blank() else klass.value,
                pronouns="" if said.is_blank() else said.value,
                level=self.query_one("#char-level", Select).value,
                method=self.query_one("#char-method", Select).value,
            )
        )

    @on(Button.Pressed, "#build")
    def _build_pressed(self) -> None:
        self.action_build()

    @on(Button.Pressed, "#surprise")
    def surprise(self) -> None:
        self._build(Request(level=random.randint(1, 20), method=random.choice(METHODS)))

    @work(thread=True, exclusive=True, group="character-build", exit_on_error=False)
    def _build(self, request: Request) -> None:
        try:
            self.post_message(SheetBuilt(self.session.build(request)))
        except DMCError as exc:
            self.post_message(SheetRefused(str(exc)))

    def on_sheet_built(self, message: SheetBuilt) -> None:
        self.sheet = message.sheet
        self._show()
        self._say(message.note or "Built by the rules engine.", "green")
        if not message.sheet.backstory:
            self.saved_path = None
            self._write_words(keep_name=bool(message.sheet.name))

    def on_sheet_refused(self, message: SheetRefused) -> None:
        self._say(message.reason, "bold red")

    def restore_after(self, group: str, reason: str) -> None:
        if group == "character-build":
            self._say(reason, "bold red")
        elif group == "character-words":  # "Writing a name and story..." gives way
            self.query_one("#char-words", Static).update(f"No name or story: {reason}")

    def _show(self) -> None:
        self.query_one("#sheet-view", Static).update(sheet_panel(self.sheet))

    # -- the model's words -----------------------------------------------------------------
    def _write_words(self, keep_name: bool) -> None:
        self._flavour_cancel.set()
        self._flavour_cancel = threading.Event()
        sheet = Sheet.from_dict(self.sheet.to_dict())
        if not keep_name:
            sheet.name = ""
        self.query_one("#char-words", Static).update("Writing a name and story…")
        self._stream_words(sheet, self._flavour_cancel)

    @work(thread=True, group="character-words", exit_on_error=False)
    def _stream_words(self, sheet: Sheet, cancel: threading.Event) -> None:
        last = [0.0, ""]

        def paint(text: str) -> None:
            last[1] = text
            if time.monotonic() - last[0] >= FLAVOUR_PAINT_S:
                last[0] = time.monotonic()
                self.post_message(FlavourText(sheet, text, False))

        try:
            found = self.session.write_flavour(
                sheet, seed=random.randrange(2**31), cancel=cancel, on_text=paint
            )
            if found is None:
                return
        except DMCError as exc:
            self.post_message(FlavourText(sheet, last[1], True, str(exc)))
            return
        if not cancel.is_set():
            self.post_message(FlavourText(sheet, last[1], True, found=found))

    def on_flavour_text(self, message: FlavourText) -> None:
        if self.sheet is None or message.sheet.seed != self.sheet.seed:
            return  # words for a sheet the DM has since replaced
        words = self.query_one("#char-words", Static)
        if message.error:
            words.update(f"No name or story: {message.error}")
            return
        if not message.done:
            words.update(message.text)
            return
        found = message.found or flavour.checked(flavour.parse(message.text), message.sheet)
        if message.sheet.name:
            found.name = message.sheet.name
        self.sheet.name = found.name
        self.sheet.appearance, self.sheet.backstory = found.appearance, found.backstory
        words.update(
            Text("Dropped, against the sheet: " + "; ".join(found.removed), style="yellow")
            if found.removed
            else ""
        )
        self._show()

    # -- rerolls, edits, saving, combat --------------------------------------------------
    def _require_sheet(self) -> Sheet | None:
        if self.sheet is None:
            self._say("Build a character first (Ctrl+B).", "yellow")
        return self.sheet

    @on(Button.Pressed, "#reroll-scores")
    def reroll(self) -> None:
        if self._require_sheet():
            self._change(lambda: self.session.reroll_scores(self.sheet), "Rolled new scores.")

    @on(Button.Pressed, "#reroll-name")
    def new_name(self) -> None:
        if self._require_sheet():
            self._write_words(keep_name=False)

    @on(Button.Pressed, "#reroll-story")
    def new_story(self) -> None:
        if self._require_sheet():
            self._write_words(keep_name=True)

    @on(Input.Submitted, "#char-edit")
    def run_edit(self, event: Input.Submitted) -> None:
        line = event.value.strip()
        verb, _, rest = line.partition(" ")
        field, _, value = rest.strip().partition(" ")
        if verb.lower() != "set" or not field:
            self._say(f"Edit with: set FIELD VALUE ({', '.join(EDITABLE)})", "yellow")
            return
        if self._require_sheet():
            event.input.value = ""
            changed = self._change(lambda: self.session.edit(self.sheet, field, value), f"Set {field}.")
            if changed and field.lower() == "pronouns" and (off := flavour.disagreements(self.sheet)):
                why = off[0].rsplit(" (", 1)[-1].rstrip(")")
                self._say(
                    f"Set pronouns; {len(off)} sentence(s) of the story disagree ({why}). "
                    "New story writes it again.",
                    "yellow",
                )

    def _change(self, make, note: str) -> bool:
        try:
            self.sheet = make()
        except DMCError as exc:
            self._say(str(exc), "bold red")
            return False
        self._show()
        self._say(note, "green")
        return True

    def action_save(self) -> None:
        if self._require_sheet():
            if not self.sheet.name:
                self._say("Name the character first (set name …) or wait for the model's name.", "yellow")
                return
            try:
                self.saved_path = self.session.save(self.sheet, self.saved_path)
            except OSError as exc:
                self._say(f"Could not save: {exc}", "bold red")
                return
            self._say(f"Saved {self.saved_path}", "green")

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    def action_to_combat(self) -> None:
        if self._require_sheet():
            if not self.sheet.name:
                self._say("Name the character before sending them to combat.", "yellow")
                return
            self.post_message(SendToCombat(self.sheet))

    @on(Button.Pressed, "#to-combat")
    def _to_combat_pressed(self) -> None:
        self.action_to_combat()
