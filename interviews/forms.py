from typing import Any

from django import forms

from candidates.models import Candidate
from interview_tracker.models import STAFF_ROLES, PipelineStatus, User
from positions.models import Position

from .models import Decision, Feedback, Interview, Participant, PlanStage


class InterviewForm(forms.Form):
    candidate = forms.ModelChoiceField(queryset=Candidate.objects.none(), required=False)
    position = forms.ModelChoiceField(queryset=Position.objects.none(), required=False)
    title = forms.CharField(max_length=200, required=False)
    round_number = forms.IntegerField(min_value=1, max_value=100, initial=1)
    kind = forms.ChoiceField(choices=Interview.Kind.choices, initial=Interview.Kind.TECHNICAL)
    mode = forms.ChoiceField(choices=Interview.Mode.choices, initial=Interview.Mode.ACTUAL)
    format = forms.ChoiceField(choices=Interview.Format.choices, initial=Interview.Format.VIDEO)
    scheduled_at = forms.DateTimeField(
        label="Date and time",
        help_text="In your time zone.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(min_value=1, max_value=600, initial=60)
    location = forms.CharField(max_length=255, required=False)
    meeting_url = forms.URLField(max_length=500, required=False)
    interviewer_name = forms.CharField(max_length=200, required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    plan_stage = forms.ModelChoiceField(
        queryset=PlanStage.objects.none(),
        required=False,
        label="Interview plan stage",
        help_text="Its interviewers join as participants; its kit and scorecard apply.",
    )

    def __init__(self, *args: Any, user: User, workspace: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        candidates = Candidate.objects.for_user(user).filter(workspace=workspace).order_by("name")
        positions = (
            Position.objects.for_user(user)
            .filter(workspace=workspace)
            .select_related("company")
            .order_by("title", "id")
        )
        self.fields["candidate"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["position"].queryset = positions  # type: ignore[attr-defined]
        self.fields["plan_stage"].queryset = (  # type: ignore[attr-defined]
            PlanStage.objects.for_user(user)
            .filter(workspace=workspace)
            .select_related("position")
            .order_by("position__title", "order", "id")
        )
        self.fields["plan_stage"].label_from_instance = (  # type: ignore[attr-defined]
            lambda stage: f"{stage.position.title}: {stage.order + 1}. {stage.name}"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("candidate") and not data.get("position"):
            raise forms.ValidationError("Pick a candidate, a position, or both.")
        return data


class ParticipantForm(forms.Form):
    email = forms.EmailField(help_text="Someone without an account is invited by e-mail.")
    role = forms.ChoiceField(choices=Participant.Role.choices)


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Message", max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)], coerce=int, label="Rating (1-5)"
    )
    recommendation = forms.ChoiceField(
        choices=[("", "—"), *Feedback.Recommendation.choices], required=False
    )
    criteria = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: name: score (1-5): note. E.g. “Communication: 4: clear”.",
    )
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, template: list[dict[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        if template:
            # A plan stage's scorecard: one line per criterion of its template, to be scored.
            field = self.fields["criteria"]
            field.required = True
            field.help_text = "Score every criterion of this stage (1-5): " + "; ".join(
                f"{c['name']}" + (f" — {c['guidance']}" if c.get("guidance") else "")
                for c in template
            )
            self.initial.setdefault("criteria", "\n".join(f"{c['name']}: " for c in template))

    def clean_criteria(self) -> list[dict[str, Any]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(":", 2)]
            if len(parts) < 2 or not parts[0] or not parts[1].isdigit():
                raise forms.ValidationError(f"Line {number}: write “name: score: note”.")
            score = int(parts[1])
            if not 1 <= score <= 5:
                raise forms.ValidationError(f"Line {number}: the score must be 1 to 5.")
            rows.append(
                {"name": parts[0], "score": score, "note": parts[2] if len(parts) > 2 else ""}
            )
        return rows


def criteria_text(criteria: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{c['name']}: {c['score']}: {c.get('note', '')}".rstrip(": ") for c in criteria
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=Interview.Outcome.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.Kind.choices, widget=forms.RadioSelect)
    to_status = forms.ChoiceField(
        choices=[("", "The next stage"), *PipelineStatus.choices[1:5]],
        required=False,
        label="Advance to",
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required for a rejection; the candidate's record keeps it.",
    )
    notify_candidate = forms.BooleanField(
        required=False,
        label="E-mail the candidate",
        help_text="From the workspace's template for this decision (none for a hold).",
    )


class OfferForm(forms.Form):
    salary = forms.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    currency = forms.CharField(min_length=3, max_length=3, initial="EUR")
    start_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    expires_at = forms.DateTimeField(
        required=False,
        label="Answer by",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    approver = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        help_text="Besides owners, this member may approve the offer.",
    )

    def __init__(self, *args: Any, workspace_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__workspace_id=workspace_id,
            memberships__role__in=list(STAFF_ROLES),
        ).order_by("email", "id")
