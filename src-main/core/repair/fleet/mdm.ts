// `trustfix plan trust ROOT --for mdm`: for a Mac fleet.
//
// - trustfix-root.mobileconfig: the root as a configuration profile (core/certs/mobileconfig.ts: one
//   com.apple.security.root payload whose PayloadContent is the DER, in a Configuration profile of
//   PayloadScope System; https://developer.apple.com/documentation/devicemanagement/certificateroot).
//   The MDM installs it into the System keychain as trusted; its undo is removing the profile in
//   the MDM (or `sudo profiles remove -identifier <id>` on a Mac that has it by hand).
// - user-settings.sh and undo-user-settings.sh: what a profile cannot set, the clients' own
//   settings, for a Jamf policy script (run as root: it applies to the user logged in at the
//   console) or for the user to run. Clients that use the keychains need nothing: pip >= 24.2
//   (truststore), Apple's curl (Secure Transport / the keychains), git built against it, uv with
//   system-certs, conda's truststore. python.org's Pythons (certifi), requests, node and npm read
//   their own bundles, so they get either the root's own file ('root-file', for NODE_EXTRA_CA_CERTS,
//   which adds to node's roots) or a bundle exported from the keychains ('system-bundle':
//   `security find-certificate -a -p` of SystemRootCertificates.keychain and System.keychain, the
//   export docs/macos.md already gives for --system-store), because a setting like REQUESTS_CA_BUNDLE
//   or pip's `cert` replaces the client's roots and must hold every root, not the new one alone.
//   That export lists the certificates in those keychains whatever their trust settings (a root an
//   admin marked "Never Trust" is in it), and only at the time it runs: the script compares it with
//   the keychains each run and writes it again when they changed.
// Variables go into a marked block in ~/.zprofile (zsh is macOS's login shell since 10.15): new
// Terminal sessions get them; apps started from the Dock or Finder do not read it.
import { rootProfile } from '../../certs/mobileconfig.ts';
import { asciiComment, checked, pemOf, requireOs, rootFacts, splitSettings, type RootFacts } from './artifactFacts.ts';
import type { Artifact, FleetPlan, Generator } from './types.ts';

/** A POSIX shell single-quoted word. */
const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export const MAC_DIR = '/Library/Application Support/TrustFix';

function macValue(v: string, facts: RootFacts, plan: FleetPlan): string {
  if (v === 'root-file') return `${MAC_DIR}/${plan.root.fileName}`;
  if (v === 'system-bundle') return `${MAC_DIR}/fleet/${facts.sha16}/ca-bundle.pem`;
  return v;
}

