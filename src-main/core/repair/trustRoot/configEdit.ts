// The one line `trust ROOT` sets in each client's own settings file, as pure text edits: every other
// line stays byte for byte (line ends too), the setting is replaced where the client would read it
// (the last occurrence in the right section: the one that wins) or added where the format allows.
// Each format understands only what it needs; the client reads the result back afterwards
// (`git config --get`, `npm config get`, ...), so an edit a format quirk defeats is caught, not trusted.

/** Lines and the file's own line end ('\n' when it has none yet). */
function split(old: string): { lines: string[]; eol: string; endsWithEol: boolean } {
  const eol = /\r\n/.test(old) && old.split('\r\n').length * 2 > old.split('\n').length ? '\r\n' : '\n';
  const body = old.replace(/^\uFEFF/, '');
  const bom = old.length - body.length > 0 ? '\uFEFF' : '';
  const lines = body.length > 0 ? body.split(/\r?\n/) : [];
  const endsWithEol = lines.length > 0 && lines[lines.length - 1] === '';
  if (endsWithEol) lines.pop();
  if (bom && lines.length > 0) lines[0] = bom + lines[0];
  return { lines, eol, endsWithEol };
}

const join = (lines: string[], eol: string): string => (lines.length ? `${lines.join(eol)}${eol}` : '');

/** Adds lines at the end, keeping the old text (and its missing final line end) as it was. */
function appended(old: string, add: string[]): string {
  const { eol } = split(old);
  const sep = old.length > 0 && !old.endsWith('\n') ? eol : '';
  return `${old}${sep}${join(add, eol)}`;
}

/** Replaces line `at` (keeping everything else byte for byte, the final line end included). */
function replacedLine(old: string, at: number, line: string): string {
  const { lines, eol, endsWithEol } = split(old);
  lines[at] = line;
  return endsWithEol ? join(lines, eol) : lines.join(eol);
}

function insertedAfter(old: string, at: number, add: string[]): string {
  const { lines, eol, endsWithEol } = split(old);
  lines.splice(at + 1, 0, ...add);
  return endsWithEol || at + 1 >= lines.length - add.length ? join(lines, eol) : lines.join(eol);
}

/** A double-quoted value with backslash escapes (curl, git, TOML basic strings all read these). */
export const dq = (v: string): string => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

// --- curl: ~/.curlrc ------------------------------------------------------------------------------
// curl(1) --config: "cacert = value", "cacert value" or "--cacert value"; the last one read wins.
const CURL_CACERT = /^\s*(--)?cacert(\s*[=:]\s*|\s+)\S/;

export function setCurlrcCacert(old: string, path: string): string {
  const line = `cacert = ${dq(path)}`;
  const { lines } = split(old);
  const at = lines.map((l) => CURL_CACERT.test(l)).lastIndexOf(true);
  if (at >= 0) return replacedLine(old, at, line);
  return appended(old, ['# TrustFix (`trustfix history`): the CA bundle curl verifies servers with', line]);
}

