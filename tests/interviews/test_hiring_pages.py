"""The hiring pages: plan editor and panel, kit, debrief with the decision form, offers and
the candidate's answer in the portal; each page's query budget at two sizes."""

import datetime as dt

import pytest
from django.utils import timezone

from interviews.models import Decision, Offer, PlanStage
from questions.models import KitQuestion
from tests.conftest import _member
from tests.factories import (
    CandidateFactory,
    FeedbackFactory,
    InterviewFactory,
    OfferFactory,
    ParticipantFactory,
    PlanStageFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

SCORES = [{"name": "Problem solving", "score": 4}, {"name": "Communication", "score": 3}]


@pytest.fixture
def stage(workspace, position, interviewer):
    stage = PlanStageFactory(workspace=workspace, position=position, name="Technical", order=0)
    stage.default_interviewers.set([interviewer])
    return stage


def test_the_plan_editor_adds_moves_and_removes_stages(client, recruiter, position, stage):
    client.force_login(recruiter)
    page = client.get(f"/questions/plan/{position.pk}/")
    assert page.status_code == 200
    assert "Technical" in page.content.decode()
    added = client.post(
        f"/questions/plan/{position.pk}/",
        {
            "name": "Culture",
            "kind": "behavioral",
            "duration_minutes": 30,
            "criteria": "Ownership: takes responsibility\nCandour",
        },
    )
    assert added.status_code == 302
    culture = PlanStage.objects.get(name="Culture")
    assert culture.criteria == [
        {"name": "Ownership", "guidance": "takes responsibility"},
        {"name": "Candour", "guidance": ""},
    ]
    client.post(f"/questions/plan/{position.pk}/stages/{culture.pk}/move/", {"direction": "up"})
    assert list(PlanStage.objects.order_by("order").values_list("name", flat=True)) == [
        "Culture",
        "Technical",
    ]
    client.post(f"/questions/plan/{position.pk}/stages/{culture.pk}/move/", {"order": 1})
    assert PlanStage.objects.get(pk=culture.pk).order == 1
    client.post(f"/questions/plan/{position.pk}/stages/{culture.pk}/delete/")
    assert list(PlanStage.objects.values_list("name", flat=True)) == ["Technical"]


def test_edit_a_stage_on_its_page(client, recruiter, position, stage, interviewer):
    client.force_login(recruiter)
    url = f"/questions/plan/{position.pk}/stages/{stage.pk}/"
    assert "Problem solving: Breaks the problem down" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "Deep technical",
            "kind": "technical",
            "duration_minutes": 60,
            "criteria": "Depth",
            "default_interviewers": [str(interviewer.pk)],
        },
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert (stage.name, stage.criteria) == ("Deep technical", [{"name": "Depth", "guidance": ""}])


def test_an_interviewer_reads_the_plan_but_cannot_change_it(client, interviewer, position, stage):
    client.force_login(interviewer)
    page = client.get(f"/questions/plan/{position.pk}/").content.decode()
    assert "Technical" in page
    assert "Add a stage" not in page
    response = client.post(f"/questions/plan/{position.pk}/stages/{stage.pk}/delete/")
    assert response.status_code == 404
    assert PlanStage.objects.exists()


@pytest.mark.parametrize("stages", [1, 5])
def test_plan_editor_query_count_is_constant(
    client, recruiter, workspace, position, interviewer, django_assert_num_queries, stages
):
    for index in range(stages):
        stage = PlanStageFactory(workspace=workspace, position=position, order=index)
        stage.default_interviewers.set([interviewer])
        KitQuestion.objects.create(
            plan_stage=stage, question=QuestionFactory(workspace=workspace), order=0
        )
    client.force_login(recruiter)
    # session, user, position, memberships, stages, interviewers, kit questions, the layout's
    # workspace switcher, the add form's team and bank, whether another opening has a plan
    with django_assert_num_queries(11):
        assert client.get(f"/questions/plan/{position.pk}/").status_code == 200


