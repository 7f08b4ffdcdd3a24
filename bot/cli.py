"""The `spasmbot` command: one subcommand per way of using the bot."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import __version__, paths
from bot.core.loader import check_dialog


def _chat(args: argparse.Namespace) -> int:
    from bot.adapters.terminal import TerminalChat
    from bot.assistant import Assistant, Consultation
    from bot.core.loader import DialogError
    from bot.storage import ConversationKey
    from bot.storage.sqlite import SQLiteStorage

    try:
        consultation = Consultation.load(paths.dialogs_dir(), paths.locales_dir())
    except DialogError as exc:
        print(exc, file=sys.stderr)
        return 2
    if isinstance(sys.stdin, __import__("io").TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")

    async def run() -> None:
        storage = SQLiteStorage(args.db)
        await storage.open()
        try:
            key = ConversationKey(args.user, args.user)
            chat = TerminalChat(Assistant(consultation, storage), key, args.lang, args.json)
            await chat.run()
        finally:
            await storage.close()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass
    return 0


def _validate(args: argparse.Namespace) -> int:
    files: list[Path] = []
    for path in args.paths or [paths.dialogs_dir()]:
        files.extend(sorted(path.glob("*.yml")) if path.is_dir() else [path])
    problems = []
    for file in files:
        _dialog, found = check_dialog(file)
        problems.extend(found)
    if args.format == "json":
        print(json.dumps([p.__dict__ for p in problems], indent=2))
    else:
        for problem in problems:
            print(problem)
        if not problems:
            print(f"{len(files)} dialog file(s) OK")
    return 1 if any(p.severity == "error" for p in problems) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spasmbot",
        description="A Telegram assistant that helps people understand facial spasms. "
        "Education, not diagnosis.",
    )
    parser.add_argument("--version", action="version", version=f"spasmbot {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    chat = commands.add_parser("chat", help="hold the consultation in the terminal")
    chat.add_argument("--lang", default="en", help="language code (default: en)")
    chat.add_argument("--db", type=Path, default=None, help="SQLite file (default: $SPASMBOT_DB "
                      "or the user data directory)")
    chat.add_argument("--user", type=int, default=1, help="user id to store the conversation under")
    chat.add_argument("--json", action="store_true", help="print one JSON object per bot message")
    chat.set_defaults(handler=_chat)

    validate = commands.add_parser("validate", help="check dialog files; non-zero exit on errors")
    validate.add_argument("paths", nargs="*", type=Path, help="files or folders (default: dialogs/)")
    validate.add_argument("--format", choices=["text", "json"], default="text")
    validate.set_defaults(handler=_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "db", "unset") is None:
        args.db = paths.default_database()
    return int(args.handler(args))
