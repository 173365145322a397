from typing import Any

from django import forms
from django.core.validators import URLValidator

from interview_tracker.forms import TagsField, WorkspaceChoicesMixin
from interview_tracker.validators import validate_document

from .models import Candidate


class LinksField(forms.CharField):
    """One URL per line in a text area; a list of URLs in ``cleaned_data``."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        lines = value if isinstance(value, list | tuple) else str(value or "").splitlines()
        return [line.strip() for line in lines if line.strip()]

    def validate(self, value: Any) -> None:
        check = URLValidator()
        for link in value:
            try:
                check(link)
            except forms.ValidationError:
                raise forms.ValidationError(f"“{link}” is not a valid URL.") from None


class CandidateForm(WorkspaceChoicesMixin, forms.ModelForm[Candidate]):
    # Required here although the column may be blank: only anonymisation empties it.
    email = forms.EmailField(max_length=254)
    consent_given_at = forms.DateTimeField(
        required=False,
        label="Consent given",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="When the person agreed to their data being kept.",
    )
    links = LinksField(required=False, help_text="One URL per line (LinkedIn, GitHub, portfolio).")
    tags = TagsField()
    resume = forms.FileField(
        required=False,
        validators=[validate_document],
        widget=forms.ClearableFileInput,
        help_text="PDF, DOC, DOCX, ODT, TXT or MD.",
    )
    scoped_fields = ("position",)

    class Meta:
        model = Candidate
        fields = [
            "name",
            "email",
            "phone",
            "position",
            "source",
            "status",
            "rejection_reason",
            "links",
            "resume",
            "tags",
            "notes",
            "consent_given_at",
            "consent_note",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "rejection_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, workspace_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_to(workspace_id)
        self.fields["position"].queryset = self.fields["position"].queryset.select_related(  # type: ignore[attr-defined]
            "company"
        )

    def service_data(self) -> dict[str, Any]:
        """``cleaned_data`` for the services: an untouched resume stays as it is."""
        data = dict(self.cleaned_data)
        resume = data.pop("resume", None)
        if resume is False:  # "clear" ticked
            data["resume"] = ""
        elif self.files.get(self.add_prefix("resume")):  # a new upload
            data["resume"] = resume
        return data
