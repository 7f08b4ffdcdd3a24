"""The documents a newcomer reads name code that exists: docs/architecture.md and the README.

Rounds of restructuring moved modules and classes (`handlers.routes`, `Place`,
`CommentThreads`, `PrivateReplies`) while the documents went on naming the old
ones. These tests read every module path, file and `Class.attribute` the
architecture notes name, every entry of the README's "How it is built" tree, and
every `bot/…` path, `bot.…` module and file the README, docs/scaling.md and
docs/maintaining-dialogs.md name, and fail on one that does not exist. All of
it is read from the files and imported: no network, a few seconds.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
from functools import cache
from pathlib import Path

import pytest
import telegram
import telegram.ext

from bot.storage.schema import MIGRATIONS

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"
README = ROOT / "README.md"
#: Where a file named by its name alone (`turns.py`, `test_group_process.py`) may be.
CODE_FOLDERS = ("bot", "tests", "benchmarks")

#: A dotted name (`turns.Turns.take`, `bot.core.engine`), not part of a URL or a path.
DOTTED = re.compile(r"(?<![\w/.:@<-])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
#: A path in the repository (`bot/storage/`, `benchmarks/results/telegram.md`).
PATH = re.compile(r"(?<![\w/.-])(?:bot|tests|benchmarks|docs)/[\w/.-]*")
#: A file named alone: `ordering.py`.
FILE = re.compile(r"(?<![\w/.-])\w+\.py\b")
CAMEL = re.compile(r"[A-Z][A-Za-z0-9]*$")


def quoted(text: str) -> list[str]:
    """The document's code: what is in backticks, and its indented code blocks."""
    spans = re.findall(r"`([^`\n]+)`", text)
    blocks = re.findall(r"^(?: {4}.*\n)+", text, re.MULTILINE)
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    return spans + blocks + fenced


def dotted_names(text: str) -> set[str]:
    """Dotted names in the document's code, file names (`x.py`) left to `file_names`."""
    names = set()
    for code in quoted(text):
        code = FILE.sub(" ", PATH.sub(" ", code))
        names |= set(DOTTED.findall(code))
    return names


def paths(text: str) -> set[str]:
    return {path.rstrip(".") for code in quoted(text) for path in PATH.findall(code)}


def file_names(text: str) -> set[str]:
    return {name for code in quoted(text) for name in FILE.findall(PATH.sub(" ", code))}


@cache
def modules() -> dict[str, list[str]]:
    """Every module of `bot`, by its last name (`quiz`: bot.core.quiz and the adapter's)."""
    found: dict[str, list[str]] = {}
    for source in sorted((ROOT / "bot").rglob("*.py")):
        parts = source.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        dotted = ".".join(parts)
        found.setdefault(parts[-1], []).append(dotted)
    # the adapter's modules first: the architecture notes follow its update
    for names in found.values():
        names.sort(key=lambda name: not name.startswith("bot.adapters.telegram"))
    return found


