"""A person's update as what they did: an engine event or something the adapter answers.

Pure functions over PTB's `Update`, one per kind of update that
`handlers.routes` sends here; each returns None for an update the bot does
not answer (a bot's message, a command for another bot). No I/O, but for
`learn_comment_thread`, which `groups.Groups.on_thread_message` awaits to keep
the threads of comments under a channel's posts in the storage.
"""

from __future__ import annotations

import enum
import re
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from telegram import MaybeInaccessibleMessage, Message, MessageEntity, MessageOriginUser, Update
from telegram.constants import ChatType

from bot.core import buttons, events, teacher_quiz
from bot.core.group_session import MAIN, Place
from bot.storage.base import Storage, database_unreachable

#: Commands the engine understands, and the event each one stands for.
ENGINE_COMMANDS: dict[str, events.Event] = {
    "restart": events.Restart(),
    "back": events.Back(),
    "why": events.Why(),
    "summary": events.Summary(),
}
#: Commands whose payload the engine reads: a deep link, a topic.
ENGINE_COMMANDS_WITH_PAYLOAD: dict[str, type[events.Start | events.Learn]] = {
    "start": events.Start,
    "learn": events.Learn,
}
#: Telegram's limit for a deep link's payload; topics are as short.
MAX_PAYLOAD = 64
#: What Telegram takes as a deep link's payload (`t.me/<bot>?start=PAYLOAD`).
DEEP_LINK = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: A deep link's payload that names a language: 'ru', 'es', 'de', 'en'.
LANGUAGE_LINK = re.compile(r"[A-Za-z]{2}")
#: Button data of a language choice: "lang:" and a language code.
LANGUAGE_BUTTON = "lang:"


class Action(enum.Enum):
    """What the adapter itself answers, without the engine."""

    HELP = "help"
    ABOUT = "about"
    #: What is stored and for how long (Telegram's "Privacy Policy" sends /privacy).
    PRIVACY = "privacy"
    FORGET_ASK = "forget_ask"
    FORGET_YES = "forget_yes"
    FORGET_NO = "forget_no"
    LANGUAGE_ASK = "language_ask"
    LANGUAGE_SET = "language_set"
    UNSUPPORTED = "unsupported"
    #: A voice message, a video message (video note) or an audio file: the bot cannot
    #: listen to it, and says so; the open question is shown again.
    UNHEARD = "unheard"
    EDITED = "edited"
    #: One of the bot's own messages forwarded back to it: not the person's words.
    FORWARDED_OWN = "forwarded_own"
    CHANNEL = "channel"
    #: In a group: the bot only teaches there, and offers a private chat instead.
    GROUP = "group"
    #: /forget in a group: it works in a private chat, which the button opens at it.
    GROUP_FORGET = "group_forget"
    #: An operator asks to reload the dialogs (`/reload`, bot admins only).
    RELOAD = "reload"
    #: A group member who is not an admin tried to change a group setting.
    ADMINS_ONLY = "admins_only"
    UNKNOWN_COMMAND = "unknown_command"
    #: A group session's command in a private chat: it works in a group.
    GROUP_ONLY = "group_only"
    #: Button data that is not (or no longer) ours: forged, changed, over 64 bytes.
    STALE = "stale"
    #: A one-time prompt's button (/forget's) tapped once it was answered.
    ANSWERED = "answered"
    #: The words just read, sent again at once (Send tapped twice): answered once.
    DOUBLE_SENT = "double_sent"


#: Commands the adapter answers itself, in private chats and groups alike.
OWN_COMMANDS: dict[str, Action] = {
    "help": Action.HELP,
    "about": Action.ABOUT,
    "privacy": Action.PRIVACY,
    "language": Action.LANGUAGE_ASK,
}


#: A group's teaching sessions: quizzes and case studies (`groups.py` takes them there).
SESSION_COMMANDS = ("quiz", "case", "next", "pause", "stop", "score")

