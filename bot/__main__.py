"""`python -m bot`: the same as the `spasmbot` command (`bot.cli`)."""

from bot.cli import main

raise SystemExit(main())
