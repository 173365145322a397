"""Answer providers: ``offline`` (deterministic, grounded in the question bank, no network) and
``openai`` (any OpenAI-compatible server). Only ``providers/openai.py`` imports ``openai``."""

from django.conf import settings

from .base import BankQuestion, Prompt, Provider, ProviderError

PROVIDERS = ("offline", "openai")

__all__ = ["PROVIDERS", "BankQuestion", "Prompt", "Provider", "ProviderError", "get_provider"]


def get_provider(name: str | None = None) -> Provider:
    """The provider named, or the configured one (``ASSISTANT_PROVIDER``)."""
    name = name or settings.ASSISTANT_PROVIDER
    if name == "openai":
        from .openai import OpenAIProvider

        return OpenAIProvider()
    from .offline import OfflineProvider

    return OfflineProvider()
