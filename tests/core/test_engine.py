"""The engine's behaviour, as a user of any adapter would notice it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import events, replies
from bot.core.conversation import Conversation
from bot.core.engine import Engine
from bot.core.loader import load_dialog
from bot.core.model import JOIN, NOT_SURE, REASSURING_ANSWERS, Urgency
from tests.conftest import DIALOGS, tap_through

BENIGN = ["none", "one_eyelid", "under_2_weeks", "no", "none", "none", "none", "stress"]


def kinds(out: list[replies.Reply]) -> list[str]:
    return [type(r).__name__ for r in out]


def test_start_screens_for_danger_first(engine: Engine) -> None:
    conversation, out = engine.handle(None, events.Start())
    assert conversation is not None
    assert conversation.state == engine.dialog.start == "danger_screen"
    options = engine.dialog.question("danger_screen").options
    assert {o.danger for o in options if o.danger} == {d.id for d in engine.dialog.danger_signs}
    assert kinds(out) == ["Notify", "Ask"]


def test_benign_twitch_takes_eight_taps_and_ends_in_self_care(engine: Engine) -> None:
    conversation = tap_through(engine, BENIGN)
    assert conversation.finished
    assert conversation.assessment is not None
    assert conversation.assessment.urgency is Urgency.SELF_CARE
    assert conversation.assessment.outcomes == ("myokymia",)


def test_tap_on_an_old_button_changes_nothing(engine: Engine) -> None:
    first, _ = engine.handle(None, events.Start())
    assert first is not None
    second, _ = engine.handle(first, events.Choose("danger_screen", "none", first.step))
    stale = events.Choose("danger_screen", "not_sure", first.step)
    after, out = engine.handle(second, stale)
    assert after == second
    assert out == [replies.Notify(replies.Notice.STALE_BUTTON)]


@pytest.mark.parametrize("answered", [["none"], BENIGN])
def test_regression_a_danger_sign_tapped_late_on_the_safety_check_was_only_refused(
    engine: Engine, answered: list[str]
) -> None:
    """ "Face, arm, speech or sight" tapped on the safety check after answering it "None of
    these" (a change of mind, a sign that began since, or a slip of the thumb corrected),
    in the middle of the consultation or after its self-care advice, got only "already
    answered": the sign was never acted on. It is the emergency, at once."""
    conversation = tap_through(engine, answered)
    late = events.Choose("danger_screen", "stroke", 1)
    after, out = engine.handle(conversation, late)
    assert after is not None and after.finished
    assert after.assessment is not None and after.assessment.urgency is Urgency.EMERGENCY
    assert after.dangers.get("stroke") == "affirmed"
    assert kinds(out) == ["Conclude"]


@pytest.mark.parametrize("answered_again", [[], ["none"]])
def test_a_button_from_before_restart_tells_no_danger_of_this_consultation(
    engine: Engine, answered_again: list[str]
) -> None:
    old = tap_through(engine, ["none"])
    fresh, _ = engine.handle(old, events.Restart())
    assert fresh is not None
    for option in answered_again:  # the new safety check answered too
        fresh, _ = engine.handle(fresh, events.Choose(fresh.state, option, fresh.step))
    after, out = engine.handle(fresh, events.Choose("danger_screen", "stroke", 1))
    assert after == fresh
    assert out == [replies.Notify(replies.Notice.STALE_BUTTON)]


def test_two_fast_taps_on_the_same_button_apply_once(engine: Engine) -> None:
    start, _ = engine.handle(None, events.Start())
    assert start is not None
    tap = events.Choose("danger_screen", "none", start.step)
    once, _ = engine.handle(start, tap)
    twice, out = engine.handle(once, tap)
    assert twice == once
    assert kinds(out) == ["Notify"]


def test_forged_button_data_changes_nothing(engine: Engine) -> None:
    start, _ = engine.handle(None, events.Start())
    assert start is not None
    for forged in (
        events.Choose("danger_screen", "no_such_option", start.step),
        events.Choose("no_such_question", "none", start.step),
        events.Choose("danger_screen", "none", start.step + 7),
    ):
        after, out = engine.handle(start, forged)
        assert after == start
        assert out == [replies.Notify(replies.Notice.STALE_BUTTON)]


def test_back_undoes_the_last_answer(engine: Engine) -> None:
    conversation = tap_through(engine, ["none", "one_eyelid"])
    assert conversation.state == "duration"
    back, out = engine.handle(conversation, events.Back())
    assert back is not None
    assert back.state == "location"
    assert "location" not in back.answers
    assert kinds(out) == ["Notify", "Ask"]


def test_back_after_the_outcome_reopens_the_last_question(engine: Engine) -> None:
    done = tap_through(engine, BENIGN)
    back, _ = engine.handle(done, events.Back())
    assert back is not None
    assert back.state == "triggers" and back.assessment is None


def test_back_at_the_first_question_says_so(engine: Engine) -> None:
    start, _ = engine.handle(None, events.Start())
    after, out = engine.handle(start, events.Back())
    assert after == start
    assert out[0] == replies.Notify(replies.Notice.NOTHING_TO_UNDO)


def test_restart_forgets_answers(engine: Engine) -> None:
    conversation = tap_through(engine, ["none", "one_eyelid"])
    fresh, _ = engine.handle(conversation, events.Restart())
    assert fresh is not None
    assert fresh.state == "danger_screen" and fresh.answers == {}


def test_start_mid_consultation_continues_it(engine: Engine) -> None:
    conversation = tap_through(engine, ["none", "one_eyelid"])
    same, out = engine.handle(conversation, events.Start())
    assert same == conversation
    assert out[0] == replies.Notify(replies.Notice.WELCOME_BACK)


def test_why_explains_the_current_question(engine: Engine) -> None:
    conversation = tap_through(engine, ["none"])
    after, out = engine.handle(conversation, events.Why())
    assert after == conversation
    assert out == [replies.Explain("location")]


def test_summary_lists_answers_in_order(engine: Engine) -> None:
    conversation = tap_through(engine, ["none", "one_eyelid"])
    _, out = engine.handle(conversation, events.Summary())
    (recap,) = out
    assert isinstance(recap, replies.Recap)
    assert recap.answers == (("danger_screen", "none"), ("location", "one_eyelid"))
    assert recap.assessment is None and recap.started == conversation.started


def test_typed_answer_matches_label_number_and_synonym(engine: Engine) -> None:
    start, _ = engine.handle(None, events.Start())
    for text in ("None of these", "  NONE of these!! ", "5", "nothing"):
        after, _ = engine.handle(start, events.Typed(text))
        assert after is not None and after.answers == {"danger_screen": "none"}, text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "the second one"),
        ("en", "option 2"),
        ("ru", "второй вариант"),
        ("ru", "второе"),
        ("es", "la segunda"),
        ("de", "die zweite"),
    ],
)
def test_regression_an_answer_picked_by_its_place_in_words_was_not_understood(
    engine: Engine, language: str, text: str
) -> None:
    """ "2" chose the second answer, "второй вариант" did not (lexicon `ordinals`)."""
    conversation = tap_through(engine, ["none"])
    after, _ = engine.handle(conversation, events.Typed(text), language)
    assert after is not None and after.answers["location"] == "one_side"


def test_typed_not_sure_is_understood(engine: Engine) -> None:
    conversation = tap_through(engine, ["none"])
    for text in ("not sure", "Not sure.", "I don't know", "dont know"):
        after, _ = engine.handle(conversation, events.Typed(text))
        assert after is not None and after.answers["location"] == NOT_SURE, text


def test_unknown_text_re_asks_with_a_hint(engine: Engine) -> None:
    conversation = tap_through(engine, ["none"])
    after, out = engine.handle(conversation, events.Typed("purple elephant"))
    assert after == conversation
    assert out == [
        replies.Notify(replies.Notice.NOT_UNDERSTOOD),
        replies.Ask("location", after.step),
    ]


def test_first_message_without_start_begins_the_consultation(engine: Engine) -> None:
    conversation, out = engine.handle(None, events.Typed("hello"))
    assert conversation is not None and conversation.state == "danger_screen"
    assert kinds(out) == ["Notify", "Ask"]


def test_learn_topics_and_unknown_topic(engine: Engine) -> None:
    assert engine.handle(None, events.Learn())[1] == [replies.Teach("")]
    assert engine.handle(None, events.Start("learn_hfs"))[1] == [replies.Teach("hfs")]
    assert engine.handle(None, events.Learn("nope"))[1] == [
        replies.Notify(replies.Notice.UNKNOWN_TOPIC),
        replies.Teach(""),
    ]


def test_conversation_survives_json_round_trip(engine: Engine) -> None:
    done = tap_through(engine, BENIGN)
    assert Conversation.from_json(done.to_json()) == done


def test_conversation_from_an_older_dialog_with_missing_question_restarts(engine: Engine) -> None:
    old = Conversation(
        dialog_version="0.0.1", state="removed_question", answers={"x": "y"}, history=["x"], step=3
    )
    after, out = engine.handle(old, events.Typed("none"))
    assert after is not None and after.state == engine.dialog.start
    assert out[0] == replies.Notify(replies.Notice.DIALOG_CHANGED)


# -- safety ------------------------------------------------------------------


def paths_to_every_question(engine: Engine) -> dict[str, list[str]]:
    """A shortest list of taps that reaches each question (breadth first)."""
    found: dict[str, list[str]] = {engine.dialog.start: []}
    frontier = [engine.dialog.start]
    while frontier:
        following = []
        for qid in frontier:
            for option in engine.dialog.question(qid).options:
                if option.danger:
                    continue
                conversation = tap_through(engine, [*found[qid], option.id])
                if not conversation.finished and conversation.state not in found:
                    found[conversation.state] = [*found[qid], option.id]
                    following.append(conversation.state)
        frontier = following
    return found


def test_every_question_is_reachable_by_tapping(engine: Engine) -> None:
    """Every question is reached by taps, but the throat check asked straight after the
    safety check: it follows a new medicine told in the first message (clinical round
    74), which no tap tells; it is reached so."""
    reached = set(paths_to_every_question(engine))
    told, _ = engine.handle(None, events.Typed("I started metoclopramide 3 days ago"))
    assert told is not None
    told, _ = engine.handle(told, events.Choose(told.state, "none", told.step))
    assert told is not None and told.state == "check_medicine_throat"
    # Which came first, the twitch or the medicine (clinical round 78), follows a twitch
    # of 2 weeks or more told questions before: the shortest taps to the medicine's time
    # tell a shorter one.
    taps = ["none", "one_eyelid", "weeks_months", "stable", "no", "none", "medicine", "days", "no"]
    order = tap_through(engine, taps)
    assert order.state == "medicine_order"
    assert reached | {told.state, order.state} == {q.id for q in engine.dialog.questions}


def test_danger_words_fire_the_emergency_advice_from_every_question(engine: Engine) -> None:
    for qid, taps in paths_to_every_question(engine).items():
        conversation = tap_through(engine, taps)
        assert conversation.state == qid
        for sign in engine.dialog.danger_signs:
            after, out = engine.handle(conversation, events.Typed(f"also {sign.keywords[0]} now"))
            assert after is not None and after.assessment is not None, (qid, sign.id)
            assert after.assessment.urgency is Urgency.EMERGENCY
            assert after.assessment.outcomes == (sign.outcome,)
            assert isinstance(out[-1], replies.Conclude)


