"""Every outcome and topic renders as a user would see it."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.assistant import Content
from bot.core import buttons, events, replies
from bot.core.conversation import Assessment, Conversation
from bot.core.engine import Engine
from bot.core.model import REASSURING_ANSWERS, Urgency
from bot.core.render import _duration
from tests.conftest import LOCALES, tap_through

TELEGRAM_LIMIT = 4096
ALLOWED_TAGS = {"b", "i", "a"}
MARKERS = {"self_care": "🟢", "routine": "🟡", "urgent": "🟠", "emergency": "🔴"}


def check_html(text: str) -> None:
    tags = re.findall(r"</?([a-z-]+)[^>]*>", text)
    assert set(tags) <= ALLOWED_TAGS, set(tags)
    for tag in ALLOWED_TAGS:
        assert len(re.findall(f"<{tag}[ >]", text)) == text.count(f"</{tag}>"), tag
    assert "{{" not in text and "{%" not in text


def test_every_outcome_renders_alone(content: Content) -> None:
    for outcome in content.dialog.outcomes:
        assessment = Assessment(outcome.urgency, (outcome.id,))
        (message,) = content.renderer.render(replies.Conclude(assessment, ()))
        text = message.text
        check_html(text)
        assert len(text) <= TELEGRAM_LIMIT, (outcome.id, len(text))
        assert text.startswith(MARKERS[outcome.urgency.key]), outcome.id
        assert "education, not a diagnosis" in text
        assert "112" in text  # the safety net is on every outcome
        for source_id in outcome.sources:
            assert content.dialog.source(source_id).url in text
        assert "you have " not in text.lower(), outcome.id  # no diagnosis words
        assert message.urgency == outcome.urgency.key


def test_outcome_leads_with_the_highest_urgency_and_lists_the_others_briefly(
    content: Content,
) -> None:
    done = tap_through(
        content.engine,
        [
            "none",
            "one_side",
            "no",
            "over_3_months",
            "spreading_slowly",
            "no",
            "nerve_like",
            "none",
            "none",
            "none",
        ],
    )
    assert done.assessment is not None
    (message,) = content.renderer.render(
        replies.Conclude(done.assessment, tuple(done.answers.items()))
    )
    text = message.text
    assert text.startswith("🟠")
    # The urgent pattern leads, explained in full; the routine one follows in one line.
    assert text.index("Spasm with hearing change") < text.index(
        "One-sided face spasm (hemifacial spasm pattern)"
    )
    assert "a growth such as a tumour" in text
    also = text.split("<b>Your answers also fit</b>\n")[1].split("\n\n")[0]
    assert also.splitlines() == [also]
    assert also.startswith(
        "• 🟡 <b>One-sided face spasm (hemifacial spasm pattern)</b> (routine): "
    )
    assert "ephaptic" not in text  # no second full explanation pulling the other way


def test_floor_reason_is_explained(content: Content) -> None:
    # Not sure about stroke signs: the advice comes right after the four checks,
    # without the routine questions (clinical GUIDANCE, "Clarify before concluding").
    unsure_of_a_stroke = ["not_sure", "not_sure", "no", "no", "no"]
    done = tap_through(content.engine, unsure_of_a_stroke)
    assert done.finished
    assert done.assessment is not None and done.assessment.urgency is Urgency.URGENT
    (message,) = content.renderer.render(
        replies.Conclude(done.assessment, tuple(done.answers.items()))
    )
    assert message.text.startswith("🟠")
    assert "not sure about signs of a stroke" in message.text


def test_every_question_renders_with_buttons_that_fit_telegram(content: Content) -> None:
    for question in content.dialog.questions:
        (message,) = content.renderer.render(replies.Ask(question.id, 99_999))
        # choose all that apply: a tick per answer, then Done
        assert len(message.buttons) == len(question.options) + question.multiple
        tap = events.Toggle if question.multiple else events.Choose
        for button in message.buttons:
            assert 1 <= len(button.label) <= 30
            assert len(button.data.encode()) <= buttons.MAX_BYTES
            assert buttons.parse(button.data) == tap(question.id, button.data.split(":")[3], 99_999)


def test_every_learn_topic_renders(content: Content) -> None:
    (topics,) = content.renderer.render(replies.Teach())
    assert len(topics.buttons) == len(content.dialog.learn)
    for topic in content.dialog.learn:
        (message,) = content.renderer.render(replies.Teach(topic.id))
        check_html(message.text)
        assert len(message.text) <= TELEGRAM_LIMIT
        assert "Sources" in message.text


def test_summary_is_phrased_for_a_doctor(content: Content) -> None:
    done = tap_through(
        content.engine,
        ["none", "one_eyelid", "under_2_weeks", "no", "none", "none", "none", "stress"],
    )
    _, out = content.engine.handle(done, events.Summary())
    (message,) = content.renderer.render(out[0])
    assert "What moves: One eyelid twitches" in message.text
    assert "Duration: Less than 2 weeks" in message.text
    assert "self-care" in message.text


def test_question_text_is_escaped_for_telegram_html(content: Content) -> None:
    (message,) = content.renderer.render(replies.Ask("danger_screen", 0))
    assert "<" not in message.text.replace("&lt;", "")


@pytest.mark.parametrize(
    "forged",
    ["", "a:1", "a:x:location:none", "a:²:location:none", "l:", "a:1:" + "q" * 80 + ":x", "zzz"],
)
def test_button_data_we_never_made_is_ignored(forged: str) -> None:
    assert buttons.parse(forged) is None


# -- one coherent answer (issue 24) ------------------------------------------------

#: Words that reassure: only a self-care answer may say them.
REASSURANCE = ("harmless", "not to worry", "not an emergency")
TWO_WEEKS_LINE = (
    "See a doctor if it lasts more than about 2 weeks, spreads to other parts of your face, "
    "or your eyelid closes completely."
)
LONG_DURATIONS = {"weeks_months", "over_3_months"}
CLOSING = {"eye_closes", "both"}


def catalog_texts(language: str, phrases: tuple[str, ...]) -> list[str]:
    """Every message of the shipped catalog whose English contains one of `phrases`,
    as `language` shows it: what a reader of that language would see."""
    with (LOCALES / language / "LC_MESSAGES" / "spasmbot.po").open("rb") as po:
        catalog = read_po(po)
    found = []
    for message in catalog:
        english = message.id if isinstance(message.id, str) else message.id[0]
        if message.id and any(p in english.lower() for p in phrases):
            shown = message.string if isinstance(message.string, str) else message.string[0]
            found.append(shown or english)
    return found


def reassuring_texts(language: str) -> list[str]:
    """The reassuring messages in `language`; English reads the msgids of a catalog."""
    if language == "en":
        with (LOCALES / "ru" / "LC_MESSAGES" / "spasmbot.po").open("rb") as po:
            ids = [m.id for m in read_po(po) if isinstance(m.id, str) and m.id]
        return [i for i in ids if any(p in i.lower() for p in REASSURANCE)]
    return catalog_texts(language, REASSURANCE)


def play_choices(content: Content, choice: dict[str, list[int]]) -> Conversation:
    """A whole consultation tapped by `choice`: option indexes per question (several
    where the question takes several)."""
    engine = content.engine
    conversation, _ = engine.handle(None, events.Start())
    for _ in range(100):  # far more questions than any path asks: a loop is a failure
        if conversation is None or conversation.finished:
            break
        question = engine.dialog.question(conversation.state)
        calm = next(
            (i for i, o in enumerate(question.options) if o.id in REASSURING_ANSWERS),
            next(i for i, o in enumerate(question.options) if o.danger is None),
        )
        indexes = choice.get(question.id, [calm])[: 3 if question.multiple else 1]
        ids = dict.fromkeys(question.options[i % len(question.options)].id for i in indexes)
        moved, _ = engine.handle(
            conversation, events.Choose(question.id, "+".join(ids), conversation.step)
        )
        if moved is not None and moved.step == conversation.step:
            # A combination the question refuses (e.g. "none" with a sign): the calm answer.
            calm_id = question.options[calm].id
            moved, _ = engine.handle(conversation, events.Choose(question.id, calm_id, moved.step))
        conversation = moved
    assert conversation is not None and conversation.assessment is not None
    return conversation


QUESTION_IDS = [
    "danger_screen",
    "check_stroke",
    "check_eyelid_vision",
    "check_seizure",
    "check_breathing",
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
consultations = st.dictionaries(
    st.sampled_from(QUESTION_IDS),
    st.lists(st.integers(min_value=0, max_value=11), min_size=1, max_size=3, unique=True),
)
EXAMPLES = settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)


def outcome_text(content: Content, done: Conversation, language: str) -> str:
    assert done.assessment is not None
    answers = tuple(done.answers.items())
    (message,) = content.renderer.render(replies.Conclude(done.assessment, answers), language)
    return message.text


@EXAMPLES
@given(choice=consultations)
def test_no_reassurance_unless_the_whole_answer_is_self_care(
    content: Content, choice: dict[str, list[int]]
) -> None:
    done = play_choices(content, choice)
    assert done.assessment is not None
    if done.assessment.urgency is Urgency.SELF_CARE:
        return
    for language in content.renderer.catalogs.shipped:
        text = outcome_text(content, done, language)
        for reassuring in reassuring_texts(language):
            assert reassuring not in text, (language, reassuring, done.answers)
        if language == "en":
            assert not any(p in text.lower() for p in REASSURANCE), done.answers


@EXAMPLES
@given(choice=consultations)
def test_safety_net_fits_the_case_and_says_nothing_twice(
    content: Content, choice: dict[str, list[int]]
) -> None:
    done = play_choices(content, choice)
    assert done.assessment is not None
    answers = done.answers
    short_new_twitch = not (
        done.assessment.urgency is Urgency.EMERGENCY
        or answers.get("duration") in LONG_DURATIONS
        or answers.get("closure") in CLOSING
    )
    for language in content.renderer.catalogs.shipped:
        text = outcome_text(content, done, language)
        two_weeks = content.renderer.gettext(language)(TWO_WEEKS_LINE)
        if not short_new_twitch:
            assert two_weeks not in text, (language, answers)
        bullets = [line for line in text.splitlines() if line.startswith("•")]
        assert len(bullets) == len(set(bullets)), (language, answers)


def test_safety_net_keeps_the_two_week_line_for_a_short_new_twitch(
    content: Content,
) -> None:
    done = tap_through(
        content.engine,
        ["none", "one_eyelid", "under_2_weeks", "no", "none", "none", "none", "stress"],
    )
    assert TWO_WEEKS_LINE in outcome_text(content, done, "en")


def test_months_long_or_closing_twitch_has_no_two_week_line(content: Content) -> None:
    for answers in ({"duration": "over_3_months"}, {"closure": "eye_closes"}):
        done = play_answers(content, {"location": "one_eyelid", **answers})
        assert done.assessment is not None and done.assessment.urgency is Urgency.ROUTINE
        assert "lasts more than about 2 weeks" not in outcome_text(content, done, "en")


def play_answers(content: Content, answers: dict[str, str]) -> Conversation:
    """A consultation answered by option id; unnamed questions get their first calm answer."""
    dialog = content.dialog
    return play_choices(
        content,
        {
            q: [next(i for i, o in enumerate(dialog.question(q).options) if o.id == option)]
            for q, option in answers.items()
        },
    )


def fits_line(text: str) -> str:
    return text.split("<b>What your answers fit</b>\n")[1].splitlines()[0]


def test_emergency_fits_quotes_only_the_sign_reported(content: Content) -> None:
    engine = content.engine
    typed, _ = engine.handle(None, events.Typed("I passed out an hour ago"))
    assert typed is not None and typed.assessment is not None
    line = fits_line(outcome_text(content, typed, "en"))
    assert "you described something that can point to this" in line
    assert "passing out" not in line and "a fit" not in line

    tapped = tap_through(engine, ["breathing"])
    line = fits_line(outcome_text(content, tapped, "en"))
    assert "you answered “Tingling + trouble breathing” on the safety check" in line
    assert "cramping" not in line

    checked = tap_through(engine, ["not_sure", "no", "no", "yes"])
    line = fits_line(outcome_text(content, checked, "en"))
    assert "you answered “A seizure” on the safety check" in line
    ru = outcome_text(content, checked, "ru")
    _ru = content.renderer.gettext("ru")
    assert _ru("you answered “%(sign)s” on the safety check.") % {"sign": _ru("A seizure")} in ru


def why_after(content: Content, done: Conversation) -> str:
    _, out = content.engine.handle(done, events.Why())
    (message,) = content.renderer.render(out[0])
    return message.text


def test_why_after_the_outcome_names_the_answers_that_led_to_it(
    content: Content,
) -> None:
    # (Not sure about stroke signs now ends the consultation after the checks, so
    # the floor here comes from the plainer question about MS-like spells.)
    eyelid = ["none", "one_eyelid", "under_2_weeks", "no"]
    unsure_of_spells = ["not_sure", "not_sure", "no"]
    done = tap_through(content.engine, [*eyelid, *unsure_of_spells, "none", "none", "stress"])
    text = why_after(content, done)
    assert text.startswith("<b>Why this advice</b>")
    myokymia = next(line for line in text.splitlines() if "(myokymia)" in line)
    assert "What moves: One eyelid twitches" in myokymia
    assert "Duration: Less than 2 weeks" in myokymia
    assert "Triggers" not in myokymia  # its rule does not read the triggers
    assert (
        "• 🟠 you were not sure (Vision, numbness or balance: Not sure), so the advice is at "
        "least “urgent”" in text
    )

    seizure = tap_through(content.engine, ["seizure"])
    assert "you reported an emergency sign: A seizure" in why_after(content, seizure)
    assert "no open question" not in why_after(content, seizure)


def test_summary_is_a_note_a_doctor_can_use(content: Content) -> None:
    engine = Engine(content.dialog, today=lambda: date(2026, 12, 4))
    done = tap_through(
        engine, ["none", "elsewhere", "left", "no", "under_2_weeks", "no", "none", "none"]
    )
    assert done.state != "finished"
    conversation, _ = engine.handle(done, events.Choose("body_clues", "cramps+tingling", done.step))
    while conversation is not None and not conversation.finished:
        conversation, _ = engine.handle(
            conversation, events.Choose(conversation.state, "none", conversation.step)
        )
    assert conversation is not None
    stored = Conversation.from_json(conversation.to_json())
    _, out = engine.handle(stored, events.Summary())
    (message,) = content.renderer.render(out[0])
    text = message.text
    assert "• Side: Left side" in text
    assert "Cramps or twitches elsewhere" in text and "Tingling" in text  # each of several
    assert "• Consultation started: 2026-12-04" in text
    assert "• Advice given on: 2026-12-04" in text


def test_summary_after_an_emergency_is_never_empty(content: Content) -> None:
    engine = content.engine
    typed, _ = engine.handle(None, events.Typed("my face is drooping"))
    assert typed is not None and typed.finished
    for conversation in (typed, tap_through(engine, ["stroke"])):
        _, out = engine.handle(conversation, events.Summary())
        (message,) = content.renderer.render(out[0])
        assert "not answered any questions" not in message.text
        assert "Signs of a stroke" in message.text


def test_a_case_study_result_and_its_answers_are_rendered_by_templates(
    content: Content,
) -> None:
    """The group's result uses the renderer's urgency markers and names, in the language."""
    renderer = content.renderer
    same = renderer.case_result(("myokymia",), Urgency.SELF_CARE, ["myokymia"], "Why?", "en")
    assert same.text.startswith("<b>Where the group's answers lead</b>\n🟢 self-care — ")
    assert "✅" in same.text and "<b>To discuss</b>\nWhy?" in same.text
    other = renderer.case_result(("myokymia",), Urgency.URGENT, ["hemifacial_spasm"], "", "de")
    assert "🟠" in other.text and "🔍" in other.text and "Where the group" not in other.text
    gone = renderer.case_result(("myokymia",), Urgency.SELF_CARE, None, "", "en")
    assert "What this story" not in gone.text
    answers = renderer.case_answers("A story", [("danger_screen", "none")], "en")
    assert answers.text == (
        "<b>A story</b>\nThe group's answers so far:\n• Emergency signs: None of these"
    )
    nothing = renderer.case_answers("A <story>", [], "en").text
    assert nothing == "<b>A &lt;story&gt;</b>\nThe group has not answered a question yet."


@pytest.mark.parametrize(
    "answers",
    [
        {"location": "one_side", "course": "spreading_slowly", "duration": "over_3_months"},
        {"location": "face_weak", "weakness_onset": "worsening_weeks"},
    ],
)
def test_regression_the_warning_signs_named_a_change_in_hearing_twice(
    content: Content, answers: dict[str, str]
) -> None:
    """Under hemifacial spasm's own "same day if new weakness, numbness or a change in
    hearing", the general line said "…or comes with new weakness, numbness, a change in
    hearing…" again; a weak face was told "if the twitch spreads quickly"."""
    done = play_answers(content, answers)
    for language in content.renderer.catalogs.shipped:
        text = outcome_text(content, done, language)
        _ = content.renderer.gettext(language)
        warnings = text.split(_("Warning signs that change the plan"))[1]
        warnings = warnings.split(_("What a doctor may check or offer"))[0]
        bullets = [line for line in warnings.splitlines() if line.startswith("•")]
        assert len(bullets) == len(set(bullets)), (language, warnings)
        if language == "en":
            assert warnings.lower().count("hearing") <= 1, warnings
            if answers["location"] == "face_weak":
                assert "twitch spreads quickly" not in warnings


