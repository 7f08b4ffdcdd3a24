"""The `spasmbot` command: one subcommand per way of using the bot.

The bot itself (`run`, `webhook`), the terminal consultation (`chat`), the content
maintainer's checks (`validate`, `test-dialogs`, `schema`, `understand`, the generated
docs) and the operator's tasks on the database (`backup`, `restore`, `forget`, `stats`)
all start here, so each is one command a README line can name. The bot's settings come from the
environment (`bot.config`), never from arguments, so the token never shows in `ps`;
heavy modules are imported inside each subcommand, so `--help` and the small commands
start at once.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import io
import json
import signal
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from bot import __version__, paths


def _chat(args: argparse.Namespace) -> int:
    from bot.adapters.terminal import LineReader, TerminalChat, hold, pick_language
    from bot.assistant import Assistant, Content
    from bot.core.loader import DialogError
    from bot.storage import ConversationKey
    from bot.storage.sqlite import SQLiteStorage

    try:
        content = Content.load(paths.dialogs_dir(), paths.locales_dir())
    except DialogError as exc:
        print(exc, file=sys.stderr)
        return 2
    shipped = content.renderer.catalogs.shipped
    language = pick_language(args.lang, shipped)
    if language is None:
        print(
            f"spasmbot: no language {args.lang!r}; available: {', '.join(shipped)}",
            file=sys.stderr,
        )
        return 2
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")
    reader = LineReader(sys.stdin, prompt="" if args.json else "> ")
    chat = TerminalChat(
        Assistant(content, SQLiteStorage(args.db)),
        ConversationKey(args.user, args.user),
        language,
        args.json,
        echo_answers=not reader.interactive,
    )
    return hold(chat, reader)


def _validate(args: argparse.Namespace) -> int:
    from bot.validation import content_files, content_problems

    files = content_files(args.paths or [paths.dialogs_dir()])
    problems = content_problems(files, paths.locales_dir())
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if args.format == "json":
        print(json.dumps([p.__dict__ for p in problems], indent=2))
    else:
        for problem in problems:
            print(problem)
        print(f"{len(files)} dialog file(s): {errors} error(s), {warnings} warning(s)")
    return 1 if errors or (args.strict and warnings) else 0


def _test_dialogs(args: argparse.Namespace) -> int:
    from bot.assistant import Content
    from bot.core.content import file_kind
    from bot.core.coverage import Coverage
    from bot.core.loader import DialogError
    from bot.core.problems import did_you_mean, display_path
    from bot.core.stories import StoryResult, check_stories, play
    from bot.validation import content_files

    every_file = content_files([paths.dialogs_dir() / "tests"])
    files = content_files(args.paths or [paths.dialogs_dir() / "tests"])
    # Coverage is a property of all the stories together: a file played on its own
    # (a new story being written) is not failed for what the other files cover.
    whole = {f.resolve() for f in every_file} <= {f.resolve() for f in files}
    by_dialog: dict[str, list[StoryResult]] = {}
    contents: dict[str, Content] = {}
    failed = unreadable = 0
    for file in files:
        stories, positions, problems = check_stories(file)
        if stories is None:  # say where the file is wrong, and play the other files
            for problem in problems:
                print(problem)
            unreadable += 1
            continue
        if stories.dialog not in contents:
            dialogs = sorted(
                f.stem for f in paths.dialogs_dir().glob("*.yml") if file_kind(f) == "dialog"
            )
            if stories.dialog not in dialogs:  # not "cannot read dialogs/consultaton.yml"
                print(
                    positions.problem(
                        ("dialog",),
                        f"no dialog {stories.dialog!r} in {display_path(paths.dialogs_dir())}",
                        did_you_mean(stories.dialog, dialogs)
                        + "name a dialog by its file name without .yml: "
                        + ", ".join(dialogs),
                    )
                )
                unreadable += 1
                continue
            try:
                contents[stories.dialog] = Content.load(
                    paths.dialogs_dir(), paths.locales_dir(), stories.dialog
                )
            except DialogError as exc:
                print(
                    positions.problem(
                        ("dialog",),
                        f"dialog {stories.dialog!r} does not load, so no story was played",
                        "fix the errors below (`spasmbot validate` lists them too)",
                    )
                )
                print(exc)
                return 1
        content = contents[stories.dialog]
        for index, story in enumerate(stories.stories):
            result = play(content.engine, content.renderer, story)
            by_dialog.setdefault(stories.dialog, []).append(result)
            if result.passed:
                if args.verbose:
                    print(f"PASS  {story.name}")
                continue
            failed += 1
            print(f"FAIL  {story.name}")
            for failure in result.failures:
                where = ("stories", index, *failure.where)
                problem = positions.problem(where, failure.text, failure.fix)
                print(str(problem).replace("\n", "\n      "))
    total = sum(len(r) for r in by_dialog.values())
    print(f"{total - failed} passed, {failed} failed")
    if unreadable:
        print(f"{unreadable} story file(s) with errors: no story in them was played")
    uncovered: list[str] = []
    for name, results in by_dialog.items():
        coverage = Coverage.of(contents[name].dialog, results)
        print(f"coverage of {name}:")
        for line in coverage.report(detailed=args.coverage):
            print("  " + line)
        uncovered += [f"{name}: {gap}" for gap in coverage.missing_required()]
    if whole:
        for gap in uncovered:
            print(f"not covered by any story (add one): {gap}")
    elif uncovered:
        print(
            f"{len(uncovered)} outcome(s) and danger sign(s) no story in these files reaches "
            "(--coverage lists them); full coverage is required of all the stories together: "
            "run `spasmbot test-dialogs` without paths"
        )
        uncovered = []
    return 1 if failed or unreadable or uncovered or not total else 0


def _dialog_files(given: list[Path] | None) -> list[Path]:
    files: list[Path] = []
    for path in given or [paths.dialogs_dir()]:
        files.extend(sorted(path.glob("*.yml")) if path.is_dir() else [path])
    return files


def _graph(args: argparse.Namespace) -> int:
    from bot.core.content import file_kind
    from bot.core.diagram import GraphvizMissing, render
    from bot.core.loader import DialogError, load_dialog
    from bot.core.machine import DialogMachine

    dialogs = [p for p in _dialog_files(None) if file_kind(p) == "dialog"]
    given = Path(args.dialog)
    named = paths.dialogs_dir() / f"{args.dialog}.yml"
    path = given if given.is_file() else named if named.is_file() else None
    kind = None if path is None else file_kind(path)
    if path is None or kind != "dialog":
        why = (
            f"it is a {kind} file, not a consultation dialog"
            if kind
            else "there is no such dialog or file"
        )
        print(
            f"spasmbot: cannot draw {args.dialog!r}: {why}; "
            f"dialogs it can draw: {', '.join(p.stem for p in dialogs)} (or a dialog file)",
            file=sys.stderr,
        )
        return 2
    try:
        data = render(DialogMachine(load_dialog(path)), args.format)
    except DialogError as exc:
        print(exc, file=sys.stderr)
        return 2
    except GraphvizMissing as exc:
        print(f"spasmbot: {exc}", file=sys.stderr)
        return 3
    if args.output is None:
        if args.format in ("svg", "png") and sys.stdout.isatty():
            print("spasmbot: give -o FILE for svg or png", file=sys.stderr)
            return 2
        sys.stdout.buffer.write(data)
    else:
        args.output.write_bytes(data)
    return 0


def _dialog_docs(args: argparse.Namespace) -> int:
    from bot.core.content import file_kind
    from bot.core.dialog_docs import page
    from bot.core.loader import DialogError, load_dialog

    try:
        dialogs = [
            (p.name, load_dialog(p)) for p in _dialog_files(None) if file_kind(p) == "dialog"
        ]
    except DialogError as exc:
        print(exc, file=sys.stderr)
        return 2
    text = page(dialogs)
    target: Path = args.output
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print(
                f"spasmbot: {args.output} is out of date with the dialogs; "
                f"run `spasmbot dialog-docs -o {args.output}`",
                file=sys.stderr,
            )
            return 1
        print(f"{args.output} is up to date")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return 0


def _clinical_rules(args: argparse.Namespace) -> int:
    from bot.core.clinical_rules import page
    from bot.core.content import file_kind
    from bot.core.loader import DialogError, load_dialog

    try:
        dialogs = [
            (p.name, load_dialog(p)) for p in _dialog_files(None) if file_kind(p) == "dialog"
        ]
    except DialogError as exc:
        print(exc, file=sys.stderr)
        return 2
    text = page(dialogs)
    target: Path = args.output
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print(
                f"spasmbot: {args.output} is out of date with the dialogs; "
                f"run `spasmbot clinical-rules -o {args.output}`",
                file=sys.stderr,
            )
            return 1
        print(f"{args.output} is up to date")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return 0


def _no_database(path: Path, outcome: str) -> int:
    """A maintenance command aimed at a database that is not there: usually the shell
    lacks the bot's SPASMBOT_DB (the systemd unit sets it for the service only)."""
    print(
        f"spasmbot: no database at {path}: {outcome}. Name the bot's database with --db "
        "FILE or SPASMBOT_DB (the systemd unit and the container image use "
        "/var/lib/spasmbot/spasmbot.sqlite3)",
        file=sys.stderr,
    )
    return 2


