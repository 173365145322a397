"""Dashboard forms. Field rules live here and in the model; writes go through services."""

from typing import Any

from django import forms

from interview_tracker.forms import TagsField, WorkspaceChoicesMixin
from interview_tracker.validators import validate_document

from .models import Company, Contact, CVVersion, JobRole, Position, Skill

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
            "offer_salary",
            "offer_deadline",
            "offer_notes",
            "tags",
        ]
        labels = {
            "offer_salary": "Salary offered",
            "offer_deadline": "Offer deadline",
            "offer_notes": "Offer notes",
        }
        help_texts = {
            "offer_salary": "Once you have an offer: the yearly amount, in the currency above.",
            "offer_notes": "Benefits, equity, start date: what you compare offers on.",
        }
        widgets = {
            "application_date": DATE,
            "next_follow_up": DATE,
            "offer_deadline": DATE,
            "offer_notes": forms.Textarea(attrs={"rows": 2}),
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


class PostingForm(forms.Form):
    url = forms.URLField(
        label="Posting URL",
        required=False,
        max_length=500,
        help_text="The job ad's address; we read its title, company, place and salary.",
    )
    page = forms.CharField(
        label="Or paste the page",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="When the site needs a log-in: open the posting, view its source, paste it here.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("url") and not cleaned.get("page", "").strip():
            raise forms.ValidationError("Give the posting's URL or paste its page.")
        return cleaned
