from typing import Any

from django import forms

from interview_tracker.models import User
from interviews.models import Interview
from positions.models import Position

from .mock import MAX_QUESTIONS


class MockInterviewForm(forms.Form):
    position = forms.ModelChoiceField(
        queryset=Position.objects.none(),
        required=False,
        empty_label="Any (no particular position)",
        help_text="Questions asked at its company come first.",
    )
    round_kind = forms.ChoiceField(
        label="Round",
        choices=[("", "Any kind of round"), *Interview.Kind.choices],
        required=False,
    )
    count = forms.IntegerField(label="Questions", min_value=1, max_value=MAX_QUESTIONS, initial=3)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = (  # type: ignore[attr-defined]
            Position.objects.for_user(user).select_related("company").order_by("title", "id")
        )
        self.fields["position"].label_from_instance = (  # type: ignore[attr-defined]
            lambda position: f"{position.title} · {position.company.name}"
        )


class MockAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer", max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