def _backup(args: argparse.Namespace) -> int:
    from bot.storage.maintenance import BackupFailed, BackupRefused, backup

    if not args.db.exists():
        return _no_database(args.db, "no backup made")
    try:
        written, pages = backup(args.db, args.path)
    except BackupFailed as exc:
        print(f"spasmbot: no backup made, {args.path} is unchanged: {exc}", file=sys.stderr)
        return 1
    except BackupRefused as exc:
        print(f"spasmbot: no backup made: {exc}", file=sys.stderr)
        return 2
    print(f"backed up {args.db} to {written} ({pages} pages, integrity ok)")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from bot.storage.maintenance import BackupFailed, RestoreRefused, restore

    try:
        pages = restore(args.backup, args.db)
    except BackupFailed as exc:
        print(f"spasmbot: nothing restored, {args.db} is unchanged: {exc}", file=sys.stderr)
        return 1
    except RestoreRefused as exc:
        print(f"spasmbot: nothing restored: {exc}", file=sys.stderr)
        return 2
    print(f"restored {args.db} from {args.backup} ({pages} pages, integrity ok)")
    return 0


def _forget(args: argparse.Namespace) -> int:
    from bot.storage import storage_for
    from bot.storage.maintenance import check_ours

    # --db names a SQLite file; otherwise DATABASE_URL, as the bot itself chooses.
    url = None if args.given_db else paths.setting("DATABASE_URL")
    if url is None and not args.db.exists():
        # Opening it would create an empty database and report a deletion that never
        # happened, while the person's answers stay in the bot's own database.
        return _no_database(args.db, "nothing was deleted")
    if url is None:
        check_ours(args.db)

    async def run() -> int:
        storage = storage_for(args.db, url)
        await storage.open()
        try:
            return await storage.forget_user(args.user_id)
        finally:
            await storage.close()

    count = asyncio.run(run())
    print(f"deleted everything stored about user {args.user_id} ({count} conversation(s))")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from bot.storage.maintenance import stats
    from bot.storage.stats_table import table

    if not args.db.exists():
        return _no_database(args.db, "no figures")
    figures = stats(args.db)
    if args.format == "json":
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        for line in table(figures):
            print(line)
    return 0


