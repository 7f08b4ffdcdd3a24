"""Words the Telegram adapter says itself, beside what the engine's replies render to.

The consultation's questions, advice and notices come from `dialogs/` through the
renderer. What only Telegram has is worded here: the command menus, /help, /about,
/privacy and /forget, why a tap, an edit, a forward, a sticker or a voice note changed
nothing, and what group sessions, teachers' quizzes and homework post (a quiz file's
problems are worded in `bot/core/teacher_quiz.py`, where they are found). Each is marked
with `N_` so Babel extracts it into the same catalogs; the callers translate it in the
chat's language when they say it.
"""

from __future__ import annotations

from collections.abc import Callable

from babel.numbers import format_decimal

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
    ("privacy", N_("What is stored about me, for how long")),
    ("template", N_("An example quiz file (teachers)")),
    ("myquizzes", N_("Your own quizzes (teachers)")),
)

#: The command menu of a group's admins (scope: all chat administrators).
GROUP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("quiz", N_("Start a quiz (admins)")),
    ("case", N_("Walk through a patient story (admins)")),
    ("next", N_("Skip to the next question (admins)")),
    ("pause", N_("Pause after this question (admins)")),
    ("stop", N_("End the quiz or case study (admins)")),
    ("score", N_("How the session stands")),
    ("language", N_("Change the language here (admins)")),
    ("help", N_("What I do in a group")),
    ("privacy", N_("What is stored about me, for how long")),
)
#: The command menu of a group's other members (scope: all group chats): what any of
#: them may use. Shown the admins' commands, a student who tapped /stop mid-quiz posted it
#: for the class to read, and the bot's refusal under it.
MEMBER_COMMANDS = tuple(
    (name, description)
    for name, description in GROUP_COMMANDS
    if name in ("score", "help", "privacy")
)

HELP = N_(
    "I ask a few short questions about the twitch or spasm in your face, then explain "
    "which pattern your answers fit, what to do now, and which warning signs need a doctor "
    "or an emergency call.\n\n"
    "Tap the buttons, or type the number or the words of an answer.\n"
    "/back goes back one question, /restart starts again, /why explains a question, "
    "/summary lists your answers for a doctor, /learn explains the conditions, "
    "/privacy says what is stored and for how long, /forget deletes your data."
)

ABOUT = N_(
    "This bot is education, not a diagnosis: only a doctor who examines you can say what "
    "causes your symptoms. If your face droops, an arm or leg is weak or numb, or your "
    "speech is slurred, call 112 (911, 999) now, even if it passes.\n\n"
    "Privacy: we store only your answers and where you are in the consultation, never "
    "anything else you write. /forget deletes everything at once."
)
ABOUT_TEACHING = N_(
    "Quizzes that teachers send me, and the answers students give in homework, are kept "
    "for the same time; /forget deletes them too."
)
ABOUT_SOURCES = N_(
    "The explanations follow the NHS, Mayo Clinic, Cleveland Clinic, MSD Manual, NINDS, "
    "the Stroke Association and published research; each answer lists its sources."
)

#: /privacy (Telegram's "Privacy Policy" on the bot's profile sends it): what is kept, then
#: for how long (`retention` and `ABOUT_TEACHING`, or `PRIVACY_NO_RETENTION`), then /forget.
PRIVACY = N_(
    "What I store about you:\n"
    "• in a consultation: your answers, the emergency signs you mentioned, how long it has "
    "lasted and the medicines you named, and the days it started and ended, so that you can "
    "go on later and get /summary. Nothing else you write is stored;\n"
    "• the language you chose;\n"
    "• teachers: the quizzes you send me; students: your homework answers with your "
    "Telegram name, which your teacher sees;\n"
    "• in a group quiz or case study: your name and votes, for the leaderboard; they are "
    "deleted when it ends.\n"
    "My replies are kept only until Telegram has them, and my logs never hold what you write."
)
#: /privacy with a retention period, after `retention`: a group session nobody moved on
#: for as long is purged (`sql.PURGE_GROUP_SESSIONS`), ended or not.
GROUP_SESSION_RETENTION = N_(
    "A group quiz or case study left unfinished that long is deleted too, with its players' "
    "names and votes."
)
#: /privacy without a retention period: what still goes by itself (a group session's names
#: and votes, when it ends: `teaching.py`), and that the rest waits for /forget.
PRIVACY_NO_RETENTION = N_(
    "A group quiz's or case study's names and votes are deleted when it ends; nothing else "
    "is deleted automatically: it stays until you send /forget."
)
PRIVACY_FORGET = N_("/forget deletes all of it at once; it asks before deleting anything.")


