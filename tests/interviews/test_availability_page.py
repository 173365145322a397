"""The availability settings page."""

import pytest

from interviews.models import Availability

pytestmark = pytest.mark.django_db

PAGE = "/settings/availability/"


def _post(client, **overrides):
    data = {
        "monday": "09:00-12:00, 13:00-17:00",
        "tuesday": "",
        "wednesday": "10:00-16:00",
        "thursday": "",
        "friday": "",
        "saturday": "",
        "sunday": "",
        "max_interviews_per_day": "3",
        "max_interviews_per_week": "",
        "busy_calendar_url": "",
        **overrides,
    }
    return client.post(PAGE, data)


def test_the_settings_page_links_to_availability(client, interviewer):
    client.force_login(interviewer)
    assert 'href="/settings/availability/"' in client.get("/settings/").content.decode()


def test_the_page_shows_office_hours_until_saved(client, interviewer):
    client.force_login(interviewer)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="monday" value="09:00-17:00"' in page
    assert 'name="saturday"' in page
    assert "(UTC;" in page


def test_saving_stores_the_hours_and_caps(client, interviewer):
    client.force_login(interviewer)
    response = _post(client)
    assert response.status_code == 302
    saved = Availability.objects.get(user=interviewer)
    assert saved.weekly_hours["monday"] == ["09:00-12:00", "13:00-17:00"]
    assert saved.weekly_hours["tuesday"] == []
    assert (saved.max_interviews_per_day, saved.max_interviews_per_week) == (3, None)
    assert 'value="09:00-12:00, 13:00-17:00"' in client.get(PAGE).content.decode()


def test_a_bad_range_is_shown_next_to_its_day_and_nothing_is_saved(client, interviewer):
    client.force_login(interviewer)
    response = _post(client, wednesday="16:00-10:00")
    assert response.status_code == 200
    page = response.content.decode()
    assert "the end after the start" in page
    assert page.index("the end after the start") > page.index('name="wednesday"') - 600
    assert not Availability.objects.filter(user=interviewer).exists()


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_page_reads_a_fixed_number_of_queries(client, interviewer, django_assert_num_queries):
    client.force_login(interviewer)
    client.get(PAGE)
    # Session, user, the saved availability, the navigation's memberships (with workspaces).
    with django_assert_num_queries(4):
        client.get(PAGE)
