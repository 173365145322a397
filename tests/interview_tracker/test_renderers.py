"""The orjson renderer changes speed, never content: it writes what DRF's JSONRenderer writes,
byte for byte but for the spelling of floats below 1e-4 (the same numbers)."""

import datetime as dt
import decimal
import json
import uuid
import zoneinfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict

from interview_tracker.api.renderers import ORJSONRenderer

UTC = dt.UTC
PARIS = zoneinfo.ZoneInfo("Europe/Paris")

SAMPLES = [
    {"id": uuid.UUID("12345678-1234-5678-1234-567812345678")},
    {"at": dt.datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)},
    {"at": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)},
    {"at": dt.datetime(2026, 7, 2, 3, 4, 5, 120, tzinfo=PARIS)},
    {"at": dt.datetime(2026, 1, 2, 3, 4, 5)},  # noqa: DTZ001 - a naive value, as DRF writes it
    {"at": dt.datetime(2026, 3, 1, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Kolkata"))},
    {"at": dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))},
    {"times": [dt.time(9, 30), dt.time(23, 59, 59, 999999)], "days": [dt.date(1, 1, 1)]},
    {"day": dt.date(2026, 1, 2), "time": dt.time(9, 30, 0, 5), "span": dt.timedelta(hours=1)},
    {"amount": decimal.Decimal("12.50")},
    {"floats": [0.1, 1.0, 1e16, 0.0001, 2.5, -0.0, 12345.678]},
    {"huge": 2**70, "ints": [0, -1, 2**63 - 1]},
    {
        "text": 'café ✓ \u2028 \u2029 \x00 \x1f \x7f \t\n"\\ / </script>',
        "lazy": gettext_lazy("Home"),
    },
    {"tuple": (1, "a"), "set": {3}, "nested": [{"a": None, "b": True, "c": False}]},
    ReturnDict({"count": 1, "results": [{"x": "y"}]}, serializer=None),
    [],
    "plain",
    {},
]


@pytest.mark.parametrize("data", SAMPLES)
def test_orjson_renderer_writes_the_bytes_of_drfs_renderer(data):
    assert ORJSONRenderer().render(data) == JSONRenderer().render(data)


def test_floats_below_1e_4_are_the_same_numbers_in_another_spelling():
    data = {"tiny": [1e-05, 1.5e-7, 0.00001234], "big": decimal.Decimal("1e-7")}
    ours, drfs = ORJSONRenderer().render(data), JSONRenderer().render(data)
    assert ours == b'{"tiny":[0.00001,1.5e-7,0.00001234],"big":1e-7}'
    assert json.loads(ours) == json.loads(drfs)


def test_orjson_renderer_pretty_prints_like_drf_when_asked():
    data = {"a": [1, {"b": "c"}]}
    media = "application/json; indent=4"
    assert ORJSONRenderer().render(data, media, {}) == JSONRenderer().render(data, media, {})
    assert ORJSONRenderer().render(None) == b""


def test_orjson_renderer_keeps_its_fast_path_for_uuids(monkeypatch):
    monkeypatch.setattr(JSONRenderer, "render", None)  # the slow path would fail the test
    row = {"id": uuid.UUID("123e4567-e89b-12d3-a456-426614174000"), "n": [1, 2.5]}
    assert (
        ORJSONRenderer().render(row) == b'{"id":"123e4567-e89b-12d3-a456-426614174000","n":[1,2.5]}'
    )
