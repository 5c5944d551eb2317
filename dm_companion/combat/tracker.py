"""The tracker: submits events, keeps the applied ones as an append-only log, undoes and redoes.

Every accepted event is stored resolved (dice already rolled), so the state is always the replay
of the log, a replay gives the same numbers, and undo is "replay all but the last".
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from dm_companion.combat import rules
from dm_companion.combat.checks import Rejected
from dm_companion.combat.state import Encounter
from dm_companion.dice import Dice
from dm_companion.errors import DMCError
from dm_companion.srd.stat_block import monster_stats


@dataclass(frozen=True)
class Outcome:
    accepted: bool
    lines: list[str]
    reason: str | None = None


def srd_monster(name: str) -> dict:
    from dm_companion.srd.repository import srd

    return monster_stats(srd().require(name, "monster"))


def srd_spell(name: str) -> tuple[str, bool]:
    from dm_companion.srd.repository import srd

    spell = srd().require(name, "spell")
    return spell.name, spell.concentration


class EncounterStore:
    """An encounter's events as JSONL; each is on disk (fsync) before the caller is told."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def append(self, event: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(event, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def events(self) -> list[dict]:
        if not self.path.exists():
            return []
        events = []
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:
                if number == len(self.path.read_text(encoding="utf-8").splitlines()):
                    break  # a line cut off by a crash mid-write: never reported saved
                raise DMCError(
                    f"{self.path} line {number} is not JSON; the encounter file is damaged"
                ) from None
        return events


class Tracker:
    def __init__(
        self,
        seed: int | None = None,
        store: EncounterStore | None = None,
        monsters: rules.MonsterLookup = srd_monster,
        spells: rules.SpellLookup = srd_spell,
    ) -> None:
        self.dice = Dice(seed)
        self.store = store
        self.monsters, self.spells = monsters, spells
        self.encounter = Encounter()
        self.applied: list[dict] = []
        self.undone: list[dict] = []
        self.rejected: list[dict] = []

    @classmethod
    def resume(
        cls, store: EncounterStore, seed: int | None = None, monsters: rules.MonsterLookup = srd_monster
    ) -> Tracker:
        """The encounter a store holds, replayed (its events were stored resolved)."""
        tracker = cls(seed=seed, monsters=monsters)
        for event in store.events():
            tracker.submit(event)
        tracker.store = store
        return tracker

    def submit(self, event: dict, line: int | None = None) -> Outcome:
        """Checks and applies one event; a refused one changes nothing and is kept with its reason."""
        if not isinstance(event, dict):
            return self.refuse(line, f"an event is a JSON object, not {type(event).__name__}")
        try:
            if event.get("op") == "undo":
                return self._undo()
            if event.get("op") == "redo":
                return self._redo()
            resolved = rules.resolve(event, self.encounter, self.dice, self.monsters)
            lines = self._apply(resolved)
        except Rejected as exc:
            return self.refuse(line, str(exc))
        self.applied.append(resolved)
        self.undone.clear()
        self._persist(resolved)
        return Outcome(True, lines)

    def _apply(self, event: dict) -> list[str]:
        work = self.encounter.copy()
        lines = rules.apply(work, event, self.monsters, self.spells)
        work.log.extend(lines)
        self.encounter = work
        return lines

    def refuse(self, line: int | None, reason: str) -> Outcome:
        """Keeps a refused event (or a line that is no event: bad JSON) with its reason; nothing
        changes."""
        self.rejected.append({"line": line, "reason": reason})
        return Outcome(False, [], reason)

    def _persist(self, event: dict) -> None:
        if self.store is not None:
            self.store.append(event)

    def _replay(self) -> None:
        encounter = Encounter()
        for event in self.applied:
            lines = rules.apply(encounter, event, self.monsters, self.spells)
            encounter.log.extend(lines)
        self.encounter = encounter

    def _undo(self) -> Outcome:
        if not self.applied:
            raise Rejected("nothing to undo")
        event = self.applied.pop()
        self.undone.append(event)
        self._replay()
        line = f"Undid: {describe(event)}"
        self.encounter.log.append(line)
        self._persist({"op": "undo"})
        return Outcome(True, [line])

    def _redo(self) -> Outcome:
        if not self.undone:
            raise Rejected("nothing to redo")
        event = self.undone.pop()
        lines = [f"Redid: {describe(event)}", *self._apply(event)]
        self.encounter.log.insert(len(self.encounter.log) - len(lines) + 1, lines[0])
        self.applied.append(event)
        self._persist({"op": "redo"})
        return Outcome(True, lines)

    def summary(self) -> dict:
        return self.encounter.summary(self.rejected)


def describe(event: dict) -> str:
    details = ", ".join(f"{k} {v}" for k, v in event.items() if k not in ("op", "rolled"))
    return f"{event.get('op')} ({details})" if details else str(event.get("op"))


def replay_lines(
    lines: list[str], seed: int | None = None, monsters: rules.MonsterLookup = srd_monster
) -> Tracker:
    """A tracker fed one JSON event per line; bad JSON is a rejected line, like a refused event."""
    tracker = Tracker(seed=seed, monsters=monsters)
    for number, text in enumerate(lines, 1):
        if not text.strip():
            continue
        try:
            event = json.loads(text)
        except json.JSONDecodeError as exc:
            tracker.refuse(number, f"not JSON: {exc.msg}")
            continue
        tracker.submit(event, line=number)
    return tracker
