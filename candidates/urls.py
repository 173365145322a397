from django.urls import path

from . import views

app_name = "candidates"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("kanban/", views.candidate_kanban, name="kanban"),
    path("new/", views.candidate_create, name="create"),
    path("<uuid:pk>/", views.candidate_detail, name="detail"),
    path("<uuid:pk>/edit/", views.candidate_edit, name="edit"),
    path("<uuid:pk>/delete/", views.candidate_delete, name="delete"),
    path("<uuid:pk>/status/", views.candidate_status, name="status"),
    path("<uuid:pk>/export/", views.candidate_export, name="export"),
    path("<uuid:pk>/anonymise/", views.candidate_anonymise, name="anonymise"),
    path("<uuid:pk>/merge/", views.candidate_merge, name="merge"),
    path("merges/<uuid:pk>/undo/", views.merge_undo, name="merge-undo"),
]