#: The consultation's commands: in a group they get the offer of a private chat.
#: The deep link that opens the private chat at /forget's question (`?start=forget`).
FORGET_LINK = "forget"
CONSULTATION_COMMANDS = frozenset(
    {*ENGINE_COMMANDS, *ENGINE_COMMANDS_WITH_PAYLOAD, "forget", "reload"}
)
#: A teacher's commands for their own quizzes, in a private chat (`teacher_quizzes.py`).
TEACHER_COMMANDS = ("template", "myquizzes", "delete", "results")

#: /forget's confirmation buttons.
FORGET_BUTTONS = {"forget:yes": Action.FORGET_YES, "forget:no": Action.FORGET_NO}


@dataclass(frozen=True)
class Incoming:
    """One update of a person, in a chat, as the turn handles it."""

    update_id: int
    chat_id: int
    user_id: int
    #: The person's Telegram app language (the fallback when they chose none).
    language_code: str | None
    #: A one-to-one chat; in groups the bot only teaches and asks nobody about health.
    private: bool = True
    event: events.Event | None = None
    action: Action | None = None
    #: LANGUAGE_SET: the language the tapped button names.
    chosen_language: str | None = None
    #: RELOAD: what the reload did, in the admin's words (set by the turn, which reloads).
    reload_report: str = ""
    #: A button tap: its id, answered once the turn is committed.
    callback_id: str | None = None
    #: The message a tapped button belongs to (edited to show the answer).
    message_id: int | None = None
    #: The forum topic (of a group, or of a private chat) or the comments under a
    #: channel's post the update was written in: the answer goes there too.
    place: Place = MAIN
    #: GROUP: what the private chat offered opens with (`/start learn_hfs` typed in a group).
    deep_link: str = ""
    #: A message forwarded from someone else: read for danger signs, it answers nothing
    #: (its event is an edit's, `events.Typed(..., edited=True)`; `actions.py` says why).
    forwarded: bool = False
    #: The person's own words, sent no later than the open question was (the question
    #: before it answered meanwhile, by a tap on another device or a message sent a
    #: moment earlier): read for danger signs as an edit is, they answer nothing.
    before_question: bool = False
    #: The person's own words (typed, or a caption): the message's date, in seconds
    #: (`turns.DoubleSends` tells a second tap on Send from an answer to the next question).
    sent_at: float | None = None
    #: The person's own words sent with Telegram's Reply on one of the bot's messages:
    #: that message's id (`turns.Turns.take` says when it was an earlier question's).
    replied_to: int | None = None
    #: /start, /restart: the person's words typed after it that are no deep link ("/start
    #: my face droops since an hour"): read as their first answer (`actions.Actions._think`).
    words: str = ""
    #: Any other command in a private chat: the words typed after it ("/summary my face
    #: droops", "/help my arm went numb"). The command does what it does, and the words
    #: are read for danger signs as an edit is: they answer nothing (`actions.Actions`).
    aside: str = ""
    #: /start with a language's code as its deep link (`t.me/<bot>?start=ru`, a clinic's
    #: leaflet): the consultation is in that language unless one was chosen before.
    link_language: str = ""


