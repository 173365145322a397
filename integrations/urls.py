from django.urls import path

from . import views

app_name = "integrations"
urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("calendar/", views.calendar_connection, name="calendar"),
    path("calendar/disconnect/", views.calendar_disconnect, name="calendar-disconnect"),
    path("webhooks/", views.webhook_list, name="webhooks"),
    path("webhooks/<uuid:webhook_id>/", views.webhook_detail, name="webhook-detail"),
    path("webhooks/<uuid:webhook_id>/toggle/", views.webhook_toggle, name="webhook-toggle"),
    path("webhooks/<uuid:webhook_id>/delete/", views.webhook_delete, name="webhook-delete"),
    path(
        "webhooks/<uuid:webhook_id>/deliveries/<uuid:delivery_id>/redeliver/",
        views.delivery_redeliver,
        name="delivery-redeliver",
    ),
]
