"""Request parsers for every API view: JSON that cannot be parsed safely is a 400, not a 500;
multipart only where a file is sent.

Python's json module recurses once per nesting level, so a small body of a thousand nested
arrays raises RecursionError. This parser refuses a body nested deeper than MAX_JSON_DEPTH (no
cxgov input needs more than a few levels) with the same ParseError DRF gives for bad syntax.
The body's size is bounded by Django's DATA_UPLOAD_MAX_MEMORY_SIZE before it is parsed; the
exception handler answers that 413.
"""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 32


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """True if containers nest deeper than `limit` (iterative, so it cannot recurse itself)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a nesting limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            too_deep = True
        else:
            too_deep = json_depth_exceeds(data, MAX_JSON_DEPTH)
        if too_deep:
            raise ParseError(
                f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels; "
                "send a flatter document."
            )
        return data


# Every API view reads JSON (settings.REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]), and the schema
# offers each request body in exactly the media types its view parses: a body offered as a form
# too would be documented twice, and generated clients break on that. A view that sends a file
# sets `parser_classes = FILE_PARSER_CLASSES` (the CSV import); tests/cxgov/test_api_errors.py
# checks that no view parses anything else.
PARSER_CLASSES = [JSONParser]
FILE_PARSER_CLASSES = [parsers.MultiPartParser]
