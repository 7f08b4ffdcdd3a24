"""What a person's update changes and says, as Bot API calls: pure, given the conversation.

An engine event goes to the engine and the renderer (`Assistant.respond`), and
its messages become calls (`layout.calls_for`); the adapter's own actions
(/help, /about, /forget, /language, a group's private-chat button, ...) are
answered here. Nothing is stored or sent: the turn (`turns.py`) commits the
`Decision` with its update and delivers its calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from babel import Locale, UnknownLocaleError

from bot.adapters.telegram import layout, texts
from bot.adapters.telegram.incoming import FORGET_BUTTONS, LANGUAGE_BUTTON, Action, Incoming
from bot.adapters.telegram.layout import Call
from bot.assistant import Assistant, Turn
from bot.core import events
from bot.core.conversation import Conversation
from bot.core.render import Message, Surface, escape, notice_text
from bot.core.replies import Notice
from bot.i18n import Catalogs

#: What a command says that points on to something no longer true when the words typed
#: after it told a danger sign ("/summary my face droops" with nothing answered said "Here
#: it is again." above the emergency, no question): said instead.
POINTERS_BEFORE_A_DANGER = {
    Notice.NOTHING_ANSWERED_YET: texts.NOTHING_ANSWERED_YET_DANGER,
    Notice.NO_ANSWERS_YET: texts.NO_ANSWERS_YET_DANGER,
    Notice.NOTHING_TO_EXPLAIN: texts.NOTHING_TO_EXPLAIN_DANGER,
}

#: The engine's notices of words it could not use, and nothing else.
NOT_UNDERSTOOD_ONLY = (Notice.NOT_UNDERSTOOD,)


@dataclass
class Decision:
    """What one update changes and says."""

    #: The conversation after the update; None leaves the stored one as it is.
    conversation: Conversation | None = None
    #: Bot API calls to make, in order.
    calls: list[Call] = field(default_factory=list)
    #: Delete everything stored about the user (`/forget`, confirmed).
    forget: bool = False
    #: The user's own language choice, or a group admin's for the group.
    language: str | None = None
    chat_language: str | None = None
    #: The answer to a button tap, shown as a toast (None: the tap is answered silently).
    toast: str | None = None
    #: Typed words that changed nothing, answered "Sorry, I did not understand" and the
    #: open question again (no danger sign in them: that changes the conversation).
    not_understood: bool = False


class Actions:
    def __init__(self, assistant: Assistant, catalogs: Catalogs, retention_days: int) -> None:
        self.assistant = assistant
        self.catalogs = catalogs
        #: How long idle conversations are kept, as /about states it (0: forever).
        self.retention_days = retention_days

    def decide(
        self,
        incoming: Incoming,
        before: Conversation | None,
        language: str,
        bot_username: str | None,
        saved_language: str | None = None,
        keyboard_answered: bool = False,
    ) -> Decision:
        """`saved_language`: the language chosen with /language for this chat (the user's,
        or a group's), if any; `language` is the one in use. `keyboard_answered`: the
        tapped language keyboard was answered before (a double tap), or the open question
        was shown after it."""
        linked = incoming.link_language
        if linked in self.catalogs.shipped and saved_language is None and incoming.event:
            # `t.me/<bot>?start=ru` opened in an English app began, and went on, in English
            decision = self._think(incoming, incoming.event, before, linked)
            decision.language = linked
            return decision
        if incoming.event is not None:
            decision = self._think(incoming, incoming.event, before, language)
            unspoken = incoming.private and saved_language is None and not self._speaks(incoming)
            if (
                incoming.private
                and saved_language is None
                and isinstance(incoming.event, events.Start)
                and decision.conversation is not None
                and not decision.forget
                and not unspoken  # English by default is no language chosen
            ):
                # the language a consultation began in is the chat's: the same patient on
                # a desktop whose app is in English got a Russian consultation's next
                # question, /summary and advice in English
                decision.language = language
            began = isinstance(incoming.event, events.Start) and decision.conversation
            # Offered until a question is answered (steps go on across /restart): to a
            # patient doing well in English, the offer above each "did not understand",
            # and after each /restart, was noise.
            answered = before is not None and before.step > 0
            if unspoken and not answered and (began or decision.not_understood):
                decision.calls[:0] = self._languages_offered(incoming, language)
            return decision
        if (
            incoming.action is Action.LANGUAGE_SET
            and incoming.chosen_language is not None
            and incoming.chosen_language == saved_language
            and keyboard_answered
        ):
            return self._language_kept(incoming, incoming.chosen_language)
        asking = before is not None and not before.finished
        decision = self._answer(incoming, language, bot_username, asking)
        if decision.language is not None and before is not None and not before.finished:
            self._ask_again(incoming, before, decision, decision.language)
        elif decision.language is not None and before is not None and before.assessment:
            self._advice_again(incoming, before, decision, decision.language)
        elif incoming.action is Action.UNHEARD and asking:
            assert before is not None
            # the voice note (and the answer to it) pushed the question up out of sight
            self._ask_again(incoming, before, decision, language)
        if incoming.aside:
            read = self._aside(Turn([], before), incoming.aside, language)
            if read.conversation != before:
                decision.conversation = read.conversation
            decision.calls.extend(layout.calls_for(read.messages, incoming.chat_id, None))
        return decision

    def _language_kept(self, incoming: Incoming, chosen: str) -> Decision:
        """The language chosen already, from a keyboard answered before (a double tap) or
        older than the open question: it changes nothing, so it is said in a toast and the
        keyboard closed; saying it in the chat again asked the open question a second
        time, two copies with live buttons. From a new keyboard it is taken as a changed
        language is (`_answer`): said in the chat, the question asked again below it;
        a toast alone left the person on the language buttons, the question out of sight."""
        in_chosen = self._(chosen)
        prompt = texts.LANGUAGE_PROMPT if incoming.private else texts.GROUP_LANGUAGE_PROMPT
        done = texts.LANGUAGE_SET if incoming.private else texts.GROUP_LANGUAGE_SET
        calls: list[Call] = []
        if incoming.message_id is not None:
            calls.append(
                layout.edit(incoming.chat_id, incoming.message_id, escape(in_chosen(prompt)))
            )
        return Decision(calls=calls, toast=in_chosen(done))

    def _ask_again(
        self, incoming: Incoming, before: Conversation, decision: Decision, language: str
    ) -> None:
        """The open question again, in `language`: after a language chosen mid-consultation
        (otherwise the chat ends on the question in the old language, with its old buttons,
        and nothing in the new one to answer), or after a voice message the bot cannot
        listen to (the question scrolled up out of sight)."""
        turn = self.assistant.respond(before, events.Start(""), language)
        questions = [m for m in turn.messages if m.kind == "question"]
        decision.calls.extend(layout.calls_for(questions, incoming.chat_id, None))
        if turn.conversation != before:  # carried over to reloaded dialogs
            decision.conversation = turn.conversation

    def _advice_again(
        self, incoming: Incoming, before: Conversation, decision: Decision, language: str
    ) -> None:
        """The summary of a finished consultation (its answers and the advice given), in
        the `language` just chosen: "Language saved." alone left a patient who chose it at
        the advice with nothing of their consultation in the language they read."""
        turn = self.assistant.respond(before, events.Summary(), language)
        decision.calls.extend(layout.calls_for(turn.messages, incoming.chat_id, None))

    def _think(
        self, incoming: Incoming, event: events.Event, before: Conversation | None, language: str
    ) -> Decision:
        """The engine's answer to an event; a tap on an old keyboard gets a toast only."""
        turn = self.assistant.respond(before, event, language)
        if incoming.words:
            turn = self._words_after(turn, incoming.words, language)
        if incoming.aside:
            turn = self._aside(turn, incoming.aside, language)
        if isinstance(event, events.Typed) and event.edited:
            turn = self._read_only(incoming, turn, language)
        unchanged = turn.conversation == before
        if isinstance(event, events.Choose | events.Toggle) and unchanged:
            return self._tap_refused(incoming, before, turn, language)
        calls = layout.calls_for(turn.messages, incoming.chat_id, incoming.message_id)
        not_understood = (
            unchanged and isinstance(event, events.Typed) and turn.notices == NOT_UNDERSTOOD_ONLY
        )
        return Decision(
            None if unchanged else turn.conversation, calls, not_understood=not_understood
        )

    def _aside(self, turn: Turn, words: str, language: str) -> Turn:
        """`turn`, a command's, and the words typed after the command read for danger signs
        as an edit is (they answer nothing): "/summary my face droops", "/help my arm went
        numb", "/back and my face is drooping" ran the command, the words dropped unread.
        Where they tell a danger (the engine concludes with it, asks about a possible
        sign, or warns for someone else), its answer follows the command's, the question the command
        asked again left to it; words with no danger in them ("/help me please") add
        nothing."""
        before = turn.conversation
        read = self.assistant.respond(before, events.Typed(words, edited=True), language)
        concluded = read.conversation is not None and read.conversation.finished
        warned = {Notice.SOMEONE_ELSE_IN_DANGER, Notice.POSSIBLE_DANGER} & set(read.notices)
        if not (warned or (concluded and read.conversation != before)):
            return turn  # no danger told (with none open, "/quiz ABC234" began one)
        _ = self._(language)
        edit_said = escape(_(notice_text(Notice.EDIT_NOT_AN_ANSWER, Surface.TELEGRAM)))
        pointers = {  # the command's "here it is again", "send /start": untrue above a danger
            escape(_(notice_text(notice, Surface.TELEGRAM))): escape(_(said))
            for notice, said in POINTERS_BEFORE_A_DANGER.items()
        }
        said = [
            replace(m, text=pointers.get(m.text, m.text))
            for m in turn.messages
            if m.kind != "question"
        ]
        heard = [m for m in read.messages if not (m.kind == "notice" and m.text == edit_said)]
        return replace(read, messages=[*said, *heard])

    def _words_after(self, turn: Turn, words: str, language: str) -> Turn:
        """/start (or /restart) followed by the person's words: the words answer the first
        question, as if typed next. "/start my face suddenly droops" began a consultation
        and asked the safety check, the emergency it told never read. Words that answer nothing
        ("/start hello") leave the start as it was, without a "not understood"."""
        answered = self.assistant.respond(turn.conversation, events.Typed(words), language)
        if answered.conversation == turn.conversation:
            return turn
        said = [m for m in turn.messages if m.kind != "question"]
        return replace(answered, messages=[*said, *answered.messages])

    def _read_only(self, incoming: Incoming, turn: Turn, language: str) -> Turn:
        """An edited message, or one forwarded from someone else: the engine reads it for
        danger signs, and it answers nothing. Where the engine says only "an edit does not
        change an answer", say what is true of it here:

        - a forward is not an edit: it is said that forwarded words answer nothing (the
          engine's warning for emergency signs in someone else stays first);
        - with no consultation open there is no answer to change and nothing to go /back
          to (the engine's "use /back" led to "no earlier answer"): how to begin one;
        - after the advice, the engine's warning for emergency signs in someone else was
          all (it ends "answer the questions below", with none below): that the
          consultation is finished follows, as it does for an edit with no such signs."""
        _ = self._(language)
        if Notice.EDIT_NOT_AN_ANSWER not in turn.notices:
            finished = turn.conversation is not None and turn.conversation.finished
            if finished and turn.notices == (Notice.SOMEONE_ELSE_IN_DANGER,):
                # after the advice the engine says only what to do for them (its "answer
                # the questions below" with none below): what the message did here too
                said = escape(_(notice_text(Notice.ALREADY_FINISHED, Surface.TELEGRAM)))
                return replace(turn, messages=[*turn.messages, Message("notice", said)])
            return turn  # the engine's own answer: an emergency, a finished consultation
        nothing_open = turn.conversation is None
        if incoming.before_question and not nothing_open:
            said = texts.SENT_BEFORE_THE_QUESTION
        elif incoming.forwarded:
            said = texts.FORWARDED_NOTHING_OPEN if nothing_open else texts.FORWARDED
        elif nothing_open:
            said = texts.EDITED_NOTHING_OPEN
        else:
            return turn
        engine_said = escape(_(notice_text(Notice.EDIT_NOT_AN_ANSWER, Surface.TELEGRAM)))
        messages = [
            replace(m, text=escape(_(said))) if m.kind == "notice" and m.text == engine_said else m
            for m in turn.messages
        ]
        return replace(turn, messages=messages)

    def _tap_refused(
        self, incoming: Incoming, before: Conversation | None, turn: Turn, language: str
    ) -> Decision:
        """A tap that changed nothing, answered with why: a toast, not a new message,
        where the chat already shows what to do instead.

        With no conversation at all (deleted by /forget or the retention purge) "already
        answered" would be untrue, and the way on is a command: it is said in the chat."""
        _ = self._(language)
        closed = _closed_keyboard(incoming, before)
        if before is None:
            sent = layout.send(incoming.chat_id, escape(_(texts.DELETED_TAP)))
            return Decision(calls=sent + closed)
        if Notice.PICK_ONE in turn.notices:  # Done with nothing ticked
            return Decision(toast=_(notice_text(Notice.PICK_ONE, Surface.TELEGRAM)))
        if before.finished:  # "already answered" was untrue of a question an emergency left
            return Decision(
                calls=closed, toast=_(notice_text(Notice.ALREADY_FINISHED, Surface.TELEGRAM))
            )
        return Decision(calls=closed, toast=_(_refusal(incoming, before)))

    def _answer(
        self, incoming: Incoming, language: str, bot_username: str | None, asking: bool
    ) -> Decision:
        """The adapter's own answer to an action; `asking`: a consultation's question is open."""
        _ = self._(language)
        decision = Decision()
        chat = incoming.chat_id

        def say(text: str, markup: dict[str, Any] | None = None) -> None:
            decision.calls.extend(layout.send(chat, escape(text), markup, incoming.place))

        def close_keyboard(text: str) -> None:
            """Show the question whose button was tapped without its buttons."""
            if incoming.message_id is not None:
                decision.calls.append(layout.edit(chat, incoming.message_id, escape(text)))

        match incoming.action:
            case Action.HELP:
                if incoming.private:
                    say(f"{_(texts.HELP)}\n\n{_(texts.TEACHER_HELP)}")
                else:
                    say(_(texts.GROUP_HELP))
            case Action.ABOUT:
                say(self._about(language))
            case Action.PRIVACY:
                say(self._privacy(language))
            case Action.FORGET_ASK:
                say(_(texts.FORGET_CONFIRM), _forget_keyboard(_))
            case Action.FORGET_YES:
                decision.forget = True
                close_keyboard(_(texts.FORGET_CONFIRM))
                say(_(texts.FORGOTTEN))
            case Action.FORGET_NO:
                close_keyboard(_(texts.FORGET_CONFIRM))
                say(_(texts.FORGET_KEPT))
            case Action.LANGUAGE_ASK:
                prompt = texts.LANGUAGE_PROMPT if incoming.private else texts.GROUP_LANGUAGE_PROMPT
                say(_(prompt), self._language_keyboard())
            case Action.LANGUAGE_SET if incoming.chosen_language in self.catalogs.shipped:
                chosen = incoming.chosen_language
                assert chosen is not None
                in_chosen = self._(chosen)
                if incoming.private:
                    decision.language = chosen
                    prompt, done = texts.LANGUAGE_PROMPT, texts.LANGUAGE_SET
                else:
                    decision.chat_language = chosen
                    prompt, done = texts.GROUP_LANGUAGE_PROMPT, texts.GROUP_LANGUAGE_SET
                close_keyboard(in_chosen(prompt))
                say(in_chosen(done))
            case Action.ADMINS_ONLY:
                if incoming.callback_id is not None:
                    decision.toast = _(texts.GROUP_LANGUAGE_ADMINS_ONLY)
                else:
                    say(_(texts.GROUP_LANGUAGE_ADMINS_ONLY))
            case Action.GROUP:
                link = f"https://t.me/{bot_username}?start={incoming.deep_link}"
                url = link if bot_username else None
                say(
                    _(texts.GROUP), layout.url_keyboard(_(texts.GROUP_BUTTON), url) if url else None
                )
            case Action.GROUP_FORGET:
                link = f"https://t.me/{bot_username}?start={incoming.deep_link}"
                keyboard = (
                    layout.url_keyboard(_(texts.GROUP_BUTTON), link) if bot_username else None
                )
                say(_(texts.GROUP_FORGET), keyboard)
            case Action.EDITED:
                say(_(texts.EDITED))
            case Action.FORWARDED_OWN:
                say(_(texts.FORWARDED_OWN if asking else texts.FORWARDED_OWN_NOTHING_OPEN))
            case Action.CHANNEL:
                say(_(texts.CHANNEL))
            case Action.UNSUPPORTED:
                # "Please answer the question" where none is open (a first message, after
                # the advice) left the person with nothing to answer and no way on.
                say(_(texts.UNSUPPORTED if asking else texts.UNSUPPORTED_NOTHING_OPEN))
            case Action.UNHEARD:
                say(_(texts.UNHEARD if asking else texts.UNHEARD_NOTHING_OPEN))
            case Action.UNKNOWN_COMMAND:
                say(_(texts.UNKNOWN_COMMAND))
            case Action.GROUP_ONLY:
                say(_(texts.GROUP_ONLY_COMMAND))
            case Action.RELOAD:
                say(incoming.reload_report)
            case Action.DOUBLE_SENT:
                pass  # the first of the two is answered; a second answer would be to a
                # question not yet seen (a "No" answering the next one, unread)
            case Action.ANSWERED:  # a prompt answered already (/forget's, tapped twice)
                decision.toast = _(texts.STALE_CALLBACK)
            case _:  # forged or outdated button data: it was never a question's
                decision.toast = _(texts.BROKEN_TAP)
        return decision

    def _(self, language: str) -> Callable[[str], str]:
        return self.catalogs.translations(language).gettext

    def _about(self, language: str) -> str:
        translations = self.catalogs.translations(language)
        about = translations.gettext(texts.ABOUT)
        if self.retention_days > 0:
            about += " " + texts.retention(translations.ngettext, self.retention_days)
            about += " " + translations.gettext(texts.ABOUT_TEACHING)
        return f"{about}\n\n{translations.gettext(texts.ABOUT_SOURCES)}"

    def _privacy(self, language: str) -> str:
        """What is stored, for how long (the retention setting), and how /forget deletes it."""
        translations = self.catalogs.translations(language)
        _ = translations.gettext
        if self.retention_days > 0:
            kept = texts.retention(translations.ngettext, self.retention_days)
            kept += " " + _(texts.GROUP_SESSION_RETENTION)
            kept += " " + _(texts.ABOUT_TEACHING)
        else:
            kept = _(texts.PRIVACY_NO_RETENTION)
        return f"{_(texts.PRIVACY)}\n\n{kept}\n{_(texts.PRIVACY_FORGET)}"

    def _speaks(self, incoming: Incoming) -> bool:
        """Whether the person's Telegram app is in a language the bot speaks (or says none)."""
        code = incoming.language_code
        if not code or code.replace("_", "-").split("-")[0].lower() == "en":
            return True
        return self.catalogs.resolve(code) != "en"

    def _languages_offered(self, incoming: Incoming, language: str) -> list[Call]:
        """The bot's languages, offered with `/language`'s buttons to a person whose app
        speaks none of them: French, Ukrainian, Portuguese, Arabic or Chinese got English
        with no word of another language, and "did not understand" for each answer typed
        in theirs."""
        names = ", ".join(_native_name(code) for code in self.catalogs.shipped)
        said = self._(language)(texts.LANGUAGES_OFFERED) % {"languages": names}
        return layout.send(incoming.chat_id, escape(said), self._language_keyboard())

    def _language_keyboard(self) -> dict[str, Any]:
        return {
            "inline_keyboard": [
                [{"text": _native_name(code), "callback_data": f"{LANGUAGE_BUTTON}{code}"}]
                for code in self.catalogs.shipped
            ]
        }


def _refusal(incoming: Incoming, before: Conversation) -> str:
    """Why a tap on a consultation's button changed nothing: "already answered" was said
    of every one, true only of a question this consultation answered (and it now says
    that /back asks it again: a tap there is a change of mind). One shown before
    it began is from an earlier consultation (before /restart, or the advice); one shown
    in it whose answer /back took away, one on the open question at its step naming no
    answer it has (forged), or one of a step not reached: the button does not work.
    (A danger sign tapped on a safety check answered before never comes here: the engine
    gives its emergency advice.)"""
    event = incoming.event
    assert isinstance(event, events.Choose | events.Toggle)
    if event.question in before.answers and event.question != before.state:
        return texts.ANSWERED_TAP
    if event.step < before.began_at:
        return texts.EARLIER_TAP
    return texts.BROKEN_TAP


def _closed_keyboard(incoming: Incoming, before: Conversation | None) -> list[Call]:
    """The call that takes away the buttons of a question tapped after it was closed.

    Each process remembers only the keyboards it showed itself (`keyboards.py`): after
    a restart, or where another process served the chat, an old question kept its
    buttons, and each tap on them got the same refusal. A tap names its question and
    step, so one that is not the open question's takes its own keyboard away (cosmetic:
    nothing is lost if Telegram refuses). A refused tap on the open question (a forged
    answer) leaves it as it is."""
    event = incoming.event
    if incoming.message_id is None or not isinstance(event, events.Choose | events.Toggle):
        return []
    if (
        before is not None
        and not before.finished
        and (event.question, event.step)
        == (
            before.state,
            before.step,
        )
    ):
        return []
    params = {"chat_id": incoming.chat_id, "message_id": incoming.message_id}
    return [{"method": "editMessageReplyMarkup", "params": params, layout.COSMETIC: True}]


def _forget_keyboard(_: Callable[[str], str]) -> dict[str, Any]:
    labels = {Action.FORGET_YES: texts.FORGET_YES, Action.FORGET_NO: texts.FORGET_NO}
    return {
        "inline_keyboard": [
            [{"text": _(labels[action]), "callback_data": data}]
            for data, action in FORGET_BUTTONS.items()
        ]
    }


def _native_name(code: str) -> str:
    """A language's name in that language, capitalised ("Español")."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]
