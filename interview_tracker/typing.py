"""Request types for views that only signed-in users reach, so ``request.user`` is a User."""

from django.http import HttpRequest
from rest_framework.request import Request

from .models import User


class AuthedHttpRequest(HttpRequest):
    user: User


class AuthedRequest(Request):
    user: User