@pytest.mark.parametrize(
    ("language", "name"), [("ru", "омепразол"), ("de", "Omeprazol"), ("en", "omeprazole")]
)
def test_regression_medicines_were_shown_by_their_english_generic_name(
    content: Content, language: str, name: str
) -> None:
    """A Russian "Noted" line read "…; omeprazole": a medicine is shown back as people of
    the language name it."""
    noted = replies.Noted((), None, ("omeprazole",))
    (message,) = content.renderer.render(noted, language)
    assert message.text.split("</b> ")[1].startswith(name)


def _answer_calmly(engine: Engine, first: str, language: str) -> list[replies.Reply]:
    """Type `first`, then tap the calmest answer to every question until the end."""
    conversation, out = engine.handle(None, events.Typed(first), language)
    for _tap in range(30):
        assert conversation is not None
        if conversation.finished:
            return out
        ids = [o.id for o in engine.dialog.question(conversation.state).options]
        calm = next(o for o in ("none", "no", "same", "not_sure", *ids) if o in ids)
        conversation, out = engine.handle(
            conversation, events.Choose(conversation.state, calm, conversation.step), language
        )
    raise AssertionError("the consultation did not end")


@pytest.mark.parametrize(
    ("language", "carer", "own", "note"),
    [
        (
            "en",
            "My mum is 84. Her right eyelid and cheek have been jumping for about a year.",
            "I'm 84. My right eyelid and cheek have been jumping for about a year.",
            "You are writing for someone else",
        ),
        (
            "ru",
            "Пишу за маму, ей 84. У неё правое веко и щека дёргаются уже год.",
            "Мне 84. У меня правое веко и щека дёргаются уже год.",
            "Вы пишете о другом человеке",
        ),
    ],
)
def test_regression_a_carer_of_an_adult_was_told_the_advice_as_the_patient(
    content: Content, language: str, carer: str, own: str, note: str
) -> None:
    """A daughter writing for her 84-year-old mother read "you noticed cramps", "your
    family doctor" with nothing saying the advice was her mother's. The answer now says
    it is for the person she helps; a person writing of themselves is not told so."""
    for story, shown in ((carer, True), (own, False)):
        out = _answer_calmly(content.engine, story, language)
        (conclusion,) = [r for r in out if isinstance(r, replies.Conclude)]
        (message,) = content.renderer.render(conclusion, language)
        assert (note in message.text) is shown


