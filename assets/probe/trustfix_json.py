# A small JSON encoder for both probes (trustfix_probe.py, trustfix_connect.py): `json` costs more to
# import than a probe needs. Runs unchanged on Python 2.7 through 3.14. Output is ASCII: every other
# character is escaped (\uXXXX, surrogate pairs above the BMP), as json.dumps does by default.
import sys

_TEXT = type(u"")
_INTEGERS = (int, long) if sys.version_info[0] < 3 else (int,)  # noqa: F821 (long: Python 2)


def text(value):
    """Paths and messages are bytes on Python 2: decoded so the JSON is text."""
    if value is None:
        return None
    if not isinstance(value, _TEXT):
        try:
            return value.decode(sys.getfilesystemencoding() or "utf-8", "replace")
        except Exception:
            return repr(value)
    return value


def dumps(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, _INTEGERS + (float,)):
        return repr(value).rstrip("L")
    if isinstance(value, dict):
        return "{" + ",".join(dumps(text(k)) + ":" + dumps(v) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    s = value if isinstance(value, _TEXT) else text(value)
    out = []
    for ch in s:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif code < 0x20 or code > 0x7E:
            if code > 0xFFFF:
                code -= 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)))
            else:
                out.append("\\u%04x" % code)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
