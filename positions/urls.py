from django.urls import URLPattern

app_name = "positions"
urlpatterns: list[URLPattern] = []