def test_regression_an_emergency_told_in_the_first_message_lost_the_child_and_the_medicine(
    content: Content,
) -> None:
    """ "My son is 6. … his arm jerked and he didn't respond" got emergency advice written
    to the child ("do not drive until a doctor has told you"), with no word for the
    parent; "started haloperidol 3 days ago … hard to breathe" was explained as low
    calcium after thyroid surgery. What the message tells is noted before the emergency."""
    child = (
        "My son is 6. Today the corner of his mouth twitched, then his arm jerked and he"
        " didn't respond for three minutes"
    )
    _, out = content.engine.handle(None, events.Typed(child))
    (message,) = content.renderer.render(out[-1])
    assert "call for help for them now" in message.text
    assert "do not drive until a doctor" not in message.text
    medicine = (
        "I started haloperidol 3 days ago and now my tongue keeps pushing out"
        " and I find it hard to breathe"
    )
    _, out = content.engine.handle(None, events.Typed(medicine))
    (message,) = content.renderer.render(out[-1])
    why = message.text.split("Why this happens")[1]
    # with no tingling, cramps or neck surgery told, only the medicine is explained
    # (clinical round 74: it spoke of calcium and thyroid surgery)
    assert "Some medicines" in why and "Calcium helps" not in why


@pytest.mark.parametrize("language", ["en", "ru", "es", "de"])
def test_a_symptom_outside_the_consultation_leads_the_advice(
    content: Content, language: str
) -> None:
    done = tap_through(
        content.engine,
        ["none", "one_eyelid", "under_2_weeks", "no", "none", "none", "none", "stress"],
    )
    assert done.assessment is not None and done.assessment.urgency is Urgency.SELF_CARE
    answers = tuple(done.answers.items())
    (plain,) = content.renderer.render(replies.Conclude(done.assessment, answers), language)
    (told,) = content.renderer.render(
        replies.Conclude(done.assessment, answers, concerns=("self_harm",)), language
    )
    _ = content.renderer.gettext(language)
    crisis = _(content.dialog.concern("self_harm").advice)
    assert told.text.startswith("⚠️ <b>") and crisis in told.text
    check_html(told.text)
    # "try not to worry" beside thoughts of self-harm would read as brushing them off
    reassurance = _(
        "Try not to worry about it: a twitch like this is usually harmless, and worry "
        "can make it worse."
    )
    assert reassurance in plain.text and reassurance not in told.text


