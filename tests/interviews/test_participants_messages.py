import pytest
from django.core import mail

from interview_tracker.models import Membership, Role, User
from interviews.models import Message, Participant
from tests.factories import InterviewFactory, MessageFactory

from .conftest import url

pytestmark = pytest.mark.django_db


def test_add_a_member_by_id_and_the_duplicate_answers_409(
    owner_client, interview, recruiter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            url(interview, "participants/"),
            {"user": str(recruiter.pk), "role": "observer"},
            format="json",
        )
    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in ("user", "email", "role", "interview")} == {
        "user": str(recruiter.pk),
        "email": recruiter.email,
        "role": "observer",
        "interview": str(interview.pk),
    }
    assert [m.to for m in mail.outbox] == [[recruiter.email]]
    assert mail.outbox[0].attachments[0][0] == "interview.ics"
    again = owner_client.post(
        url(interview, "participants/"),
        {"user": str(recruiter.pk), "role": "observer"},
        format="json",
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "RESOURCE_CONFLICT"


def test_inviting_an_unknown_email_creates_the_account_membership_and_mails(
    owner_client, interview, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            url(interview, "participants/"),
            {"email": "new.person@example.com", "role": "candidate"},
            format="json",
        )
    assert response.status_code == 201
    user = User.objects.get(email="new.person@example.com")
    assert Membership.objects.get(user=user, workspace=interview.workspace).role == Role.CANDIDATE
    assert "invited" in mail.outbox[0].subject
    assert "/password-reset/" in mail.outbox[0].body  # how they choose their first password
    interview.candidate.refresh_from_db()
    assert interview.candidate.user_id == user.pk


def test_an_unknown_interviewer_email_gets_an_interviewer_membership(owner_client, interview):
    owner_client.post(
        url(interview, "participants/"),
        {"email": "panel@example.com", "role": "interviewer"},
        format="json",
    )
    membership = Membership.objects.get(
        user__email="panel@example.com", workspace=interview.workspace
    )
    assert membership.role == Role.INTERVIEWER


def test_a_non_member_by_id_is_refused(owner_client, interview, outsider):
    response = owner_client.post(
        url(interview, "participants/"),
        {"user": str(outsider.pk), "role": "observer"},
        format="json",
    )
    assert response.status_code == 422


def test_remove_a_participant(owner_client, interview, interviewer):
    participant = Participant.objects.get(interview=interview, user=interviewer)
    assert owner_client.delete(url(interview, f"participants/{participant.pk}/")).status_code == 204
    assert not Participant.objects.filter(pk=participant.pk).exists()


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("owner", 200, 201),
        ("recruiter", 200, 201),
        ("interviewer", 200, 403),
        ("candidate", 200, 403),
        ("outsider", 404, 404),
    ],
)
def test_participants_role_matrix(client_for, interview, recruiter, role, read, write):
    client = client_for(role)
    response = client.get(url(interview, "participants/"))
    assert response.status_code == read
    if read == 200:
        assert response.json()["count"] == 2
    response = client.post(
        url(interview, "participants/"),
        {"email": "x@example.com", "role": "observer"},
        format="json",
    )
    assert response.status_code == write
    participant = interview.participants.first()
    expected_delete = 204 if write == 201 else write
    assert (
        client.delete(url(interview, f"participants/{participant.pk}/")).status_code
        == expected_delete
    )


def test_messages_are_newest_first_and_cursor_paginated(owner_client, interview, owner):
    for n in range(3):
        owner_client.post(url(interview, "messages/"), {"body": f"message {n}"}, format="json")
    page = owner_client.get(url(interview, "messages/"), {"page_size": 2}).json()
    assert set(page) == {"next", "previous", "results"}
    assert [m["body"] for m in page["results"]] == ["message 2", "message 1"]
    assert page["results"][0]["author"] == str(owner.pk)
    following = owner_client.get(page["next"]).json()
    assert [m["body"] for m in following["results"]] == ["message 0"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_messages_are_append_only(owner_client, interview, method):
    message = MessageFactory(interview=interview)
    for path in (url(interview, "messages/"), url(interview, f"messages/{message.pk}/")):
        response = getattr(owner_client, method)(path, {"body": "edited"}, format="json")
        assert response.status_code in {405, 404}
    response = getattr(owner_client, method)(
        url(interview, "messages/"), {"body": "x"}, format="json"
    )
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    message.refresh_from_db()
    assert message.body != "edited"


@pytest.mark.parametrize("body", ["", "x" * 5001])
def test_message_length_is_1_to_5000(owner_client, interview, body):
    response = owner_client.post(url(interview, "messages/"), {"body": body}, format="json")
    assert response.status_code == 422
    assert "body" in response.json()["error"]["field_errors"]
    assert (
        owner_client.post(
            url(interview, "messages/"), {"body": "x" * 5000}, format="json"
        ).status_code
        == 201
    )


@pytest.mark.parametrize(
    ("role", "participant", "expected"),
    [
        ("owner", False, 200),
        ("recruiter", False, 200),
        ("interviewer", True, 200),
        ("interviewer", False, 403),
        ("candidate", True, 200),
        ("outsider", False, 404),
    ],
)
def test_messages_are_for_participants_and_managers(
    client_for, workspace, cast, role, participant, expected
):
    interview = InterviewFactory(workspace=workspace)
    if participant:
        interview.participants.create(user=cast[role], role=role)
    client = client_for(role)
    assert client.get(url(interview, "messages/")).status_code == expected
    response = client.post(url(interview, "messages/"), {"body": "hello"}, format="json")
    assert response.status_code == (201 if expected == 200 else expected)
    assert Message.objects.filter(interview=interview).exists() is (expected == 200)


@pytest.mark.parametrize("page_size", [1, 5])
def test_messages_query_count_is_constant(
    owner_client, interview, django_assert_num_queries, page_size
):
    MessageFactory.create_batch(6, interview=interview)
    # 1 user, 2 interview (visibility), 3 memberships (role), 4 page of messages + authors.
    with django_assert_num_queries(4):
        response = owner_client.get(url(interview, "messages/"), {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [1, 5])
def test_participants_query_count_is_constant(
    owner_client, workspace, django_assert_num_queries, page_size
):
    from tests.factories import ParticipantFactory

    interview = InterviewFactory(workspace=workspace)
    ParticipantFactory.create_batch(6, interview=interview)
    # 1 user, 2 memberships (the scope's workspace ids), 3 interview, 4 count, 5 page of
    # participants + users.
    with django_assert_num_queries(5):
        response = owner_client.get(url(interview, "participants/"), {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
