"""The kinds of medicine the advice speaks of name medicines the lexicons know.

`dialogs/templates/medicine_kinds.html.j2` lists lexicon medicine ids by kind; an id
spelt wrong there would silently give an antidepressant the dopamine blockers' text.
"""

from __future__ import annotations

from jinja2 import FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment

from bot.core.understanding.languages import FOLDER, load_lexicons
from tests.conftest import DIALOGS

KINDS = ("dopamine_blockers", "antidepressants", "stimulants")


def _kinds() -> dict[str, list[str]]:
    """Each kind's medicine ids, as the templates import them."""
    module = (
        SandboxedEnvironment(loader=FileSystemLoader(DIALOGS / "templates"))
        .get_template("medicine_kinds.html.j2")
        .module
    )
    return {kind: list(getattr(module, kind)) for kind in KINDS}


def test_every_medicine_of_a_kind_is_one_the_lexicons_know() -> None:
    known = {m for lexicon in load_lexicons(DIALOGS / FOLDER).values() for m in lexicon.medicines}
    for kind, named in _kinds().items():
        assert named, kind
        assert set(named) <= known, (kind, set(named) - known)


def test_no_medicine_is_of_two_kinds() -> None:
    seen: dict[str, str] = {}
    for kind, named in _kinds().items():
        for medicine in named:
            assert medicine not in seen, (medicine, seen.get(medicine), kind)
            seen[medicine] = kind
