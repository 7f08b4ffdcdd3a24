"""Typed answers matched to a question's options by their words or places."""

from __future__ import annotations

import pytest

from bot.core.matching import OptionIndex

SCREEN = OptionIndex(
    [
        ("stroke", ["Face, arm, speech or sight"]),
        ("eyelid_vision", ["Eyelid droop + double vision"]),
        ("seizure", ["A seizure or spreading jerks"]),
        ("breathing", ["Tingling + trouble breathing"]),
        ("none", ["None of these"]),
    ],
    "not_sure",
    ordinals={"first": 1, "second": 2, "third": 3, "fourth": 4, "primera": 1, "cuarta": 4},
    option_words=["the", "one", "la"],
    conjunctions=["y"],
    replies=["no", "нет", "yes"],
)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("the first one, none of the others", ["stroke"]),
        ("la primera, las demás no", ["stroke"]),
        ("the second no, the fourth neither", ["eyelid_vision", "breathing"]),
        ("1, 3 and the rest no", ["stroke", "seizure"]),
        ("2 нет, 3 нет", ["eyelid_vision", "seizure"]),
        # a number that counts something is no place
        ("no, 2 days ago I had a headache", []),
        ("blepharospasm for ~1 year", []),
        ("none of these", []),
    ],
)
def test_places_named_anywhere_in_a_reply(text: str, places: list[str]) -> None:
    """Language round 71: "la primera, las demás no" at the safety screen was "None of
    these"; the engine asks again when a reply names a sign by its place beside a no."""
    assert SCREEN.named_places(text) == places


def test_a_list_of_places_alone_picks_each() -> None:
    assert SCREEN.places("1 and 3") == ["stroke", "seizure"]
    assert SCREEN.places("the first and third") == ["stroke", "seizure"]
    assert SCREEN.places("the first, none of the others") == []


LOCATION = OptionIndex(
    [
        ("one_eyelid", ["One eyelid twitches"]),
        ("both_eyes", ["Both eyes blink or shut"]),
        ("eyes_cheeks", ["Both eyelids and cheeks"]),
        ("elsewhere", ["Another spot (lip, cheek)"]),
    ],
    "not_sure",
    labels=[
        ("one_eyelid", "One eyelid twitches"),
        ("both_eyes", "Both eyes blink or shut"),
        ("eyes_cheeks", "Both eyelids and cheeks"),
        ("elsewhere", "Another spot (lip, cheek)"),
    ],
)


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("another spot", "elsewhere"),  # the start of "Another spot (lip, cheek)"
        ("Both eyes", "both_eyes"),
        ("eyelids and cheeks", "eyes_cheeks"),  # its last words
        ("one eyelid", "one_eyelid"),
    ],
)
def test_a_label_typed_as_its_first_or_last_words(text: str, option: str) -> None:
    assert LOCATION.match(text) == option


@pytest.mark.parametrize("text", ["both", "spot", "eyes blink", "lip"])
def test_one_word_or_the_middle_of_a_label_is_no_answer(text: str) -> None:
    assert LOCATION.match(text) is None
