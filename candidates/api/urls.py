from django.urls import URLPattern

# Router registrations: (prefix, viewset, basename).
routes: list[tuple[str, type, str]] = []
urlpatterns: list[URLPattern] = []