def test_danger_words_after_the_outcome_still_fire(engine: Engine) -> None:
    done = tap_through(engine, BENIGN)
    after, _ = engine.handle(done, events.Typed("I can't speak properly"))
    assert after is not None and after.assessment is not None
    assert after.assessment.danger == "stroke"


def test_every_question_has_not_sure(engine: Engine) -> None:
    for question in engine.dialog.questions:
        assert NOT_SURE in {o.id for o in question.options}, question.id


def play_policy(
    engine: Engine, choice: dict[str, int], override: tuple[str, str] | None
) -> Urgency:
    """Answer each question by `choice` (an index), except `override` = (question, option)."""
    conversation, _ = engine.handle(None, events.Start())
    while conversation is not None and not conversation.finished:
        question = engine.dialog.question(conversation.state)
        if override and override[0] == question.id:
            option = override[1]
        else:
            option = question.options[choice.get(question.id, 0) % len(question.options)].id
        conversation, _ = engine.handle(
            conversation, events.Choose(question.id, option, conversation.step)
        )
    assert conversation is not None and conversation.assessment is not None
    return conversation.assessment.urgency


@settings(
    max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    choice=st.dictionaries(
        st.sampled_from(
            [
                "danger_screen",
                "location",
                "side",
                "weakness_onset",
                "palsy_history",
                "linked_movements",
                "duration",
                "course",
                "closure",
                "neuro",
                "other_signs",
                "medicine_timing",
                "body_clues",
                "risk_factors",
                "triggers",
            ]
        ),
        st.integers(min_value=0, max_value=11),
    )
)
def test_not_sure_never_lowers_urgency(engine: Engine, choice: dict[str, int]) -> None:
    for question in engine.dialog.questions:
        reassuring = [o.id for o in question.options if o.id in REASSURING_ANSWERS]
        for option in reassuring:
            calm = play_policy(engine, choice, (question.id, option))
            unsure = play_policy(engine, choice, (question.id, NOT_SURE))
            assert unsure >= calm, (question.id, option, choice)


# -- a new dialog version (live reload) ----------------------------------------

BENIGN_PREFIX = ["none", "one_eyelid", "under_2_weeks"]


def engine_for(tmp_path: Path, *edits: tuple[str, str]) -> Engine:
    text = (DIALOGS / "consultation.yml").read_text(encoding="utf-8")
    shipped = load_dialog(DIALOGS / "consultation.yml", DIALOGS / "templates").version
    assert f'version: "{shipped}"' in text  # maintainers bump it with every change
    text = text.replace(f'version: "{shipped}"', 'version: "next"', 1)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "consultation.yml"
    path.write_text(text, encoding="utf-8")
    return Engine(load_dialog(path, DIALOGS / "templates"))


def test_unchanged_questions_carry_over_silently(engine: Engine, tmp_path: Path) -> None:
    before = tap_through(engine, BENIGN_PREFIX)
    newer = engine_for(tmp_path, ("title: Facial spasm consultation", "title: Face spasm check"))
    after, out = newer.handle(before, events.Why())
    assert after is not None
    assert (after.dialog_version, after.state, after.history) == (
        "next",
        before.state,
        before.history,
    )
    assert out == [replies.Explain(before.state)]


def test_a_removed_answer_continues_from_that_question(engine: Engine, tmp_path: Path) -> None:
    before = tap_through(engine, [*BENIGN_PREFIX, "no"])
    newer = engine_for(tmp_path, ("under_2_weeks", "under_two_weeks"))
    after, out = newer.handle(before, events.Why())
    assert after is not None
    assert after.state == "duration" and after.history == ["danger_screen", "location"]
    assert after.step > before.step  # buttons shown before the update are stale now
    assert out == [
        replies.Notify(replies.Notice.DIALOG_UPDATED),
        replies.Ask("duration", after.step),
    ]


def test_a_finished_consultation_stays_finished(engine: Engine, tmp_path: Path) -> None:
    done = tap_through(
        engine, ["none", "one_eyelid", "under_2_weeks", "no", "none", "none", "none", "stress"]
    )
    newer = engine_for(tmp_path, ("title: Facial spasm consultation", "title: Face spasm check"))
    after, out = newer.handle(done, events.Summary())
    assert after is not None and after.finished and after.assessment == done.assessment
    assert isinstance(out[0], replies.Recap)


def test_an_emergency_conclusion_is_kept(engine: Engine, tmp_path: Path) -> None:
    done = tap_through(engine, ["stroke"])
    assert done.assessment is not None and done.assessment.danger == "stroke"
    newer = engine_for(tmp_path, ("title: Facial spasm consultation", "title: Face spasm check"))
    after, _out = newer.handle(done, events.Summary())
    assert after is not None and after.assessment == done.assessment


def test_stroke_signs_in_someone_else_say_what_to_do_for_them(engine: Engine) -> None:
    """Regression: "my dad is slurring and his mouth is drooping" got "I did not understand"."""
    conversation = tap_through(engine, ["none"])
    after, out = engine.handle(
        conversation, events.Typed("my dad is slurring and his mouth is drooping on one side")
    )
    assert out == [
        replies.Notify(replies.Notice.SOMEONE_ELSE_IN_DANGER),
        replies.Ask("location", after.step),
    ]
    assert after.state == "location" and not after.finished  # not the user's own emergency
    assert after.dangers == {"stroke": "other_person"}  # kept for the doctor's summary


def test_someone_elses_signs_after_the_outcome_still_get_the_advice_for_them(
    engine: Engine,
) -> None:
    done = tap_through(engine, BENIGN)
    after, out = engine.handle(
        done, events.Typed("у папы перекосило лицо и он невнятно говорит"), "ru"
    )
    assert out == [replies.Notify(replies.Notice.SOMEONE_ELSE_IN_DANGER)]
    assert after.assessment == done.assessment  # the user's own advice stands


def test_another_persons_stroke_last_year_changes_nothing(engine: Engine) -> None:
    conversation = tap_through(engine, ["none"])
    after, out = engine.handle(conversation, events.Typed("my mother had a stroke last year"))
    assert replies.Notify(replies.Notice.SOMEONE_ELSE_IN_DANGER) not in out
    assert after.state == "location" and not after.finished


def test_asking_what_hemifacial_spasm_is_does_not_make_it_a_diagnosis(engine: Engine) -> None:
    """Regression: "what is hemifacial spasm" was noted as "already diagnosed: hemifacial
    spasm", which turns a first referral into "contact your team"."""
    conversation = tap_through(engine, ["none"])
    after, out = engine.handle(conversation, events.Typed("what is hemifacial spasm"))
    assert "known" not in after.answers
    assert not any(isinstance(o, replies.Noted) for o in out)


def test_the_diagnosis_question_takes_the_names_typed_with_it(engine: Engine) -> None:
    taps = paths_to_every_question(engine)["known"]
    for language, text, expected in [
        ("en", "yes, hemifacial spasm", "hfs"),
        ("en", "Hemifacial spasm and MS", "hfs+ms"),
        ("ru", "да, блефароспазм", "blepharospasm"),
        ("de", "Blepharospasmus", "blepharospasm"),
    ]:
        after, _ = engine.handle(tap_through(engine, taps), events.Typed(text), language)
        assert after.answers.get("known") == expected, (language, text)


def test_a_question_mid_consultation_is_told_the_advice_will_answer_it(engine: Engine) -> None:
    """Regression: "is this serious?" got "Sorry, I did not understand that"."""
    conversation = tap_through(engine, ["none"])
    after, out = engine.handle(conversation, events.Typed("is this serious?"))
    assert after == conversation
    assert out == [
        replies.Notify(replies.Notice.ANSWERED_AT_THE_END),
        replies.Ask("location", after.step),
    ]


def test_someone_elses_signs_do_not_drop_what_the_message_says_about_the_user(
    engine: Engine,
) -> None:
    conversation = tap_through(engine, ["none"])
    after, out = engine.handle(
        conversation, events.Typed("my dad is slurring his words, and my left eyelid twitches")
    )
    assert out[0] == replies.Notify(replies.Notice.SOMEONE_ELSE_IN_DANGER)
    assert after.answers.get("location") == "one_eyelid" and after.answers.get("side") == "left"
    assert not after.finished


def test_regression_denying_the_sign_in_words_was_not_understood_on_its_check(
    engine: Engine,
) -> None:
    """On "has your face drooped …?", "my face isn't drooping and my speech is fine" was
    "Sorry, I did not understand": a sign denied in words answers its check "no"."""
    question = engine.dialog.question("check_stroke")
    understood = engine.reader("en").understand("my face isn't drooping and my speech is fine")
    assert [o.id for o in engine.typed_answer(question, understood)] == ["no"]


def test_regression_a_sign_asked_and_denied_was_taken_for_a_question(engine: Engine) -> None:
    """ "face drooping? no" on the safety check was "Good question …": it denies the
    stroke signs, so the bot thanks and asks about the other signs."""
    started, _ = engine.handle(None, events.Start())
    _, out = engine.handle(started, events.Typed("face drooping? no"), "en")
    notices = [r.notice for r in out if isinstance(r, replies.Notify)]
    assert replies.Notice.OTHER_SIGNS_TOO in notices
    assert replies.Notice.ANSWERED_AT_THE_END not in notices


def test_regression_english_typed_in_a_spanish_app_lost_what_only_english_names(
    engine: Engine,
) -> None:
    """The Spanish reading found the medicine (two facts) and the English one was not
    tried, so the pins and needles and the six weeks were lost; now the reading that
    knows more of the words is taken."""
    conversation = tap_through(engine, ["none"])
    text = "I take metformin. My cheek twitches for 6 weeks and my feet have pins and needles"
    after, _ = engine.handle(conversation, events.Typed(text), "es")
    assert after is not None
    assert after.answers.get("body_clues") == "pins"


def test_a_german_message_is_read_in_german_though_english_finds_a_sign_in_it(
    engine: Engine,
) -> None:
    """Read in English, "keine doppelbilder" is a double vision (a typo of "double"), not denied."""
    conversation = tap_through(engine, ["none"])
    text = "zuckt unterm auge, kein kopfweh, keine doppelbilder, kein hängendes lid"
    after, _ = engine.handle(conversation, events.Typed(text), "de")
    assert after is not None and not after.finished
    assert after.answers.get("location") == "one_eyelid"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "I don't think so"),
        ("en", "yes?"),
        ("en", "No?"),
        ("de", "glaub nicht"),
        ("de", "eher nicht"),
        ("es", "creo que no"),
        ("ru", "вроде нет"),
        ("ru", "думаю, что нет"),
    ],
)
def test_regression_a_doubtful_reply_to_a_danger_check_was_taken_for_no(
    engine: Engine, language: str, text: str
) -> None:
    """ "I don't think so" to "has anyone seen your face droop…?" ruled the stroke out.
    A clinician asks again: yes, no, or not sure."""
    conversation = tap_through(engine, ["not_sure"])
    assert conversation.state == "check_stroke"
    after, out = engine.handle(conversation, events.Typed(text), language)
    assert after is not None and after.state == "check_stroke"
    assert "check_stroke" not in after.answers
    assert replies.Notify(replies.Notice.CLEAR_ANSWER) in out