def test_a_symptom_told_lists_the_source_of_its_advice(content: Content) -> None:
    """Clinical round 63: "fever of 39 and a stiff neck" was named with meningitis advice,
    but the NHS page that advice is drawn from was missing from the sources."""
    done = tap_through(
        content.engine,
        ["none", "one_eyelid", "under_2_weeks", "no", "none", "none", "none", "stress"],
    )
    assert done.assessment is not None
    answers = tuple(done.answers.items())
    (told,) = content.renderer.render(
        replies.Conclude(done.assessment, answers, concerns=("fever_stiff_neck",))
    )
    sources = told.text[told.text.index("Sources") :]
    assert "NHS, Meningitis" in sources
    assert content.dialog.source("nhs_twitching").url in sources  # the twitch's own stay
    for concern in content.dialog.concerns:
        for source_id in concern.sources:
            assert content.dialog.source(source_id)  # every id names a source


@pytest.mark.parametrize("language", ["en", "ru", "es", "de"])
def test_a_symptom_that_needs_help_now_puts_the_questions_after_it(
    content: Content, language: str
) -> None:
    """Clinical round 63: after "call the emergency number now" for a fever with a stiff
    neck, eight questions about the twitch followed as if nothing more pressing had
    been said. The notice now says the questions can wait; chest pain's own advice
    (help now only if it is happening now) keeps the questions as they were."""
    _ = content.renderer.gettext(language)
    wait = _(
        "Please get that help first: the questions about the face can wait. If you want "
        "to go on with them anyway, answer below."
    )
    (urgent,) = content.renderer.render(replies.Concerns(("fever_stiff_neck",)), language)
    (other,) = content.renderer.render(replies.Concerns(("chest_pain",)), language)
    assert urgent.text.endswith(html.escape(wait)) and wait != ""
    assert language == "en" or not wait.startswith("Please get")  # translated
    assert wait not in other.text
    check_html(urgent.text)


