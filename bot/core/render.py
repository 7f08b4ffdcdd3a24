"""Put replies into words: localized Telegram-HTML text and buttons.

Templates live with the dialog (`dialogs/templates/`) so that maintainers edit
the wording next to the flow. They run in jinja2's sandbox with autoescape, so
nothing a user typed can break the formatting or inject markup.
"""

from __future__ import annotations

import enum
import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from bot.core import buttons, replies
from bot.core.conditions import Choices, compile_condition
from bot.core.conversation import Assessment
from bot.core.matching import DONE_BUTTON
from bot.core.model import DONE, JOIN, Dialog, Urgency
from bot.core.replies import Notice, Reply
from bot.i18n import N_, Catalogs


def escape(text: str) -> str:
    """Escape text for Telegram HTML; quotes need no escaping outside attributes."""
    return html.escape(text, quote=False)


_BLANK_LINES = re.compile(r"\n[ \t]*(\n[ \t]*)+\n")
#: Items of a list sit on consecutive lines, whatever the template's spacing.
_LOOSE_BULLETS = re.compile(r"\n[ \t]*\n(?=• )")

NOTICES: dict[Notice, str] = {
    Notice.WELCOME: N_(
        "Hello! I help you understand twitches and spasms of the face, and tell you when to "
        "see a doctor or get help urgently. I will ask a few short questions. This is "
        "education, not a diagnosis."
    ),
    Notice.WELCOME_BACK: N_("Welcome back! Let's continue where we stopped."),
    Notice.RESTARTED: N_("Starting again from the first question."),
    Notice.STALE_BUTTON: N_(
        "This question was already answered, so that button no longer does anything. "
        "Please use the latest question."
    ),
    Notice.NOT_UNDERSTOOD: N_(
        "Sorry, I did not understand that. Please tap one of the buttons, or type the number "
        "or the words of an answer."
    ),
    Notice.NOTHING_TO_UNDO: N_("There is no earlier answer to go back to."),
    Notice.WENT_BACK: N_("Going back one question."),
    Notice.ALREADY_FINISHED: N_(
        "This consultation is finished. Send /summary to see your answers, /learn to read "
        "more, or /restart to start again."
    ),
    Notice.ADVICE_STANDS: N_(
        "What you put right does not change my advice: the advice above stands. Send "
        "/summary to see your answers with the change, /learn to read more, or /restart to "
        "start again."
    ),
    Notice.ADDED_ADVICE_STANDS: N_(
        "What you added does not change my advice: the advice above stands. Send /summary "
        "to see your answers with it, /learn to read more, or /restart to start again."
    ),
    Notice.NOTHING_TO_EXPLAIN: N_("There is no open question right now. Send /start to begin."),
    Notice.NO_ANSWERS_YET: N_("You have not answered any questions yet. Send /start to begin."),
    Notice.NOTHING_ANSWERED_YET: N_(
        "There is nothing to summarise yet: you have not answered a question. Here it is again."
    ),
    Notice.UNKNOWN_TOPIC: N_("I don't know that topic. Here are the ones I can explain:"),
    Notice.DIALOG_UPDATED: N_(
        "The questions were updated since we last talked. I kept your answers that still "
        "apply; let's continue from here."
    ),
    Notice.DIALOG_CHANGED: N_(
        "The questions were updated since we last talked, so we are starting again from "
        "the beginning. Sorry for the trouble."
    ),
    Notice.DANGER_STANDS: N_(
        "You told me about an emergency sign, so the emergency advice above stands. If you "
        "reported it by mistake, send /restart to start again."
    ),
    Notice.SAFETY_FIRST: N_("Please answer this safety question first."),
    Notice.PICK_ONE: N_("Tick at least one answer first, or choose “None of these”."),
    Notice.EDIT_NOT_AN_ANSWER: N_(
        "I read your edited message, but an edit does not change an answer. If you meant a "
        "different answer, use /back and answer again."
    ),
    Notice.POSSIBLE_DANGER: N_(
        "You mentioned something that can be an emergency sign. Let me ask about it first."
    ),
    Notice.SOMEONE_ELSE_IN_DANGER: N_(
        "🔴 You described emergency signs in someone else. Call the emergency number for "
        "them now, even if the signs have passed: do not wait to see if they settle. If "
        "this consultation is about them, answer the questions below for them once help "
        "is on the way."
    ),
    Notice.ANSWERED_AT_THE_END: N_(
        "Good question. The advice at the end will answer it: how much this matters and "
        "what to do next. I need a few answers first, so please answer the question below."
    ),
    Notice.CLEAR_ANSWER: N_(
        "Thank you. For this safety question I need a clear answer: please choose the one "
        "that fits, or “Not sure” if you cannot tell."
    ),
    Notice.ALREADY_NOTED: N_(
        "Thank you, I have that noted already. Please answer the question below."
    ),
    Notice.ACKNOWLEDGED: N_("All right. Please answer the question below when you are ready."),
    Notice.GREETED: N_("Hello! Please answer the question below, and I will guide you from there."),
    Notice.FEAR_HEARD: N_(
        "I understand: this can be frightening. You are doing the right thing by checking, "
        "and I will guide you step by step. Please answer the question below."
    ),
    Notice.SINCE_IT_BEGAN: N_(
        "Thank you, that is worth telling your doctor. This question is about the time since "
        "the twitch began: has any of this happened since then, even for a few minutes?"
    ),
    Notice.COMPLAINT_HEARD: N_(
        "Thank you for telling me what is happening. A few questions will help me understand "
        "it: please answer the one below."
    ),
    Notice.OTHER_SIGNS_TOO: N_(
        "Noted, thank you. Please also look at the other signs in the list and choose the "
        "answer that fits all of them."
    ),
}