def test_regression_a_sign_told_with_doubt_at_its_own_check_asked_that_check_again(
    engine: Engine,
) -> None:
    """ "I think I passed out" at the seizure check announced "something that can be an
    emergency sign" and asked the same check again, as if for the first time."""
    conversation = tap_through(engine, ["not_sure", "no", "no"])
    assert conversation.state == "check_seizure"
    after, out = engine.handle(conversation, events.Typed("I think I passed out"))
    assert after is not None and after.state == "check_seizure"
    assert replies.Notify(replies.Notice.POSSIBLE_DANGER) not in out
    assert replies.Notify(replies.Notice.CLEAR_ANSWER) in out


@pytest.mark.parametrize(
    ("app", "text", "question", "expected"),
    [
        ("en", "a mi hijo le tiembla el ojo izquierdo", "location", "one_eyelid"),
        ("en", "у меня дергается левый глаз", "location", "one_eyelid"),
        ("ru", "mein linkes Augenlid zuckt seit Tagen", "location", "one_eyelid"),
        ("de", "my left eyelid keeps twitching", "location", "one_eyelid"),
    ],
)
def test_regression_a_message_in_another_language_than_the_app_was_not_understood(
    engine: Engine, app: str, text: str, question: str, expected: str
) -> None:
    """Only the app's language (and English) was read: a Spanish mother with an English
    Telegram got "Sorry, I did not understand". The language whose lexicon clearly
    knows more of the words reads the message now."""
    conversation = tap_through(engine, ["none"])
    after, _ = engine.handle(conversation, events.Typed(text), app)
    assert after is not None and after.answers.get(question) == expected


def test_a_danger_sign_typed_in_another_language_than_the_app_is_an_emergency(
    engine: Engine,
) -> None:
    conversation = tap_through(engine, ["none", "one_eyelid"])
    after, _ = engine.handle(conversation, events.Typed("se me cayó la cara de repente"), "de")
    assert after is not None and after.finished
    assert after.assessment is not None and after.assessment.urgency is Urgency.EMERGENCY


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "my mum's face has gone droopy on one side and her eyelid keeps twitching"),
        ("ru", "у мамы перекосило лицо, и веко дергается"),
        ("es", "a mi madre se le torció la boca y le tiembla el párpado"),
        ("de", "bei meiner Mutter hängt der Mundwinkel und ihr Lid zuckt"),
    ],
)
def test_regression_a_carers_first_message_of_stroke_signs_was_someone_elses(
    engine: Engine, language: str, text: str
) -> None:
    """A carer opening with their mother's drooping face got "call for them", then the
    safety check asked "have you had any of these?" about the carer. The consultation
    is about her: her signs are its emergency."""
    after, _out = engine.handle(None, events.Typed(text), language)
    assert after is not None and after.finished
    assert after.assessment is not None and after.assessment.danger == "stroke"
    assert after.dangers == {"stroke": "affirmed"}


@pytest.mark.parametrize(
    ("language", "text", "option"),
    [
        (
            "de",
            "Mein Vater ist 80, seit Monaten zuckt seine linke Gesichtshälfte, es fing am Auge "
            "an und geht jetzt langsam bis zum Mund",
            "one_side",
        ),
        (
            "en",
            "the left side of my face has been getting weaker for 6 weeks, my eyelid twitches",
            "face_weak",
        ),
    ],
)
def test_regression_a_half_face_that_began_at_the_eye_was_one_eyelid(
    engine: Engine, language: str, text: str, option: str
) -> None:
    """Two places named at once took the first phrase found: a half face spreading from
    the eye was noted "One eyelid twitches". The option that covers the other is taken."""
    question = engine.dialog.question("location")
    understood = engine.read(text, language, "location")
    assert [o.id for o in engine.typed_answer(question, understood)] == [option]


def test_regression_a_doubtful_sign_told_at_its_check_got_a_lower_urgency(engine: Engine) -> None:
    """ "My husband says I talked strangely" then "not sure" was an emergency; the same
    words typed at the stroke check itself, with "not sure", only "urgent"."""
    at_check = tap_through(engine, ["not_sure"])
    assert at_check.state == "check_stroke"
    text = "not sure, my husband says I talked strangely last night but I don't remember"
    after, _ = engine.handle(at_check, events.Typed(text))
    assert after is not None and after.assessment is not None
    assert after.assessment.danger == "stroke"


def test_regression_a_corrected_time_was_not_understood(engine: Engine) -> None:
    """ "If I got something wrong, just tell me": "actually it has been 3 weeks, not
    days" got "I did not understand", because a time alone answers nothing. After how
    long was noted from a story, it corrects it."""
    noted, _ = engine.handle(None, events.Typed("my left eyelid has been twitching for 3 days"))
    assert noted is not None and noted.answers["duration"] == "under_2_weeks"
    after, out = engine.handle(noted, events.Typed("actually it has been 3 weeks, not days"))
    assert after is not None and after.answers["duration"] == "weeks_months"
    assert after.details["duration_days"] == 21
    assert replies.Notify(replies.Notice.NOT_UNDERSTOOD) not in out


def test_regression_a_no_that_corrected_a_noted_side_answered_the_safety_check(
    engine: Engine,
) -> None:
    """«нет, правый глаз, не левый», correcting the side just noted, answered the safety
    check "none of these": the "no" was about the side."""
    noted, _ = engine.handle(None, events.Typed("левое веко дергается 3 дня"), "ru")
    assert noted is not None and noted.state == "danger_screen"
    after, _ = engine.handle(noted, events.Typed("нет, правый глаз, не левый"), "ru")
    assert after is not None and after.state == "danger_screen"
    assert after.answers["side"] == "right" and "danger_screen" not in after.answers


def test_regression_a_reply_to_the_question_on_screen_replaced_what_was_noted(
    engine: Engine,
) -> None:
    """ "sometimes the eye shuts, yeah", typed for the eye question, turned the noted
    "slowly spreading" into "comes and goes", and a later "coffee too" replaced the
    triggers noted before. A reply adds to the notes; a correction still replaces."""
    story = "twitching left cheek and eye, 3 months, getting slowly worse and spreading"
    noted, _ = engine.handle(None, events.Typed(story))
    assert noted is not None and noted.answers["course"] == "spreading_slowly"
    screened, _ = engine.handle(noted, events.Choose("danger_screen", "none", noted.step))
    assert screened is not None
    for _tap in range(5):  # palsy history, then how it changed: to the eye question
        if screened.state == "closure":
            break
        screened, _ = engine.handle(screened, events.Choose(screened.state, "no", screened.step))
        assert screened is not None
    assert screened.state == "closure"
    after, _ = engine.handle(screened, events.Typed("sometimes the eye shuts, yeah"))
    assert after is not None and after.answers["closure"] == "eye_closes"
    assert after.answers["course"] == "spreading_slowly"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "what does that mean?"),
        ("ru", "что это значит?"),
        ("es", "perdona, ¿qué quiere decir eso?"),
        ("de", "was heißt das?"),
    ],
)
def test_regression_what_does_that_mean_was_told_the_advice_would_answer_it(
    engine: Engine, language: str, text: str
) -> None:
    """ "¿qué quiere decir eso?" about the question on screen got "the advice at the end
    will answer it"; it now gets why the question is asked, as /why does."""
    at_location = tap_through(engine, ["none"])
    after, out = engine.handle(at_location, events.Typed(text), language)
    assert after == at_location
    assert out == [replies.Explain("location"), replies.Ask("location", after.step)]


def test_regression_a_later_message_replaced_the_noted_answers_of_a_choose_all_question(
    engine: Engine,
) -> None:
    """ "I barely eat" was noted for "heart, fainting, vomiting or eating?"; a later "my
    heart races sometimes" replaced it, and the eating-disorder pointer was lost. Answers
    to a choose-all question add up, but for those the message denies."""
    story = "my left lower lid twitches for 2 weeks, I take laxatives every day and I barely eat"
    noted, _ = engine.handle(None, events.Typed(story))
    assert noted is not None and "eating" in noted.answers["mineral_flags"]
    later, _ = engine.handle(noted, events.Typed("and sometimes my heart races"))
    assert later is not None
    assert {"eating", "palpitations"} <= set(later.answers["mineral_flags"].split(JOIN))


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "weiß nicht, was meinen Sie mit Drang?"),
        ("es", "no sé qué es eso, ¿qué significa?"),
        ("en", "not sure, what does that mean?"),
    ],
)
def test_regression_i_dont_know_what_that_means_was_taken_as_not_sure(
    engine: Engine, language: str, text: str
) -> None:
    """ "weiß nicht, was meinen Sie mit Drang?" was noted as "not sure", and the parent
    never learnt what an urge is: a "don't know" with "what does it mean?" asks the
    meaning."""
    at_question = tap_through(engine, paths_to_every_question(engine)["other_signs"])
    after, out = engine.handle(at_question, events.Typed(text), language)
    assert after == at_question
    assert out == [replies.Explain("other_signs"), replies.Ask("other_signs", after.step)]
    unsure, _ = engine.handle(at_question, events.Typed("not sure"))
    assert unsure is not None and unsure.answers["other_signs"] == NOT_SURE


def test_regression_a_choose_all_question_a_story_answered_in_part_was_skipped(
    engine: Engine,
) -> None:
    """ "My 14 year old daughter started methylphenidate 2 weeks ago and now she blinks a
    lot" noted "began after a medicine", and "does any of these fit as well?" (an urge
    first, a red eye, face pain) was never asked. It is asked, with what was noted ticked,
    and what is typed there adds to it."""
    story = (
        "My 14 year old daughter started methylphenidate 2 weeks ago and now she blinks a "
        "lot, both eyes"
    )
    conversation, _ = engine.handle(None, events.Typed(story))
    assert conversation is not None
    conversation, _ = engine.handle(
        conversation, events.Choose(conversation.state, "none", conversation.step)
    )
    for _tap in range(6):
        assert conversation is not None
        if conversation.state == "other_signs":
            break
        first = engine.dialog.question(conversation.state).options[0].id
        if engine.dialog.question(conversation.state).id == "check_medicine_throat":
            first = "no"  # the throat after a new medicine (clinical round 74): not a sign
        conversation, _ = engine.handle(
            conversation, events.Choose(conversation.state, first, conversation.step)
        )
    assert conversation is not None and conversation.state == "other_signs"
    assert conversation.picked == ["medicine"]
    shown = engine.handle(conversation, events.Start())[1]  # welcome back: the ticks shown
    # a parent writing of a 14-year-old: worded for someone else
    asked = replies.Ask("other_signs", conversation.step, ("medicine",), for_someone_else=True)
    assert asked in shown
    after, _ = engine.handle(conversation, events.Typed("she can hold it back for a while"))
    assert after is not None and after.answers["other_signs"] == JOIN.join(["medicine", "urge"])
    nothing_else, _ = engine.handle(
        conversation, events.Choose("other_signs", "none", conversation.step)
    )
    assert nothing_else is not None and nothing_else.answers["other_signs"] == "medicine"


