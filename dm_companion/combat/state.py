"""What an encounter is at one moment: combatants, initiative order, round and turn."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Combatant:
    name: str
    max_hp: int
    hp: int
    ac: int
    pc: bool = False
    initiative: int | None = None
    initiative_bonus: int = 0
    temp_hp: int = 0
    resistances: list[str] = field(default_factory=list)
    immunities: list[str] = field(default_factory=list)
    vulnerabilities: list[str] = field(default_factory=list)
    condition_immunities: list[str] = field(default_factory=list)
    conditions: dict[str, int | None] = field(
        default_factory=dict
    )  # name -> turns left (None: until removed)
    concentration: str | None = None
    concentration_dc: int | None = None  # a pending Constitution save after damage
    successes: int = 0
    failures: int = 0
    stable: bool = False
    dead: bool = False
    monster: str | None = None  # SRD index
    # the stat block (SRD records, never mutated): actions, legendary actions, reactions, traits
    actions: list[dict] = field(default_factory=list)
    legendary_actions: list[dict] = field(default_factory=list)
    reactions: list[dict] = field(default_factory=list)
    special_abilities: list[dict] = field(default_factory=list)
    save_bonuses: dict[str, int] = field(default_factory=dict)  # str..cha; a PC's are given, else 0
    # what the fight spends: the legendary pools (left of max), the reaction, recharging actions
    legendary_max: int = 0
    legendary_left: int = 0
    resistance_max: int = 0  # Legendary Resistance uses a day
    resistance_left: int = 0
    reaction_used: bool = False
    spent: tuple[str, ...] = ()
    group: str | None = None  # copies that share one initiative roll and one turn

    @property
    def down(self) -> bool:
        return self.hp == 0 and not self.dead

    def clone(self) -> Combatant:
        twin = object.__new__(Combatant)  # a shallow copy without copy.copy's machinery: one per event
        twin.__dict__.update(self.__dict__)
        twin.conditions = dict(self.conditions)  # the only container rules mutate in place
        return twin

    def summary(self) -> dict:
        return {
            "name": self.name,
            "hp": self.hp,
            "max_hp": self.max_hp,
            "temp_hp": self.temp_hp,
            "ac": self.ac,
            "conditions": sorted(self.conditions),
            "concentration": self.concentration,
            "death_saves": {"successes": self.successes, "failures": self.failures},
            "stable": self.stable,
            "dead": self.dead,
            "initiative": self.initiative,
            "legendary_actions": {"left": self.legendary_left, "max": self.legendary_max}
            if self.legendary_max
            else None,
            "legendary_resistances": {"left": self.resistance_left, "max": self.resistance_max}
            if self.resistance_max
            else None,
            "reaction_used": self.reaction_used,
            "spent": list(self.spent),
        }


@dataclass
class Encounter:
    combatants: list[Combatant] = field(default_factory=list)
    round: int = 0
    turn: int | None = None  # index into `order` once started
    order: list[str] = field(default_factory=list)  # names in initiative order
    log: list[str] = field(default_factory=list)

    @property
    def started(self) -> bool:
        return self.turn is not None

    @property
    def current(self) -> str | None:
        return self.order[self.turn] if self.turn is not None and self.order else None

    def find(self, name: str) -> Combatant | None:
        key = name.strip().lower()
        return next((c for c in self.combatants if c.name.lower() == key), None)

    def in_order(self) -> list[Combatant]:
        if not self.order:
            return list(self.combatants)
        by_name = {c.name: c for c in self.combatants}
        return [by_name[name] for name in self.order if name in by_name]

    def summary(self, rejected: list[dict] | None = None) -> dict:
        return {
            "round": self.round,
            "turn": self.current,
            "combatants": [c.summary() for c in self.in_order()],
            "rejected": rejected or [],
            "log": list(self.log),
        }

    def copy(self) -> Encounter:
        """A working copy for one event; the log is shared (rules never write it, the tracker
        appends to it only once the event is accepted)."""
        return Encounter(
            [c.clone() for c in self.combatants], self.round, self.turn, list(self.order), self.log
        )
