"""The Textual app: a thin layer over the same domain functions the CLI uses."""
