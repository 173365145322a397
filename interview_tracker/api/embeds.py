"""``?expand=`` and ``?fields=`` of the lists whose rows embed related rows registered by later
apps (``registry.api_embeds``): candidates and positions."""

from typing import Any, ClassVar

from django.db.models import Model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from interview_tracker.extensions import ApiEmbed, registry

EXPAND = OpenApiParameter(
    "expand",
    OpenApiTypes.STR,
    description="Comma-separated embeds for each row, e.g. `interviews`.",
)
FIELDS = OpenApiParameter(
    "fields",
    OpenApiTypes.STR,
    enum=["full"],
    description="`full`: embedded rows carry every field, as on the detail. By default they "
    "carry what a list shows (an interview's title, kind, time, length, interviewer, status "
    "and outcome; a scorecard's author, rating, recommendation and comment).",
)


def embeds_of(view: Any, label: str) -> list[str]:
    """A list embeds what ``?expand=`` names; a detail embeds everything registered."""
    available = registry.api_embeds.get(label, {})
    if view.action == "list":
        raw = ",".join(view.request.query_params.getlist("expand"))
        wanted = [name.strip() for name in raw.split(",") if name.strip()]
        return [name for name in wanted if name in available]
    return list(available)


def embedded_rows(
    embeds: dict[str, ApiEmbed], request: Any, parent_ids: list[Any], full: bool
) -> dict[str, dict[Any, list[dict[str, Any]]]]:
    """{embed name: {parent id: rows}} for a list's page (nothing to read for an empty one)."""
    if not parent_ids:
        return {}
    return {name: embed.rows(request, parent_ids, full) for name, embed in embeds.items()}


def full_embeds(view: Any) -> bool:
    """Details embed whole rows; lists only with ``?fields=full``."""
    return view.action != "list" or view.request.query_params.get("fields") == "full"


# A read serializer with embeds: each name in ``context["embeds"]`` registered under
# ``embed_label`` adds one nested field, with every field when ``context["full_embeds"]``. A
# comment, not a docstring: the OpenAPI schema takes a serializer's description from the first
# docstring in its classes.
class EmbeddingSerializer[M: Model](serializers.ModelSerializer[M]):
    embed_label: ClassVar[str]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        available = registry.api_embeds.get(self.embed_label, {})
        for name in self.context.get("embeds", ()):
            if name in available:
                fields[name] = available[name].serializer(self.context.get("full_embeds", True))
        return fields
