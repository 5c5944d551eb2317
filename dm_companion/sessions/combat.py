"""One campaign's encounter, as the Combat pane and the `combat` and `monster` commands drive it.

The session owns the wiring every front end needs and none should repeat: the encounter file in
the campaign's `encounters/` folder, the tracker resumed from it, the campaign's own monsters
before the SRD's, and the routing of a DM's line: a menu number becomes its command, a command
becomes events for the tracker, a free sentence is left for the model to read (`propose`).
What it says comes back as `Said` lines with a kind; a front end only chooses how to show them.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dm_companion.bestiary.formats import read_file
from dm_companion.bestiary.store import Bestiary, lookup
from dm_companion.combat.command_words import CommandError
from dm_companion.combat.exchange import events_from, export
from dm_companion.combat.language import looks_like_command, parse
from dm_companion.combat.menu import command_line
from dm_companion.combat.narration import CheckedNarration, narrate
from dm_companion.combat.tracker import EncounterStore, Outcome, Tracker, replay_lines
from dm_companion.combat.translate import Proposal, translate
from dm_companion.errors import DMCError
from dm_companion.paths import write_atomically

if TYPE_CHECKING:
    from dm_companion.characters.sheet import Sheet
    from dm_companion.combat.state import Encounter
    from dm_companion.sessions.runtime import Runtime

ENCOUNTER_FILE = Path("encounters") / "current.jsonl"  # inside the campaign's folder
HELP = (
    "Commands: add goblin x3 [group] · add Mira pc hp 27 ac 16 init 15 · init · start · next · "
    "hit Mira 7 fire [crit] · atk Goblin 1 Mira scimitar [adv] · multi Ogre Mira · "
    "aoe Dragon fire breath Mira Tor · leg Dragon tail attack Mira · lr Dragon · react Knight parry · "
    "heal Mira 1d4+3 · temp Mira 5 · cond Mira +poisoned 10 · "
    "conc Wiz bless · save Wiz con 12 · ds Tor 14 · rm Goblin 2 · undo · redo · "
    "N [TARGET]: action N below on the target (or the selected row; keys 1-9 on the table) · "
    "monsters [import FILE]: the campaign's own"
)
MIN_SENTENCE_WORDS = 3  # a shorter line that is no command is a typo, not a sentence for the model


@dataclass(frozen=True)
class Said:
    """One line for the DM. `kind`: "log" (the tracker's own), "chosen" (the command a menu number
    stood for), "error" (nothing was done: a typo, a usage), "rejected" (the tracker refused)."""

    text: str
    kind: str = "log"


@dataclass
class Executed:
    """What a line did: its lines, whether every event it stood for was accepted, and the
    sentence to read with the model when it was no command (`CombatSession.propose`)."""

    said: list[Said] = field(default_factory=list)
    ok: bool = False
    sentence: str | None = None


@dataclass(frozen=True)
class MonstersImported:
    added: int
    updated: int
    left_out: list[str]  # "file: entry ('name'), field 'f': why", one each

    def lines(self) -> list[str]:
        """What the DM is told."""
        said = f"Imported {self.added} monsters into the campaign"
        said += f", updated {self.updated}" if self.updated else ""
        said += f"; left out {len(self.left_out)}:" if self.left_out else "; add them by name"
        return [said, *self.left_out]


def srd_record(name: str) -> dict | None:
    """The SRD's record of a monster, for a 5etools copy of it."""
    from dm_companion.srd.repository import srd

    found = srd().find(name, "monster")
    return found.data if found is not None else None


def encounter_path(campaign_path: Path) -> Path:
    """The campaign's open encounter (resumed at start, archived when a new one begins)."""
    return Path(campaign_path) / ENCOUNTER_FILE


