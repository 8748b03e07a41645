"""Knowledge-check questions refuse answer keys that cannot be graded."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from content.blocks import QuestionBlock


def value(kind, *correct):
    block = QuestionBlock()
    return block, block.to_python(
        {
            "prompt": "Which?",
            "kind": kind,
            "explanation": "Because.",
            "choices": [
                {
                    "type": "item",
                    "id": f"choice-{i}",
                    "value": {"text": f"Choice {i}", "correct": c},
                }
                for i, c in enumerate(correct)
            ],
        }
    )


@pytest.mark.parametrize("correct", [(False, False, False), (True, True, False)])
def test_a_single_answer_question_needs_exactly_one_correct_choice(correct):
    block, question = value("single", *correct)

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(question)
    assert "exactly one" in str(error.value.block_errors["choices"])


def test_a_multiple_answer_question_needs_a_correct_choice():
    block, question = value("multiple", False, False)

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(question)
    assert "at least one" in str(error.value.block_errors["choices"])


@pytest.mark.parametrize(
    ("kind", "correct"),
    [("single", (False, True, False)), ("multiple", (True, True, False))],
)
def test_well_keyed_questions_are_accepted(kind, correct):
    block, question = value(kind, *correct)

    assert block.clean(question)["kind"] == kind
