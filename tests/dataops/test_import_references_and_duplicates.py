"""A row names its position and company in plain text (as a LinkedIn connection's current job
or another tracker's columns do); rows that look like people already there are flagged in the
preview and listed in the report, by the rule that flags a duplicate on create."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from candidates.models import Candidate
from interview_tracker.models import ActivityEvent, ImportRun
from positions.models import Company, Position
from tests.factories import CandidateFactory, CompanyFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_a_title_at_a_new_company_creates_both(run, write, workspace, other_workspace):
    CompanyFactory(workspace=other_workspace, name="Initech")  # another tenant's, not reused
    path = write(
        "connections.csv",
        "First Name,Last Name,Email Address,Company,Position\n"
        "Ada,Lovelace,ada@example.com,Initech,Staff Engineer\n"
        "Bob,Byte,bob@example.com,INITECH,staff engineer\n",
    )
    result = run("import_candidates", str(path), workspace=str(workspace.pk))
    assert "2 rows: 2 created" in result.out
    company = Company.objects.get(workspace=workspace)
    assert company.name == "Initech"
    position = Position.objects.get(workspace=workspace)
    assert (position.title, position.company_id, position.status) == (
        "Staff Engineer",
        company.pk,
        "applied",
    )
    ada, bob = Candidate.objects.filter(workspace=workspace).order_by("name")
    assert (ada.name, ada.email, ada.position_id) == (
        "Ada Lovelace",
        "ada@example.com",
        position.pk,
    )
    assert (bob.name, bob.email, bob.position_id) == ("Bob Byte", "bob@example.com", position.pk)
    # The created position shows where it came from on its timeline.
    assert (
        ActivityEvent.objects.get(object_id=position.pk).summary == "Imported from connections.csv"
    )
    assert Company.objects.filter(workspace=other_workspace).count() == 1


def test_a_title_and_company_already_there_are_found_case_insensitively(run, write, workspace):
    position = PositionFactory(workspace=workspace, title="Data Analyst", company__name="Globex")
    path = write(
        "people.csv", "name,email,job title,company name\nCyd,cyd@example.com,data ANALYST,globex\n"
    )
    run("import_candidates", str(path), workspace=str(workspace.pk))
    cyd = Candidate.objects.get()
    assert (cyd.name, cyd.email, cyd.position_id) == ("Cyd", "cyd@example.com", position.pk)
    assert Position.objects.count() == 1
    assert Company.objects.count() == 1


def test_a_known_company_gets_the_new_title(run, write, workspace):
    existing = PositionFactory(workspace=workspace, title="Designer", company__name="Globex")
    path = write(
        "people.csv", "name,email,position,company\nDee,dee@example.com,Architect,GLOBEX\n"
    )
    run("import_candidates", str(path), workspace=str(workspace.pk))
    created = Position.objects.exclude(pk=existing.pk).get()
    assert (created.title, created.company_id) == ("Architect", existing.company_id)
    assert Candidate.objects.get().position_id == created.pk


def test_a_company_without_a_title_is_found_or_created_and_no_position_is_made(
    run, write, workspace
):
    path = write("people.csv", "name,email,company\nEve,eve@example.com,Hooli\n")
    run("import_candidates", str(path), workspace=str(workspace.pk))
    eve = Candidate.objects.get()
    assert (eve.name, eve.position_id) == ("Eve", None)
    assert list(Company.objects.values_list("name", flat=True)) == ["Hooli"]
    assert Position.objects.count() == 0


def test_a_dry_run_creates_no_company_or_position(run, write, workspace):
    path = write("people.csv", "name,email,position,company\nFay,fay@example.com,CTO,Umbrella\n")
    result = run("import_candidates", str(path), workspace=str(workspace.pk), dry_run=True)
    assert "Dry run: 1 rows: 1 created" in result.out
    assert (Company.objects.count(), Position.objects.count(), Candidate.objects.count()) == (
        0,
        0,
        0,
    )


def test_the_report_lists_rows_that_look_like_existing_candidates(run, write, workspace):
    position = PositionFactory(workspace=workspace, title="Engineer", company__name="Acme")
    by_email = CandidateFactory(workspace=workspace, email="old@example.com", name="Old")
    by_phone = CandidateFactory(workspace=workspace, phone="+44 20 7946 0000", name="Phoned")
    by_name = CandidateFactory(workspace=workspace, name="Gus Grant", position=position)
    unrelated = CandidateFactory(workspace=workspace, name="Zed", phone="123")
    path = write(
        "people.csv",
        "name,email,phone,position,company\n"
        "Hal,hal@example.com,442079460000,,\n"  # same phone digits
        "gus grant,gus@example.com,,Engineer,ACME\n"  # same name at the same company
        "Ivy,ivy@example.com,,,\n"  # nobody
        "Old Two,OLD2@example.com,,,\n",
    )
    result = run("import_candidates", str(path), workspace=str(workspace.pk))
    hal = Candidate.objects.get(email="hal@example.com")
    gus = Candidate.objects.get(email="gus@example.com")
    assert f"Row 2: Hal ({hal.pk}) may duplicate {by_phone.pk}" in result.out
    assert f"Row 3: gus grant ({gus.pk}) may duplicate {by_name.pk}" in result.out
    assert "Row 4" not in result.out
    assert "Row 5" not in result.out
    assert "4 created, 0 updated, 0 unchanged, 0 invalid. 2 possible duplicates." in result.out
    # The same rule flags them on their timelines.
    flagged = ActivityEvent.objects.filter(verb="possible_duplicate")
    assert set(flagged.values_list("object_id", flat=True)) == {hal.pk, gus.pk}
    assert str(by_email.pk) not in result.out
    assert str(unrelated.pk) not in result.out


def test_rows_of_one_file_that_look_alike_are_flagged_within_and_across_batches(
    run, write, workspace
):
    """The batch is flagged before it is written: its rows are matched with each other, and
    with the batches written before."""
    path = write(
        "people.csv",
        "name,email,phone,position,company\n"
        "Ann,ann@example.com,+49 30 111111,,\n"
        "Ann B,ann.b@example.com,+49 (30) 111-111,,\n"  # Ann's phone digits: the same batch
        "Cy,cy@example.com,,Engineer,Acme\n"
        "cy,cy.two@example.com,,Engineer,ACME\n"  # Cy at the same company: the next batch
        "Dee,dee@example.com,,,\n",
    )
    result = run("import_candidates", str(path), workspace=str(workspace.pk), batch_size=3)
    people = {c.email: c.pk for c in Candidate.objects.filter(workspace=workspace)}
    ann, ann_b = people["ann@example.com"], people["ann.b@example.com"]
    cy, cy_two = people["cy@example.com"], people["cy.two@example.com"]
    assert f"Row 2: Ann ({ann}) may duplicate {ann_b}" in result.out
    assert f"Row 3: Ann B ({ann_b}) may duplicate {ann}" in result.out
    assert f"Row 5: cy ({cy_two}) may duplicate {cy}" in result.out
    assert "Row 4:" not in result.out  # Cy came first: the later row names it
    assert "Row 6" not in result.out
    flagged = ActivityEvent.objects.filter(verb="possible_duplicate")
    assert {e.object_id: e.details["candidates"] for e in flagged} == {
        ann: [str(ann_b)],
        ann_b: [str(ann)],
        cy_two: [str(cy)],
    }


@pytest.fixture
def owner_client(owner):
    client = Client()
    client.force_login(owner)
    return client


def test_the_preview_flags_rows_that_match_existing_candidates_and_the_report_lists_them(
    owner_client, workspace, django_capture_on_commit_callbacks
):
    ada = CandidateFactory(workspace=workspace, name="Ada Lovelace", email="ada@example.com")
    content = (
        b"Full Name,E-mail\nAda L.,ADA@example.com\nBob,bob@example.com\n"
        b"Ada Again,ada@example.com\n"
    )
    upload = SimpleUploadedFile("people.csv", content)
    response = owner_client.post(
        "/import/", {"entity": "candidates", "file": upload, "skip_invalid": "on"}
    )
    preview = owner_client.get(response["Location"]).content.decode()
    assert "<strong>2</strong> possible duplicates" in preview
    assert (
        f'<tr><td>2</td><td>Ada L.</td><td><a href="/candidates/{ada.pk}/">Ada Lovelace</a>'
        "</td></tr>" in preview
    )
    assert "<td>3</td><td>Bob</td>" not in preview.split('id="import-duplicates"')[1]
    assert Candidate.objects.count() == 1  # the preview writes nothing

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(response["Location"].rstrip("/") + "/start/")
    run = ImportRun.objects.get()
    # The e-mail is the natural key: row 2 is Ada herself (left alone), row 4 too.
    assert run.report["summary"] == "3 rows: 1 created, 0 updated, 2 unchanged, 0 invalid."
    assert run.report["duplicates"] == []
    page = owner_client.get(response["Location"]).content.decode()
    assert "<strong>0</strong> possible duplicates" in page


def test_the_preview_flags_a_name_at_a_company_only_as_the_import_will(
    owner_client, workspace, django_capture_on_commit_callbacks
):
    position = PositionFactory(workspace=workspace, title="Engineer", company__name="Acme")
    gus = CandidateFactory(workspace=workspace, name="Gus Grant", position=position)
    content = (
        b"name,email,position,company\n"
        b"Gus Grant,gus2@example.com,,Acme\n"  # a company without a title: no position
        b"Gus Grant,gus3@example.com,Engineer,Acme\n"  # the same name at the same company
    )
    upload = SimpleUploadedFile("people.csv", content)
    response = owner_client.post(
        "/import/", {"entity": "candidates", "file": upload, "skip_invalid": "on"}
    )
    preview = owner_client.get(response["Location"]).content.decode()
    flagged = preview.split('id="import-duplicates"')[1]
    assert "<tr><td>2</td>" not in flagged
    assert f'<tr><td>3</td><td>Gus Grant</td><td><a href="/candidates/{gus.pk}/">' in flagged
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(response["Location"].rstrip("/") + "/start/")
    report = ImportRun.objects.get().report
    assert [row["row"] for row in report["duplicates"]] == [3]


def test_the_report_page_links_each_flagged_row_to_its_merge_page(
    owner_client, workspace, django_capture_on_commit_callbacks
):
    old = CandidateFactory(workspace=workspace, name="Old", phone="+1 555 010 9999")
    upload = SimpleUploadedFile(
        "people.csv", b"name,email,phone\nNew,new@example.com,15550109999\n"
    )
    response = owner_client.post("/import/", {"entity": "candidates", "file": upload})
    preview = owner_client.get(response["Location"]).content.decode()
    assert f'<a href="/candidates/{old.pk}/">Old</a>' in preview
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(response["Location"].rstrip("/") + "/start/")
    new = Candidate.objects.get(email="new@example.com")
    run = ImportRun.objects.get()
    assert run.report["duplicates"] == [
        {
            "row": 2,
            "name": "New",
            "record": str(new.pk),
            "matches": [{"id": str(old.pk), "name": ""}],
        }
    ]
    page = owner_client.get(response["Location"]).content.decode()
    assert f'<a href="/candidates/{new.pk}/">New</a>' in page
    assert f'<a href="/candidates/{new.pk}/merge/">1 existing record: compare and merge</a>' in page