@cache
def classes() -> dict[str, list[tuple[str, set[str]]]]:
    """Every class defined in `bot`, by name: its module and the attributes its body and
    its methods' `self.…` assignments define."""
    found: dict[str, list[tuple[str, set[str]]]] = {}
    for source in sorted((ROOT / "bot").rglob("*.py")):
        module = ".".join(source.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            attributes = set()
            for inner in ast.walk(node):
                if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                    attributes.add(inner.name)
                elif isinstance(inner, ast.Attribute) and isinstance(inner.ctx, ast.Store):
                    attributes.add(inner.attr)
                elif isinstance(inner, ast.AnnAssign) and isinstance(inner.target, ast.Name):
                    attributes.add(inner.target.id)
                elif isinstance(inner, ast.Assign):
                    attributes |= {t.id for t in inner.targets if isinstance(t, ast.Name)}
            found.setdefault(node.name, []).append((module, attributes))
    return found


def has_path(obj: object, attributes: list[str]) -> bool:
    for name in attributes:
        if not hasattr(obj, name):
            return False
        obj = getattr(obj, name)
    return True


def is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # a name inside a module that is no package
        return False


def in_module(module: str, attributes: list[str]) -> bool:
    if not is_module(module):
        return False
    return has_path(importlib.import_module(module), attributes)


def in_class(name: str, attributes: list[str]) -> bool:
    """`Class.attribute` for a class of `bot` (its methods and instance attributes too),
    else of PTB (`Bot.do_api_request`, `Application.process_update`)."""
    for module, defined in classes().get(name, []):
        cls = getattr(importlib.import_module(module), name, None)
        known = attributes[0] in defined or has_path(cls, attributes[:1])
        if known and (len(attributes) == 1 or has_path(cls, attributes)):
            return True
    return any(
        has_path(getattr(ptb, name), attributes)
        for ptb in (telegram, telegram.ext)
        if hasattr(ptb, name)
    )


def exists(dotted: str) -> bool:
    """Whether `dotted` names code: `bot.x.y[.Attr]`, `module.Attr` for a module of `bot`
    named by its last part (`turns.Turns.take`), or `Class.attribute`."""
    first, *rest = dotted.split(".")
    if first == "bot":
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            module = ".".join(parts[:cut])
            if is_module(module):
                return in_module(module, parts[cut:])
        return False
    if first in modules():
        return any(in_module(module, rest) for module in modules()[first])
    if CAMEL.match(first):
        return in_class(first, rest)
    return False


def named_in_architecture() -> tuple[set[str], set[str], set[str]]:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    return dotted_names(text), paths(text), file_names(text)


def test_every_dotted_name_in_the_architecture_notes_exists() -> None:
    dotted, _, _ = named_in_architecture()
    assert len(dotted) > 20, "the walk-through names its modules and functions"
    assert sorted(name for name in dotted if not exists(name)) == []


def test_every_path_and_file_in_the_architecture_notes_exists() -> None:
    _, named_paths, files = named_in_architecture()
    assert sorted(path for path in named_paths if not (ROOT / path).exists()) == []
    everywhere = {
        source.name for folder in CODE_FOLDERS for source in (ROOT / folder).rglob("*.py")
    }
    assert sorted(files - everywhere) == []


def test_every_class_the_architecture_notes_name_alone_exists() -> None:
    """`Incoming`, `Place`, `Content`: a class of `bot`, or of PTB (`JobQueue`)."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    alone = {span for span in re.findall(r"`([^`\n]+)`", text) if CAMEL.match(span)}
    missing = [
        name
        for name in sorted(alone)
        if name not in classes() and not any(hasattr(m, name) for m in (telegram, telegram.ext))
    ]
    assert missing == []


def test_the_migrations_the_architecture_notes_name_exist() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    numbers = {int(n) for n in re.findall(r"\bmigration (\d+)", text)}
    assert numbers, "the notes say which migration made the tables they name"
    assert max(numbers) <= len(MIGRATIONS)


def readme_tree() -> list[str]:
    """The paths the README's "How it is built" tree lists (`bot/core/engine.py`, ...)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## How it is built", 1)[1]
    block = re.search(r"^```\n(.*?)^```", section, re.MULTILINE | re.DOTALL)
    assert block is not None
    entry = re.compile(r"[\w-]+(?:/|\.[a-z]+)$")  # `core/`, `engine.py`, `babel.cfg`
    listed: list[str] = []
    folders: list[tuple[int, str]] = []  # (indentation, path) of the folders above
    for line in block.group(1).splitlines():
        indent = len(line) - len(line.lstrip(" "))
        names = [name.strip() for name in re.split(r" {2,}", line.strip())[0].split(",")]
        if not all(entry.match(name) for name in names):
            names = line.split()[:1]  # `understanding/ typed text → facts`
        while folders and folders[-1][0] >= indent:
            folders.pop()
        if indent != (folders[-1][0] + 2 if folders else 0) or not entry.match(names[0]):
            continue  # a description carried over from the line before
        parent = folders[-1][1] if folders else ""
        for name in names:
            listed.append(parent + name)
            if name.endswith("/"):
                folders.append((indent, parent + name))
    return listed


def test_the_readme_tree_lists_what_is_there() -> None:
    listed = readme_tree()
    assert "bot/core/engine.py" in listed and "bot/adapters/" in listed
    assert [path for path in listed if not (ROOT / path).exists()] == []


@pytest.mark.parametrize(
    "document",
    [README, ROOT / "docs" / "scaling.md", ROOT / "docs" / "maintaining-dialogs.md"],
    ids=lambda path: path.name,
)
def test_every_module_and_file_the_other_documents_name_exists(document: Path) -> None:
    """`bot/…` and `tests/…` files and folders, `bot.…` modules, `wal.py` named alone."""
    text = document.read_text(encoding="utf-8")
    named_paths = {path for path in paths(text) if path.endswith((".py", "/"))}
    assert [path for path in sorted(named_paths) if not (ROOT / path).exists()] == []
    dotted = {name for name in dotted_names(text) if name.startswith("bot.")}
    assert [name for name in sorted(dotted) if not exists(name)] == []
    everywhere = {
        source.name for folder in CODE_FOLDERS for source in (ROOT / folder).rglob("*.py")
    }
    assert sorted(file_names(text) - everywhere) == []


@pytest.mark.parametrize(
    "name",
    [
        "handlers.route",  # `routes`
        "incoming.Threads",  # `CommentThreads`
        "bot.core.replies.Shortly",  # `InShort`
        "Turns.taken",
        "bot.adapters.telegram.hosts",
        "Classroom.hosts",  # one `host`
        "SessionHosts.advance",
        "Bot.do_api_requests",
    ],
)
def test_a_wrong_name_is_found(name: str) -> None:
    assert not exists(name)


def test_a_wrong_path_or_tree_entry_is_found() -> None:
    text = "`bot/adapters/telegram/router.py` and `bot/core/places/`"
    assert sorted(path for path in paths(text) if not (ROOT / path).exists()) == [
        "bot/adapters/telegram/router.py",
        "bot/core/places/",
    ]
    assert file_names("`router.py` then `turns.py`") == {"router.py", "turns.py"}
    assert dotted_names("    → handlers.routs\n") == {"handlers.routs"}
