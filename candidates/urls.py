from django.urls import URLPattern

app_name = "candidates"
urlpatterns: list[URLPattern] = []
