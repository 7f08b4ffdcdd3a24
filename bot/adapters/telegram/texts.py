"""Words the Telegram adapter says itself: commands, help, about, forget."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import N_

#: The command menu (setMyCommands), in the order Telegram shows it.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Start or continue the consultation")),
    ("restart", N_("Start again from the first question")),
    ("back", N_("Go back one question")),
    ("why", N_("Why am I asked this?")),
    ("summary", N_("My answers, to show a doctor")),
    ("learn", N_("Read about facial spasms")),
    ("language", N_("Change the language")),
    ("forget", N_("Delete everything stored about me")),
    ("help", N_("How to use this bot")),
    ("about", N_("Sources, disclaimer and privacy")),
)

HELP = N_(
    "I ask a few short questions about the twitch or spasm in your face, then explain "
    "which pattern your answers fit, what to do now, and which warning signs need a doctor "
    "or an emergency call.\n\n"
    "Tap the buttons, or type the number or the words of an answer.\n"
    "/back goes back one question, /restart starts again, /why explains a question, "
    "/summary lists your answers for a doctor, /learn explains the conditions, "
    "/forget deletes your data."
)

ABOUT = N_(
    "This bot is education, not a diagnosis: only a doctor who examines you can say what "
    "causes your symptoms. If your face droops, an arm or leg is weak or numb, or your "
    "speech is slurred, call 112 (911, 999) now, even if it passes.\n\n"
    "Privacy: we store only your answers and where you are in the consultation, never "
    "anything else you write. /forget deletes everything at once."
)
ABOUT_SOURCES = N_(
    "The explanations follow the NHS, Mayo Clinic, Cleveland Clinic, MSD Manual, NINDS, "
    "the Stroke Association and published research; each answer lists its sources."
)


def retention(ngettext: Callable[[str, str, int], str], days: int) -> str:
    """How long an idle conversation is kept, in the user's language."""
    return ngettext(
        "Conversations left idle for %(days)d day are deleted automatically.",
        "Conversations left idle for %(days)d days are deleted automatically.",
        days,
    ) % {"days": days}


FORGET_CONFIRM = N_(
    "Delete everything stored about you (your answers and your settings)? This cannot be undone."
)
FORGET_YES = N_("Yes, delete everything")
FORGET_NO = N_("No, keep it")
FORGOTTEN = N_("Done: everything stored about you was deleted. Send /start to begin again.")
FORGET_KEPT = N_("Nothing was deleted.")
LANGUAGE_PROMPT = N_("Choose your language:")
LANGUAGE_SET = N_("Language saved.")
GROUP_LANGUAGE_PROMPT = N_("Choose the language I use in this group:")
GROUP_LANGUAGE_SET = N_("Language saved for this group.")
GROUP_LANGUAGE_ADMINS_ONLY = N_("Only the group's admins can change the language I use here.")
UNSUPPORTED = N_(
    "I can only read text messages and button taps. Please answer the question with the "
    "buttons or in words."
)
EDITED = N_(
    "I can't follow edited messages. If you meant a different answer, use /back and answer again."
)
CHANNEL = N_("I only work in private chats. Open a chat with me to start a consultation.")
GROUP = N_(
    "For your privacy I ask about health only in a private chat. Tap the button to talk "
    "to me privately."
)
GROUP_BUTTON = N_("Open a private chat")
STALE_CALLBACK = N_("This question was already answered.")
UNKNOWN_COMMAND = N_("I don't know that command. Send /help to see what I can do.")
SORRY = N_("Sorry, something went wrong on my side. Please try again in a moment.")
DESCRIPTION = N_(
    "I help you understand twitches and spasms of the face — from a harmless eyelid twitch "
    "to hemifacial spasm — and tell you when to see a doctor or call for help. Education, "
    "not diagnosis."
)
RELOADED = N_("Dialogs reloaded: now serving version %(version)s.")
RELOAD_REFUSED = N_(
    "The dialogs were not reloaded; still serving version %(version)s. Problems found:"
)

# -- group quizzes ------------------------------------------------------------------
QUIZ_ADMINS_ONLY = N_("Only the group's admins can start, pause, skip or stop a quiz.")
QUIZ_USAGE = N_(
    "Start a quiz with /quiz [topic] [number of questions] [seconds per question], "
    "e.g. /quiz hfs_mechanism 5 30. Topics:"
)
QUIZ_ALREADY_RUNNING = N_("A quiz is already running here. /stop ends it.")
QUIZ_NOT_RUNNING = N_("No quiz is running here. A group admin can start one with /quiz.")
QUIZ_PAUSED = N_("The quiz will pause after this question. Send /pause again to go on.")
QUIZ_RESUMED = N_("The quiz goes on.")
QUIZ_ANSWER = N_("Answer")
QUIZ_TOP = N_("Leaders so far")
QUIZ_FINAL = N_("Final leaderboard")
QUIZ_NOBODY = N_("Nobody has answered yet.")
QUIZ_STOPPED = N_("The quiz was stopped.")
QUIZ_THANKS = N_("Thank you for playing! Send /learn in a private chat to read more.")


def quiz_started(ngettext: Callable[[str, str, int], str], count: int, seconds: int) -> str:
    return ngettext(
        "Quiz: %(count)d question, %(seconds)d seconds to answer. Vote in the poll!",
        "Quiz: %(count)d questions, %(seconds)d seconds each. Vote in the polls!",
        count,
    ) % {"count": count, "seconds": seconds}


def quiz_score(ngettext: Callable[[str, str, int], str], correct: int) -> str:
    return ngettext("%(correct)d correct", "%(correct)d correct", correct) % {"correct": correct}
