import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.importers import CandidateImporter
from candidates.models import Candidate
from interview_tracker.importing import open_source, run_import
from positions.models import Company, Position
from questions.models import Question
from tests.factories import CandidateFactory, CompanyFactory, PositionFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_positions_use_the_aliases_and_find_or_create_companies(run, write, workspace):
    CompanyFactory(workspace=workspace, name="Globex")
    path = write(
        "applications.csv",
        "Job Title,Company Name,Applied On,Remote,Salary,Follow-up date\n"
        "Backend Engineer,GLOBEX,2026-03-01,yes,€90k,2026-03-15\n"
        "Platform Engineer,Initech,2026-03-02,no,,\n",
    )
    run("import_positions", str(path), workspace=str(workspace.pk))
    assert sorted(Company.objects.values_list("name", flat=True)) == ["Globex", "Initech"]
    backend = Position.objects.select_related("company").get(title="Backend Engineer")
    assert (backend.company.name, backend.application_date, backend.is_remote) == (
        "Globex",
        dt.date(2026, 3, 1),
        True,
    )
    assert (backend.salary_range, backend.next_follow_up) == ("€90k", dt.date(2026, 3, 15))


def test_positions_match_on_company_title_and_application_date(run, write, workspace):
    path = write(
        "applications.csv",
        "title,company,application_date,location\n"
        "Backend Engineer,Globex,2026-03-01,Berlin\n"
        "Backend Engineer,Globex,2026-04-01,Berlin\n",
    )
    run("import_positions", str(path), workspace=str(workspace.pk))
    again = write(
        "again.csv",
        "title,company,application_date,location\nbackend engineer,globex,2026-03-01,Remote\n",
    )
    result = run("import_positions", str(again), workspace=str(workspace.pk), update=True)
    assert "1 rows: 0 created, 1 updated, 0 unchanged, 0 invalid." in result.out
    assert Position.objects.count() == 2
    assert Position.objects.get(application_date="2026-03-01").location == "Remote"


def test_position_rows_are_validated_like_the_model(run, write, workspace):
    path = write(
        "applications.csv",
        "title,company,application_date,salary_min,salary_max,seniority\n"
        "A,Globex,yesterday,1,2,senior\nB,Globex,2026-01-01,1,2,wizard\n"
        "C,Globex,2026-01-01,9,2,senior\nD,Globex,2026-01-02,1,2,senior\n",
    )
    result = run("import_positions", str(path), workspace=str(workspace.pk), skip_invalid=True)
    # The API's PositionWriteSerializer speaks here: the same rules, the same words.
    assert "Row 2, column application_date: Date has wrong format." in result.err
    assert 'Row 3, column seniority: "wizard" is not a valid choice.' in result.err
    assert "Row 4, column salary_max: Must be greater than or equal to salary_min." in result.err
    assert list(Position.objects.values_list("title", flat=True)) == ["D"]


def test_questions_read_lists_from_cells_and_match_on_text(run, write, workspace):
    path = write(
        "questions.csv",
        "Question,Category,Difficulty,Answer,Concepts,Tips,Company\n"
        "What is a B-tree?,Technical,Hard,A balanced tree.,indexes; pages,Draw it,Globex\n",
    )
    run("import_questions", str(path), workspace=str(workspace.pk))
    again = write("again.csv", "question,difficulty\n  what is a b-tree?  ,easy\n")
    result = run("import_questions", str(again), workspace=str(workspace.pk), update=True)
    question = Question.objects.select_related("company").get()
    assert (question.category, question.difficulty, question.key_concepts, question.tips) == (
        "technical",
        "easy",
        ["indexes", "pages"],
        ["Draw it"],
    )
    assert question.company is not None
    assert question.company.name == "Globex"
    assert "1 rows: 0 created, 1 updated" in result.out


