# TrustFix connection probe launcher (the probe is trustfix_connect.py). Runs unchanged on Python 2.7
# through 3.14. As probe.py does: the probe is imported rather than run, so Python keeps the compiled
# bytecode of our own modules between runs (where this folder is writable) instead of compiling them
# at every check. The standard library the probe uses is imported first, under the user's own
# bytecode setting; only then is writing turned on, for our modules alone, and put back before the
# probe imports anything of the user's (requests, pip).
#
# usage: python connect.py URL [TIMEOUT_SECONDS]
import os
import re  # noqa: F401
import socket  # noqa: F401
import sys
import threading  # noqa: F401

try:
    import ssl  # noqa: F401
except ImportError:  # an interpreter built without OpenSSL
    pass
try:
    import urllib.request  # noqa: F401
    import urllib.error  # noqa: F401
    import urllib.parse  # noqa: F401
except ImportError:  # Python 2
    import urllib2  # noqa: F401
    import urlparse  # noqa: F401

_saved = sys.dont_write_bytecode
sys.dont_write_bytecode = False
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import trustfix_connect  # noqa: E402
finally:
    sys.dont_write_bytecode = _saved

trustfix_connect.main()
