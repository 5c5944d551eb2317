"""`python -m dm_companion` is the `dm-companion` command."""

from dm_companion.cli import main

raise SystemExit(main())
