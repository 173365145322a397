import pytest
from django.test import Client


@pytest.fixture
def login():
    """A dashboard client logged in as the given user (session auth, as a browser)."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def owner_web(login, owner):
    return login(owner)