def person(update: Update, threads: CommentThreads | None = None) -> Incoming | None:
    """Who wrote, where, in which update; None when it is not a person's (a bot, a channel).
    `threads`: the application's comment threads seen (`topic`); a private chat needs none.

    An admin who "remains anonymous" writes as the group itself (Telegram shows a bot
    as the sender): only admins can, so the group's own id stands for an admin."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return None
    sender_chat = update.message.sender_chat if update.message else None
    as_group = sender_chat is not None and sender_chat.id == chat.id
    if user.is_bot and not as_group:
        return None
    return Incoming(
        update.update_id,
        chat.id,
        chat.id if as_group else user.id,
        user.language_code,
        chat.type == ChatType.PRIVATE,
        place=topic(update.effective_message, threads),
    )


#: Comment threads under channel posts remembered (the least recently seen go first).
REMEMBERED_THREADS = 10_000


class CommentThreads:
    """The threads of comments under a channel's posts seen, by discussion group and root.

    Telegram numbers every thread of replies in a supergroup, a reply to a reply carrying
    the id of the chain's first message; only a reply to the root itself shows it, the
    post's copy (`is_automatic_forward`). So a command written as a reply to a comment
    could not be told from one in a thread of the main chat: a root seen (the post's copy
    itself, or a comment on it) is remembered, here and in the database
    (`learn_comment_thread`), which a restarted process, or another one, asks about a
    thread it has not seen. Each application keeps its own (`groups.Groups.threads`)."""

    def __init__(self, size: int = REMEMBERED_THREADS) -> None:
        self.size = size
        self._seen: OrderedDict[tuple[int, int], None] = OrderedDict()

    def note(self, chat_id: int, root: int) -> None:
        self._seen[chat_id, root] = None
        self._seen.move_to_end((chat_id, root))
        while len(self._seen) > self.size:
            self._seen.popitem(last=False)

    def __contains__(self, where: object) -> bool:
        return where in self._seen


def topic(message: MaybeInaccessibleMessage | None, threads: CommentThreads | None) -> Place:
    """The forum topic `message` is in, if any, or the comments under a channel's post it
    is in, known by the thread's root, the post's copy (an automatic forward) that posts
    there reply to (`layout.where`). Answered in the main chat, a command written in the
    comments (a comment on the post, or a reply to a comment deeper in the thread, known
    from `threads`: `CommentThreads`) went where their readers do not look. Other threads
    of replies are not places to post to."""
    if not isinstance(message, Message):
        return MAIN
    if message.is_topic_message:
        return Place(topic=message.message_thread_id)
    root = message.reply_to_message
    thread = message.message_thread_id
    if not thread or root is None:
        return MAIN
    if root.is_automatic_forward and root.message_id == thread:
        return Place(comments_on=thread)
    if threads is not None and (message.chat.id, thread) in threads:
        return Place(comments_on=thread)
    return MAIN


async def learn_comment_thread(message: Message, storage: Storage, threads: CommentThreads) -> None:
    """Before `topic` is asked where `message` is: a channel post's copy (the root of its
    comments) or a comment on it is remembered in `threads`, and kept in `storage`; a
    reply deeper in a thread not remembered there is looked up in `storage`. Only kept
    in memory, the threads were forgotten at a restart: /quiz written as a reply to a
    comment then ran in the discussion group's main chat. A database that cannot be
    reached leaves the thread unknown (answered in the main chat, as before), the update
    not held up."""
    chat, thread = message.chat.id, message.message_thread_id
    reply = message.reply_to_message
    if message.is_automatic_forward:
        root = message.message_id
    elif not thread or message.is_topic_message or reply is None:
        return
    elif reply.is_automatic_forward and reply.message_id == thread:
        root = thread
    else:
        if (chat, thread) not in threads and await _stored(storage, chat, thread):
            threads.note(chat, thread)
        return
    if (chat, root) in threads:
        return
    threads.note(chat, root)
    try:
        await storage.comment_thread_seen(chat, root)
    except Exception as error:
        if not database_unreachable(error):
            raise


async def _stored(storage: Storage, chat: int, thread: int) -> bool:
    try:
        return await storage.is_comment_thread(chat, thread)
    except Exception as error:
        if not database_unreachable(error):
            raise
        return False


def command_parts(message: Message) -> tuple[str, str] | None:
    """The command's name (lower case) and what follows it; None if it is for another bot.

    The command ends at any white space, as Telegram's `bot_command` entity does: a line
    break after it (Enter on a phone, Shift+Enter on a desktop: "/summary⏎my face droops")
    made the name "summary⏎my", a command of no name: "Sorry, something went wrong" in a
    private chat, the danger sign unread; "Nothing is running here" for a group's /quiz."""
    head, rest = _split_command(message.text or "")
    name, _, addressee = head[1:].partition("@")
    bot_username = message.get_bot().username
    if addressee and bot_username and addressee.lower() != bot_username.lower():
        return None
    return name.lower(), rest