// --- git: the global config file ------------------------------------------------------------------
// git-config(1): sections "[http]" (names case-insensitive), "key = value", a value in double quotes
// with \\ and \" escapes; the last value wins. A URL subsection ([http "https://x"]) is not touched.
const sectionOf = (line: string): string | null => {
  const m = /^\s*\[([^\]]*)\]\s*([#;].*)?$/.exec(line);
  return m ? m[1]!.trim() : null;
};

/** `line` in a section of an INI-like file: it replaces the last line `isKey` matches in the (last)
 * section whose header `isOurs` accepts, else goes right under that header, else `newSection` (its
 * header, then `line`) is added at the end. */
function setInSection(
  old: string,
  headerOf: (line: string) => string | null,
  isOurs: (name: string) => boolean,
  isKey: (line: string) => boolean,
  line: string,
  newSection: string[],
): string {
  const { lines } = split(old);
  let inSection = false;
  let header = -1;
  let at = -1;
  lines.forEach((l, i) => {
    const name = headerOf(l);
    if (name !== null) {
      inSection = isOurs(name);
      if (inSection) header = i;
      return;
    }
    if (inSection && isKey(l)) at = i;
  });
  if (at >= 0) return replacedLine(old, at, line);
  if (header >= 0) return insertedAfter(old, header, [line]);
  return appended(old, newSection);
}

export function setGitConfig(old: string, section: string, key: string, value: string): string {
  const keyRe = new RegExp(`^\\s*${key}\\s*(=|$|[#;])`, 'i');
  const line = `\t${key} = ${dq(value)}`;
  return setInSection(
    old,
    sectionOf,
    (s) => s.toLowerCase() === section.toLowerCase(),
    (l) => keyRe.test(l),
    line,
    [`[${section}]`, line],
  );
}

// --- npm: ~/.npmrc --------------------------------------------------------------------------------
// npm's ini reader: "key=value" before any [section]; a value in double quotes is read as JSON.
const npmValue = (v: string): string =>
  /^[^\s"';#\\$][^;#"\\$]*[^\s;#"\\$]$|^[^\s"';#\\$]$/.test(v) ? v : JSON.stringify(v);

export function setNpmrc(old: string, key: string, value: string): string {
  const { lines } = split(old);
  const keyRe = new RegExp(`^\\s*${key}\\s*=`);
  let at = -1;
  for (const [i, l] of lines.entries()) {
    if (sectionOf(l) !== null) break;
    if (keyRe.test(l)) at = i;
  }
  const line = `${key}=${npmValue(value)}`;
  return at >= 0 ? replacedLine(old, at, line) : appended(old, [line]);
}

// --- TOML: uv.toml (top level) and poetry's config.toml ([certificates.NAME]) -----------------------
const tomlKey = (k: string): string => (/^[A-Za-z0-9_-]+$/.test(k) ? k : dq(k));

/** `key = raw` at the top level (before the first table), replacing the key's line if it is there. */
export function setTomlTopLevel(old: string, key: string, raw: string): string {
  const { lines } = split(old);
  const keyRe = new RegExp(`^\\s*${key.replace(/-/g, '\\-')}\\s*=`);
  let firstTable = -1;
  for (const [i, l] of lines.entries()) {
    if (/^\s*\[/.test(l)) {
      firstTable = i;
      break;
    }
    if (keyRe.test(l)) return replacedLine(old, i, `${key} = ${raw}`);
  }
  if (firstTable < 0) return appended(old, [`${key} = ${raw}`]);
  if (firstTable === 0) {
    const { eol } = split(old);
    return `${key} = ${raw}${eol}${eol}${old}`;
  }
  return insertedAfter(old, firstTable - 1, [`${key} = ${raw}`]);
}

/** `cert = "path"` in table [certificates.NAME] (poetry config.toml), or its dotted form at the top. */
export function setPoetryCert(old: string, name: string, path: string): string {
  const table = `certificates.${tomlKey(name)}`;
  const tableOf = (l: string): string | null => {
    const m = /^\s*\[([^[\]]+)\]\s*(#.*)?$/.exec(l);
    return m ? m[1]!.replace(/\s*\.\s*/g, '.').trim() : null;
  };
  const line = `cert = ${dq(path)}`;
  return setInSection(
    old,
    tableOf,
    (t) => t === table,
    (l) => /^\s*cert\s*=/.test(l),
    line,
    [...(old.length > 0 ? [''] : []), `[${table}]`, line],
  );
}

// --- conda: .condarc (YAML, top-level scalar) -------------------------------------------------------
const yamlScalar = (v: string): string =>
  /^[A-Za-z0-9_./-]+$/.test(v) && !/^(true|false|yes|no|on|off|null|~)$/i.test(v) ? v : `'${v.replace(/'/g, "''")}'`;

export function setCondarc(old: string, key: string, value: string): string {
  const { lines } = split(old);
  const keyRe = new RegExp(`^${key}\\s*:`);
  const at = lines.map((l) => keyRe.test(l)).lastIndexOf(true);
  const line = `${key}: ${yamlScalar(value)}`;
  if (at >= 0) {
    // A block value (the next lines indented) is not a scalar TrustFix understands: refuse by throwing.
    if (/^\S+\s*:\s*(#.*)?$/.test(lines[at]!) && /^\s+\S/.test(lines[at + 1] ?? ''))
      throw new Error(`${key} holds a block value`);
    return replacedLine(old, at, line);
  }
  return appended(old, [line]);
}

// --- AWS: ~/.aws/config (INI; [default] or [profile NAME]) ------------------------------------------
export const awsSection = (profile: string): string => (profile === 'default' ? 'default' : `profile ${profile}`);

export function setAwsConfig(old: string, profile: string, key: string, value: string): string {
  const want = awsSection(profile);
  const keyRe = new RegExp(`^\\s*${key}\\s*=`);
  const line = `${key} = ${value}`;
  return setInSection(
    old,
    sectionOf,
    (s) => s.replace(/\s+/g, ' ') === want,
    (l) => keyRe.test(l),
    line,
    [`[${want}]`, line],
  );
}
