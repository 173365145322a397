"""The admin site, whose log-in is the dashboard's.

Django's admin has its own log-in form with none of the dashboard's defences. Sending it to the
dashboard's page instead gives the admin the same per-address and per-account limits and the same
second step for two-factor accounts, with one log-in to keep right. A post to ``/admin/login/``
checks no password: it is only redirected.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


class AdminSite(admin.AdminSite):
    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(target, login_url=reverse("login"))
