"""A teacher's own quizzes, in their private chat with the bot: upload, list, replace,
delete, results.

The teacher sends a quiz file (`/template` is an example): the bot answers
every problem at its place (`line:column: message (fix: ...)`, as `spasmbot
validate` does for a dialog), or a code, with the command to run it in a group
and the homework link. A new file with a code as its caption replaces that
quiz. Only the owner of a code lists, replaces, deletes it or gets its
results. Nothing a teacher writes is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.adapters.telegram import incoming, layout, spreadsheet, texts
from bot.adapters.telegram.private_replies import PrivateReplies, Sender
from bot.core import homework, quiz_results, teacher_quiz
from bot.core.homework import LINK_PREFIX
from bot.core.render import escape
from bot.core.teacher_quiz import FILE_MAX_BYTES, FileProblem
from bot.i18n import Catalogs
from bot.storage.teacher_quizzes import StoredQuiz, TeacherQuizStore

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
#: How many problems one answer lists (a file with more is far from a quiz yet).
PROBLEMS_SHOWN = 30
#: The commands of this module, in a private chat.
COMMANDS = incoming.TEACHER_COMMANDS
#: The code the usage texts show as an example.
EXAMPLE_CODE = "ABC234"


def sender_of(update: Update) -> Sender | None:
    person = incoming.person(update)
    user = update.effective_user
    if person is None or user is None or not person.private:
        return None
    query = update.callback_query
    return Sender(
        update.update_id,
        person.user_id,
        person.language_code,
        user.full_name,
        callback_id=query.id if query else None,
        message_id=query.message.message_id if query and query.message else None,
        place=person.place,
    )


def homework_link(bot_username: str | None, quiz: str) -> str:
    return f"https://t.me/{bot_username or 'spasmbot'}?start={LINK_PREFIX}{quiz}"


class TeacherQuizzes:
    def __init__(
        self, store: TeacherQuizStore, replies: PrivateReplies, catalogs: Catalogs
    ) -> None:
        self.store = store
        self.replies = replies
        self.catalogs = catalogs

    # -- a file --------------------------------------------------------------------

    async def on_document(self, update: Update, context: Context) -> None:
        """A file in a private chat: a quiz to check and keep (or to replace one with)."""
        message, sender = update.message, sender_of(update)
        if message is None or message.document is None or sender is None:
            return
        bot = context.bot
        language = await self.replies.language(bot, sender)
        if language is None:
            return
        await self.store.wrote_in(sender.user_id, sender.place.topic)
        translations = self.catalogs.translations(language)
        _, ngettext = translations.gettext, translations.ngettext
        document = message.document
        name = document.file_name or ""
        if not teacher_quiz.is_quiz_file(name):
            await self._say(bot, sender, _(texts.QUIZ_FILE_WRONG_TYPE))
            return
        if document.file_size is not None and document.file_size > FILE_MAX_BYTES:
            problems = [teacher_quiz.too_big(document.file_size)]  # told before any download
            await self._say(bot, sender, self._problems(language, name, problems))
            return
        try:
            file = await bot.get_file(document.file_id)
            content = bytes(await file.download_as_bytearray())
        except TelegramError as exc:
            log.info("could not download a quiz file: %s", type(exc).__name__)
            await self._say(bot, sender, _(texts.QUIZ_FILE_DOWNLOAD_FAILED))
            return
        quiz, problems = teacher_quiz.read_quiz_file(name, content)
        if quiz is None:
            await self._say(bot, sender, self._problems(language, name, problems))
            return
        caption = (message.caption or "").strip()
        code = teacher_quiz.as_code(caption) if caption else None
        count = len(quiz.questions)
        said: list[str] = []
        if code is not None:
            dropped = await self.store.replace(code, sender.user_id, quiz, sender.update_id)
            if dropped < 0:
                await self._say(bot, sender, _(texts.QUIZ_NOT_YOURS) % {"code": code})
                return
            said.append(texts.quiz_replaced(ngettext, quiz.title, count, code))
            if dropped:
                said.append(texts.results_dropped(ngettext, dropped))
        else:
            if caption:
                said.append(_(texts.QUIZ_FILE_BAD_CAPTION) % {"caption": caption[:40]})
            code = await self.store.add(sender.user_id, quiz, sender.update_id)
            said.append(texts.quiz_saved(ngettext, quiz.title, count, code))
        link = homework_link(bot.username, code)
        said.append(_(texts.QUIZ_SAVED_HOW) % {"code": code, "link": link})
        log.info("a teacher's quiz was saved (%d questions)", count)
        await self._say(bot, sender, "\n\n".join(said))

    def _problems(self, language: str, name: str, problems: list[FileProblem]) -> str:
        """Every problem as `line:column: message (fix: ...)`, in the teacher's language."""
        translations = self.catalogs.translations(language)
        _, ngettext = translations.gettext, translations.ngettext
        lines = [texts.file_problems(ngettext, len(problems), name[:64])]
        lines += [problem_line(_, problem) for problem in problems[:PROBLEMS_SHOWN]]
        if len(problems) > PROBLEMS_SHOWN:
            lines.append(texts.more_problems(ngettext, len(problems) - PROBLEMS_SHOWN))
        return "\n".join(lines)

    # -- commands ------------------------------------------------------------------

    async def on_command(self, update: Update, context: Context) -> None:
        """/template, /myquizzes, /delete CODE, /results CODE."""
        message, sender = update.message, sender_of(update)
        if message is None or sender is None:
            return
        parts = incoming.command_parts(message)
        if parts is None:
            return
        name, argument = parts
        bot = context.bot
        language = await self.replies.language(bot, sender)
        if language is None:
            return
        await self.store.wrote_in(sender.user_id, sender.place.topic)
        if name == "template":
            await self._template(bot, sender, language)
        elif name == "myquizzes":
            await self._list(bot, sender, language)
        elif name == "delete":
            await self._delete(bot, sender, language, argument)
        elif name == "results":
            await self._results(bot, sender, language, argument)

    async def _template(self, bot: Bot, sender: Sender, language: str) -> None:
        _ = self.catalogs.translations(language).gettext
        if await self._say(bot, sender, _(texts.TEMPLATE_INTRO)):
            yaml_file = teacher_quiz.TEMPLATE_YAML.encode()
            csv_file = teacher_quiz.TEMPLATE_CSV.encode()
            caption = _(texts.TEMPLATE_YAML_CAPTION)
            await self.replies.send_file(bot, sender, "quiz-example.yml", yaml_file, caption)
            caption = _(texts.TEMPLATE_CSV_CAPTION)
            await self.replies.send_file(bot, sender, "quiz-example.csv", csv_file, caption)

    async def _list(self, bot: Bot, sender: Sender, language: str) -> None:
        translations = self.catalogs.translations(language)
        _, ngettext = translations.gettext, translations.ngettext
        quizzes = await self.store.of_owner(sender.user_id)
        if not quizzes:
            await self._say(bot, sender, _(texts.MY_QUIZZES_NONE))
            return
        lines = [_(texts.MY_QUIZZES_HEADING)]
        for own in quizzes:
            done = await self.store.finished_count(own.code)
            count = texts.questions_count(ngettext, len(own.quiz.questions))
            lines.append(
                f"• {own.code} — “{own.quiz.title}”, {count}, "
                f"{texts.finished_by(ngettext, done)}\n  {homework_link(bot.username, own.code)}"
            )
        lines += ["", _(texts.MY_QUIZZES_HOW)]
        await self._say(bot, sender, "\n".join(lines))

    async def _own(
        self, bot: Bot, sender: Sender, language: str, argument: str, usage: str
    ) -> StoredQuiz | None:
        """The sender's quiz the argument names, or None (and they were told why)."""
        _ = self.catalogs.translations(language).gettext
        words = argument.split()
        code = teacher_quiz.as_code(words[0]) if words else None
        if code is None:
            await self._say(bot, sender, _(usage) % {"example": EXAMPLE_CODE})
            return None
        own = await self.store.get(code)
        if own is None or own.owner_id != sender.user_id:  # someone else's: as if none
            await self._say(bot, sender, _(texts.QUIZ_NOT_YOURS) % {"code": code})
            return None
        return own

    async def _delete(self, bot: Bot, sender: Sender, language: str, argument: str) -> None:
        _ = self.catalogs.translations(language).gettext
        own = await self._own(bot, sender, language, argument, texts.DELETE_USAGE)
        if own is None:
            return
        await self.store.delete(own.code, sender.user_id)
        deleted = _(texts.QUIZ_DELETED) % {"code": own.code, "title": own.quiz.title}
        await self._say(bot, sender, deleted)

    async def _results(self, bot: Bot, sender: Sender, language: str, argument: str) -> None:
        """The homework results of the sender's quiz: a CSV file and how each question went."""
        translations = self.catalogs.translations(language)
        _ = translations.gettext
        own = await self._own(bot, sender, language, argument, texts.RESULTS_USAGE)
        if own is None:
            return
        attempts = await self.store.attempts(own.code)
        if not attempts:
            link = homework_link(bot.username, own.code)
            await self._say(bot, sender, _(texts.RESULTS_NONE) % {"code": own.code, "link": link})
            return
        bank = own.quiz.bank(own.version)
        questions = homework.questions_of(bank, None)
        session, answers, names = homework.as_quiz(bank, questions, attempts)
        finished = sum(1 for a in attempts if a.homework.finished)
        lines = [
            _(texts.HOMEWORK_SUMMARY)
            % {
                "title": own.quiz.title,
                "code": own.code,
                "started": len(attempts),
                "finished": finished,
            },
            "",
            _(texts.HOMEWORK_SUMMARY_HEADING),
        ]
        for result in quiz_results.by_question(bank, session, answers):
            lines.append(
                _(texts.HOMEWORK_SUMMARY_LINE)
                % {
                    "number": result.number,
                    "percent": result.percent_right,
                    "answered": result.answered,
                }
            )
        columns = (_(texts.RESULTS_PLAYER), _(texts.RESULTS_CORRECT), _(texts.RESULTS_SECONDS))
        content = quiz_results.players_csv(
            bank,
            session,
            answers,
            spreadsheet.names_as_text(names),
            columns,
            lambda number: _(texts.RESULTS_QUESTION) % {"number": number},
        )
        if await self._say(bot, sender, "\n".join(lines)):
            caption = _(texts.HOMEWORK_RESULTS_CAPTION) % {"code": own.code}
            filename = f"homework-{own.code}.csv"
            await self.replies.send_file(
                bot, sender, filename, spreadsheet.file_bytes(content), caption
            )

    async def _say(self, bot: Bot, sender: Sender, text: str) -> bool:
        return await self.replies.send(bot, sender, layout.send(sender.user_id, escape(text)))


def problem_line(_: Callable[[str], str], problem: FileProblem) -> str:
    """`line:column: [question N: ]message (fix: ...)`, as `spasmbot validate` says it."""
    message = _(problem.message) % {
        key: _(value) if isinstance(value, str) and key == "form" else value
        for key, value in problem.values.items()
    }
    if problem.question is not None:
        where = _(texts.QUIZ_PROBLEM_QUESTION) % {"number": problem.question}
        message = f"{where}: {message}"
    fix = _(texts.QUIZ_PROBLEM_FIX) % {"fix": _(problem.fix) % problem.values}
    return f"{problem.line}:{problem.column}: {message} ({fix})"