class CombatSession:
    """The encounter of the campaign at `campaign_path`; `runtime` gives the model for reading
    sentences and narrating (none: commands and told rounds only)."""

    def __init__(self, campaign_path: Path, runtime: Runtime | None = None) -> None:
        self.campaign_path = Path(campaign_path)
        self.runtime = runtime
        self.store = EncounterStore(encounter_path(self.campaign_path))
        self.bestiary = Bestiary(self.campaign_path)
        self.monsters = lookup(self.bestiary)  # the campaign's own, then the SRD's
        self.tracker = Tracker(store=self.store, monsters=self.monsters)

    @property
    def encounter(self) -> Encounter:
        return self.tracker.encounter

    def resume(self) -> None:
        """Replays the saved encounter; DMCError (and an empty encounter) when the file is damaged."""
        self.tracker = Tracker.resume(self.store, monsters=self.monsters)

    # -- a DM's line ------------------------------------------------------------------------
    def execute(self, line: str, selected: str | None = None) -> Executed:
        """Runs one line: `monsters ...`, a menu number (against `selected`, the row the DM is
        on, when it names no target), or a command; a longer line that is none of them is a
        sentence for `propose`."""
        line = line.strip()
        if line.split()[:1] == ["monsters"]:
            return self._monsters(line.split(maxsplit=2)[1:])
        done = Executed()
        try:
            chosen = command_line(line, self.encounter, selected)
        except DMCError as exc:
            return Executed([Said(str(exc), "error")])
        if chosen is not None:
            line = chosen
            done.said.append(Said(f"  = {line}", "chosen"))
        if not looks_like_command(line):
            if len(line.split()) < MIN_SENTENCE_WORDS:
                return Executed([Said("Not a command. " + HELP, "error")])
            return Executed(sentence=line)
        try:
            events = parse(line, self.encounter, self.monsters)
        except (CommandError, DMCError) as exc:
            done.said.append(Said(str(exc), "error"))
            return done
        done.ok = True
        for event in events:
            done.ok = self._submit(event, done.said) and done.ok
        return done

    def _submit(self, event: dict, said: list[Said]) -> bool:
        outcome = self.tracker.submit(event)
        said.extend(_said(outcome))
        return outcome.accepted

    def _monsters(self, words: list[str]) -> Executed:
        """`monsters` lists the campaign's own; `monsters import FILE` imports a 5etools, Open5e or
        Improved Initiative file into it (as `dm-companion monster import` does)."""
        said: list[Said] = []
        try:
            if words and words[0].lower() == "import" and len(words) == 2:
                done = self.import_monsters(Path(words[1]).expanduser(), replace=True)
                said += [Said(line, "error" if n else "log") for n, line in enumerate(done.lines())]
            elif words:
                return Executed([Said("usage: monsters | monsters import FILE", "error")])
        except DMCError as exc:
            return Executed([Said(str(exc), "error")])
        own = [m.name for m in self.bestiary.monsters()]
        said.append(
            Said(
                f"The campaign's monsters: {', '.join(own)}"
                if own
                else "The campaign has no monsters of its own (monsters import FILE)"
            )
        )
        return Executed(said, ok=True)

    # -- the model's part ---------------------------------------------------------------------
    def propose(self, sentence: str, cancel: threading.Event | None = None) -> Proposal | None:
        """The event the model reads in a free sentence, for the DM to confirm; None when
        `cancel` is set while the model loads. DMCError when there is no model."""
        if self.runtime is None:
            raise DMCError("reading a sentence needs the model")
        engine = self.runtime.model.wait(cancel)
        return None if engine is None else translate(sentence, self.encounter.copy(), engine)

    def confirm(self, proposal: Proposal) -> Executed:
        """Applies a proposal the DM confirmed, through the tracker (which may still refuse it)."""
        said: list[Said] = []
        return Executed(said, self._submit(proposal.event, said))

    def narrate(self) -> CheckedNarration:
        """The round narrated by the model and checked, or told from the log without one."""
        engine = None
        if self.runtime is not None:
            try:
                engine = self.runtime.model.wait()
            except DMCError:  # no model: the scene told from the log
                engine = None
        return narrate(self.encounter.copy(), engine)

    # -- the encounter as a whole ------------------------------------------------------------
    def add_character(self, sheet: Sheet) -> Executed:
        """A character from the Characters pane joins as a player character (HP, AC and
        resistances from the sheet); the tracker's rules apply as to any other add."""
        event = {
            "op": "add",
            "name": sheet.name,
            "pc": True,
            "hp": sheet.max_hp,
            "max_hp": sheet.max_hp,
            "ac": sheet.armor_class,
        }
        if sheet.resistances:
            event["resistances"] = list(sheet.resistances)
        said: list[Said] = []
        return Executed(said, self._submit(event, said))

    def archive(self) -> Path | None:
        """Moves the encounter file aside (named by when it was last changed) and starts an empty
        encounter; the archived file, or None when there was nothing to keep."""
        archived = None
        if self.store.path.exists():
            archived = self.store.path.with_name(
                f"{self.store.path.stem}-{int(self.store.path.stat().st_mtime)}.jsonl"
            )
            self.store.path.rename(archived)
        self.tracker = Tracker(store=self.store, monsters=self.monsters)
        return archived

    def import_monsters(
        self, path: Path | str, fmt: str | None = None, strict: bool = False, replace: bool = False
    ) -> MonstersImported:
        """Imports a monster file into the campaign's bestiary: what came in, what was updated,
        and each entry left out with why (with `strict`, one left out refuses the file)."""
        imported = read_file(Path(path), fmt, strict, srd_monster=srd_record)
        added, updated, left_out = self.bestiary.add(imported.records, str(path), replace)
        return MonstersImported(added, updated, [str(s) for s in imported.skipped] + left_out)

    def import_encounter(self, path: Path, encounter: str | None = None) -> Path | None:
        """Starts the encounter from another tool's file, every event checked first: a fault
        imports nothing. The encounter in progress is archived; returns where, if anywhere."""
        trial = Tracker(monsters=self.monsters)
        for event in events_from(Path(path), encounter):
            outcome = trial.submit(event)
            if not outcome.accepted:
                raise DMCError(
                    f"{path}: {event.get('name') or event.get('target')}: {outcome.reason}; "
                    f"nothing was imported"
                )
        archived = self.archive() if self.store.path.exists() and self.store.events() else None
        self.tracker = Tracker(store=self.store, monsters=self.monsters)
        for event in trial.applied:
            self.tracker.submit(event)
        return archived

    def export_encounter(self, path: Path, name: str) -> int:
        """Writes the encounter as Improved Initiative's JSON; how many combatants it holds."""
        self.resume()
        write_atomically(Path(path), json.dumps(export(self.encounter, name), indent=2) + "\n")
        return len(self.encounter.combatants)

    def replay(self, lines: list[str], seed: int | None = None) -> Tracker:
        """A fresh tracker fed these JSON event lines, with the campaign's monsters."""
        return replay_lines(lines, seed=seed, monsters=self.monsters)


def _said(outcome: Outcome) -> list[Said]:
    if outcome.accepted:
        return [Said(line) for line in outcome.lines]
    return [*(Said(line) for line in outcome.lines), Said(f"Rejected: {outcome.reason}", "rejected")]
