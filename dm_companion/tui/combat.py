"""The combat pane: initiative order with HP bars, the DM's command line, the event log.

The pane holds a `CombatSession` and shows what it says: every line goes through the session
(the same one `dm-companion combat` uses), and an accepted event is on disk (the campaign's
encounter file, fsynced) before the table shows it.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, RichLog, Static

from dm_companion.combat.menu import choices, pools
from dm_companion.combat.state import Combatant
from dm_companion.errors import DMCError
from dm_companion.sessions.combat import HELP, CombatSession, Executed, Said
from dm_companion.tui.messages import NarrationReady, ProposalFailed, ProposalReady
from dm_companion.tui.workers import RestoresAfterWorkerErrors

STYLES = {"log": "", "chosen": "cyan", "error": "yellow", "rejected": "bold red"}  # by `Said.kind`


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
    return (
        Text("●" * c.successes + "○" * (3 - c.successes), style="green")
        + Text(" ")
        + Text("●" * c.failures + "○" * (3 - c.failures), style="red")
    )


def write_lines(log: RichLog, lines: list[Text | str]) -> None:
    """Lines in one write: each write is a render and a scroll of the whole log."""
    if lines:
        log.write(Text("\n").join(Text(line) if isinstance(line, str) else line for line in lines))


def styled(said: list[Said]) -> list[Text]:
    return [Text(line.text, style=STYLES[line.kind]) for line in said]


class CombatPane(RestoresAfterWorkerErrors, Vertical):
    BINDINGS = [
        Binding("ctrl+n", "new_encounter", "New encounter"),
        Binding("ctrl+r", "narrate", "Narrate round"),
        Binding("escape", "discard", "Discard proposal", show=False),
        *[Binding(str(n), f"choose({n})", f"Action {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self, session: CombatSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.pending = None  # the model's proposal, until the DM applies or discards it
        self._shown_bar = ""

    @property
    def tracker(self):
        return self.session.tracker

    def compose(self) -> ComposeResult:
        with Horizontal(id="combat-main"):
            with Vertical(id="order-side"):
                yield DataTable(id="order", cursor_type="row", zebra_stripes=True)
                yield Static("", id="actions", markup=False)
            yield RichLog(id="combat-log", wrap=True, markup=False, max_lines=2000, min_width=20)
        yield Static("", id="proposal", markup=False)
        yield Static(HELP, id="combat-help", markup=False)
        yield Input(
            placeholder="add goblin x3 · init · start · hit Goblin 1 7 · next · undo", id="combat-input"
        )

    def on_mount(self) -> None:
        table = self.query_one("#order", DataTable)
        for label in ("", "init", "name", "HP", "AC", "conditions", "conc.", "death saves"):
            table.add_column(label, key=label or "turn")
        log = self.query_one("#combat-log", RichLog)
        try:
            self.session.resume()
        except DMCError as exc:
            log.write(Text(f"Could not resume the saved encounter: {exc}", style="bold red"))
        write_lines(log, self.tracker.encounter.log[-200:])
        if self.tracker.encounter.combatants:
            log.write(Text(f"Resumed the encounter in {self.session.store.path}", style="dim"))
        self.refresh_table()

    def refresh_table(self) -> None:
        table = self.query_one("#order", DataTable)
        selected = self._selected()  # kept across the rebuild: the next action key aims there too
        table.clear()
        encounter = self.tracker.encounter
        for c in encounter.in_order():
            current = encounter.current == c.name
            conditions = ", ".join(
                f"{name}" + (f" ({left})" if left else "") for name, left in c.conditions.items()
            )
            name = Text(c.name, style="bold" if current else ("strike dim" if c.dead else ""))
            table.add_row(
                "▶" if current else "",
                "" if c.initiative is None else str(c.initiative),
                name,
                hp_bar(c),
                str(c.ac),
                conditions,
                c.concentration or "",
                death_pips(c),
                key=c.name,
            )
        if selected is not None and encounter.find(selected) is not None:
            table.move_cursor(row=table.get_row_index(selected))
        title = (
            f"Round {encounter.round} · {encounter.current}'s turn" if encounter.started else "Not started"
        )
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
        """Runs one line through the session; returns whether every event it stood for was
        accepted. What it says is written at once: each write renders and scrolls the whole log."""
        done = self.session.execute(line, self._selected())
        self._show(done, echo=line)
        if done.sentence is not None:
            self.query_one("#proposal", Static).update("Reading that with the model…")
            self._propose(done.sentence)
        return done.ok

    def _show(self, done: Executed, echo: str | None = None) -> None:
        lines = [Text(f"> {echo}", style="bold cyan")] if echo is not None else []
        write_lines(self.query_one("#combat-log", RichLog), lines + styled(done.said))
        self.refresh_table()

    def add_character(self, sheet) -> bool:
        """A character from the Characters pane joins as a player character."""
        done = self.session.add_character(sheet)
        self._show(done)
        return done.ok

    @work(thread=True, exclusive=True, group="proposal", exit_on_error=False)
    def _propose(self, sentence: str) -> None:
        try:
            proposal = self.session.propose(sentence)
            if proposal is not None:
                self.post_message(ProposalReady(proposal))
        except DMCError as exc:
            self.post_message(ProposalFailed(str(exc)))

    def on_proposal_ready(self, message: ProposalReady) -> None:
        self.pending = message.proposal
        self.query_one("#proposal", Static).update(
            Text(f"Proposed: {message.proposal.summary}   Enter applies · Esc discards", style="bold yellow")
        )

    def on_proposal_failed(self, message: ProposalFailed) -> None:
        self.query_one("#proposal", Static).update(
            Text(f"Could not read that: {message.reason}", style="yellow")
        )

    def restore_after(self, group: str, reason: str) -> None:
        if group in ("proposal", "narration"):  # "Reading that with the model..." gives way
            self.on_proposal_failed(ProposalFailed(reason))

    def confirm(self) -> bool:
        """Applies the pending proposal through the session (whose tracker may still refuse it)."""
        proposal, self.pending = self.pending, None
        self.query_one("#proposal", Static).update("")
        if proposal is None:
            return False
        done = self.session.confirm(proposal)
        self._show(done)
        return done.ok

    def action_narrate(self) -> None:
        if not self.tracker.encounter.log:
            return
        self.query_one("#proposal", Static).update("Narrating the round…")
        self._narrate()

    @work(thread=True, exclusive=True, group="narration", exit_on_error=False)
    def _narrate(self) -> None:
        try:
            self.post_message(NarrationReady(self.session.narrate()))
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
            log.write(
                Text(
                    "(told from the log: the model's narration read the log back or contradicted it)",
                    style="dim",
                )
            )

    def action_discard(self) -> None:
        if self.pending is not None:
            self.pending = None
            self.query_one("#proposal", Static).update("")
            self.query_one("#combat-log", RichLog).write(Text("Proposal discarded", style="dim"))

    def action_new_encounter(self) -> None:
        """Archives the current encounter file and starts an empty one."""
        archived = self.session.archive()
        if archived is not None:
            self.query_one("#combat-log", RichLog).write(Text(f"Archived to {archived}", style="dim"))
        self.refresh_table()
