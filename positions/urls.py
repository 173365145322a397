from django.urls import path

from . import views

app_name = "positions"
urlpatterns = [
    path("", views.position_list, name="list"),
    path("kanban/", views.position_kanban, name="kanban"),
    path("follow-ups/", views.follow_ups, name="follow-ups"),
    path("offers/", views.offer_comparison, name="offers"),
    path("contacts/", views.contact_list, name="contacts"),
    path("new/", views.position_create, name="create"),
    path("new/from-posting/", views.position_from_posting, name="from-posting"),
    path("<uuid:pk>/", views.position_detail, name="detail"),
    path("<uuid:pk>/edit/", views.position_edit, name="edit"),
    path("<uuid:pk>/delete/", views.position_delete, name="delete"),
    path("<uuid:pk>/status/", views.position_status, name="status"),
    path("<uuid:pk>/follow-up/", views.position_follow_up, name="follow-up"),
    path("<uuid:pk>/ghosted/", views.position_ghosted, name="ghosted"),
    path("<uuid:pk>/contacts/", views.contact_create, name="contact-create"),
    path("<uuid:pk>/contacts/<uuid:contact_pk>/", views.contact_edit, name="contact-edit"),
    path(
        "<uuid:pk>/contacts/<uuid:contact_pk>/delete/",
        views.contact_delete,
        name="contact-delete",
    ),
]
for kind in ("companies", "roles", "skills", "cv-versions"):
    urlpatterns += [
        path(f"{kind}/", views.catalog_list, {"kind": kind}, name=kind),
        path(f"{kind}/<uuid:pk>/", views.catalog_edit, {"kind": kind}, name=f"{kind}-edit"),
        path(
            f"{kind}/<uuid:pk>/delete/",
            views.catalog_delete,
            {"kind": kind},
            name=f"{kind}-delete",
        ),
    ]
