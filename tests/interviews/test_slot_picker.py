"""The interview page's picker of free times for its interviewers."""

import datetime as dt

import pytest
import time_machine

from interviews.models import Availability, Interview
from tests.factories import InterviewFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2030, 3, 3, 12, 0, tzinfo=dt.UTC)  # a Sunday


@pytest.fixture
def monday_hours(interviewer):
    Availability.objects.create(user=interviewer, weekly_hours={"monday": ["09:00-10:30"]})


@time_machine.travel(NOW, tick=False)
def test_the_picker_lists_the_interviewers_free_times_and_moves_the_interview(
    client, owner, interview, monday_hours
):
    client.force_login(owner)
    detail = client.get(f"/interviews/{interview.pk}/").content.decode()
    assert f'href="/interviews/{interview.pk}/free-times/"' in detail
    page = client.get(f"/interviews/{interview.pk}/free-times/").content.decode()
    # One hour inside 09:00-10:30 on the 15-minute grid: 09:00, 09:15, 09:30 (twice a week).
    assert page.count('name="start"') == 6
    assert 'value="2030-03-04T09:30:00+00:00"' in page
    response = client.post(
        f"/interviews/{interview.pk}/free-times/", {"start": "2030-03-04T09:30:00+00:00"}
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.scheduled_at == dt.datetime(2030, 3, 4, 9, 30, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_an_interviewer_is_sent_back_without_times(client, interviewer, interview, monday_hours):
    client.force_login(interviewer)
    response = client.get(f"/interviews/{interview.pk}/free-times/")
    assert response.status_code == 302
    assert Interview.objects.get(pk=interview.pk).scheduled_at == interview.scheduled_at


def test_an_outsider_gets_404(client, outsider, interview):
    client.force_login(outsider)
    assert client.get(f"/interviews/{interview.pk}/free-times/").status_code == 404


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("extra", [0, 5])
def test_the_picker_reads_a_fixed_number_of_queries(
    client, owner, interview, interviewer, monday_hours, django_assert_num_queries, extra, workspace
):
    for n in range(extra):
        other = InterviewFactory(
            workspace=workspace,
            candidate=interview.candidate,
            scheduled_at=NOW + dt.timedelta(days=2 + n),
        )
        ParticipantFactory(interview=other, user=interviewer)
    client.force_login(owner)
    # Session, user, the interview, the user's workspace roles (may they manage it), its
    # interviewers, their availability, their connected CalDAV calendars, their seats, the
    # navigation's memberships.
    with django_assert_num_queries(9):
        assert client.get(f"/interviews/{interview.pk}/free-times/").status_code == 200
