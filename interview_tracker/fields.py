"""A list-of-strings field (tags) with one portable "has any of these" lookup.

Django's JSON ``contains`` is not available on SQLite, so ``tags__overlap=["a", "b"]`` is
compiled per backend: PostgreSQL's jsonb ``?|`` (served by a GIN index), SQLite's ``json_each``.
"""

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.sql.compiler import SQLCompiler


def clean_tags(values: Any) -> list[str]:
    """Strip, drop empties and duplicates, keep the order given."""
    seen: dict[str, None] = {}
    for value in values or []:
        text = str(value).strip()
        if text:
            seen.setdefault(text, None)
    return list(seen)


class TagListField(models.JSONField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("default", None)
        kwargs.pop("blank", None)
        return name, path, args, kwargs


@TagListField.register_lookup
class Overlap(models.Lookup[bool]):
    lookup_name = "overlap"
    prepare_rhs = False

    def get_prep_lookup(self) -> Any:
        return list(self.rhs)

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            return "1 = 0", []
        placeholders = ", ".join(["%s"] * len(values))
        if connection.vendor == "postgresql":
            return f"({lhs})::jsonb ?| ARRAY[{placeholders}]::text[]", [*lhs_params, *values]
        sql = f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value IN ({placeholders}))"
        return sql, [*lhs_params, *values]
