"""Dashboard forms. Field rules live here and in the model; writes go through services."""

from typing import Any

from django import forms

from interview_tracker.forms import TagsField, WorkspaceChoicesMixin
from interview_tracker.models import Role, User, WorkspaceKind
from interview_tracker.validators import validate_document

from .models import Company, Contact, CVVersion, JobRole, Position, Skill

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PositionForm(WorkspaceChoicesMixin, forms.ModelForm[Position]):
    """What every position form shares: the company by name, tags, the workspace's choices,
    the salary check. A workspace's kind picks one of the two forms below (``form_for``)."""

    company_name = forms.CharField(
        max_length=200,
        label="Company",
        help_text="An existing company (any case) or a new one.",
        widget=forms.TextInput(attrs={"list": "company-names", "autocomplete": "off"}),
    )
    tags = TagsField()
    scoped_fields: tuple[str, ...] = ("required_skills",)

    class Meta:
        model = Position
        fields = ["title", "company_name", "tags"]
        labels = {
            "title": "Job title",
            "is_remote": "Remote work possible",
            "required_skills": "Skills required",
            "required_experience_years": "Years of experience required",
            "salary_min": "Salary from",
            "salary_max": "Salary to",
            "currency": "Currency",
            "salary_range": "Salary",
            "url": "Job posting link",
            "source": "Where you found it",
            "application_date": "Applied on",
            "next_follow_up": "Next follow-up",
            "cv_version": "CV sent",
            "preparation_notes": "Preparation notes",
            "rejection_reason": "Reason for rejection",
            "opening_status": "Opening status",
            "hiring_manager": "Hiring manager",
            "headcount": "People to hire",
            "offer_salary": "Salary offered",
            "offer_deadline": "Offer deadline",
            "offer_notes": "Offer notes",
        }
        help_texts = {
            "offer_salary": "Once you have an offer: the yearly amount, in the currency above.",
            "offer_notes": "Benefits, equity, start date: what you compare offers on.",
            "currency": "Three letters, e.g. EUR.",
            "salary_range": "As the posting says it, e.g. “60-70k + bonus”.",
            "next_follow_up": "You are reminded on the home page from this day.",
            "cv_version": "Which CV you sent, to remember what they read.",
            "required_skills": "Hold Ctrl (⌘ on a Mac) to pick several.",
            "hiring_manager": "A member of the team who decides on the hire.",
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


class OpeningForm(PositionForm):
    """A hiring team's opening: who decides, how many, where it stands; the pipeline belongs
    to its candidates, so no status, application date or follow-up here."""

    class Meta(PositionForm.Meta):
        fields = [
            "title",
            "department",
            "company_name",
            "opening_status",
            "hiring_manager",
            "headcount",
            "location",
            "is_remote",
            "seniority",
            "description",
            "required_skills",
            "required_experience_years",
            "salary_min",
            "salary_max",
            "currency",
            "tags",
        ]

    def __init__(self, *args: Any, workspace_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, workspace_id=workspace_id, **kwargs)
        self.fields["company_name"].help_text = "The hiring company: yours, or your client's."
        # Hiring managers are staff members of this workspace.
        managers = self.fields["hiring_manager"]
        managers.queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__workspace_id=workspace_id,
            memberships__role__in=[Role.OWNER, Role.RECRUITER, Role.INTERVIEWER],
        ).order_by("email", "id")


class ApplicationForm(PositionForm):
    """A job-seeker's application: where it stands, when they applied and follow up, which
    CV they sent, how they prepare."""

    scoped_fields = ("role", "cv_version", "required_skills")

    class Meta(PositionForm.Meta):
        fields = [
            "title",
            "company_name",
            "status",
            "rejection_reason",
            "application_date",
            "next_follow_up",
            "url",
            "source",
            "location",
            "is_remote",
            "seniority",
            "salary_range",
            "currency",
            "offer_salary",
            "offer_deadline",
            "offer_notes",
            "role",
            "cv_version",
            "description",
            "required_skills",
            "preparation_notes",
            "tags",
        ]


def form_for(kind: str) -> type[PositionForm]:
    """The position form of a workspace kind: openings for a hiring team, else applications."""
    return OpeningForm if kind == WorkspaceKind.HIRING else ApplicationForm


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
