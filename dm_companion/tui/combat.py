"""The combat pane: initiative order with HP bars, the DM's command line, the event log.

Every command goes through the same tracker the `combat replay` CLI uses; an accepted event is
on disk (the campaign's encounter file, fsynced) before the table shows it.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, RichLog, Static

from dm_companion.combat.commands import CommandError, looks_like_command, parse
from dm_companion.combat.menu import choices, command_line, pools
from dm_companion.combat.state import Combatant
from dm_companion.bestiary.formats import read_file
from dm_companion.bestiary.store import Bestiary, lookup
from dm_companion.combat.tracker import EncounterStore, Tracker
from dm_companion.combat.narration import narrate
from dm_companion.combat.translate import Proposal, translate
from dm_companion.errors import DMCError
from dm_companion.tui.messages import NarrationReady, ProposalFailed, ProposalReady
from dm_companion.runtime import Runtime
from dm_companion.tui.workers import RestoresAfterWorkerErrors

HELP = ("Commands: add goblin x3 [group] · add Mira pc hp 27 ac 16 init 15 · init · start · next · "
        "hit Mira 7 fire [crit] · atk Goblin 1 Mira scimitar [adv] · multi Ogre Mira · "
        "aoe Dragon fire breath Mira Tor · leg Dragon tail attack Mira · lr Dragon · react Knight parry · "
        "heal Mira 1d4+3 · temp Mira 5 · cond Mira +poisoned 10 · "
        "conc Wiz bless · save Wiz con 12 · ds Tor 14 · rm Goblin 2 · undo · redo · "
        "N [TARGET]: action N below on the target (or the selected row; keys 1-9 on the table) · "
        "monsters [import FILE]: the campaign's own")


def hp_bar(c: Combatant, width: int = 12) -> Text:
    share = c.hp / c.max_hp if c.max_hp else 0
    filled = round(share * width)
    colour = "red" if share <= 0.25 else "yellow" if share <= 0.5 else "green"
    bar = Text("█" * filled, style=colour) + Text("░" * (width - filled), style="grey37")
    label = f" {c.hp}/{c.max_hp}" + (f" +{c.temp_hp}" if c.temp_hp else "")
    return bar + Text(label)


def death_pips(c: Combatant) -> Text:
    if c.dead:
        return Text("dead", style="bold red")
    if not c.pc or c.hp > 0:
        return Text("")
    if c.stable:
        return Text("stable", style="green")
    return Text("●" * c.successes + "○" * (3 - c.successes), style="green") + Text(" ") + \
        Text("●" * c.failures + "○" * (3 - c.failures), style="red")


def write_lines(log: RichLog, lines: list[Text | str]) -> None:
    """Lines in one write: each write is a render and a scroll of the whole log."""
    if lines:
        log.write(Text("\n").join(Text(line) if isinstance(line, str) else line for line in lines))


class CombatPane(RestoresAfterWorkerErrors, Vertical):
    BINDINGS = [Binding("ctrl+n", "new_encounter", "New encounter"),
                Binding("ctrl+r", "narrate", "Narrate round"),
                Binding("escape", "discard", "Discard proposal", show=False),
                *[Binding(str(n), f"choose({n})", f"Action {n}", show=False) for n in range(1, 10)]]

    def __init__(self, encounter_file: Path, runtime: Runtime, **kwargs) -> None:
        super().__init__(**kwargs)
        self.runtime = runtime
        self.store = EncounterStore(encounter_file)
        self.bestiary = Bestiary(encounter_file.parent.parent)
        self.monsters = lookup(self.bestiary)  # the campaign's own, then the SRD's
        self.tracker = Tracker(store=self.store, monsters=self.monsters)
        self.pending: Proposal | None = None
        self._shown_bar = ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="combat-main"):
            with Vertical(id="order-side"):
                yield DataTable(id="order", cursor_type="row", zebra_stripes=True)
                yield Static("", id="actions", markup=False)
            yield RichLog(id="combat-log", wrap=True, markup=False, max_lines=2000, min_width=20)
        yield Static("", id="proposal", markup=False)
        yield Static(HELP, id="combat-help", markup=False)
        yield Input(placeholder="add goblin x3 · init · start · hit Goblin 1 7 · next · undo", id="combat-input")

    def on_mount(self) -> None:
        table = self.query_one("#order", DataTable)
        for label in ("", "init", "name", "HP", "AC", "conditions", "conc.", "death saves"):
            table.add_column(label, key=label or "turn")
        log = self.query_one("#combat-log", RichLog)
        try:
            self.tracker = Tracker.resume(self.store, monsters=self.monsters)
        except DMCError as exc:
            log.write(Text(f"Could not resume the saved encounter: {exc}", style="bold red"))
        write_lines(log, self.tracker.encounter.log[-200:])
        if self.tracker.encounter.combatants:
            log.write(Text(f"Resumed the encounter in {self.store.path}", style="dim"))
        self.refresh_table()

    def refresh_table(self) -> None:
        table = self.query_one("#order", DataTable)
        selected = self._selected()  # kept across the rebuild: the next action key aims there too
        table.clear()
        encounter = self.tracker.encounter
        for c in encounter.in_order():
            current = encounter.current == c.name
            conditions = ", ".join(f"{name}" + (f" ({left})" if left else "") for name, left in c.conditions.items())
            name = Text(c.name, style="bold" if current else ("strike dim" if c.dead else ""))
            table.add_row("▶" if current else "", "" if c.initiative is None else str(c.initiative), name,
                          hp_bar(c), str(c.ac), conditions, c.concentration or "", death_pips(c), key=c.name)
        if selected is not None and encounter.find(selected) is not None:
            table.move_cursor(row=table.get_row_index(selected))
        title = f"Round {encounter.round} · {encounter.current}'s turn" if encounter.started else "Not started"
        table.border_title = title
        bar = self._action_bar()
        if bar.plain != self._shown_bar:  # an update lays the whole screen out again: only on change
            self._shown_bar = bar.plain
            self.query_one("#actions", Static).update(bar)

    def _action_bar(self) -> Text:
        """The numbered actions of whoever acts now, and what the legendary creatures have left."""
        bar = Text()
        for choice in choices(self.tracker.encounter):
            bar.append(f"{choice.number} ", style="bold")
            bar.append(choice.label + "\n", style="" if choice.ready else "dim strike")
        for c in self.tracker.encounter.in_order():
            if not c.dead and (c.legendary_max or c.resistance_max or c.reaction_used):
                bar.append(pools(c) + "\n", style="cyan")
        return bar

    def _selected(self) -> str | None:
        table = self.query_one("#order", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_choose(self, number: int) -> None:
        """A digit key on the table: action `number` against the selected row."""
        self.execute(str(number))

    @on(Input.Submitted, "#combat-input")
    def run_command(self, event: Input.Submitted) -> None:
        line = event.value.strip()
        if not line:
            if self.pending is not None:  # Enter on an empty line confirms the proposal
                self.confirm()
            return
        event.input.value = ""
        self.execute(line)

    def execute(self, line: str) -> bool:
        """Runs one command line; returns whether every event it stood for was accepted. What it
        logs is written at once: each write renders and scrolls the whole log."""
        said: list[Text | str] = [Text(f"> {line}", style="bold cyan")]
        try:
            return self._execute(line, said)
        finally:
            write_lines(self.query_one("#combat-log", RichLog), said)

    def _execute(self, line: str, said: list[Text | str]) -> bool:
        if line.split()[:1] == ["monsters"]:
            return self._monsters(line.split(maxsplit=2)[1:], said)
        try:
            chosen = command_line(line, self.tracker.encounter, self._selected())
        except DMCError as exc:
            said.append(Text(str(exc), style="yellow"))
            return False
        if chosen is not None:
            line = chosen
            said.append(Text(f"  = {line}", style="cyan"))
        if not looks_like_command(line):
            if len(line.split()) < 3:
                said.append(Text("Not a command. " + HELP, style="yellow"))
                return False
            self.query_one("#proposal", Static).update("Reading that with the model…")
            self._propose(line)
            return False
        try:
            events = parse(line, self.tracker.encounter, self.monsters)
        except (CommandError, DMCError) as exc:
            said.append(Text(str(exc), style="yellow"))
            return False
        ok = True
        for event in events:
            outcome = self.tracker.submit(event)
            if outcome.accepted:
                said += outcome.lines
            else:
                ok = False
                said.append(Text(f"Rejected: {outcome.reason}", style="bold red"))
        self.refresh_table()
        return ok

    def _monsters(self, words: list[str], said: list[Text | str]) -> bool:
        """`monsters` lists the campaign's own; `monsters import FILE` imports a 5etools, Open5e or
        Improved Initiative file into it (as `dm-companion monster import` does)."""
        try:
            if words and words[0].lower() == "import" and len(words) == 2:
                added = self.bestiary.add(read_file(Path(words[1]).expanduser()), words[1])
                said.append(f"Imported {added} monsters into the campaign; add them by name")
            elif words:
                said.append(Text("usage: monsters | monsters import FILE", style="yellow"))
                return False
            own = [m.name for m in self.bestiary.monsters()]
            said.append(f"The campaign's monsters: {', '.join(own)}" if own else
                        "The campaign has no monsters of its own (monsters import FILE)")
            return True
        except DMCError as exc:
            said.append(Text(str(exc), style="yellow"))
            return False

    def add_character(self, sheet) -> bool:
        """A character from the Characters pane joins as a player character (HP, AC and
        resistances from the sheet); the tracker's rules apply as to any other add."""
        event = {"op": "add", "name": sheet.name, "pc": True, "hp": sheet.max_hp,
                 "max_hp": sheet.max_hp, "ac": sheet.armor_class}
        if sheet.resistances:
            event["resistances"] = list(sheet.resistances)
        outcome = self.tracker.submit(event)
        log = self.query_one("#combat-log", RichLog)
        if outcome.accepted:
            write_lines(log, outcome.lines)
        else:
            log.write(Text(f"Rejected: {outcome.reason}", style="bold red"))
        self.refresh_table()
        return outcome.accepted

    @work(thread=True, exclusive=True, group="proposal", exit_on_error=False)
    def _propose(self, sentence: str) -> None:
        try:
            engine = self.runtime.model.wait()
            self.post_message(ProposalReady(translate(sentence, self.tracker.encounter.copy(), engine)))
        except DMCError as exc:
            self.post_message(ProposalFailed(str(exc)))

    def on_proposal_ready(self, message: ProposalReady) -> None:
        self.pending = message.proposal
        self.query_one("#proposal", Static).update(
            Text(f"Proposed: {message.proposal.summary}   Enter applies · Esc discards", style="bold yellow"))

    def on_proposal_failed(self, message: ProposalFailed) -> None:
        self.query_one("#proposal", Static).update(Text(f"Could not read that: {message.reason}", style="yellow"))

    def restore_after(self, group: str, reason: str) -> None:
        if group in ("proposal", "narration"):  # "Reading that with the model..." gives way
            self.on_proposal_failed(ProposalFailed(reason))

    def confirm(self) -> bool:
        """Applies the pending proposal through the tracker (which may still refuse it)."""
        proposal, self.pending = self.pending, None
        self.query_one("#proposal", Static).update("")
        if proposal is None:
            return False
        log = self.query_one("#combat-log", RichLog)
        outcome = self.tracker.submit(proposal.event)
        write_lines(log, outcome.lines)
        if not outcome.accepted:
            log.write(Text(f"Rejected: {outcome.reason}", style="bold red"))
        self.refresh_table()
        return outcome.accepted

    def action_narrate(self) -> None:
        if not self.tracker.encounter.log:
            return
        self.query_one("#proposal", Static).update("Narrating the round…")
        self._narrate(self.tracker.encounter.copy())

    @work(thread=True, exclusive=True, group="narration", exit_on_error=False)
    def _narrate(self, encounter) -> None:
        try:
            engine = self.runtime.model.wait()
        except DMCError:  # no model: the scene told from the log
            engine = None
        try:
            self.post_message(NarrationReady(narrate(encounter, engine)))
        except DMCError as exc:
            self.post_message(ProposalFailed(str(exc)))

    def on_narration_ready(self, message: NarrationReady) -> None:
        self.query_one("#proposal", Static).update("")
        log = self.query_one("#combat-log", RichLog)
        checked = message.narration
        log.write(Text(checked.text or "(nothing the tracker could confirm)", style="italic"))
        for removed in checked.removed:
            log.write(Text(f"Removed from the narration: {removed}", style="red"))
        if checked.told_by == "log":
            log.write(Text("(told from the log: the model's narration read the log back or contradicted it)",
                           style="dim"))

    def action_discard(self) -> None:
        if self.pending is not None:
            self.pending = None
            self.query_one("#proposal", Static).update("")
            self.query_one("#combat-log", RichLog).write(Text("Proposal discarded", style="dim"))

    def action_new_encounter(self) -> None:
        """Archives the current encounter file and starts an empty one."""
        if self.store.path.exists():
            archived = self.store.path.with_name(
                f"{self.store.path.stem}-{int(self.store.path.stat().st_mtime)}.jsonl")
            self.store.path.rename(archived)
            self.query_one("#combat-log", RichLog).write(Text(f"Archived to {archived}", style="dim"))
        self.tracker = Tracker(store=self.store, monsters=self.monsters)
        self.refresh_table()
