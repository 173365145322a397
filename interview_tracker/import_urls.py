from django.urls import path

from . import imports_views

app_name = "imports"
urlpatterns = [
    path("", imports_views.import_upload, name="upload"),
    path("<uuid:run_id>/", imports_views.import_preview, name="preview"),
    path("<uuid:run_id>/start/", imports_views.import_start, name="start"),
    path("<uuid:run_id>/progress/", imports_views.import_progress, name="progress"),
]
