"""DM Companion: an offline helper for the Dungeons & Dragons 5e dungeon master."""

__version__ = "0.1.0"
