"""What the DM talks to: chat, rules answers with sources, narration (no UI here)."""
