"""Write a workspace's questions as CSV or JSON that import_questions reads back."""

from interview_tracker.import_commands import ExportCommand
from questions.importers import QuestionImporter


class Command(ExportCommand):
    importer_class = QuestionImporter
