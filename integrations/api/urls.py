from django.urls import URLPattern

from .views import AccessTokenViewSet, WebhookViewSet

# Router registrations: (prefix, viewset, basename).
routes: list[tuple[str, type, str]] = [
    ("tokens", AccessTokenViewSet, "token"),
    ("webhooks", WebhookViewSet, "webhook"),
]
urlpatterns: list[URLPattern] = []
