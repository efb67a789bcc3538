# TrustFix probe (run through probe.py): prints one JSON object describing where this interpreter's HTTPS clients
# (urllib's ssl default context, requests, pip) read their trust from. Runs unchanged on
# Python 2.7 through 3.14. It imports only what `import ssl, certifi` costs anyway: requests and
# pip are never imported (importing requests pulls in urllib3 and charset detection); their
# versions and bundle locations are read from their files instead. TrustFix applies the
# overrides (environment, pip config) in TypeScript, where they can be tested without a Python.
import os
import sys

import trustfix_pipconf  # pip's configuration, shared with connect.py; next to this file
from trustfix_json import dumps as _enc, text as _text  # the JSON both probes print

# probe.py let Python cache the bytecode of these modules (ours, in our folder); the user's
# choice holds for everything else.
sys.dont_write_bytecode = getattr(sys, "_trustfix_saved_dwb", sys.dont_write_bytecode)

PROBE_VERSION = 1
OUT = {"probe": PROBE_VERSION, "warnings": []}


_read = trustfix_pipconf.read_text


def _version_in(path):
    text = _read(path)
    if not text:
        return None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("__version__") and "=" in line:
            value = line.split("=", 1)[1].strip()
            if value[:1] in ("'", '"'):
                return value.strip("'\"").strip()
    return None


# --- the interpreter ---------------------------------------------------------------------------
OUT["executable"] = _text(sys.executable)
OUT["version"] = "%d.%d.%d" % tuple(sys.version_info[:3])
if sys.version_info[3] != "final":
    OUT["version"] += "%s%d" % ({"alpha": "a", "beta": "b", "candidate": "rc"}.get(sys.version_info[3], ""), sys.version_info[4])
_impl = getattr(sys, "implementation", None)
OUT["implementation"] = _impl.name if _impl else ("pypy" if "__pypy__" in sys.builtin_module_names else "cpython")
OUT["platform"] = sys.platform
OUT["prefix"] = _text(sys.prefix)
OUT["basePrefix"] = _text(getattr(sys, "base_prefix", getattr(sys, "real_prefix", sys.prefix)))
OUT["isVenv"] = OUT["prefix"] != OUT["basePrefix"] or hasattr(sys, "real_prefix")

# --- ssl: what urllib's default context loads --------------------------------------------------
try:
    import ssl

    OUT["openssl"] = ssl.OPENSSL_VERSION
    OUT["hasSni"] = bool(getattr(ssl, "HAS_SNI", False))
    if hasattr(ssl, "get_default_verify_paths"):
        p = ssl.get_default_verify_paths()
        OUT["verifyPaths"] = {
            "cafile": _text(p.cafile),
            "capath": _text(p.capath),
            "opensslCafileEnv": p.openssl_cafile_env,
            "opensslCafile": _text(p.openssl_cafile),
            "opensslCapathEnv": p.openssl_capath_env,
            "opensslCapath": _text(p.openssl_capath),
        }
    # TrustFix's trustfix-urllib-ca.pth (imported at start-up) adds a bundle to the default contexts.
    _tf = sys.modules.get("trustfix_urllib_ca")
    _tf_cafile = getattr(_tf, "CAFILE", None)
    if _tf_cafile and getattr(getattr(getattr(ssl, "SSLContext", None), "load_default_certs", None), "_trustfix", False) and os.path.isfile(_tf_cafile):
        OUT["trustfixUrllibCa"] = _text(_tf_cafile)
    OUT["hasWindowsStores"] = hasattr(ssl, "enum_certificates")
    # truststore.inject_into_ssl() replaces ssl.SSLContext (and urllib3's reference to it): then urllib
    # and requests verify with the OS store. A start-up .pth (TrustFix's trustfix-truststore.pth) does
    # it in every process of this interpreter, this probe's included: ask the class, not the files.
    OUT["sslContextModule"] = getattr(getattr(ssl, "SSLContext", None), "__module__", None)
    OUT["hasDefaultContext"] = hasattr(ssl, "create_default_context")
except Exception as e:  # an interpreter built without OpenSSL still gets an answer
    OUT["sslError"] = "%s: %s" % (type(e).__name__, e)

# --- packages, found the way `import` would find them -------------------------------------------
paths = []
_here = os.path.dirname(os.path.abspath(__file__))
for entry in sys.path:
    entry = entry or os.getcwd()
    if os.path.abspath(entry) == _here:  # the probe's own folder is not where packages live
        continue
    if entry not in paths and os.path.isdir(entry):
        paths.append(entry)
OUT["sitePackages"] = [_text(d) for d in paths if os.path.basename(d) in ("site-packages", "dist-packages")]
# The user site folder counts even before it exists: creating it changes what imports find.
OUT["userSite"] = _text(getattr(sys.modules.get("site"), "USER_SITE", None))


def _find(package):
    """The folder of a top-level package, first on sys.path; also the dist-info version next to it."""
    for d in paths:
        candidate = os.path.join(d, package)
        if os.path.isfile(os.path.join(candidate, "__init__.py")):
            return candidate, d
    return None, None


def _dist_version(site_dir, name):
    try:
        for entry in os.listdir(site_dir):
            low = entry.lower()
            for suffix in (".dist-info", ".egg-info"):
                if low.endswith(suffix) and low.startswith(name + "-"):
                    return entry[len(name) + 1 : -len(suffix)].split("-")[0]
    except Exception:
        pass
    return None


# certifi: imported for real, as `import ssl, certifi` would: distributions patch where()
# (Debian and Fedora return the system bundle), so the answer must come from the code itself.
try:
    import certifi

    OUT["certifi"] = {"version": getattr(certifi, "__version__", None), "where": _text(certifi.where()), "module": _text(os.path.dirname(certifi.__file__))}
