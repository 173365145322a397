import datetime

from django import forms
from django.utils import timezone

from .models import TokenScope, WebhookEvent

EXPIRY_CHOICES = [("30", "30 days"), ("90", "90 days"), ("365", "1 year"), ("", "Never")]


class AccessTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What uses it, so you recognise it later (“Claude Desktop”)."
    )
    scopes = forms.MultipleChoiceField(
        choices=[
            (TokenScope.READ, "Read: search and read your data"),
            (TokenScope.WRITE, "Write: also create and change things"),
        ],
        initial=[TokenScope.READ],
        widget=forms.CheckboxSelectMultiple,
    )
    expires_in_days = forms.ChoiceField(
        label="Expires", choices=EXPIRY_CHOICES, initial="90", required=False
    )

    def expires_at(self) -> datetime.datetime | None:
        days = self.cleaned_data["expires_in_days"]
        return timezone.now() + datetime.timedelta(days=int(days)) if days else None


class WebhookForm(forms.Form):
    url = forms.URLField(
        label="Endpoint URL", max_length=500, help_text="We POST signed JSON events here."
    )
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[WebhookEvent.CANDIDATE_CREATED, WebhookEvent.CANDIDATE_STATUS_CHANGED],
    )
    description = forms.CharField(max_length=200, required=False)


class CalendarConnectionForm(forms.Form):
    url = forms.URLField(
        label="Calendar address",
        max_length=500,
        assume_scheme="https",
        help_text=(
            "The CalDAV address of the calendar, or of your account on the server (then its "
            "first calendar is used)."
        ),
    )
    # Not this site's credentials: the browser must not fill in the member's log-in here.
    username = forms.CharField(
        label="User name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    password = forms.CharField(
        label="App password",
        max_length=500,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Create an app password at your calendar provider if it offers them.",
    )