class Surface(enum.Enum):
    """Where the messages are shown; a few notices are worded for it."""

    #: Telegram: answers are buttons to tap, or typed.
    TELEGRAM = "telegram"
    #: The terminal chat: answers are typed; there is nothing to tap.
    TERMINAL = "terminal"


#: Notices worded differently where there are no buttons; the others read the same everywhere.
TYPED_NOTICES: dict[Notice, str] = {
    Notice.NOT_UNDERSTOOD: N_(
        "Sorry, I did not understand that. Please type the number or the words of an answer."
    ),
}

# Headings. Kept out of f-strings: Babel does not extract messages inside them.
WHY_WE_ASK = N_("Why we ask")
WHY_THIS_ADVICE = N_("Why this advice")
#: `/why` after the outcome, per pattern: how it came to be shown.
REPORTED_SIGN = N_("you reported an emergency sign: %(sign)s")
NO_PATTERN_MATCHED = N_("no single pattern matched your answers")
BECAUSE_OF_FLOOR = N_("you were not sure (%(answer)s), so the advice is at least “%(level)s”")
#: A symptom told that raised the urgency (`Concern.floor`).
BECAUSE_OF_CONCERN = N_("you told of this (%(concern)s), so the advice is at least “%(level)s”")
SUMMARY_HEADING = N_("Summary of my answers, for my doctor")
#: ... written by a parent or a carer, to show the doctor of the person they help.
SUMMARY_HEADING_FOR_SOMEONE_ELSE = N_("Summary of the answers about them, for their doctor")
ADVICE_GIVEN = N_("Advice given")
#: The last button of a choose-all-that-apply question.
#: Shown under a choose-all-that-apply question.
CHOOSE_ALL = N_("Choose all that apply, then tap Done.")
NOTED = N_("Noted")
#: The summary's line for symptoms told that the consultation does not cover.
#: After a symptom told whose own advice is to call for help now (a high temperature with
#: a stiff neck): the consultation's questions, which follow, can wait.
HELP_FIRST = N_(
    "Please get that help first: the questions about the face can wait. If you want to "
    "go on with them anyway, answer below."
)
ALSO_TOLD = N_("Also told (not covered by this consultation)")
NOTED_FIX = N_("If I got something wrong, just tell me, or use /back.")
DANGERS_REPORTED = N_("Emergency signs mentioned")
#: Beside an answer "None of these" when a sign among its options was told afterwards.
TOLD_AFTER_NO = N_("told afterwards: %(sign)s")
MEDICINES = N_("Medicines mentioned")
STARTED_ON = N_("Consultation started")
CONCLUDED_ON = N_("Advice given on")
#: How a reported danger sign was meant, for the doctor's summary.
DANGER_CONTEXTS = {
    "affirmed": N_("reported"),
    "possible": N_("possible, not certain"),
    "historical": N_("in the past"),
    "hypothetical": N_("asked about, not present"),
    "other_person": N_("in another person"),
}
TOPICS_HEADING = N_("What would you like to read about?")