def _schema(args: argparse.Namespace) -> int:
    from bot.core.schema import SCHEMA_FILES, schema_text

    if args.check:  # every kind's committed schema
        stale = []
        for kind, name in SCHEMA_FILES.items():
            target = paths.dialogs_dir() / name
            if not target.exists() or target.read_text(encoding="utf-8") != schema_text(kind):
                stale.append(name)
        for name in stale:
            print(
                f"spasmbot: dialogs/{name} is out of date with the models; "
                "run `spasmbot schema --write`",
                file=sys.stderr,
            )
        if not stale:
            print(f"{len(SCHEMA_FILES)} schemas up to date")
        return 1 if stale else 0
    if args.write:
        for kind, name in SCHEMA_FILES.items():
            (paths.dialogs_dir() / name).write_text(schema_text(kind), encoding="utf-8")
        return 0
    text = schema_text(args.kind)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


def _i18n_status(args: argparse.Namespace) -> int:
    from bot.i18n import status

    locales = paths.locales_dir()
    template = status.template_status(paths.PROJECT_ROOT, locales)
    statuses = [status.language_status(locales, lang) for lang in status.languages(locales)]
    for line in status.report(template, statuses):
        print(line)
    if args.check:
        for s in statuses:
            gaps = [("fuzzy", m) for m in s.fuzzy] + [("missing", m) for m in s.missing]
            for kind, message in gaps[:20]:
                print(f"{s.language}: {kind}, shown in English: {status.short(message)}")
            if len(gaps) > 20:
                print(f"{s.language}: ... and {len(gaps) - 20} more")
        if not template.current or not all(s.complete for s in statuses):
            return 1
    return 0