@pytest.mark.parametrize("candidates", [1, 6])
def test_plan_panel_shows_progress_in_constant_queries(
    client, recruiter, workspace, position, stage, django_assert_num_queries, candidates
):
    for index in range(candidates):
        candidate = CandidateFactory(workspace=workspace, position=position, name=f"C{index}")
        InterviewFactory(
            workspace=workspace, candidate=candidate, position=position, plan_stage=stage
        )
    client.force_login(recruiter)
    # session, user, position, stages, interviewers, kit questions, candidates, their rounds,
    # memberships
    with django_assert_num_queries(9):
        page = client.get(f"/questions/plan/{position.pk}/panel/")
    assert page.content.decode().count("Scheduled") == candidates


@pytest.fixture
def staged_interview(workspace, position, stage, interviewer, candidate):
    interview = InterviewFactory(
        workspace=workspace,
        candidate=candidate,
        position=position,
        plan_stage=stage,
        status="completed",
    )
    ParticipantFactory(interview=interview, user=interviewer, role="interviewer")
    return interview


@pytest.mark.parametrize("questions", [1, 5])
def test_kit_page_query_count_is_constant(
    client,
    interviewer,
    workspace,
    stage,
    staged_interview,
    django_assert_num_queries,
    questions,
):
    for index in range(questions):
        KitQuestion.objects.create(
            plan_stage=stage, question=QuestionFactory(workspace=workspace), order=index
        )
    client.force_login(interviewer)
    # session, user, interview, memberships, participant check, stage, interviewers, kit
    # questions, earlier rounds, the layout's workspace switcher
    with django_assert_num_queries(10):
        page = client.get(f"/questions/kit/{staged_interview.pk}/")
    assert page.content.decode().count('class="kit-question"') == questions


def test_the_kit_page_is_404_for_the_candidate(client, candidate_user, staged_interview):
    ParticipantFactory(interview=staged_interview, user=candidate_user, role="candidate")
    client.force_login(candidate_user)
    assert client.get(f"/questions/kit/{staged_interview.pk}/").status_code == 404


def test_the_scorecard_form_lists_the_stage_criteria(client, interviewer, staged_interview):
    client.force_login(interviewer)
    page = client.get(f"/interviews/{staged_interview.pk}/").content.decode()
    # One row per criterion of the stage's template, in its order, to be scored.
    assert 'value="Problem solving"' in page
    assert page.index('value="Problem solving"') < page.index('value="Communication"')


@pytest.mark.parametrize("rounds", [1, 4])
def test_debrief_page_flags_disagreement_in_constant_queries(
    client, recruiter, workspace, candidate, position, stage, django_assert_num_queries, rounds
):
    for index in range(rounds):
        interview = InterviewFactory(
            workspace=workspace,
            candidate=candidate,
            position=position,
            plan_stage=stage,
            status="completed",
        )
        for author_index, score in enumerate((1, 5)):
            author = _member(workspace, "interviewer", f"d{index}-{author_index}@example.com")
            ParticipantFactory(interview=interview, user=author, role="interviewer")
            FeedbackFactory(
                interview=interview,
                author=author,
                criteria=[{"name": "Problem solving", "score": score}, SCORES[1]],
            )
    client.force_login(recruiter)
    # session, user, candidate, memberships, interviews + stages, scorecards + authors, missing,
    # the layout's workspace switcher
    with django_assert_num_queries(8):
        page = client.get(f"/interviews/debrief/{candidate.pk}/")
    assert page.content.decode().count('class="disagreement"') == rounds


