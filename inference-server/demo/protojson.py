"""One proto3 JSON line exactly as `JsonFormat.printer().omittingInsignificantWhitespace()` prints it.

JsonFormat writes strings through gson, which escapes the HTML-sensitive characters ' < > & = (and the line
separators U+2028/U+2029) as \\uXXXX and leaves other non-ASCII text as is. Writing the same bytes lets a test
compare each line with JsonFormat's output. Callers give fields in proto field-number order, use lowerCamelCase
names, and write int64 values as strings, as JsonFormat does.
"""
import json

_ESCAPES = {c: "\\u%04x" % ord(c) for c in "'<>&=\u2028\u2029"}


def dumps(message):
    text = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    return "".join(_ESCAPES.get(c, c) for c in text)