def _addressed(message: Message) -> bool:
    """Whether the command names a bot (`/x@bot`): this one, as `command_parts` found."""
    return "@" in _split_command(message.text or "")[0]


def _split_command(text: str) -> tuple[str, str]:
    """A command and the words after it, parted at the first white space of any kind."""
    head, *rest = text.split(maxsplit=1) or [""]
    return head, rest[0].strip() if rest else ""


def engine_command(update: Update) -> Incoming | None:
    """/start, /learn, /restart, /back, /why, /summary in a private chat."""
    assert update.message is not None
    sender, parts = person(update), command_parts(update.message)
    if sender is None or parts is None:
        return None
    name, argument = parts
    with_payload = ENGINE_COMMANDS_WITH_PAYLOAD.get(name)
    words = without_links(update.message, argument) if argument else ""
    if with_payload is events.Start and argument.lower() == FORGET_LINK:
        # the button under /forget sent in a group: its question, no consultation begun
        return replace(sender, action=Action.FORGET_ASK)
    if with_payload is events.Start and argument and not DEEP_LINK.fullmatch(argument):
        # words, not a link's payload: "/start my face suddenly droops" began a
        # consultation, its emergency never read
        return replace(sender, event=events.Start(), words=words)
    if with_payload is events.Start and LANGUAGE_LINK.fullmatch(argument):
        return replace(sender, event=events.Start(), link_language=argument.lower())
    if with_payload is not None:
        # "/learn my face droops": no topic, and words that may tell a danger sign
        aside = "" if DEEP_LINK.fullmatch(argument or "x") else words
        return replace(sender, event=with_payload(argument[:MAX_PAYLOAD]), aside=aside)
    if name == "restart":  # "/restart I can't speak properly": as /start with words
        return replace(sender, event=ENGINE_COMMANDS[name], words=words)
    # "/summary my face droops", "/back and my face is drooping": the command, and the
    # words read for danger signs (they were dropped unread)
    return replace(sender, event=ENGINE_COMMANDS[name], aside=words)


def own_command(update: Update) -> Incoming | None:
    """/help, /about, /privacy, /language, in any chat."""
    assert update.message is not None
    sender, parts = person(update), command_parts(update.message)
    if sender is None or parts is None:
        return None
    return replace(sender, action=OWN_COMMANDS[parts[0]], aside=_aside(update, sender, parts))


def _aside(update: Update, sender: Incoming, parts: tuple[str, str]) -> str:
    """The words typed after a command the engine does not run, in a private chat: read
    for danger signs ("/help my arm went numb" was answered with the help alone)."""
    assert update.message is not None
    if not sender.private or not parts[1]:
        return ""
    return without_links(update.message, parts[1])


def forget(update: Update) -> Incoming | None:
    """/forget: asks before it deletes anything."""
    assert update.message is not None
    sender, parts = person(update), command_parts(update.message)
    doing = _doing(update, Action.FORGET_ASK)
    if doing is None or sender is None or parts is None:
        return doing
    return replace(doing, aside=_aside(update, sender, parts))


def reload(update: Update) -> Incoming | None:
    """/reload: the turn checks that the sender is an admin before anything is reloaded."""
    return _doing(update, Action.RELOAD)