def retention(ngettext: Callable[[str, str, int], str], days: int) -> str:
    """How long an idle conversation is kept, in the user's language."""
    return ngettext(
        "Conversations left idle for %(days)d day are deleted automatically.",
        "Conversations left idle for %(days)d days are deleted automatically.",
        days,
    ) % {"days": days}


#: What /forget deletes, all of it said: a teacher's quizzes go with their students'
#: results. Messages already sent stay where they were sent (Telegram keeps them).
FORGET_CONFIRM = N_(
    "Delete everything stored about you: your answers and settings, your name and votes "
    "in group quizzes, your homework, and the quizzes you made with your students' "
    "results? Messages already sent stay in their chats. This cannot be undone."
)
FORGET_YES = N_("Yes, delete everything")
FORGET_NO = N_("No, keep it")
FORGOTTEN = N_(
    "Done: everything stored about you was deleted. Messages already sent stay in their "
    "chats. Send /start to begin again."
)
FORGET_KEPT = N_("Nothing was deleted.")
LANGUAGE_PROMPT = N_("Choose your language:")
#: To a person whose Telegram app is in a language the bot does not speak, who chose none
#: (at the first reply, and with each "did not understand"): the shipped languages, each
#: named in itself; `/language`'s buttons follow.
LANGUAGES_OFFERED = N_(
    "I can talk with you in %(languages)s. Until you tap one of them below, I write in English."
)
LANGUAGE_SET = N_("Language saved.")
GROUP_LANGUAGE_PROMPT = N_("Choose the language I use in this group:")
GROUP_LANGUAGE_SET = N_("Language saved for this group.")
GROUP_LANGUAGE_ADMINS_ONLY = N_("Only the group's admins can change the language I use here.")
UNSUPPORTED = N_(
    "I can only read text messages and button taps. Please answer the question with the "
    "buttons or in words."
)
#: A voice message, a video message or an audio file while a question is open; the
#: question follows.
UNHEARD = N_(
    "I can't listen to voice, video or audio messages. Please type your answer, or tap a "
    "button of the question below."
)
#: `UNHEARD` when no question is open.
UNHEARD_NOTHING_OPEN = N_(
    "I can't listen to voice, video or audio messages. Please type what is happening in "
    "words, or send /start to begin a consultation."
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
#: /forget sent in a group: what it deletes is asked for, and confirmed, in private.
GROUP_FORGET = N_(
    "To delete everything I keep about you (your answers, your settings, your name and "
    "votes in quizzes), send /forget in a private chat with me: tap the button."
)
STALE_CALLBACK = N_("This question was already answered.")
#: A tap on a consultation's question answered before (a change of mind): /back asks it
#: again (once for each question answered since). Not said of a danger sign tapped on the
#: safety check answered before: the engine takes that as the sign told now.
ANSWERED_TAP = N_(
    "This question was already answered. To change your answer, send /back until it is asked again."
)
#: A tap on a question this consultation never answered: one from before /restart (or a
#: finished consultation), still on screen.
EARLIER_TAP = N_("This button is from an earlier consultation. Please use the latest question.")
#: Button data we never made, or can no longer read (forged, changed, over 64 bytes).
BROKEN_TAP = N_("This button no longer works. Please use the latest question.")
#: A tap on a consultation's button once everything stored was deleted (/forget, retention).
DELETED_TAP = N_(
    "That consultation was deleted, so its buttons no longer do anything. Send /start to "
    "begin a new one."
)
UNKNOWN_COMMAND = N_("I don't know that command. Send /help to see what I can do.")
SORRY = N_("Sorry, something went wrong on my side. Please try again in a moment.")
DESCRIPTION = N_(
    "I help you understand twitches and spasms of the face — from a harmless eyelid twitch "
    "to hemifacial spasm — and tell you when to see a doctor or call for help. Education, "
    "not diagnosis."
)
#: The bot's profile page and a shared link to it (Telegram: up to 120 characters).
SHORT_DESCRIPTION = N_(
    "Facial twitches and spasms explained: what they may be and when to see a doctor. "
    "Education, not diagnosis."
)
RELOADED = N_("Dialogs reloaded: now serving version %(version)s.")
RELOAD_REFUSED = N_(
    "The dialogs were not reloaded; still serving version %(version)s. Problems found:"
)

# -- group sessions: quizzes and case studies ------------------------------------------
GROUP_HELP = N_(
    "In a group I teach; I never ask anyone here about their own health.\n\n"
    "/quiz [topic] [questions] [seconds] starts a quiz of polls with explanations and a "
    "leaderboard; /quiz again runs the last one once more, for another class; /quiz CODE "
    "runs a teacher's own quiz (teachers get a code by sending me their quiz in a private "
    "chat).\n"
    "/case [case] [seconds] walks the group through a patient story: vote in each poll for "
    "what the person in the story would answer.\n"
    "/next skips ahead, /pause waits after the current poll, /stop ends the session, "
    "/score shows how it stands, /language changes my language here, /privacy says what "
    "I store and for how long.\n\n"
    "Group admins start, skip, pause and stop sessions. For a consultation about your own "
    "face, open a private chat with me."
)
TEACHING_ADMINS_ONLY = N_(
    "Only the group's admins can start, pause, skip or stop a quiz or a case study."
)
SESSION_ALREADY_RUNNING = N_("A quiz or case study is already running here. /stop ends it.")
NOTHING_RUNNING = N_(
    "Nothing is running here. A group admin can start a quiz with /quiz or a case study with /case."
)
QUIZ_USAGE = N_(
    "Start a quiz with /quiz [topic] [number of questions] [seconds per question], "
    "e.g. /quiz hfs_mechanism 5 30. Topics:"
)
LOBBY = N_("Admins: tap Start when everyone is here.")
START_BUTTON = N_("▶ Start")
SESSION_STARTED = N_("It has already started.")
QUIZ_NOTHING_TO_REPLAY = N_(
    "There is no earlier quiz here to run again. Start one with /quiz [topic] [questions] "
    "[seconds]."
)
QUIZ_HARDEST = N_("Hardest: %(questions)s.")
QUIZ_QUESTION_RIGHT = N_("question %(number)d, %(percent)d%% right")
RESULTS_CAPTION = N_(
    "Your quiz's results: one row per player, with their correct answers, time and each "
    "question (1 right, 0 wrong, empty: not answered)."
)
#: In the group, when Telegram refused the results file: a bot may not write first.
RESULTS_UNDELIVERED = N_(
    "I could not send the results to the admin who started the quiz: Telegram lets me write "
    "only to people who have opened a chat with me. Open one with the button below; the "
    "results of the next quiz will come there."
)
#: In the group, when an admin started the quiz anonymously (as the group).
RESULTS_ANONYMOUS = N_(
    "The results go to the admin who started the quiz, in a private chat, but this quiz was "
    "started anonymously, as the group, so I cannot tell who that is. To get the results of "
    "the next quiz, send /quiz as yourself and open a chat with me with the button below."
)
#: The admin's per-question summary, after the results file: a line per question asked.
#: In the group, at the end of a quiz whose starter asked to be forgotten (/forget) while
#: it ran: the bot no longer knows whom to send the results to.
RESULTS_FORGOTTEN = N_(
    "The results of this quiz went to nobody: I no longer know who started it. To get the "
    "results of the next quiz, send /quiz as yourself and open a chat with me with the "
    "button below."
)
#: To the teacher who started a quiz or case study, in their private chat, once: the group
#: refused the bot's messages (an admin took away its right to send text) mid-session.
SESSION_TEXT_REFUSED = N_(
    "I may no longer send messages in the group where your quiz or case study runs, so the "
    "class does not see the answers, scores or notices. To fix it, make me an admin of the "
    "group again, or let me send messages there; the session then goes on."
)
#: To whoever started a group's session, in their private chat: the bot was removed.
SESSION_ENDED_REMOVED = N_(
    "I was removed from the group “%(group)s”, so the quiz or case study you started there has "
    "ended."
)
SESSION_ENDED_REMOVED_UNNAMED = N_(
    "I was removed from a group where you started a quiz or case study, so it has ended."
)
RESULTS_BY_QUESTION = N_("Right answers, question by question:")
RESULTS_QUESTION_LINE = N_("Q%(number)d: %(right)d of %(answered)d (%(percent)d%%)")
RESULTS_NOBODY_ANSWERED = N_("Q%(number)d: nobody answered")
RESULTS_STOPPED = N_("The quiz was stopped after question %(asked)d of %(count)d.")
RESULTS_PLAYER = N_("Player")
RESULTS_CORRECT = N_("Correct")
RESULTS_SECONDS = N_("Seconds")
RESULTS_QUESTION = N_("Q%(number)d")
#: /pause in a quiz's lobby: no question has been asked yet, and the quiz already waits.
QUIZ_LOBBY_WAITS = N_(
    "The quiz has not started yet: it waits here until an admin taps Start (or sends /next)."
)
QUIZ_PAUSED = N_("The quiz will pause after this question. Send /pause again to go on.")
QUIZ_RESUMED = N_("The quiz goes on.")
QUIZ_ANSWER = N_("Answer")
QUIZ_TOP = N_("Leaders so far")
QUIZ_FINAL = N_("Final leaderboard")
QUIZ_NOBODY = N_("Nobody has answered yet.")
QUIZ_STOPPED = N_("The quiz was stopped.")
#: Before a poll sent again after its first send was cut short (a crash or a network
#: failure): Telegram may have taken the first one, which the bot cannot count.
SENT_AS_A_CHANNEL = N_(
    "This command was sent on behalf of a channel, so I cannot tell who sent it. Please "
    "send it as yourself: tap the picture next to the message field and choose your own "
    "name."
)
TOPIC_CLOSED_SESSION_WAITS = N_(
    "I could not post the next question of this group's quiz or case study: its topic is "
    "closed or was deleted. It waits, nothing is lost. Reopen the topic and send /next there "
    "to go on (or /next in another topic to go on there), or /stop to end it."
)
#: /pause, /next or /stop given in General or another forum topic than the session's:
#: the class reads the rest in the session's topic; where it was asked gets this line.
DONE_IN_THE_SESSIONS_TOPIC = N_(
    "Done. The quiz or case study runs in its own topic: read on there."
)
#: A group's session command edited after it was sent (/quiz hfs 2 3 made /quiz hfs 2 30):
#: an edit is not a command; the teacher saw nothing happen.
EDITED_COMMAND = N_(
    "I do not follow edited messages, so the edited command changed nothing. Please send "
    "it again as a new message."
)
#: Telegram refused a session's poll: the bot may not send polls in the group (an admin
#: took the right away in the group's permissions, or in the bot's admin rights).
POLLS_FORBIDDEN_SESSION_WAITS = N_(
    "I could not post the next question of this group's quiz or case study: I am not "
    "allowed to send polls here. It waits, nothing is lost. An admin can allow polls for me "
    "(the group's permissions, or my admin rights) and send /next to go on, or /stop to "
    "end it."
)
POLL_SENT_AGAIN = N_(
    "The bot was interrupted while sending the next poll, so here it is again. If you see "
    "it twice, vote in the one below: votes in the one above do not count."
)
#: A student answered the round's poll with a Reply ("2", "B"): only a vote counts.
REPLY_IS_NO_VOTE = N_(
    "Replies to the poll are not counted: to answer, tap your choice in the poll itself."
)
QUIZ_THANKS = N_("Thank you for playing! Send /learn in a private chat to read more.")

CASE_USAGE = N_(
    "Start a case study with /case [case] [seconds per vote], e.g. /case "
    "office_worker_eyelid 60. Cases:"
)
CASE_HOW = N_(
    "Vote in each poll for the answer the person in the story would give. The answer with "
    "the most votes counts; a tie, or a poll nobody votes in, counts as “%(answer)s”."
)
#: Every case-study poll says it is about the story, so nobody reads "you" as themselves.
CASE_POLL = N_("In the story: %(question)s")
CASE_NO_VOTES = N_("Nobody voted, so this counts as “%(answer)s”.")
CASE_TIE = N_("No clear majority, so this counts as “%(answer)s”.")
CASE_TIE_DANGER = N_(
    "No clear majority, but nobody in the lead ruled out an emergency sign, so this counts "
    "as “%(answer)s”."
)
CASE_PAUSED = N_("The case study will wait after this vote. Send /pause again or /next to go on.")
CASE_RESUMED = N_("The case study goes on.")
CASE_STOPPED = N_("The case study was stopped.")
CASE_QUESTIONS_UPDATED = N_(
    "The consultation's questions were updated during this vote, so it does not count. "
    "Please vote on the question below."
)


def quiz_started(ngettext: Callable[[str, str, int], str], count: int, seconds: int) -> str:
    return ngettext(
        "Quiz: %(count)d question, %(seconds)d seconds to answer. Vote in the poll!",
        "Quiz: %(count)d questions, %(seconds)d seconds each. Vote in the polls!",
        count,
    ) % {"count": count, "seconds": seconds}


def quiz_score(ngettext: Callable[[str, str, int], str], correct: int) -> str:
    return ngettext("%(correct)d correct", "%(correct)d correct", correct) % {"correct": correct}


#: A score that the same score in less time placed above another: the time beside it.
QUIZ_SCORE_IN = N_("%(score)s in %(seconds)s s")


def quiz_score_in(_: Callable[[str], str], score: str, tenths: int, language: str) -> str:
    """`score`, reached in `tenths` tenths of a second, the decimal mark the language's."""
    seconds = format_decimal(tenths / 10, format="0.0", locale=language or "en")
    return _(QUIZ_SCORE_IN) % {"score": score, "seconds": seconds}


def quiz_tied_more(ngettext: Callable[[str, str, int], str], count: int) -> str:
    """The members tied with the last leader shown between questions, in number."""
    return ngettext(
        "…and %(count)d more with the same score",
        "…and %(count)d more with the same score",
        count,
    ) % {"count": count}


def case_chosen(
    ngettext: Callable[[str, str, int], str], answer: str, votes: int, voters: int
) -> str:
    return ngettext(
        "The group chose “%(answer)s” (%(votes)d of %(voters)d vote).",
        "The group chose “%(answer)s” (%(votes)d of %(voters)d votes).",
        voters,
    ) % {"answer": answer, "votes": votes, "voters": voters}


def vote_length(ngettext: Callable[[str, str, int], str], asked: int | None, seconds: int) -> str:
    """What a session says when it keeps its polls open for other than the seconds asked
    (too short to vote, or longer than allowed); empty when it uses what was asked."""
    if asked is None or asked == seconds:
        return ""
    if asked < seconds:
        text = ngettext(
            "Polls stay open at least %(seconds)d second, so each gets %(seconds)d.",
            "Polls stay open at least %(seconds)d seconds, so each gets %(seconds)d.",
            seconds,
        )
    else:
        text = ngettext(
            "Polls stay open at most %(seconds)d second, so each gets %(seconds)d.",
            "Polls stay open at most %(seconds)d seconds, so each gets %(seconds)d.",
            seconds,
        )
    return text % {"seconds": seconds}


# -- teachers' own quizzes ---------------------------------------------------------------
TEACHER_HELP = N_(
    "Teachers: /template sends an example quiz file. Change it and send it back to me as a "
    "file: you get a code to run it in your group (/quiz CODE) and a homework link. "
    "/myquizzes lists your quizzes, /results CODE sends a quiz's homework results, "
    "/delete CODE deletes one; to replace one, send the new file with its code as the caption."
)
TEMPLATE_INTRO = N_(
    "Here is an example quiz. Change it to your own questions and send the file back to me "
    "(📎, as a file). The same quiz as a spreadsheet is the CSV file: one row per question, "
    "with the columns question, correct, explanation, option 1, option 2, … — “correct” is "
    "the number of the right option, or several like 1;3."
)
TEMPLATE_YAML_CAPTION = N_("An example quiz as YAML: edit it in any text editor.")
TEMPLATE_CSV_CAPTION = N_("The same quiz as CSV, for a spreadsheet.")
QUIZ_FILE_WRONG_TYPE = N_(
    "I read quizzes from .yml, .yaml or .csv files. Send /template for an example."
)
QUIZ_FILE_DOWNLOAD_FAILED = N_(
    "I could not get the file from Telegram. Please send it again in a moment."
)
QUIZ_PROBLEM_QUESTION = N_("question %(number)d")
QUIZ_PROBLEM_FIX = N_("fix: %(fix)s")
QUIZ_FILE_BAD_CAPTION = N_(
    "The caption “%(caption)s” is not a quiz code, so I saved this file as a new quiz."
)
QUIZ_NOT_YOURS = N_("You have no quiz with the code %(code)s. /myquizzes lists yours.")
QUIZ_SAVED_HOW = N_(
    "In a group where you are an admin, send /quiz %(code)s to run it live; the results come "
    "to you here. As homework, share this link:\n%(link)s\n\n"
    "Everyone sees it as your quiz, not as medical advice from me. To change it, send the new "
    "file with %(code)s as its caption."
)
MY_QUIZZES_NONE = N_(
    "You have no quizzes yet. Send /template for an example file, change it, and send it "
    "back to me."
)
MY_QUIZZES_HEADING = N_("Your quizzes:")
MY_QUIZZES_HOW = N_(
    "/quiz CODE runs one in a group, /results CODE sends its homework results, "
    "/delete CODE deletes it; send a new file with the code as its caption to replace it."
)
DELETE_USAGE = N_("Write the quiz's code after the command, e.g. /delete %(example)s.")
RESULTS_USAGE = N_("Write the quiz's code after the command, e.g. /results %(example)s.")
QUIZ_DELETED = N_("Deleted the quiz %(code)s (“%(title)s”) and its homework results.")
RESULTS_NONE = N_("Nobody has taken the quiz %(code)s as homework yet. Its link:\n%(link)s")
HOMEWORK_RESULTS_CAPTION = N_(
    "Homework results of %(code)s: one row per student, with their correct answers, time "
    "and each question (1 right, 0 wrong, empty: not answered)."
)
HOMEWORK_SUMMARY = N_("“%(title)s” (%(code)s): %(started)d started, %(finished)d finished.")
HOMEWORK_SUMMARY_HEADING = N_("Right answers per question:")
HOMEWORK_SUMMARY_LINE = N_("Q%(number)d: %(percent)d%% right of %(answered)d")

# -- a teacher's quiz in a group ---------------------------------------------------------
OWN_QUIZ_LABEL = N_(
    "A quiz by a teacher: “%(title)s”. Its questions and answers are the teacher's own, "
    "not medical advice from spasmbot."
)
OWN_QUIZ_UNKNOWN = N_(
    "There is no quiz with the code %(code)s. Check the code with the teacher who wrote it."
)
OWN_QUIZ_USAGE = N_(
    "Run a teacher's quiz with /quiz CODE [number of questions] [seconds per question], "
    "e.g. /quiz ABC234 10 30."
)

# -- homework ------------------------------------------------------------------------------
HOMEWORK_UNKNOWN = N_(
    "This homework link does not lead to a quiz (any more). Ask your teacher for a new one."
)
HOMEWORK_CONSENT_TEACHER = N_(
    "Homework: “%(title)s”, a quiz by your teacher — the questions are theirs, not medical "
    "advice from me. %(questions)s, one at a time.\n\n"
    "If you start, your teacher will see your Telegram name, your answers, your time and "
    "your score. Taking it again replaces your earlier answers; /forget deletes them."
)
HOMEWORK_CONSENT_TOPIC = N_(
    "Homework: “%(title)s”, %(questions)s from my quiz, one at a time. Your answers are kept "
    "only to score them; no teacher sees them. /forget deletes them."
)
HOMEWORK_NO_BUTTON = N_("No, thanks")
HOMEWORK_DECLINED = N_("Fine: nothing was stored. The link works whenever you change your mind.")
HOMEWORK_QUESTION = N_("Question %(number)d of %(count)d")
HOMEWORK_SEVERAL = N_("Choose all the right answers, then tap Done.")
HOMEWORK_DONE_BUTTON = N_("Done ✔")
HOMEWORK_PICK_FIRST = N_("Choose at least one answer first.")
HOMEWORK_RIGHT = N_("✅ Right!")
HOMEWORK_WRONG = N_("❌ Not quite. The right answer: %(answer)s")
HOMEWORK_TEACHER_SEES = N_("Your teacher will see your result.")
HOMEWORK_CONTINUE = N_("You are in the middle of this quiz; here is where you stopped.")
HOMEWORK_CHANGED = N_(
    "This quiz was changed since you started it. Open the link again to start over."
)


def questions_count(ngettext: Callable[[str, str, int], str], count: int) -> str:
    return ngettext("%(count)d question", "%(count)d questions", count) % {"count": count}


def finished_by(ngettext: Callable[[str, str, int], str], count: int) -> str:
    return ngettext(
        "homework finished by %(count)d student", "homework finished by %(count)d students", count
    ) % {"count": count}


def file_problems(ngettext: Callable[[str, str, int], str], count: int, name: str) -> str:
    return ngettext(
        "I found %(count)d problem in %(file)s, so nothing was saved:",
        "I found %(count)d problems in %(file)s, so nothing was saved:",
        count,
    ) % {"count": count, "file": name}


def more_problems(ngettext: Callable[[str, str, int], str], count: int) -> str:
    return ngettext("… and %(count)d more problem.", "… and %(count)d more problems.", count) % {
        "count": count
    }


def quiz_saved(ngettext: Callable[[str, str, int], str], title: str, count: int, code: str) -> str:
    return ngettext(
        "Saved: “%(title)s”, %(count)d question. Its code is %(code)s.",
        "Saved: “%(title)s”, %(count)d questions. Its code is %(code)s.",
        count,
    ) % {"title": title, "count": count, "code": code}


def quiz_replaced(
    ngettext: Callable[[str, str, int], str], title: str, count: int, code: str
) -> str:
    return ngettext(
        "Replaced the quiz %(code)s: “%(title)s”, %(count)d question.",
        "Replaced the quiz %(code)s: “%(title)s”, %(count)d questions.",
        count,
    ) % {"title": title, "count": count, "code": code}


def results_dropped(ngettext: Callable[[str, str, int], str], count: int) -> str:
    return ngettext(
        "The homework results of the old version (%(count)d student) were deleted.",
        "The homework results of the old version (%(count)d students) were deleted.",
        count,
    ) % {"count": count}


def homework_score(ngettext: Callable[[str, str, int], str], right: int, count: int) -> str:
    return ngettext(
        "Finished: %(right)d of %(count)d answer right.",
        "Finished: %(right)d of %(count)d answers right.",
        count,
    ) % {"right": right, "count": count}


# -- private chats: what the consultation cannot take, what only groups do --------------
#: `UNSUPPORTED` (a sticker, a voice message, ...) when no question is open to answer: a
#: first message, or one after the advice.
UNSUPPORTED_NOTHING_OPEN = N_(
    "I can only read text messages and button taps. Send /start to begin a consultation, "
    "or /help to see what I can do."
)
#: A group session's command (/quiz, /case, /stop, ...) in a private chat: where it works.
GROUP_ONLY_COMMAND = N_(
    "That command works in a group, where I run quizzes and case studies: add me to one "
    "and send it there. /help shows what I do here."
)

# -- private chats: words that are not the person's answer -------------------------------
#: A message forwarded from someone else, while a question is open (the question follows).
FORWARDED = N_(
    "I read the message you forwarded for signs that need help at once, but a forwarded "
    "message does not answer my question. Please answer it with the buttons or in your own "
    "words."
)
#: A message forwarded from someone else when no consultation is open.
FORWARDED_NOTHING_OPEN = N_(
    "I read the message you forwarded for signs that need help at once. To begin a "
    "consultation, send /start or tell me in your own words what is happening."
)
#: A message edited when no consultation is open (deleted by /forget, or never begun):
#: there is no answer to change, and /back has nothing to go back to.
EDITED_NOTHING_OPEN = N_(
    "I read your edited message, but no consultation is open, so there is no answer to "
    "change. To begin one, send /start or tell me in your own words what is happening."
)
#: One of the bot's own messages forwarded back to it, while a question is open.
FORWARDED_OWN = N_(
    "That is one of my own messages, forwarded back to me, so I did not read it as your "
    "answer. Please answer the question with the buttons or in your own words."
)
#: One of the bot's own messages forwarded back to it when no question is open.
FORWARDED_OWN_NOTHING_OPEN = N_(
    "That is one of my own messages, forwarded back to me. Send /start to begin a "
    "consultation, or /help to see what I can do."
)
#: The person's words sent no later than the open question was shown (the one before it
#: answered meanwhile: a tap on their other device, a message sent a moment earlier).
SENT_BEFORE_THE_QUESTION = N_(
    "Your message was sent before the question below appeared: the question before it "
    "had just been answered (on your other device, or by your message just before), so I "
    "did not take it as an answer to this one. I read it for signs that need help at "
    "once. Please answer the question below."
)
#: Telegram's Reply on an earlier question, taken as the answer to the one that was open.
REPLIED_TO_EARLIER = N_(
    "You replied to an earlier message, but I take answers for the newest question, so I "
    "took this as your answer to it. To change an earlier answer, use /back."
)
#: Words sent with Telegram's Reply on an earlier question that fit no answer of the open
#: one: said above "Sorry, I did not understand that" and the open question.
REPLIED_TO_EARLIER_NOT_UNDERSTOOD = N_(
    "You replied to an earlier question, which is answered already: I take answers only "
    "for the newest question, below. To change an earlier answer, use /back."
)
#: /summary with a consultation begun but nothing answered, and words after it that told
#: a danger sign: the engine's "Here it is again." came above the emergency, no question.
NOTHING_ANSWERED_YET_DANGER = N_(
    "There is nothing to summarise yet: you have not answered a question. What you wrote "
    "needs attention first: please read on."
)
#: /summary with no consultation, and words after it that told a danger sign: the
#: engine's "Send /start to begin." came above the emergency advice.
NO_ANSWERS_YET_DANGER = N_(
    "You have not answered any questions yet. What you wrote needs attention first: please read on."
)
#: /why with no question open, and words after it that told a danger sign.
NOTHING_TO_EXPLAIN_DANGER = N_(
    "There is no open question right now. What you wrote needs attention first: please read on."
)
