"""Render every outcome and topic with sample answers, so a broken template fails validation.

Parsing a template proves little: a typo in a variable or a filter fails only
when it runs. Each outcome is rendered in every shipped language with no
answers, with the first option of every question, and with "not sure"
everywhere.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator

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


def _render_problem(exc: Exception, pos: Positions, path: Path_, message: str, fix: str) -> Problem:
    """At the failing line of the template if known, else at the dialog entry."""
    place = failing_template(exc)
    if place is None:
        return pos.problem(path, message, fix)
    return Problem(place[0], place[1], 1, message, fix)


def sample_answers(dialog: Dialog) -> list[tuple[tuple[str, str], ...]]:
    first = tuple(sorted((q.id, q.options[0].id) for q in dialog.questions))
    unsure = tuple(sorted((q.id, NOT_SURE) for q in dialog.questions))
    return [(), first, unsure]


def render_problems(
    dialog: Dialog, renderer: Renderer, languages: Iterable[str], pos: Positions
) -> Iterator[Problem]:
    for language in languages:
        for oi, outcome in enumerate(dialog.outcomes):
            for answers in sample_answers(dialog):
                assessment = Assessment(outcome.urgency, (outcome.id,))
                try:
                    renderer.render(replies.Conclude(assessment, answers), language)
                except Exception as exc:
                    yield _render_problem(
                        exc,
                        pos,
                        ("outcomes", oi, "template"),
                        f"outcome {outcome.id!r} fails to render in {language!r}: "
                        f"{type(exc).__name__}: {exc}",
                        f"fix {outcome.template} or the layout templates it is shown in",
                    )
                    break
        for ti, topic in enumerate(dialog.learn):
            try:
                (message,) = renderer.render(replies.Teach(topic.id), language)
            except Exception as exc:
                yield _render_problem(
                    exc,
                    pos,
                    ("learn", ti),
                    f"topic {topic.id!r} fails to render in {language!r}: "
                    f"{type(exc).__name__}: {exc}",
                    "fix the template of its outcome",
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
