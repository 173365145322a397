"""How every form renders: Django's templates, except that a checkbox sits inside its label,
on one line with its text (Django puts the label, with a colon, on a line above a lone box)."""

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    field_template_name = "interview_tracker/forms/field.html"
