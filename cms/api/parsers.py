"""The API's JSON parser, bounded: too deep a document is a 400, not a crash.

Python's JSON decoder recurses once per level and stops with a
``RecursionError`` at the interpreter's limit (about 1,000 levels), long
before memory runs out; entry documents are three levels deep, so such a
body is malformed and said to be so.
"""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - the document is nested too deeply.") from error
