"""Open5e creatures read into SRD records, in every shape the API and its fixtures have had:
v1 (`strength`, `*_save`, `challenge_rating` "1/4", `legendary_desc` prose, `*_json` strings in
the Django fixtures), v2 of 2024-11 (`ability_scores`, `saving_throws`, URLs for types and sizes,
`challenge_rating_decimal`, `uses_type`), v2 of 2026 (`resistances_and_immunities`,
`usage_limits`, legendary rows among the actions) and v2 fixtures, whose actions are rows of
another file joined by `parent`. Where the structured fields and the text disagree, the text
wins: it is what the DM reads (a v2 attack's `damage_type` is sometimes another part's).
"""

from __future__ import annotations

import json

from dm_companion.bestiary import record as rec
from dm_companion.bestiary.actions import action_from_text
from dm_companion.srd.scores import ABILITIES

_SECTIONS = {"ACTION": "actions", "BONUS_ACTION": "actions", "REACTION": "reactions",
             "LEGENDARY_ACTION": "legendary_actions", "LAIR_ACTION": "actions"}  # fmt: skip
_REST = {
    "RECHARGE_AFTER_REST": "short or long rest",
    "LONG_REST": "long rest",
    "SHORT_REST": "short or long rest",
}


def _last_part(value) -> str:
    """A label that may be a v2 URL ("…/sizes/gargantuan/") or {"name": …}."""
    if isinstance(value, dict):
        value = value.get("name", "")
    text = str(value or "").rstrip("/")
    return text.rsplit("/", 1)[-1] if text.startswith("http") else text


def _json_field(raw: dict, key: str):
    """A v1 fixture's `<key>_json` string, parsed; else the plain field."""
    if f"{key}_json" in raw:
        text = raw[f"{key}_json"]
        try:
            return json.loads(text) if isinstance(text, str) and text.strip() else text
        except json.JSONDecodeError:
            raise rec.EntryFault(f"{key}_json", "not JSON inside the string") from None
    return raw.get(key)


def _usage(row: dict) -> dict | None:
    limits = row.get("usage_limits") or {}
    kind, param = limits.get("type") or row.get("uses_type"), limits.get("param") or row.get("uses_param")
    if kind == "RECHARGE_ON_ROLL" and param:
        return {"type": "recharge on roll", "dice": "1d6", "min_value": int(param)}
    if kind in _REST:
        return {"type": "recharge after rest", "rest": _REST[kind]}
    return None


def _action(row: dict, names: list[str], saves: bool) -> dict:
    action = action_from_text(str(row.get("name") or ""), str(row.get("desc") or ""), names, saves)
    usage = _usage(row)
    if usage is not None and "usage" not in action:
        action["usage"] = usage
    cost = row.get("legendary_action_cost") or row.get("legendary_cost")
    if cost and int(cost) > 1:
        action["legendary_cost"] = int(cost)
    if action.get("attack_bonus") is None and not action.get("attack_roll") and row.get("attacks"):
        action["attack_bonus"] = int(row["attacks"][0]["to_hit_mod"])  # a structured attack, its text silent
    return action


def _sections(raw: dict, rows: list[dict]) -> dict[str, list[dict]]:
    """The record's sections: v1's own lists, v2's typed rows (fixtures' joined ones in `rows`)."""
    actions = [r for r in (_json_field(raw, "actions") or []) + rows if isinstance(r, dict)]
    names = [str(r.get("name")) for r in actions if str(r.get("name", "")).lower() != "multiattack"]
    found: dict[str, list[dict]] = {"actions": [], "reactions": [], "legendary_actions": []}
    for row in actions:
        found[_SECTIONS.get(str(row.get("action_type", "ACTION")).upper(), "actions")].append(
            _action(row, names, True)
        )
    for key, field in (
        ("bonus_actions", "actions"),
        ("reactions", "reactions"),
        ("legendary_actions", "legendary_actions"),
    ):
        found[field] += [_action(r, names, True) for r in _json_field(raw, key) or [] if isinstance(r, dict)]
    traits = (_json_field(raw, "special_abilities") or []) + (raw.get("traits") or [])
    found["special_abilities"] = [_action(r, names, False) for r in traits if isinstance(r, dict)]
    return found


def _damage(raw: dict, key: str) -> list[str]:
    """A damage list from v2's `<key>_display` prose, v1's string, or v2's list of types or URLs."""
    holder = (
        raw.get("resistances_and_immunities")
        if isinstance(raw.get("resistances_and_immunities"), dict)
        else raw
    )
    display = holder.get(f"{key}_display")
    if display:
        return rec.damage_prose(display)
    value = holder.get(key)
    if isinstance(value, list):
        return rec.damage_list([_last_part(v) if isinstance(v, str) else v for v in value], key)
    return rec.damage_list(value, key)


def _legendary_count(raw: dict) -> int | None:
    return rec.legendary_count(raw.get("legendary_actions_per_turn"), str(raw.get("legendary_desc") or ""))


def read(raw: dict, rows: list[dict] | None = None) -> dict:
    """An SRD record for an Open5e creature (v1 or v2); `rows` are a v2 fixture's action rows."""
    scores_v2 = raw.get("ability_scores") if isinstance(raw.get("ability_scores"), dict) else {}
    saves_v2 = raw.get("saving_throws") if isinstance(raw.get("saving_throws"), dict) else {}
    scores, saves = {}, {}
    for ability, field in zip(ABILITIES, rec.FIELDS):
        given = scores_v2.get(field, raw.get(field, raw.get(f"ability_score_{field}", 10)))
        scores[ability] = rec.number(given, field, 0)
        save = saves_v2.get(field, raw.get(f"{field}_save", raw.get(f"saving_throw_{field}")))
        if save not in (None, ""):
            saves[ability] = rec.number(save, f"{field}_save", None)
    if "hit_points" not in raw or "armor_class" not in raw:
        raise rec.EntryFault("hit_points" if "hit_points" not in raw else "armor_class", "missing")
    sections = _sections(raw, rows or [])
    cr = raw.get(
        "challenge_rating_decimal",
        raw.get("challenge_rating_text", raw.get("challenge_rating", raw.get("cr"))),
    )
    conditions = raw.get("condition_immunities") or (raw.get("resistances_and_immunities") or {}).get(
        "condition_immunities"
    )
    return rec.build(
        str(raw.get("name") or ""),
        rec.first_number(raw["armor_class"], "armor_class"),
        rec.first_number(raw["hit_points"], "hit_points"),
        scores, saves,
        hit_dice=str(raw.get("hit_dice") or ""),
        size=_last_part(raw.get("size")).title(),
        type=_last_part(raw.get("type")),
        damage_resistances=_damage(raw, "damage_resistances"),
        damage_immunities=_damage(raw, "damage_immunities"),
        damage_vulnerabilities=_damage(raw, "damage_vulnerabilities"),
        conditions=[_last_part(c) for c in conditions] if isinstance(conditions, list)
        else rec.damage_prose(str(conditions or "")),
        challenge_rating=rec.challenge(cr, "challenge_rating"),
        legendary_count=_legendary_count(raw) if sections["legendary_actions"] else None,
        **sections,
    )  # fmt: skip
