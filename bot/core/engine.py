"""The consultation engine: `(conversation, event) -> (conversation, replies)`.

It knows nothing of Telegram, storage or wording. The terminal chat, the
Telegram bot, group case studies, the tests and the benchmark all drive this
one function, so the clinical behaviour is defined (and tested) in one place.

Safety rules live here: a danger sign — from a tapped option or words typed
at any point — ends the consultation with emergency advice, a sign mentioned
with doubt is asked about on its own, and the urgency of an outcome is the
highest of every matching pattern and every "not sure" floor.

Typed text goes through `understanding` first: a story may answer several
questions at once; those answers are noted in one line and their questions
skipped, but a choose-all question answered in part is asked with those ticked.
The danger screen is never skipped on the strength of silence.

Where the conversation goes next is the dialog's state machine's to say
(`machine`): every move is one of its triggers — `answer`, `danger`,
`possible_<sign>`, `resume`, `restart` — so the flow that runs is the flow
`spasmbot graph` draws. `back` and the carrying over of a conversation from an
older dialog version restore what was recorded, as `_back` and `_upgrade` say.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from bot.core import events, replies
from bot.core.conditions import compile_condition
from bot.core.conversation import FINISHED, SOMEONE_ELSE, Assessment, Conversation
from bot.core.machine import DialogMachine
from bot.core.matching import DONE_BUTTON, NOT_SURE_PHRASES, OptionIndex, normalize
from bot.core.model import (
    ALONE,
    DONE,
    JOIN,
    NOT_SURE,
    Answer,
    Dialog,
    Option,
    Outcome,
    Question,
    Urgency,
)
from bot.core.replies import Notice, Reply
from bot.core.understanding import CONCERN, Context, Lexicon, Reader, Understanding
from bot.i18n import N_

#: Up to this many days back, a time told alone at a danger check says the sign happened.
_RECENT_DAYS = 7
#: Translates an English source string into the user's language.
Gettext = Callable[[str], str]
Result = tuple[Conversation | None, list[Reply]]
#: `Conversation.details` key: symptoms told that the consultation does not cover.
CONCERNS = "concerns"
#: The medicines the person named, in `Conversation.details`.
MEDICINES = "medicines"
#: `Conversation.details` key: question → the danger signs a reply to it ruled out
#: before the question was answered ("no droop, speech fine": the others asked again).
RULED_OUT = "ruled_out"
#: `Conversation.details` key: the questions shown before the advice, when a fact told
#: after it sends the consultation back to a question: those are not asked again.
ASKED_BEFORE = "asked_before"
#: A reply this short that tells only a time says how long ("it's been like 4 months now").
TIME_ALONE_WORDS = 6
#: The question of where the twitch is: told by the first message, not put right in passing.
WHERE = "location"
#: The question of how the twitch has changed: told after the advice, it is a change since.
COURSE = "course"
#: Words by which a reply takes up what it quotes of the bot's message ("yes, this",
#: "this is happening now", "my face is doing that"), in English and the person's
#: language; a plain yes or no takes it up too. "ok, thanks" under the quoted "call the
#: emergency number if your face droops" takes up nothing: that is no sign told.
# TRANSLATORS: words, separated by commas (as many as your language needs), by which a
# patient replying to a line they quote of the bot's message says it is so for them ("yes,
# this", "this is happening now", "my face is doing that"); lower case, as people type.
# Leave out words of a mere "ok, thanks" ("that" in "thanks for that").
TAKING_UP = N_("this, these, exactly, the same, happening, doing that, have that, that's me")


def _line(text: str) -> str:
    """A line of text as compared with the bot's own: no bullet, case or spacing."""
    return " ".join(text.strip().lstrip("•·-*–—> ").casefold().split()).rstrip(" .?!:;")


def _identity(text: str) -> str:
    return text


