"""Dice notation and seeded rolls through the `d20` library.

d20 draws from the `random` module's global generator and takes no generator argument, so a
seeded roll points d20's module at our own `random.Random` for the duration of the roll (under a
lock): replays with the same seed give the same numbers and nothing else's randomness is touched.
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass

import d20
from d20 import expression as _d20_expression

from dm_companion.errors import DMCError

_lock = threading.Lock()


@dataclass(frozen=True)
class Roll:
    expression: str
    total: int
    detail: str  # "1d20 (14) + 3 = 17"


class Dice:
    def __init__(self, seed: int | None = None) -> None:
        self.rng = random.Random(seed)

    def roll(self, expression: str) -> Roll:
        text = str(expression).strip()
        if not text:
            raise DMCError("empty dice expression")
        with _lock:
            saved = _d20_expression.random
            _d20_expression.random = self.rng
            try:
                result = d20.roll(text, stringifier=d20.SimpleStringifier())
            except d20.RollError as exc:
                raise DMCError(f"'{text}' is not dice notation ({exc})") from None
            finally:
                _d20_expression.random = saved
        return Roll(text, int(result.total), str(result))

    def roll_twice(self, expression: str) -> Roll:
        """A critical hit's damage: every die rolled twice (2d6+3 becomes 4d6+3)."""
        return self.roll(_DIE.sub(lambda m: f"{2 * int(m.group(1) or 1)}d{m.group(2)}", str(expression)))


_DIE = re.compile(r"(\d*)d(\d+)")


def is_dice(value: object) -> bool:
    return isinstance(value, str) and "d" in value.lower()