def test_an_emergency_headline_comes_before_a_symptom_outside_the_consultation(
    content: Content,
) -> None:
    conversation, _ = content.engine.handle(None, events.Start())
    text = "my face is drooping on one side and i have chest pain"
    _done, out = content.engine.handle(conversation, events.Typed(text))
    (conclude,) = [r for r in out if isinstance(r, replies.Conclude)]
    assert conclude.concerns == ("chest_pain",)
    (message,) = content.renderer.render(conclude)
    assert message.text.startswith("🔴")
    assert message.text.index("EMERGENCY") < message.text.index("cannot judge chest pain")


#: Words that speak to the person typing about their own body, by language.
OWN_BODY = {
    "en": re.compile(r"\byour?\b(?! notice)", re.IGNORECASE),
    "ru": re.compile(r"у вас|\bваш|(?<!замечали ли )\bвы\b(?! пишете)", re.IGNORECASE),
    "de": re.compile(r"\bIhr(e[mnrs]?)?\b|\bSie (haben|sehen|nehmen)\b|\bSie nicht\b"),
}


@pytest.mark.parametrize(
    ("language", "carer"),
    [
        ("en", "My dad is 79 and his right eye has been twitching for a month, it shuts."),
        ("ru", "Пишу за папу, ему 79. Правый глаз у него дёргается месяц, закрывается."),
        ("de", "Ich schreibe für meinen Vater, 79. Sein rechtes Auge zuckt seit einem Monat."),
    ],
)
def test_regression_a_carer_was_asked_about_your_eye(
    content: Content, language: str, carer: str
) -> None:
    """A son writing for his father was asked "does your eye close?" and "have you had
    a fit?", as if the twitch were his. Once the person typing writes for someone else,
    every question asks about that person; someone typing for themselves is asked as
    before."""
    conversation, out = content.engine.handle(None, events.Typed(carer), language)
    shown: list[str] = []
    while conversation is not None and not conversation.finished:
        shown += [
            m.text
            for r in out
            if isinstance(r, replies.Ask | replies.Chosen)
            for m in content.renderer.render(r, language)
        ]
        options = [o.id for o in content.engine.dialog.question(conversation.state).options]
        pick = "not_sure" if conversation.state == "danger_screen" else None
        pick = pick or next(o for o in ("none", "no", "same", *options) if o in options)
        conversation, out = content.engine.handle(
            conversation, events.Choose(conversation.state, pick, conversation.step), language
        )
    assert len(shown) >= 8
    assert not [text for text in shown if OWN_BODY[language].search(text)]
    for question in content.dialog.questions:  # every question, whichever path asks it
        for someone_else in (True, False):
            ask = replies.Ask(question.id, 1, for_someone_else=someone_else)
            (message,) = content.renderer.render(ask, language)
            if someone_else:
                assert not OWN_BODY[language].search(message.text), (question.id, message.text)
    own = content.renderer.render(replies.Ask("check_seizure", 1), language)[0].text
    assert OWN_BODY[language].search(own)


