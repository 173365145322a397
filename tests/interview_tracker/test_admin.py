import pytest
from django.urls import reverse

from interview_tracker.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_browser(client, django_user_model):
    superuser = django_user_model.objects.create_superuser("root@example.com", "root-pass-123")
    client.force_login(superuser)
    return client


@pytest.mark.parametrize(
    "model", ["user", "workspace", "membership", "activityevent", "statuschange"]
)
def test_changelists_render_with_search_and_filters(admin_browser, owner, model):
    url = reverse(f"admin:interview_tracker_{model}_changelist")
    assert admin_browser.get(url).status_code == 200
    assert admin_browser.get(url, {"q": "owner"}).status_code == 200


def test_change_pages_render_with_membership_inlines(admin_browser, owner, workspace):
    membership = Membership.objects.get(user=owner)
    user_page = admin_browser.get(reverse("admin:interview_tracker_user_change", args=[owner.pk]))
    assert user_page.status_code == 200
    assert "Acme Recruiting" in user_page.content.decode()  # the membership inline
    workspace_page = admin_browser.get(
        reverse("admin:interview_tracker_workspace_change", args=[workspace.pk])
    )
    assert workspace_page.status_code == 200
    assert str(owner) in workspace_page.content.decode()
    membership_page = admin_browser.get(
        reverse("admin:interview_tracker_membership_change", args=[membership.pk])
    )
    assert membership_page.status_code == 200


@pytest.mark.parametrize("model", ["user", "workspace", "membership"])
def test_add_pages_render(admin_browser, model):
    assert admin_browser.get(reverse(f"admin:interview_tracker_{model}_add")).status_code == 200


def test_filters_narrow_the_membership_list(admin_browser, owner, recruiter):
    url = reverse("admin:interview_tracker_membership_changelist")
    html = admin_browser.get(url, {"role__exact": "recruiter"}).content.decode()
    assert str(recruiter) in html
    assert str(owner) not in html
