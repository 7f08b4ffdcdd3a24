"""Homework in a student's private chat: a teacher's link opens a quiz, one question at a time.

`https://t.me/<bot>?start=quiz_<topic or code>` arrives as `/start quiz_…`.
The student first reads who will see what (a teacher's quiz: their name,
answers, time and score) and taps Start or No, thanks; nothing is stored
before Start. Each question then comes with one button per option (and Done
when more than one is right); the answer is marked on the question, the
explanation follows, then the next question, and at the end the score.
Buttons carry the quiz, the question's number and the option's place, so a tap
on an old or forged button finds no question waiting for it and gets a toast.
Replies go through the outbox like every turn's (`PrivateReplies`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.adapters.telegram import layout, texts
from bot.adapters.telegram.layout import COSMETIC, Call
from bot.adapters.telegram.private_replies import PrivateReplies, Sender
from bot.adapters.telegram.quiz import quiz_words
from bot.adapters.telegram.teacher_quizzes import sender_of
from bot.assistant import Content
from bot.core import homework
from bot.core.homework import LINK_PREFIX, Homework
from bot.core.render import Button, escape
from bot.core.teacher_quiz import as_code
from bot.core.teaching import QuizBank
from bot.i18n import Catalogs
from bot.storage.teacher_quizzes import TeacherQuizStore

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
#: Button data: "hw:<quiz>:go", "hw:<quiz>:no", "hw:<quiz>:<round>.<place>", "…:<round>.done".
BUTTON = "hw:"
#: `/start quiz_…` (the deep link's payload), as the handler's filter matches it.
LINK_PATTERN = rf"^/start(@\w+)?\s+{LINK_PREFIX}"
TICK = "✓ "


@dataclass(frozen=True)
class Target:
    """What a homework link names: the questions, and how they are said."""

    quiz: str
    bank: QuizBank
    title: str
    questions: list[str]
    #: A teacher's quiz (they see the results), not a topic of the bank.
    by_teacher: bool


class Homeworks:
    def __init__(
        self,
        content: Callable[[], Content],
        store: TeacherQuizStore,
        replies: PrivateReplies,
        catalogs: Catalogs,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.content = content
        self.store = store
        self.replies = replies
        self.catalogs = catalogs
        self.clock = clock

    async def _target(self, name: str, language: str) -> Target | None:
        bank = self.content().quiz
        if bank is not None:
            for topic in bank.topics:
                if topic.id == name.lower():
                    title = self.catalogs.translations(language).gettext(topic.title)
                    questions = homework.questions_of(bank, topic.id)
                    return Target(topic.id, bank, title, questions, by_teacher=False)
        code = as_code(name)
        own = await self.store.get(code) if code else None
        if own is None:
            return None
        await self.store.used(own.code)
        own_bank = own.quiz.bank(own.version)
        questions = homework.questions_of(own_bank, None)
        return Target(own.code, own_bank, own.quiz.title, questions, by_teacher=True)

    def _content(self, target: Target, language: str) -> Callable[[str], str]:
        return quiz_words(target.by_teacher, self.catalogs, language)

    # -- the link --------------------------------------------------------------------

    async def on_link(self, update: Update, context: Context) -> None:
        """`/start quiz_<topic or code>`: who will see what, and Start / No, thanks."""
        message, sender = update.message, sender_of(update)
        if message is None or sender is None:
            return
        bot = context.bot
        language = await self.replies.language(bot, sender)
        if language is None:
            return
        translations = self.catalogs.translations(language)
        _, ngettext = translations.gettext, translations.ngettext
        payload = (message.text or "").split(maxsplit=1)[1] if " " in (message.text or "") else ""
        name = payload.strip()[len(LINK_PREFIX) : 64]
        target = await self._target(name, language)
        if target is None or not target.questions:
            await self.replies.send(bot, sender, say(sender, _(texts.HOMEWORK_UNKNOWN)))
            return
        taken = await self.store.homework(sender.user_id, target.quiz)
        if taken is not None and taken.consented and not taken.finished and taken.fits(target.bank):
            taken.asked(self.clock())
            await self.store.save_homework(sender.user_id, sender.name, taken)
            calls = say(sender, _(texts.HOMEWORK_CONTINUE))
            calls += self._question(sender, target, taken, language)
            await self.replies.send(bot, sender, calls)
            return
        consent = (
            texts.HOMEWORK_CONSENT_TEACHER if target.by_teacher else texts.HOMEWORK_CONSENT_TOPIC
        )
        text = _(consent) % {
            "title": target.title,
            "questions": texts.questions_count(ngettext, len(target.questions)),
        }
        buttons = layout.keyboard(
            [
                Button(_(texts.START_BUTTON), f"{BUTTON}{target.quiz}:go"),
                Button(_(texts.HOMEWORK_NO_BUTTON), f"{BUTTON}{target.quiz}:no"),
            ]
        )
        await self.replies.send(bot, sender, say(sender, text, buttons))

    # -- the buttons -------------------------------------------------------------------

    async def on_tap(self, update: Update, context: Context) -> None:
        """Start, No thanks, an option, or Done."""
        query, sender = update.callback_query, sender_of(update)
        if query is None or sender is None:
            return
        bot = context.bot
        language = await self.replies.language(bot, sender)
        if language is None:
            return
        _ = self.catalogs.translations(language).gettext
        stale = _(texts.STALE_CALLBACK)
        parts = (query.data or "").split(":")
        if len(parts) != 3:
            await self.replies.send(bot, sender, [], toast=stale)
            return
        _prefix, name, action = parts
        target = await self._target(name, language)
        if target is None:
            await self.replies.send(bot, sender, say(sender, _(texts.HOMEWORK_UNKNOWN)))
            return
        taken = await self.store.homework(sender.user_id, target.quiz)
        running = taken is not None and taken.consented and not taken.finished
        if action == "no":
            if running:
                await self.replies.send(bot, sender, [], toast=stale)
                return
            calls = [*close_buttons(sender), *say(sender, _(texts.HOMEWORK_DECLINED))]
            await self.replies.send(bot, sender, calls)
            return
        if action == "go":
            if running and taken is not None and taken.fits(target.bank):
                await self.replies.send(bot, sender, [], toast=stale)
                return
            taken = homework.begin(target.bank, target.quiz, target.questions)
            taken.consented = True
            taken.asked(self.clock())
            await self.store.save_homework(sender.user_id, sender.name, taken)
            calls = [*close_buttons(sender), *self._question(sender, target, taken, language)]
            await self.replies.send(bot, sender, calls)
            return
        if taken is None or not running:
            await self.replies.send(bot, sender, [], toast=stale)
            return
        if not taken.fits(target.bank):
            await self.store.drop_homework(sender.user_id, target.quiz)
            await self.replies.send(bot, sender, say(sender, _(texts.HOMEWORK_CHANGED)))
            return
        await self._answer(update, context, sender, target, taken, action, language)

    async def _answer(
        self,
        update: Update,
        context: Context,
        sender: Sender,
        target: Target,
        taken: Homework,
        action: str,
        language: str,
    ) -> None:
        """A tap on an option (or Done) of the question waiting: tick it, or answer."""
        bot = context.bot
        _ = self.catalogs.translations(language).gettext
        number, _dot, choice = action.partition(".")
        shown = taken.shown[taken.round]
        question = taken.question(target.bank)
        several = len(question.correct) > 1
        place = int(choice) if choice.isdigit() else None
        known = choice == "done" if several else False
        if number != str(taken.round) or not (known or (place is not None and place < len(shown))):
            await self.replies.send(bot, sender, [], toast=_(texts.STALE_CALLBACK))
            return
        if several and place is not None:  # a tick: the same question, its ✓ updated
            taken.toggle(place)
            await self.store.save_homework(sender.user_id, sender.name, taken)
            text, markup = self._question_text(target, taken, language)
            edit = (
                [layout.edit(sender.user_id, sender.message_id, text, markup)]
                if (sender.message_id is not None)
                else []
            )
            await self.replies.send(bot, sender, edit)
            return
        chosen = taken.picked if several else [place or 0]
        if not chosen:
            await self.replies.send(bot, sender, [], toast=_(texts.HOMEWORK_PICK_FIRST))
            return
        asked_text, _markup = self._question_text(target, taken, language, with_hint=False)
        said = self._content(target, language)
        labels = {o.id: said(o.text) for o in question.options}
        mark = ", ".join(labels[shown[i]] for i in sorted(chosen))
        right = taken.answer(target.bank, chosen, self.clock())
        answer = ", ".join(labels[o] for o in shown if o in question.correct)
        verdict = _(texts.HOMEWORK_RIGHT) if right else _(texts.HOMEWORK_WRONG) % {"answer": answer}
        calls: list[Call] = []
        if sender.message_id is not None:
            marked = f"{asked_text}\n\n→ {escape(mark)}"
            calls.append({**layout.edit(sender.user_id, sender.message_id, marked), COSMETIC: True})
        calls += layout.send(
            sender.user_id, f"{escape(verdict)}\n\n{escape(said(question.explanation))}"
        )
        if taken.finished:
            ngettext = self.catalogs.translations(language).ngettext
            score = texts.homework_score(ngettext, taken.score(target.bank), len(taken.questions))
            end = [score, _(texts.HOMEWORK_TEACHER_SEES)] if target.by_teacher else [score]
            calls += layout.send(
                sender.user_id,
                f"<b>{escape(end[0])}</b>" + "".join(f"\n{escape(line)}" for line in end[1:]),
            )
            log.info("a homework was finished")
        else:
            taken.asked(self.clock())
            calls += self._question(sender, target, taken, language)
        await self.store.save_homework(sender.user_id, sender.name, taken)
        await self.replies.send(bot, sender, calls)

    # -- a question ----------------------------------------------------------------------

    def _question(
        self, sender: Sender, target: Target, taken: Homework, language: str
    ) -> list[Call]:
        text, markup = self._question_text(target, taken, language)
        return layout.send(sender.user_id, text, markup)

    def _question_text(
        self, target: Target, taken: Homework, language: str, with_hint: bool = True
    ) -> tuple[str, dict[str, Any]]:
        """The waiting question (Telegram HTML) and its buttons, ticks shown."""
        _ = self.catalogs.translations(language).gettext
        said = self._content(target, language)
        question = taken.question(target.bank)
        several = len(question.correct) > 1
        labels = {o.id: said(o.text) for o in question.options}
        heading = _(texts.HOMEWORK_QUESTION) % {
            "number": taken.round + 1,
            "count": len(taken.questions),
        }
        text = f"<b>{escape(heading)}</b>\n\n{escape(said(question.question))}"
        if several and with_hint:
            text += f"\n\n<i>{escape(_(texts.HOMEWORK_SEVERAL))}</i>"
        data = f"{BUTTON}{taken.quiz}:{taken.round}."
        buttons = [
            Button((TICK if place in taken.picked else "") + labels[option], f"{data}{place}")
            for place, option in enumerate(taken.shown[taken.round])
        ]
        if several:
            buttons.append(Button(_(texts.HOMEWORK_DONE_BUTTON), f"{data}done"))
        return text, {
            "inline_keyboard": [[{"text": b.label, "callback_data": b.data}] for b in buttons]
        }


def say(sender: Sender, text: str, markup: dict[str, Any] | None = None) -> list[Call]:
    return layout.send(sender.user_id, escape(text), markup)


def close_buttons(sender: Sender) -> list[Call]:
    """Take the buttons off the message tapped (the consent, once answered)."""
    if sender.message_id is None:
        return []
    params = {
        "chat_id": sender.user_id,
        "message_id": sender.message_id,
        "reply_markup": {"inline_keyboard": []},
    }
    return [{"method": "editMessageReplyMarkup", "params": params, COSMETIC: True}]
