"""The project's URLs plus views that fail on purpose, for the 500 tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interview_tracker.urls import handler404, handler500
from interview_tracker.urls import urlpatterns as project_patterns

SECRET = "secret-internal-detail-42"


class Exploding(APIView):
    permission_classes = []

    def get(self, request: Request) -> Response:
        raise RuntimeError(SECRET)


def exploding_page(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET)


urlpatterns = [
    path("api/v1/boom/", Exploding.as_view()),
    path("api/plain-boom/", exploding_page),
    path("boom/", exploding_page),
    *project_patterns,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
