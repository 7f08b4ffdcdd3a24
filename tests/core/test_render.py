"""Every outcome and topic renders as a user would see it."""

from __future__ import annotations

import re

import pytest

from bot.assistant import Consultation
from bot.core import buttons, events, replies
from bot.core.conversation import Assessment
from bot.core.model import Urgency
from tests.conftest import tap_through

TELEGRAM_LIMIT = 4096
ALLOWED_TAGS = {"b", "i", "a"}
MARKERS = {"self_care": "🟢", "routine": "🟡", "urgent": "🟠", "emergency": "🔴"}


def check_html(text: str) -> None:
    tags = re.findall(r"</?([a-z-]+)[^>]*>", text)
    assert set(tags) <= ALLOWED_TAGS, set(tags)
    for tag in ALLOWED_TAGS:
        assert len(re.findall(f"<{tag}[ >]", text)) == text.count(f"</{tag}>"), tag
    assert "{{" not in text and "{%" not in text


def test_every_outcome_renders_alone(consultation: Consultation) -> None:
    for outcome in consultation.dialog.outcomes:
        assessment = Assessment(outcome.urgency, (outcome.id,))
        (message,) = consultation.renderer.render(replies.Conclude(assessment, ()))
        text = message.text
        check_html(text)
        assert len(text) <= TELEGRAM_LIMIT, (outcome.id, len(text))
        assert text.startswith(MARKERS[outcome.urgency.key]), outcome.id
        assert "education, not a diagnosis" in text
        assert "112" in text  # the safety net is on every outcome
        for source_id in outcome.sources:
            assert consultation.dialog.source(source_id).url in text
        assert "you have " not in text.lower(), outcome.id  # no diagnosis words
        assert message.urgency == outcome.urgency.key


def test_headline_shows_the_highest_urgency_and_every_pattern(consultation: Consultation) -> None:
    done = tap_through(
        consultation.engine,
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
        ],
    )
    assert done.assessment is not None
    (message,) = consultation.renderer.render(
        replies.Conclude(done.assessment, tuple(done.answers.items()))
    )
    assert message.text.startswith("🟠")
    assert "Hemifacial spasm pattern" in message.text
    assert "Spasm with hearing change" in message.text
    assert "ephaptic" in message.text


def test_floor_reason_is_explained(consultation: Consultation) -> None:
    unsure_of_a_stroke = ["not_sure", "not_sure", "no", "no", "no"]
    benign = ["one_eyelid", "under_2_weeks", "no", "none", "none", "none", "stress"]
    done = tap_through(consultation.engine, [*unsure_of_a_stroke, *benign])
    assert done.assessment is not None and done.assessment.urgency is Urgency.URGENT
    (message,) = consultation.renderer.render(
        replies.Conclude(done.assessment, tuple(done.answers.items()))
    )
    assert message.text.startswith("🟠")
    assert "not sure about signs of a stroke" in message.text


def test_every_question_renders_with_buttons_that_fit_telegram(consultation: Consultation) -> None:
    for question in consultation.dialog.questions:
        (message,) = consultation.renderer.render(replies.Ask(question.id, 99_999))
        # choose all that apply: a tick per answer, then Done
        assert len(message.buttons) == len(question.options) + question.multiple
        tap = events.Toggle if question.multiple else events.Choose
        for button in message.buttons:
            assert 1 <= len(button.label) <= 30
            assert len(button.data.encode()) <= buttons.MAX_BYTES
            assert buttons.parse(button.data) == tap(question.id, button.data.split(":")[3], 99_999)


def test_every_learn_topic_renders(consultation: Consultation) -> None:
    (topics,) = consultation.renderer.render(replies.Teach())
    assert len(topics.buttons) == len(consultation.dialog.learn)
    for topic in consultation.dialog.learn:
        (message,) = consultation.renderer.render(replies.Teach(topic.id))
        check_html(message.text)
        assert len(message.text) <= TELEGRAM_LIMIT
        assert "Sources" in message.text


def test_summary_is_phrased_for_a_doctor(consultation: Consultation) -> None:
    done = tap_through(
        consultation.engine,
        ["none", "one_eyelid", "under_2_weeks", "no", "none", "none", "none", "stress"],
    )
    _, out = consultation.engine.handle(done, events.Summary())
    (message,) = consultation.renderer.render(out[0])
    assert "What moves: One eyelid twitches" in message.text
    assert "Duration: Less than 2 weeks" in message.text
    assert "self-care" in message.text


def test_question_text_is_escaped_for_telegram_html(consultation: Consultation) -> None:
    (message,) = consultation.renderer.render(replies.Ask("danger_screen", 0))
    assert "<" not in message.text.replace("&lt;", "")


@pytest.mark.parametrize(
    "forged",
    ["", "a:1", "a:x:location:none", "a:²:location:none", "l:", "a:1:" + "q" * 80 + ":x", "zzz"],
)
def test_button_data_we_never_made_is_ignored(forged: str) -> None:
    assert buttons.parse(forged) is None
