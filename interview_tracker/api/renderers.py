"""JSON rendered by orjson, byte for byte what DRF's ``JSONRenderer`` writes.

orjson handles str, int, float, bool, None, dict, list, tuple and UUID itself (UUIDs as
``str(uuid)``, like DRF); dates, times and anything else go through DRF's own encoder
(``default``), so datetimes keep DRF's ``…Z`` form and Decimals its float. Whatever orjson
cannot write identically (pretty-printing, non-string keys, huge integers, floats below 1e-4,
which Python writes with an exponent) is handed to DRF's renderer.
"""

import re
from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
# A number Python's json writes differently: below 1e-4 it uses an exponent ("1e-05") where
# orjson writes "0.00001" or "1.5e-7". A number follows ":", "[" or ","; a string that happens
# to contain such text merely takes the slow path.
PYTHON_FLOAT_DIFFERS = re.compile(rb"[:\[,]-?(?:\d+(?:\.\d+)?e-|0\.0000)")
# Such a number contains "0.0000" or ends in a negative exponent before "," "]" or "}". Looking
# for those first costs a quarter of the pattern above, which starts at every comma and colon
# (4 ms over a page of 100 candidates with their interviews, ten times orjson's own work).
NEGATIVE_EXPONENT = re.compile(rb"e-[0-9]+[,\]}]")
LINE_SEPARATORS = (b"\xe2\x80\xa8", b"\xe2\x80\xa9")


class ORJSONRenderer(JSONRenderer):
    _encoder = JSONEncoder()

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        indent = self.get_indent(accepted_media_type or "", renderer_context or {})
        if indent is not None or self.ensure_ascii or not self.compact:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            ret = orjson.dumps(data, default=self._encoder.default, option=OPTIONS)
        except (orjson.JSONEncodeError, TypeError, ValueError):
            return super().render(data, accepted_media_type, renderer_context)
        if (b"0.0000" in ret or NEGATIVE_EXPONENT.search(ret)) and PYTHON_FLOAT_DIFFERS.search(ret):
            return super().render(data, accepted_media_type, renderer_context)
        if LINE_SEPARATORS[0] in ret or LINE_SEPARATORS[1] in ret:
            # DRF escapes these two so the JSON stays a JavaScript subset.
            ret = ret.replace(LINE_SEPARATORS[0], b"\\u2028").replace(
                LINE_SEPARATORS[1], b"\\u2029"
            )
        return ret
