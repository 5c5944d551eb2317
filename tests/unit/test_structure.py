"""The shape of the code, as the README's architecture section states it: layers that only look
down, no import cycle between packages, no private name used from another module, and modules
and functions small enough to read (400 and 60 lines). Read from the source with `ast`, so a
violation names the file and line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "dm_companion"
# The layers, lowest first; a module may import from its own layer or one below it.
LAYERS = [
    {"errors", "paths", "lazy", "settings", "dice", "overlap", "wording", "proper_names", "__init__"},
    {"srd"},
    {"llm", "memory"},
    {"bestiary"},
    {"combat", "characters"},
    {"assistant"},
    {"sessions"},
    {"cli", "tui", "__main__"},
]
LAYER_OF = {unit: number for number, units in enumerate(LAYERS) for unit in units}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
CHECKED = ("dm_companion", "tools", "benchmarks", "tests")


def _modules(*tops: str) -> list[Path]:
    return sorted(path for top in tops for path in (ROOT / top).rglob("*.py"))


def _unit(module: str) -> str:
    """A module's unit: its package under dm_companion, or the top-level module's name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every dm_companion module `path` imports, at any depth of the code."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dm_companion"):
            if node.module == "dm_companion":
                found += [(node.lineno, f"dm_companion.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("dm_companion.")]
    return found


def _name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def test_every_package_has_a_layer():
    units = {_unit(_name(path)) for path in _modules("dm_companion")}
    assert units <= set(LAYER_OF), f"no layer for {sorted(units - set(LAYER_OF))}"


def test_imports_only_look_down():
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for path in _modules("dm_companion")
        for line, target in _imports(path)
        if LAYER_OF.get(_unit(target), 0) > LAYER_OF.get(_unit(_name(path)), 0)
    ]
    assert not upward, "\n".join(upward)


def test_no_import_cycle_between_packages():
    edges: dict[str, set[str]] = {}
    for path in _modules("dm_companion"):
        for _, target in _imports(path):
            if _unit(target) != _unit(_name(path)):
                edges.setdefault(_unit(_name(path)), set()).add(_unit(target))
    cycles = sorted(
        {tuple(sorted((a, b))) for a, targets in edges.items() for b in targets if a in edges.get(b, ())}
    )
    assert not cycles, f"packages importing each other: {cycles}"


def test_no_private_name_from_another_module():
    used = []
    for path in _modules("dm_companion", "tools", "benchmarks"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in CHECKED:
                used += [
                    f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
            elif (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and node.value.id not in ("self", "cls")
            ):
                used.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value.id}.{node.attr}")
    assert not used, "\n".join(used)


@pytest.mark.parametrize("top", CHECKED)
def test_modules_and_functions_are_small(top):
    too_big = []
    for path in _modules(top):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_big.append(f"{path.relative_to(ROOT)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_big.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length} lines")
    assert not too_big, "\n".join(too_big)