def _snapshot(workspace):
    positions = sorted(
        Position.objects.filter(workspace=workspace).values_list(
            "title",
            "company__name",
            "application_date",
            "status",
            "salary_min",
            "tags",
            "is_remote",
            "next_follow_up",
        )
    )
    candidates = sorted(
        Candidate.objects.filter(workspace=workspace).values_list(
            "name",
            "email",
            "status",
            "tags",
            "links",
            "notes",
            "position__title",
        )
    )
    questions = sorted(
        Question.objects.filter(workspace=workspace).values_list(
            "text",
            "category",
            "difficulty",
            "key_concepts",
            "common_mistakes",
            "tips",
            "is_active",
            "company__name",
            "time_to_answer_minutes",
        )
    )
    return positions, candidates, questions


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_into_an_empty_workspace_reproduces_the_data(
    run, tmp_path, workspace, other_workspace, fmt
):
    opening = PositionFactory(
        workspace=workspace,
        title="Data, Engineer",
        status="offer",
        salary_min=50000,
        tags=["a;b", "c"],
        is_remote=True,
        next_follow_up=dt.date(2026, 5, 1),
    )
    PositionFactory(workspace=workspace, title='Designer "UX"', application_date=None)
    CandidateFactory(
        workspace=workspace,
        name="Zoë, O'Brien",
        position=opening,
        status="rejected",
        tags=["x"],
        links=["https://z.example.com"],
        notes="Line one\nline two",
    )
    CandidateFactory(workspace=workspace)
    QuestionFactory(
        workspace=workspace,
        text="Why?\nExplain.",
        key_concepts=["a", "b"],
        common_mistakes=["c; d"],
        is_active=False,
        company=opening.company,
        time_to_answer_minutes=5,
    )
    QuestionFactory(workspace=workspace)
    for entity in ("positions", "candidates", "questions"):
        path = tmp_path / f"{entity}.{fmt}"
        run(f"export_{entity}", str(path), workspace=str(workspace.pk), format=fmt)
        run(f"import_{entity}", str(path), workspace=str(other_workspace.pk))
    assert _snapshot(other_workspace) == _snapshot(workspace)
    # Exported again from the copy, the files are identical.
    for entity in ("positions", "candidates", "questions"):
        first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        run(f"export_{entity}", str(first), workspace=str(workspace.pk), format=fmt)
        run(f"export_{entity}", str(second), workspace=str(other_workspace.pk), format=fmt)
        assert first.read_bytes() == second.read_bytes()


def _import_queries(tmp_path, workspace, rows: int) -> int:
    path = tmp_path / f"{rows}.csv"
    lines = ["name,email,phone,status,tags"]
    lines += [
        f"Person {n},p{rows}.{n}@example.com,+1 555 {rows}{n:04},screening,a; b"
        for n in range(rows)
    ]
    path.write_text("\n".join(lines))
    with (
        path.open("rb") as stream,
        open_source(stream, path.name, CandidateImporter.aliases()) as source,
        CaptureQueriesContext(connection) as queries,
    ):
        report = run_import(CandidateImporter(workspace), source, batch_size=500)
    assert report.created == rows
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_rows(tmp_path, workspace):
    # Per batch: the natural-key lookup, the position lookup (skipped: no position column),
    # one INSERT of the rows and one INSERT of their "imported" timeline events; plus the
    # transaction's savepoint/commit and the cached content type.
    CandidateFactory(workspace=workspace)
    few = _import_queries(tmp_path, workspace, 5)
    many = _import_queries(tmp_path, workspace, 400)
    assert few == many


def test_each_batch_costs_the_same_fixed_number_of_queries(tmp_path, workspace):
    one_batch = _import_queries(tmp_path, workspace, 500)
    two_batches = _import_queries(tmp_path, workspace, 1000)
    # A second batch adds its key lookup, two inserts (INSERT or COPY) and the look-up of
    # possible duplicates among the rows it created, nothing per row.
    assert two_batches - one_batch == 4


def test_question_rows_are_validated_by_the_api_serializer(run, write, workspace):
    # The API's QuestionSerializer limits each list item to 500 characters; so does the import.
    long_tip = "x" * 501
    path = write(
        "questions.csv",
        f"text,tips,difficulty,time_to_answer_minutes\nWhy?,{long_tip},impossible,-3\n",
    )
    err = io.StringIO()
    # --skip-invalid that wrote nothing is a failure (a script must not read success).
    with pytest.raises(CommandError, match="1 of 1 rows are invalid and no row was written"):
        call_command(
            "import_questions",
            str(path),
            workspace=str(workspace.pk),
            skip_invalid=True,
            stderr=err,
        )
    assert (
        "Row 2, column tips: Ensure this field has no more than 500 characters." in err.getvalue()
    )
    assert 'Row 2, column difficulty: "impossible" is not a valid choice.' in err.getvalue()
    assert "Row 2, column time_to_answer_minutes:" in err.getvalue()
    assert Question.objects.count() == 0
