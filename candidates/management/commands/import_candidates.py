"""Bulk-load candidates from a CSV or JSON file (operators migrating from a spreadsheet or another
tracker). The engine in interview_tracker.importing does the work."""

from candidates.importers import CandidateImporter
from interview_tracker.import_commands import ImportCommand


class Command(ImportCommand):
    importer_class = CandidateImporter
