from typing import Any

from django import forms
from django.http import QueryDict

from candidates.models import Candidate
from interview_tracker.models import STAFF_ROLES, PipelineStatus, User
from positions.models import Position

from .models import WEEKDAYS, Availability, Decision, Feedback, Interview, Participant, PlanStage


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


class BookingLinkForm(forms.Form):
    """Offer the candidate every free time of the interviewers between two days."""

    first_day = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    notify_candidate = forms.BooleanField(
        label="E-mail the link to the candidate", required=False, initial=True
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", "End on or after the first day.")
        return data


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Message", max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


RATING_LABELS = {1: "1 · poor", 2: "2 · weak", 3: "3 · mixed", 4: "4 · good", 5: "5 · excellent"}
# Blank criterion rows a scorecard form offers (more rows are added in the page, or by saving).
BLANK_CRITERIA = 2


class FeedbackForm(forms.Form):
    """A scorecard: an overall rating chosen on purpose (nothing pre-selected), a
    recommendation, and one row per criterion (``criterion_name``/``_score``/``_note``
    repeated, in order)."""

    rating = forms.TypedChoiceField(
        choices=list(RATING_LABELS.items()),
        coerce=int,
        label="Overall rating",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an overall rating from 1 to 5."},
    )
    recommendation = forms.ChoiceField(
        choices=[("", "No recommendation"), *Feedback.Recommendation.choices],
        required=False,
        label="Recommendation",
    )
    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Overall comment"
    )

    def __init__(self, *args: Any, criteria: list[dict[str, Any]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.criteria_rows = [*(criteria or []), *({} for _ in range(BLANK_CRITERIA))]
        self.criteria_errors: list[str] = []

    def _posted_rows(self) -> list[dict[str, str]]:
        data: QueryDict = self.data  # type: ignore[assignment]  # a form post, repeated keys
        names = data.getlist("criterion_name")
        scores = data.getlist("criterion_score")
        notes = data.getlist("criterion_note")
        return [
            {"name": name.strip(), "score": score.strip(), "note": note.strip()}
            for name, score, note in zip(names, scores, notes, strict=False)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        posted = self._posted_rows()
        criteria = []
        for number, row in enumerate(posted, start=1):
            if not row["name"] and not row["score"] and not row["note"]:
                continue
            if not row["name"]:
                self.criteria_errors.append(f"Criterion {number}: give it a name.")
            elif row["score"] not in {str(n) for n in RATING_LABELS}:
                self.criteria_errors.append(f"“{row['name']}”: choose a score from 1 to 5.")
            else:
                criteria.append({**row, "score": int(row["score"])})
        if self.criteria_errors:
            # Shown above the criteria; the rows keep what was typed.
            self.add_error(None, " ".join(self.criteria_errors))
        self.criteria_rows = [*posted, {}] if posted else self.criteria_rows
        data["criteria"] = criteria
        return data


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=Interview.Outcome.choices)


class ReflectionForm(forms.Form):
    """A job-seeker's notes after a round (``Interview.REFLECTION_FIELDS``)."""

    overall_feedback = forms.CharField(required=False)
    strengths = forms.CharField(required=False)
    areas_for_improvement = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name, "").strip() for name in Interview.REFLECTION_FIELDS):
            raise forms.ValidationError("Write at least one of the three.")
        return data


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


class AvailabilityForm(forms.Form):
    """Weekly hours as one line per day ("09:00-12:00, 13:00-17:00"), caps and a busy calendar;
    the service checks the ranges and its errors come back to the day they name."""

    max_interviews_per_day = forms.IntegerField(
        min_value=1, max_value=100, required=False, help_text="Empty: no limit."
    )
    max_interviews_per_week = forms.IntegerField(
        min_value=1, max_value=100, required=False, help_text="Empty: no limit."
    )
    busy_calendar_url = forms.URLField(
        max_length=500,
        required=False,
        label="Busy calendar (ICS address)",
        help_text="Its events count as busy when interview times are offered.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in reversed(WEEKDAYS):
            self.fields = {
                day: forms.CharField(required=False, label=day.capitalize()),
                **self.fields,
            }

    @staticmethod
    def initial_for(availability: Availability) -> dict[str, Any]:
        hours = availability.weekly_hours
        return {
            **{day: ", ".join(hours.get(day, [])) for day in WEEKDAYS},
            "max_interviews_per_day": availability.max_interviews_per_day,
            "max_interviews_per_week": availability.max_interviews_per_week,
            "busy_calendar_url": availability.busy_calendar_url,
        }

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "weekly_hours": {
                day: [part.strip() for part in data[day].split(",") if part.strip()]
                for day in WEEKDAYS
            },
            "max_interviews_per_day": data["max_interviews_per_day"],
            "max_interviews_per_week": data["max_interviews_per_week"],
            "busy_calendar_url": data["busy_calendar_url"],
        }
