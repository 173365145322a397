"""DRF's JSON parser, refusing a body nested too deeply to parse.

``json`` parses nesting by recursion: some thousands of ``[`` (a few kilobytes) exhaust
Python's recursion limit, and the RecursionError was a 500 on any endpoint, even before log-in.
"""

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

NESTED_TOO_DEEPLY = "JSON parse error - the document is nested too deeply."


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(NESTED_TOO_DEEPLY) from None
