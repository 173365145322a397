"""Dashboard forms. Field rules live here and in the model; writes go through services."""

from typing import Any

from django import forms

from interview_tracker.errors import DomainError, ValidationFailed
from interview_tracker.fields import clean_tags
from interview_tracker.models import PipelineStatus

from .models import Company, Contact, CVVersion, JobRole, Position, Skill
from .validators import validate_document

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_domain_error(form: forms.BaseForm, exc: DomainError, field: str | None = None) -> None:
    """Show a service's refusal next to the field it concerns (or above the form)."""
    if isinstance(exc, ValidationFailed):
        for name, message in exc.field_errors.items():
            form.add_error(name if name in form.fields else None, message)
    else:
        form.add_error(field if field in form.fields else None, exc.message)


class TagsField(forms.CharField):
    """Comma-separated tags in a text box; a list in ``cleaned_data``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Comma-separated, e.g. python, remote")
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            return clean_tags(value)
        return clean_tags(str(value or "").split(","))


class WorkspaceChoicesMixin:
    """Limits every related choice to the rows of one workspace."""

    scoped_fields: tuple[str, ...] = ()

    def limit_to(self, workspace_id: Any) -> None:
        for name in self.scoped_fields:
            field = self.fields[name]  # type: ignore[attr-defined]
            field.queryset = field.queryset.model.objects.filter(workspace_id=workspace_id)


class PositionForm(WorkspaceChoicesMixin, forms.ModelForm[Position]):
    company_name = forms.CharField(
        max_length=200,
        label="Company",
        help_text="An existing company (any case) or a new one.",
        widget=forms.TextInput(attrs={"list": "company-names", "autocomplete": "off"}),
    )
    tags = TagsField()
    scoped_fields = ("role", "cv_version", "required_skills")

    class Meta:
        model = Position
        fields = [
            "title",
            "company_name",
            "role",
            "status",
            "rejection_reason",
            "description",
            "location",
            "is_remote",
            "seniority",
            "salary_min",
            "salary_max",
            "currency",
            "salary_range",
            "required_skills",
            "required_experience_years",
            "source",
            "url",
            "application_date",
            "next_follow_up",
            "cv_version",
            "preparation_notes",
            "tags",
        ]
        widgets = {
            "application_date": DATE,
            "next_follow_up": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "preparation_notes": forms.Textarea(attrs={"rows": 4}),
            "rejection_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, workspace_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_to(workspace_id)
        if self.instance.pk and self.instance.company_id:
            self.fields["company_name"].initial = self.instance.company.name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "Must be greater than or equal to the minimum.")
        return data


class ContactForm(forms.ModelForm[Contact]):
    class Meta:
        model = Contact
        fields = ["name", "title", "email", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=PipelineStatus.choices)
    rejection_reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CompanyForm(forms.ModelForm[Company]):
    class Meta:
        model = Company
        fields = ["name", "industry", "size", "headquarters", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SkillForm(forms.ModelForm[Skill]):
    class Meta:
        model = Skill
        fields = ["name", "category", "skill_type", "market_demand", "is_trending", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class JobRoleForm(WorkspaceChoicesMixin, forms.ModelForm[JobRole]):
    scoped_fields = ("typical_skills",)

    class Meta:
        model = JobRole
        fields = ["name", "category", "typical_skills", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, workspace_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_to(workspace_id)


class CVVersionForm(forms.ModelForm[CVVersion]):
    file = forms.FileField(
        required=False,
        validators=[validate_document],
        help_text="PDF, DOC, DOCX, ODT, TXT or MD.",
    )

    class Meta:
        model = CVVersion
        fields = ["label", "file", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
