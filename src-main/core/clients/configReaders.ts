// Small, careful readers for the few settings files TrustFix learns trust settings from: each takes
// the text (read through certs/regularFile.ts by the caller) and returns entries with their line
// (1-based), never throws, and understands only as much of the format as the keys it is asked for
// need. Unknown syntax is skipped, not guessed at.

export interface Entry {
  key: string;
  value: string;
  line: number;
}

function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

// --- curl ---------------------------------------------------------------------------------------
// curl(1) --config: one option per line, the long name with or without "--"; without dashes the value
// may follow "=" or ":"; a value with spaces is double-quoted, where \\ \" \t \n \r \v are escapes and
// a backslash before any other letter is dropped; a line whose first non-blank is "#" is a comment.

/** Options that take a value, and the short options this reader understands. */
const CURL_VALUED = new Set(['cacert', 'capath', 'proxy-cacert', 'config']);
const CURL_SHORT: Record<string, string> = { k: 'insecure', K: 'config' };

function curlQuoted(s: string): string {
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') break;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = s[++i];
    if (n === undefined) break;
    out += ({ t: '\t', n: '\n', r: '\r', v: '\v', '\\': '\\', '"': '"' } as Record<string, string>)[n] ?? n;
  }
  return out;
}

export function parseCurlrc(text: string): Entry[] {
  const out: Entry[] = [];
  lines(text).forEach((raw, i) => {
    const s = raw.trim();
    if (!s || s.startsWith('#')) return;
    const m = /^(-{0,2})([A-Za-z0-9][\w-]*)(.*)$/.exec(s);
    if (!m) return;
    const [, dashes, rawName, restRaw] = m as unknown as [string, string, string, string];
    const name = dashes === '-' ? (CURL_SHORT[rawName[0]!] ?? `-${rawName}`) : rawName;
    if (!CURL_VALUED.has(name)) {
      out.push({ key: name, value: '', line: i + 1 });
      return;
    }
    let rest = restRaw.trimStart();
    if (!dashes && (rest.startsWith('=') || rest.startsWith(':'))) rest = rest.slice(1).trimStart();
    const value = rest.startsWith('"') ? curlQuoted(rest) : (rest.split(/\s/)[0] ?? '');
    out.push({ key: name, value, line: i + 1 });
  });
  return out;
}

// --- TOML (uv.toml, pyproject.toml, poetry's config.toml) ----------------------------------------
// Tables ([a.b]), dotted and quoted keys, and scalar values: basic and literal strings, booleans,
// numbers. Arrays and inline tables are skipped (multi-line arrays included); array tables ([[x]])
// are skipped as a whole, since none of the keys asked for live in one.

function tomlKeyPath(s: string): string[] | undefined {
  const parts: string[] = [];
  let rest = s.trim();
  while (rest) {
    let m: RegExpExecArray | null;
    if ((m = /^"((?:[^"\\]|\\.)*)"/.exec(rest))) parts.push(m[1]!.replace(/\\(.)/g, '$1'));
    else if ((m = /^'([^']*)'/.exec(rest))) parts.push(m[1]!);
    else if ((m = /^[A-Za-z0-9_-]+/.exec(rest))) parts.push(m[0]);
    else return undefined;
    rest = rest.slice(m[0].length).trim();
    if (!rest) break;
    if (!rest.startsWith('.')) return undefined;
    rest = rest.slice(1).trim();
  }
  return parts.length ? parts : undefined;
}

const TOML_ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