def other_command(update: Update) -> Incoming | None:
    """Any other command: one the bot does not know, or in a group, not one for groups —
    a consultation's gets the offer of a private chat, a teacher's or one addressed to
    the bot (`/x@bot`) the group's help, another bot's bare command nothing; in a private
    chat, a group session's is told where it works (a teacher trying /quiz CODE)."""
    assert update.message is not None
    sender, parts = person(update), command_parts(update.message)
    if sender is None or parts is None:
        return None
    if sender.private:
        group_only = parts[0] in SESSION_COMMANDS
        action = Action.GROUP_ONLY if group_only else Action.UNKNOWN_COMMAND
        return replace(sender, action=action, aside=_aside(update, sender, parts))
    if parts[0] not in CONSULTATION_COMMANDS:
        if parts[0] not in TEACHER_COMMANDS and not _addressed(update.message):
            # Another bot's (a moderation bot's /warn, /ban): each got the whole group
            # help, noise in a group of several bots. `/x@thisbot` is still answered.
            return None
        return replace(sender, action=Action.HELP)
    if parts[0] == "forget":  # was "I ask about health only in a private chat"
        return replace(sender, action=Action.GROUP_FORGET, deep_link=FORGET_LINK)
    return replace(sender, action=Action.GROUP, deep_link=deep_link(*parts))


def deep_link(command: str, argument: str) -> str:
    """The payload that opens the private chat where `/command argument` typed in a group
    asked to go: `/start learn_hfs` and `/learn hfs` both open that topic ("" if none, or
    not one Telegram takes). Without it, the group's button began a consultation instead."""
    payload = {"start": argument, "learn": f"learn_{argument}" if argument else ""}.get(command)
    return payload if payload and DEEP_LINK.fullmatch(payload) else ""


def tap(update: Update) -> Incoming | None:
    """A tap on an inline button: an answer, a language, /forget's confirmation, or stale."""
    query = update.callback_query
    assert query is not None
    sender = person(update)
    if sender is None:
        return None
    return replace(
        sender,
        callback_id=query.id,
        message_id=query.message.message_id if query.message else None,
        **_tapped(query.data or "", sender.private),
    )


def _tapped(data: str, private: bool) -> dict[str, Any]:
    """What a button's `data` asks for, as the `Incoming` fields that say it."""
    if data.startswith(LANGUAGE_BUTTON) and 2 <= len(data) - len(LANGUAGE_BUTTON) <= 10:
        return {"action": Action.LANGUAGE_SET, "chosen_language": data[len(LANGUAGE_BUTTON) :]}
    if not private:
        return {"action": Action.GROUP}
    if data in FORGET_BUTTONS:
        return {"action": FORGET_BUTTONS[data]}
    event = buttons.parse(data)
    if event is None:
        return {"action": Action.STALE}
    return {"event": event}


def edit(update: Update) -> Incoming | None:
    """An edited message in a private chat: read for danger signs, else "edits change nothing"."""
    assert update.edited_message is not None
    edited = update.edited_message.text or update.edited_message.caption
    if edited and edited.startswith("/"):  # a command edited: the words after it are read
        edited = _split_command(edited)[1]
    if edited:  # read for danger signs like any message
        words = without_links(update.edited_message, edited)
        return _saying(update, events.Typed(words, edited=True))
    return _doing(update, Action.EDITED)


def message(update: Update) -> Incoming | None:
    """A message in a private chat that is not a command: text, a caption, a sticker, a photo,
    a file that is not a quiz (`is_quiz_document`).

    A photo's caption is read like a message: it may describe a drooping face. Words
    forwarded from someone else are read as an edit is (`forwarded_from`).
    """
    assert update.message is not None
    origin = forwarded_from(update.message)
    if origin is Origin.BOT:
        return _doing(update, Action.FORWARDED_OWN)
    text = update.message.text
    if text is None:
        caption = update.message.caption
        if caption and caption.startswith("/"):
            # "/start my face suddenly droops on one side" under a photo of the face: no
            # command (Telegram runs none from a caption), but the words after it are the
            # person's, read as any caption's are; they got "I can only read text messages"
            caption = _split_command(caption)[1]
        if caption:
            return _read(update, without_links(update.message, caption), origin)
        if update.message.voice or update.message.video_note or update.message.audio:
            # "I can only read text messages" to a voice note: the patient who spoke their
            # answer was not told the bot cannot listen, the question scrolled up past it
            return _doing(update, Action.UNHEARD)
        return _doing(update, Action.UNSUPPORTED)
    if text.startswith("/"):
        if update.message.forward_origin is not None:  # forwarded: never run as a command
            return _read(update, without_links(update.message, text), Origin.OTHER)
        return _doing(update, Action.UNKNOWN_COMMAND)  # a slash, not a command Telegram knew
    return _read(update, without_links(update.message, text), origin)