class Engine:
    def __init__(
        self,
        dialog: Dialog,
        gettext_for: Callable[[str], Gettext] | None = None,
        lexicons: Mapping[str, Lexicon] | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.dialog = dialog
        #: The day, for the summary's dates and for "since Monday"; tests pass a fixed one.
        self._today = today
        self.machine = DialogMachine(dialog)
        self._gettext_for = gettext_for or (lambda _language: _identity)
        self._lexicons = dict(lexicons or {})
        self._conditions = {
            o.id: compile_condition(o.when) for o in dialog.outcomes if o.when is not None
        }
        self._leads = {
            o.id: compile_condition(o.leads_when)
            for o in dialog.outcomes
            if o.leads_when is not None
        }
        #: Questions that are only ever answered on screen, never from a story.
        self._asked_only = {dialog.start} | {d.check for d in dialog.danger_signs if d.check}
        self._options_index = lru_cache(maxsize=256)(self._build_options_index)
        self.reader = lru_cache(maxsize=16)(self._build_reader)
        # Many people give the same answers: each distinct set is assessed once.
        self._assess = lru_cache(maxsize=4096)(self._assess_uncached)

    # -- entry point -------------------------------------------------------

    def on(self, day: date) -> Engine:
        """This engine with its day fixed: stories read "since the 2nd" the same any day."""
        fixed = copy.copy(self)
        fixed._today = lambda: day
        return fixed

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
                fresh = self._restarted(conversation)
                return fresh, [replies.Notify(Notice.RESTARTED), *self._prompt(fresh)]
            case events.Choose():
                return self._choose(conversation, event)
            case events.Toggle():
                return self._toggle(conversation, event)
            case events.Typed(text=text, edited=edited, quoted=quoted):
                said = self._with_the_quote(text, quoted, language)
                return self._say(conversation, said, language, edited)
            case events.Back():
                return self._back(conversation)
            case events.Why():
                if conversation is not None and conversation.assessment is not None:
                    # After the outcome: the answers that led to this advice.
                    reasons = replies.Reasons(
                        conversation.assessment,
                        self._answered(conversation),
                        conversation.for_someone_else,
                    )
                    return conversation, [reasons]
                if conversation is None or conversation.finished:
                    return conversation, [replies.Notify(Notice.NOTHING_TO_EXPLAIN)]
                return conversation, [replies.Explain(conversation.state)]
            case events.Summary():
                if conversation is None:
                    return conversation, [replies.Notify(Notice.NO_ANSWERS_YET)]
                if not (
                    conversation.answers
                    or conversation.dangers
                    or conversation.assessment
                    or conversation.details
                ):
                    # Begun, nothing answered: "send /start to begin" was untrue, and
                    # the question it stands at had scrolled away behind the notice.
                    notice = replies.Notify(Notice.NOTHING_ANSWERED_YET)
                    return conversation, [notice, *self._prompt(conversation)]
                return conversation, [self._recap(conversation)]
            case events.Learn(topic=topic):
                if topic and self.dialog.learn_topic(topic) is None:
                    return conversation, [replies.Notify(Notice.UNKNOWN_TOPIC), replies.Teach()]
                return conversation, [replies.Teach(topic)]
        raise TypeError(f"unknown event {event!r}")  # pragma: no cover

    def warm_up(self) -> None:
        """Build every language's reader now, not during someone's first typed message
        (a message is read in each language: about 0.15 s on the first one)."""
        for language in self._lexicons:
            self.reader(language)

    def new_conversation(self) -> Conversation:
        return Conversation(
            dialog_version=self.dialog.version,
            state=self.machine.initial,
            started=self._today().isoformat(),
        )

    def _restarted(self, conversation: Conversation | None) -> Conversation:
        """A new consultation; one under way is taken back to the start by `restart`.

        Its steps go on from the old one's: the old consultation's buttons still on
        screen (its first question, the one open at /restart) carry steps already
        passed, so a tap on them changes nothing, as on any old keyboard."""
        fresh = self.new_conversation()
        if conversation is None:
            return fresh
        state = self.machine.restart(conversation.state)
        step = conversation.step + 1
        return replace(fresh, state=state, step=step, began_at=step)

    # -- events --------------------------------------------------------------

    def _start(self, conversation: Conversation | None, payload: str) -> Result:
        if payload.startswith("learn_"):
            return self.handle(conversation, events.Learn(payload.removeprefix("learn_")))
        if conversation is None or conversation.finished:
            fresh = self._restarted(conversation)
            return fresh, [replies.Notify(Notice.WELCOME), *self._prompt(fresh)]
        # nothing answered yet: there is nothing to come back to ("/start" twice)
        greeting = Notice.WELCOME_BACK if conversation.answers else Notice.WELCOME
        return conversation, [replies.Notify(greeting), *self._prompt(conversation)]

    def _choose(self, conversation: Conversation | None, event: events.Choose) -> Result:
        """A tap, or a case study's vote: one answer ("caffeine+sleep" for several)."""
        late = self._danger_tapped_late(conversation, event)
        if late is not None:
            return late
        options = (
            []
            if conversation is None
            or conversation.finished
            or event.question != conversation.state
            or event.step != conversation.step
            else self._options(event.question, event.option.split(JOIN))
        )
        if conversation is None or not options:
            return conversation, [replies.Notify(Notice.STALE_BUTTON)]
        return self._answer(conversation, options)

    def _toggle(self, conversation: Conversation | None, event: events.Toggle) -> Result:
        """A tap on a choose-all-that-apply question: tick or untick, or Done."""
        current = (
            None
            if conversation is None
            or conversation.finished
            or event.question != conversation.state
            or event.step != conversation.step
            or not self.dialog.question(event.question).multiple
            else conversation
        )
        if current is None:
            late = self._danger_tapped_late(conversation, event)
            return late or (conversation, [replies.Notify(Notice.STALE_BUTTON)])
        if event.option == DONE:
            ticked_options = self._options(current.state, current.picked)
            if not ticked_options:
                return current, [replies.Notify(Notice.PICK_ONE), *self._prompt(current)]
            return self._answer(current, ticked_options)
        option = self._option(current.state, event.option)
        if option is None:
            return current, [replies.Notify(Notice.STALE_BUTTON)]
        if option.id in ALONE or option.danger is not None:
            return self._answer(current, [option])  # "none of these" goes alone, at once
        picked = [p for p in current.picked if p != option.id]
        if len(picked) == len(current.picked):
            picked.append(option.id)
        ticked = replace(current, picked=picked)
        ask = replies.Ask(
            ticked.state,
            ticked.step,
            tuple(picked),
            edit=True,
            for_someone_else=ticked.for_someone_else,
        )
        return ticked, [ask]

    def _danger_tapped_late(
        self, conversation: Conversation | None, event: events.Choose | events.Toggle
    ) -> Result | None:
        """A danger sign's answer tapped on a safety check answered before ("Face, arm,
        speech or sight" under a check answered "None of these", now or after the
        advice): the sign told now, and its emergency advice at once, as typing it would
        give. A change of mind on a danger question was only refused with "already
        answered" (Telegram review 60). A button of a consultation before /restart
        answers nothing of this one."""
        if (
            conversation is None
            or event.question not in conversation.answers
            or event.step < conversation.began_at
            or (event.question == conversation.state and not conversation.finished)
        ):
            return None
        option = self._option(event.question, event.option)
        if option is None or option.danger is None:
            return None
        return self._conclude_with_danger(conversation, [option.danger])

    def _without_the_question(self, text: str, question_id: str, language: str) -> str:
        """The message without the bot's own questions pasted back into it — the one on
        screen, or a safety check answered before, with the "→ answer" line under it as the
        chat shows it: the safety check's list copied whole tells none of its signs (it was
        read as the person telling them all). One line copied is kept: it picks that line."""
        _ = self._gettext_for(language)
        asked = {
            _line(line)
            for question in self.dialog.questions
            if question.id == question_id or question.signs
            for wording in (question.text, question.for_someone_else)
            if wording
            for line in _(wording).splitlines()
        } - {""}
        lines = text.splitlines()
        pasted = [n for n, line in enumerate(lines) if _line(line) in asked]
        if len(pasted) < 2:
            return text
        answered = {n for n in range(pasted[-1] + 1, len(lines)) if lines[n].strip()[:1] == "→"}
        return "\n".join(
            line for n, line in enumerate(lines) if n not in pasted and n not in answered
        )

    def _says_done(self, text: str, language: str) -> bool:
        """Whether `text` is the Done button's words typed ("done", "готово", "listo"), or
        another whole reply that means it (`Lexicon.done`: "that's all", "это всё")."""
        button = {DONE_BUTTON, self._gettext_for(language)(DONE_BUTTON)}
        return normalize(text) in {normalize(label) for label in button} or self._says(
            text, language, "done"
        )

    def _says(
        self, text: str, language: str, words: Literal["done", "thanks", "greetings"]
    ) -> bool:
        """Whether `text`, whole, is one of the lexicon's `words` replies."""
        lexicon = self._lexicons.get(language)
        phrases: list[str] = getattr(lexicon, words) if lexicon else []
        typed = normalize(text)
        return bool(typed) and typed in {normalize(p) for p in phrases}

    def _emoji_as_words(self, text: str, language: str) -> str:
        """A reply of emoji alone as the words they stand for (`Lexicon.emoji`: a shrug is
        "not sure", a thumbs up "ok"); any other text as typed."""
        lexicon = self._lexicons.get(language)
        if lexicon is None or not lexicon.emoji or any(ch.isalnum() for ch in text):
            return text
        said = [lexicon.emoji[ch] for ch in text if ch in lexicon.emoji]
        return " ".join(dict.fromkeys(said)) if said else text

    def _told_before(self, conversation: Conversation, understood: Understanding) -> bool:
        """Whether everything a reply names is noted already ("es breitet sich langsam
        aus" once a slow spread is noted): no new answer, and nothing misunderstood. A
        plain "none of these" names nothing told: typed at a question it does not fit,
        it is not understood, not "noted already" (it fits the safety check answered)."""
        named = {
            question: [
                option
                for option in self._named(self.dialog.question(question), understood)
                if not self._denies(question, option)
            ]
            for question in understood.answers
            if self.dialog.has_question(question)
        }
        return any(named.values()) and all(
            set(options) <= set(conversation.answers.get(question, "").split(JOIN))
            for question, options in named.items()
        )

    def _denies(self, question_id: str, option_id: str) -> bool:
        """Whether an option is a plain no ("None of these", "No")."""
        option = self._option(question_id, option_id)
        return option is not None and option.means == "no"

    def _option(self, question_id: str, option_id: str) -> Option | None:
        options = self.dialog.question(question_id).options
        return next((o for o in options if o.id == option_id), None)

    def _options(self, question_id: str, option_ids: Sequence[str]) -> list[Option]:
        """The options named, in the question's order; none if one is unknown or the
        question takes only one of them."""
        question = self.dialog.question(question_id)
        wanted = set(option_ids)
        options = [o for o in question.options if o.id in wanted]
        if len(options) != len(wanted) or (len(options) > 1 and not question.multiple):
            return []
        if len(options) > 1 and any(o.id in ALONE for o in options):
            return [o for o in options if o.id not in ALONE]  # "coffee, none of these": coffee
        return options

    def _with_the_quote(self, text: str, quoted: str, language: str) -> str:
        """`text` with what it quotes of the bot's message, in quotation marks, when the
        person's words take the quote up: "yes, this one" or "no, not this" quoting a sign
        of the safety check answers for that sign. Otherwise the bot's words quoted are
        not the person's: "ok, thanks" quoting the advice's warning line is no emergency."""
        if not quoted.strip() or self._says(text, language, "thanks"):
            return text  # "alles klar" is a "yes" elsewhere, here only thanks
        _ = self._gettext_for(language)
        words = {normalize(w) for phrases in (TAKING_UP, _(TAKING_UP)) for w in phrases.split(",")}
        typed = f" {normalize(text)} "
        pointed = any(f" {w} " in typed for w in words - {""})
        if not pointed and self.read(text, language).polarity is None:
            return text
        return f"“{quoted}” {text}"

    def _say(
        self, conversation: Conversation | None, text: str, language: str, edited: bool = False
    ) -> Result:
        current = conversation or self.new_conversation()
        text = self._emoji_as_words(text, language)
        if conversation is not None and not conversation.finished and not edited:
            if text.strip() and not text.strip(" ?¿"):
                # a lone "?": the question was not understood; say why it is asked
                return current, [replies.Explain(current.state), *self._prompt(current)]
            # An answer's own words ("Face is weak or drooping", "2") are that answer, as
            # a tap would be; the dialog asks what that answer needs to know next.
            exact = self._exact(current.state, text, language)
            unsure = text.rstrip().endswith("?") and self.dialog.question(current.state).signs
            if exact and not unsure:  # "no?" to a danger check is not a clear no
                return self._answer(current, exact)
            acknowledged = not current.picked and self._says(text, language, "thanks")
            if self._says_done(text, language) and not acknowledged:
                # "that's all" keeps what is ticked; with nothing ticked it is "None of these"
                # ("ok" then only acknowledges)
                done = self._options(current.state, current.picked or ["none"])
                if done and self.dialog.question(current.state).multiple:
                    return self._answer(current, done)
        # A first message is typed before any question is shown.
        on_screen = None if current.finished or conversation is None else current.state
        if on_screen is not None:
            text = self._without_the_question(text, on_screen, language)
            if not text.strip():  # the question pasted back, and nothing else
                return current, [replies.Notify(Notice.NOT_UNDERSTOOD), *self._prompt(current)]
        understood = self._without_what_concerns_rule_out(
            self._of_subject(current, self.read(text, language, on_screen))
        )
        understood = self._without_a_numb_face_noted(current, understood)
        if on_screen is not None and len(self.dialog.question(on_screen).signs) > 1:
            # the safety screen's signs named by their places ("la quinta, nada de eso"
            # names "none", no sign)
            signs = {o.id for o in self.dialog.question(on_screen).options if o.danger}
            places = self._options_index(on_screen, language).named_places(text)
            understood = replace(understood, places=tuple(p for p in places if p in signs))
        # A symptom the consultation does not cover ("and my chest hurts") is named back
        # first, with where to turn, whatever else the message answers, and noted for the
        # advice at the end (an emergency told with it gives that advice at once).
        noted = current.details.get(CONCERNS, [])
        told = tuple(c for c in understood.concerns if c not in noted)
        if told:
            current = replace(current, details={**current.details, CONCERNS: [*noted, *told]})
        after, out = self._reply_to(conversation, current, understood, text, language, edited)
        # someone else's ("my wife has chest pain") is named back each time, never noted
        said = (*told, *understood.others_concerns)
        if said and not (told and any(isinstance(r, replies.Conclude) for r in out)):
            out = [replies.Concerns(said), *out]
        return after, out

    def _reply_to(
        self,
        conversation: Conversation | None,
        current: Conversation,
        understood: Understanding,
        text: str,
        language: str,
        edited: bool,
    ) -> Result:
        """What a typed message that is not an answer's own words does: `current` is
        `conversation`, or a new one for a first message."""
        current = self._note_writer(current, understood)
        affirmed = self._signs(understood, Context.AFFIRMED)
        if affirmed and self._emergency_told_before(current, affirmed):
            # the same sign told again after its emergency advice (a message edited a
            # second time, "I said my face droops"): that advice in short, not all again
            return current, [replies.InShort(self._conclusion(current))]
        if affirmed:
            if not current.finished:
                # what else it tells shapes the advice: a child's age, a medicine begun
                _noted, current = self._fill(current, understood, current.state)
            return self._conclude_with_danger(self._record(current, understood), affirmed)
        # A sign told with doubt is asked about alone, unless that is the question on screen;
        # after the advice too ("actually my wife said my mouth looked droopy"): GUIDANCE.
        possible = [
            s
            for s in self._signs(understood, Context.POSSIBLE)
            if self._check_of(s) not in (None, current.state)
        ]
        if possible and current.finished and not edited:
            return self._check_possible(self._record(current, understood), possible[0])
        if current.finished and self._takes_back_the_danger(current, understood):
            # "sorry, typo, I meant my arm is NOT numb": the emergency advice stands, and
            # /restart is the way to start again (clinical review 33: it said only "This
            # consultation is finished")
            return current, [replies.Notify(Notice.DANGER_STANDS)]
        if current.finished and not self._signs(understood, Context.OTHER_PERSON):
            put_right = self._put_right_after_the_advice(current, understood)
            if put_right is None and current.assessment is not None:
                return current, [replies.InShort(self._conclusion(current))]
            return put_right or (current, [replies.Notify(Notice.ALREADY_FINISHED)])
        if conversation is None and understood.empty:
            return self._start(None, "")
        if possible and current.resume is None:
            # what else the message tells is noted first: "thyroid out 3 weeks ago, lips
            # tingle, hands cramp" keeps the surgery and the cramps past the check
            noted, filled = self._fill(current, understood, current.state)
            if conversation is not None:
                noted, filled = self._note_the_reply(filled, understood, noted)
            asking, out = self._check_possible(self._record(filled, understood), possible[0])
            return asking, [*([noted] if noted else []), *out]
        # Emergency signs in someone else ("my dad is slurring"): not the user's own
        # emergency (recorded, not acted on: GUIDANCE), but what to do for them comes
        # first, and whatever else the message says about the user still counts.
        warning: list[replies.Reply] = []
        if self._signs(understood, Context.OTHER_PERSON):
            # an edit too: "his face droops and he slurs", put into an earlier message
            current = self._record(current, understood) if not edited else current
            warning = [replies.Notify(Notice.SOMEONE_ELSE_IN_DANGER)]
            if current.finished:
                return current, warning
        if edited:  # read for danger above; otherwise an edit does not change an answer
            edit_notice = replies.Notify(Notice.EDIT_NOT_AN_ANSWER)
            # but a symptom outside the consultation it adds is kept, as a typed one is:
            # named back once, at the top of the advice and in /summary
            kept = self._with_concerns(conversation, current.details.get(CONCERNS))
            return kept, [*warning, edit_notice, *self._prompt(kept)]
        current = self._record_past(current, understood)
        question = self.dialog.question(current.state)
        understood = self._with_ruled_out(current, question, understood)
        options = self._reply_options(current, question, understood, first=conversation is None)
        if not options:
            current = self._note_ruled_out(current, question, understood)
        noted, filled = self._fill(current, understood, question.id, correcting=not options)
        if not options:  # else the reply answers the question on screen, on its path
            filled = self._rerouted(current, filled)
        greeting = [replies.Notify(Notice.WELCOME)] if conversation is None else []
        if not options:
            if (
                noted is None
                and understood.asks_meaning
                and not understood.tells_fear  # "I'm scared, I don't know what's happening"
                and not warning
                and conversation
            ):
                # "what does that mean?": why this question is asked, in plain words
                return current, [replies.Explain(current.state), *self._prompt(current)]
            if noted is None and conversation is None:
                return current, [*greeting, *warning, *self._prompt(current)]  # nothing asked yet
            if noted is None:
                # A question of theirs is not an answer, nor something not understood.
                notice = self._unanswered(current, question, understood, text, language)
                said = warning or [replies.Notify(notice)]
                return current, [*greeting, *said, *self._prompt(current)]
            moved = replace(filled, step=filled.step + 1)
            again = self._asked_again(question, understood)
            if conversation is None and again is Notice.CLEAR_ANSWER:
                again = None  # no reply to the safety check was given: it was not shown yet
            also = [replies.Notify(again)] if again else []
            return moved, [*greeting, *warning, noted, *also, *self._prompt(moved)]
        if options[0].id == "both":
            filled = replace(filled, details=_details(filled.details, understood, [question.id]))
        # "not sure, my husband says I talked strangely": the sign asked about, told with
        # doubt in the reply itself, is a sign the person mentioned.
        mentioned = options[0].id == NOT_SURE and any(
            understood.dangers.get(s) is Context.POSSIBLE for s in question.signs
        )
        if mentioned:
            filled = self._record(filled, understood)
        denied = understood.denied.get(question.id, ())
        if question.multiple and denied:
            # "sorry, it's not water tablets, it's omeprazol": the denied tick comes off
            filled = replace(filled, picked=[p for p in filled.picked if p not in denied])
        answered, out = self._answer(filled, options, mentioned=mentioned)
        if noted is not None:  # after the echo of the answer, before the next question
            at = 1 if out and isinstance(out[0], replies.Chosen) else 0
            out = [*out[:at], noted, *out[at:]]
        return answered, [*greeting, *warning, *out]

    def _unanswered(
        self,
        conversation: Conversation,
        question: Question,
        understood: Understanding,
        text: str,
        language: str,
    ) -> Notice:
        """What to say to a reply that answers nothing on screen and notes nothing, before
        the question comes again: the first that fits, kindest first."""
        if understood.tells_fear and not understood.asked:
            return Notice.FEAR_HEARD  # "I'm really scared, I don't know what's happening"
        if question.signs and understood.yes_of_the_past:
            return Notice.SINCE_IT_BEGAN  # "yes, years ago", «да, лет десять назад»
        if again := self._asked_again(question, understood):
            return again
        if understood.asked:
            return Notice.ANSWERED_AT_THE_END  # a question of theirs is not an answer
        if self._told_before(conversation, understood):
            return Notice.ALREADY_NOTED
        if self._says(text, language, "thanks"):
            return Notice.ACKNOWLEDGED
        if self._says(text, language, "greetings"):
            return Notice.GREETED  # "hi", "help": clinical round 73
        if question.signs and understood.duration_days is not None:
            # "it started about 3 weeks ago" at the safety check: understood, but not an
            # answer to it (a time there may be how long a sign lasted)
            return Notice.SAFETY_FIRST
        if understood.tells_complaint:
            return Notice.COMPLAINT_HEARD  # "my face twitches": nothing this question asks
        return Notice.NOT_UNDERSTOOD

    def _note_the_reply(
        self, conversation: Conversation, understood: Understanding, noted: replies.Noted | None
    ) -> tuple[replies.Noted | None, Conversation]:
        """What a reply answers on screen, when a sign in it is asked about first: noted, so
        that the question comes back with it ticked, or is passed as answered. «руки сводит,
        и вокруг рта покалывает» at the body question was lost after the breathing check's
        "no", and typed again asked the check again, round and round."""
        question = self.dialog.question(conversation.state)
        if question.signs:
            return noted, conversation  # a danger question is answered by the check
        options = self._reply_options(conversation, question, understood, first=False)
        # the doubt of "maybe my speech slurs" is the sign's, not "not sure" here
        if not options or any(o.danger or o.id in ALONE for o in options):
            return noted, conversation
        ids = [o.id for o in options]
        if question.multiple:
            ids = list(dict.fromkeys([*conversation.picked, *ids]))
        answers = {**conversation.answers, question.id: JOIN.join(ids)}
        shown = tuple((question.id, i) for i in ids)
        echo = (
            replace(noted, answers=(*noted.answers, *shown))
            if noted
            else replies.Noted(shown, for_someone_else=conversation.for_someone_else)
        )
        return echo, replace(conversation, answers=answers)

    # -- understanding typed text ----------------------------------------------

    def _reply_options(
        self, current: Conversation, question: Question, understood: Understanding, first: bool
    ) -> list[Option]:
        """The answer a typed message gives to the question on screen, if it gives one.

        Beyond what the message names (`typed_answer`): a "yes, that's right" confirms
        what is ticked; a first message answers a safety check it has not seen only by
        ruling out every sign; a don't-know that asks what a word means is no "not
        sure"; a "no" that corrects something noted before ("нет, правый глаз") answers
        nothing here, but a yes to a danger sign is never dropped.
        """
        options = self.typed_answer(question, understood)
        confirms = understood.polarity == "yes" and not understood.answers
        if not options and current.picked and confirms:
            options = self._options(question.id, current.picked)  # "yes, that's right"
        if first and not (question.signs and all(self._denied(question, understood))):
            return []  # "nope, just my eyelid", "not sure what this is"
        if understood.asks_meaning and [o.id for o in options] == [NOT_SURE]:
            return []  # "weiß nicht, was meinen Sie mit Drang?"
        if (
            question.signs
            and understood.asks_meaning
            and options
            and all(o.means == "no" for o in options)
            and question.id not in understood.answers
        ):
            # «нет, стоп, а что значит онемение?» at a danger check is no clear no: its
            # meaning is shown and the check asked again (language round 66); "none of
            # those, why are you asking about strokes?" names its answer
            return []
        yes_to_a_sign = bool(question.signs) and any(o.danger or o.means == "yes" for o in options)
        if (
            options
            and not yes_to_a_sign  # "yes, my daughter said I was talking nonsense"
            and self._corrects(current, understood)
            and not self._choice(question, understood)
        ):
            return []
        return options

    def _signs(self, understood: Understanding, context: Context) -> list[str]:
        """Danger signs read with `context`, in the dialog's order."""
        return [d.id for d in self.dialog.danger_signs if understood.dangers.get(d.id) is context]

    def _check_of(self, sign: str) -> str | None:
        return self.dialog.danger_sign(sign).check

    def _of_subject(self, conversation: Conversation, understood: Understanding) -> Understanding:
        """A carer's message about the person the consultation is for: their signs are
        the consultation's own ("my mum's face has gone droopy on one side" as the first
        message, or told with "who is this about?" on screen). Once questions have been
        answered, another person's signs stay theirs ("my dad is slurring" in the
        middle of one's own consultation): what to do for them comes first; but a carer
        who writes for someone (`SOMEONE_ELSE`) speaks of them all along ("jaaa, sein
        Mund hängt" at the stroke question)."""
        carer = conversation.for_someone_else
        about_them = (understood.about_subject or carer) and not conversation.finished
        own_consultation = (
            about_them
            and conversation.answers
            and not carer  # a carer's "yes, his mouth droops" at a check is the subject's
            and not self.dialog.question(conversation.state).subject
        )
        names_the_subject = any(self.dialog.question(q).subject for q in understood.answers)
        if own_consultation and understood.others_answers and not names_the_subject:
            # "no, but my mum has MS" at "diagnosed with?": the mother's, not an answer
            # ("a mi hijo le tiembla el ojo", which says whom it is about, keeps its eye)
            answers = {
                q: kept
                for q, options in understood.answers.items()
                if (kept := tuple(o for o in options if (q, o) not in understood.others_answers))
            }
            understood = replace(understood, answers=answers)
        if not about_them or own_consultation:
            return understood
        own: dict[str, Context] = {
            sign: Context.AFFIRMED
            if context is Context.OTHER_PERSON and sign not in understood.relatives_signs
            else context
            for sign, context in understood.dangers.items()
        }
        # a carer's "a mi padre sí le pasó, a mí no": the yes is of the one written for
        polarity = (
            understood.others_polarity
            if carer and understood.polarity_of_writer
            else understood.polarity
        )
        return replace(understood, dangers=own, polarity=polarity)

    def _note_writer(self, conversation: Conversation, understood: Understanding) -> Conversation:
        """Note that the person typing writes for someone else ("My mum is 84 and …"):
        the advice is theirs, and the answer says so. Told before questions are answered,
        or with "who is this about?" on screen."""
        if (
            not understood.for_someone_else
            or conversation.finished
            or conversation.for_someone_else
        ):
            return conversation
        if conversation.answers and not self.dialog.question(conversation.state).subject:
            return conversation  # "my dad is slurring" midway: their emergency, not the subject
        return replace(conversation, details={**conversation.details, SOMEONE_ELSE: True})

    def _record(self, conversation: Conversation, understood: Understanding) -> Conversation:
        """Keep every danger sign the message mentioned, with how it was meant."""
        if not understood.dangers:
            return conversation
        dangers = dict(conversation.dangers)
        for sign, context in understood.dangers.items():
            if context is Context.NEGATED:
                continue
            # An affirmed or possible report is never replaced by a weaker reading.
            if dangers.get(sign) not in (Context.AFFIRMED.value, Context.POSSIBLE.value):
                dangers[sign] = context.value
        return replace(conversation, dangers=dangers)

    def _record_past(self, conversation: Conversation, understood: Understanding) -> Conversation:
        """A sign told as past ("a mini-stroke 5 years ago, fully recovered") is recorded,
        not acted on (GUIDANCE): the summary lists it for the doctor."""
        past: dict[str, Context] = {
            s: c for s, c in understood.dangers.items() if c is Context.HISTORICAL
        }
        return (
            self._record(conversation, replace(understood, dangers=past)) if past else conversation
        )

    def _check_possible(self, conversation: Conversation, sign: str) -> Result:
        """A sign mentioned with doubt: ask about it alone before anything else."""
        asking = replace(
            conversation,
            state=self.machine.possible(sign, conversation.state),
            resume=conversation.state,
            step=conversation.step + 1,
        )
        return asking, [replies.Notify(Notice.POSSIBLE_DANGER), *self._prompt(asking)]

    def read(self, text: str, language: str, on_screen: str | None = None) -> Understanding:
        """What a message says, read in the language it is written in.

        People type in the language they think in, whatever their app's language (many
        type English): another language's reading is taken when its lexicon clearly
        knows more of the message's words than the app language's does: two words more
        (a whole English story in a Spanish app), or at least half the words where the
        app's language knows none ("nein"). English is tried first.
        """
        today = self._today()
        own = self.reader(language).understand(text, on_screen, today)
        best = own
        for other in sorted(self._lexicons, key=lambda lang: lang != "en"):
            if other == language:
                continue
            reading = self.reader(other).understand(text, on_screen, today)
            clearly = reading.known_words >= own.known_words + 2 or (
                own.known_words == 0 and 2 * reading.known_words >= reading.words
            )
            if clearly and reading.known_words > best.known_words:
                best = reading
        return best

    def typed_answer(self, question: Question, understood: Understanding) -> list[Option]:
        """The answer a message gives to `question` (several where it takes several). At a
        safety question, a reply that names signs by their places is never "none of
        these" ("la primera, las demás no", "2 no, 4 neither"): it is asked again; nor is
        a yes told of long ago a yes ("yes, years ago": the time since the twitch began is
        asked about)."""
        answer = self._typed_answer(question, understood)
        if self._picks_signs(question, understood) and all(o.means == "no" for o in answer):
            return []
        if question.signs and understood.yes_of_the_past and any(o.means == "yes" for o in answer):
            return []
        return answer

    @staticmethod
    def _picks_signs(question: Question, understood: Understanding) -> bool:
        """Whether a reply to the safety screen (several signs) names one of its signs by
        the option's place or words, even to deny it ("la primera, las demás no", "arm no leg yes"):
        then it is no "none of these"."""
        denied = set(understood.denied.get(question.id, ()))
        return len(question.signs) > 1 and (
            bool(understood.places)
            or any(o.danger is not None and o.id in denied for o in question.options)
        )

    def _typed_answer(self, question: Question, understood: Understanding) -> list[Option]:
        chosen = self._choice(question, understood)
        if not chosen and NOT_SURE in understood.answers.get(question.id, ()):
            # "no mucho", "no del todo" at a danger check: words that mean "not sure" to
            # the question on screen (`Lexicon.answers`), though they open with a no
            chosen = self._options(question.id, [NOT_SURE])
        if chosen and self._contradicted(question, understood, chosen):
            return []  # "no, bueno, un poquito la mano": asked again for a clear answer
        if (
            chosen
            and all(o.means == "no" for o in chosen)
            and any(o.id == NOT_SURE for o in question.options)
            and self._doubted(question, understood)
        ):
            # "breathing is fine but maybe a bit hard to swallow", «ничего такого,
            # наверное»: a no that leaves a sign in doubt, or is itself said with doubt,
            # is not sure, which never lowers the urgency
            return self._options(question.id, [NOT_SURE])
        if chosen and all(o.tells_apart for o in chosen):
            # "not sure it was one of my usual seizures": doubt about what tells a sign
            # apart from its like leaves the sign in doubt. Told for sure, it is asked
            # again, to be tapped: "my usual one, it went on for 10 minutes" cannot be
            # told from under 5 minutes in words, and the answer lowers the urgency.
            if understood.not_sure or understood.hedged:
                return self._options(question.id, [NOT_SURE])
            return []
        if chosen and not (question.signs and all(self._denied(question, understood))):
            return chosen  # ... but "un poco de hormigueo, respiro bien" rules the sign out
        yes_or_no = any(o.means == "yes" for o in question.options)
        # "yes, maybe for 5 minutes": the doubt is about how long, and the yes stands
        hedged_time = understood.not_sure_hedges and understood.polarity == "yes"
        if (
            understood.not_sure
            and not hedged_time
            and (question.signs or yes_or_no or not understood.not_sure_hedges)
        ):
            # "empezó a los 7 más o menos" hedges the age it tells, not this question; a
            # yes-or-no question is answered by "maybe …" ("kann sein, dass die Dosis…"),
            # and at a danger question any doubt counts (it never lowers the urgency)
            return self._options(question.id, [NOT_SURE])
        polarity = understood.polarity
        told = bool(understood.answers) or understood.duration_days is not None
        named = any(s in understood.dangers for s in question.signs)
        if (
            question.signs
            and polarity == "no"
            and told
            and not (understood.polarity_opens or named)
        ):
            # A story's "it doesn't hurt" denies something else: it is no answer to the
            # danger signs, which are asked again (GUIDANCE: danger questions first).
            # "Fainted once years ago, nothing since" does speak of the sign asked about.
            polarity = None
        if (
            polarity is None
            and yes_or_no
            and question.signs
            and understood.duration_days is not None
            and understood.duration_days <= _RECENT_DAYS
            and not (understood.answers or understood.dangers or understood.denied)
            and not (understood.not_sure or understood.hedged or understood.concerns)
        ):
            # "yesterday for 10 minutes, gone now", «вчера минут 10, сейчас прошло» at a
            # danger check: when it happened, told alone, is a yes (GUIDANCE: even if it
            # passed); a time further back is asked again, as before
            polarity = "yes"
        if polarity is None and question.id in understood.denied:
            polarity = "no"  # "my eye doesn't close" answers "does your eye close?"
        denied = self._denied(question, understood)
        if question.signs and all(denied):
            polarity = "no"  # "my face isn't drooping" answers "has your face drooped?"
        elif any(denied):
            # "no droop or slurring, just my eyelid" rules out some of the signs asked
            # about, not all: the others are asked again, never taken as denied too.
            return []
        if polarity != "yes" and self._doubted(question, understood):
            # "I don't think so", "yes?", "I think I passed out": a danger sign neither
            # ruled out nor confirmed; asked again, for yes, no or not sure.
            return []
        if polarity == "no" and any(
            understood.dangers.get(s) is Context.AFFIRMED for s in question.signs
        ):
            # "no droop but my speech is a bit slurred", "nope. actually wait, my speech
            # was slurred": the no is of what the reply denies first; the sign it tells
            # answers (the emergency), never "no" or "none of these" on the record
            return []
        if polarity is not None:
            return [o for o in question.options if o.means == polarity][:1]
        return []

    def _asked_again(self, question: Question, understood: Understanding) -> Notice | None:
        """Why a reply that named danger signs does not answer `question`, if it did."""
        chosen = self._choice(question, understood)
        # A story's "he says he feels an urge first" is no doubtful reply to the check:
        # the check is asked again without a word about it.
        story = bool(understood.answers) and understood.polarity is None
        possible = any(understood.dangers.get(s) is Context.POSSIBLE for s in question.signs)
        doubted = self._doubted(question, understood) and (possible or not story)
        if doubted or (chosen and self._contradicted(question, understood, chosen)):
            return Notice.CLEAR_ANSWER
        if self._picks_signs(question, understood) or (
            chosen and all(o.tells_apart for o in chosen)
        ):
            return Notice.CLEAR_ANSWER  # "la primera, las demás no"; "my usual one"
        if any(self._denied(question, understood)):
            return Notice.OTHER_SIGNS_TOO
        return None

    @staticmethod
    def _with_ruled_out(
        conversation: Conversation, question: Question, understood: Understanding
    ) -> Understanding:
        """Signs ruled out in an earlier reply to this question count with this one: "no
        droop, speech is fine", then "no fits either, breathing is fine" rule out every
        sign of the safety check, which is not asked a third time."""
        earlier = conversation.details.get(RULED_OUT, {}).get(question.id, [])
        if not earlier:
            return understood
        # "no, none of the others either": a plain no, after some signs were ruled out,
        # rules out the rest
        rest = understood.polarity == "no" and understood.polarity_opens
        if any(c.current for c in understood.dangers.values()):
            rest = False
        nothing = {o.id for o in question.options if o.means == "no"}
        named = [s for s in question.signs if s in understood.dangers]
        if len(named) == 1 and not nothing.intersection(understood.answers.get(question.id, ())):
            # "visión doble tampoco" after "ni boca torcida ni convulsiones" denies that one
            # sign, not the rest (breathing was never answered); "no, nothing like that, no
            # fits or anything, she's not had trouble breathing" does
            rest = False
        ruled_out = {
            s: Context.NEGATED
            for s in question.signs
            if s not in understood.dangers and (s in earlier or rest)
        }
        return replace(understood, dangers={**understood.dangers, **ruled_out})

    @staticmethod
    def _note_ruled_out(
        conversation: Conversation, question: Question, understood: Understanding
    ) -> Conversation:
        """Keeps the signs a reply rules out of a question it does not yet answer."""
        each = Engine._denied(question, understood)
        denied = [s for s, no in zip(question.signs, each, strict=True) if no]
        if not denied or len(question.signs) < 2:
            return conversation
        ruled_out = {**conversation.details.get(RULED_OUT, {}), question.id: denied}
        return replace(conversation, details={**conversation.details, RULED_OUT: ruled_out})

    def _contradicted(
        self, question: Question, understood: Understanding, chosen: list[Option]
    ) -> bool:
        """Whether a "yes" to a danger question is gainsaid by the plain "no" the same
        reply opens with."""
        yes = question.signs and any(o.means == "yes" for o in chosen)
        return bool(yes) and understood.polarity == "no" and understood.polarity_opens

    @staticmethod
    def _doubted(question: Question, understood: Understanding) -> bool:
        """Whether a reply to a question about danger signs is said with doubt."""
        return bool(question.signs) and (
            understood.hedged
            or any(understood.dangers.get(s) is Context.POSSIBLE for s in question.signs)
        )

    @staticmethod
    def _denied(question: Question, understood: Understanding) -> list[bool]:
        """For each danger sign `question` asks about, whether the message denies it: "no
        droop", or a no after the sign told of the past ("had a seizure as a teen, none
        since"), which denies that sign since, and not the others asked about."""
        since = understood.polarity == "no" and understood.polarity_after_past
        return [
            understood.dangers.get(s) is Context.NEGATED
            or (since and understood.dangers.get(s) is Context.HISTORICAL)
            for s in question.signs
        ]

    @staticmethod
    def _named(question: Question, understood: Understanding) -> list[str]:
        """The options a message names for `question`, but for those another one named
        covers ("my left half of the face, it began at the eye": the half face)."""
        found = [o for o in understood.answers.get(question.id, ()) if o != NOT_SURE]
        if len(found) > 1:
            covered = {c for o in question.options if o.id in found for c in o.covers}
            found = [o for o in found if o not in covered] or found
        return found

    def _choice(self, question: Question, understood: Understanding) -> list[Option]:
        """The options a message names for `question` (a story may answer any question)."""
        found = self._named(question, understood)
        if len(found) > 1 and question.multiple:
            return self._options(question.id, found)
        weighed = question.id in understood.weighs_answers
        if len(found) > 1 and weighed and self._option(question.id, NOT_SURE):
            # "left or both, not sure", "links oder rechts, keine ahnung": weighed between two
            # answers without knowing which is not sure, not the one that holds both
            return self._options(question.id, [NOT_SURE])
        if len(found) > 1:
            # Two answers at once ("my eye closes and my mouth pulls"): the option that
            # holds both, where the question has one.
            both = self._option(question.id, "both")
            if both is not None and set(found) & {"no", NOT_SURE, *ALONE}:
                # "nein, es zuckt nur, das Lid bleibt offen": a part and its "no" are no
                # "both"; the reply's own yes or no answers
                return []
            if both is not None:
                return [both]
        if found:
            # "my usual seizure, but longer than usual": the sign told, not its like
            alike = {o.id for o in question.options if o.tells_apart}
            found.sort(key=lambda option: option in alike)
            return self._options(question.id, found[:1])
        days = understood.duration_days
        if days is not None:
            option = question.option_for_days(days)
            return [option] if option else []
        ranges = {o.id for d in understood.weighs_days if (o := question.option_for_days(d))}
        if len(ranges) > 1:
            # "no sé si una semana o un mes": two times weighed, which one unknown
            ranges = {NOT_SURE} if self._option(question.id, NOT_SURE) else set()
        return self._options(question.id, sorted(ranges))

    def _exact(self, question_id: str, text: str, language: str) -> list[Option]:
        """An answer typed as its words or number; "1, 3" for several where several go."""
        index = self._options_index(question_id, language)
        exact = index.match(text)
        if exact is not None:
            return self._options(question_id, [exact])
        question = self.dialog.question(question_id)
        if not question.multiple:
            # "1 and 3" at the safety screen: both signs (it takes one answer, but any
            # sign chosen ends it)
            places = set(index.places(text)) if question.signs else set()
            signs = [o for o in question.options if o.id in places and o.danger is not None]
            return signs if places and len(signs) == len(places) else []
        by_place = index.places(text)  # "the first and third"
        if by_place:
            return self._options(question_id, by_place)
        parts = [p for p in re.split(r"[,;+&\s]+|\band\b", text.strip()) if p]
        if len(parts) > 1:
            found = [index.match(p) for p in parts]
            # "coffee no", "stress, none": an option with a word that stands alone is no
            # list of options; understanding reads it ("coffee no": coffee denied)
            if all(found) and (len(set(found)) == 1 or not ALONE.intersection(found)):
                return self._options(question_id, [f for f in found if f])
        return []

    def _fill(
        self,
        conversation: Conversation,
        understood: Understanding,
        exclude: str,
        correcting: bool = True,
    ) -> tuple[replies.Noted | None, Conversation]:
        """Answers a message gives to questions not yet asked; they will be skipped.

        `correcting`: the message may change what was noted before ("sorry, I meant the
        right eye"). A reply to the question on screen does not: what else it says adds
        to the notes ("sometimes the eye shuts" keeps "slowly spreading"). Answers to a
        choose-all question always add up ("coffee too"), but for those denied."""
        answers = dict(conversation.answers)
        filled: list[tuple[str, str]] = []
        asked = list(self._story_questions(understood, exclude, conversation.answers))
        # A message that tells something new ("sí, a veces se le cierra el ojo del todo",
        # or "my heart flutters sometimes" after "not sure") puts nothing right in passing:
        # its "a veces" is not the course "comes and goes" in place of the "slowly
        # spreading" told before. Said alone, or with "sorry", it does ("it's the right eye").
        in_passing = not understood.corrects and any(
            answers.get(q.id, NOT_SURE) == NOT_SURE and self._choice(q, understood) for q in asked
        )
        for question in asked:
            options = self._choice(question, understood)
            if question.id in conversation.history and not self._may_change(
                conversation, question, understood, correcting
            ):
                # asked and answered already: a story does not overwrite it, but what a later
                # reply names adds to a choose-all answer when it answers nothing else ("and
                # I'm unsteady when I walk"), as a medicine always does ("they gave me
                # haloperidol last week", after "none of these")
                told = set(understood.medicines)
                options = [
                    o
                    for o in options
                    if question.multiple and (correcting or told & set(o.medicines))
                ]
                if not options:
                    continue
            # "nichts davon" typed for the question on screen is not "none" for the others
            if any(o.id in ALONE for o in options) or any(o.danger for o in options):
                continue
            noted = answers.get(question.id)
            if noted is not None and not question.multiple and _of_a_sign(understood):
                continue  # the side or time told with a danger sign is the sign's
            if correcting and not understood.corrects and question.id in conversation.history:
                options = self._with_what_was_noted(question, options, noted)
            if options and noted is not None and question.multiple:
                # what a later message names adds to what was noted ("my heart races" keeps
                # "eating very little"), but for what it denies ("not the coffee")
                denied = understood.denied.get(question.id, ())
                kept = [o for o in noted.split(JOIN) if o not in denied and o not in ALONE]
                ids = [*kept, *(o.id for o in options)]
                options = self._options(question.id, list(dict.fromkeys(ids)))
            elif (
                options
                and noted is not None
                and (not correcting or (in_passing and not question.how_long))
            ):
                continue
            if options and JOIN.join(o.id for o in options) != noted:
                answers[question.id] = JOIN.join(o.id for o in options)
                filled.append((question.id, answers[question.id]))
            elif (
                question.how_long
                and noted is not None
                and understood.duration_days != conversation.details.get("duration_days")
            ):
                filled.append((question.id, noted))  # put right within its range: "5 weeks, not 3"
        details = _details(conversation.details, understood, [q for q, a in filled if a == "both"])
        if "duration_days" in conversation.details and not any(
            self.dialog.question(q).how_long for q, _ in filled
        ):
            details["duration_days"] = conversation.details["duration_days"]  # not retold
        changed = replace(conversation, answers=answers, details=details)
        if not (filled or understood.medicines):
            return None, changed
        # Shown as said: "about 5 days" rather than "Less than 2 weeks", each trigger named.
        each = details.get("each", {})
        shown = tuple(
            (q, o)
            for q, option in filled
            if not self.dialog.question(q).how_long
            for o in each.get(q, [option])
        )
        timed = any(self.dialog.question(q).how_long for q, _ in filled)
        duration = understood.duration_days if timed else None
        echo = replies.Noted(shown, duration, understood.medicines, changed.for_someone_else)
        return echo, changed

    def _put_right_after_the_advice(
        self, conversation: Conversation, understood: Understanding
    ) -> Result | None:
        """An answer put right after the advice ("actually it's been going on for about 4
        months, not 3 days"), or a fact told only now ("oh and I take furosemide", "my
        neurologist said it's hemifacial spasm", "it's for my son, he's 9"): the advice
        given stands on the answers, so it is worked out again from them — or the question
        the new answer leads to is asked first. A fact told after the advice was only
        acknowledged with the advice in short (clinical round 77: furosemide told then lost
        the minerals advice; GUIDANCE: one coherent answer). Not after an emergency's
        advice: a danger told has been acted on."""
        assessment = conversation.assessment
        if assessment is None or assessment.danger is not None:
            return None
        # a time alone, other than the one noted, puts it right too ("for 4 months",
        # «уже 4 месяца»): nobody retells the same time after the advice for nothing
        told = understood.duration_days
        retimed = self._time_alone(understood) and told not in (
            None,
            conversation.details.get("duration_days"),
        )
        corrects = (
            understood.corrects or retimed or self._puts_an_answer_right(conversation, understood)
        )
        if not corrects and understood.asked and not understood.medicines:
            # a question of theirs ("is it dangerous for the baby?", "my sister has MS, could
            # that be it?") tells no fact: it is answered with the advice in short
            return None
        if not corrects and set(understood.answers) <= {COURSE} and understood.answers:
            # "it's worse now", «стало хуже»: a change since the advice, not a fact it missed;
            # the advice in short says it is for what was told, and how to answer again for
            # now ("what you added does not change my advice" read as a brush-off)
            return None
        if corrects:
            understood = replace(understood, corrects=True)
        elif understood.medicines or any(
            self.dialog.question(q).multiple for q in understood.answers if q != FINISHED
        ):
            # a time told with a medicine or a sign added is theirs, not the twitch's ("on
            # metoclopramide since 3 days ago", "nachts Wadenkrämpfe seit ein paar Tagen")
            understood = replace(understood, duration_days=None)
        noted, filled = self._fill(conversation, understood, FINISHED)
        if (
            filled.for_someone_else is False
            and understood.for_someone_else
            and "who" in understood.answers
        ):
            # "it's for my son, he's 9": the questions and the advice speak of them now
            filled = replace(filled, details={**filled.details, SOMEONE_ELSE: True})
        if noted is None or (filled.answers == conversation.answers and not noted.duration_days):
            return None  # a medicine named again, a question of theirs, or nothing new
        replayed = self._replay(filled, ahead=True)
        asked = sorted({*conversation.history, *conversation.details.get(ASKED_BEFORE, [])})
        moved = replace(
            filled,
            state=replayed.state,
            history=replayed.history,
            step=conversation.step + 1,
            assessment=None,
            concluded=None,
            details={**filled.details, ASKED_BEFORE: asked},
        )
        if not replayed.finished:
            ticked = self._noted_ticks(moved.state, moved.answers, moved.history, asked)
            moved = replace(moved, picked=ticked)
            return moved, [noted, *self._prompt(moved)]
        again = self.assess(moved.answers, moved.details.get(CONCERNS, ()))
        if again == assessment:  # noted for /summary; the advice above stands
            kept = replace(moved, assessment=assessment, concluded=conversation.concluded)
            stands = Notice.ADVICE_STANDS if corrects else Notice.ADDED_ADVICE_STANDS
            return kept, [noted, replies.Notify(stands)]
        concluded = replace(moved, assessment=again, concluded=self._day())
        return concluded, [noted, self._conclusion(concluded)]

    def _puts_an_answer_right(self, conversation: Conversation, understood: Understanding) -> bool:
        """Whether the message takes back a noted answer and names another to the same
        question, without a word of correction: «нет, не левая, а правая», "not the left,
        the right one"."""
        return any(
            set(denied) & set(conversation.answers.get(question_id, "").split(JOIN))
            and set(understood.answers.get(question_id, ())) - set(denied)
            for question_id, denied in understood.denied.items()
        )

    def _with_what_was_noted(
        self, question: Question, options: list[Option], noted: str | None
    ) -> list[Option]:
        """More of a noted answer told later: "the eye closes" noted, then "and now it pulls
        the mouth" is both, where the question has an option that holds both."""
        both = self._option(question.id, "both")
        if both is None or len(options) != 1 or noted in (None, options[0].id):
            return options
        parts = {noted, options[0].id}
        return options if parts & {both.id, "no", NOT_SURE, *ALONE} else [both]

    @staticmethod
    def _may_change(
        conversation: Conversation,
        question: Question,
        understood: Understanding,
        correcting: bool = False,
    ) -> bool:
        """Whether a later message may change the answer `question` was given: one that
        was "not sure" ("not sure" to how long, then "like a week"), one the message
        takes back ("sorry, it's been 3 months not weeks"), or, in a message that answers
        nothing on screen (`correcting`), one it tells more of ("yes, the eye closes and
        the mouth pulls", typed after only the mouth was noted). Never a danger
        question's: a danger told, or not ruled out, has been acted on."""
        unsure = conversation.answers.get(question.id) == NOT_SURE
        # not where it is: later messages name places in passing ("moving down to my cheek"
        # is spreading, not a cheek instead of the eyelid)
        more = correcting and not question.multiple and question.id != WHERE
        return not question.signs and (unsure or understood.corrects or more)

    def _rerouted(self, before: Conversation, after: Conversation) -> Conversation:
        """After a "not sure" was made clear, the questions asked since may not be those
        its answer leads to: from the first that differs, the dialog goes on from there
        (what was answered stays noted, and is not asked again)."""
        history = after.history
        changed = [
            n
            for n, asked in enumerate(history)
            if before.answers.get(asked) != after.answers.get(asked)
        ]
        if not changed:
            return after
        for n in range(changed[0], len(history)):
            if self.dialog.question(history[n]).signs:
                break  # a check in between resumed where it was: the path is not drawn there
            expected = history[n + 1] if n + 1 < len(history) else after.state
            following = self.machine.answer(history[n], after.answers)
            if following == expected:
                continue
            kept = history[: n + 1]
            asked = after.details.get(ASKED_BEFORE, ())
            state = self._skip_noted(following, after.answers, kept, asked)
            if state == FINISHED:
                break  # the rest is asked as it was; the advice is worked out at the end
            return replace(
                after,
                state=state,
                history=kept,
                picked=self._noted_ticks(state, after.answers, kept, asked),
            )
        return after

    def _corrects(self, conversation: Conversation, understood: Understanding) -> bool:
        """Whether the message changes an answer noted from an earlier message ("sorry, I
        meant the right eye", "sorry, 5 weeks not 3"): its yes or no is about that, not the
        question on screen."""
        told = understood.duration_days
        if understood.corrects and told not in (
            None,
            conversation.details.get("duration_days", told),
        ):
            return True
        for question_id in understood.answers:
            noted = conversation.answers.get(question_id)
            if noted is None or question_id in conversation.history:
                continue
            chosen = self._choice(self.dialog.question(question_id), understood)
            if [o.id for o in chosen] == ["none"]:
                # "nichts davon" names none of several questions' options: at the question
                # on screen it is that question's no, not a correction of cramps noted
                continue
            if chosen and JOIN.join(o.id for o in chosen) != noted:
                return True
        return False

    def _story_questions(
        self, understood: Understanding, exclude: str, noted: Mapping[str, str]
    ) -> Iterator[Question]:
        for question in self.dialog.questions:
            if question.id == exclude or question.id in self._asked_only:
                continue
            # A time alone ("…at a party yesterday") is not how long the complaint has
            # lasted; with something about the complaint in the same message it is, and
            # so it is after how long was noted ("actually it has been 3 weeks, not days").
            timed = understood.duration_days is not None and (
                bool(understood.answers)
                or question.id in noted
                or (self._time_alone(understood) and not self._asks_of_signs(exclude))
            )
            if question.dates is not None and not self._given(question.dates, understood, noted):
                continue  # "пью омепразол давно" is no answer to "when did the new medicine start?"
            if question.id in understood.answers or (question.how_long and timed):
                yield question

    def _asks_of_signs(self, question_id: str) -> bool:
        """Whether `question_id` asks about danger signs: a time typed there ("for about
        5 minutes") is how long the sign lasted, not the twitch."""
        return self.dialog.has_question(question_id) and bool(
            self.dialog.question(question_id).signs
        )

    @staticmethod
    def _time_alone(understood: Understanding) -> bool:
        """A short reply that tells a time and nothing else ("about 4 months", typed at
        another question): how long the complaint has lasted."""
        nothing_else = not (
            understood.dangers or understood.answers or understood.medicines or understood.polarity
        )
        return nothing_else and understood.words <= TIME_ALONE_WORDS

    @staticmethod
    def _given(answer: Answer, understood: Understanding, noted: Mapping[str, str]) -> bool:
        """Whether `answer` is told in the message or was noted before."""
        told = answer.option in understood.answers.get(answer.question, ())
        return told or answer.option in noted.get(answer.question, "").split(JOIN)

    def _back(self, conversation: Conversation | None) -> Result:
        """The question answered last, asked again: the recorded history restored (no
        trigger of the machine: the way back is whatever way the person came)."""
        assessment = conversation.assessment if conversation is not None else None
        if conversation is not None and assessment is not None and assessment.danger is not None:
            # A reported danger sign stands: only /restart (it was a mistake) clears it.
            return conversation, [replies.Notify(Notice.DANGER_STANDS)]
        if conversation is not None and conversation.resume is not None:
            return conversation, [replies.Notify(Notice.SAFETY_FIRST), *self._prompt(conversation)]
        if conversation is None or not conversation.history:
            prompt = self._prompt(conversation) if conversation else []
            return conversation, [replies.Notify(Notice.NOTHING_TO_UNDO), *prompt]
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
            picked=[],  # ticks belong to the question left, not to the one asked again
        )
        return previous, [replies.Notify(Notice.WENT_BACK), *self._prompt(previous)]

    # -- moving through the dialog ---------------------------------------------

    def _answer(
        self, conversation: Conversation, options: Sequence[Option], mentioned: bool = False
    ) -> Result:
        """`options`, of the current question's, were chosen (one, or several where it
        takes several); `mentioned`: the reply itself told of the sign asked about."""
        question_id = conversation.state
        kept = self._without_told_apart(question_id, options, conversation.answers)
        # a sign told apart before is shown back as chosen, though it counts as none
        shown = None if kept == options else JOIN.join(o.id for o in options)
        options = kept
        if conversation.picked and self.dialog.question(question_id).multiple:
            # added to what is ticked: "and stress" after coffee was ticked or noted
            ticked = [*conversation.picked, *(o.id for o in options)]
            options = self._options(question_id, list(dict.fromkeys(ticked))) or options
        answer = JOIN.join(o.id for o in options)
        answers = {**conversation.answers, question_id: answer}
        history = [*conversation.history, question_id]
        resume = conversation.resume
        asked = conversation.details.get(ASKED_BEFORE, ())

        def answered(state: str, assessment: Assessment | None) -> Conversation:
            return replace(
                conversation,
                state=state,
                answers=answers,
                history=history,
                step=conversation.step + 1,
                assessment=assessment,
                resume=None,
                picked=self._noted_ticks(state, answers, history, asked),
            )

        chosen = replies.Chosen(
            question_id,
            shown or answer,
            conversation.step,
            conversation.for_someone_else,
        )
        dangers = [o.danger for o in options if o.danger is not None]
        if not dangers and (resume is not None or mentioned) and answer == NOT_SURE:
            # Not sure about a sign the person mentioned: treat it as present.
            dangers = [next(d.id for d in self.dialog.danger_signs if d.check == question_id)]
        if dangers:
            at_danger = answered(question_id, conversation.assessment)
            concluded, out = self._conclude_with_danger(at_danger, dangers)
            return concluded, [chosen, *out]
        following = (
            self.machine.resume(question_id, resume)
            if resume is not None
            else self.machine.answer(question_id, answers)
        )
        following = self._skip_noted(following, answers, history, asked)
        if following != FINISHED:
            moved = answered(following, conversation.assessment)
            return moved, [chosen, *self._prompt(moved)]
        assessment = self.assess(answers, conversation.details.get(CONCERNS, ()))
        concluded = replace(answered(following, assessment), concluded=self._day())
        return concluded, [chosen, self._conclusion(concluded)]

    @staticmethod
    def _emergency_told_before(conversation: Conversation, signs: Sequence[str]) -> bool:
        """Whether the consultation ended in the emergency advice for each of `signs`."""
        assessment = conversation.assessment
        return (
            conversation.finished
            and assessment is not None
            and assessment.danger is not None
            and all(conversation.dangers.get(s) == Context.AFFIRMED.value for s in signs)
        )

    def _without_told_apart(
        self, question_id: str, options: Sequence[Option], answers: Mapping[str, str]
    ) -> Sequence[Option]:
        """`options`, but for a danger sign its own check already told apart from its like:
        after "Usual seizure, under 5 min" at the seizure check, the safety screen's "A
        seizure" is that seizure again, not a new one (clinical round 66: it was the
        emergency). Picked alone, it leaves the screen's "None of these"."""
        told_apart = {
            o.tells_apart
            for d in self.dialog.danger_signs
            if d.check is not None and self.dialog.has_question(d.check)
            for o in self.dialog.question(d.check).options
            if o.tells_apart and o.id in answers.get(d.check, "").split(JOIN)
        }
        if not told_apart or question_id in {d.check for d in self.dialog.danger_signs}:
            return options
        kept = [o for o in options if o.danger not in told_apart]
        if kept or not options:
            return kept
        return self._options(question_id, ["none"]) or options

    def _skip_noted(
        self,
        state: str,
        answers: dict[str, str],
        history: list[str],
        asked: Collection[str] = (),
    ) -> str:
        """Past questions a story already answered; each is recorded as passed. A
        choose-all question a story answered in part is asked, its answers ticked: "I
        started methylphenidate" says nothing of an urge to blink; not when it was
        `asked` before the advice, which a fact told after it went back from."""
        for _ in range(len(self.dialog.questions)):
            if state == FINISHED or state not in answers or state in history:
                return state
            if self._noted_ticks(state, answers, history, asked):
                return state
            history.append(state)
            state = self.machine.answer(state, answers)
        return state

    def _noted_ticks(
        self,
        state: str,
        answers: Mapping[str, str],
        history: list[str],
        asked: Collection[str] = (),
    ) -> list[str]:
        """What a story noted for the choose-all question `state`, not yet asked: its
        ticks when it is asked ("None of these" then means none of the others). A question
        `asked` before the advice was answered there: it is not asked again after a fact
        told later went back to an earlier question (clinical round 77: "no es el ojo, es
        el labio" asked the triggers again, answered before the advice)."""
        if state == FINISHED or state in history or state in asked or state not in answers:
            return []
        if not self.dialog.question(state).multiple:
            return []
        return [o for o in answers[state].split(JOIN) if o not in ALONE]

    def _conclude_with_danger(self, conversation: Conversation, danger_ids: list[str]) -> Result:
        """Emergency advice for every sign affirmed at once ("my face jerked, it spread to
        my arm and I couldn't talk" fits a seizure and a stroke), the first one leading,
        but for one whose outcome's `leads_when` holds (a child's: the seizure)."""
        context = self.machine.context(conversation.answers)
        danger_ids = sorted(danger_ids, key=lambda d: not self._leads_now(d, context))
        outcomes = tuple(self.dialog.danger_sign(d).outcome for d in danger_ids)
        assessment = Assessment(Urgency.EMERGENCY, outcomes, danger=danger_ids[0])
        dangers = {**conversation.dangers, **dict.fromkeys(danger_ids, Context.AFFIRMED.value)}
        concluded = replace(
            conversation,
            state=self.machine.danger(conversation.state),
            assessment=assessment,
            step=conversation.step + 1,
            dangers=dangers,
            resume=None,
            concluded=self._day(),
        )
        return concluded, [self._conclusion(concluded)]

    def _leads_now(self, danger_id: str, context: Mapping[str, str | None]) -> bool:
        """Whether the emergency outcome of `danger_id` leads among those told at once."""
        lead = self._leads.get(self.dialog.danger_sign(danger_id).outcome)
        return lead is not None and bool(lead(context))

    def assess(self, answers: dict[str, str], concerns: Sequence[str] = ()) -> Assessment:
        """Every outcome whose condition holds; the highest urgency wins, raised to the
        floor of a "not sure" or of a symptom told that needs help soon (`Concern.floor`)."""
        return self._assess(tuple(answers.items()), tuple(concerns))

    def _assess_uncached(
        self, answer_items: tuple[tuple[str, str], ...], concerns: tuple[str, ...] = ()
    ) -> Assessment:
        answers = dict(answer_items)
        context = self.machine.context(answers)
        matched: list[Outcome] = [
            o
            for o in self.dialog.outcomes
            if o.id in self._conditions and self._conditions[o.id](context)
        ]
        if not matched:
            matched = [self.dialog.outcome(self.dialog.fallback)]
        # Highest urgency first; within one, those whose `leads_when` holds, then in order.
        matched.sort(
            key=lambda o: (-o.urgency, not (o.id in self._leads and self._leads[o.id](context)))
        )
        urgency = matched[0].urgency
        floors: list[str] = []
        for question_id, answer in answers.items():
            if not self.dialog.has_question(question_id):
                continue
            chosen = self._options(question_id, answer.split(JOIN))
            floor = max((o.floor for o in chosen if o.floor is not None), default=None)
            if floor is not None:
                floors.append(question_id)
                urgency = max(urgency, floor)
        floor_concerns = []
        for concern in (self.dialog.concern(c) for c in concerns):
            if concern.floor is not None and concern.floor > urgency:
                floor_concerns.append(concern.id)
                urgency = concern.floor
        return Assessment(
            Urgency(urgency),
            tuple(o.id for o in matched),
            tuple(floors),
            floor_concerns=tuple(floor_concerns),
        )

    # -- helpers -------------------------------------------------------------

    def _conclusion(self, conversation: Conversation) -> replies.Conclude:
        assert conversation.assessment is not None
        return replies.Conclude(
            conversation.assessment,
            self._answered(conversation),
            for_someone_else=conversation.for_someone_else,
            concerns=tuple(conversation.details.get(CONCERNS, ())),
            medicines=tuple(conversation.details.get(MEDICINES, ())),
        )

    def _answered(self, conversation: Conversation) -> tuple[tuple[str, str], ...]:
        """Every answer: those given in order, then those a story gave ahead."""
        ordered = [q for q in conversation.history if q in conversation.answers]
        ordered += [q for q in conversation.answers if q not in ordered]
        return tuple((q, conversation.answers[q]) for q in ordered if self.dialog.has_question(q))

    def _day(self) -> str:
        return self._today().isoformat()

    def _off_the_path(self, conversation: Conversation) -> frozenset[str]:
        """Follow-up questions a story answered ahead that the consultation never reached:
        at the end, the answers lead from the start to the outcome without them ("my right
        eye is blurry" answers "with the red eye, which of these?", but no red eye was
        told)."""
        if not conversation.finished:
            return frozenset()  # still ahead: it may yet be asked
        state, path = self.machine.initial, set()
        while state in conversation.answers and state not in path:
            path.add(state)
            state = self.machine.answer(state, conversation.answers)
        if state != FINISHED:
            return frozenset()  # ended early (an emergency): every answer told counts
        return frozenset(
            q
            for q in conversation.answers
            if q not in path and self.dialog.has_question(q) and self.dialog.question(q).follow_up
        )

    def _recap(self, conversation: Conversation) -> replies.Recap:
        medicines = conversation.details.get(MEDICINES, ())
        each = conversation.details.get("each", {})
        off = self._off_the_path(conversation)
        answers = tuple(
            (q, o)
            for q, option in self._answered(conversation)
            if q not in off
            for o in each.get(q, [option])
        )
        dangers = tuple(
            (sign, context)
            for sign, context in conversation.dangers.items()
            if not self._ruled_out_when_asked(conversation, sign, context)
        )
        told_after_no = tuple(
            (q, sign)
            for q, option in answers
            if self._denies(q, option)
            for sign, context in dangers
            if context == Context.AFFIRMED.value and sign in self.dialog.question(q).signs
        )
        return replies.Recap(
            answers,
            conversation.assessment,
            dangers,
            conversation.details.get("duration_days"),
            tuple(medicines),
            tuple(conversation.details.get(CONCERNS, ())),
            conversation.started,
            conversation.concluded if conversation.finished else None,
            conversation.for_someone_else,
            told_after_no,
        )

    @staticmethod
    def _takes_back_the_danger(conversation: Conversation, understood: Understanding) -> bool:
        """Whether a message after the emergency advice denies the sign it was given for."""
        assessment = conversation.assessment
        if assessment is None or assessment.danger is None:
            return False
        return understood.dangers.get(assessment.danger) is Context.NEGATED

    def _ruled_out_when_asked(self, conversation: Conversation, sign: str, context: str) -> bool:
        """Whether a sign told in doubt was then ruled out at its own check: "my eyelid
        droops a bit" and "no" to the droop with double vision and a headache is no
        emergency sign for the doctor's summary (clinical review 33)."""
        if context != Context.POSSIBLE.value:
            return False
        check = self.dialog.danger_sign(sign).check
        answer = conversation.answers.get(check) if check else None
        if check is None or answer is None:
            return False
        option = self._option(check, answer)
        return option is not None and option.means == "no"

    @staticmethod
    def _without_a_numb_face_noted(
        conversation: Conversation, understood: Understanding
    ) -> Understanding:
        """A numb face told again ("la cara dormida, eso sí" at the nerve question) is the
        numbness noted already, when that was told as lasting weeks (no stroke told: the
        reader's `numb_face_only`); a numb face told first, or after a short time, stays
        the stroke sign."""
        answers = conversation.answers
        noted = "numbness" in answers.get("weakness_signs", "").split(JOIN) and answers.get(
            "duration"
        ) in ("weeks_months", "over_3_months")
        if not (noted and understood.numb_face_only):
            return understood
        dangers = {s: c for s, c in understood.dangers.items() if s != "stroke"}
        return replace(understood, dangers=dangers)

    def _without_what_concerns_rule_out(self, understood: Understanding) -> Understanding:
        """An answer that a symptom told with it makes untrue is not taken
        (`Concern.rules_out`): "I stopped drinking 2 days ago after years of heavy drinking"
        is no drinking more than usual."""
        ruled_out = {
            (question, option)
            for concern in understood.concerns
            for question, options in self.dialog.concern(concern).rules_out.items()
            for option in options
        }
        if not ruled_out:
            return understood
        answers = {
            question: kept
            for question, options in understood.answers.items()
            if (kept := tuple(o for o in options if (question, o) not in ruled_out))
        }
        return replace(understood, answers=answers)

    @staticmethod
    def _with_concerns(conversation: Conversation | None, concerns: Any) -> Conversation | None:
        """`conversation` with `concerns` noted: what an edit adds outside the
        consultation is kept though the edit changes no answer."""
        if conversation is None or not concerns:
            return conversation
        return replace(conversation, details={**conversation.details, CONCERNS: concerns})

    def _prompt(self, conversation: Conversation | None) -> list[Reply]:
        """The open question, with what is ticked on it so far: asked again (not
        understood, welcome back, another language) it shows what Done will answer."""
        if conversation is None or conversation.finished:
            return []
        picked = tuple(conversation.picked)
        return [
            replies.Ask(
                conversation.state,
                conversation.step,
                picked,
                for_someone_else=conversation.for_someone_else,
            )
        ]

    def _upgrade(self, conversation: Conversation) -> tuple[Conversation, list[Reply]]:
        """Carry a conversation over to the current dialog version (after a reload).

        The old answers are replayed through the new version's machine, `answer` by
        `answer` from its first question: where they still lead to the same
        question, nothing changes for the user; otherwise the conversation
        continues from the furthest question they still answer, and starts again
        (a new conversation at the first question) only when none of them applies.
        A reported danger sign the new version still knows stands: the replayed
        conversation takes `danger` to `finished`.
        """
        if conversation.dialog_version == self.dialog.version and self._fits(conversation):
            return conversation, []
        if conversation.assessment is not None and conversation.assessment.danger is not None:
            sign = conversation.assessment.danger
            if any(d.id == sign for d in self.dialog.danger_signs):
                kept = self._replay(conversation, stop_at_end=False)
                ended = self.machine.danger(kept.state)
                return replace(kept, state=ended, assessment=conversation.assessment), []
        replayed = self._replay(conversation)
        same_place = (
            replayed.state == conversation.state and replayed.history == conversation.history
        )
        if same_place or (conversation.finished and replayed.finished):
            return replace(replayed, step=conversation.step), []  # buttons on screen still work
        if replayed.history:
            return replayed, [replies.Notify(Notice.DIALOG_UPDATED)]
        return self.new_conversation(), [replies.Notify(Notice.DIALOG_CHANGED)]

    def _fits(self, conversation: Conversation) -> bool:
        """Whether the dialog still has the question the conversation stands at and those
        it went through. A reload that kept the version but renamed or removed one is
        carried over all the same: the person got an error at every message until /back."""
        asked = () if conversation.finished else (conversation.state,)
        return all(self.dialog.has_question(q) for q in (*conversation.history, *asked))

    def carry_over(
        self, conversation: Conversation
    ) -> tuple[Conversation, replies.Conclude | None]:
        """A conversation kept outside a chat (a group's case study) carried over to the
        dialog now served, as `handle` does before each event; with its conclusion when
        the answers kept end it."""
        moved, _notices = self._upgrade(conversation)
        concluded = moved.finished and moved.assessment is not None
        return moved, self._conclusion(moved) if concluded else None

    def _replay(
        self, conversation: Conversation, stop_at_end: bool = True, ahead: bool = False
    ) -> Conversation:
        """The old answers applied to the current flow, as far as they go. `ahead`: each
        step is chosen with every answer noted, as in the consultation, where an answer
        told before its question counts ("it's for my daughter, she's 7" after the advice:
        no "when did the tics start?" for a child)."""
        state, answers, history = self.machine.initial, {}, []
        for _ in range(len(self.dialog.questions)):
            answer = conversation.answers.get(state)
            if not self.dialog.has_question(state) or answer is None:
                break
            chosen = self._options(state, answer.split(JOIN))
            if not chosen or (any(o.danger for o in chosen) and stop_at_end):
                break  # ask it again: the answer no longer exists, or now means danger
            answers[state] = answer
            history.append(state)
            following = self.machine.answer(state, conversation.answers if ahead else answers)
            if following == FINISHED:
                if stop_at_end:
                    return Conversation(
                        self.dialog.version,
                        following,
                        answers,
                        history,
                        conversation.step + 1,
                        self.assess(answers, conversation.details.get(CONCERNS, ())),
                        started=conversation.started,
                        concluded=conversation.concluded,
                        began_at=conversation.began_at,
                    )
                break
            state = following
        return Conversation(
            self.dialog.version,
            state,
            answers,
            history,
            conversation.step + 1,
            started=conversation.started,
        )

    def _build_options_index(self, question_id: str, language: str) -> OptionIndex:
        _ = self._gettext_for(language)
        question = self.dialog.question(question_id)
        has_not_sure = any(o.id == NOT_SURE for o in question.options)
        lexicon = self._lexicons.get(language)
        return OptionIndex(
            (
                (
                    o.id,
                    _phrases((o.label, *filter(None, [o.for_someone_else]), *o.synonyms), _),
                )
                for o in question.options
            ),
            NOT_SURE if has_not_sure else None,
            _phrases(NOT_SURE_PHRASES, _),
            lexicon.ordinals if lexicon else None,
            lexicon.option_words if lexicon else (),
            lexicon.context.conjunctions if lexicon else (),
            # "2 нет, 3 нет": a number with a reply word after it is a place
            [w for w in (*lexicon.yes, *lexicon.no) if " " not in w] if lexicon else (),
            # the first or last words of a label typed ("another spot"); never of an answer
            # that rules something out (a no, none, not sure, a usual seizure) or tells a
            # danger sign, which understanding reads with its negations and doubts
            [
                (o.id, label)
                for o in question.options
                if o.means != "no"
                and o.id not in ALONE
                and o.danger is None
                and o.tells_apart is None
                and not (o.days or o.ages or o.began)  # "2 semanas" is no "Menos de 2 semanas"
                for label in _phrases((o.label, *filter(None, [o.for_someone_else])), _)
            ],
        )

    def _build_reader(self, language: str) -> Reader:
        """The lexicon of `language` (English where there is none) and the dialog's own words."""
        lexicon = self._lexicons.get(language) or self._lexicons.get("en") or Lexicon(language="en")
        _ = self._gettext_for(language)
        # Option synonyms are not added: "no" or "nothing" mean an answer only to the
        # question on screen, which the option index reads.
        # In English, or translated: English words are read by the English reader, whose
        # cues ("no droop") read them right.
        keywords = [
            *((f"danger:{sign.id}", sign.keywords) for sign in self.dialog.danger_signs),
            *((f"{CONCERN}:{c.id}", c.keywords) for c in self.dialog.concerns),
        ]
        extra = [
            (key, _(keyword) if language != "en" else keyword)
            for key, phrases in keywords
            for keyword in phrases
            if language == "en" or _(keyword) != keyword
        ]
        return Reader(self.dialog, lexicon, extra)


