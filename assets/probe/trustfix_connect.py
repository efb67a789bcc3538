# -*- coding: utf-8 -*-
# TrustFix connection probe (run through connect.py): connects to one https URL the way urllib, requests and pip would in
# THIS interpreter, and prints one JSON object on stdout: for each client, which CA file / folder /
# OS store it used, which verification flags were in force, and the exact error text, if any.
#
# Runs on Python 2.7 through 3.14, standard library only (requests and pip are used only when the
# interpreter has them). It NEVER turns verification off: every context below is CERT_REQUIRED with
# hostname checking, exactly as each client builds it. A client that cannot verify is reported as
# such, not worked around.
#
# usage: python connect.py URL [TIMEOUT_SECONDS]
import os
import re
import socket
import sys
import threading

try:
    import ssl
except ImportError:  # an interpreter built without OpenSSL
    ssl = None

try:
    from urllib.parse import urlsplit, unquote  # noqa: F401
    import urllib.request as urlrequest
    from urllib.error import URLError, HTTPError
except ImportError:  # Python 2
    from urlparse import urlsplit  # noqa: F401
    import urllib2 as urlrequest
    from urllib2 import URLError, HTTPError

import trustfix_pipconf  # noqa: E402  (next to this script: pip's configuration, shared with the probe)
from trustfix_json import dumps  # noqa: E402  (the JSON both probes print; `json` costs more to import)

PY = sys.version_info
STRICT_FLAG = getattr(ssl, "VERIFY_X509_STRICT", 0) if ssl else 0
PARTIAL_FLAG = getattr(ssl, "VERIFY_X509_PARTIAL_CHAIN", 0) if ssl else 0


def text(value):
    try:
        return u"%s" % (value,)
    except Exception:
        return repr(value)


def flags_of(ctx):
    flags = int(getattr(ctx, "verify_flags", 0) or 0)
    return {
        "strict": bool(STRICT_FLAG and flags & STRICT_FLAG),
        "partialChain": bool(PARTIAL_FLAG and flags & PARTIAL_FLAG),
        "minimumVersion": getattr(getattr(ctx, "minimum_version", None), "name", None),
    }


def find_in_causes(exc, match):
    """Depth-first through an exception's reason / __cause__ / __context__ / args (at most 20 steps):
    urllib, requests and pip each wrap the underlying error differently."""
    seen = 0
    stack = [exc]
    while stack and seen < 20:
        seen += 1
        e = stack.pop()
        if e is None:
            continue
        if match(e):
            return e
        for attr in ("reason", "__cause__", "__context__"):
            inner = getattr(e, attr, None)
            if isinstance(inner, BaseException):
                stack.append(inner)
        for arg in getattr(e, "args", ()) or ():
            if isinstance(arg, BaseException):
                stack.append(arg)
    return None


def is_ssl_error(e):
    if ssl is not None and isinstance(e, (ssl.SSLError, getattr(ssl, "CertificateError", ssl.SSLError))):
        return True
    return type(e).__name__ in ("CertificateError", "SSLCertVerificationError")


def is_network_error(e):
    return isinstance(e, (socket.timeout, socket.gaierror)) or (isinstance(e, (OSError, IOError)) and bool(getattr(e, "errno", None)))


def ssl_error_of(exc):
    """The innermost ssl / certificate error under a client's wrapper exceptions, or None."""
    return find_in_causes(exc, is_ssl_error)


def network_error_of(exc):
    return find_in_causes(exc, is_network_error)


def outcome(exc):
    """ok / error record for one attempt. An HTTP status is success: TLS verification passed."""
    if exc is None or isinstance(exc, HTTPError):
        return {"ok": True, "error": None, "sslError": None, "kind": None}
    inner = ssl_error_of(exc)
    if inner is not None:
        return {"ok": False, "error": text(exc), "sslError": text(inner), "kind": "ssl"}
    net = network_error_of(exc)
    if net is not None:
        return {"ok": False, "error": text(exc), "sslError": None, "kind": "network", "errno": getattr(net, "errno", None)}
    # The handshake passed and the server then answered with something that is not HTTP, or hung up:
    # verification succeeded, which is all we ask.
    return {"ok": True, "error": None, "sslError": None, "kind": None, "note": "%s: %s" % (type(exc).__name__, text(exc))}


