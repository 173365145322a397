import zoneinfo
from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import validate_password
from django.http import HttpRequest
from django.template import loader

from . import services
from .api.throttling import AccountThrottle
from .errors import DomainError, ValidationFailed
from .fields import clean_tags
from .mail import mail_queue
from .models import Role, User, WorkspaceKind

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


class LoginForm(forms.Form):
    email = forms.EmailField(
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "email" in data and "password" in data:
            self.user = authenticate(
                self.request, username=data["email"], password=data["password"]
            )
            if self.user is None:
                raise forms.ValidationError("That e-mail and password do not match an account.")
        return data


RESET_EMAIL_TEMPLATE = "interview_tracker/password_reset_email.txt"
RESET_SUBJECT_TEMPLATE = "interview_tracker/password_reset_subject.txt"


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, which also serves people invited by e-mail: their account has no
    password yet (unusable), and the reset link is how they choose one."""

    def get_users(self, email: str) -> Iterator[User]:
        return iter(User.objects.filter(email__iexact=email, is_active=True))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Through the outbox and the task queue, like every mail: a mail server that is down
        delays the link instead of losing it."""
        mail_queue(
            to=to_email,
            subject=loader.render_to_string(subject_template_name, context),
            body=loader.render_to_string(email_template_name, context),
        )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        # Counted for any address, existing or not, so the refusal says nothing about accounts.
        throttle = AccountThrottle(purpose="reset", account=email)
        if (wait := throttle.retry_after()) is not None:
            minutes = max(1, round(wait / 60))
            raise forms.ValidationError(
                f"Too many reset requests for this address. Try again in {minutes} minutes."
            )
        throttle.record()
        return email


def send_set_password_link(request: HttpRequest, email: str) -> bool:
    """Mail the one-time link that sets the account's password, as "Forgot your password?"
    does (and under its per-account limit). Whether it was sent."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return False
    form.save(
        request=request,
        use_https=request.is_secure(),
        email_template_name=RESET_EMAIL_TEMPLATE,
        subject_template_name=RESET_SUBJECT_TEMPLATE,
        # An absolute, one-click link, as the "Forgot your password?" page sends.
        extra_email_context={"site_url": settings.SITE_URL.rstrip("/")},
    )
    return True


INVITED_MESSAGE = (
    "You were invited to a workspace with this address, so an account is waiting for you. "
    "We have e-mailed you a link: open it to choose your password, then log in. Your own "
    "workspace is ready; the invitation is there beside it in the workspace menu."
)


def invited_account_claim(request: HttpRequest, user: User) -> None:
    """Someone registers with an address an invitation holds: the account gets its own
    workspace, and the link that sets its password goes to the address (``INVITED_MESSAGE``)."""
    services.user_personal_workspace_ensure(user=user)
    send_set_password_link(request, user.email)


class CredentialsChangedOnSave:
    """Django's password forms end every other session and token when they save a password:
    the reset link's form, the password change form and the admin's."""

    user: User

    def save(self, commit: bool = True) -> User:
        user: User = super().save(commit=commit)  # type: ignore[misc]
        if commit:
            # Django's views then keep the changing person's own session
            # (update_session_auth_hash); a reset keeps none.
            services.user_credentials_changed(user=user)
        return user


class SetPasswordForm(CredentialsChangedOnSave, auth_forms.SetPasswordForm):
    """The reset link's form."""


class PasswordChangeForm(CredentialsChangedOnSave, auth_forms.PasswordChangeForm):
    """Changing a known password (the settings page)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One section of a longer page: focusing it would scroll the page past the profile.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)


class AdminPasswordChangeForm(CredentialsChangedOnSave, auth_forms.AdminPasswordChangeForm):
    """The admin's "change password" of a user."""


KIND_CHOICES = [
    (WorkspaceKind.JOB_SEARCH, "I'm looking for a job"),
    (WorkspaceKind.HIRING, "I'm hiring"),
]


class RegisterForm(forms.Form):
    workspace_kind = forms.ChoiceField(
        choices=KIND_CHOICES,
        initial=WorkspaceKind.JOB_SEARCH,
        required=False,
        widget=forms.RadioSelect,
        label="What brings you here?",
        help_text="This shapes your first workspace; you can create one of the other kind later.",
    )
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not too common, not only digits.",
    )
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, initial="UTC")

    def clean_workspace_kind(self) -> str:
        # Unanswered, it is a job search: most people sign up to track their own.
        return self.cleaned_data["workspace_kind"] or WorkspaceKind.JOB_SEARCH

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip()
        existing = User.objects.filter(email__iexact=email).first()
        # An address an invitation holds is not taken: its owner may still claim it.
        if existing is not None and not existing.is_unclaimed_invitation:
            raise forms.ValidationError(
                "An account with this e-mail already exists. Log in instead."
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("email"):
            probe = User(email=data["email"], first_name=data.get("first_name", ""))
            try:
                validate_password(data["password"], user=probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class AccountSettingsForm(forms.ModelForm[User]):
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "time_zone"]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Your password",
        help_text="Deleting your account cannot be undone.",
    )


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


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code your authenticator app shows now "
        "(at log-in, a recovery code works too).",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class WorkspaceCreateForm(forms.Form):
    name = forms.CharField(max_length=120, label="Workspace name")
    kind = forms.ChoiceField(
        choices=[
            (WorkspaceKind.HIRING, "A hiring team: openings, candidates, interviewers"),
            (WorkspaceKind.JOB_SEARCH, "A job search: applications, rounds, contacts, prep"),
        ],
        initial=WorkspaceKind.HIRING,
        widget=forms.RadioSelect,
        label="What is it for?",
    )


# A role given on the team page; "candidate" members are added by inviting them to an interview.
TEAM_ROLE_CHOICES = [
    (Role.OWNER, "Owner: everything, including the team"),
    (Role.RECRUITER, "Recruiter: manages candidates, openings and interviews"),
    (Role.INTERVIEWER, "Interviewer: sees the pipeline, writes scorecards"),
]


class MemberInviteForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        help_text="Someone without an account gets an e-mail with a link to choose a password.",
    )
    role = forms.ChoiceField(choices=TEAM_ROLE_CHOICES, initial=Role.INTERVIEWER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=[(value, value.label) for value in Role])
