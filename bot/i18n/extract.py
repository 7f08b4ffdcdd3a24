"""Babel extractor for the YAML under dialogs/: every `Msg` field becomes a catalog message.

Registered as the `spasmbot_dialog` extractor (see `pyproject.toml` and
`babel.cfg`), so plain `pybabel extract` collects the questions, buttons and
outcome titles next to the strings of the code and the templates. Each message
carries a comment that tells the translator where it is shown and any length
limit, because a translator never sees the flow.
"""

from __future__ import annotations

import typing
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from pydantic import BaseModel

from bot.core.content import MODELS, kind_of
from bot.core.loader import DialogError, read_yaml_text
from bot.core.model import LABEL_MAX_CHARS, TRANSLATABLE
from bot.core.problems import Path_, Positions

#: Babel's extractor result: line, function name, message(s), translator comments.
Extracted = tuple[int, str | None, str | tuple[str, ...], list[str]]

#: What a translator needs to know about each kind of text, by model field.
HINTS: Mapping[tuple[str, str], str] = {
    ("Dialog", "title"): "The consultation's name.",
    ("DangerSign", "title"): "Name of an emergency sign, shown in the summary.",
    ("DangerSign", "keywords"): (
        "Danger phrase a user may type in free text; it triggers emergency advice. "
        "Translate it as a speaker would type it (lower case, everyday words)."
    ),
    ("Concern", "title"): "A symptom the bot does not cover (chest pain), in the summary.",
    ("Concern", "advice"): "What to do about a symptom the bot does not cover.",
    ("Concern", "keywords"): (
        "A phrase a user may type for a symptom the bot does not cover. Translate it as a "
        "speaker would type it (lower case, everyday words)."
    ),
    ("Question", "title"): "Short name of a question in the summary for the doctor.",
    ("Question", "text"): "A question to the user.",
    ("Question", "for_someone_else"): (
        "The same question put to someone who writes for another person (a parent, a "
        "carer): ask about that person, whose sex is not known."
    ),
    ("Question", "why"): 'Answer to "why do you ask this?".',
    ("Option", "label"): f"Button label, at most {LABEL_MAX_CHARS} characters.",
    ("Option", "for_someone_else"): (
        f"The same button label for someone who writes for another person (a parent, a "
        f"carer), at most {LABEL_MAX_CHARS} characters; their sex is not known."
    ),
    ("Option", "synonyms"): (
        "A word a user may type instead of tapping this answer. Translate it as a speaker "
        "would type it (lower case, everyday words)."
    ),
    ("Option", "floor_reason"): "Why this answer keeps the advice at least this urgent.",
    ("Outcome", "pattern"): "Title of the pattern the answers fit, shown with the advice.",
    ("LearnTopic", "title"): "Button label and heading of a 'learn more' topic.",
    ("QuizTopic", "title"): "Name of a quiz topic, listed in the /quiz help.",
    ("QuizQuestion", "question"): "Quiz poll question, at most 300 characters.",
    ("QuizOption", "text"): "Quiz poll option, at most 100 characters.",
    ("QuizQuestion", "explanation"): (
        "Shown in the quiz poll after answering: at most 200 characters and 2 line breaks."
    ),
    ("QuizQuestion", "details"): "The longer explanation posted when the quiz question closes.",
    ("CaseStudy", "title"): "Title of a case study for a group.",
    ("CaseStudy", "story"): "A fictional patient's story, told to a group.",
    ("CaseStudy", "discussion"): "What the group should take away from the case.",
}


def _is_translatable(annotation: Any, metadata: Collection[Any] = ()) -> bool:
    if any(m is TRANSLATABLE for m in metadata):
        return True
    if typing.get_origin(annotation) is typing.Annotated:
        return any(m is TRANSLATABLE for m in annotation.__metadata__)
    return any(_is_translatable(arg) for arg in typing.get_args(annotation))


def messages(model: BaseModel, path: Path_ = ()) -> Iterator[tuple[Path_, str, str]]:
    """(path, English text, hint) of every translatable string in `model`, in file order."""
    owner = type(model).__name__
    ident = getattr(model, "id", None)
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if _is_translatable(field.annotation, field.metadata):
            hint = HINTS.get((owner, name), "")
            where = f"{owner} {ident}".strip() if ident else owner
            texts = value if isinstance(value, list) else [value]
            for i, text in enumerate(texts):
                if text is not None:
                    key = (*path, name, i) if isinstance(value, list) else (*path, name)
                    yield key, text, f"{where}: {hint}" if hint else where
        elif isinstance(value, BaseModel):
            yield from messages(value, (*path, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from messages(item, (*path, name, i))


def extract_dialog(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[Extracted]:
    """Babel extraction method for `dialogs/*.yml` (the signature Babel requires)."""
    text = fileobj.read().decode("utf-8")
    positions = Positions(getattr(fileobj, "name", "dialog"))
    data, positions, problems = read_yaml_text(text, positions)
    if problems:  # a file that does not parse must not empty the catalog silently
        raise DialogError(problems)
    model = MODELS[kind_of(data)].model_validate(data)
    for path, message, hint in messages(model):
        line, _column = positions.at(path)
        yield line, None, message, [hint]