/** The line each format wants (the same rules as the Windows scripts' Format-SettingLine). */
function formatLine(kind: string, key: string, value: string): string {
  const bare = value === 'true' || value === 'false';
  const dq = `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  if (kind === 'git-config') return `\t${key} = ${dq}`;
  if (kind === 'toml') return `${key} = ${bare ? value : dq}`;
  if (kind === 'yaml') return `${key}: ${bare ? value : `'${value.replace(/'/g, "''")}'`}`;
  return `${key} = ${value}`;
}

/** A user-relative path as a shell word: `~/x` is the target user's home, not root's. */
function shPath(file: string): string {
  return file.startsWith('~/') ? `"$TARGET_HOME"/${sq(file.slice(2))}` : sq(file);
}

// One line of a settings file set in place: the key's line in its section replaced, else added after
// the section's header (a new section at the end; a top-level key before the first section). Every
// other line is kept. Values come through the environment, so awk's -v escape processing never
// touches a backslash.
export const AWK_SET = String.raw`function lc(s) { return ic ? tolower(s) : s }
function keymatch(s,   t) {
  t = s
  if (kind != "yaml") sub(/^[ \t]+/, "", t)
  if (lc(substr(t, 1, length(key))) != lc(key)) return 0
  t = substr(t, length(key) + 1)
  sub(/^[ \t]+/, "", t)
  return substr(t, 1, 1) == (kind == "yaml" ? ":" : "=")
}
BEGIN { kind = ENVIRON["TF_KIND"]; sec = ENVIRON["TF_SECTION"]; key = ENVIRON["TF_KEY"]; line = ENVIRON["TF_LINE"]; ic = (kind == "git-config"); n = 0; first = 0; hdr = 0; found = 0; cur = "" }
{
  n++; L[n] = $0
  if (kind != "yaml" && $0 ~ /^[ \t]*\[[^]]+\][ \t]*([#;].*)?$/) {
    h = $0; sub(/^[ \t]*\[[ \t]*/, "", h); sub(/[ \t]*\].*$/, "", h); cur = h
    if (!first) first = n
    if (sec != "" && lc(cur) == lc(sec)) hdr = n
    next
  }
  insec = (sec == "") ? (first == 0) : (hdr > 0 && lc(cur) == lc(sec))
  if (insec && keymatch($0)) { L[n] = line; found = 1 }
}
END {
  for (i = 1; i <= n; i++) {
    if (!found && sec == "" && first == i) print line
    print L[i]
    if (!found && sec != "" && hdr == i) print line
  }
  if (!found && sec == "" && first == 0) print line
  if (!found && sec != "" && hdr == 0) { print "[" sec "]"; print line }
}`;

// The marked block of variables in ~/.zprofile: any earlier block of this root removed, the new one
// appended.
export const AWK_BLOCK = String.raw`BEGIN { b = ENVIRON["TF_BEGIN"]; e = ENVIRON["TF_END"]; skip = 0 }
$0 == b { skip = 1; next }
$0 == e { skip = 0; next }
!skip { print }
END { printf "%s", ENVIRON["TF_BLOCK"] }`;

function preamble(plan: FleetPlan, facts: RootFacts, title: string, lines: string[]): string {
  return `#!/bin/sh
# ${title}
# Root: ${asciiComment(plan.root.name)}
# SHA-256: ${facts.sha256}
# Written by TrustFix ${asciiComment(plan.trustfixVersion)} on ${asciiComment(plan.generatedAt)}.
${lines.map((l) => (l ? `# ${l}` : '#')).join('\n')}
set -eu
umask 022

SHA16=${facts.sha16}
TRUSTFIX_DIR=${sq(MAC_DIR)}
MACHINE_BACKUP="$TRUSTFIX_DIR/fleet/$SHA16/backup"

fail() { echo "TrustFix: $*"; exit 1; }

# Jamf runs policy scripts as root: the settings are then the console user's. Run by a user, their own.
if [ "$(/usr/bin/id -u)" = 0 ]; then
  TARGET_USER=$(/usr/bin/stat -f %Su /dev/console)
  case "$TARGET_USER" in root | loginwindow | _mbsetupuser | "") fail "no user is logged in at the console; nothing done" ;; esac
else
  TARGET_USER=$(/usr/bin/id -un)
fi
TARGET_HOME=$(/usr/bin/dscl . -read "/Users/$TARGET_USER" NFSHomeDirectory | /usr/bin/sed -n 's/^NFSHomeDirectory: //p')
[ -d "$TARGET_HOME" ] || fail "no home folder for $TARGET_USER"
USER_BACKUP="$TARGET_HOME/Library/Application Support/TrustFix/fleet/$SHA16/backup"

as_user() {
  if [ "$(/usr/bin/id -u)" = 0 ] && [ "$TARGET_USER" != root ]; then /usr/bin/sudo -u "$TARGET_USER" -H "$@"; else "$@"; fi
}
`;
}

export const mdmArtifacts: Generator = (plan: FleetPlan): Artifact[] => {
  requireOs(plan, 'mdm', 'darwin');
  const facts = rootFacts(plan);
  const split = splitSettings(plan);
  const rows = [
    ...split.osStore.map((s) => `${s.client}: reads the keychains (${s.why})`),
    ...split.env.map(
      (e) => `${e.setting.client}: ~/.zprofile ${e.name}=${macValue(e.value, facts, plan)} (${e.setting.why})`,
    ),
    ...split.files.map(
      (f) =>
        `${f.setting.client}: ${f.file} ${f.section ? `[${f.section}] ` : ''}${f.key} = ${macValue(f.value, facts, plan)} (${f.setting.why})`,
    ),
  ].map(asciiComment);
  const pem = pemOf(facts.der);
  const b64 = facts.der.toString('base64');
  const begin = `# >>> trustfix fleet ${facts.sha16} >>>`;
  const end = `# <<< trustfix fleet ${facts.sha16} <<<`;
  const block =
    split.env.length === 0
      ? ''
      : `${begin}\n${split.env.map((e) => `export ${e.name}=${sq(macValue(e.value, facts, plan))}`).join('\n')}\n${end}\n`;

  const fileSteps = split.files
    .map(
      (f) =>
        `set_line ${shPath(f.file)} ${sq(f.kind)} ${sq(f.section)} ${sq(f.key)} ${sq(formatLine(f.kind, f.key, macValue(f.value, facts, plan)))}`,
    )
    .join('\n');
  const steps = `${block ? `set_block "$TARGET_HOME/.zprofile" ${sq(begin)} ${sq(end)} ${sq(block)}\n` : ''}${fileSteps}`;

  const apply = `${preamble(plan, facts, 'TrustFix fleet: the root file and per-user client settings (macOS)', [
    'Deliver trustfix-root.mobileconfig first: this script needs the root in the keychains.',
    'Jamf: a policy script (runs as root; applies to the user at the console), or run by the user.',
    'Exit 0: every setting in place and read back. Exit 1: not (the reason on the last line).',
    'Writes only what differs. What it replaces is saved the first time, with a manifest, under',
    '/Library/Application Support/TrustFix/fleet/<sha16>/backup (root files) and',
    '~/Library/Application Support/TrustFix/fleet/<sha16>/backup (the user); undo-user-settings.sh puts it back.',
    '',
    'Settings in this plan:',
    ...rows,
  ])}
ROOT_FILE="$TRUSTFIX_DIR/"${sq(plan.root.fileName)}
BUNDLE_FILE="$TRUSTFIX_DIR/fleet/$SHA16/ca-bundle.pem"
NEEDS_BUNDLE=${split.needsBundle ? 1 : 0}
NEEDS_ROOT_FILE=${split.needsRootFile ? 1 : 0}
ROOT_B64=${sq(b64)}
TMP=$(/usr/bin/mktemp -d /tmp/trustfix-fleet.XXXXXX)
trap '/bin/rm -rf "$TMP"' EXIT
/bin/chmod 755 "$TMP"

keychain_pem() {
  /usr/bin/security find-certificate -a -p /System/Library/Keychains/SystemRootCertificates.keychain /Library/Keychains/System.keychain
}

# record DIR file|dir PATH RUNAS: what PATH is now, saved the first time only (a later run must not
# save TrustFix's own state over the state before it).
record() {
  _dir=$1 _type=$2 _path=$3 _who=$4
  _run=""
  if [ "$_who" = user ]; then _run=as_user; fi
  # Whether PATH is there is read before the backup folder is made: that folder may be inside it.
  _existed=0
  if [ -e "$_path" ]; then _existed=1; fi
  $_run /bin/mkdir -p "$_dir"
  if [ -f "$_dir/manifest.tsv" ] && /usr/bin/awk -F '\\t' -v t="$_type" -v p="$_path" '$1 == t && $2 == p { f = 1 } END { if (f) exit 0; exit 1 }' "$_dir/manifest.tsv"; then return 0; fi
  _n=$( (/bin/cat "$_dir/manifest.tsv" 2>/dev/null || true) | /usr/bin/wc -l | /usr/bin/tr -d ' ')
  _backup=""
  if [ "$_type" = file ] && [ "$_existed" = 1 ]; then
    _backup="file-$_n.bak"
    $_run /bin/cp -p "$_path" "$_dir/$_backup"
  fi
  printf '%s\\t%s\\t%s\\t%s\\n' "$_type" "$_path" "$_existed" "$_backup" | $_run /usr/bin/tee -a "$_dir/manifest.tsv" >/dev/null
}

# put FILE CONTENT-FILE WHO: FILE gets CONTENT-FILE's bytes when they differ, its folders made and recorded.
put() {
  _file=$1 _new=$2 _who=$3
  if [ -f "$_file" ] && /usr/bin/cmp -s "$_file" "$_new"; then return 0; fi
  if [ "$CHECK_ONLY" = 1 ]; then
    GAPS="$GAPS $_file;"
    return 0
  fi
  if [ "$_who" = user ]; then _bk=$USER_BACKUP _run=as_user; else _bk=$MACHINE_BACKUP _run=""; fi
  _missing="" _p=$(/usr/bin/dirname "$_file")
  while [ ! -d "$_p" ]; do _missing="$_p
$_missing"; _p=$(/usr/bin/dirname "$_p"); done
  printf '%s' "$_missing" | while IFS= read -r _d; do [ -n "$_d" ] && record "$_bk" dir "$_d" "$_who" && $_run /bin/mkdir -p "$_d"; done
  record "$_bk" file "$_file" "$_who"
  /bin/chmod 644 "$_new"
  $_run /bin/cp "$_new" "$_file"
  /usr/bin/cmp -s "$_file" "$_new" || fail "$_file does not read back as written"
  CHANGES=$((CHANGES + 1))
}

set_line() {
  _file=$1
  STEP=$((STEP + 1))
  _out="$TMP/step-$STEP"
  if [ -f "$_file" ]; then _in=$_file; else _in=/dev/null; fi
  TF_KIND=$2 TF_SECTION=$3 TF_KEY=$4 TF_LINE=$5 /usr/bin/awk ${sq(AWK_SET)} "$_in" >"$_out"
  put "$_file" "$_out" user
}

set_block() {
  _file=$1
  STEP=$((STEP + 1))
  _out="$TMP/step-$STEP"
  if [ -f "$_file" ]; then _in=$_file; else _in=/dev/null; fi
  TF_BEGIN=$2 TF_END=$3 TF_BLOCK=$4 /usr/bin/awk ${sq(AWK_BLOCK)} "$_in" >"$_out"
  put "$_file" "$_out" user
}

machine_part() {
  keychain_pem >"$TMP/keychains.pem" || fail "could not read the keychains"
  /usr/bin/tr -d '\\n' <"$TMP/keychains.pem" | /usr/bin/grep -qF "$ROOT_B64" ||
    fail "the root is not in the System keychain yet: deliver trustfix-root.mobileconfig first"
  if [ "$NEEDS_ROOT_FILE" = 1 ] || [ "$NEEDS_BUNDLE" = 1 ]; then
    if [ "$(/usr/bin/id -u)" != 0 ]; then
      [ -f "$ROOT_FILE" ] && { [ "$NEEDS_BUNDLE" = 0 ] || /usr/bin/cmp -s "$BUNDLE_FILE" "$TMP/keychains.pem"; } ||
        fail "$TRUSTFIX_DIR needs root to be written: run this as root (a Jamf policy does) once"
      return 0
    fi
    /bin/cat >"$TMP/root.pem" <<'TRUSTFIX_PEM'
${pem}TRUSTFIX_PEM
    put "$ROOT_FILE" "$TMP/root.pem" root
    if [ "$NEEDS_BUNDLE" = 1 ]; then put "$BUNDLE_FILE" "$TMP/keychains.pem" root; fi
  fi
  return 0
}

CHANGES=0
STEP=0
CHECK_ONLY=0
GAPS=""
if [ "\${1:-}" = --check ]; then CHECK_ONLY=1; fi
machine_part
${steps}
if [ "$CHECK_ONLY" = 1 ]; then
  [ -z "$GAPS" ] || fail "not in place:$GAPS"
  echo "TrustFix: in place for $TARGET_USER ($SHA16)"
  exit 0
fi
echo "TrustFix: in place for $TARGET_USER ($SHA16), $CHANGES change(s) made"
exit 0
`;

  const undo = `${preamble(plan, facts, 'TrustFix fleet: undo user-settings.sh (macOS)', [
    'Puts back, from the manifests user-settings.sh wrote, every file byte for byte (removed if it made it)',
    'and removes the folders it made when they are empty. Run it the same way (as root for the console user).',
    'The root itself leaves the Macs when the profile is removed in the MDM.',
  ])}
DONE=0
# undo_dir DIR WHO: the manifest's lines, last first.
undo_dir() {
  _dir=$1 _who=$2
  _run=""
  if [ "$_who" = user ]; then _run=as_user; fi
  [ -f "$_dir/manifest.tsv" ] || return 0
  /usr/bin/awk '{ l[NR] = $0 } END { for (i = NR; i > 0; i--) print l[i] }' "$_dir/manifest.tsv" >"$_dir/.reverse"
  while IFS="$(printf '\\t')" read -r _type _path _existed _backup; do
    case "$_type" in
      file)
        if [ "$_existed" = 1 ]; then $_run /bin/cp "$_dir/$_backup" "$_path"; else $_run /bin/rm -f "$_path"; fi
        DONE=$((DONE + 1)) ;;
      dir)
        if [ "$_existed" = 0 ]; then printf '%s\\n' "$_path" >>"$_dir/.dirs"; fi ;;
    esac
  done <"$_dir/.reverse"
  # Folders last, innermost first, each only when empty: the backup folder may be inside one.
  _dirs=$(/bin/cat "$_dir/.dirs" 2>/dev/null || true)
  $_run /bin/rm -rf "$_dir"
  $_run /bin/rmdir "$(/usr/bin/dirname "$_dir")" "$(/usr/bin/dirname "$(/usr/bin/dirname "$_dir")")" 2>/dev/null || true
  if [ -n "$_dirs" ]; then
    printf '%s\\n' "$_dirs" | while IFS= read -r _d; do $_run /bin/rmdir "$_d" 2>/dev/null || true; done
  fi
}
undo_dir "$USER_BACKUP" user
if [ "$(/usr/bin/id -u)" = 0 ]; then undo_dir "$MACHINE_BACKUP" root; fi
echo "TrustFix: undone for $TARGET_USER ($SHA16), $DONE file(s) put back"
exit 0
`;

  const profileId = `dev.trustfix.root.${facts.sha16}`;
  const readme = `TrustFix fleet plan for a Mac MDM (Jamf Pro, Intune for macOS, Kandji, ...)
Root: ${asciiComment(plan.root.name)}
SHA-256: ${facts.sha256}

trustfix-root.mobileconfig   The root as a configuration profile: one Certificate payload
                             (PayloadType com.apple.security.root, the root's DER), PayloadScope System,
                             PayloadIdentifier ${profileId}. Unsigned: the MDM signs what it delivers.
                             Upload it as a custom profile (Jamf: Configuration Profiles > Upload;
                             Intune: Devices > macOS > Configuration > Custom).
user-settings.sh             The clients' own settings, which a profile cannot set. A Jamf policy
                             script (runs as root, applies to the user at the console) after the
                             profile is installed; or run by the user. --check only reports.
undo-user-settings.sh        Puts back what user-settings.sh changed, byte for byte, from its manifests.

Undo of the profile: remove it in the MDM (unscope or delete it); the Mac then removes the root.
On a Mac where it was installed by hand: sudo profiles remove -identifier ${profileId}
Run undo-user-settings.sh first while the settings' files are still in place.

Settings:
${rows.map((r) => `  ${r}`).join('\n')}
`;
  return checked([
    { path: 'trustfix-root.mobileconfig', content: rootProfile(facts.der, facts.sha256, plan.root.name) },
    { path: 'user-settings.sh', content: apply, mode: 0o755 },
    { path: 'undo-user-settings.sh', content: undo, mode: 0o755 },
    { path: 'README.txt', content: readme },
  ]);
};