URGENCY_MARKERS = {"self_care": "🟢", "routine": "🟡", "urgent": "🟠", "emergency": "🔴"}
URGENCY_NAMES = {
    "self_care": N_("self-care"),
    "routine": N_("routine"),
    "urgent": N_("urgent"),
    "emergency": N_("emergency"),
}


def notice_text(notice: Notice, surface: Surface) -> str:
    """The English wording of `notice` on `surface`, before translation."""
    if surface is Surface.TERMINAL and notice in TYPED_NOTICES:
        return TYPED_NOTICES[notice]
    return NOTICES[notice]


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class Message:
    """One message to show. `kind` tells an adapter how to show it."""

    kind: str
    text: str
    buttons: tuple[Button, ...] = ()
    #: For kind "question" and "chosen": which question and step it belongs to.
    question: str | None = None
    step: int | None = None
    urgency: str | None = None
    outcomes: tuple[str, ...] = field(default=())


class Renderer:
    def __init__(
        self,
        dialog: Dialog,
        templates: Path,
        catalogs: Catalogs,
        medicines: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        """`medicines`: language → medicine id → its name in that language."""
        self.dialog = dialog
        self.templates = templates
        self.catalogs = catalogs
        self._medicines = medicines or {}
        self._environment = lru_cache(maxsize=16)(self._build_environment)
        # Many people give the same answers: an outcome is rendered once per distinct input.
        self._cached_outcome = lru_cache(maxsize=512)(self._outcome)
        #: Questions and answered questions look the same for everyone at the same step.
        self._question = lru_cache(maxsize=4096)(self._build_question)
        self._chosen = lru_cache(maxsize=4096)(self._build_chosen)

    def _build_environment(self, language: str) -> SandboxedEnvironment:
        env = SandboxedEnvironment(
            loader=FileSystemLoader(self.templates),
            autoescape=True,
            extensions=["jinja2.ext.i18n"],
            lstrip_blocks=True,
            # A reload builds a new renderer; no need to stat the files on every render.
            auto_reload=False,
        )
        env.install_gettext_translations(  # type: ignore[attr-defined]
            self.catalogs.translations(language), newstyle=True
        )
        return env

    def warm_up(self, languages: Iterable[str]) -> None:
        """Compile every template for each language now, not during someone's first turn."""
        for language in languages:
            environment = self._environment(language)
            for name in environment.list_templates(filter_func=lambda n: n.endswith(".j2")):
                environment.get_template(name)

    def gettext(self, language: str) -> Callable[[str], str]:
        return self.catalogs.translations(language).gettext

    # -- replies -------------------------------------------------------------

    def render(
        self, reply: Reply, language: str = "en", surface: Surface = Surface.TELEGRAM
    ) -> list[Message]:
        _ = self.gettext(language)
        match reply:
            case replies.Notify(notice=notice):
                return [Message("notice", escape(_(notice_text(notice, surface))))]
            case replies.Ask(question=qid, step=step, picked=picked, edit=edit):
                message = self._question(qid, step, language, picked, reply.for_someone_else)
                return [replace(message, kind="ticked") if edit else message]
            case replies.Chosen(question=qid, option=option, step=step):
                return [self._chosen(qid, option, step, language, reply.for_someone_else)]
            case replies.Explain(question=qid):
                question = self.dialog.question(qid)
                text = f"<b>{escape(_(WHY_WE_ASK))}</b>\n{escape(_(question.why))}"
                return [Message("why", text)]
            case replies.Conclude(assessment=assessment, answers=answers):
                pairs = tuple(sorted(answers))
                outcome = (
                    assessment,
                    pairs,
                    language,
                    reply.for_someone_else,
                    reply.concerns,
                    reply.medicines,
                )
                return [self._cached_outcome(*outcome)]
            case replies.Concerns(concerns=concerns):
                lines = [self._concern_line(c, _) for c in concerns]
                if any(self.dialog.concern(c).floor is Urgency.EMERGENCY for c in concerns):
                    # the next question comes right after: it must not read as more urgent
                    lines.append(Markup("\n{}").format(_(HELP_FIRST)))
                return [Message("concern", "\n".join(lines))]
            case replies.Noted():
                return [self._noted(reply, language)]
            case replies.InShort(advice=advice):
                return [self._in_short(advice, language)]
            case replies.Reasons(assessment=assessment, answers=answers):
                return [self._reasons(assessment, answers, language, reply.for_someone_else)]
            case replies.Recap():
                return [self._recap(reply, language)]
            case replies.Teach(topic=topic):
                return [self._learn(topic, language) if topic else self._topics(_)]
        raise TypeError(f"unknown reply {reply!r}")  # pragma: no cover

    def _build_question(
        self,
        qid: str,
        step: int,
        language: str,
        picked: tuple[str, ...] = (),
        for_someone_else: bool = False,
    ) -> Message:
        _ = self.gettext(language)
        question = self.dialog.question(qid)
        text = escape(_(question.wording(for_someone_else)))
        if not question.multiple:
            choices = tuple(
                Button(_(o.wording(for_someone_else)), buttons.choice_data(qid, o.id, step))
                for o in question.options
            )
            return Message("question", text, choices, question=qid, step=step)
        ticks = tuple(
            Button(
                ("✓ " if o.id in picked else "") + _(o.wording(for_someone_else)),
                buttons.toggle_data(qid, o.id, step),
            )
            for o in question.options
        )
        done = Button(_(DONE_BUTTON), buttons.toggle_data(qid, DONE, step))
        text = f"{text}\n<i>{escape(_(CHOOSE_ALL))}</i>"
        return Message("question", text, (*ticks, done), question=qid, step=step)

    def _build_chosen(
        self, qid: str, option: str, step: int, language: str, for_someone_else: bool = False
    ) -> Message:
        _ = self.gettext(language)
        label = self._option_label(qid, option, _, for_someone_else)
        asked = self.dialog.question(qid).wording(for_someone_else)
        text = f"{escape(_(asked))}\n\n→ <b>{escape(label)}</b>"
        return Message("chosen", text, question=qid, step=step)

    def _option_label(
        self, qid: str, answer: str, _: Callable[[str], str], for_someone_else: bool = False
    ) -> str:
        """An answer's label; several answers ("caffeine+sleep") as a list; for a carer,
        worded for the person they write for ("Their eye closes")."""
        chosen = answer.split(JOIN)
        options = [o for o in self.dialog.question(qid).options if o.id in chosen]
        return ", ".join(_(o.wording(for_someone_else)) for o in options)

    def _sources(
        self, outcome_ids: list[str], concern_ids: Sequence[str] = ()
    ) -> list[dict[str, str]]:
        """The sources of the outcomes, then of the symptoms told that the advice names
        (a knock to the head: the NHS page its advice is drawn from), each once."""
        ids = [
            *(sid for oid in outcome_ids for sid in self.dialog.outcome(oid).sources),
            *(sid for cid in concern_ids for sid in self.dialog.concern(cid).sources),
        ]
        sources = (self.dialog.source(sid) for sid in dict.fromkeys(ids))
        return [{"title": source.title, "url": source.url} for source in sources]

    def _template(self, name: str, language: str, context: dict[str, Any]) -> str:
        text = self._environment(language).get_template(name).render(context)
        text = _BLANK_LINES.sub("\n\n", text)
        return _LOOSE_BULLETS.sub("\n", text).strip()

    def _outcome(
        self,
        assessment: Assessment,
        answer_pairs: tuple[tuple[str, str], ...],
        language: str,
        for_someone_else: bool = False,
        concerns: tuple[str, ...] = (),
        medicines: tuple[str, ...] = (),
    ) -> Message:
        text = self._template(
            "outcome.html.j2",
            language,
            self._advice(assessment, answer_pairs, language, for_someone_else, concerns, medicines),
        )
        return Message(
            "outcome", text, urgency=assessment.urgency.key, outcomes=assessment.outcomes
        )

    def _in_short(self, advice: replies.Conclude, language: str) -> Message:
        """The advice's headline and first steps again, for a message typed after it."""
        context = self._advice(
            advice.assessment,
            advice.answers,
            language,
            advice.for_someone_else,
            advice.concerns,
            advice.medicines,
        )
        return Message("in_short", self._template("in_short.html.j2", language, context))

    def _advice(
        self,
        assessment: Assessment,
        answer_pairs: tuple[tuple[str, str], ...],
        language: str,
        for_someone_else: bool = False,
        concerns: tuple[str, ...] = (),
        medicines: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """What the advice's templates are given: the urgency, the patterns, the answers."""
        _ = self.gettext(language)
        answers: dict[str, str] = {
            qid: Choices(answer) if self.dialog.question(qid).multiple else answer
            for qid, answer in answer_pairs
            if self.dialog.has_question(qid)
        }
        # Highest urgency first (as assessed): the first is explained in full, the others
        # follow in one line each with their own urgency.
        patterns, templates = [], set()
        for oid in assessment.outcomes:
            outcome = self.dialog.outcome(oid)
            if outcome.template in templates:
                continue  # one explanation per template, e.g. two nutrition outcomes
            templates.add(outcome.template)
            level = outcome.urgency.key
            patterns.append(
                {
                    "id": oid,
                    "title": _(outcome.pattern),
                    "template": outcome.template,
                    "urgency": level,
                    "marker": URGENCY_MARKERS[level],
                    "level": _(URGENCY_NAMES[level]),
                }
            )
        floor_reasons = []
        for qid in assessment.floor_questions:
            chosen = str(answers.get(qid, "")).split(JOIN)
            for option in self.dialog.question(qid).options:
                if option.id in chosen and option.floor_reason:
                    floor_reasons.append(_(option.floor_reason))
        return {
            "urgency": assessment.urgency.key,
            "patterns": patterns,
            "danger": assessment.danger,
            # each emergency's own words ("1 and 3" at the safety screen reports two)
            "reported": {
                d.id: words
                for d in self.dialog.danger_signs
                if d.outcome in assessment.outcomes
                and (words := self._reported(d.id, answer_pairs, _)) is not None
            },
            "answers": answers,
            "floor_reasons": floor_reasons,
            "for_someone_else": for_someone_else,
            "concerns": [self._concern_line(c, _) for c in concerns],
            "concern_ids": list(concerns),
            "medicines": list(medicines),
            "sources": self._sources(list(assessment.outcomes), concerns),
        }

    def _concern_line(self, concern_id: str, _: Callable[[str], str]) -> Markup:
        """A symptom the consultation does not cover, named with where to turn (HTML,
        as a message and inside the advice)."""
        concern = self.dialog.concern(concern_id)
        return Markup("⚠️ <b>{}</b>: {}").format(_(concern.title), _(concern.advice))

    def _reported(
        self, danger: str | None, answer_pairs: tuple[tuple[str, str], ...], _: Callable[[str], str]
    ) -> str | None:
        """The words of the answer that reported `danger`, as the person saw them.

        The emergency advice quotes what was tapped and adds no symptom: a sign's own
        question ("A seizure": Yes) by its title, an answer of a list by its label. None
        when the sign was typed (the words are not kept) or only not ruled out.
        """
        if danger is None:
            return None
        checks = {d.check for d in self.dialog.danger_signs if d.check}
        for qid, answer in answer_pairs:
            if not self.dialog.has_question(qid):
                continue
            question = self.dialog.question(qid)
            for option in question.options:
                if option.id in answer.split(JOIN) and option.danger == danger:
                    return _(question.title) if qid in checks else _(option.label)
        return None

    def _medicine_names(self, medicines: Sequence[str], language: str) -> list[str]:
        """The medicines named as people of `language` name them."""
        names = self._medicines.get(language) or self._medicines.get("en", {})
        return [names.get(m, m) for m in medicines]

    def _noted(self, noted: replies.Noted, language: str) -> Message:
        """One line: what a typed message told us, so the person can correct it."""
        _ = self.gettext(language)
        parts = [self._option_label(q, o, _, noted.for_someone_else) for q, o in noted.answers]
        if noted.duration_days is not None:
            parts.append(_duration(noted.duration_days, self.catalogs.translations(language)))
        parts += self._medicine_names(noted.medicines, language)
        text = (
            f"<b>{escape(_(NOTED))}:</b> {escape('; '.join(parts))}\n<i>{escape(_(NOTED_FIX))}</i>"
        )
        return Message("noted", text)

    def _reasons(
        self,
        assessment: Assessment,
        answer_pairs: tuple[tuple[str, str], ...],
        language: str,
        for_someone_else: bool = False,
    ) -> Message:
        """Each pattern shown, with the answers its rule read; then the "not sure" floors.

        The answers are those the pattern's `when` condition names, so the list is
        exactly what decided it, in the person's words (the option labels).
        """
        _ = self.gettext(language)
        answers = dict(answer_pairs)
        lines = [f"<b>{escape(_(WHY_THIS_ADVICE))}</b>"]
        for oid in assessment.outcomes:
            outcome = self.dialog.outcome(oid)
            if assessment.danger is not None and outcome.when is None:
                sign = self.dialog.danger_sign(assessment.danger)
                because = _(REPORTED_SIGN) % {"sign": _(sign.title)}
            elif outcome.when is None:
                because = _(NO_PATTERN_MATCHED)
            else:
                # What can make the rule hold, not its exclusions: "the twitch came first"
                # keeps "Began after a medicine" out of a lasting twitch's reasons.
                used = compile_condition(outcome.when).reasons
                because = "; ".join(
                    f"{_(self.dialog.question(q).title)}: "
                    f"{self._option_label(q, answers[q], _, for_someone_else)}"
                    for q, _answer in answer_pairs
                    if q in used and self.dialog.has_question(q)
                )
            level = outcome.urgency.key
            lines.append(
                f"• {URGENCY_MARKERS[level]} <b>{escape(_(outcome.pattern))}</b>: {escape(because)}"
            )
        for qid in assessment.floor_questions:
            question = self.dialog.question(qid)
            chosen = set(str(answers.get(qid, "")).split(JOIN))
            floor = max(
                (o.floor for o in question.options if o.id in chosen and o.floor), default=None
            )
            if floor is None:
                continue
            label = self._option_label(qid, answers[qid], _, for_someone_else)
            answer = f"{_(question.title)}: {label}"
            because = _(BECAUSE_OF_FLOOR) % {"answer": answer, "level": _(URGENCY_NAMES[floor.key])}
            lines.append(f"• {URGENCY_MARKERS[floor.key]} {escape(because)}")
        for cid in assessment.floor_concerns:
            concern = self.dialog.concern(cid)
            if concern.floor is None:
                continue
            level = concern.floor.key
            because = _(BECAUSE_OF_CONCERN) % {
                "concern": _(concern.title),
                "level": _(URGENCY_NAMES[level]),
            }
            lines.append(f"• {URGENCY_MARKERS[level]} {escape(because)}")
        return Message("why", "\n".join(lines))

    def _recap(self, recap: replies.Recap, language: str) -> Message:
        _ = self.gettext(language)
        assessment = recap.assessment
        heading = SUMMARY_HEADING_FOR_SOMEONE_ELSE if recap.for_someone_else else SUMMARY_HEADING
        lines = [f"<b>{escape(_(heading))}</b>"]
        if recap.dangers:
            signs = ", ".join(
                f"{_(self.dialog.danger_sign(s).title)} ({_(DANGER_CONTEXTS[c])})"
                for s, c in recap.dangers
            )
            lines.append(f"⚠️ {escape(_(DANGERS_REPORTED))}: {escape(signs)}")
        by_question: dict[str, list[str]] = {}
        for qid, option in recap.answers:  # several answers to one question share a line
            label = self._option_label(qid, option, _, recap.for_someone_else)
            if self.dialog.question(qid).how_long and recap.duration_days is not None:
                how_long = _duration(recap.duration_days, self.catalogs.translations(language))
                label = f"{label} ({how_long})"
            by_question.setdefault(qid, []).append(label)
        for qid, sign in recap.told_after_no:
            told = _(TOLD_AFTER_NO) % {"sign": _(self.dialog.danger_sign(sign).title)}
            by_question.setdefault(qid, []).append(told)
        for qid, labels in by_question.items():
            title = _(self.dialog.question(qid).title)
            lines.append(f"• {escape(title)}: {escape('; '.join(labels))}")
        if recap.medicines:
            names = ", ".join(self._medicine_names(recap.medicines, language))
            lines.append(f"• {escape(_(MEDICINES))}: {escape(names)}")
        if recap.concerns:
            told = ", ".join(_(self.dialog.concern(c).title) for c in recap.concerns)
            lines.append(f"⚠️ {escape(_(ALSO_TOLD))}: {escape(told)}")
        if recap.started:  # ISO dates read the same in every language
            lines.append(f"• {escape(_(STARTED_ON))}: {escape(recap.started)}")
        if recap.concluded:
            lines.append(f"• {escape(_(CONCLUDED_ON))}: {escape(recap.concluded)}")
        if assessment is not None:
            level = assessment.urgency.key
            titles = ", ".join(_(self.dialog.outcome(o).pattern) for o in assessment.outcomes)
            lines.append("")
            lines.append(
                f"{URGENCY_MARKERS[level]} {escape(_(ADVICE_GIVEN))}: "
                f"<b>{escape(_(URGENCY_NAMES[level]))}</b> ({escape(titles)})"
            )
        return Message("summary", "\n".join(lines))

    # -- group case studies ------------------------------------------------------

    def case_result(
        self,
        reached: Sequence[str],
        urgency: Urgency,
        expected: Sequence[str] | None,
        discussion: str,
        language: str,
    ) -> Message:
        """Where a group's votes led (at `urgency`), beside the outcomes the story was
        written for (None: the story is gone), with what to discuss."""
        _ = self.gettext(language)

        def line(outcome_ids: Sequence[str], level: Urgency | None) -> dict[str, str]:
            known = {o.id for o in self.dialog.outcomes}
            outcomes = [self.dialog.outcome(oid) for oid in outcome_ids if oid in known]
            level = level or max((o.urgency for o in outcomes), default=Urgency.ROUTINE)
            return {
                "marker": URGENCY_MARKERS[level.key],
                "level": _(URGENCY_NAMES[level.key]),
                "names": "; ".join(_(o.pattern) for o in outcomes),
            }

        context = {
            "reached": line(reached, urgency),
            "expected": line(expected, None) if expected is not None else None,
            "match": expected is not None and set(reached) == set(expected),
            "discussion": discussion,
        }
        return Message("case_result", self._template("case_result.html.j2", language, context))

    def case_answers(
        self, title: str, answers: Sequence[tuple[str, str]], language: str
    ) -> Message:
        """A case study's story title and the answers the group's votes chose so far."""
        _ = self.gettext(language)
        chosen = [
            {"question": _(self.dialog.question(q).title), "label": self._option_label(q, a, _)}
            for q, a in answers
            if self.dialog.has_question(q)
        ]
        context = {"title": title, "answers": chosen}
        return Message("case_answers", self._template("case_answers.html.j2", language, context))

    def _topics(self, _: Callable[[str], str]) -> Message:
        text = f"<b>{escape(_(TOPICS_HEADING))}</b>"
        choices = tuple(Button(_(t.title), buttons.learn_data(t.id)) for t in self.dialog.learn)
        return Message("topics", text, choices)

    def _learn(self, topic_id: str, language: str) -> Message:
        _ = self.gettext(language)
        topic = self.dialog.learn_topic(topic_id)
        assert topic is not None
        outcome = self.dialog.outcome(topic.outcome)
        text = self._template(
            "learn.html.j2",
            language,
            {
                "title": _(topic.title),
                "pattern": {"id": outcome.id, "template": outcome.template},
                "answers": {},
                "sources": self._sources([outcome.id]),
            },
        )
        return Message("learn", text)


def _duration(days: int, translations: NullTranslations) -> str:
    """ "5 days", "3 weeks", "18 months", "2 years" in the user's language, with its plural
    forms. Under two years, a time that is not about a year is told in months: "a year and a
    half" was shown as "2 years" (or "1 year")."""
    about_a_year = abs(days - 365) <= 31
    if days < 14:
        number = max(days, 1)
        text = translations.ngettext("%(number)d day", "%(number)d days", number)
    elif days < 60:
        number = round(days / 7)
        text = translations.ngettext("%(number)d week", "%(number)d weeks", number)
    elif days < 730 and not about_a_year:
        number = round(days / 30)
        text = translations.ngettext("%(number)d month", "%(number)d months", number)
    else:
        number = round(days / 365)
        text = translations.ngettext("%(number)d year", "%(number)d years", number)
    return text % {"number": number}