@pytest.mark.parametrize(
    "text",
    [
        "nope, just my eyelid twitching for a week",
        "I'm not sure what this is, my eye twitches",
        "no idea why, my left eye has been twitching for a week",
    ],
)
def test_regression_a_first_message_answered_the_safety_check_it_had_not_seen(
    engine: Engine, text: str
) -> None:
    """Typed without /start, "nope, just my eyelid twitching for a week" answered the
    safety check "None of these" and skipped it; "not sure what this is" walked the person
    through every sign. The check was not on screen yet: what the story says is noted, and
    the check is asked."""
    after, out = engine.handle(None, events.Typed(text))
    assert after is not None and after.state == "danger_screen"
    assert "danger_screen" not in after.answers
    assert after.answers["location"] == "one_eyelid"
    assert replies.Notify(replies.Notice.CLEAR_ANSWER) not in out
    ruled_out = (
        "no droop, no slurred speech, no fits, no double vision, breathing fine, my eye twitches"
    )
    screened, _ = engine.handle(None, events.Typed(ruled_out))
    assert screened is not None and screened.answers["danger_screen"] == "none"


def test_regression_a_carer_who_gave_her_husbands_age_first_got_questions_about_herself(
    engine: Engine,
) -> None:
    """ "My husband is 67, this morning he started talking gibberish and his mouth went
    down on one side, he says im fussing" told "call for him", then asked her own safety
    check: the person whose age is told first is whom the consultation is about."""
    story = (
        "My husband is 67, this morning at breakfast he started talking gibberish and his "
        "mouth went down on one side, he says im fussing and its fine now"
    )
    after, _ = engine.handle(None, events.Typed(story))
    assert after is not None and after.assessment is not None
    assert after.assessment.danger == "stroke"


def test_regression_a_medicine_taken_for_long_was_noted_as_when_a_new_one_began(
    engine: Engine,
) -> None:
    """ "пью омепразол давно" noted "Months or years ago" for "when did you start the new
    medicine?" though no new medicine was told: that question takes a story's answer only
    with "began after a medicine" (`Question.dates`)."""
    story = "мне 56, уже месяца 4 дергается левая щека, пью омепразол давно"
    after, _ = engine.handle(None, events.Typed(story), "ru")
    assert after is not None and "medicine_timing" not in after.answers
    started = "I started prochlorperazine 3 days ago and now my face pulls"
    begun, _ = engine.handle(None, events.Typed(started))
    assert begun is not None and begun.answers["medicine_timing"] == "days"


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("en", "done"),
        ("en", "yes that's right"),
        ("ru", "готово"),
        ("es", "listo"),
        ("de", "Fertig"),
        ("en", "that's all"),
        ("ru", "это всё"),
        ("es", "eso es todo"),
        ("de", "das war's"),
    ],
)
def test_regression_typing_done_at_a_question_ticked_from_the_story_was_not_understood(
    engine: Engine, language: str, typed: str
) -> None:
    """The triggers question came ticked from "lots of coffee"; typing the Done button's
    words ("done", "готово") or "yes that's right" got "I did not understand"."""
    conversation, _ = engine.handle(
        None, events.Typed("my left eyelid twitches for 3 days, lots of coffee")
    )
    for _tap in range(8):
        assert conversation is not None
        if conversation.state == "triggers":
            break
        ids = [o.id for o in engine.dialog.question(conversation.state).options]
        calm = next(o for o in ("none", "no", NOT_SURE) if o in ids)
        conversation, _ = engine.handle(
            conversation, events.Choose(conversation.state, calm, conversation.step)
        )
    assert conversation is not None and conversation.picked == ["caffeine"]
    after, _ = engine.handle(conversation, events.Typed(typed), language)
    assert after is not None and after.answers["triggers"] == "caffeine"
    assert after.step > conversation.step


def test_regression_a_yes_at_a_danger_check_that_named_a_relative_was_asked_again(
    engine: Engine,
) -> None:
    """ "yes, my daughter said I was talking nonsense" at "has your speech been slurred?"
    was taken to correct who the consultation is about ("my daughter"), and the danger
    question was asked again: a yes to a danger sign is never dropped."""
    story, _ = engine.handle(
        None, events.Typed("I'm 68. my right eye has been twitching for 3 weeks")
    )
    assert story is not None
    unsure, _ = engine.handle(story, events.Choose("danger_screen", NOT_SURE, story.step))
    assert unsure is not None and unsure.state == "check_stroke"
    after, _ = engine.handle(unsure, events.Typed("yes, my daughter said I was talking nonsense"))
    assert after is not None and after.assessment is not None
    assert after.assessment.danger == "stroke"


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("en", "the first and third"),
        ("ru", "первое и третье"),
        ("es", "la primera y la tercera"),
        ("de", "die erste und die dritte"),
        ("en", "1 and 3"),
    ],
)
def test_regression_several_answers_picked_by_their_places_were_not_understood(
    engine: Engine, language: str, typed: str
) -> None:
    """ "the first and third", «первое и третье» at a choose-all question got "I did not
    understand"; one place worked, several did not."""
    at_triggers = tap_through(engine, paths_to_every_question(engine)["triggers"])
    after, _ = engine.handle(at_triggers, events.Typed(typed), language)
    options = [o.id for o in engine.dialog.question("triggers").options]
    assert after is not None
    assert after.answers["triggers"] == JOIN.join([options[0], options[2]])


def test_regression_a_story_that_needed_a_danger_check_first_lost_what_it_told(
    engine: Engine,
) -> None:
    """ "thyroid out 3 weeks ago, lips and fingertips tingle, hands cramp into a claw,
    eyelid twitches, breathing is fine": the tingling asked its danger check first, and
    the surgery, the cramps, the eyelid and the three weeks were never noted; the low
    calcium pattern was missed. What the story tells is noted before the check."""
    conversation, out = engine.handle(
        None,
        events.Typed(
            "I had my thyroid removed 3 weeks ago. Since then my lips and fingertips tingle"
            " and my hands sometimes cramp into a claw, and my eyelid twitches."
            " Breathing is fine."
        ),
    )
    assert conversation is not None and conversation.state == "check_breathing"
    assert kinds(out) == ["Noted", "Notify", "Ask"]
    assert conversation.answers["risk_factors"] == "neck_surgery"
    assert set(conversation.answers["body_clues"].split(JOIN)) == {"cramps", "tingling"}
    # "lips" is where the tingling is; the twitch is in the eyelid
    assert conversation.answers["location"] == "one_eyelid"
    after, _ = engine.handle(conversation, events.Typed("no"))
    assert after is not None and after.answers["risk_factors"] == "neck_surgery"


@pytest.mark.parametrize(
    ("language", "story", "past"),
    [
        (
            "en",
            "I'm 35 and have been on haloperidol for 3 years. Lately my lips keep smacking",
            "I took haloperidol years ago, now my eyelid twitches",
        ),
        (
            "ru",
            "пью галоперидол уже три года, последнее время губы сами чмокают",
            "в молодости пил галоперидол, сейчас дергается веко",
        ),
    ],
)
def test_regression_a_long_term_antipsychotic_told_in_a_story_was_not_the_medicine_answer(
    engine: Engine, language: str, story: str, past: str
) -> None:
    """ "on haloperidol for 3 years … my lips keep smacking": the medicine was shown as
    noted, but "began after a medicine" was not, the late drug-induced pattern was
    missed and the answer was "no clear pattern". Anti-sickness and antipsychotic
    medicines taken now choose that answer (`Option.medicines`), and their time dates
    it."""
    conversation, _ = engine.handle(None, events.Typed(story), language)
    assert conversation is not None
    assert conversation.answers["other_signs"] == "medicine"
    assert conversation.answers["medicine_timing"] == "months_years"
    taken_before, _ = engine.handle(None, events.Typed(past), language)
    assert taken_before is not None and "other_signs" not in taken_before.answers


@pytest.mark.parametrize(
    ("language", "clear"), [("en", "like a week"), ("ru", "где-то неделю"), ("de", "so eine Woche")]
)
def test_regression_a_not_sure_made_clear_later_was_not_understood(
    engine: Engine, language: str, clear: str
) -> None:
    """ "Not sure" to how long, then "like a week" typed at the next question got "I did
    not understand": a later clear answer replaces a "not sure" (but never at a danger
    question), and the dialog follows it: a twitch of a week is not asked how it changed
    over months."""
    conversation = tap_through(engine, ["none", "one_eyelid", NOT_SURE])
    asked = conversation.state
    after, out = engine.handle(conversation, events.Typed(clear), language)
    assert after is not None and after.answers["duration"] == "under_2_weeks"
    assert any(isinstance(r, replies.Noted) for r in out)
    assert after.state != asked and after.state == engine.machine.answer("duration", after.answers)


@pytest.mark.parametrize(
    ("language", "story", "correction"),
    [
        ("en", "I'm 41, my right eye twitches for 3 weeks", "sorry, it's been 3 months not weeks"),
        ("ru", "мне 41, правый глаз дергается 3 недели", "ой нет, точнее уже 3 месяца"),
    ],
)
def test_regression_a_correction_of_how_long_was_not_understood(
    engine: Engine, language: str, story: str, correction: str
) -> None:
    """ "sorry, it's been 3 months not weeks" after the story's three weeks got "I did not
    understand", and the summary kept three weeks: a message that takes something back
    changes an earlier answer (never a danger question's)."""
    conversation, _ = engine.handle(None, events.Typed(story), language)
    assert conversation is not None and conversation.answers["duration"] == "weeks_months"
    conversation, _ = engine.handle(
        conversation, events.Choose("danger_screen", "none", conversation.step), language
    )
    after, out = engine.handle(conversation, events.Typed(correction), language)
    assert after is not None and after.answers["duration"] == "over_3_months"
    assert any(isinstance(r, replies.Noted) for r in out)
    assert after.answers["danger_screen"] == "none"


def test_regression_a_danger_sign_told_after_the_advice_got_only_consultation_finished(
    engine: Engine,
) -> None:
    """ "actually yes, my wife said my mouth looked droopy on one side this morning", typed
    after the self-care advice, got only "This consultation is finished". A sign told
    with doubt is asked about then too; a yes is the emergency, a no shows the advice
    again."""
    done = tap_through(engine, BENIGN)
    asked, out = engine.handle(
        done,
        events.Typed("actually yes, my wife said my mouth looked droopy on one side this morning"),
    )
    assert asked is not None and asked.state == "check_stroke"
    assert kinds(out) == ["Notify", "Ask"]
    confirmed, _ = engine.handle(asked, events.Typed("yes"))
    assert confirmed is not None and confirmed.assessment is not None
    assert confirmed.assessment.urgency is Urgency.EMERGENCY
    ruled_out, out = engine.handle(asked, events.Typed("no"))
    assert ruled_out is not None and ruled_out.finished
    assert ruled_out.assessment is not None and ruled_out.assessment.urgency is Urgency.SELF_CARE
    assert kinds(out) == ["Chosen", "Conclude"]