def default_paths():
    if ssl is None or not hasattr(ssl, "get_default_verify_paths"):
        return {}
    p = ssl.get_default_verify_paths()
    return {"cafile": p.cafile, "capath": p.capath}


def trustfix_extra_cafile():
    """The bundle TrustFix's trustfix-urllib-ca.pth makes this interpreter's default contexts load
    as well (its module is imported at start-up and wraps load_default_certs), when it is active."""
    mod = sys.modules.get("trustfix_urllib_ca")
    cafile = getattr(mod, "CAFILE", None)
    active = getattr(getattr(getattr(ssl, "SSLContext", None), "load_default_certs", None), "_trustfix", False)
    if cafile and active and os.path.isfile(cafile):
        return cafile
    return None
def is_truststore(ctx):
    """truststore.inject_into_ssl() (a start-up .pth, such as TrustFix's trustfix-truststore.pth) replaces
    ssl.SSLContext and urllib3's reference to it: a context the client builds is then truststore's,
    which verifies with the OS store and also trusts what is loaded into it (load_verify_locations)."""
    return type(ctx).__module__.split(".")[0] == "truststore"


def with_os_store(info, sources):
    """The client verifies through truststore: the OS store first, then the files it loads as well."""
    info["truststore"] = True
    info["osStorePaths"] = default_paths()
    return [{"kind": "os-store"}] + [s for s in sources if s.get("kind") != "os-store"]


def urllib_client(url, timeout):
    info = {"client": "urllib", "available": True}
    if ssl is None:
        info.update({"available": False, "missing": "no-ssl"})
        return info
    if sys.platform == "win32":
        info["sources"] = [{"kind": "os-store"}]
        info["steeredBy"] = "default"
    else:
        p = default_paths()
        info["sources"] = [s for s in ([{"kind": "file", "path": p.get("cafile")}] if p.get("cafile") else []) + ([{"kind": "dir", "path": p.get("capath")}] if p.get("capath") else [])]
        info["steeredBy"] = "SSL_CERT_FILE" if os.environ.get("SSL_CERT_FILE") else ("SSL_CERT_DIR" if os.environ.get("SSL_CERT_DIR") else "default")
    if not hasattr(ssl, "create_default_context"):
        # Python < 2.7.9: urllib does not verify certificates at all. Report it; do not imitate it.
        info.update({"verifies": False, "ok": False, "error": "this Python's urllib does not verify certificates", "sslError": None, "kind": "no-verification"})
        return info
    ctx = ssl.create_default_context()
    extra = trustfix_extra_cafile()
    if extra:
        info["sources"].append({"kind": "file", "path": extra})
    if is_truststore(ctx):
        info["sources"] = with_os_store(info, info["sources"])
        info["steeredBy"] = "truststore"
    info["verifies"] = True
    info.update(flags_of(ctx))
    try:
        opener = urlrequest.build_opener(urlrequest.HTTPSHandler(context=ctx))
        req = urlrequest.Request(url, headers={"User-Agent": "trustfix-probe"})
        resp = opener.open(req, timeout=timeout)
        resp.close()
        exc = None
    except Exception as e:  # noqa: BLE001 - every failure is reported, none is hidden
        exc = e
    info.update(outcome(exc))
    return info