#: Young objects the garbage collector lets accumulate before it runs (Python's default: 700).
YOUNG_OBJECTS_PER_COLLECTION = 10_000


def settle_garbage_collection() -> None:
    """Tune the collector for a long-running bot, once its content is loaded.

    The dialogs, templates, catalogs and modules loaded so far live as long as
    the process: `gc.freeze` keeps the collector from walking them again and
    again. Committing turns in batches keeps a batch's objects alive together, so
    the default threshold of 700 young objects was crossed every ten updates or
    so (22 µs of each update in the benchmark), although reference counting frees
    every turn's objects.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS_PER_COLLECTION, *gc.get_threshold()[1:])


def _serve(args: argparse.Namespace) -> int:
    import logging

    from bot.adapters.telegram.application import build_application
    from bot.adapters.telegram.http_front import CannotListen
    from bot.adapters.telegram.serving import run_polling, run_webhook
    from bot.adapters.telegram.startup import start_failure
    from bot.assistant import Content
    from bot.config import ConfigError, Settings
    from bot.core.loader import DialogError
    from bot.i18n import Catalogs
    from bot.live import load_checked
    from bot.logs import configure_logging
    from bot.storage import storage_for, where_kept
    from bot.storage.database_file import check_database_file

    missing = paths.missing_dialog()
    if missing:
        print(f"spasmbot: {missing}", file=sys.stderr)
        return 2
    try:
        settings = Settings.from_env()
        content = Content.load(paths.dialogs_dir(), paths.locales_dir())
    except (ConfigError, DialogError) as exc:
        print(f"spasmbot: {exc}", file=sys.stderr)
        return 2
    if args.command == "webhook" and (not settings.webhook_url or not settings.webhook_secret):
        print(
            "spasmbot: webhook mode needs SPASMBOT_WEBHOOK_URL (the public https URL) and "
            "SPASMBOT_WEBHOOK_SECRET (1-256 characters A-Z a-z 0-9 _ -)",
            file=sys.stderr,
        )
        return 2
    if not settings.database_url:  # before Telegram is called: the operator's first problem
        check_database_file(settings.database, write=True)
    secrets = [settings.token, settings.webhook_secret or "", settings.database_url or ""]
    configure_logging(settings.log_level, secrets=secrets, json_lines=settings.log_format == "json")
    logging.getLogger("bot").info(
        "conversations are kept in the %s", where_kept(settings.database, settings.database_url)
    )
    dialogs, locales = paths.dialogs_dir(), paths.locales_dir()
    app = build_application(
        settings,
        content=content,
        storage=storage_for(settings.database, settings.database_url),
        catalogs=Catalogs(locales),
        reload=lambda: load_checked(dialogs, locales),
        watch=[dialogs, locales] if args.watch else [],
    )
    settle_garbage_collection()
    try:
        if args.command == "run":
            run_polling(app, settings)
        else:
            run_webhook(app, settings)
    except CannotListen as exc:  # the health or webhook port is taken, or no such address
        print(f"spasmbot: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        problem = start_failure(exc, settings)
        if problem is None:
            raise
        print(f"spasmbot: {problem}", file=sys.stderr)
        return 1
    return 0


def _understand(args: argparse.Namespace) -> int:
    """What the bot takes from a text: for a maintainer checking a phrase."""
    from bot.core.loader import DialogError, load_dialog
    from bot.core.understanding.languages import FOLDER, load_lexicons

    dialogs = paths.dialogs_dir()
    try:
        dialog = load_dialog(dialogs / "consultation.yml")
        lexicons = load_lexicons(dialogs / FOLDER, dialog)
    except DialogError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.lang not in lexicons:
        known = ", ".join(sorted(lexicons))
        print(f"no lexicon for {args.lang!r} under {dialogs / FOLDER}; use one of: {known}")
        return 2
    if args.question and not dialog.has_question(args.question):
        print(
            f"unknown question {args.question!r}; use one of: "
            + ", ".join(q.id for q in dialog.questions)
        )
        return 2
    from bot.assistant import load_engine
    from bot.i18n import Catalogs

    # as the bot reads: with the dialog's danger words and their translations
    engine = load_engine(dialog, dialogs, Catalogs(paths.locales_dir()))
    understood = engine.reader(args.lang).understand(args.text, args.question, date.today())
    result: dict[str, object] = understood.to_dict()
    if args.question:
        options = engine.typed_answer(dialog.question(args.question), understood)
        result["answer"] = {args.question: "+".join(o.id for o in options) or None}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spasmbot",
        description="A Telegram assistant that helps people understand facial spasms. "
        "Education, not diagnosis.",
    )
    parser.add_argument("--version", action="version", version=f"spasmbot {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    chat = commands.add_parser("chat", help="hold the consultation in the terminal")
    chat.add_argument(
        "--lang", default="en", help="language code (default: en); unknown ones are refused"
    )
    chat.add_argument(
        "--db",
        type=Path,
        default=None,
        help="SQLite file (default: $SPASMBOT_DB or the user data directory)",
    )
    chat.add_argument("--user", type=int, default=1, help="user id to store the conversation under")
    chat.add_argument("--json", action="store_true", help="print one JSON object per bot message")
    chat.set_defaults(handler=_chat)

    run = commands.add_parser("run", help="run the Telegram bot with long polling")
    webhook = commands.add_parser("webhook", help="run the Telegram bot behind a webhook")
    for serve in (run, webhook):
        serve.add_argument(
            "--watch",
            action="store_true",
            help="reload the dialogs when a file under dialogs/ or locales/ changes "
            "(SIGHUP and the admins' /reload always work)",
        )
        serve.add_argument(
            "--hold-on-exit-2",
            action="store_true",
            help="on a setting or database it cannot use (exit status 2), wait to be stopped "
            "instead of exiting: for a container, whose restart policy would start it again "
            "and again",
        )
        serve.set_defaults(handler=_serve)

    validate = commands.add_parser("validate", help="check dialog files; non-zero exit on errors")
    validate.add_argument(
        "paths", nargs="*", type=Path, help="files or folders (default: dialogs/)"
    )
    validate.add_argument("--format", choices=["text", "json"], default="text")
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    validate.set_defaults(handler=_validate)

    stories = commands.add_parser(
        "test-dialogs", help="play the YAML conversation stories and report coverage"
    )
    stories.add_argument(
        "paths", nargs="*", type=Path, help="story files or folders (default: dialogs/tests/)"
    )
    stories.add_argument(
        "--coverage", action="store_true", help="list every question, transition and outcome missed"
    )
    stories.add_argument("-v", "--verbose", action="store_true", help="list passing stories too")
    stories.set_defaults(handler=_test_dialogs)

    graph = commands.add_parser("graph", help="draw a dialog's flow (mermaid, svg, png, dot)")
    graph.add_argument(
        "dialog",
        nargs="?",
        default="consultation",
        help="a dialog's name in dialogs/ or a dialog file (default: consultation)",
    )
    graph.add_argument("--format", choices=["mermaid", "svg", "png", "dot"], default="mermaid")
    graph.add_argument("-o", "--output", type=Path, help="write to this file (default: stdout)")
    graph.set_defaults(handler=_graph)

    docs = commands.add_parser(
        "dialog-docs", help="write docs/dialogs.md with a mermaid diagram of each dialog"
    )
    docs.add_argument("-o", "--output", type=Path, default=Path("docs/dialogs.md"))
    docs.add_argument("--check", action="store_true", help="exit non-zero if it is out of date")
    docs.set_defaults(handler=_dialog_docs)

    rules = commands.add_parser(
        "clinical-rules",
        help="write docs/clinical-rules.md: each outcome's rule, urgency and sources",
    )
    rules.add_argument("-o", "--output", type=Path, default=Path("docs/clinical-rules.md"))
    rules.add_argument("--check", action="store_true", help="exit non-zero if it is out of date")
    rules.set_defaults(handler=_clinical_rules)

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of dialog files (for editors)"
    )
    schema.add_argument(
        "--kind",
        # Every kind `--write` writes (`bot.core.schema.SCHEMA_MODELS`); "language" is the
        # lexicons' of dialogs/language/, every key a language file may hold.
        choices=["dialog", "quiz", "cases", "story", "language"],
        default="dialog",
        help="which file kind",
    )
    schema.add_argument("-o", "--output", type=Path, help="write it to this file")
    schema.add_argument(
        "--write", action="store_true", help="write every kind's schema into dialogs/"
    )
    schema.add_argument(
        "--check",
        action="store_true",
        help="exit non-zero if a committed dialogs/*.schema.json is out of date",
    )
    schema.set_defaults(handler=_schema)

    db_help = "SQLite file (default: $SPASMBOT_DB or the user data directory)"
    backup = commands.add_parser("backup", help="copy the live database (online backup)")
    backup.add_argument("path", type=Path, help="where to write the copy")
    backup.add_argument("--db", type=Path, default=None, help=db_help)
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser(
        "restore", help="put a backup in the database's place (the bot stopped)"
    )
    restore.add_argument("backup", type=Path, help="the backup to restore")
    restore.add_argument("--db", type=Path, default=None, help=db_help)
    restore.set_defaults(handler=_restore)

    forget = commands.add_parser("forget", help="delete everything stored about one user")
    forget.add_argument("user_id", type=int)
    forget.add_argument(
        "--db", type=Path, default=None, help=db_help + "; without it, DATABASE_URL if set"
    )
    forget.set_defaults(handler=_forget)

    stats = commands.add_parser("stats", help="aggregate counts (no ids, no text)")
    stats.add_argument("--db", type=Path, default=None, help=db_help)
    stats.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text: an aligned table (default); json: the figures for scripts",
    )
    stats.set_defaults(handler=_stats)

    i18n = commands.add_parser(
        "i18n-status", help="translated / fuzzy / missing messages per language"
    )
    i18n.add_argument(
        "--check",
        action="store_true",
        help="exit non-zero if a language is incomplete or the catalogs are out of date",
    )
    i18n.set_defaults(handler=_i18n_status)

    understand = commands.add_parser(
        "understand", help="print what the bot takes from a typed text (answers, danger signs)"
    )
    understand.add_argument("text", help="the text, as a user would type it")
    understand.add_argument("--lang", default="en", help="language code (default: en)")
    understand.add_argument(
        "--question", default=None, help="also show the answer it gives to this question"
    )
    understand.set_defaults(handler=_understand)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from bot.storage.base import DatabaseUnreachable
    from bot.storage.database_file import DatabaseUnusable

    args = build_parser().parse_args(argv)
    args.given_db = getattr(args, "db", None) is not None
    if getattr(args, "db", "unset") is None:
        args.db = paths.default_database()
    holding = getattr(args, "hold_on_exit_2", False)
    if holding:  # the reason a run before held on, fixed since (or not: said again)
        held_file().unlink(missing_ok=True)
        sys.stderr = reason = LastLine(sys.stderr)
    try:
        status = int(args.handler(args))
    except DatabaseUnusable as exc:  # any command that opens the database
        print(f"spasmbot: {exc}", file=sys.stderr)
        status = 2
    except DatabaseUnreachable as exc:  # PostgreSQL down, or refusing us
        print(f"spasmbot: {exc}", file=sys.stderr)
        status = 1
    if status == 2 and holding:
        hold_until_stopped(reason.last)
    return status


def held_file() -> Path:
    """Where a held bot leaves its reason for the image's health check (`deploy/Dockerfile`):
    in the temporary directory, which a container has of its own (a tmpfs in compose)."""
    import tempfile

    return Path(tempfile.gettempdir()) / "spasmbot-held"


class LastLine(io.TextIOBase):
    """Standard error as it is, remembering the last line written to it: the reason a
    bot that exits 2 printed (`spasmbot: ...`), for the health check of a held one."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = ""

    def write(self, text: str) -> int:
        lines = [line for line in text.splitlines() if line.strip()]
        if lines:
            self.last = lines[-1]
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def fileno(self) -> int:
        return self.stream.fileno()


def hold_until_stopped(reason: str = "") -> None:
    """Wait for SIGTERM or SIGINT instead of exiting 2 at once.

    Exit status 2 is a setting the bot cannot use, or a database a newer release upgraded:
    starting again never fixes it. systemd is told so (RestartPreventExitStatus=2), but a
    container's restart policy cannot spare one exit status and would start the bot again
    and again, the same line in the log each time. `docker compose stop` or `up -d` after
    the fix ends the wait."""
    waiting = (
        "spasmbot: exit status 2: starting again cannot fix this; waiting to be stopped "
        "(fix it, then restart the container)"
    )
    print(waiting, file=sys.stderr, flush=True)
    # `docker compose ps` says only "unhealthy": the health check's output says why.
    with contextlib.suppress(OSError):  # no writable temporary directory: the logs say it
        held_file().write_text(f"{reason}\n{waiting}\n" if reason else f"{waiting}\n")
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    signal.sigwait(stop_signals)