@pytest.mark.parametrize(
    ("language", "story", "reply"),
    [
        (
            "de",
            "Mein Vater ist 78, sein linkes Augenlid zuckt seit zwei Wochen.",
            "jaaa sein mund hängt",
        ),
        (
            "en",
            "My dad is 78, his left eyelid has twitched for two weeks.",
            "yes his mouth is drooping",
        ),
    ],
)
def test_regression_a_carers_yes_about_the_person_they_write_for_was_someone_elses_sign(
    engine: Engine, language: str, story: str, reply: str
) -> None:
    """A son writing for his father answered the stroke question "sein mund hängt jetzt":
    it was read as another person's sign and the question was not answered. A carer
    speaks of the person they write for all along."""
    conversation, _ = engine.handle(None, events.Typed(story), language)
    assert conversation is not None
    asked, _ = engine.handle(
        conversation, events.Choose("danger_screen", NOT_SURE, conversation.step), language
    )
    assert asked is not None and asked.state == "check_stroke"
    after, _ = engine.handle(asked, events.Typed(reply), language)
    assert after is not None and after.assessment is not None
    assert after.assessment.urgency is Urgency.EMERGENCY


@pytest.mark.parametrize(
    ("who", "leading"), [("older", "b12_unsteady"), ("adult", "multiple_sclerosis")]
)
def test_regression_the_ms_like_pattern_led_over_low_b12_for_an_older_adult(
    engine: Engine, who: str, leading: str
) -> None:
    """A 67-year-old on acid pills with pins and needles and unsteady walking was told the
    MS-like pattern first (both urgent). MS usually begins in young adults: at 60 or over
    low B12 leads (`leads_when`); for a younger adult the dialog's order stands."""
    answers = {"neuro": "ms_like", "body_clues": "pins_unsteady", "who": who}
    assessment = engine.assess(answers)
    assert assessment.urgency is Urgency.URGENT
    assert assessment.outcomes[0] == leading


def test_regression_a_story_at_the_safety_check_was_told_to_give_a_clear_answer(
    engine: Engine,
) -> None:
    """«Пишу за сына … говорит что перед этим хочется» typed at the safety check got
    "I need a clear answer to this safety question": the "говорит" (he says) of the story
    read as doubt about the check. A story is noted and the check asked again, plainly; a
    reply of doubt itself ("не думаю") still gets the notice."""
    start, _ = engine.handle(None, events.Start(), "ru")
    story = (
        "Пишу за сына, ему 9 лет. Он часто моргает уже месяц, говорит что перед этим"
        " хочется, и может немного потерпеть"
    )
    noted, out = engine.handle(start, events.Typed(story), "ru")
    assert noted is not None and noted.answers["other_signs"] == "urge"
    assert kinds(out) == ["Noted", "Ask"]
    _, out = engine.handle(noted, events.Typed("не думаю"), "ru")
    assert out[0] == replies.Notify(replies.Notice.CLEAR_ANSWER)


@pytest.mark.parametrize(
    "story",
    [
        "me tiembla el ojo y no duermo bien",
        "tengo un tic en el ojo que no se va",
        "desde ayer tengo la cara floja del lado derecho y no puedo cerrar bien el ojo",
        "no puedo dormir y me tiembla el ojo",
        "no me deja dormir el tic del párpado",
    ],
)
def test_regression_a_no_inside_a_story_answered_the_safety_check(
    engine: Engine, story: str
) -> None:
    """ "me tiembla el ojo y no duermo bien" typed at the safety check answered it "none of
    these", and no emergency sign was ever asked about: a "no" inside a statement, or one
    that is part of what is told ("no puedo dormir": poor sleep), is no reply, and "que …
    va" is no "qué va". A plain "no, nada de eso" still answers it."""
    start, _ = engine.handle(None, events.Start(), "es")
    told, _ = engine.handle(start, events.Typed(story), "es")
    assert told is not None and told.state == "danger_screen"
    assert "danger_screen" not in told.answers
    plain, _ = engine.handle(start, events.Typed("no, nada de eso, solo me tiembla el ojo"), "es")
    assert plain is not None and plain.answers["danger_screen"] == "none"


def test_regression_thanks_and_a_repeated_answer_were_not_understood(engine: Engine) -> None:
    """ "ok danke" at a question, and "es breitet sich langsam aus" once a slow spread was
    noted, got "Sorry, I did not understand that": a thank-you is answered kindly, and
    what is noted already is said to be noted; the question comes again either way."""
    story = "Seit 6 Monaten zuckt meine linke Gesichtshälfte, es breitet sich langsam aus"
    conversation, _ = engine.handle(None, events.Typed(story), "de")
    assert conversation is not None and conversation.answers["course"] == "spreading_slowly"
    state = conversation.state
    thanked, out = engine.handle(conversation, events.Typed("ok danke"), "de")
    assert out[0] == replies.Notify(replies.Notice.ACKNOWLEDGED)
    assert thanked is not None and thanked.state == state
    _, out = engine.handle(conversation, events.Typed("es breitet sich langsam aus"), "de")
    assert out[0] == replies.Notify(replies.Notice.ALREADY_NOTED)
    _, out = engine.handle(conversation, events.Typed("blub"), "de")
    assert out[0] == replies.Notify(replies.Notice.NOT_UNDERSTOOD)


@pytest.mark.parametrize(
    ("language", "story", "typed"),
    [
        ("en", "my left eyelid twitches for 3 weeks", "none of these"),
        ("ru", "уже три недели дёргается нижнее веко слева", "ничего из этого"),
    ],
)
def test_regression_none_of_these_at_a_question_without_it_was_said_to_be_noted_already(
    engine: Engine, language: str, story: str, typed: str
) -> None:
    """ "ничего из этого" typed at "How has it changed over time?", after the safety check
    was answered "none of these", got "Thank you, I have that noted already" (clinical
    round 37): a plain no names nothing told, and does not fit that question."""
    conversation, _ = engine.handle(None, events.Typed(story), language)
    conversation, _ = engine.handle(conversation, events.Typed(typed), language)
    assert conversation is not None and conversation.answers["danger_screen"] == "none"
    state = conversation.state
    again, out = engine.handle(conversation, events.Typed(typed), language)
    assert out[0] == replies.Notify(replies.Notice.NOT_UNDERSTOOD)
    assert again is not None and again.state == state


@pytest.mark.parametrize(
    ("language", "typed"), [("de", "keine"), ("es", "ninguno"), ("en", "none")]
)
def test_regression_none_typed_at_a_question_other_than_the_safety_check_was_not_understood(
    engine: Engine, language: str, typed: str
) -> None:
    """ "keine" was understood at the safety check, but not at the nerve question: every
    "None of these" takes the same typed words."""
    for question in ("neuro", "eye_signs", "body_clues"):
        assert [o.id for o in engine._exact(question, typed, language)] == ["none"]


@pytest.mark.parametrize(
    ("language", "story"),
    [
        ("ru", "у меня нет сил, веко дергается"),
        ("ru", "я не сплю из-за того что веко дергается"),
        ("ru", "мне не до шуток, глаз дергается"),
    ],
)
def test_regression_a_no_the_person_says_of_themselves_answered_the_safety_check(
    engine: Engine, language: str, story: str
) -> None:
    """ "у меня нет сил, веко дергается" (I have no energy, my eyelid twitches) answered
    the safety check "none of these": a no after the person speaks of themselves is part
    of what they tell, unless it ends its clause; "yo no tengo nada de eso" still says no."""
    start, _ = engine.handle(None, events.Start(), language)
    told, _ = engine.handle(start, events.Typed(story), language)
    assert told is not None and "danger_screen" not in told.answers
    plain, _ = engine.handle(start, events.Typed("yo no tengo nada de eso"), "es")
    assert plain is not None and plain.answers["danger_screen"] == "none"


def test_regression_a_childs_seizure_told_with_a_doubtful_part_was_only_asked_about(
    engine: Engine,
) -> None:
    """ "my 6 yr old son … he stared blankly and his right arm was jerking and he didnt
    answer" asked "Have you had a fit?": the doubtful "stared blankly" outweighed the
    child's jerking arm, read as another person's. Told of the person the consultation is
    for, the sign is the emergency."""
    start, _ = engine.handle(None, events.Start())
    story = (
        "my 6 yr old son has had a twitchy eye for a week. today at school he stared blankly"
        " and his right arm was jerking and he didnt answer for a minute"
    )
    after, _ = engine.handle(start, events.Typed(story))
    assert after is not None and after.assessment is not None
    assert after.assessment.urgency is Urgency.EMERGENCY
    assert after.assessment.danger == "seizure"


def test_regression_thats_all_with_nothing_ticked_was_not_understood(engine: Engine) -> None:
    """ "eso es todo" at a choose-all question with nothing ticked got "no le he
    entendido": with nothing ticked it means "None of these"."""
    conversation = tap_through(engine, ["none", "one_eyelid", "under_2_weeks", "no", "none"])
    assert engine.dialog.question(conversation.state).multiple and not conversation.picked
    asked = conversation.state
    after, _ = engine.handle(conversation, events.Typed("eso es todo"), "es")
    assert after is not None and after.answers[asked] == "none"
    _, out = engine.handle(conversation, events.Typed("ok"), "es")
    assert out[0] == replies.Notify(replies.Notice.ACKNOWLEDGED)


def test_regression_start_twice_said_welcome_back_with_nothing_answered(engine: Engine) -> None:
    """/start sent again at the first question said "Welcome back! Let's continue where
    we stopped": nothing had been answered. It greets as the first time; after an answer
    it is a welcome back."""
    first, _ = engine.handle(None, events.Start())
    again, out = engine.handle(first, events.Start())
    assert out[0] == replies.Notify(replies.Notice.WELCOME)
    assert again is not None
    answered, _ = engine.handle(again, events.Choose("danger_screen", "none", again.step))
    _, out = engine.handle(answered, events.Start())
    assert out[0] == replies.Notify(replies.Notice.WELCOME_BACK)


def test_regression_a_lone_question_mark_was_taken_as_not_sure(engine: Engine) -> None:
    """A bare "?" typed at a question was taken as "Not sure" and the next question came:
    the person did not understand the question. They are told why it is asked, and the
    question stays."""
    conversation = tap_through(engine, ["none", "one_eyelid", "under_2_weeks"])
    asked = conversation.state
    after, out = engine.handle(conversation, events.Typed("?"))
    assert after is not None and after.state == asked and asked not in after.answers
    assert kinds(out) == ["Explain", "Ask"]


