"""Teaching content for groups: the quiz question bank and the case studies.

Like the consultation, these are YAML files that content maintainers edit
(`dialogs/quiz.yml`, `dialogs/cases.yml`), validated by these models, and
translated through the same catalogs (every `Msg` field is extracted).

A quiz question becomes a Telegram quiz poll, so Telegram's poll limits apply
to every language: question ≤ 300 characters, 2–12 options of ≤ 100
characters, explanation ≤ 200 characters with at most 2 line feeds.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from bot.core.model import Id, Msg, Strict

POLL_QUESTION_MAX = 300
POLL_OPTION_MAX = 100
POLL_OPTIONS_MAX = 12
POLL_EXPLANATION_MAX = 200
POLL_EXPLANATION_LINE_FEEDS = 2


class QuizOption(Strict):
    id: Id
    text: Msg = Field(max_length=POLL_OPTION_MAX, description="Poll option, ≤ 100 characters.")


class QuizQuestion(Strict):
    id: Id
    topic: Id = Field(description="The section of the source it teaches, e.g. triggers.")
    question: Msg = Field(max_length=POLL_QUESTION_MAX, description="≤ 300 characters.")
    options: list[QuizOption] = Field(min_length=2, max_length=POLL_OPTIONS_MAX)
    correct: list[Id] = Field(min_length=1, description="The id(s) of the right option(s).")
    explanation: Msg = Field(
        max_length=POLL_EXPLANATION_MAX,
        description="Shown in the poll after answering: ≤ 200 characters, ≤ 2 line feeds.",
    )
    details: Msg = Field(description="The longer explanation posted when the question closes.")
    sources: list[Id] = Field(default_factory=list, description="Source ids of the consultation.")

    @model_validator(mode="after")
    def _correct_options_exist(self) -> QuizQuestion:
        ids = [o.id for o in self.options]
        unknown = [c for c in self.correct if c not in ids]
        if unknown:
            raise ValueError(f"correct names unknown option(s) {unknown}; options are {ids}")
        if len(set(ids)) != len(ids):
            raise ValueError("option ids repeat")
        if self.explanation.count("\n") > POLL_EXPLANATION_LINE_FEEDS:
            raise ValueError("the explanation has more than 2 line feeds")
        return self


class QuizTopic(Strict):
    id: Id
    title: Msg = Field(description="Shown in /quiz help, e.g. 'Hemifacial spasm'.")


class QuizBank(Strict):
    """`dialogs/quiz.yml`."""

    kind: str = Field(pattern="^quiz$", description="Always `quiz`.")
    version: str = Field(min_length=1)
    topics: list[QuizTopic] = Field(min_length=1)
    questions: list[QuizQuestion] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_topics(self) -> QuizBank:
        topics = {t.id for t in self.topics}
        for question in self.questions:
            if question.topic not in topics:
                raise ValueError(f"question {question.id!r}: unknown topic {question.topic!r}")
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids repeat")
        return self


class CaseStudy(Strict):
    """A patient story the group walks through with the consultation dialog."""

    id: Id = Field(description="Also the /case argument.")
    title: Msg
    story: Msg = Field(description="The story as told to the group; no real patient.")
    expected: list[Id] = Field(
        min_length=1, description="The consultation outcome id(s) the story should lead to."
    )
    discussion: Msg = Field(description="What to take away, shown with the result.")
    answers: dict[Id, Id] = Field(
        default_factory=dict,
        description="How the story answers each question (question id -> option id): the "
        "reference path, checked by the tests to reach `expected`.",
    )


class CaseBook(Strict):
    """`dialogs/cases.yml`."""

    kind: str = Field(pattern="^cases$", description="Always `cases`.")
    dialog: Id = Field(description="The dialog the cases run through, e.g. consultation.")
    cases: list[CaseStudy] = Field(min_length=1)
