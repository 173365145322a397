from typing import Any

from django import forms

from interview_tracker.fields import clean_tags
from interview_tracker.models import STAFF_ROLES, User
from interviews.models import Interview
from positions.models import Company, Position, Skill

from .models import InterviewQuestion, Question


class LinesField(forms.CharField):
    """A list of strings edited as one item per line in a textarea."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "One per line.")
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            return clean_tags(value)
        return clean_tags((value or "").splitlines())


class QuestionForm(forms.ModelForm[Question]):
    key_concepts = LinesField(label="Key concepts")
    common_mistakes = LinesField(label="Common mistakes")
    tips = LinesField(label="Tips")
    tags = LinesField(label="Tags", widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Question
        fields = [
            "text",
            "category",
            "difficulty",
            "answer_summary",
            "key_concepts",
            "common_mistakes",
            "tips",
            "time_to_answer_minutes",
            "tags",
            "company",
            "skills",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "answer_summary": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"text": "Question", "time_to_answer_minutes": "Time to answer (minutes)"}

    def __init__(self, *args: Any, workspace_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.filter(  # type: ignore[attr-defined]
            workspace_id=workspace_id
        )
        self.fields["skills"].queryset = Skill.objects.filter(  # type: ignore[attr-defined]
            workspace_id=workspace_id
        )
        self.fields["skills"].required = False


class PracticeForm(forms.Form):
    answer = forms.CharField(
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "Answer out loud or type here…"}),
        label="Your answer",
    )
    self_rating = forms.IntegerField(min_value=1, max_value=10, label="How did it go? (1-10)")
    duration_seconds = forms.IntegerField(
        required=False, min_value=0, max_value=86400, widget=forms.HiddenInput
    )


class InterviewQuestionForm(forms.ModelForm[InterviewQuestion]):
    """Link a question of the bank, or type a new one (added to the bank on the spot)."""

    question = forms.ModelChoiceField(
        queryset=Question.objects.none(), required=False, label="From the bank"
    )
    text = forms.CharField(
        required=False,
        max_length=5000,
        label="…or a new question",
        widget=forms.TextInput(attrs={"placeholder": "Type the question that was asked"}),
    )
    category = forms.ChoiceField(
        choices=Question.Category.choices, initial=Question.Category.OTHER, required=False
    )

    class Meta:
        model = InterviewQuestion
        fields = [
            "answer_quality_rating",
            "confidence_level",
            "what_went_well",
            "what_could_improve",
        ]
        labels = {
            "answer_quality_rating": "Answer quality (1-10)",
            "confidence_level": "Confidence (1-10)",
        }
        widgets = {
            "what_went_well": forms.TextInput,
            "what_could_improve": forms.TextInput,
        }

    def __init__(self, *args: Any, workspace_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = Question.objects.filter(  # type: ignore[attr-defined]
            workspace_id=workspace_id, is_active=True
        ).order_by("text", "id")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("question") is None and not (data.get("text") or "").strip():
            raise forms.ValidationError("Choose a question from the bank or type a new one.")
        return data


class SkillProficiencyForm(forms.Form):
    skill = forms.ModelChoiceField(queryset=Skill.objects.none())
    # 0 removes the skill from your profile.
    proficiency = forms.TypedChoiceField(
        coerce=int,
        choices=[(0, "—"), *((n, str(n)) for n in range(1, 6))],
    )

    def __init__(self, *args: Any, workspace_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.filter(  # type: ignore[attr-defined]
            workspace_id=workspace_id
        )


class CriteriaField(forms.CharField):
    """The scorecard template edited as one criterion per line: “Name: guidance”."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", "One criterion per line, “Name: what a good answer shows”. Scored 1-5."
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(
                f"{item['name']}: {item['guidance']}" if item.get("guidance") else item["name"]
                for item in value
            )
        return value

    def to_python(self, value: Any) -> list[dict[str, str]]:  # type: ignore[override]
        rows = []
        for line in (value or "").splitlines():
            name, _, guidance = line.partition(":")
            if name.strip():
                rows.append({"name": name.strip(), "guidance": guidance.strip()})
        return rows


class PlanStageForm(forms.Form):
    name = forms.CharField(max_length=120)
    kind = forms.ChoiceField(choices=Interview.Kind.choices, initial=Interview.Kind.TECHNICAL)
    duration_minutes = forms.IntegerField(min_value=1, max_value=600, initial=60, label="Minutes")
    instructions = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The briefing interviewers read in their kit.",
    )
    default_interviewers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    criteria = CriteriaField(label="Scorecard criteria")
    questions = forms.ModelMultipleChoiceField(
        queryset=Question.objects.none(),
        required=False,
        label="Kit questions",
        help_text="From the question bank; hold Ctrl (⌘ on a Mac) to pick several.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, workspace_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = User.objects.filter(
            memberships__workspace_id=workspace_id,
            memberships__role__in=list(STAFF_ROLES),
        ).order_by("email", "id")
        bank = Question.objects.filter(workspace_id=workspace_id, is_active=True).order_by(
            "text", "id"
        )
        self.fields["default_interviewers"].queryset = team  # type: ignore[attr-defined]
        self.fields["questions"].queryset = bank  # type: ignore[attr-defined]


class PlanCopyForm(forms.Form):
    from_position = forms.ModelChoiceField(
        queryset=Position.objects.none(), label="Copy the plan of"
    )

    def __init__(self, *args: Any, position: Position, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_position"].queryset = (  # type: ignore[attr-defined]
            Position.objects.filter(workspace_id=position.workspace_id, plan_stages__isnull=False)
            .exclude(pk=position.pk)
            .distinct()
            .order_by("title", "id")
        )
