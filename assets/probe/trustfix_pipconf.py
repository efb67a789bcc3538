# pip's configuration, read the way pip reads it, for both probes (trustfix_probe.py: where pip's
# settings come from; connect.py: what pip would use for this connection). Runs unchanged on Python
# 2.7 through 3.14 and imports neither configparser nor re (the probe's start-up budget).
import os
import sys

# The settings TrustFix needs. pip reads [global], then the command's own section ([install]).
KEYS = ("cert", "use-feature", "use-deprecated", "isolated")


def read_text(path):
    """The file as text (UTF-8, bad bytes replaced), or None when it cannot be read."""
    try:
        f = open(path, "rb")
        try:
            return f.read().decode("utf-8", "replace")
        finally:
            f.close()
    except Exception:
        return None


def config_files():
    """(kind, path) in the order pip loads them (later files win), and whether PIP_CONFIG_FILE is
    os.devnull, which makes pip skip every file. As pip's configuration.py: global, then user
    (unless PIP_CONFIG_FILE names an existing file), then site, then PIP_CONFIG_FILE itself."""
    windows = sys.platform == "win32"
    base = "pip.ini" if windows else "pip.conf"
    home = os.path.expanduser("~")
    files = []
    if windows:
        files.append(("global", os.path.join(os.environ.get("ALLUSERSPROFILE", os.environ.get("PROGRAMDATA", "C:\\ProgramData")), "pip", base)))
    elif sys.platform == "darwin":
        files.append(("global", os.path.join("/Library/Application Support/pip", base)))
    else:
        for d in (os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(os.pathsep):
            if d:
                files.append(("global", os.path.join(d, "pip", base)))
        files.append(("global", os.path.join("/etc", base)))
    config_file = os.environ.get("PIP_CONFIG_FILE")
    if not (config_file and os.path.exists(config_file)):
        files.append(("user", os.path.join(home, "pip" if windows else ".pip", base)))
        if windows:
            user_dir = os.path.join(os.environ.get("APPDATA", os.path.join(home, "AppData", "Roaming")), "pip")
        elif sys.platform == "darwin":
            user_dir = os.path.join(home, "Library", "Application Support", "pip")
            if not os.path.isdir(user_dir):
                user_dir = os.path.join(home, ".config", "pip")
        else:
            user_dir = os.path.join(os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config"), "pip")
        files.append(("user", os.path.join(user_dir, base)))
    files.append(("site", os.path.join(sys.prefix, base)))
    if config_file:
        files.append(("env", config_file))
    return files, config_file == os.devnull


def read_ini(path):
    """The [global] and [install] values pip reads, parsed as RawConfigParser would for these keys
    (`key = value` or `key: value`, # and ; comments, indented continuation lines), without
    importing configparser and re."""
    text = read_text(path)
    if text is None:
        raise IOError("unreadable")
    values = {}
    section = None
    last = None
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if raw[:1] in (" ", "\t") and last:
            values[last] = (values[last] + "\n" + stripped).strip()
            continue
        last = None
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip().lower()
            continue
        cut = [i for i in (stripped.find("="), stripped.find(":")) if i > 0]
        if not cut or section not in ("global", "install"):
            continue
        key = stripped[: min(cut)].strip().lower().replace("_", "-")
        if key in KEYS:
            last = section + "." + key
            values[last] = stripped[min(cut) + 1 :].strip()
    return values


def from_files(name):
    """The value pip's configuration files give `name` (a key of KEYS) and the file it came from: the
    last file that sets it, [install] over [global] within a file; (None, None) when none does."""
    files, skipped = config_files()
    found = (None, None)
    if skipped:
        return found
    for _kind, path in files:
        if not os.path.isfile(path):
            continue
        try:
            values = read_ini(path)
        except Exception:
            continue
        for section in ("global", "install"):
            if section + "." + name in values:
                found = (values[section + "." + name], "pip.conf:" + path)
    return found


def setting(name):
    """What pip would use for `name` (a key of KEYS) and where it came from: the PIP_<NAME>
    environment variable, else the last file that sets it ([install] over [global] within a file)."""
    variable = "PIP_" + name.upper().replace("-", "_")
    if os.environ.get(variable):
        return os.environ[variable], variable
    return from_files(name)


if __name__ == "__main__":
    # `python trustfix_pipconf.py KEY`: TrustFix's read-back after it set pip's `cert`. Prints the value
    # pip's configuration files give KEY (an empty line when none does), as pip reads them here.
    _value = from_files(sys.argv[1])[0] or u""
    if sys.version_info[0] >= 3:
        sys.stdout.write(_value + "\n")
    else:
        sys.stdout.write((_value + u"\n").encode("utf-8"))
    sys.stdout.flush()
