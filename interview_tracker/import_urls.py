from django.urls import path

from . import imports_views

app_name = "imports"
urlpatterns = [
    path("", imports_views.import_upload, name="upload"),
    path("<str:token>/", imports_views.import_preview, name="preview"),
    path("<str:token>/confirm/", imports_views.import_confirm, name="confirm"),
]