@pytest.mark.parametrize(
    ("language", "typed"), [("de", "ja, vllt 5 min"), ("en", "yes, maybe for 5 minutes")]
)
def test_regression_a_yes_hedged_only_in_its_duration_was_not_sure(
    engine: Engine, language: str, typed: str
) -> None:
    """ "ja, vllt 5 min" at the stroke question was "not sure" (see a doctor today): the
    doubt was about how long it lasted. The yes stands, and it is the emergency; "yes
    maybe" is still not sure."""
    question = engine.dialog.question("check_stroke")
    chosen = engine.typed_answer(question, engine.read(typed, language, "check_stroke"))
    assert [o.id for o in chosen] == ["yes"]
    unsure = engine.typed_answer(question, engine.read("yes maybe", "en", "check_stroke"))
    assert [o.id for o in unsure] == [NOT_SURE]


@pytest.mark.parametrize(
    ("question", "typed"),
    [
        ("check_breathing", "breathing is fine but maybe a bit hard to swallow"),
        ("check_eyelid_vision", "just a normal headache but maybe seeing double"),
    ],
)
def test_regression_a_no_with_the_sign_told_in_doubt_was_a_plain_no(
    engine: Engine, question: str, typed: str
) -> None:
    """ "breathing is fine but maybe a bit hard to swallow" at the breathing question was
    a "no", and the doubtful swallowing was dropped: a no that leaves the sign in doubt
    is "not sure", which never lowers the urgency."""
    chosen = engine.typed_answer(
        engine.dialog.question(question), engine.read(typed, "en", question)
    )
    assert [o.id for o in chosen] == [NOT_SURE]


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("ru", "ничего такого, наверное"),
        ("en", "nothing like that, I think"),
        ("es", "nada de eso, creo"),
        ("en", "nothing like that i suppose"),
    ],
)
def test_regression_a_hedged_none_at_the_safety_check_ruled_the_signs_out(
    engine: Engine, language: str, typed: str
) -> None:
    """«ничего такого, наверное» at the safety check was "None of these": the doubt in a
    clause of its own was lost, and no danger sign was asked about. A doubtful no is
    "not sure", so each sign is asked on its own."""
    start, _ = engine.handle(None, events.Start(), language)
    after, _ = engine.handle(start, events.Typed(typed), language)
    assert after is not None and after.answers["danger_screen"] == NOT_SURE
    assert after.state == "check_stroke"


@pytest.mark.parametrize(
    ("language", "typed"), [("en", "🤷‍♀️"), ("ru", "🤷🏻‍♂️"), ("es", "🤷"), ("de", "🤔")]
)
def test_regression_a_shrug_at_a_question_was_not_understood(
    engine: Engine, language: str, typed: str
) -> None:
    """A shrug typed at the safety check got "I did not understand": it means "not sure",
    which there asks about each sign on its own (it never lowers the urgency)."""
    start, _ = engine.handle(None, events.Start(), language)
    after, out = engine.handle(start, events.Typed(typed), language)
    assert after is not None and after.answers["danger_screen"] == NOT_SURE
    assert replies.Notify(replies.Notice.NOT_UNDERSTOOD) not in out


def test_regression_a_thumbs_up_at_a_danger_check_was_not_understood(engine: Engine) -> None:
    """A thumbs up at a danger check is no clear yes or no: it is acknowledged as an "ok"
    and the check is asked again, never taken as an answer."""
    start, _ = engine.handle(None, events.Start())
    asking, _ = engine.handle(start, events.Choose("danger_screen", "not_sure", start.step))
    assert asking is not None and asking.state == "check_stroke"
    after, out = engine.handle(asking, events.Typed("👍🏽"))
    assert (
        after is not None and after.state == "check_stroke" and "check_stroke" not in after.answers
    )
    assert out[0] == replies.Notify(replies.Notice.ACKNOWLEDGED)


def test_regression_a_time_typed_at_another_question_was_not_understood(engine: Engine) -> None:
    """ "about 4 months" typed at "Which of these describes it best?" got "I did not
    understand", and how long was asked later. A short reply that tells only a time is
    how long: noted, and the question on screen stays."""
    start, _ = engine.handle(None, events.Start())
    asking, _ = engine.handle(start, events.Choose("danger_screen", "none", start.step))
    assert asking is not None and asking.state == "location"
    after, out = engine.handle(asking, events.Typed("about 4 months"))
    assert after is not None and after.state == "location"
    assert after.answers["duration"] == "over_3_months"
    assert replies.Notify(replies.Notice.NOT_UNDERSTOOD) not in out
    assert any(isinstance(r, replies.Noted) and r.duration_days == 120 for r in out)


@pytest.mark.parametrize(
    ("language", "typed"),
    [("en", "sorry, it's 5 weeks not 3"), ("es", "perdón, son 5 semanas, no 3")],
)
def test_regression_a_time_put_right_within_its_range_was_not_understood(
    engine: Engine, language: str, typed: str
) -> None:
    """ "sorry, it's 5 weeks not 3" got "I did not understand", and the summary kept 3
    weeks: only a time that moved to another range was taken. It is noted."""
    conversation = tap_through(engine, ["none", "one_eyelid", "weeks_months"])
    conversation = replace(conversation, details={"duration_days": 21})
    asked = conversation.state
    after, out = engine.handle(conversation, events.Typed(typed), language)
    assert after is not None and after.state == asked
    assert after.details["duration_days"] == 35
    assert any(isinstance(r, replies.Noted) and r.duration_days == 35 for r in out)


@pytest.mark.parametrize(
    "typed", ["sorry, sind eher 5 wochen nicht 3", "ach nee, sind schon 3 Monate"]
)
def test_regression_a_time_put_right_answered_the_question_on_screen_no(
    engine: Engine, typed: str
) -> None:
    """ "sorry, sind eher 5 wochen nicht 3" typed at a yes-or-no question was taken as its
    "Nein": the "nicht" takes back the old time. The time is noted, the question stays."""
    conversation = tap_through(engine, ["none", "one_eyelid", "weeks_months"])
    conversation = replace(conversation, details={"duration_days": 21})
    asked = conversation.state
    after, _ = engine.handle(conversation, events.Typed(typed), "de")
    assert after is not None and after.state == asked and asked not in after.answers
    assert after.details["duration_days"] != 21


def test_regression_a_medicine_told_after_its_question_was_answered_was_dropped(
    engine: Engine,
) -> None:
    """ "sí, me dieron haloperidol en urgencias la semana pasada", typed after "None of
    these" at the other-features question, was noted but left "None of these": routine
    advice for movements after a new antipsychotic (GUIDANCE: urgent). A medicine named
    later adds the answer it chooses."""
    conversation = tap_through(
        engine, ["none", "one_eyelid", "under_2_weeks", "no", "none", "none"]
    )
    assert conversation.answers["other_signs"] == "none"
    typed = events.Typed("sí, me dieron haloperidol en urgencias la semana pasada")
    after, _ = engine.handle(conversation, typed, "es")
    assert after is not None and after.answers["other_signs"] == "medicine"


def test_regression_a_childs_focal_seizure_led_with_stroke(engine: Engine) -> None:
    """A 7-year-old's mouth corner jerking that spread to his arm while he could not speak
    gave the stroke text first (the danger signs in the dialog's order). In a child the
    seizure leads (`leads_when` on its emergency outcome); both stay in the advice."""
    start, _ = engine.handle(None, events.Start())
    story = (
        "My son is 7. This morning the corner of his mouth started jerking, then the jerking"
        " spread to his right arm and he couldn't speak for about a minute, he was awake"
    )
    after, _ = engine.handle(start, events.Typed(story))
    assert after is not None and after.assessment is not None
    assert after.assessment.danger == "seizure"
    assert after.assessment.outcomes[:2] == ("emergency_seizure", "emergency_stroke")


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("ru", "ой нет, простите, не с понедельника, а уже недели три"),
        ("en", "not since monday, more like 3 weeks"),
        ("es", "no desde el lunes, sino desde hace 3 semanas"),
        ("de", "nicht seit Montag, eher seit 3 Wochen"),
    ],
)
def test_regression_a_time_taken_back_with_not_was_kept(
    engine: Engine, language: str, typed: str
) -> None:
    """«не с понедельника, а уже недели три» at the eye-closing question was its "Нет",
    and the denied days stayed how long. The time after the denial is taken, and the
    question on screen is not answered by the "не"."""
    conversation = tap_through(engine, ["none", "one_eyelid", "under_2_weeks"])
    conversation = replace(conversation, details={"duration_days": 5})
    asked = conversation.state
    after, _ = engine.handle(conversation, events.Typed(typed), language)
    assert after is not None and asked not in after.answers
    assert after.details["duration_days"] == 21
    assert after.answers["duration"] == "weeks_months"


def test_regression_a_sign_told_after_its_choose_all_question_was_not_understood(
    engine: Engine,
) -> None:
    """«и еще шатает при ходьбе», typed a question after "Nothing of these" for the signs
    elsewhere in the body, got "I did not understand", and low B12 with unsteady walking
    (urgent) was never weighed. A reply that answers nothing on screen but names more for a
    choose-all question adds to it, and the dialog goes on from there."""
    conversation = tap_through(
        engine, ["none", "one_eyelid", "under_2_weeks", "no", "none", "none"]
    )
    asked, _ = engine.handle(conversation, events.Choose("body_clues", "none", conversation.step))
    assert asked is not None and asked.answers["body_clues"] == "none"
    after, out = engine.handle(asked, events.Typed("и еще шатает при ходьбе"), "ru")
    assert after is not None and after.answers["body_clues"] != "none"
    assert replies.Notify(replies.Notice.NOT_UNDERSTOOD) not in out


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("en", "started metoclopramide 2 days ago and now my eyes keep rolling back"),
        (
            "es",
            "mi hijo de 17 años empezó con aripiprazol hace cinco días y desde ayer pone los ojos"
            " en blanco mirando para arriba, respira bien y traga bien",
        ),
    ],
)
def test_regression_eyes_rolling_up_on_a_new_medicine_were_a_seizure_emergency(
    engine: Engine, language: str, typed: str
) -> None:
    """Eyes rolling up days after starting aripiprazole gave the seizure emergency: such
    movements are far more often the new medicine's (GUIDANCE: urgent). The fit is asked
    about first (`DangerSign.like_a_new_medicine`); a yes is still the emergency."""
    start, _ = engine.handle(None, events.Start(), language)
    asking, _ = engine.handle(start, events.Typed(typed), language)
    assert asking is not None and asking.assessment is None
    assert asking.state == "check_seizure"
    emergency, _ = engine.handle(asking, events.Choose("check_seizure", "yes", asking.step))
    assert emergency is not None and emergency.assessment is not None
    assert emergency.assessment.urgency is Urgency.EMERGENCY


def test_chest_pain_told_is_named_back_once_and_kept_for_the_summary(engine: Engine) -> None:
    conversation, _ = engine.handle(None, events.Start())
    text = "my eyelid has twitched for 4 days and my chest hurts"
    conversation, out = engine.handle(conversation, events.Typed(text))
    assert out[0] == replies.Concerns(("chest_pain",))
    conversation, out = engine.handle(conversation, events.Typed("my chest still hurts"))
    assert not any(isinstance(r, replies.Concerns) for r in out)  # said once is enough
    _, out = engine.handle(conversation, events.Summary())
    (recap,) = out
    assert isinstance(recap, replies.Recap) and recap.concerns == ("chest_pain",)