#: Entities whose text is an address, not words: a web link, an e-mail address.
LINKS = (MessageEntity.URL, MessageEntity.EMAIL)


#: Domain endings of the addresses people paste (a video, a forum, a group's invite):
#: a word ending so after a dot is an address, not a word.
TLD = re.compile(
    "com|org|net|info|io|me|tv|be|ly|gl|co|uk|us|eu|de|at|ch|ru|su|ua|by|kz|рф|es|mx|ar|cl",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_LABEL = re.compile(r"[\w-]+")
#: Marks around an address that are not part of it: '(www.example.de)', 'see vk.com.'
_AROUND = "([{<«\"'.,;:!?)]}>»"


def looks_like_link(word: str) -> bool:
    """Whether `word` (no spaces) is an address Telegram did not mark (a client that sends
    no entities, an address in a caption): a scheme ('https://t.me/…'), 'www.…', an e-mail
    address, a domain with a known ending ('youtube.com/watch?v=…', 'youtu.be/…',
    'vk.com'). Words with dots that are no address ('z.B.', 'т.е.', '3.5') are not. Read
    word by word, in time linear in the text (a pattern over the whole text took a second
    for 4096 characters of 'a.a.a.')."""
    core = word.strip(_AROUND)
    if _SCHEME.match(core) or core[:4].lower() == "www.":
        return True
    host = re.split(r"[/?#]", core, maxsplit=1)[0].rstrip(_AROUND)
    local, at, domain = host.rpartition("@")
    labels = (domain if at else host).split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return False
    return bool(at and local) or TLD.fullmatch(labels[-1]) is not None


def without_links(message: Message, text: str) -> str:
    """`text` (the message's text or caption) with the addresses in it blanked: a YouTube
    link pasted at "Which describes it best?" was noted as "Long reading or screen
    time", 'siehe https://example.com' as 'Stress oder Angst'. Those Telegram marked
    (`url`, `email` entities) first, then what looks like one (`looks_like_link`): 'siehe
    www.example.de/zucken' typed with no entity was noted as 'Stress oder Angst' still.
    The words around a link are read as ever (a link alone is "not understood"); characters
    that show nothing (`INVISIBLE`) are taken out of the words."""
    marked = (
        message.parse_entities(list(LINKS))
        if message.text is not None
        else message.parse_caption_entities(list(LINKS))
    )
    for address in sorted(set(marked.values()), key=len, reverse=True):
        text = text.replace(address, " ")
    words = "".join(" " if looks_like_link(word) else word for word in re.split(r"(\s+)", text))
    return words.translate(INVISIBLE)


#: Characters that show nothing yet split a word for the reader: a zero-width space,
#: non-joiner or joiner, a soft hyphen, a word joiner, a byte order mark, direction marks
#: and embeddings. Pasted text and some keyboards leave them inside words: 'my face
#: dro\u200bops on one side' was "Sorry, I did not understand that", no emergency.
INVISIBLE = dict.fromkeys(
    [
        *(0x00AD, 0x061C, 0x180E, 0xFEFF),
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x206A),
    ]
)


class Origin(enum.Enum):
    """Whose words a private message carries."""

    #: The person's own: typed, or one of their own messages forwarded.
    OWN = "own"
    #: Someone else's, forwarded: another person's, a hidden user's, a group's, a channel's.
    OTHER = "other"
    #: The bot's own message, forwarded back to it.
    BOT = "bot"


