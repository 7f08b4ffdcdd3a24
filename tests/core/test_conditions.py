import pytest

from bot.core.conditions import Comparison, ConditionError, compile_condition


def test_condition_reads_answers_and_treats_skipped_questions_as_none() -> None:
    condition = compile_condition('side == "one" and course != "spreading"')
    assert condition({"side": "one", "course": None})
    assert not condition({"side": "both", "course": None})


def test_condition_lists_the_answers_and_option_ids_it_compares() -> None:
    condition = compile_condition('location in ["one_eyelid", "both_eyes"] or "x" == side')
    assert condition.names == {"location", "side"}
    assert set(condition.comparisons) == {
        Comparison("location", "one_eyelid"),
        Comparison("location", "both_eyes"),
        Comparison("side", "x"),
    }


@pytest.mark.parametrize("source", ['side == "one" and', "side ==== 1", "{% if %}"])
def test_broken_expression_is_rejected(source: str) -> None:
    with pytest.raises(ConditionError):
        compile_condition(source)


def test_sandbox_refuses_python_internals() -> None:
    from jinja2.exceptions import SecurityError

    condition = compile_condition("side.__class__.__mro__")
    with pytest.raises(SecurityError):
        condition({"side": "x"})
