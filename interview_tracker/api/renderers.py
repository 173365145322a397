"""JSON rendered by orjson, byte for byte what DRF's ``JSONRenderer`` writes.

orjson handles str, int, float, bool, None, dict, list, tuple, UUID, datetime, date and time
itself, as DRF's encoder writes them (UUIDs as ``str(uuid)``, times in ISO 8601 with UTC as
``Z``); anything else goes through DRF's own encoder (``default``), so Decimals keep its
float. What orjson
cannot write (pretty-printing, non-string keys, huge integers) is handed to DRF's renderer.
A float below 1e-4 is the one value spelt differently (Python writes "1e-05", orjson
"0.00001"): the same number to every JSON reader, so it is left as orjson writes it.
"""

from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_PASSTHROUGH_DATACLASS
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
        if LINE_SEPARATORS[0] in ret or LINE_SEPARATORS[1] in ret:
            # DRF escapes these two so the JSON stays a JavaScript subset.
            ret = ret.replace(LINE_SEPARATORS[0], b"\\u2028").replace(
                LINE_SEPARATORS[1], b"\\u2029"
            )
        return ret
