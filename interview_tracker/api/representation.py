"""A cheaper ``to_representation`` for the read serializers of the busiest lists.

DRF's ``Serializer.to_representation`` sends every field of every row through
``Field.get_attribute`` (a walk over ``source_attrs`` with callable checks and exception
handling) and then ``to_representation``; a page of 100 candidates with 200 interviews and 100
scorecards makes ~12,600 such calls, most of the response time. ``LeanRepresentation`` decides
once per serializer instance (a list's child serves every row) how each field reads a row:

- a field whose source is one plain attribute: ``getattr`` and the field's own conversion;
- a primary-key relation: the ``<name>_id`` column (what DRF's pk-only optimisation reads);
- a datetime in the default ISO format: DRF's conversion with the active time zone looked up
  once per row instead of once per field;
- anything else (nested serializers of related managers, method fields, dotted sources, a
  missing annotation): DRF's own steps, unchanged.

The output is DRF's, key for key and value for value (``tests/interview_tracker/
test_representation.py`` compares both for every read serializer that uses it).
"""

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import ForeignKey, Model
from django.utils import timezone
from rest_framework import ISO_8601, fields, relations, serializers
from rest_framework.settings import api_settings

# A reader returns the field's value for a row, or SKIP where DRF leaves the key out.
type Reader = Callable[[Any, dt.tzinfo | None], Any]
SKIP = object()
MISSING = object()


def drf_reader(field: fields.Field) -> Reader:
    """DRF's own steps (``Serializer.to_representation``) for one field."""

    def read(instance: Any, tz: dt.tzinfo | None) -> Any:
        try:
            attribute = field.get_attribute(instance)
        except fields.SkipField:
            return SKIP
        check = attribute.pk if isinstance(attribute, relations.PKOnlyObject) else attribute
        return None if check is None else field.to_representation(attribute)

    return read


def attribute_reader(field: fields.Field, attr: str) -> Reader:
    convert = field.to_representation
    fallback = drf_reader(field)

    def read(instance: Any, tz: dt.tzinfo | None) -> Any:
        value = getattr(instance, attr, MISSING)
        if value is MISSING:  # DRF skips or defaults a missing attribute
            return fallback(instance, tz)
        return None if value is None else convert(value)

    return read


def pk_reader(attname: str) -> Reader:
    def read(instance: Any, tz: dt.tzinfo | None) -> Any:
        return getattr(instance, attname)

    return read


def datetime_reader(field: fields.DateTimeField, attr: str) -> Reader:
    slow = attribute_reader(field, attr)

    def read(instance: Any, tz: dt.tzinfo | None) -> Any:
        value = getattr(instance, attr, None)
        if tz is None or not isinstance(value, dt.datetime) or value.tzinfo is None:
            return slow(instance, tz)  # naive, absent or None: DRF's conversion
        text = value.astimezone(tz).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return read


# A ``ModelSerializer`` whose output skips DRF's per-field machinery where it does nothing (see
# the module docstring); input and validation are DRF's. A comment, not a docstring: the OpenAPI
# schema takes a serializer's description from the first docstring in its classes.
class LeanRepresentation[M: Model](serializers.ModelSerializer[M]):
    @cached_property
    def readers(self) -> list[tuple[str, Reader]]:
        return [
            (name, self.reader(field))
            for name, field in self.fields.items()
            if not field.write_only
        ]

    def reader(self, field: fields.Field) -> Reader:
        if len(field.source_attrs) != 1:
            return drf_reader(field)  # "*" (method fields) or a dotted source
        attr = field.source_attrs[0]
        model: type[Model] = self.Meta.model
        if callable(getattr(model, attr, None)):
            return drf_reader(field)  # DRF calls methods
        if isinstance(field, relations.PrimaryKeyRelatedField) and field.pk_field is None:
            try:
                model_field = model._meta.get_field(attr)
            except FieldDoesNotExist:
                return drf_reader(field)
            if isinstance(model_field, ForeignKey):  # the id column is on the row
                return pk_reader(model_field.attname)
            return drf_reader(field)
        if type(field).get_attribute is not fields.Field.get_attribute:
            return drf_reader(field)  # related fields and others that read their own way
        if (
            isinstance(field, fields.DateTimeField)
            and not hasattr(field, "timezone")
            and str(getattr(field, "format", api_settings.DATETIME_FORMAT)).lower() == ISO_8601
        ):
            return datetime_reader(field, attr)
        return attribute_reader(field, attr)

    def to_representation(self, instance: M) -> dict[str, Any]:
        tz = timezone.get_current_timezone() if settings.USE_TZ else None
        ret = {}
        for name, read in self.readers:
            value = read(instance, tz)
            if value is not SKIP:
                ret[name] = value
        return ret
