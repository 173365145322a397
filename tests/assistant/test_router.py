import pytest

from assistant.router import offline_router, validate_choice
from assistant.routing_examples import EXAMPLES

from .routing_eval import EVALUATION


def test_the_evaluation_set_has_ten_questions_per_agent_none_of_them_in_training():
    training = {text for texts in EXAMPLES.values() for text in texts}
    assert set(EVALUATION) == set(EXAMPLES)
    assert all(len(questions) >= 10 for questions in EVALUATION.values())
    assert not training & {text for texts in EVALUATION.values() for text in texts}


def test_the_offline_router_routes_at_least_90_percent_of_the_labelled_set_right():
    router = offline_router()
    results = [
        router.route(question).selected_agent == agent
        for agent, questions in EVALUATION.items()
        for question in questions
    ]
    accuracy = sum(results) / len(results)
    assert accuracy >= 0.9, f"offline routing accuracy {accuracy:.0%}"


def test_a_routing_has_a_reason_naming_the_agent_and_a_confidence():
    routing = offline_router().route("Tell me about a time you disagreed with your manager.")
    assert routing.selected_agent == "behavioral"
    assert "Behavioral agent" in routing.reasoning
    assert 0.3 < routing.confidence <= 1


def test_a_question_without_any_signal_goes_to_the_technical_agent():
    routing = offline_router().route("zzz qqq")
    assert (routing.selected_agent, routing.confidence) == ("technical", 0.17)


@pytest.mark.parametrize(
    "reply",
    [
        [],
        {"agent": "oracle", "reasoning": "x", "confidence": 0.5},
        {"agent": "coding", "reasoning": " ", "confidence": 0.5},
        {"agent": "coding", "reasoning": "x", "confidence": 1.5},
        {"agent": "coding", "reasoning": "x", "confidence": True},
    ],
)
def test_an_invalid_model_choice_is_rejected(reply):
    with pytest.raises(ValueError, match=r"^the reply"):
        validate_choice(reply)


def test_a_valid_model_choice_is_accepted():
    routing = validate_choice({"agent": "coding", "reasoning": "An algorithm.", "confidence": 0.8})
    assert routing.as_dict() == {
        "selected_agent": "coding",
        "reasoning": "An algorithm.",
        "confidence": 0.8,
    }