def test_regression_someone_elses_chest_pain_was_put_in_the_writers_summary(
    engine: Engine,
) -> None:
    conversation, _ = engine.handle(None, events.Start())
    text = "my wife has chest pain, I have an eyelid twitch for 3 days"
    conversation, out = engine.handle(conversation, events.Typed(text))
    assert out[0] == replies.Concerns(("chest_pain",))  # what to do for her, at once
    _, out = engine.handle(conversation, events.Summary())
    (recap,) = out
    assert isinstance(recap, replies.Recap) and recap.concerns == ()


def test_regression_a_denied_chest_pain_answered_the_safety_check(engine: Engine) -> None:
    conversation, _ = engine.handle(None, events.Start())
    text = "no chest pain, just my left cheek twitching for 2 weeks"
    conversation, out = engine.handle(conversation, events.Typed(text))
    assert conversation is not None and conversation.state == "danger_screen"
    assert "danger_screen" not in conversation.answers
    assert not any(isinstance(r, replies.Concerns) for r in out)


def test_regression_signs_ruled_out_over_two_replies_were_asked_a_third_time(
    engine: Engine,
) -> None:
    conversation, _ = engine.handle(None, events.Start())
    first = "no, my face has not dropped and my speech is as clear as ever"
    conversation, out = engine.handle(conversation, events.Typed(first))
    assert replies.Notify(replies.Notice.OTHER_SIGNS_TOO) in out  # the others asked again
    second = "no fits, no double vision, and my breathing is perfectly fine"
    conversation, out = engine.handle(conversation, events.Typed(second))
    assert conversation is not None and conversation.answers["danger_screen"] == "none"


def test_a_plain_no_after_some_signs_were_ruled_out_rules_out_the_rest(engine: Engine) -> None:
    conversation, _ = engine.handle(None, events.Start())
    conversation, _ = engine.handle(conversation, events.Typed("no droop, speech is fine"))
    conversation, _ = engine.handle(conversation, events.Typed("no, none of the others either"))
    assert conversation is not None and conversation.answers["danger_screen"] == "none"


def test_a_sign_told_after_others_were_ruled_out_is_still_the_emergency(engine: Engine) -> None:
    conversation, _ = engine.handle(None, events.Start())
    conversation, _ = engine.handle(conversation, events.Typed("no droop, speech is fine"))
    conversation, out = engine.handle(conversation, events.Typed("no, but I did have a fit"))
    assert any(isinstance(r, replies.Conclude) for r in out)
    assert conversation is not None and conversation.assessment is not None
    assert conversation.assessment.urgency is Urgency.EMERGENCY


@pytest.mark.parametrize(
    ("language", "story", "later"),
    [
        (
            "en",
            "My son is 10, his right eyelid twitches for about a week",
            "actually this morning his speech was slurred for a few minutes",
        ),
        (
            "de",
            "Mein Sohn ist 10, sein rechtes Augenlid zuckt seit einer Woche",
            "heute früh hat er plötzlich ganz verwaschen gesprochen",
        ),
    ],
)
def test_regression_a_parents_later_sign_in_the_child_was_someone_elses(
    engine: Engine, language: str, story: str, later: str
) -> None:
    """A father wrote "My son is 10, his right eyelid twitches", answered three questions,
    then typed that the boy's speech had been slurred this morning: it was read as
    someone else's sign, and the consultation went on to self-care. A parent writing of
    their child writes for someone else: the child's sign is the consultation's own."""
    conversation, _ = engine.handle(None, events.Typed(story), language)
    assert conversation is not None and conversation.for_someone_else
    conversation, _ = engine.handle(
        conversation, events.Choose("danger_screen", "none", conversation.step), language
    )
    assert conversation is not None
    after, _ = engine.handle(conversation, events.Typed(later), language)
    assert after is not None and after.assessment is not None
    assert after.assessment.urgency is Urgency.EMERGENCY


def test_regression_a_time_typed_at_the_safety_check_was_not_understood(engine: Engine) -> None:
    """ "it started about 3 weeks ago", typed while the safety check was open, got "Sorry, I
    did not understand that". It was understood; it is only no answer to the check (a time
    there may be how long a sign lasted), so the bot asks for that answer first."""
    conversation, _ = engine.handle(None, events.Typed("my eyelid twitches"))
    after, out = engine.handle(conversation, events.Typed("it started about 3 weeks ago"))
    assert after is not None and after.state == "danger_screen"
    assert out[0] == replies.Notify(replies.Notice.SAFETY_FIRST)


def test_regression_a_time_put_right_after_the_advice_left_the_old_advice_standing(
    engine: Engine,
) -> None:
    """Self-care for 3 days, then "actually it's been about 4 months, not 3 days": the
    consultation goes on to the question a 4-month twitch needs, and ends in new advice."""
    done = tap_through(engine, BENIGN)
    assert done.assessment is not None and done.assessment.urgency is Urgency.SELF_CARE
    typed = events.Typed("actually it's been going on for about 4 months, not 3 days")
    after, out = engine.handle(done, typed)
    assert after is not None and not after.finished
    assert after.answers["duration"] == "over_3_months"
    assert kinds(out)[0] == "Noted" and kinds(out)[-1] == "Ask"
    while not after.finished:
        ids = [o.id for o in engine.dialog.question(after.state).options]
        plain = next(o for o in ("none", "no", ids[0]) if o in ids)
        after, out = engine.handle(after, events.Choose(after.state, plain, after.step))
        assert after is not None
    assert after.assessment is not None
    assert after.assessment.urgency is not Urgency.SELF_CARE
    assert kinds(out)[-1] == "Conclude"


def test_a_side_put_right_after_the_advice_is_noted_and_the_advice_stands(
    engine: Engine,
) -> None:
    done = tap_through(engine, BENIGN)
    after, out = engine.handle(done, events.Typed("sorry, it's the right eye, not the left"))
    assert after is not None and after.finished
    assert after.answers["side"] == "right"
    assert after.assessment == done.assessment
    assert out == [
        replies.Noted((("side", "right"),)),
        replies.Notify(replies.Notice.ADVICE_STANDS),
    ]


def test_regression_furosemide_told_after_the_advice_lost_the_minerals_advice(
    engine: Engine,
) -> None:
    """Clinical round 77: "oh and I take furosemide for my heart", typed after the self-care
    advice for a lid twitch, got that advice in short again: a fact told only then, with no
    "actually" or "sorry", was not worked in. The water tablet is noted, the heart question
    its advice needs is asked, and the advice becomes routine, a blood test for minerals."""
    done = tap_through(engine, BENIGN)
    assert done.assessment is not None and done.assessment.urgency is Urgency.SELF_CARE
    after, out = engine.handle(done, events.Typed("oh and I take furosemide for my heart"))
    assert after is not None and after.state == "mineral_flags"
    assert after.answers["risk_factors"] == "diuretic"
    assert kinds(out) == ["Noted", "Ask"]
    ended, out = engine.handle(after, events.Choose("mineral_flags", "none", after.step))
    assert ended is not None and ended.assessment is not None
    assert ended.assessment.urgency is Urgency.ROUTINE
    assert ended.assessment.outcomes == ("minerals", "myokymia")
    assert kinds(out)[-1] == "Conclude"


def test_a_fact_told_after_the_advice_that_changes_nothing_is_noted_as_added(
    engine: Engine,
) -> None:
    """ "It's for my son, he's 9" after the self-care advice for a lid twitch: noted (the
    advice now speaks of him), and the advice stands; not "what you put right"."""
    done = tap_through(engine, BENIGN)
    after, out = engine.handle(done, events.Typed("it's for my son, he's 9"))
    assert after is not None and after.finished and after.for_someone_else
    assert after.answers["who"] == "child"
    assert after.assessment == done.assessment
    assert out[-1] == replies.Notify(replies.Notice.ADDED_ADVICE_STANDS)


def test_a_question_after_the_advice_tells_no_fact(engine: Engine) -> None:
    """ "My sister has MS, could that be it?" is a question about her, not a diagnosis of
    one's own: the advice in short, nothing noted."""
    done = tap_through(engine, BENIGN)
    after, out = engine.handle(done, events.Typed("my sister has MS, could that be it?"))
    assert after == done
    assert kinds(out) == ["InShort"]


def test_regression_a_question_answered_before_the_advice_was_asked_again_after_it(
    engine: Engine,
) -> None:
    """Clinical round 77: "no es el ojo, es el labio de arriba" after the advice went back
    to the questions a lip twitch needs, and then asked the triggers again, answered with
    "stress" before the advice. Only the questions the new answer needs are asked."""
    done = tap_through(engine, BENIGN)
    after, _ = engine.handle(done, events.Typed("sorry, it's not my eyelid, it's my upper lip"))
    assert after is not None and after.state == "side"
    after, _ = engine.handle(after, events.Choose("side", "left", after.step))
    assert after is not None and after.state == "palsy_history"
    ended, out = engine.handle(after, events.Choose("palsy_history", "no", after.step))
    assert ended is not None and ended.finished
    assert ended.answers["triggers"] == "stress"
    assert kinds(out)[-1] == "Conclude"


def test_after_an_emergency_a_correction_changes_nothing(engine: Engine) -> None:
    start, _ = engine.handle(None, events.Start())
    assert start is not None
    ended, _ = engine.handle(start, events.Choose("danger_screen", "stroke", start.step))
    assert ended is not None and ended.finished
    after, out = engine.handle(ended, events.Typed("actually it's been 4 months, not 3 days"))
    assert after == ended
    # the emergency advice again, in short: nothing put right changes it
    assert [type(r) for r in out] == [replies.InShort]
    assert isinstance(out[0], replies.InShort)
    assert out[0].advice.assessment.urgency is Urgency.EMERGENCY


def test_regression_a_question_after_the_advice_got_only_that_the_consultation_was_finished(
    engine: Engine,
) -> None:
    """'so is it serious?' and 'what should I do now?' typed after the self-care advice
    got 'This consultation is finished. Send /summary …', and the question went
    unanswered. The headline and first steps come again, in short; nothing changes."""
    done = tap_through(engine, BENIGN)
    for asked in ("so is it serious?", "what should I do now", "ok thanks"):
        after, out = engine.handle(done, events.Typed(asked))
        assert after == done
        assert out == [replies.InShort(engine._conclusion(done))]


def test_regression_someone_elses_emergency_put_into_an_edit_got_no_warning(
    engine: Engine,
) -> None:
    start, _ = engine.handle(None, events.Start())
    assert start is not None
    at_location, _ = engine.handle(start, events.Choose("danger_screen", "none", start.step))
    assert at_location is not None
    edit = events.Typed("my dad is here, his face droops and he slurs his words", edited=True)
    after, out = engine.handle(at_location, edit)
    assert after is not None and after.answers == at_location.answers
    assert out[0] == replies.Notify(replies.Notice.SOMEONE_ELSE_IN_DANGER)
    assert replies.Notify(replies.Notice.EDIT_NOT_AN_ANSWER) in out