def requests_client(url, timeout):
    info = {"client": "requests", "available": True}
    try:
        import requests
    except Exception as e:
        info.update({"available": False, "missing": "not-installed", "detail": text(e)})
        return info
    info["version"] = getattr(requests, "__version__", None)
    try:
        where = requests.certs.where()
    except Exception:
        where = None
    steered = "default"
    verify = where
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        if os.environ.get(name):
            verify, steered = os.environ[name], name
            break
    info["steeredBy"] = steered
    if verify and os.path.isdir(verify):
        info["sources"] = [{"kind": "dir", "path": verify}]
    elif verify:
        info["sources"] = [{"kind": "file", "path": verify}]
    else:
        info["sources"] = []
    try:
        from urllib3.util.ssl_ import create_urllib3_context
        ctx = create_urllib3_context()
        info.update(flags_of(ctx))
        if is_truststore(ctx):
            info["sources"] = with_os_store(info, info["sources"])
            info["steeredBy"] = steered if steered != "default" else "truststore"
    except Exception:
        info.update({"strict": False, "partialChain": False})
    try:
        resp = requests.get(url, timeout=timeout, allow_redirects=False, stream=True, headers={"User-Agent": "trustfix-probe"})
        resp.close()
        exc = None
    except Exception as e:  # noqa: BLE001
        exc = e
    info.update(outcome(exc))
    return info


def find_pip_dir():
    for entry in sys.path:
        candidate = os.path.join(entry or os.getcwd(), "pip")
        if os.path.isfile(os.path.join(candidate, "__init__.py")):
            return candidate
    return None


def pip_version(pip_dir):
    try:
        with open(os.path.join(pip_dir, "__init__.py")) as f:
            m = re.search(r"__version__\s*=\s*['\"]([^'\"]+)['\"]", f.read())
            return m.group(1) if m else None
    except Exception:
        return None


def version_tuple(v):
    out = []
    for part in re.split(r"[.+]", v or "")[:3]:
        m = re.match(r"\d+", part)
        out.append(int(m.group(0)) if m else 0)
    return tuple(out)


def pip_client(url, timeout):
    info = {"client": "pip", "available": True}
    pip_dir = find_pip_dir()
    if not pip_dir or ssl is None:
        info.update({"available": False, "missing": "not-installed" if ssl else "no-ssl"})
        return info
    version = pip_version(pip_dir)
    info["version"] = version
    certifi = os.path.join(pip_dir, "_vendor", "certifi", "cacert.pem")
    cert, steered = trustfix_pipconf.setting("cert")
    deprecated, _ = trustfix_pipconf.setting("use-deprecated")
    truststore = (
        PY >= (3, 10)
        and version_tuple(version) >= (24, 2)
        and "legacy-certs" not in (deprecated or "")
        and os.path.isdir(os.path.join(pip_dir, "_vendor", "truststore"))
    )
    sources = []
    if truststore:
        sources.append({"kind": "os-store"})
        sources.append({"kind": "file", "path": certifi})
    if cert:
        sources.append({"kind": "dir" if os.path.isdir(cert) else "file", "path": cert})
    elif not truststore:
        sources.append({"kind": "file", "path": certifi})
    info["sources"] = sources
    info["truststore"] = bool(truststore)
    info["steeredBy"] = steered or ("truststore" if truststore else "default")
    if truststore:
        info["osStorePaths"] = default_paths()
    exc = None
    try:
        # pip was found on sys.path, so it imports as it is; its folder is put first only when it
        # is not there under its own name (the current folder, ''). Changing sys.path while the
        # other clients run in their threads would change what their own late imports find.
        parent = os.path.dirname(pip_dir)
        if parent not in sys.path and not ("" in sys.path and parent == os.getcwd()):
            sys.path.insert(0, parent)
        if truststore:
            from pip._vendor import truststore as ts
            ctx = ts.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.load_verify_locations(certifi)
            inner = getattr(ctx, "_ctx", ctx)
            info.update(flags_of(inner))
        else:
            from pip._vendor.urllib3.util.ssl_ import create_urllib3_context
            ctx = create_urllib3_context(cert_reqs=ssl.CERT_REQUIRED)
            ctx.check_hostname = True
            info.update(flags_of(ctx))
            if not cert:
                ctx.load_verify_locations(certifi)
            if is_truststore(ctx):  # injected at start-up: pip's vendored urllib3 took truststore's class
                info["sources"] = with_os_store(info, info["sources"])
                info["steeredBy"] = steered or "truststore"
        if cert:
            if os.path.isdir(cert):
                ctx.load_verify_locations(capath=cert)
            else:
                ctx.load_verify_locations(cert)
        handshake(ctx, url, timeout)
    except Exception as e:  # noqa: BLE001
        exc = e
    info.update(outcome(exc))
    return info


