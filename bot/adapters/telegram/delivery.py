"""Making one committed Bot API call, and what to do when Telegram says no.

Flood control (429) is waited out by the rate limiter; network trouble is
retried with backoff and, if it persists, left for the periodic redelivery;
a user who blocked the bot is reported as such; edits that no longer apply
fall back to a plain message (except the cosmetic mark on an answered
question, which is dropped). What the outcome means for the outbox is the
turn's business (`turns.py`): nothing here touches the database.
"""

from __future__ import annotations

import enum
import html
import logging
import re
import warnings
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from telegram import Bot
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBUserWarning

from bot.adapters.telegram.keyboards import QuestionKeyboards
from bot.adapters.telegram.layout import COSMETIC, Call
from bot.adapters.telegram.stopping import Stopping
from bot.metrics import Metrics

log = logging.getLogger(__name__)

T = TypeVar("T")
#: The longest flood-control wait a direct call sits out before it gives up (seconds).
DIRECT_FLOOD_WAIT_MAX = 60.0


def silence_typed_method_suggestion() -> None:
    """`do_api_request` suggests the typed method whenever one exists ("Please use
    'Bot.sendMessage'"); here the raw call is the point (see `post`), so that
    suggestion is not a warning anyone should see once per reply. Called when the
    application is built (a filter set at import would not outlive a
    `warnings.catch_warnings` block around the import)."""
    warnings.filterwarnings("ignore", message=r"Please use 'Bot\.", category=PTBUserWarning)


_TAGS = re.compile(r"<[^>]+>")
#: Telegram's words when the bot may not send text in a group (an admin restricted it).
TEXT_FORBIDDEN = "not enough rights to send text"
#: Telegram's words when a forum topic can take no post: closed, or deleted.
TOPIC_GONE = ("topic_closed", "topic_deleted", "message thread not found")


def refuses_text(error: BadRequest, params: dict[str, Any]) -> bool:
    """Whether a group refused a post as one it takes no text from the bot at all: its
    rights say so, or the post went to a forum's General topic (no topic named) and
    General is closed or hidden — where the lobby of a quiz started in General, and
    the notice that a quiz's own topic was closed, went nowhere, told to nobody."""
    message = error.message.lower()
    if TEXT_FORBIDDEN in message:
        return True
    return "message_thread_id" not in params and any(words in message for words in TOPIC_GONE)


async def post(bot: Bot, method: str, params: dict[str, Any]) -> Any:
    """Make one stored Bot API call (`sendMessage`, `editMessageText`, `sendPoll`, ...).

    Calls wait in the outbox as the Bot API's own JSON, so they go out as such
    through `Bot.do_api_request` (PTB's public way to make any Bot API call, with
    its rate limiter and error classes). Nothing reads Telegram's answer, so it is
    not turned into PTB objects: building a `Message` for each reply took about
    half of the bot's time per update in the throughput benchmark. Telegram's
    answer is returned as its JSON (a sent message's id is read from it).
    """
    return await bot.do_api_request(method, api_kwargs=params)


async def answer_tap(bot: Bot, callback_id: str | None, toast: str | None = None) -> None:
    """Answer a button tap (its spinner stops; `toast` shows briefly), once it was handled.

    A tap too old to answer, or a network error, changes nothing: the tap was
    handled, only Telegram's spinner stays a little longer."""
    if callback_id is None:
        return
    try:
        await bot.answer_callback_query(callback_id, text=toast)
    except TelegramError as exc:
        log.info("could not answer a button tap: %s", type(exc).__name__)


async def take_buttons_away(bot: Bot, chat_id: int, message_id: int) -> None:
    """Take the buttons off the bot's message `message_id`, whose taps can do nothing
    any more. Cosmetic: a message too old to edit, or a network error, keeps them."""
    try:
        await bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
    except TelegramError as exc:
        log.info("could not take buttons away: %s", type(exc).__name__)


#: Telegram's word for a private chat that is no more (the account deleted).
CHAT_NOT_FOUND = "chat not found"