@pytest.mark.parametrize("for_someone_else", [False, True])
def test_regression_the_safety_check_pasted_back_was_read_as_every_sign(
    engine: Engine, for_someone_else: bool
) -> None:
    """A person who copies the safety check's text into the chat tells none of its signs;
    one line of it copied picks that line."""
    start, _ = engine.handle(None, events.Start())
    assert start is not None
    question = engine.dialog.question("danger_screen")
    wording = question.for_someone_else if for_someone_else else question.text
    assert wording is not None
    after, out = engine.handle(start, events.Typed(wording))
    assert after == start
    assert kinds(out) == ["Notify", "Ask"]
    assert out[0] == replies.Notify(replies.Notice.NOT_UNDERSTOOD)
    list_and_answer = wording + "\n\nnone of these"
    after, _ = engine.handle(start, events.Typed(list_and_answer))
    assert after is not None and after.answers.get("danger_screen") == "none"
    one_line = wording.splitlines()[2]
    after, _ = engine.handle(start, events.Typed(one_line))
    assert after is not None and after.finished
    assert after.assessment is not None and after.assessment.danger == "stroke"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "for 4 months"),
        ("ru", "уже 4 месяца"),
        ("es", "hace 4 meses"),
        ("de", "seit 4 Monaten"),
    ],
)
def test_regression_a_time_alone_after_the_advice_was_passed_over(
    engine: Engine, language: str, text: str
) -> None:
    done = tap_through(engine, BENIGN)
    after, out = engine.handle(done, events.Typed(text), language)
    assert after is not None and not after.finished
    assert after.answers["duration"] == "over_3_months"
    assert kinds(out)[0] == "Noted"


def _past_the_safety_check(engine: Engine, story: str) -> Conversation:
    """A consultation begun with `story`, "None of these" tapped at the safety check."""
    conversation, _ = engine.handle(None, events.Typed(story))
    assert conversation is not None
    conversation, _ = engine.handle(
        conversation, events.Choose(conversation.state, "none", conversation.step)
    )
    assert conversation is not None
    return conversation


def test_regression_more_of_a_noted_answer_typed_at_another_question_was_not_understood(
    engine: Engine,
) -> None:
    """The first message noted only the mouth pulling; "yes, my eye closes and my mouth
    pulls" typed at the next question got "Sorry, I did not understand"."""
    story = "my right eye twitches for 3 months and lately the corner of my mouth pulls up"
    conversation = _past_the_safety_check(engine, story)
    assert conversation.answers.get("closure") == "mouth_pulls"
    after, out = engine.handle(conversation, events.Typed("yes, my eye closes and my mouth pulls"))
    assert after is not None and after.answers["closure"] == "both"
    assert replies.Notify(replies.Notice.NOT_UNDERSTOOD) not in out
    assert kinds(out)[0] == "Noted"
    assert isinstance(out[-1], replies.Ask) and out[-1].question == after.state


def test_more_of_a_noted_answer_is_both_where_the_question_has_both(engine: Engine) -> None:
    """ "sometimes it shuts by itself" noted the eye closing; "and now it pulls his mouth"
    typed later is both, not the mouth instead of the eye."""
    story = (
        "writing for my dad, 79, his right eye twitches for 6 months and sometimes shuts by itself"
    )
    conversation = _past_the_safety_check(engine, story)
    assert conversation.answers.get("closure") == "eye_closes"
    after, _ = engine.handle(conversation, events.Typed("and now it pulls his mouth to the side"))
    assert after is not None and after.answers["closure"] == "both"


def test_regression_alcohol_withdrawal_stood_beside_a_self_care_heading(engine: Engine) -> None:
    """A symptom told whose own advice asks for help today raises the advice to it
    (`Concern.floor`): "SELF-CARE: can usually be looked after at home" stood beside
    "needs medical advice today"."""
    answers = {
        "danger_screen": "none",
        "location": "one_eyelid",
        "duration": "under_2_weeks",
        "closure": "no",
        "neuro": "none",
        "other_signs": "none",
        "body_clues": "none",
        "triggers": "none",
    }
    assert engine.assess(answers).urgency is Urgency.SELF_CARE
    raised = engine.assess(answers, ["alcohol_withdrawal"])
    assert raised.urgency is Urgency.URGENT
    assert raised.floor_concerns == ("alcohol_withdrawal",)
    assert engine.assess(answers, ["chest_pain"]).urgency is Urgency.SELF_CARE
    assert type(raised).from_dict(raised.to_dict()) == raised


def test_regression_a_danger_sign_taken_back_after_the_emergency_was_only_told_finished(
    engine: Engine,
) -> None:
    """ "sorry, typo, I meant my arm is NOT numb" after the emergency advice got only "This
    consultation is finished": the advice stands, and the reply says /restart starts again."""
    started, _ = engine.handle(None, events.Start())
    told, _ = engine.handle(
        started, events.Typed("my left eyelid twitches for a week and my arm is numb"), "en"
    )
    assert told.finished and told.assessment is not None
    after, out = engine.handle(
        told, events.Typed("sorry, typo, I meant my arm is NOT numb, nothing like that"), "en"
    )
    notices = [r.notice for r in out if isinstance(r, replies.Notify)]
    assert notices == [replies.Notice.DANGER_STANDS]
    assert after.assessment == told.assessment


def test_regression_a_possible_sign_denied_at_its_check_stayed_in_the_summary(
    engine: Engine,
) -> None:
    """ "the left upper eyelid droops a bit", then "no" to the droop with double vision and
    a headache, was still listed for the doctor as an emergency sign "possible, not
    certain"; ruled out when asked, it is no emergency sign."""
    started, _ = engine.handle(None, events.Start())
    told, _ = engine.handle(
        started,
        events.Typed("my left eyebrow twitches and the left upper eyelid droops a bit"),
        "en",
    )
    assert told.state == "check_eyelid_vision"
    denied, _ = engine.handle(told, events.Typed("no, no double vision and no headache"), "en")
    _, out = engine.handle(denied, events.Summary(), "en")
    recap = next(r for r in out if isinstance(r, replies.Recap))
    assert recap.dangers == ()


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "hi"), ("en", "Help!"), ("ru", "Привет"), ("es", "hola"), ("de", "Hallo")],
)
def test_regression_a_greeting_at_the_safety_check_was_not_understood(
    engine: Engine, language: str, text: str
) -> None:
    """ "hi", "help" or «привет» typed at the first question got "Sorry, I did not
    understand that" (clinical round 73: the first reply decides whether people trust
    the bot). It is greeted back, with the question again, and nothing is answered."""
    start, _ = engine.handle(None, events.Start())
    after, out = engine.handle(start, events.Typed(text), language)
    assert after == start
    assert out[0] == replies.Notify(replies.Notice.GREETED)
    assert kinds(out)[1:] == ["Ask"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "my face twitches"),
        ("en", "my face keeps twitching"),
        ("ru", "у меня дёргается лицо"),
        ("es", "me tiembla la cara"),
        ("de", "mein Gesicht zuckt"),
    ],
)
def test_regression_the_plain_complaint_was_not_understood(
    engine: Engine, language: str, text: str
) -> None:
    """ "my face twitches" typed at the first question got "Sorry, I did not understand
    that": it names the movement, and nothing the question asks (clinical round 73). It
    is thanked, with the question again, and nothing is answered for the patient."""
    start, _ = engine.handle(None, events.Start())
    after, out = engine.handle(start, events.Typed(text), language)
    assert after == start
    assert out[0] == replies.Notify(replies.Notice.COMPLAINT_HEARD)
    assert kinds(out)[1:] == ["Ask"]


def test_a_reply_that_is_not_the_complaint_is_still_not_understood(engine: Engine) -> None:
    """The complaint's words are what is thanked: other words that answer nothing are
    still not understood, so the patient learns to type an answer."""
    start, _ = engine.handle(None, events.Start())
    _, out = engine.handle(start, events.Typed("purple elephants"), "en")
    assert out[0] == replies.Notify(replies.Notice.NOT_UNDERSTOOD)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "I'm really scared, I don't know what's happening"),
        ("en", "I'm scared"),
        ("ru", "мне очень страшно, не понимаю что происходит"),
        ("es", "tengo mucho miedo"),
        ("de", "ich bin total verängstigt"),
    ],
)
def test_regression_fear_at_the_safety_check_was_asked_for_a_clear_answer(
    engine: Engine, language: str, text: str
) -> None:
    """ "I'm really scared, I don't know what's happening" at the safety check was told
    "For this safety question I need a clear answer" (clinical round 73), "I'm scared"
    "Sorry, I did not understand that", and "tengo mucho miedo" at the stroke check was
    a yes. Fear told alone is met with a kind word, the question again, and nothing is
    answered for the patient."""
    start, _ = engine.handle(None, events.Start())
    after, out = engine.handle(start, events.Typed(text), language)
    assert after == start
    assert out[0] == replies.Notify(replies.Notice.FEAR_HEARD)
    assert kinds(out)[1:] == ["Ask"]


def test_fear_with_a_danger_sign_still_acts_on_the_sign(engine: Engine) -> None:
    """A kind word is for fear told alone: a sign told with it is acted on as ever."""
    start, _ = engine.handle(None, events.Start())
    after, out = engine.handle(start, events.Typed("I'm scared, my face is drooping"), "en")
    assert after.assessment is not None and after.assessment.urgency is Urgency.EMERGENCY
    assert replies.Notify(replies.Notice.FEAR_HEARD) not in out


@pytest.mark.parametrize(
    ("language", "unsure", "text"),
    [
        ("en", "not sure", "yes, years ago"),
        ("en", "not sure", "yeah back in 2015"),
        ("ru", "не знаю", "да, но это было лет десять назад"),
        ("es", "no sé", "si, hace 3 años"),
        ("de", "weiß nicht", "ja vor jahren mal, hatte nen schlaganfall 2015"),
    ],
)
def test_regression_a_yes_of_long_ago_at_the_stroke_check_was_the_emergency(
    engine: Engine, language: str, unsure: str, text: str
) -> None:
    """ "yes, years ago" at the stroke check was a yes: the stroke emergency, for a sign
    years before the twitch (language round 89, in all four languages). The check is
    asked again for the time since the twitch began, and nothing is answered."""
    start, _ = engine.handle(None, events.Start())
    at_check, _ = engine.handle(start, events.Typed(unsure), language)
    assert at_check.state == "check_stroke"
    after, out = engine.handle(at_check, events.Typed(text), language)
    assert after.state == "check_stroke" and after.assessment is None
    assert out[0] == replies.Notify(replies.Notice.SINCE_IT_BEGAN)


def test_a_yes_of_now_at_the_stroke_check_is_still_the_emergency(engine: Engine) -> None:
    """Only long ago is asked again: "yes, an hour ago" is the emergency, as ever."""
    start, _ = engine.handle(None, events.Start())
    at_check, _ = engine.handle(start, events.Typed("not sure"), "en")
    after, _ = engine.handle(at_check, events.Typed("yes, an hour ago"), "en")
    assert after.assessment is not None and after.assessment.urgency is Urgency.EMERGENCY
