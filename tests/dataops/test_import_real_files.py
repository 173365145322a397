"""Files written the way other tools write them (samples/ holds one of each): each import is
checked field by field on the rows it created."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from candidates.models import Candidate
from interview_tracker.importing import DAY_FIRST, MONTH_FIRST, decide_date_order, read_date
from interview_tracker.models import ImportRun, ImportStatus
from interviews.models import Feedback, Interview
from positions.models import Position
from questions.models import Question
from tests.factories import CompanyFactory, PositionFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"


def _import(command: str, sample: str, workspace, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        command,
        str(SAMPLES / sample),
        workspace=str(workspace.pk),
        stdout=out,
        stderr=err,
        **options,
    )
    return out.getvalue(), err.getvalue()


def _candidates(workspace) -> list[tuple]:
    return list(
        Candidate.objects.filter(workspace=workspace)
        .order_by("email")
        .values_list("name", "email", "phone", "status", "source", "tags", "links", "notes")
    )


def test_a_linkedin_export_skips_its_notes_preamble_and_joins_the_names(workspace):
    opening = PositionFactory(
        workspace=workspace,
        title="Engineering Manager",
        company=CompanyFactory(workspace=workspace, name="Analytical Engines"),
    )
    out, err = _import(
        "import_candidates", "linkedin_connections.csv", workspace, skip_invalid=True
    )
    assert "First Name → name (first part), Last Name → name (last part)" in out
    # Grace shares no e-mail address: her row (line 6 of the file) is reported by its column.
    assert err.splitlines()[-1] == "Row 6, column Email Address: This column is required."
    assert _candidates(workspace) == [
        (
            "Ada Lovelace",
            "ada@analytical.example",
            "",
            "applied",
            "",
            [],
            ["https://www.linkedin.com/in/ada-lovelace-1815"],
            "",
        ),
        (
            "Alan Turing",
            "alan@bletchley.example",
            "",
            "applied",
            "",
            [],
            ["https://www.linkedin.com/in/alan-turing-1912"],
            "",
        ),
    ]
    assert Candidate.objects.get(email="ada@analytical.example").position_id == opening.pk
    assert Candidate.objects.get(email="alan@bletchley.example").position_id is None


def test_an_ats_export_maps_its_stage_names_onto_the_pipeline(workspace):
    opening = PositionFactory(workspace=workspace, title="Backend Engineer")
    out, _ = _import("import_candidates", "ats_candidates.csv", workspace)
    assert (
        "Values of status: Phone Screen → screening, Onsite → interviewing, Offer → offer, "
        "Not Selected → rejected, Hired → hired"
    ) in out
    assert _candidates(workspace) == [
        ("Kim Lee", "kim.lee@example.com", "", "hired", "Agency", [], [], ""),
        ("Li Wei", "li.wei@example.com", "", "offer", "Careers page", ["remote"], [], ""),
        (
            "María García",
            "maria.garcia@example.com",
            "+34 600 123 456",
            "screening",
            "LinkedIn",
            ["python", "django"],
            [],
            "",
        ),
        ("Sam Jones", "sam.jones@example.com", "", "rejected", "Indeed", [], [], ""),
        (
            "Tom O'Brien",
            "tom.obrien@example.com",
            "(415) 555-0134",
            "interviewing",
            "Referral",
            [],
            [],
            "",
        ),
    ]
    assert set(Candidate.objects.values_list("position_id", flat=True)) == {opening.pk}


def _positions(workspace) -> list[tuple]:
    return list(
        Position.objects.filter(workspace=workspace)
        .order_by("company__name")
        .values_list(
            "company__name",
            "title",
            "status",
            "application_date",
            "next_follow_up",
            "location",
            "url",
            "salary_range",
        )
    )


def test_a_job_tracker_export_reads_its_list_column_as_the_status_and_us_dates(workspace):
    out, _ = _import("import_positions", "job_tracker.csv", workspace)
    assert "Dates of Date Applied read month first" in out
    assert (
        "Values of status: Wishlist → applied, Applied → applied, Interview → interviewing" in out
    )
    assert _positions(workspace) == [
        (
            "Globex",
            "Staff Engineer",
            "applied",
            None,
            None,
            "Berlin, Germany",
            "https://jobs.example.com/globex/123",
            "",
        ),
        (
            "Hooli",
            "Platform Engineer",
            "interviewing",
            dt.date(2025, 12, 2),
            None,
            "Mountain View, CA",
            "https://hooli.example.com/jobs/9",
            "",
        ),
        (
            "Initech",
            "Senior Developer",
            "applied",
            dt.date(2025, 11, 23),
            dt.date(2025, 12, 7),  # one value cannot tell; the file's other date column did
            "Remote",
            "https://initech.example.com/careers/42",
            "$140k - $160k",
        ),
        (
            "Massive Dynamic",
            "Backend Developer",
            "rejected",
            dt.date(2025, 9, 15),
            None,
            "New York, NY",
            "",
            "",
        ),
        (
            "Umbrella",
            "Site Reliability Engineer",
            "offer",
            dt.date(2025, 10, 5),
            None,
            "Raccoon City",
            "",
            "",
        ),
    ]


def test_a_european_excel_csv_with_bom_semicolons_and_day_first_dates(workspace):
    out, _ = _import("import_positions", "european_excel.csv", workspace)
    assert "Dates of Date applied read day first" in out
    assert _positions(workspace) == [
        (
            "Müller & Söhne GmbH",
            "Softwareentwickler (m/w/d)",
            "applied",
            dt.date(2025, 12, 31),
            dt.date(2026, 1, 7),
            "München",
            "",
            "65.000 € - 75.000 €",
        ),
        (
            "Société Générale",
            "Développeur Python",
            "rejected",
            dt.date(2025, 10, 15),
            None,
            "Paris",
            "",
            "55 000,00 €",
        ),
        (
            "Zalando",
            "Backend Engineer",
            "interviewing",
            dt.date(2025, 11, 3),
            None,
            "Berlin",
            "",
            "",
        ),
    ]


def test_an_excel_unicode_text_file_utf16_with_tabs(workspace):
    _import("import_candidates", "excel_unicode_text.txt", workspace)
    assert _candidates(workspace) == [
        (
            "Jürgen Müller",
            "juergen.mueller@example.de",
            "+49 30 1234567",
            "screening",
            "",
            [],
            [],
            "Spricht Deutsch und Englisch",
        ),
        (
            "Łukasz Nowak",
            "lukasz.nowak@example.pl",
            "",
            "applied",
            "",
            [],
            [],
            "Prefers remote; available from January",
        ),
        ("Zoë Åström", "zoe.astrom@example.se", "+46 8 123 45 67", "interviewing", "", [], [], ""),
    ]


def test_p1_candidates_with_nulls_and_upper_case_statuses(workspace):
    opening = PositionFactory(workspace=workspace, title="Software Engineer")
    _import("import_candidates", "p1_candidates.json", workspace)
    assert _candidates(workspace) == [
        ("Jane Doe", "jane.doe@example.com", "", "interviewing", "", [], [], ""),
        ("John Smith", "john.smith@example.com", "", "applied", "", [], [], ""),
    ]
    assert Candidate.objects.get(email="jane.doe@example.com").position_id == opening.pk


def test_p2_positions_page_is_read_from_its_wrapper(workspace):
    _import("import_positions", "p2_positions.json", workspace)
    rows = list(
        Position.objects.order_by("title").values_list(
            "company__name",
            "title",
            "status",
            "application_date",
            "description",
            "location",
            "salary_range",
        )
    )
    assert rows == [
        ("DataWorks", "Data Engineer", "interviewing", dt.date(2024, 2, 10), "", "", ""),
        (
            "Tech Corp",
            "Senior Software Engineer",
            "applied",
            dt.date(2024, 1, 15),
            "Full-stack development role",
            "San Francisco, CA",
            "$120k - $150k",
        ),
    ]


def test_p4_questions_are_read_from_their_data_wrapper(workspace):
    _import("import_questions", "p4_questions.json", workspace)
    rows = list(
        Question.objects.order_by("text").values_list(
            "text",
            "category",
            "difficulty",
            "answer_summary",
            "key_concepts",
            "common_mistakes",
            "tips",
            "time_to_answer_minutes",
            "tags",
        )
    )
    assert rows == [
        (
            "How would you design a URL shortening service?",
            "system_design",
            "medium",
            "Design should include URL generation, storage, redirection",
            ["Hashing", "Database Design", "Caching"],
            ["Not considering collision handling"],
            ["Use base62 encoding", "Consider Redis for caching"],
            45,
            ["system_design", "scalability"],
        ),
        (
            "Tell me about a time you disagreed with your manager.",
            "behavioral",
            "easy",
            "",
            ["STAR", "conflict resolution"],  # a comma-separated cell is a list
            [],
            [],
            None,
            [],
        ),
    ]


def test_an_unknown_stage_is_refused_by_its_column(workspace, tmp_path):
    path = tmp_path / "unknown-stage.csv"
    path.write_text("Name,Email,Current Stage\nAda,ada@example.com,Parked\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 rows are invalid; nothing was written"):
        call_command("import_candidates", str(path), workspace=str(workspace.pk), stderr=err)
    assert 'Row 2, column Current Stage: "parked" is not a valid choice.' in err.getvalue()


@pytest.mark.parametrize(
    ("values", "hint", "order", "ambiguous"),
    [
        (["11/23/2025", "01/02/2025"], False, MONTH_FIRST, False),
        (["31/12/2025", "01/02/2025"], False, DAY_FIRST, False),
        (["01/02/2025"], True, DAY_FIRST, True),  # semicolon file: the locale hint decides
        (["01/02/2025"], False, MONTH_FIRST, True),
        (["01.02.2025"], False, DAY_FIRST, True),  # dots are European
    ],
)
def test_a_date_column_order_is_decided_from_the_sample(values, hint, order, ambiguous):
    decided = decide_date_order(values, hint)
    assert (decided.order, decided.ambiguous) == (order, ambiguous)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2025-12-31", MONTH_FIRST, "2025-12-31"),
        ("2025-06-30T14:00:00", MONTH_FIRST, "2025-06-30"),
        ("11/23/2025", MONTH_FIRST, "2025-11-23"),
        ("31.12.2025", DAY_FIRST, "2025-12-31"),
        ("31/12/2025", DAY_FIRST, "2025-12-31"),
        ("04 Dec 2025", MONTH_FIRST, "2025-12-04"),
        ("Dec 4, 2025", DAY_FIRST, "2025-12-04"),
        ("31/12/2025", MONTH_FIRST, "31/12/2025"),  # impossible: left for the rules to refuse
        ("soon", DAY_FIRST, "soon"),
    ],
)
def test_dates_in_other_tools_forms_are_read(text, order, expected):
    assert read_date(text, order) == expected


def test_the_preview_shows_the_readings_and_the_start_applies_an_override(
    owner, workspace, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(owner)
    page = client.get("/import/").content.decode()
    assert ".txt" in page  # Excel's "Unicode Text" files are offered in the file picker
    content = (
        "Name;Email;Stage;Applied\r\n"
        "Ada;ada@example.com;Phone Screen;05/11/2025\r\n"
        "Bob;bob@example.com;Parked;06/11/2025\r\n"
    ).encode("utf-8-sig")
    response = client.post(
        "/import/",
        {"entity": "candidates", "file": SimpleUploadedFile("ats.csv", content)},
    )
    html = client.get(response["Location"]).content.decode()
    assert 'name="status::Phone Screen"' in html
    assert '<option value="screening" selected>screening</option>' in html
    assert "(not recognised: row invalid)" in html
    assert "<td>3</td><td><code>Stage</code></td>" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"].rstrip("/") + "/start/", {"status::Parked": "withdrawn"})
    assert ImportRun.objects.get().status == ImportStatus.DONE
    assert dict(Candidate.objects.values_list("name", "status")) == {
        "Ada": "screening",
        "Bob": "withdrawn",
    }


def test_the_preview_names_the_date_order_and_flags_an_ambiguous_one(owner, workspace):
    client = Client()
    client.force_login(owner)
    content = b"Company;Title;Date applied\r\nGlobex;Engineer;05/11/2025\r\n"
    response = client.post(
        "/import/", {"entity": "positions", "file": SimpleUploadedFile("apps.csv", content)}
    )
    html = client.get(response["Location"]).content.decode()
    assert "Dates in <strong>Date applied</strong> are read <strong>day first</strong>" in html
    assert "their order could not be told from the values" in html
    assert "<td>2025-11-05</td>" in html


def test_a_json_date_key_missing_from_the_first_object_is_still_read(workspace, tmp_path):
    path = tmp_path / "applications.json"
    path.write_text(
        '[{"title": "E", "company": "A"}, '
        '{"title": "F", "company": "B", "applied on": "03/24/2025"}]'
    )
    call_command("import_positions", str(path), workspace=str(workspace.pk), stdout=io.StringIO())
    assert dict(Position.objects.values_list("title", "application_date")) == {
        "E": None,
        "F": dt.date(2025, 3, 24),
    }


def test_a_json_object_whose_key_is_not_text_is_a_clear_error(workspace, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{[1]: 2, "data": []}')
    with pytest.raises(CommandError, match="Malformed JSON"):
        call_command("import_positions", str(path), workspace=str(workspace.pk))


def test_names_with_accented_capitals_are_found_again_on_a_second_import(workspace, tmp_path):
    # SQLite's own LOWER() lowers A-Z only; the names must still match case aside.
    path = tmp_path / "apps.csv"
    path.write_text("Company,Title\nÖsterreichische Post,Übersetzer\n")
    people = tmp_path / "people.csv"
    people.write_text(
        "name,email,position,company\nAda,ada@example.com,ÜBERSETZER,ÖSTERREICHISCHE POST\n"
    )
    for _ in range(2):
        call_command(
            "import_positions", str(path), workspace=str(workspace.pk), stdout=io.StringIO()
        )
    call_command(
        "import_candidates", str(people), workspace=str(workspace.pk), stdout=io.StringIO()
    )
    position = Position.objects.select_related("company").get(workspace=workspace)
    assert (position.company.name, position.title) == ("Österreichische Post", "Übersetzer")
    assert Candidate.objects.get().position_id == position.pk


def test_p1_nested_interviews_and_feedback_come_with_a_new_candidate(workspace):
    PositionFactory(workspace=workspace, title="Software Engineer")
    _import("import_candidates", "p1_candidates.json", workspace)
    interview = Interview.objects.select_related("candidate").get()
    assert (
        interview.candidate.email,
        interview.interviewer_name,
        interview.scheduled_at,
        interview.status,
        interview.outcome,
        interview.position_id,
    ) == (
        "jane.doe@example.com",
        "Alice Johnson",
        dt.datetime(2025, 6, 30, 14, 0, tzinfo=dt.UTC),
        "completed",
        "pending",
        interview.candidate.position_id,
    )
    assert list(Feedback.objects.values_list("interview_id", "author", "rating", "comment")) == [
        (interview.pk, None, 5, "Excellent technical skills and communication")
    ]
    # A second run finds the candidates and leaves their interviews as they are.
    _import("import_candidates", "p1_candidates.json", workspace)
    assert (Interview.objects.count(), Feedback.objects.count()) == (1, 1)


def test_p1_candidates_import_into_a_workspace_without_their_positions(workspace):
    _import("import_candidates", "p1_candidates.json", workspace)
    jane = Candidate.objects.get(email="jane.doe@example.com")
    assert (jane.position_id, jane.notes.splitlines()[-1]) == (
        None,
        "Position named in the import: Software Engineer",
    )
    assert list(Interview.objects.values_list("candidate__email", "position_id")) == [
        ("jane.doe@example.com", None)
    ]
    assert Feedback.objects.count() == 1
    assert not Position.objects.filter(workspace=workspace).exists()


def test_a_nested_interview_with_a_bad_rating_is_reported_on_its_row(workspace, tmp_path):
    path = tmp_path / "p1.json"
    path.write_text(
        '[{"name": "Jane", "email": "jane@example.com", "interviews": '
        '[{"interviewer": "Al", "scheduled_at": "2025-06-30T14:00:00", '
        '"feedback": [{"rating": 9}]}]}]'
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_candidates", str(path), workspace=str(workspace.pk), stderr=err)
    assert "Row 1, column interviews: Interview 1: a rating must be 1 to 5." in err.getvalue()
