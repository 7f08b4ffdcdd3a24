"""The consultation engine: `(conversation, event) -> (conversation, replies)`.

It knows nothing of Telegram, storage or wording. The terminal chat, the
Telegram bot, group case studies, the tests and the benchmark all drive this
one function, so the clinical behaviour is defined (and tested) in one place.

Safety rules live here: a danger sign — from a tapped option or words typed
at any point — ends the consultation with emergency advice, and the urgency of
an outcome is the highest of every matching pattern and every "not sure" floor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache

from bot.core import events, replies
from bot.core.conditions import compile_condition
from bot.core.conversation import FINISHED, Assessment, Conversation
from bot.core.machine import DialogMachine
from bot.core.matching import NOT_SURE_PHRASES, KeywordIndex, OptionIndex
from bot.core.model import END, NOT_SURE, Dialog, Option, Outcome, Urgency
from bot.core.replies import Notice, Reply

#: Translates an English source string into the user's language.
Gettext = Callable[[str], str]
Result = tuple[Conversation | None, list[Reply]]


def _identity(text: str) -> str:
    return text


class Engine:
    def __init__(self, dialog: Dialog, gettext_for: Callable[[str], Gettext] | None = None) -> None:
        self.dialog = dialog
        self.machine = DialogMachine(dialog)
        self._gettext_for = gettext_for or (lambda _language: _identity)
        self._conditions = {
            o.id: compile_condition(o.when) for o in dialog.outcomes if o.when is not None
        }
        self._options_index = lru_cache(maxsize=256)(self._build_options_index)
        self._danger_index = lru_cache(maxsize=16)(self._build_danger_index)
        # Many people give the same answers: each distinct set is assessed once.
        self._assess = lru_cache(maxsize=4096)(self._assess_uncached)

    # -- entry point -------------------------------------------------------

    def handle(
        self, conversation: Conversation | None, event: events.Event, language: str = "en"
    ) -> Result:
        """Apply `event`; return the new conversation (None: nothing stored) and replies."""
        if conversation is not None:
            conversation, notices = self._upgrade(conversation)
            if notices:
                return conversation, [*notices, *self._prompt(conversation)]
        match event:
            case events.Start(payload=payload):
                return self._start(conversation, payload)
            case events.Restart():
                fresh = self.new_conversation()
                return fresh, [replies.Say(Notice.RESTARTED), *self._prompt(fresh)]
            case events.Choose():
                return self._choose(conversation, event)
            case events.Say(text=text):
                return self._say(conversation, text, language)
            case events.Back():
                return self._back(conversation)
            case events.Why():
                if conversation is None or conversation.finished:
                    return conversation, [replies.Say(Notice.NOTHING_TO_EXPLAIN)]
                return conversation, [replies.Explain(conversation.state)]
            case events.Summary():
                if conversation is None or not conversation.history:
                    return conversation, [replies.Say(Notice.NO_ANSWERS_YET)]
                return conversation, [
                    replies.Recap(self._answered(conversation), conversation.assessment)
                ]
            case events.Learn(topic=topic):
                if topic and self.dialog.learn_topic(topic) is None:
                    return conversation, [replies.Say(Notice.UNKNOWN_TOPIC), replies.Teach()]
                return conversation, [replies.Teach(topic)]
        raise TypeError(f"unknown event {event!r}")  # pragma: no cover

    def new_conversation(self) -> Conversation:
        return Conversation(dialog_version=self.dialog.version, state=self.dialog.start)

    # -- events --------------------------------------------------------------

    def _start(self, conversation: Conversation | None, payload: str) -> Result:
        if payload.startswith("learn_"):
            return self.handle(conversation, events.Learn(payload.removeprefix("learn_")))
        if conversation is None or conversation.finished:
            fresh = self.new_conversation()
            return fresh, [replies.Say(Notice.WELCOME), *self._prompt(fresh)]
        return conversation, [replies.Say(Notice.WELCOME_BACK), *self._prompt(conversation)]

    def _choose(self, conversation: Conversation | None, event: events.Choose) -> Result:
        option = (
            None
            if conversation is None
            or conversation.finished
            or event.question != conversation.state
            or event.step != conversation.step
            else self._option(event.question, event.option)
        )
        if conversation is None or option is None:
            return conversation, [replies.Say(Notice.STALE_BUTTON)]
        return self._answer(conversation, option)

    def _option(self, question_id: str, option_id: str) -> Option | None:
        options = self.dialog.question(question_id).options
        return next((o for o in options if o.id == option_id), None)

    def _say(self, conversation: Conversation | None, text: str, language: str) -> Result:
        danger = self._danger_index(language).match(text)
        if danger is not None:
            current = conversation or self.new_conversation()
            return self._conclude_with_danger(current, danger)
        if conversation is None:
            return self._start(None, "")
        if conversation.finished:
            return conversation, [replies.Say(Notice.ALREADY_FINISHED)]
        matched = self._options_index(conversation.state, language).match(text)
        option = None if matched is None else self._option(conversation.state, matched)
        if option is None:
            return conversation, [replies.Say(Notice.NOT_UNDERSTOOD), *self._prompt(conversation)]
        return self._answer(conversation, option)

    def _back(self, conversation: Conversation | None) -> Result:
        if conversation is None or not conversation.history:
            prompt = self._prompt(conversation) if conversation else []
            return conversation, [replies.Say(Notice.NOTHING_TO_UNDO), *prompt]
        last = conversation.history[-1]
        answers = dict(conversation.answers)
        answers.pop(last, None)
        previous = replace(
            conversation,
            state=last,
            answers=answers,
            history=conversation.history[:-1],
            step=conversation.step + 1,
            assessment=None,
        )
        return previous, [replies.Say(Notice.WENT_BACK), *self._prompt(previous)]

    # -- moving through the dialog ---------------------------------------------

    def _answer(self, conversation: Conversation, option: Option) -> Result:
        """`option`, one of the current question's, was chosen."""
        question_id = conversation.state
        answers = {**conversation.answers, question_id: option.id}
        history = [*conversation.history, question_id]

        def answered(state: str, assessment: Assessment | None) -> Conversation:
            # Built directly, not with `dataclasses.replace`: this runs for every tap.
            version, step = conversation.dialog_version, conversation.step + 1
            return Conversation(version, state, answers, history, step, assessment)

        chosen = replies.Chosen(question_id, option.id, conversation.step)
        if option.danger is not None:
            at_danger = answered(question_id, conversation.assessment)
            concluded, out = self._conclude_with_danger(at_danger, option.danger)
            return concluded, [chosen, *out]
        following = self.machine.next_state(question_id, answers)
        if following != END:
            moved = answered(following, conversation.assessment)
            return moved, [chosen, *self._prompt(moved)]
        concluded = answered(FINISHED, self.assess(answers))
        return concluded, [chosen, self._conclusion(concluded)]

    def _conclude_with_danger(self, conversation: Conversation, danger_id: str) -> Result:
        sign = self.dialog.danger_sign(danger_id)
        assessment = Assessment(Urgency.EMERGENCY, (sign.outcome,), danger=danger_id)
        concluded = replace(
            conversation, state=FINISHED, assessment=assessment, step=conversation.step + 1
        )
        return concluded, [self._conclusion(concluded)]

    def assess(self, answers: dict[str, str]) -> Assessment:
        """Every outcome whose condition holds; the highest urgency wins."""
        return self._assess(tuple(answers.items()))

    def _assess_uncached(self, answer_items: tuple[tuple[str, str], ...]) -> Assessment:
        answers = dict(answer_items)
        context = self.machine.context(answers)
        matched: list[Outcome] = [
            o
            for o in self.dialog.outcomes
            if o.id in self._conditions and self._conditions[o.id](context)
        ]
        if not matched:
            matched = [self.dialog.outcome(self.dialog.fallback)]
        matched.sort(key=lambda o: o.urgency, reverse=True)
        urgency = matched[0].urgency
        floors: list[str] = []
        for question_id, option_id in answers.items():
            if not self.dialog.has_question(question_id):
                continue
            option = next(
                (o for o in self.dialog.question(question_id).options if o.id == option_id), None
            )
            if option is not None and option.floor is not None:
                floors.append(question_id)
                urgency = max(urgency, option.floor)
        return Assessment(Urgency(urgency), tuple(o.id for o in matched), tuple(floors))

    # -- helpers -------------------------------------------------------------

    def _conclusion(self, conversation: Conversation) -> replies.Conclude:
        assert conversation.assessment is not None
        return replies.Conclude(conversation.assessment, self._answered(conversation))

    def _answered(self, conversation: Conversation) -> tuple[tuple[str, str], ...]:
        return tuple(
            (qid, conversation.answers[qid])
            for qid in conversation.history
            if qid in conversation.answers
        )

    def _prompt(self, conversation: Conversation | None) -> list[Reply]:
        if conversation is None or conversation.finished:
            return []
        return [replies.Ask(conversation.state, conversation.step)]

    def _upgrade(self, conversation: Conversation) -> tuple[Conversation, list[Reply]]:
        """Carry a conversation over to the current dialog version (after a reload).

        The old answers are replayed through the new flow: where they still lead
        to the same question, nothing changes for the user; otherwise the
        conversation continues from the furthest question they still answer, and
        starts again only when none of them applies.
        """
        if conversation.dialog_version == self.dialog.version:
            return conversation, []
        if conversation.assessment is not None and conversation.assessment.danger is not None:
            sign = conversation.assessment.danger
            if any(d.id == sign for d in self.dialog.danger_signs):
                kept = self._replay(conversation, stop_at_end=False)
                return replace(kept, state=FINISHED, assessment=conversation.assessment), []
        replayed = self._replay(conversation)
        same_place = (
            replayed.state == conversation.state and replayed.history == conversation.history
        )
        if same_place or (conversation.finished and replayed.finished):
            return replace(replayed, step=conversation.step), []  # buttons on screen still work
        if replayed.history:
            return replayed, [replies.Say(Notice.DIALOG_UPDATED)]
        return self.new_conversation(), [replies.Say(Notice.DIALOG_CHANGED)]

    def _replay(self, conversation: Conversation, stop_at_end: bool = True) -> Conversation:
        """The old answers applied to the current flow, as far as they go."""
        state, answers, history = self.dialog.start, {}, []
        for _ in range(len(self.dialog.questions)):
            option_id = conversation.answers.get(state)
            if not self.dialog.has_question(state) or option_id is None:
                break
            option = next(
                (o for o in self.dialog.question(state).options if o.id == option_id), None
            )
            if option is None or (option.danger is not None and stop_at_end):
                break  # ask it again: the answer no longer exists, or now means danger
            answers[state] = option_id
            history.append(state)
            following = self.machine.next_state(state, answers)
            if following == END:
                if stop_at_end:
                    return Conversation(
                        self.dialog.version,
                        FINISHED,
                        answers,
                        history,
                        conversation.step + 1,
                        self.assess(answers),
                    )
                break
            state = following
        return Conversation(self.dialog.version, state, answers, history, conversation.step + 1)

    def _build_options_index(self, question_id: str, language: str) -> OptionIndex:
        _ = self._gettext_for(language)
        question = self.dialog.question(question_id)
        has_not_sure = any(o.id == NOT_SURE for o in question.options)
        return OptionIndex(
            (
                (
                    o.id,
                    _phrases((o.label, *o.synonyms), _),
                )
                for o in question.options
            ),
            NOT_SURE if has_not_sure else None,
            _phrases(NOT_SURE_PHRASES, _),
        )

    def _build_danger_index(self, language: str) -> KeywordIndex:
        _ = self._gettext_for(language)
        return KeywordIndex((d.id, _phrases(d.keywords, _)) for d in self.dialog.danger_signs)


def _phrases(sources: Sequence[str], _: Gettext) -> list[str]:
    """Each phrase in English and in the user's language."""
    out: list[str] = []
    for text in sources:
        out.append(text)
        translated = _(text)
        if translated != text:
            out.append(translated)
    return out
