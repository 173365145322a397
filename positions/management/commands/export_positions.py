"""Write a workspace's positions as CSV or JSON that import_positions reads back."""

from interview_tracker.import_commands import ExportCommand
from positions.importers import PositionImporter


class Command(ExportCommand):
    importer_class = PositionImporter