def _of_a_sign(understood: Understanding) -> bool:
    """Whether what a message tells (a time, a side) is a danger sign's, not the
    complaint's, where the complaint's is noted already: «вчера вечером минут на десять
    правая рука отнялась», told after a left cheek's twitch of two weeks, made the summary
    "1 day" and "both sides", and so did "actually yesterday my left arm went numb"."""
    return any(c.current for c in understood.dangers.values())


def _details(
    details: dict[str, Any], understood: Understanding, questions: list[str]
) -> dict[str, Any]:
    """Facts no single answer holds: what a combined answer ("both") stands for, a
    duration, medicines. `questions`: those answered with a combined answer."""
    kept = dict(details)
    each = dict(kept.get("each", {}))
    for question in questions:
        found = [o for o in understood.answers.get(question, ()) if o != NOT_SURE]
        if len(found) > 1:
            each[question] = found
        else:
            each.pop(question, None)
    if each:
        kept["each"] = each
    if understood.duration_days is not None and not (
        "duration_days" in kept and _of_a_sign(understood)
    ):
        kept["duration_days"] = understood.duration_days
    if understood.medicines:
        known = list(kept.get(MEDICINES, []))
        kept[MEDICINES] = known + [m for m in understood.medicines if m not in known]
    return kept


def _phrases(sources: Sequence[str], _: Gettext) -> list[str]:
    """Each phrase in English and in the user's language."""
    out: list[str] = []
    for text in sources:
        out.append(text)
        translated = _(text)
        if translated != text:
            out.append(translated)
    return out