@pytest.mark.parametrize(
    ("language", "story", "past"),
    [
        (
            "en",
            "I had a mini-stroke 5 years ago, fully recovered. My right eyelid has been "
            "twitching for 3 days",
            "mini-stroke (TIA) (in the past)",
        ),
        (
            "de",
            "Vor 3 Jahren hatte ich einen leichten Schlaganfall. Jetzt zuckt seit einer Woche "
            "mein linkes Augenlid.",
            "(früher)",
        ),
    ],
)
def test_regression_a_past_mini_stroke_was_missing_from_the_summary(
    content: Content, language: str, story: str, past: str
) -> None:
    """ "I had a mini-stroke 5 years ago" was rightly not the emergency, but /summary
    then left it out: a past event is recorded, not acted on (GUIDANCE), and the
    doctor reading the summary needs it."""
    conversation, _out = content.engine.handle(None, events.Typed(story), language)
    assert conversation is not None and conversation.state == "danger_screen"
    calm = events.Choose("danger_screen", "none", conversation.step)
    conversation, _out = content.engine.handle(conversation, calm, language)
    _conversation, out = content.engine.handle(conversation, events.Summary(), language)
    (summary,) = content.renderer.render(out[0], language)
    assert past in summary.text


def test_regression_the_summary_filed_a_blurry_eye_under_the_red_eye(content: Content) -> None:
    """ "I have had MS since 2015, my right eye is blurry …" ended with "The red eye: My
    sight is worse" in /summary, though no red eye was told: the follow-up question was
    answered by the story but never reached. What the story told that the consultation
    did use (the MS) stays."""
    story = (
        "I have had MS since 2015, my right eye is blurry and my right eyelid has twitched "
        "for 3 weeks"
    )
    conversation, _ = content.engine.handle(None, events.Typed(story), "en")
    assert conversation is not None and "eye_signs" in conversation.answers
    while not conversation.finished:
        options = [o.id for o in content.dialog.question(conversation.state).options]
        calm = next(o for o in ("none", "no", "same", "not_sure", *options) if o in options)
        step = events.Choose(conversation.state, calm, conversation.step)
        after, _ = content.engine.handle(conversation, step)
        assert after is not None
        conversation = after
    _, out = content.engine.handle(conversation, events.Summary())
    (summary,) = content.renderer.render(out[0])
    assert "The red eye" not in summary.text
    assert "My sight is worse" not in summary.text
    assert "Multiple sclerosis" in summary.text