@pytest.mark.parametrize("blind", [True, False])
def test_the_debrief_page_tells_an_interviewer_which_scorecards_they_see(
    client, interviewer, recruiter, workspace, candidate, position, blind
):
    workspace.blind_feedback = blind
    workspace.save(update_fields=["blind_feedback"])
    interview = InterviewFactory(workspace=workspace, candidate=candidate, position=position)
    ParticipantFactory(interview=interview, user=recruiter, role="interviewer")
    FeedbackFactory(interview=interview, author=recruiter, criteria=SCORES)
    client.force_login(interviewer)
    page = client.get(f"/interviews/debrief/{candidate.pk}/").content.decode()
    assert ("You see the scorecards of the rounds you scored" in page) is blind
    assert ("None of this round's scorecards is visible to you." in page) is blind
    assert (f"{recruiter}: <strong>" in page) is not blind
    client.force_login(recruiter)
    page = client.get(f"/interviews/debrief/{candidate.pk}/").content.decode()
    assert "You see the scorecards of the rounds you scored" not in page


def test_a_rejection_without_reason_shows_the_error_next_to_the_field(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.post(f"/interviews/debrief/{candidate.pk}/decision/", {"decision": "reject"})
    assert response.status_code == 422
    assert "Give the reason for a rejection." in response.content.decode()
    assert not Decision.objects.exists()


def test_the_decision_form_records_a_hold(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.post(f"/interviews/debrief/{candidate.pk}/decision/", {"decision": "hold"})
    assert response.status_code == 302
    assert Decision.objects.get().decision == "hold"


@pytest.mark.parametrize("count", [1, 6])
def test_offer_list_page_query_count_is_constant(
    client, recruiter, workspace, position, django_assert_num_queries, count
):
    for _ in range(count):
        OfferFactory(
            workspace=workspace,
            position=position,
            candidate=CandidateFactory(workspace=workspace, position=position),
        )
    client.force_login(recruiter)
    # session, user, memberships, COUNT, the layout's workspace switcher, the page with
    # candidates and positions
    with django_assert_num_queries(6):
        page = client.get("/interviews/offers/")
    assert page.content.decode().count("badge-draft") == count


def test_offer_pages_draft_approve_send_and_the_portal_accepts(
    client, owner, candidate_user, candidate, position, django_capture_on_commit_callbacks
):
    candidate.user = candidate_user
    candidate.save(update_fields=["user"])
    client.force_login(owner)
    drafted = client.post(
        f"/interviews/offers/new/?candidate={candidate.pk}",
        {"salary": "70000", "currency": "EUR"},
    )
    offer = Offer.objects.get()
    assert drafted.url == f"/interviews/offers/{offer.pk}/"
    assert "Approve" in client.get(drafted.url).content.decode()
    client.post(f"/interviews/offers/{offer.pk}/approve/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/interviews/offers/{offer.pk}/send/")
    client.force_login(candidate_user)
    portal = client.get("/interviews/portal/").content.decode()
    assert "Accept the offer" in portal
    assert client.post(f"/interviews/offers/{offer.pk}/accept/").url == "/interviews/portal/"
    offer.refresh_from_db()
    candidate.refresh_from_db()
    assert (offer.status, candidate.status) == ("accepted", "hired")


def test_the_portal_never_shows_a_draft(client, candidate_user, candidate, workspace, position):
    candidate.user = candidate_user
    candidate.save(update_fields=["user"])
    offer = OfferFactory(workspace=workspace, candidate=candidate, position=position)
    client.force_login(candidate_user)
    assert "Your offers" not in client.get("/interviews/portal/").content.decode()
    assert client.get(f"/interviews/offers/{offer.pk}/").status_code == 404
    expires = timezone.now() + dt.timedelta(days=3)
    Offer.objects.filter(pk=offer.pk).update(status="sent", expires_at=expires)
    assert "Your offers" in client.get("/interviews/portal/").content.decode()


@pytest.mark.parametrize("query", ["", "?candidate=", "?candidate=abc", "?candidate=0" + "0" * 31])
def test_drafting_an_offer_without_a_readable_candidate_is_404(client, owner, query):
    client.force_login(owner)
    assert client.get(f"/interviews/offers/new/{query}").status_code == 404