def where(chat_id: object) -> str:
    """A chat as the log names it: a group by its id, a person's private chat by its kind
    only. The id of a private chat is the person's Telegram id: logged, it named a
    patient in every log the operator keeps and ships, which needs no more than this."""
    if isinstance(chat_id, int) and chat_id < 0:
        return f"group {chat_id}"
    return "private chat"


def gone(chat_id: int, error: TelegramError) -> None:
    """The chat blocked the bot or is gone: said once, with Telegram's reason."""
    log.info(
        "a %s blocked the bot or is gone (%s); its replies are dropped",
        where(chat_id),
        error.message,
    )


class Result(enum.Enum):
    DELIVERED = "delivered"
    RETRY_LATER = "retry_later"
    BLOCKED = "blocked"


class Delivery:
    def __init__(
        self,
        metrics: Metrics,
        backoff: Sequence[float] = (0.5, 1.0, 2.0, 4.0),
        stopping: Stopping | None = None,
    ) -> None:
        self.metrics = metrics
        #: Pauses between attempts when the network fails; then the call waits for redelivery.
        self.backoff = tuple(backoff)
        #: Once the process is asked to stop, a call that fails is not tried again: it
        #: waits in the outbox for the next start.
        self.stopping = stopping or Stopping()
        #: Each chat's open question keyboard, as Telegram took it (`keyboards.py`).
        self.keyboards = QuestionKeyboards()
        #: Groups that refused a message since the last look (`GroupPosts.post`): the bot
        #: may no longer send text there, or not in a forum's General topic, closed or
        #: hidden (`refuses_text`). The refused call is dropped, as any refusal.
        self.text_refused: set[int] = set()
        #: Of those, the groups whose refusal was a forum's General topic, closed or
        #: hidden (not the bot's rights): the teacher is told how to go on in a topic.
        self.general_closed: set[int] = set()

    async def send(self, bot: Bot, chat_id: int, call: Call) -> Result:
        """Make `call` for `chat_id`; whether it went out, must wait, or never will (blocked)."""
        method, params = call["method"], call["params"]
        for attempt, pause in enumerate((*self.backoff, None)):
            try:
                self.keyboards.delivered(chat_id, call, await post(bot, method, params))
                return Result.DELIVERED
            except Forbidden as exc:
                gone(chat_id, exc)
                return Result.BLOCKED
            except ChatMigrated as exc:
                # The group became a supergroup while the call waited (a group's reply
                # in the outbox): Telegram names the new chat, which takes it. Raised, it
                # stopped the start-up's redelivery, at every restart.
                log.info("a group became a supergroup; its waiting call goes there")
                moved = {**params, "chat_id": exc.new_chat_id}
                return await self.send(bot, exc.new_chat_id, {**call, "params": moved})
            except RetryAfter:  # the rate limiter already waited and retried
                self.metrics.retries.labels("flood_control").inc()
                log.warning("flood control persists for %s; will retry later", method)
                return Result.RETRY_LATER
            except BadRequest as exc:
                if chat_id > 0 and CHAT_NOT_FOUND in exc.message.lower():
                    gone(chat_id, exc)  # a deleted account: nothing will ever reach it
                    return Result.BLOCKED
                if chat_id < 0 and refuses_text(exc, params):
                    self._text_refused(chat_id, exc)
                return await self._fallback(bot, method, params, exc, bool(call.get(COSMETIC)))
            except NetworkError as exc:
                if self.stopping.asked:
                    log.warning(
                        "stopping: %s not sent (%s); it waits for the next start",
                        method,
                        type(exc).__name__,
                    )
                    return Result.RETRY_LATER
                if pause is None:
                    log.warning(
                        "network trouble sending %s (%s); will retry later",
                        method,
                        type(exc).__name__,
                    )
                    return Result.RETRY_LATER
                self.metrics.retries.labels("network").inc()
                log.info("network trouble sending %s, attempt %d; retrying", method, attempt + 1)
                if await self.stopping.pause(pause):
                    log.warning("stopping: %s waits for the next start", method)
                    return Result.RETRY_LATER
        return Result.RETRY_LATER  # pragma: no cover - the loop always returns

    def _text_refused(self, chat_id: int, error: BadRequest) -> None:
        """The group took no text from the bot: for its rights, or in a closed General."""
        self.text_refused.add(chat_id)
        if TEXT_FORBIDDEN in error.message.lower():
            self.general_closed.discard(chat_id)
        else:
            self.general_closed.add(chat_id)

    async def direct(self, make: Callable[[], Awaitable[T]], what: str) -> T:
        """Make a call that cannot wait in the outbox (a file, a message sent once, beside
        a turn): the teacher's results, the notice that they went to nobody. Flood control
        (429, after the rate limiter's own retries) and network trouble lost it with one
        INFO line; it is now tried again as a committed call is (`backoff`), a bounded
        number of times, a 429's wait sat out (at most `DIRECT_FLOOD_WAIT_MAX`). What still
        fails, and any refusal, is raised for the caller to log."""
        for attempt, pause in enumerate((*self.backoff, None)):
            try:
                return await make()
            except (BadRequest, Forbidden, ChatMigrated):
                raise  # Telegram's answer: trying again changes nothing
            except RetryAfter as exc:
                if pause is None or self.stopping.asked:
                    raise
                self.metrics.retries.labels("flood_control").inc()
                wait = exc.retry_after
                seconds = wait if isinstance(wait, (int, float)) else wait.total_seconds()
                log.info("flood control for %s, attempt %d; waiting", what, attempt + 1)
                if await self.stopping.pause(min(float(seconds), DIRECT_FLOOD_WAIT_MAX)):
                    raise
            except NetworkError as exc:
                if pause is None or self.stopping.asked:
                    raise
                self.metrics.retries.labels("network").inc()
                log.info(
                    "network trouble sending %s (%s), attempt %d; retrying",
                    what,
                    type(exc).__name__,
                    attempt + 1,
                )
                if await self.stopping.pause(pause):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns

    async def _fallback(
        self,
        bot: Bot,
        method: str,
        params: dict[str, Any],
        error: BadRequest,
        cosmetic: bool = False,
    ) -> Result:
        """What to do when Telegram refuses a call as it is.

        An edit that no longer applies is sent as a new message instead, unless
        it only marked an answered question (`cosmetic`): the next question went
        out before it, and the mark sent below that question would read out of order.
        """
        message = error.message.lower()
        if "message is not modified" in message:
            return Result.DELIVERED  # it already shows what we wanted
        if cosmetic and method in ("editMessageReplyMarkup", "deleteMessage"):
            log.info("an old question's buttons can no longer be taken away; left as they are")
            return Result.DELIVERED
        try:
            if "message_thread_id" in params and any(words in message for words in TOPIC_GONE):
                # The forum topic was closed or deleted after the post was committed (a
                # quiz's result, its final board): marked sent, it was lost in silence.
                # It goes to the group's General topic instead.
                log.info("a forum topic took no %s (closed or deleted); sent to General", method)
                general = {k: v for k, v in params.items() if k != "message_thread_id"}
                try:
                    await post(bot, method, general)
                except BadRequest as closed:
                    if refuses_text(closed, general):  # General is closed (or hidden) too
                        self._text_refused(int(params["chat_id"]), closed)
                    raise
                return Result.DELIVERED
            if method == "editMessageText" and (
                "message to edit not found" in message or "can't be edited" in message
            ):
                if cosmetic:
                    log.info("the answered question can no longer be marked; left as it is")
                    return Result.DELIVERED
                resend = {k: v for k, v in params.items() if k != "message_id"}
                await post(bot, "sendMessage", resend)
                return Result.DELIVERED
            if "parse entities" in message and isinstance(params.get("text"), str):
                plain = {k: v for k, v in params.items() if k != "parse_mode"}
                # Plain text shows `&amp;`, `&lt;` as typed: what the tags spelled, as characters.
                plain["text"] = html.unescape(_TAGS.sub("", str(params["text"])))
                await post(bot, method, plain)
                return Result.DELIVERED
        except Forbidden:
            return Result.BLOCKED
        except TelegramError as exc:
            log.warning("fallback for %s failed: %s", method, type(exc).__name__)
        log.warning(
            "Telegram refused %s in a %s: %s", method, where(params.get("chat_id")), error.message
        )
        return Result.DELIVERED  # it can never succeed; do not retry it forever