def test_regression_a_carer_tapped_answers_worded_as_their_own(content: Content) -> None:
    """A daughter writing for her father was shown "My eye closes", "I drink a lot of
    alcohol" and "Me or an adult, 60 or over" as buttons, and her father's summary said
    "My mouth pulls". For a carer every answer is worded for the person they help."""
    first_person = re.compile(r"\b(my|me|i)\b", re.IGNORECASE)
    for question in content.dialog.questions:
        ask = replies.Ask(question.id, 1, for_someone_else=True)
        (message,) = content.renderer.render(ask)
        assert not [b.label for b in message.buttons if first_person.search(b.label)]
    recap = replies.Recap((("closure", "mouth_pulls"),), None, for_someone_else=True)
    (summary,) = content.renderer.render(recap)
    assert "Their mouth pulls" in summary.text
    assert "for their doctor" in summary.text
    (own,) = content.renderer.render(replies.Recap((("closure", "mouth_pulls"),), None))
    assert "My mouth pulls" in own.text


def test_regression_the_summary_said_no_emergency_signs_beside_one_told_afterwards(
    content: Content,
) -> None:
    """ "None of these" at the safety check, then "actually yesterday my mouth drooped on
    one side" at a later question: /summary listed the stroke sign and, two lines below,
    "Emergency signs: None of these", which a doctor cannot reconcile. The answer stays
    (it is what was said) with what was told afterwards beside it."""
    conversation, _ = content.engine.handle(
        None, events.Typed("my left eye has been twitching for a week"), "en"
    )
    assert conversation is not None and conversation.state == "danger_screen"
    conversation, _ = content.engine.handle(
        conversation, events.Choose("danger_screen", "none", conversation.step)
    )
    assert conversation is not None
    told = events.Typed("actually yesterday my mouth drooped on one side for ten minutes")
    conversation, _ = content.engine.handle(conversation, told)
    assert conversation is not None and conversation.finished
    _, out = content.engine.handle(conversation, events.Summary())
    (summary,) = content.renderer.render(out[0])
    (line,) = [row for row in summary.text.splitlines() if row.startswith("• Emergency signs")]
    assert "None of these" in line
    assert "told afterwards: Signs of a stroke" in line


