"""Every check of `spasmbot validate`, in one function, for the command and for live reload.

A reload that checked less than `validate` would let in a dialog whose template
fails only when rendered, and the people who reach that outcome would get an
error instead of advice. So both go through `content_problems`, and a reload
(`bot.live.load_checked`) swaps in new dialogs only when it finds no error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from bot.core.content import check_teaching, file_kind
from bot.core.loader import check_dialog, read_yaml
from bot.core.model import Dialog
from bot.core.problems import Positions, Problem, display_path
from bot.core.render import Renderer
from bot.core.render_checks import render_problems
from bot.core.stories import check_stories
from bot.core.understanding.languages import FOLDER as LANGUAGE_FOLDER
from bot.core.understanding.languages import check_lexicon, lexicon_files
from bot.i18n import Catalogs
from bot.i18n.dialog_checks import translation_problems


def content_files(given: Iterable[Path]) -> list[Path]:
    """The YAML files named, with each folder standing for the `*.yml` files in it."""
    files: list[Path] = []
    for path in given:
        files.extend(sorted(path.glob("*.yml")) if path.is_dir() else [path])
    return files


def content_problems(files: Iterable[Path], locales: Path) -> list[Problem]:
    """Every problem in `files`, each once, sorted by file and line."""
    catalogs = Catalogs(locales)
    found: list[Problem] = []
    for file in files:
        found.extend(_file_problems(file, catalogs))
    return sorted(dict.fromkeys(found), key=lambda p: (p.file, p.line, p.column))


def _file_problems(file: Path, catalogs: Catalogs) -> Iterator[Problem]:
    if file.parent.name == LANGUAGE_FOLDER:  # `validate dialogs/language/en.yml`
        yield from _lexicon_problems(file)
        return
    if _is_story_file(file):  # `validate dialogs/tests/x.yml`: its keys; test-dialogs plays it
        yield from check_stories(file)[2]
        return
    kind = file_kind(file)
    if kind != "dialog":
        model, positions, found = check_teaching(file)
        yield from found
        if model is not None and not any(p.severity == "error" for p in found):
            yield from translation_problems(model, catalogs.directory, positions, kind)
        return
    templates = file.parent / "templates"

    def in_every_language(dialog: Dialog, pos: Positions) -> Iterator[Problem]:
        renderer = Renderer(dialog, templates, catalogs)
        yield from render_problems(dialog, renderer, catalogs.shipped, pos)
        yield from translation_problems(dialog, catalogs.directory, pos)

    dialog, found = check_dialog(file, templates, extra=in_every_language)
    yield from found
    if dialog is not None and not any(p.severity == "error" for p in found):
        # The words people type for this dialog: every id they name must exist in it.
        for lexicon in lexicon_files(file.parent / LANGUAGE_FOLDER):
            if file.stem == "consultation":
                yield from check_lexicon(lexicon, dialog)[1]


def _lexicon_problems(file: Path) -> Iterator[Problem]:
    """A lexicon named on its own: checked against the consultation beside its folder."""
    dialog_path = file.parent.parent / "consultation.yml"
    dialog, found = check_dialog(dialog_path)
    if dialog is None or any(p.severity == "error" for p in found):
        lexicon, problems = check_lexicon(file, None)
        yield from problems
        if lexicon is not None:
            yield Problem(
                display_path(file),
                1,
                1,
                f"{dialog_path.name} does not load, so the ids in this file were not checked",
                f"run `spasmbot validate {display_path(dialog_path)}` and fix its errors first",
            )
        return
    yield from check_lexicon(file, dialog)[1]


def _is_story_file(file: Path) -> bool:
    """A file of conversation stories (under `dialogs/tests/`), not a dialog."""
    if file.parent.name != "tests":
        return False
    data, _positions, _problems = read_yaml(file)
    return isinstance(data, dict) and "stories" in data