def forwarded_from(message: Message) -> Origin:
    """Whose words `message` carries. A forwarded message is not the person's answer:
    taken as typed, a friend's "No" from another chat answered the safety check, and the
    safety check itself forwarded back (it lists face drooping, slurred speech) was read
    as the person telling those signs: the emergency advice, the consultation ended."""
    origin = message.forward_origin
    if origin is None:
        return Origin.OWN
    if isinstance(origin, MessageOriginUser):
        if origin.sender_user.id == message.get_bot().id:
            return Origin.BOT
        if message.from_user is not None and origin.sender_user.id == message.from_user.id:
            return Origin.OWN
    return Origin.OTHER


def _read(update: Update, text: str, origin: Origin) -> Incoming | None:
    """Words to read: the person's own answer, or someone else's forwarded, which is read
    as an edit is (for danger signs; it answers nothing)."""
    if origin is Origin.OWN:
        assert update.message is not None
        replied = replied_to(update.message)
        quote = update.message.quote
        # A reply quoting a sign of the safety check ("face drooping") with "yes, this one"
        # was not understood, and with "no, not this" passed it as "none of these"; typed
        # into the words, the advice's warning line quoted with "ok, thanks" was an
        # emergency. What is quoted of the bot's message goes apart: the engine says when
        # the person's words take it up.
        quoted = quote.text if replied is not None and quote is not None else ""
        sender = _saying(update, events.Typed(text, quoted=quoted))
        if sender is None:
            return None
        return replace(sender, sent_at=update.message.date.timestamp(), replied_to=replied)
    sender = _saying(update, events.Typed(text, edited=True))
    return None if sender is None else replace(sender, forwarded=True)


def replied_to(message: Message) -> int | None:
    """The id of the bot's message `message` replies to (Telegram's Reply), if it does."""
    original = message.reply_to_message
    if original is None or original.from_user is None:
        return None
    return original.message_id if original.from_user.id == message.get_bot().id else None


#: Files whose caption and content are a person's, not a quiz: a photo, a video or a
#: voice recording sent "as a file".
MEDIA_TYPES = ("image/", "video/", "audio/")


def is_quiz_document(message: Message) -> bool:
    """Whether a file is for the teacher's quiz reader: a .yml, .yaml or .csv; a file
    captioned with a quiz's code (a replacement, told if its type is wrong); any other
    file without a caption (told which files are quizzes). A photo sent as a file, or a
    file with words of the person's ("my face droops since an hour"), is their message:
    its caption is read for danger signs like a photo's; answered as quiz files, a
    danger sign captioned on them got "I read quizzes from .yml, .yaml or .csv files"."""
    document = message.document
    if document is None:
        return False
    if teacher_quiz.is_quiz_file(document.file_name or ""):
        return True
    if message.caption:
        return teacher_quiz.as_code(message.caption) is not None
    return not (document.mime_type or "").startswith(MEDIA_TYPES)


def channel_post(update: Update) -> Incoming | None:
    """A post in a channel the bot was made an admin of that speaks to it (a command, or
    its @username): a short polite answer, nothing else. Any other post is the channel's
    own news: answering each put "I only work in private chats" under every one of them,
    for every subscriber to read."""
    chat, post = update.effective_chat, update.channel_post
    assert chat is not None and post is not None
    if not _speaks_to_the_bot(post):
        return None
    return Incoming(update.update_id, chat.id, chat.id, None, action=Action.CHANNEL)


def _speaks_to_the_bot(post: Message) -> bool:
    """Whether a channel's post is a command, or names the bot by its @username."""
    if post.text is not None and post.text.startswith("/"):
        return True
    username = f"@{post.get_bot().username}".lower()
    mentions = post.parse_entities([MessageEntity.MENTION]) if post.text else {}
    return any(mention.lower() == username for mention in mentions.values())


def _doing(update: Update, action: Action) -> Incoming | None:
    sender = person(update)
    return None if sender is None else replace(sender, action=action)


def _saying(update: Update, event: events.Event) -> Incoming | None:
    sender = person(update)
    return None if sender is None else replace(sender, event=event)
