"""What a calculator answers: the result with its arithmetic, and the SRD rule it applied."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Calculation:
    text: str
    sources: tuple[str, ...]  # the SRD passages whose rule was applied ("rule/cover#cover",)
    calculator: str