@pytest.mark.parametrize(
    ("days", "language", "shown"),
    [
        (548, "en", "18 months"),
        (548, "ru", "18 месяцев"),
        (365, "en", "1 year"),
        (380, "de", "1 Jahr"),
        (200, "es", "7 meses"),
        (800, "en", "2 years"),
        (10, "en", "10 days"),
    ],
)
def test_regression_a_year_and_a_half_was_shown_as_two_years(
    content: Content, days: int, language: str, shown: str
) -> None:
    """ "It started a year and a half ago" was read as 548 days and shown in /summary as
    "More than 3 months (2 years)" (in Spanish "1 año"): under two years, a time that is
    not about a year is shown in months."""
    assert _duration(days, content.renderer.catalogs.translations(language)) == shown


def test_why_does_not_list_began_after_a_medicine_when_the_twitch_came_first(
    content: Content,
) -> None:
    # Clinical round 78: a lid twitch of 2 months, metoclopramide begun last week, "the
    # twitch came first": routine, a lasting twitch. Its rule names the other features
    # only to leave out a child's tic, so "Began after a medicine" is no reason for it.
    engine = Engine(content.dialog, today=lambda: date(2026, 12, 4))
    taps = {
        "danger_screen": "none",
        "location": "one_eyelid",
        "side": "left",
        "duration": "weeks_months",
        "course": "stable",
        "closure": "no",
        "neuro": "none",
        "other_signs": "medicine",
        "medicine_timing": "days",
        "medicine_throat": "no",
        "medicine_order": "before",
        "body_clues": "none",
    }
    done = tap_through(engine, [])
    while not done.finished:
        done, _ = engine.handle(done, events.Choose(done.state, taps[done.state], done.step))
    assert done.finished and done.assessment is not None
    assert done.assessment.outcomes == ("lasting_twitch",)
    text = why_after(content, done)
    assert "Began after a medicine" not in text
    assert "Duration: 2 weeks to 3 months" in text
    _, out = engine.handle(done, events.Summary())
    (summary,) = content.renderer.render(out[0])
    assert "Twitch or medicine first: The twitch came first" in summary.text
