"""Write a workspace's candidates as CSV or JSON that import_candidates reads back."""

from candidates.importers import CandidateImporter
from interview_tracker.import_commands import ExportCommand


class Command(ExportCommand):
    importer_class = CandidateImporter
