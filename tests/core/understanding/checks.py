"""Checks on patients' messages beyond the development set: `checks/<language>.yml`.

Written natively by spasmbot's language reviewers while they built each
lexicon (danger in many wordings, negation, doubt, other people, durations,
short answers, medicines, replies to the question on screen).
`python -m tests.core.understanding.checks [LANG]` lists what fails; `make test`
requires every check to hold.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.core.understanding import Context, Understanding
from tests.core.understanding.dev_set import engine, readers

#: One file per language, so each language's reviewer keeps their own.
CHECKS = Path(__file__).with_name("checks")
#: The day the checks are read on, as the bot reads a message on the day it comes: a
#: fixed one, so "since Monday" or "a stroke in 2018" reads the same whenever they run.
READ_ON = date(2026, 12, 4)


def checks() -> list[dict[str, Any]]:
    return [
        check
        for path in sorted(CHECKS.glob("*.yml"))
        for check in yaml.safe_load(path.read_text(encoding="utf-8"))["checks"]
    ]


def reply(question: str, u: Understanding, check: dict[str, Any] | None = None) -> str | None:
    """The answer the consultation takes from a message typed while `question` is on screen:
    the answer's own words or places first ("2", "the first and third"), as the engine
    reads them, then what the message tells."""
    asked = engine().dialog.question(question)
    # as the engine does: "yes?" to a danger question is no clear yes
    unsure = check is not None and check["text"].rstrip().endswith("?") and asked.signs
    exact = engine()._exact(question, check["text"], check["lang"]) if check and not unsure else []
    options = exact or engine().typed_answer(asked, u)
    return "+".join(o.id for o in options) or None


def holds(check: dict[str, Any], u: Understanding) -> bool:
    """Whether what was understood is what the check expects (each key that it names)."""
    good = True
    if "question" in check:
        good &= reply(check["question"], u, check) == check["answer"]
    if "danger" in check:
        context = u.dangers.get(check["danger"])
        # a message only about the person the consultation is for ("she had fits in her
        # sleep", from a parent): their sign is the consultation's (`Engine._of_subject`)
        theirs = u.about_subject and context is Context.OTHER_PERSON
        good &= context is not None and (context.current or theirs)
    if check.get("no_danger"):
        good &= not any(c.current for c in u.dangers.values())
    if "duration_days" in check:
        good &= u.duration_days == check["duration_days"]
    if "polarity" in check:
        good &= u.polarity == check["polarity"]
    if "not_sure" in check:
        good &= u.not_sure == check["not_sure"]
    for medicine in check.get("medicines", ()):
        good &= medicine in u.medicines
    for concern in check.get("concerns", ()):
        good &= concern in u.concerns
    if check.get("no_concern"):
        good &= not u.concerns
    for question, options in check.get("answers", {}).items():
        good &= all(o in u.answers.get(question, ()) for o in options)
    for question in check.get("no_answer", ()):
        good &= question not in u.answers
    if "complaint" in check:  # "my face twitches": heard as the complaint told alone
        good &= u.tells_complaint == check["complaint"]
    if "fear" in check:  # "I'm really scared": met kindly
        good &= u.tells_fear == check["fear"]
    return bool(good)


def failures(language: str | None = None) -> list[str]:
    found = []
    for check in checks():
        if language and check["lang"] != language:
            continue
        u = readers()[check["lang"]].understand(check["text"], check.get("question"), READ_ON)
        if not holds(check, u):
            answer = (
                f" answer {reply(check['question'], u, check)!r}" if "question" in check else ""
            )
            found.append(f"[{check['lang']}] {check['text']} → {u.to_dict()}{answer}")
    return found


if __name__ == "__main__":
    missed = failures(sys.argv[1] if len(sys.argv) > 1 else None)
    print("\n".join(missed) or "every check holds")