/** A scalar at the start of `s`: its text, or undefined for what this reader skips. */
function tomlScalar(s: string): string | undefined {
  if (s.startsWith('"""') || s.startsWith("'''")) return undefined;
  if (s.startsWith('"')) {
    let out = '';
    for (let i = 1; i < s.length; i++) {
      const c = s[i]!;
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const n = s[++i] ?? '';
      if (n === 'u' || n === 'U') {
        const len = n === 'u' ? 4 : 8;
        out += String.fromCodePoint(Number.parseInt(s.slice(i + 1, i + 1 + len), 16) || 0xfffd);
        i += len;
      } else out += TOML_ESCAPES[n] ?? n;
    }
    return undefined;
  }
  if (s.startsWith("'")) {
    const end = s.indexOf("'", 1);
    return end > 0 ? s.slice(1, end) : undefined;
  }
  const m = /^(true|false|[+-]?[0-9][0-9_.eE+-]*)(\s*(#.*)?)$/.exec(s);
  return m ? m[1] : undefined;
}

/** Entries with their full dotted key ("tool.uv.native-tls", "certificates.corp.cert"). */
export function parseToml(text: string): Entry[] {
  const out: Entry[] = [];
  let table: string[] | null = [];
  let depth = 0; // open brackets of a multi-line array or inline table being skipped
  lines(text).forEach((raw, i) => {
    const s = raw.trim();
    if (depth > 0) {
      depth += (s.match(/[[{]/g)?.length ?? 0) - (s.match(/[\]}]/g)?.length ?? 0);
      return;
    }
    if (!s || s.startsWith('#')) return;
    if (s.startsWith('[[')) {
      table = null;
      return;
    }
    if (s.startsWith('[')) {
      const end = s.indexOf(']');
      table = end > 0 ? (tomlKeyPath(s.slice(1, end)) ?? null) : null;
      return;
    }
    if (!table) return;
    const eq = s.search(/=(?=(?:[^"']|"[^"]*"|'[^']*')*$)/);
    if (eq <= 0) return;
    const key = tomlKeyPath(s.slice(0, eq));
    const valueText = s.slice(eq + 1).trim();
    if (!key) return;
    if (valueText.startsWith('[') || valueText.startsWith('{')) {
      depth = (valueText.match(/[[{]/g)?.length ?? 0) - (valueText.match(/[\]}]/g)?.length ?? 0);
      return;
    }
    const value = tomlScalar(valueText);
    if (value !== undefined) out.push({ key: [...table, ...key].join('.'), value, line: i + 1 });
  });
  return out;
}

// --- INI (~/.aws/config, .npmrc) --------------------------------------------------------------------
// "[section]" headers, "key = value" lines, comments starting with "#" or ";". Keys keep their case;
// a value keeps everything after the first "=" (trimmed), including inner spaces.

export interface IniEntry extends Entry {
  section: string;
}

export function parseIni(text: string): IniEntry[] {
  const out: IniEntry[] = [];
  let section = '';
  lines(text).forEach((raw, i) => {
    const s = raw.trim();
    if (!s || s.startsWith('#') || s.startsWith(';')) return;
    const header = /^\[(.*)\]$/.exec(s);
    if (header) {
      section = header[1]!.trim();
      return;
    }
    const eq = s.indexOf('=');
    if (eq <= 0) return;
    out.push({ section, key: s.slice(0, eq).trim(), value: s.slice(eq + 1).trim(), line: i + 1 });
  });
  return out;
}

/** An npmrc value as npm's ini reader gives it: a double-quoted value is JSON, a single-quoted one is
 * taken as is; "${NAME}" is replaced from the environment (npm docs, npmrc: "Environment variables
 * can be replaced using ${VARIABLE_NAME}"). */
export function npmrcValue(value: string, env: Readonly<Record<string, string | undefined>>): string {
  let v = value;
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) {
    try {
      v = JSON.parse(v) as string;
    } catch {
      v = v.slice(1, -1);
    }
  } else if (v.startsWith("'") && v.endsWith("'") && v.length >= 2) v = v.slice(1, -1);
  return v.replace(/\$\{([^${}?]+)\}/g, (_m, name: string) => env[name] ?? '');
}

// --- .condarc (YAML) --------------------------------------------------------------------------------
// Only top-level "key: scalar" lines are read (the keys asked for are scalars); quotes are removed,
// a trailing "#!final" or comment dropped.

export function parseYamlTopLevel(text: string): Entry[] {
  const out: Entry[] = [];
  lines(text).forEach((raw, i) => {
    if (!raw || /^\s/.test(raw) || raw.startsWith('#') || raw.startsWith('-')) return;
    const m = /^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$/.exec(raw.trimEnd());
    if (!m) return;
    let value = (m[2] ?? '').trim();
    if (value.startsWith('"')) {
      const end = value.indexOf('"', 1);
      value = end > 0 ? value.slice(1, end) : value.slice(1);
    } else if (value.startsWith("'")) {
      const end = value.indexOf("'", 1);
      value = end > 0 ? value.slice(1, end) : value.slice(1);
    } else value = value.replace(/\s+#.*$/, '').trim();
    out.push({ key: m[1]!, value, line: i + 1 });
  });
  return out;
}
