"""Bulk-load positions from a CSV or JSON file (operators migrating from a spreadsheet or another
tracker). The engine in interview_tracker.importing does the work."""

from interview_tracker.import_commands import ImportCommand
from positions.importers import PositionImporter


class Command(ImportCommand):
    importer_class = PositionImporter