except ImportError:
    OUT["certifi"] = None
except Exception as e:
    OUT["certifi"] = {"error": "%s: %s" % (type(e).__name__, e)}

# requests: run requests/certs.py alone (it is `from certifi import where` plus, in old or
# distribution-patched copies, a where() of its own) without importing requests itself.
req_dir, req_site = _find("requests")
if req_dir:
    info = {"module": _text(req_dir), "version": _version_in(os.path.join(req_dir, "__version__.py")) or _version_in(os.path.join(req_dir, "__init__.py"))}
    certs_py = os.path.join(req_dir, "certs.py")
    source = _read(certs_py)
    if source is not None:
        try:
            ns = {"__name__": "requests.certs", "__file__": certs_py, "__package__": "requests"}
            exec(compile(source, certs_py, "exec"), ns)
            info["where"] = _text(ns["where"]())
        except Exception as e:
            try:  # a certs.py with relative imports: the slow, exact way
                import requests.certs

                info["where"] = _text(requests.certs.where())
                info["imported"] = True
            except Exception as e2:
                info["error"] = "%s: %s / %s: %s" % (type(e).__name__, e, type(e2).__name__, e2)
    OUT["requests"] = info
else:
    OUT["requests"] = None


def _vendored_where(certifi_dir):
    """pip's vendored certifi.where(), read from core.py: the file next to it unless a
    distribution patched where() to return a fixed path (Debian returns the system bundle)."""
    core = os.path.join(certifi_dir, "core.py")
    text = _read(core)
    default = os.path.join(certifi_dir, "cacert.pem")
    if text is None:
        return default, "default"
    at = text.rfind("def where(")
    if at < 0:
        return default, "default"
    body = []
    for line in text[at:].splitlines()[1:]:
        if line.strip() and not line.startswith((" ", "\t")):
            break
        body.append(line.strip())
    returns = [b[len("return ") :].strip() for b in body if b.startswith("return ")]
    if len(returns) == 1:
        value = returns[0]
        if value[:1] in ("'", '"') and value[-1:] == value[:1]:
            return value[1:-1], "patched"
        for line in text.splitlines():  # return NAME, with NAME = "literal" at module level
            if line.startswith(value) and "=" in line and line.split("=", 1)[0].strip() == value:
                literal = line.split("=", 1)[1].strip()
                if literal[:1] in ("'", '"') and literal[-1:] == literal[:1]:
                    return literal[1:-1], "patched"
    return default, "default"


pip_dir, pip_site = _find("pip")
if pip_dir:
    info = {"module": _text(pip_dir), "version": _version_in(os.path.join(pip_dir, "__init__.py"))}
    vendored = os.path.join(pip_dir, "_vendor", "certifi")
    if os.path.isfile(os.path.join(vendored, "__init__.py")):
        where, how = _vendored_where(vendored)
        info["certifiWhere"] = _text(where)
        info["certifiWhereFrom"] = how
        info["certifiVersion"] = _version_in(os.path.join(vendored, "__init__.py"))
    elif os.path.isfile(os.path.join(pip_dir, "_vendor", "requests", "cacert.pem")):
        info["certifiWhere"] = _text(os.path.join(pip_dir, "_vendor", "requests", "cacert.pem"))
        info["certifiWhereFrom"] = "requests"
    else:  # debundled pip (some distributions): it uses the system's certifi
        info["certifiWhere"] = OUT["certifi"] and OUT["certifi"].get("where")
        info["certifiWhereFrom"] = "debundled"
    info["vendoredTruststore"] = os.path.isfile(os.path.join(pip_dir, "_vendor", "truststore", "__init__.py"))
    OUT["pip"] = info
else:
    OUT["pip"] = None

ts_dir, ts_site = _find("truststore")
OUT["truststore"] = {"module": _text(ts_dir), "version": _dist_version(ts_site, "truststore")} if ts_dir else None
psc_dir, psc_site = _find("pip_system_certs")
if psc_dir:
    pth = [d for d in paths if os.path.isfile(os.path.join(d, "pip_system_certs.pth"))]
    OUT["pipSystemCerts"] = {"module": _text(psc_dir), "version": _dist_version(psc_site, "pip_system_certs") or _dist_version(psc_site, "pip-system-certs"), "active": bool(pth)}
else:
    OUT["pipSystemCerts"] = None

# --- the environment that steers them ----------------------------------------------------------
NAMES = ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "PIP_CERT", "PIP_CONFIG_FILE", "PIP_USE_FEATURE", "PIP_USE_DEPRECATED", "PIP_ISOLATED")
OUT["env"] = dict((n, _text(os.environ[n])) for n in NAMES if n in os.environ)


# --- pip's configuration files, in the order pip loads them (later files win) -------------------
configs = []
if OUT["pip"]:
    files, skipped = trustfix_pipconf.config_files()
    OUT["pipConfigSkipped"] = skipped
    for kind, path in files:
        entry = {"kind": kind, "path": _text(path), "exists": os.path.isfile(path)}
        if entry["exists"] and not skipped:
            try:
                entry["values"] = dict((k, _text(v)) for k, v in trustfix_pipconf.read_ini(path).items())
            except Exception as e:
                entry["error"] = "%s: %s" % (type(e).__name__, e)
        configs.append(entry)
OUT["pipConfig"] = configs

out = _enc(OUT) + "\n"
if sys.version_info[0] >= 3:
    sys.stdout.buffer.write(out.encode("utf-8"))
else:
    sys.stdout.write(out)
sys.stdout.flush()
