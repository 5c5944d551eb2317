"""The combat tracker: an append-only event log, rules-checked, from which the state is derived."""
