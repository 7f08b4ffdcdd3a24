"""Render every outcome and topic with sample answers, so a broken template fails validation.

Parsing a template proves little: a typo in a variable or a filter fails only
when it runs. Each outcome is rendered in every shipped language with no
answers, with the first option of every question, and with "not sure"
everywhere.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from jinja2 import TemplateSyntaxError

from bot.core import replies
from bot.core.conversation import Assessment
from bot.core.model import MESSAGE_MAX_CHARS, NOT_SURE, Dialog
from bot.core.problems import Path_, Positions, Problem, display_path
from bot.core.render import Renderer


def failing_template(exc: BaseException) -> tuple[str, int] | None:
    """The template file and line a render error comes from, if it comes from one.

    jinja2 rewrites its tracebacks so that the frames of a template carry the
    template's file name and line: the innermost such frame is where to look.
    """
    if isinstance(exc, TemplateSyntaxError) and exc.filename and exc.lineno:
        return display_path(exc.filename), exc.lineno
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        in_template = not frame.filename.endswith(".py") and not frame.filename.startswith("<")
        if in_template and frame.lineno:
            return display_path(frame.filename), frame.lineno
    return None


def sample_answers(dialog: Dialog) -> list[tuple[tuple[str, str], ...]]:
    first = tuple(sorted((q.id, q.options[0].id) for q in dialog.questions))
    unsure = tuple(sorted((q.id, NOT_SURE) for q in dialog.questions))
    return [(), first, unsure]


@dataclass
class _RenderFailure:
    """One error, at one place, and everything it breaks in which languages."""

    place: tuple[str, int] | None
    path: Path_
    error: str
    fix: str
    broken: dict[str, list[str]] = field(default_factory=dict)

    def problem(self, pos: Positions, languages: list[str]) -> Problem:
        whats = list(self.broken)
        failing = sorted({lang for langs in self.broken.values() for lang in langs})
        where = (
            "every language"
            if len(languages) > 1 and failing == sorted(languages)
            else ", ".join(repr(lang) for lang in failing)
        )
        verb = "fails" if len(whats) == 1 else "fail"
        message = f"{', '.join(whats)} {verb} to render in {where}: {self.error}"
        if self.place is None:
            return pos.problem(self.path, message, self.fix)
        return Problem(self.place[0], self.place[1], 1, message, self.fix)


def render_problems(
    dialog: Dialog, renderer: Renderer, languages: Iterable[str], pos: Positions
) -> Iterator[Problem]:
    """Each render error once, at its line in the template, with all it breaks."""
    languages = list(languages)
    failures: dict[tuple[object, str], _RenderFailure] = {}

    def note(exc: Exception, path: Path_, what: str, language: str, fix: str) -> None:
        place = failing_template(exc)
        error = f"{type(exc).__name__}: {exc}"
        failure = failures.setdefault(
            (place or path, error), _RenderFailure(place, path, error, fix)
        )
        failure.broken.setdefault(what, []).append(language)

    for language in languages:
        for oi, outcome in enumerate(dialog.outcomes):
            for answers in sample_answers(dialog):
                assessment = Assessment(outcome.urgency, (outcome.id,))
                try:
                    renderer.render(replies.Conclude(assessment, answers), language)
                except Exception as exc:
                    note(
                        exc,
                        ("outcomes", oi, "template"),
                        f"outcome {outcome.id!r}",
                        language,
                        f"fix {outcome.template} or the layout templates it is shown in",
                    )
                    break
        for ti, topic in enumerate(dialog.learn):
            try:
                (message,) = renderer.render(replies.Teach(topic.id), language)
            except Exception as exc:
                note(
                    exc, ("learn", ti), f"topic {topic.id!r}", language, "fix its outcome template"
                )
                continue
            if len(message.text) > MESSAGE_MAX_CHARS:
                yield pos.problem(
                    ("learn", ti),
                    f"topic {topic.id!r} is {len(message.text)} characters in {language!r}; it "
                    f"is sent in parts (a Telegram message holds {MESSAGE_MAX_CHARS})",
                    "shorten the explanation",
                    severity="warning",
                )
    for failure in failures.values():
        yield failure.problem(pos, languages)