def proxy_for(host, scheme="https"):
    try:
        proxies = urlrequest.getproxies()
        bypass = urlrequest.proxy_bypass(host)
    except Exception:
        return None
    if bypass:
        return None
    return proxies.get(scheme)


def handshake(ctx, url, timeout):
    """pip's connection, reduced to what decides trust: TCP (through the proxy with CONNECT, as pip
    does), then the TLS handshake with SNI and hostname checking."""
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 443
    proxy = proxy_for(host)
    if proxy:
        p = urlsplit(proxy if "://" in proxy else "http://" + proxy)
        sock = socket.create_connection((p.hostname, p.port or 8080), timeout)
        target = "[%s]:%d" % (host, port) if ":" in host else "%s:%d" % (host, port)
        sock.sendall(("CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (target, target)).encode("ascii"))
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
        status = head.split(b"\r\n", 1)[0].decode("latin-1")
        if not re.match(r"HTTP/1\.[01] 200", status):
            sock.close()
            raise IOError(111, "proxy refused CONNECT: %s" % status)
    else:
        sock = socket.create_connection((host, port), timeout)
    try:
        tls = ctx.wrap_socket(sock, server_hostname=host)
        tls.close()
    finally:
        sock.close()


def main():
    url = sys.argv[1]
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    report = {
        "python": {
            "executable": sys.executable,
            "version": "%d.%d.%d" % tuple(PY[:3]),
            "implementation": getattr(getattr(sys, "implementation", None), "name", "cpython"),
            "openssl": getattr(ssl, "OPENSSL_VERSION", None) if ssl else None,
            "opensslVersionInfo": list(getattr(ssl, "OPENSSL_VERSION_INFO", ()) or ()) if ssl else [],
            "hasSni": bool(getattr(ssl, "HAS_SNI", False)) if ssl else False,
            "platform": sys.platform,
            # 3.6 and older check the host name in Python, after OpenSSL has verified the chain.
            "hostnameInOpenssl": PY >= (3, 7),
        },
        "url": url,
        "proxy": proxy_for(urlsplit(url).hostname),
        "clients": [],
    }
    # requests is imported here, before the clients start, as it was when the clients ran one after
    # another: what it finds does not depend on how far pip's client has got.
    try:
        import requests  # noqa: F401
    except Exception:  # noqa: BLE001 - requests_client reports it
        pass
    # The three clients connect side by side: against a distant host each attempt is several round
    # trips (TCP, TLS, HTTP), and one after another they tripled the wait. Each has its own context
    # and connection; the report keeps their order.
    clients = (urllib_client, requests_client, pip_client)
    answers = [None] * len(clients)

    def attempt(i, fn):
        try:
            answers[i] = fn(url, timeout)
        except Exception as e:  # noqa: BLE001 - a probe bug must still produce JSON
            answers[i] = {"client": fn.__name__.split("_")[0], "available": False, "missing": "probe-error", "detail": text(e)}

    threads = [threading.Thread(target=attempt, args=(i, fn)) for i, fn in enumerate(clients)]
    for t in threads:
        t.daemon = True
        t.start()
    for t in threads:
        t.join()
    report["clients"] = answers
    sys.stdout.write(dumps(report) + "\n")
    sys.stdout.flush()
