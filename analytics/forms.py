from typing import Any

from django import forms

from interview_tracker.models import STAFF_ROLES, Membership, PipelineStatus, User


class StatisticsFilterForm(forms.Form):
    """The statistics API's filters, for the analytics page (workspace: one of the user's)."""

    start_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    company = forms.CharField(required=False, max_length=200)
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *PipelineStatus.choices]
    )
    workspace = forms.TypedChoiceField(required=False, coerce=str, empty_value="")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        memberships = Membership.objects.filter(
            user=user, role__in=list(STAFF_ROLES)
        ).select_related("workspace")
        choices = [(str(m.workspace_id), m.workspace.name) for m in memberships]
        self.workspace_ids = {value for value, _ in choices}
        self.fields["workspace"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "Must not be before the start date.")
        return data
